// Finding an offset in a replica's log, step by step: the segment (binary search over base offsets),
// the sparse index entry (binary search), then the scan of the .log from that byte.
import { useEffect, useState } from 'react';
import { command } from '../actions';
import { hl, useHighlighted } from '../focus';
import { useT } from '../i18n';
import { useStore } from '../store';

interface LookupDump {
  topic: string; partition: number; offset: number; broker: number | null; segment: string | null;
  indexEntry: { offset: number; position: number } | null; scannedBytes: number; position: number | null; error: string | null;
  segmentsProbed?: number[]; indexProbed?: { offset: number; position: number }[]; scanned?: unknown[];
}

const NONE: LookupDump[] = [];
const file = (base: number) => String(base).padStart(20, '0') + '.log';

export function Lookup({ topic, partition, broker, segments }: { topic: string; partition: number; broker: string | undefined; segments: { baseOffset: number }[] }) {
  const t = useT();
  const lookups = useStore((s) => (s.dump?.lookups as LookupDump[] | undefined) ?? NONE);
  const reduced = useStore((s) => s.prefs.reducedMotion);
  const [offset, setOffset] = useState(0);
  let idx = -1;
  for (let i = lookups.length - 1; i >= 0; i--) if (lookups[i].topic === topic && lookups[i].partition === partition) { idx = i; break; }
  const l = idx >= 0 ? lookups[idx] : undefined;
  const [stage, setStage] = useState(3);
  const lit = useHighlighted(idx >= 0 ? `lookups.${idx}` : 'lookups', true);
  useEffect(() => {
    if (reduced) { setStage(3); return; }
    setStage(0);
    const id = setInterval(() => setStage((s) => (s >= 3 ? s : s + 1)), 700);
    return () => clearInterval(id);
  }, [idx, l?.offset, reduced]);
  return (
    <div className={`lookup${hl(lit)}`} data-testid="lookup">
      <h3>{t('lookupTitle')}</h3>
      <form className="row" onSubmit={(e) => {
        e.preventDefault();
        const step = { do: 'lookup' as const, topic, partition, offset, ...(broker ? { broker: Number(broker) } : {}) };
        command(step);
      }}>
        <label>{t('offset')} <input type="number" min={0} name="lookupOffset" value={offset} onChange={(e) => setOffset(Number(e.target.value))} /></label>
        <button type="submit">{t('lookupFind')}</button>
        <span className="hint">{t('lookupHelp')}</span>
      </form>
      {l && (
        <ol className="lookup-steps">
          <li className={stage >= 1 ? 'done' : ''}>
            <strong>{t('lookupSegments', { offset: l.offset })}</strong>
            <div className="chips">
              {segments.map((s) => {
                const probed = l.segmentsProbed?.includes(s.baseOffset);
                const chosen = l.segment === file(s.baseOffset);
                return <span key={s.baseOffset} className={`chip mono${probed ? ' probed' : ''}${chosen && stage >= 1 ? ' chosen' : ''}`}>{file(s.baseOffset)}</span>;
              })}
            </div>
          </li>
          {stage >= 1 && (
            <li className={stage >= 2 ? 'done' : ''}>
              <strong>{t('lookupIndex', { segment: l.segment ?? '—' })}</strong>
              <div className="chips">
                {(l.indexProbed ?? []).map((e, i) => (
                  <span key={i} className={`chip${stage >= 2 && l.indexEntry && e.offset === l.indexEntry.offset ? ' chosen' : ' probed'}`}>{t('lookupEntry', { offset: e.offset, position: e.position })}</span>
                ))}
                {stage >= 2 && !l.indexEntry && <span className="chip chosen">{t('lookupNoEntry')}</span>}
              </div>
            </li>
          )}
          {stage >= 2 && (
            <li className={stage >= 3 ? 'done' : ''}>
              <strong>{t('lookupScan', { from: l.indexEntry?.position ?? 0, bytes: l.scannedBytes })}</strong>
              {(l.scanned ?? []).length > 0 && <div className="chips">{(l.scanned ?? []).map((s, i) => <span key={i} className="chip">{JSON.stringify(s)}</span>)}</div>}
            </li>
          )}
          {stage >= 3 && (
            <li className="result" data-testid="lookup-result">
              {l.error ? t('lookupError', { error: l.error }) : t('lookupFound', { offset: l.offset, segment: l.segment ?? '', position: l.position ?? 0, broker: l.broker ?? '' })}
            </li>
          )}
        </ol>
      )}
    </div>
  );
}
