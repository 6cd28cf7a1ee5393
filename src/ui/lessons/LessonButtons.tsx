// The header's "Lessons" and "Embed" buttons and the dialogs they open.
import { EmbedDialog } from './EmbedDialog';
import { LessonPicker } from './LessonPicker';
import { useLessonDialog } from './pickerState';
import { useProgress } from './progress';
import { useLT } from './strings';
import './lessons.css';

export function LessonButtons() {
  const lt = useLT();
  const { open, setOpen } = useLessonDialog();
  const done = useProgress((s) => Object.values(s.progress).filter((p) => p.done).length);
  return (
    <span className="buttons lesson-buttons">
      <button
        type="button"
        className="lessons-button"
        title={lt('lessonsTitle')}
        aria-haspopup="dialog"
        aria-expanded={open === 'lessons'}
        onClick={() => setOpen('lessons')}
        data-testid="open-lessons"
      >
        {lt('lessons')}
        {done > 0 ? ` (${done}✓)` : ''}
      </button>
      <button
        type="button"
        title={lt('embedTitle')}
        aria-haspopup="dialog"
        aria-expanded={open === 'embed'}
        onClick={() => setOpen('embed')}
        data-testid="open-embed"
      >
        {'</>'} {lt('embed')}
      </button>
      {open === 'lessons' && <LessonPicker onClose={() => setOpen(null)} />}
      {open === 'embed' && <EmbedDialog onClose={() => setOpen(null)} />}
    </span>
  );
}
