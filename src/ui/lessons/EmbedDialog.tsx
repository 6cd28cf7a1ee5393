// The "Embed" dialog: choose what a course page's frame shows (scenario, language, controls, views, autoplay, speed,
// theme, size; embed-api.md), see it live in a preview frame, and copy the iframe HTML. The snippet is shown as text
// in a read-only field.
import { useRef, useState } from 'react';
import type { Lang } from '../../scenario/types';
import { text, useLang, useT } from '../i18n';
import { ALL_VIEWS, type ControlsMode, type Theme, useStore, type ViewName } from '../store';
import { viewDef } from '../views/registry';
import { Dialog } from './Dialog';
import { type LessonKey, useLT } from './strings';
import { embedStep, useIndex } from './useLessons';

/** What the frame is asked for beyond scenario, language and step; each left at its default is left out of the URL. */
export interface EmbedOptions {
  controls?: ControlsMode;
  views?: ViewName[];
  autoplay?: boolean;
  speed?: number;
  theme?: Theme;
  width?: number;
  height?: number;
  /** the iframe's title attribute (a frame needs an accessible name) */
  title?: string;
}

export const SPEEDS = [0.5, 1, 2, 4];
const SIZES: [number, number][] = [
  [960, 600],
  [800, 600],
  [720, 540],
  [390, 700],
];

/** The frame's address: embed.html next to `pageUrl`; `id` null gives an empty cluster. */
export function embedUrl(pageUrl: string, id: string | null, lang: Lang, step: number, o: EmbedOptions = {}): string {
  const u = new URL('embed.html', pageUrl); // drops the page's own query and hash
  const q: string[] = id === null ? [`lang=${lang}`] : [`scenario=${encodeURIComponent(id)}`, `lang=${lang}`, `step=${step}`];
  if (o.controls && o.controls !== 'player') q.push(`controls=${o.controls}`);
  if (o.views && o.views.length && o.views.length < ALL_VIEWS.length) q.push(`views=${ALL_VIEWS.filter((v) => o.views!.includes(v)).join(',')}`);
  if (o.autoplay) q.push('autoplay=1');
  if (o.speed !== undefined && o.speed !== 1) q.push(`speed=${o.speed}`);
  if (o.theme && o.theme !== 'system') q.push(`theme=${o.theme}`);
  return `${u.origin}${u.pathname}?${q.join('&')}`;
}

const attr = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/** The iframe HTML for embed.html next to `pageUrl`. */
export function embedSnippet(pageUrl: string, id: string | null, lang: Lang, step: number, o: EmbedOptions = {}): string {
  const src = embedUrl(pageUrl, id, lang, step, o).replace(/"/g, '%22');
  const title = o.title ? ` title="${attr(o.title)}"` : '';
  return `<iframe src="${src}" width="${o.width ?? 960}" height="${o.height ?? 600}"${title} style="border:0"></iframe>`;
}

const clampSize = (v: number, lo: number, hi: number, dflt: number) => (Number.isFinite(v) && v > 0 ? Math.max(lo, Math.min(hi, Math.round(v))) : dflt);

export function EmbedDialog({ onClose }: { onClose: () => void }) {
  const lt = useLT();
  const t = useT();
  const appLang = useLang();
  const scenario = useStore((s) => s.scenario);
  const step = useStore((s) => embedStep(s));
  const lessons = useIndex('lessons');
  const scenarios = useIndex('scenarios');
  const [copy, setCopy] = useState<'idle' | 'copied' | 'failed'>('idle');
  const area = useRef<HTMLTextAreaElement>(null);
  const openId = scenario?.id ?? null;
  const known = (st: typeof lessons, id: string | null) => st.status === 'ok' && id !== null && st.entries.some((e) => e.id === id);
  const openBuiltin = known(lessons, openId) || known(scenarios, openId);
  // the choices: null = the open scenario, '' = an empty cluster, else a built-in id; the language follows the app until chosen
  const [chosen, setChosen] = useState<string | null>(null);
  const [langSel, setLang] = useState<Lang | null>(null);
  const [controls, setControls] = useState<ControlsMode>('player');
  const [views, setViews] = useState<ViewName[]>(ALL_VIEWS);
  const [autoplay, setAutoplay] = useState(false);
  const [speed, setSpeed] = useState(1);
  const [theme, setTheme] = useState<Theme>('system');
  const [width, setWidth] = useState(960);
  const [height, setHeight] = useState(600);
  const lang = langSel ?? appLang;
  const id = chosen === null ? openId : chosen === '' ? null : chosen;
  const isOpen = chosen === null || chosen === openId;
  const builtin = isOpen ? openBuiltin : true;
  const pending = id !== null && isOpen && !openBuiltin && (lessons.status === 'loading' || scenarios.status === 'loading');
  const w = clampSize(width, 240, 1920, 960),
    h = clampSize(height, 240, 1200, 600);
  const opts: EmbedOptions = { controls, views, autoplay, speed, theme, width: w, height: h, title: lt('embedFrameTitle') };
  const atStep = isOpen ? step : 0;
  const frameId = id === null || builtin ? id : 'your-scenario.json'; // a template: the id alone would not load
  const snippet = embedSnippet(location.href, frameId, lang, frameId === id ? atStep : 0, opts);
  const preview = embedUrl(location.href, builtin ? id : null, lang, atStep, opts);
  const entryTitle = (e: { title: Parameters<typeof text>[0] }) => text(e.title, appLang);
  const entry = [lessons, scenarios].flatMap((st) => (st.status === 'ok' ? st.entries : [])).find((e) => e.id === id);
  const shownTitle = (isOpen ? text(scenario?.title, lang) : '') || (entry ? text(entry.title, lang) : '') || id || '';
  // the preview fits the dialog: scaled down when the frame is wider than the room
  const room = Math.max(200, Math.min(700, (typeof innerWidth === 'number' ? innerWidth : 800) - 60));
  const scale = Math.min(1, room / w);
  const doCopy = async () => {
    try {
      if (!navigator.clipboard) throw new Error('no clipboard');
      // a browser may leave the write pending (a permission never asked, a page not focused): after 2 s the text is
      // selected for copying by hand, as when it fails
      await Promise.race([
        navigator.clipboard.writeText(snippet),
        new Promise((_, no) => setTimeout(() => no(new Error('the clipboard did not answer')), 2000)),
      ]);
      setCopy('copied');
    } catch {
      area.current?.focus();
      area.current?.select();
      setCopy('failed');
    }
  };
  const toggleView = (v: ViewName, on: boolean) =>
    setViews((cur) => {
      const next = on ? ALL_VIEWS.filter((x) => x === v || cur.includes(x)) : cur.filter((x) => x !== v);
      return next.length ? next : cur; // at least one view
    });
  const sel = (value: string, onChange: (v: string) => void, options: [string, LessonKey][], label: LessonKey, testId: string) => (
    <label>
      {lt(label)}
      <select value={value} onChange={(e) => onChange(e.target.value)} data-testid={testId}>
        {options.map(([v, k]) => (
          <option key={v} value={v}>
            {lt(k)}
          </option>
        ))}
      </select>
    </label>
  );
  return (
    <Dialog title={lt('embedHeading')} onClose={onClose} className="embed-dialog" testId="embed-dialog">
      {id === null && <p>{lt('embedNone')}</p>}
      {id !== null && builtin && (
        <p>{lt('embedHelp', { title: shownTitle, step: frameId === id ? atStep : 0, langName: lt(lang === 'zh' ? 'langName_zh' : 'langName_en') })}</p>
      )}
      {id !== null && !builtin && !pending && (
        <p className="note" data-testid="embed-not-builtin">
          {lt('embedNotBuiltin', { id })}
        </p>
      )}
      <fieldset className="embed-options">
        <label>
          {lt('embedScenario')}
          <select value={chosen ?? openId ?? ''} onChange={(e) => setChosen(e.target.value)} data-testid="embed-scenario">
            <option value="">{lt('embedEmpty')}</option>
            {openId !== null && !openBuiltin && <option value={openId}>{lt('embedYours', { id: openId })}</option>}
            {lessons.status === 'ok' && (
              <optgroup label={lt('embedLessonsGroup')}>
                {lessons.entries.map((e) => (
                  <option key={e.id} value={e.id}>
                    {entryTitle(e)}
                  </option>
                ))}
              </optgroup>
            )}
            {scenarios.status === 'ok' && (
              <optgroup label={lt('embedScenariosGroup')}>
                {scenarios.entries.map((e) => (
                  <option key={e.id} value={e.id}>
                    {entryTitle(e)}
                  </option>
                ))}
              </optgroup>
            )}
          </select>
        </label>
        {sel(
          lang,
          (v) => setLang(v as Lang),
          [
            ['en', 'langName_en'],
            ['zh', 'langName_zh'],
          ],
          'embedLanguage',
          'embed-lang',
        )}
        {sel(
          controls,
          (v) => setControls(v as ControlsMode),
          [
            ['player', 'embedControlsPlayer'],
            ['full', 'embedControlsFull'],
            ['none', 'embedControlsNone'],
          ],
          'embedControls',
          'embed-controls',
        )}
        {sel(
          theme,
          (v) => setTheme(v as Theme),
          [
            ['system', 'embedThemeSystem'],
            ['light', 'embedThemeLight'],
            ['dark', 'embedThemeDark'],
          ],
          'embedTheme',
          'embed-theme',
        )}
        <label>
          {lt('embedSpeed')}
          <select value={speed} onChange={(e) => setSpeed(Number(e.target.value))} data-testid="embed-speed">
            {SPEEDS.map((s) => (
              <option key={s} value={s}>
                {s}×
              </option>
            ))}
          </select>
        </label>
        <label className="check">
          <input type="checkbox" checked={autoplay} onChange={(e) => setAutoplay(e.target.checked)} data-testid="embed-autoplay" /> {lt('embedAutoplay')}
        </label>
        <div role="group" aria-label={lt('embedViews')} className="embed-views" data-testid="embed-views">
          <span className="group-label" aria-hidden="true">
            {lt('embedViews')}
          </span>
          {ALL_VIEWS.map((v) => (
            <label key={v} className="check">
              <input type="checkbox" checked={views.includes(v)} onChange={(e) => toggleView(v, e.target.checked)} data-view={v} /> {t(viewDef(v)!.label)}
            </label>
          ))}
        </div>
        <div role="group" aria-label={lt('embedSize')} className="embed-size">
          <span className="group-label" aria-hidden="true">
            {lt('embedSize')}
          </span>
          {SIZES.map(([sw, sh]) => (
            <button
              key={`${sw}x${sh}`}
              type="button"
              aria-pressed={w === sw && h === sh}
              onClick={() => {
                setWidth(sw);
                setHeight(sh);
              }}
            >
              {sw} × {sh}
            </button>
          ))}
          <label>
            {lt('embedWidth')}{' '}
            <input type="number" min={240} max={1920} value={width} onChange={(e) => setWidth(Number(e.target.value))} data-testid="embed-width" />
          </label>
          <label>
            {lt('embedHeight')}{' '}
            <input type="number" min={240} max={1200} value={height} onChange={(e) => setHeight(Number(e.target.value))} data-testid="embed-height" />
          </label>
        </div>
      </fieldset>
      <label className="snippet-label">
        {lt('snippet')}
        <textarea
          ref={area}
          readOnly
          value={snippet}
          rows={3}
          spellCheck={false}
          data-testid="embed-snippet"
          data-autofocus=""
          onFocus={(e) => e.currentTarget.select()}
        />
      </label>
      <div className="buttons">
        <button type="button" onClick={() => void doCopy()} data-testid="embed-copy">
          {lt('copy')}
        </button>
        <span role="status" className="hint" data-testid="embed-copy-status">
          {copy === 'copied' ? lt('copied') : copy === 'failed' ? lt('copyFailed') : ''}
        </span>
      </div>
      <h3 className="embed-preview-head">
        {lt('embedPreview')}{' '}
        <span className="hint">
          {w} × {h}
          {scale < 1 ? ` · ${lt('embedPreviewScale', { pct: Math.round(scale * 100) })}` : ''}
        </span>
      </h3>
      <div className="embed-preview" style={{ width: w * scale, height: h * scale }}>
        <iframe
          src={preview}
          width={w}
          height={h}
          title={`${lt('embedPreview')}: ${lt('embedFrameTitle')}`}
          data-testid="embed-preview"
          style={{ border: 0, transform: scale < 1 ? `scale(${scale})` : undefined, transformOrigin: '0 0' }}
        />
      </div>
    </Dialog>
  );
}
