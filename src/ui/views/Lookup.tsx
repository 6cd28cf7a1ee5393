// Finding an offset in a replica's log, step by step (design/stage.md, "Offset lookup"): the segment (a binary
// search over base offsets), the sparse index entry (a binary search), then the scan of the .log from that byte.
// The stage's lookup beats pace it; a cursor walks the probes of each binary search.
import { easeCubicInOut, interpolateNumber } from 'd3';
import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import { command } from '../actions';
import { hl, useHighlighted } from '../focus';
import { useT } from '../i18n';
import { useStageT } from '../i18n/stage';
import { currentBeat, useDirector, useStage } from '../stage/director';
import type { BeatOf } from '../stage/types';
import { useStore } from '../store';

interface LookupDump {
  topic: string;
  partition: number;
  offset: number;
  broker: number | null;
  segment: string | null;
  indexEntry: { offset: number; position: number } | null;
  scannedBytes: number;
  position: number | null;
  error: string | null;
  segmentsProbed?: number[];
  indexProbed?: { offset: number; position: number }[];
  scanned?: { baseOffset?: number; lastOffset?: number; position?: number; sizeBytes?: number }[];
}

const NONE: LookupDump[] = [];
const file = (base: number) => String(base).padStart(20, '0') + '.log';
const STAGES = ['segments', 'index', 'scan', 'result'] as const;

/** Where the lookup is: which stage (0..3) and how far into it; 3 and 1 when no lookup beat plays. */
function useLookupBeat(topic: string, partition: number): { stage: number; p: number; playing: boolean } {
  useStage((s) => {
    const c = currentBeat(s);
    return c?.beat.kind === 'lookup' ? s.now : -1;
  });
  const c = currentBeat(useStage.getState());
  const b = c?.beat.kind === 'lookup' ? (c.beat as BeatOf<'lookup'>) : null;
  if (!b || b.topic !== topic || b.partition !== partition) return { stage: 3, p: 1, playing: false };
  return { stage: STAGES.indexOf(b.stage), p: c!.p, playing: true };
}

/** The chip a cursor stands on at progress p over a list of probes (the last probe is the answer). */
function cursorAt(rects: (DOMRect | null)[], p: number): { x: number; y: number } | null {
  const pts = rects.filter((r): r is DOMRect => r !== null);
  if (pts.length === 0) return null;
  const f = Math.min(1, p / 0.85) * (pts.length - 1);
  const k = Math.min(pts.length - 2, Math.floor(f));
  if (pts.length === 1) return { x: pts[0].x + pts[0].width / 2, y: pts[0].y };
  const e = easeCubicInOut(f - k);
  const a = pts[k],
    b = pts[Math.min(pts.length - 1, k + 1)];
  return { x: interpolateNumber(a.x + a.width / 2, b.x + b.width / 2)(e), y: interpolateNumber(a.y, b.y)(e) };
}

export function Lookup({
  topic,
  partition,
  broker,
  segments,
}: {
  topic: string;
  partition: number;
  broker: string | undefined;
  segments: { baseOffset: number }[];
}) {
  const t = useT();
  const st = useStageT();
  const lookups = useStore((s) => (s.dump?.lookups as LookupDump[] | undefined) ?? NONE);
  const reduced = useStore((s) => s.prefs.reducedMotion);
  const [offset, setOffset] = useState(0);
  useDirector();
  let idx = -1;
  for (let i = lookups.length - 1; i >= 0; i--)
    if (lookups[i].topic === topic && lookups[i].partition === partition) {
      idx = i;
      break;
    }
  const l = idx >= 0 ? lookups[idx] : undefined;
  const { stage, p, playing } = useLookupBeat(topic, partition);
  const lit = useHighlighted(idx >= 0 ? `lookups.${idx}` : 'lookups', true);
  const root = useRef<HTMLDivElement | null>(null);
  // in sight when a lookup plays
  useEffect(() => {
    if (playing) root.current?.scrollIntoView?.({ block: 'start', behavior: reduced ? 'auto' : 'smooth' });
  }, [playing, reduced]);
  // the chips each binary search probes, then the one it settles on: the path the cursor walks
  const probes = l?.segmentsProbed ?? [];
  const chosenSeg = segments.find((s) => l && l.segment === file(s.baseOffset))?.baseOffset;
  const chosenIdx = (l?.indexProbed ?? []).findIndex((e) => l?.indexEntry && e.offset === l.indexEntry.offset);
  const path = !l
    ? []
    : stage === 0
      ? [...probes.map((b) => `seg:${b}`), ...(chosenSeg !== undefined ? [`seg:${chosenSeg}`] : [])]
      : stage === 1
        ? [...(l.indexProbed ?? []).map((_, i) => `idx:${i}`), ...(chosenIdx >= 0 ? [`idx:${chosenIdx}`] : [])]
        : (l.scanned ?? []).map((_, i) => `scan:${i}`);
  const [rects, setRects] = useState<(DOMRect | null)[]>([]);
  const pathKey = path.join();
  useLayoutEffect(() => {
    const el = root.current;
    if (!el || !playing || !l) {
      if (rects.length) setRects([]);
      return;
    }
    const box = el.getBoundingClientRect();
    const next = path
      .filter((k, i) => i === 0 || k !== path[i - 1])
      .map((k) => {
        const c = el.querySelector<HTMLElement>(`[data-key="${k}"]`);
        if (!c) return null;
        const r = c.getBoundingClientRect();
        return new DOMRect(r.x - box.x, r.y - box.y, r.width, r.height);
      });
    if (next.length !== rects.length || next.some((r, k) => r?.x !== rects[k]?.x || r?.y !== rects[k]?.y)) setRects(next);
  }, [playing, pathKey, stage, l, rects]); // eslint-disable-line react-hooks/exhaustive-deps
  const cur = playing && stage < 3 ? cursorAt(rects, reduced ? 1 : p) : null;
  return (
    <div className={`lookup${hl(lit)}`} data-testid="lookup" ref={root} data-anim={playing ? 'lookup' : undefined}>
      <h3>{t('lookupTitle')}</h3>
      <form
        className="row"
        onSubmit={(e) => {
          e.preventDefault();
          const step = { do: 'lookup' as const, topic, partition, offset, ...(broker ? { broker: Number(broker) } : {}) };
          command(step);
        }}
      >
        <label>
          {t('offset')} <input type="number" min={0} name="lookupOffset" value={offset} onChange={(e) => setOffset(Number(e.target.value))} />
        </label>
        <button type="submit">{t('lookupFind')}</button>
        <span className="hint">{t('lookupHelp')}</span>
      </form>
      {cur && (
        <div
          className="lookup-cursor"
          data-testid="lookup-cursor"
          data-stage={STAGES[stage]}
          style={{ transform: `translate(${cur.x}px, ${cur.y}px)` }}
          aria-hidden="true"
        >
          <span>▼ {st('lookupCursor')}</span>
        </div>
      )}
      {l && (
        <ol className="lookup-steps">
          <li className={stage >= 1 ? 'done' : ''}>
            <strong>{t('lookupSegments', { offset: l.offset })}</strong>
            <div className="chips">
              {segments.map((s) => {
                const probed = probes.includes(s.baseOffset);
                const chosen = l.segment === file(s.baseOffset);
                return (
                  <span
                    key={s.baseOffset}
                    className={`chip mono${probed ? ' probed' : ''}${chosen && (stage >= 1 || p >= 0.9) ? ' chosen' : ''}`}
                    data-key={`seg:${s.baseOffset}`}
                  >
                    {file(s.baseOffset)}
                  </span>
                );
              })}
            </div>
          </li>
          {stage >= 1 && (
            <li className={stage >= 2 ? 'done' : ''}>
              <strong>{t('lookupIndex', { segment: l.segment ?? '—' })}</strong>
              <div className="chips">
                {(l.indexProbed ?? []).map((e, i) => (
                  <span
                    key={i}
                    data-key={`idx:${i}`}
                    className={`chip${(stage >= 2 || p >= 0.9) && l.indexEntry && e.offset === l.indexEntry.offset ? ' chosen' : ' probed'}`}
                  >
                    {t('lookupEntry', { offset: e.offset, position: e.position })}
                  </span>
                ))}
                {stage >= 2 && !l.indexEntry && <span className="chip chosen">{t('lookupNoEntry')}</span>}
              </div>
            </li>
          )}
          {stage >= 2 && (
            <li className={stage >= 3 ? 'done' : ''}>
              <strong>{t('lookupScan', { from: l.indexEntry?.position ?? 0, bytes: l.scannedBytes })}</strong>
              {(l.scanned ?? []).length > 0 && (
                <div className="chips">
                  {(l.scanned ?? []).map((s, i) => (
                    <span key={i} className="chip mono" data-key={`scan:${i}`}>
                      {s.baseOffset !== undefined
                        ? `${s.baseOffset}${s.lastOffset !== undefined && s.lastOffset !== s.baseOffset ? `–${s.lastOffset}` : ''} @${s.position ?? '?'} · ${s.sizeBytes ?? '?'} B`
                        : JSON.stringify(s)}
                    </span>
                  ))}
                </div>
              )}
            </li>
          )}
          {stage >= 3 && (
            <li className="result" data-testid="lookup-result">
              {l.error
                ? t('lookupError', { error: l.error })
                : t('lookupFound', { offset: l.offset, segment: l.segment ?? '', position: l.position ?? 0, broker: l.broker ?? '' })}
            </li>
          )}
        </ol>
      )}
    </div>
  );
}
