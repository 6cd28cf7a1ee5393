// The learner's progress per lesson, remembered in localStorage under 'kafka-anatomy-progress':
// { [lessonId]: { step: furthest step index reached (-1: opened, nothing run), steps: the lesson's step count, done } }.
import { create } from 'zustand';

export const PROGRESS_KEY = 'kafka-anatomy-progress';

export interface LessonProgress {
  /** the furthest step index reached (0-based); -1 when the lesson was opened but no step ran */
  step: number;
  /** the lesson's number of steps when last seen */
  steps: number;
  /** the learner reached the end of the lesson at least once */
  done: boolean;
}

export type ProgressMap = Record<string, LessonProgress>;

function read(): ProgressMap {
  try {
    const raw = JSON.parse(localStorage.getItem(PROGRESS_KEY) ?? '{}') as unknown;
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return {};
    const out: ProgressMap = {};
    for (const [id, v] of Object.entries(raw as Record<string, unknown>)) {
      if (typeof v !== 'object' || v === null) continue;
      const o = v as Record<string, unknown>;
      const step = typeof o.step === 'number' && Number.isInteger(o.step) ? o.step : -1;
      const steps = typeof o.steps === 'number' && Number.isInteger(o.steps) ? o.steps : 0;
      out[id] = { step, steps, done: o.done === true };
    }
    return out;
  } catch {
    return {};
  }
}

function write(p: ProgressMap): void {
  try {
    localStorage.setItem(PROGRESS_KEY, JSON.stringify(p));
  } catch {
    /* storage full or unavailable: progress lives for this page only */
  }
}

interface ProgressState {
  progress: ProgressMap;
  /** Records that the learner is at `step` of lesson `id` (only ever moves forward), and whether at its end. */
  record(id: string, step: number, steps: number, atEnd: boolean): void;
  /** Re-reads localStorage (another tab may have written it). */
  reload(): void;
  clear(): void;
}

export const useProgress = create<ProgressState>()((set, get) => ({
  progress: read(),
  record: (id, step, steps, atEnd) => {
    const old = get().progress[id];
    const next: LessonProgress = {
      step: Math.max(old?.step ?? -1, step),
      steps,
      done: (old?.done ?? false) || atEnd,
    };
    if (old && old.step === next.step && old.steps === next.steps && old.done === next.done) return;
    const progress = { ...get().progress, [id]: next };
    write(progress);
    set({ progress });
  },
  reload: () => set({ progress: read() }),
  clear: () => {
    write({});
    set({ progress: {} });
  },
}));

if (typeof window !== 'undefined') {
  window.addEventListener('storage', (e) => {
    if (e.key === PROGRESS_KEY || e.key === null) useProgress.getState().reload();
  });
}
