// Transactions in a partition's log (issue 16): each offset as a cell — plain records, records of committed,
// aborted and open transactions, COMMIT / ABORT control batches — with the high watermark and the last stable
// offset drawn between cells, and what a read_uncommitted and a read_committed consumer are given. Below it, the
// transactional ids with their coordinator and state, as the dump holds them.
import { scaleLinear } from 'd3';
import { useLayoutEffect, useRef } from 'react';
import type { StateDump } from '../../scenario/types';
import { useTxnT, type TT } from '../i18n/txn';
import { offsetKinds, readable, type EntryKind, type LogEntry } from '../txnLog';
import './txn.css';

/** How many offsets the strip shows at most (the newest ones). */
export const STRIP_MAX = 22;
const CELL = 30;

const KIND_KEY: Record<EntryKind, 'kindRecord' | 'kindCommitted' | 'kindAborted' | 'kindOpen' | 'kindMarker'> = {
  record: 'kindRecord',
  committed: 'kindCommitted',
  aborted: 'kindAborted',
  open: 'kindOpen',
  marker: 'kindMarker',
};

function cellTitle(t: TT, o: number, e: LogEntry | undefined): string {
  if (!e) return String(o);
  if (e.kind === 'marker') return t('markerTitle', { o, marker: e.marker ?? '', pid: e.producerId ?? '' });
  const kind = t(KIND_KEY[e.kind]);
  return e.producerId !== undefined ? t('cellTitlePid', { o, kind, pid: e.producerId }) : t('cellTitle', { o, kind });
}

export function TxnStrip({
  entries,
  logStartOffset,
  leo,
  hw,
  lso,
  broker,
  color,
}: {
  entries: LogEntry[];
  logStartOffset: number;
  leo: number;
  hw: number;
  lso: number;
  broker: string;
  color: string;
}) {
  const t = useTxnT();
  const box = useRef<HTMLDivElement | null>(null);
  // the newest offsets in sight when the strip is wider than the view
  useLayoutEffect(() => {
    if (box.current) box.current.scrollLeft = box.current.scrollWidth;
  }, [leo]);
  const from = Math.max(logStartOffset, leo - STRIP_MAX);
  const cells = offsetKinds(entries, from, leo);
  const read = readable(entries, from, hw, lso);
  // drawn 1:1 (one cell is CELL px) inside a box that scrolls sideways, so labels stay legible on a phone
  const left = 104,
    right = 56, // room for the HW label at the log's end
    top = 30,
    n = Math.max(8, leo - from),
    W = left + n * CELL + right;
  const x = scaleLinear()
    .domain([from, from + n])
    .range([left, W - right]);
  const cw = CELL;
  const cellH = 26;
  const rowY = (k: number) => top + cellH + 22 + k * 18;
  const H = rowY(2) + 4;
  const every = cw >= 18 ? 1 : cw >= 9 ? 2 : 5;
  const same = hw === lso;
  const uSet = new Set(read.uncommitted),
    cSet = new Set(read.committed);
  return (
    <div className="txn-log" data-testid="txn-log">
      <h3>
        {t('txnLogTitle', { broker })}
        {from > logStartOffset && <span className="muted"> · {t('shownFrom', { from, to: leo - 1, n: leo - from })}</span>}
      </h3>
      <div className="txn-scroll" ref={box}>
        <svg viewBox={`0 0 ${W} ${H}`} width={W} height={H} className="txn-strip" role="img" aria-label={t('txnLogAria')}>
          {cells.map((e, k) => {
            const o = from + k;
            const kind = e?.kind ?? 'record';
            const x0 = x(o) + 1,
              w = Math.max(1, cw - 2);
            return (
              <g key={o} className={`txn-cell kind-${kind}${o >= hw ? ' above-hw' : ''}`} data-offset={o} data-kind={kind}>
                <title>{cellTitle(t, o, e)}</title>
                {kind === 'marker' ? (
                  <>
                    <rect x={x0} y={top - 4} width={w} height={cellH + 8} rx={2} className="marker-cell" />
                    {cw >= 10 && (
                      <text x={x0 + w / 2} y={top + cellH / 2 + 4} textAnchor="middle" className="marker-letter">
                        {e?.marker === 'ABORT' ? 'A' : 'C'}
                      </text>
                    )}
                  </>
                ) : (
                  <rect x={x0} y={top} width={w} height={cellH} rx={2} fill={color} className="record-cell" />
                )}
                {kind === 'aborted' && <line x1={x0} y1={top + cellH} x2={x0 + w} y2={top} className="aborted-strike" />}
                {(k % every === 0 || kind === 'marker') && (
                  <text x={x0 + w / 2} y={top + cellH + 14} textAnchor="middle" className={`offset-label${kind === 'marker' ? ' strong' : ''}`}>
                    {o}
                  </text>
                )}
              </g>
            );
          })}
          {/* the high watermark and the last stable offset, drawn on the boundary before their offset */}
          <g className="hw-line" data-testid="txn-hw">
            <line x1={x(hw)} x2={x(hw)} y1={top - 12} y2={rowY(1) + 6} />
            <text x={x(hw)} y={top - 16} textAnchor={same && x(hw) + 50 > W ? 'end' : same ? 'middle' : 'start'} className="line-label">
              {same ? t('hwLsoLabel', { n: hw }) : t('hwLabel', { n: hw })}
            </text>
          </g>
          {!same && (
            <g className="lso-line" data-testid="txn-lso">
              <line x1={x(lso)} x2={x(lso)} y1={top - 12} y2={rowY(1) + 6} />
              <text x={x(lso) - 2} y={top - 16} textAnchor="end" className="line-label">
                {t('lsoLabel', { n: lso })}
              </text>
            </g>
          )}
          {same && <g className="lso-line" data-testid="txn-lso" data-same-as-hw="true" />}
          {(['uncommitted', 'committed'] as const).map((lvl, k) => {
            const set = lvl === 'uncommitted' ? uSet : cSet;
            return (
              <g key={lvl} className={`read-row read-${lvl}`} data-testid={`read-${lvl}`} data-count={set.size}>
                <text x={4} y={rowY(k) + 4} className="row-label">
                  {t(lvl === 'uncommitted' ? 'readUncommitted' : 'readCommitted')}
                </text>
                {cells.map((_, j) =>
                  set.has(from + j) ? <circle key={j} cx={x(from + j) + cw / 2} cy={rowY(k)} r={Math.min(4, cw / 3)} className="read-dot" /> : null,
                )}
              </g>
            );
          })}
        </svg>
      </div>
      <p className="hint" data-testid="lso-explain">
        {same ? t('lsoExplainEqual') : t('lsoExplainOpen', { lso, hw })}
      </p>
      <p className="hint">
        ● {t('readUncommittedHint', { n: read.uncommitted.length })} · <span className="read-committed-dot">●</span>{' '}
        {t('readCommittedHint', { n: read.committed.length })}
      </p>
      <p className="hint txn-legend">
        <span className="swatch kind-record" style={{ background: color }} /> {t('kindRecord')} ·{' '}
        <span className="swatch kind-committed" style={{ background: color }} /> {t('kindCommitted')} · <span className="swatch kind-aborted" />{' '}
        {t('kindAborted')} · <span className="swatch kind-open" style={{ borderColor: color }} /> {t('kindOpen')} · <span className="swatch kind-marker" />{' '}
        {t('kindMarker')}
      </p>
    </div>
  );
}

/** The transactional ids of the dump: coordinator (its __transaction_state partition), state, producer id and epoch. */
export function Transactions({ dump, mark }: { dump: StateDump; mark: (path: string) => string }) {
  const t = useTxnT();
  const txns = Object.entries(dump.transactions ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  if (!txns.length) return null;
  return (
    <div className="txn-scroll">
      <table className={`segments transactions${mark('transactions')}`} data-testid="transactions">
        <caption>{t('txnTable')}</caption>
        <thead>
          <tr>
            <th>{t('txnId')}</th>
            <th>{t('txnCoordinator')}</th>
            <th>{t('txnState')}</th>
            <th>{t('txnProducer')}</th>
            <th>{t('txnPartitions')}</th>
          </tr>
        </thead>
        <tbody>
          {txns.map(([id, x]) => (
            <tr key={id} className={mark(`transactions.${id}`).trim() || undefined} data-txn={id}>
              <td className="mono">{id}</td>
              <td className={mark(`transactions.${id}.coordinator`).trim() || undefined}>{t('txnCoordinatorCell', { b: x.coordinator, p: x.partition })}</td>
              <td className={`mono${mark(`transactions.${id}.state`)}`}>
                {x.state}
                {x.pendingState ? ` → ${x.pendingState}` : ''}
              </td>
              <td className="mono">{`${x.producerId} · ${x.producerEpoch}`}</td>
              <td className="mono">{x.partitions.join(', ') || '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="hint">{t('txnHelp')}</p>
    </div>
  );
}
