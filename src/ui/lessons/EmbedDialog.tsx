// The "Embed" dialog: the iframe HTML that shows the current lesson, at the current step, in a course
// page (embed-api.md), with a copy button. The snippet is shown as text in a read-only field.
import { useRef, useState } from 'react';
import type { Lang } from '../../scenario/types';
import { text, useLang } from '../i18n';
import { useStore } from '../store';
import { Dialog } from './Dialog';
import { useLT } from './strings';
import { embedStep, useIndex } from './useLessons';

/** The iframe HTML for embed.html next to `pageUrl`; `id` null gives an empty cluster. */
export function embedSnippet(pageUrl: string, id: string | null, lang: Lang, step: number): string {
  const u = new URL('embed.html', pageUrl); // drops the page's own query and hash
  const q = id === null ? `lang=${lang}` : `scenario=${encodeURIComponent(id)}&lang=${lang}&step=${step}`;
  const src = `${u.origin}${u.pathname}?${q}`.replace(/"/g, '%22');
  return `<iframe src="${src}" width="960" height="600" style="border:0"></iframe>`;
}

export function EmbedDialog({ onClose }: { onClose: () => void }) {
  const lt = useLT();
  const lang = useLang();
  const scenario = useStore((s) => s.scenario);
  const step = useStore((s) => embedStep(s));
  const lessons = useIndex('lessons');
  const scenarios = useIndex('scenarios');
  const [copy, setCopy] = useState<'idle' | 'copied' | 'failed'>('idle');
  const area = useRef<HTMLTextAreaElement>(null);
  const id = scenario?.id ?? null;
  const known = (st: typeof lessons) => st.status === 'ok' && id !== null && st.entries.some((e) => e.id === id);
  const builtin = known(lessons) || known(scenarios);
  const pending = id !== null && !builtin && (lessons.status === 'loading' || scenarios.status === 'loading');
  const snippet = id === null || builtin ? embedSnippet(location.href, id, lang, step) : embedSnippet(location.href, 'your-scenario.json', lang, 0); // a template: the id alone would not load
  const title = text(scenario?.title, lang) || id || '';
  const doCopy = async () => {
    try {
      if (!navigator.clipboard) throw new Error('no clipboard');
      await navigator.clipboard.writeText(snippet);
      setCopy('copied');
    } catch {
      area.current?.focus();
      area.current?.select();
      setCopy('failed');
    }
  };
  return (
    <Dialog title={lt('embedHeading')} onClose={onClose} className="embed-dialog" testId="embed-dialog">
      {id === null && <p>{lt('embedNone')}</p>}
      {id !== null && builtin && <p>{lt('embedHelp', { title, step, langName: lt(lang === 'zh' ? 'langName_zh' : 'langName_en') })}</p>}
      {id !== null && !builtin && !pending && <p className="note" data-testid="embed-not-builtin">{lt('embedNotBuiltin', { id })}</p>}
      <label className="snippet-label">{lt('snippet')}
        <textarea ref={area} readOnly value={snippet} rows={4} spellCheck={false} data-testid="embed-snippet" data-autofocus=""
          onFocus={(e) => e.currentTarget.select()} />
      </label>
      <div className="buttons">
        <button type="button" onClick={() => void doCopy()} data-testid="embed-copy">{lt('copy')}</button>
        <span role="status" className="hint" data-testid="embed-copy-status">{copy === 'copied' ? lt('copied') : copy === 'failed' ? lt('copyFailed') : ''}</span>
      </div>
    </Dialog>
  );
}
