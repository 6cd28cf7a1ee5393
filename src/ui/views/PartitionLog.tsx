// One partition's log: operators' numbers, every replica's LEO and HW side by side,
// and one replica's segment files.
import { scaleLinear } from 'd3';
import { useEffect, useMemo } from 'react';
import type { PartitionDump } from '../../scenario/types';
import { useT, type T } from '../i18n';
import { type Batch, batchesOf, partitionSummary, partitionsOf, roleOf, topicColors, topicNames } from '../selectors';
import { useStage } from '../stage/director';
import { useStore } from '../store';
import { cc, concealed, highlights, hl, isHighlighted } from '../focus';
import { ReplicaGlyph } from './shapes';
import { useTxnT } from '../i18n/txn';
import { txnEntries } from '../txnLog';
import { Transactions, TxnStrip } from './TxnLog';
import { useRowKeys } from './rowKeys';
import { useWidth } from './useWidth';

function Replicas({ p, color, t, down, mark }: { p: PartitionDump; color: string; t: T; down: (b: string) => boolean; mark: (b: string) => string }) {
  const s = partitionSummary(p);
  const label = (log: { leo: number; hw: number }) => `LEO ${log.leo} · HW ${log.hw}`;
  // room on the right for the longest label (10px text, a wide font's digits ~6.4 units): 4-digit offsets overran 96
  const longest = Math.max(0, ...Object.values(p.logs).map((log) => label(log).length));
  // drawn 1:1 at the width it has (up to 520): scaled down to a phone's, its 9-11px text was 7px
  const { ref, width, measured } = useWidth(520);
  const W = Math.max(300, Math.min(520, Math.floor(width))),
    rowH = 30,
    left = 92,
    right = Math.max(96, Math.ceil(longest * 6.4) + 8);
  const max = Math.max(1, s.maxLeo);
  const x = scaleLinear()
    .domain([0, max])
    .range([left, W - right]);
  const ids = p.replicas.map(String);
  // a tick per 55 units at most: a phone's narrow bars ran five-digit ticks into each other
  const ticks = x.ticks(Math.max(1, Math.min(8, max, Math.floor((W - left - right) / 55)))).filter((v) => Number.isInteger(v));
  return (
    <div ref={ref as React.RefObject<HTMLDivElement>} className="replica-bars-box" style={measured ? undefined : { visibility: 'hidden' }}>
      <svg viewBox={`0 0 ${W} ${ids.length * rowH + 26}`} width={W} className="replica-bars" role="img" aria-label={t('replicasSideBySide')}>
        {ticks.map((v) => (
          <g key={v} className="tick">
            <line x1={x(v)} x2={x(v)} y1={4} y2={ids.length * rowH + 4} />
            <text x={x(v)} y={ids.length * rowH + 18} textAnchor="middle">
              {v}
            </text>
          </g>
        ))}
        {ids.map((b, i) => {
          const log = p.logs[b];
          const role = roleOf(p, Number(b));
          const y = 6 + i * rowH;
          return (
            <g key={b} className={`replica-row role-${role}${mark(b)}`} data-testid={`replica-row-${b}`}>
              <text x={4} y={y + 14} className="row-label">
                Broker {b}
              </text>
              <ReplicaGlyph role={role} color={color} x={78} y={y + 11} size={11} />
              {log ? (
                <>
                  <rect
                    x={x(log.logStartOffset)}
                    y={y + 3}
                    width={Math.max(0, x(Math.min(log.hw, log.leo)) - x(log.logStartOffset))}
                    height={16}
                    fill={color}
                    className="committed"
                  />
                  <rect
                    x={x(Math.min(log.hw, log.leo))}
                    y={y + 3}
                    width={Math.max(0, x(log.leo) - x(Math.min(log.hw, log.leo)))}
                    height={16}
                    fill={color}
                    className="uncommitted"
                  />
                  <line x1={x(log.hw)} x2={x(log.hw)} y1={y} y2={y + 22} className="hw-mark" />
                  <text x={x(log.leo) + 4} y={y + 15} className="leo-label">
                    {label(log)}
                  </text>
                </>
              ) : (
                <text x={left} y={y + 15} className="muted-text">
                  {down(b) ? t('roleDown') : t('noLog')}
                </text>
              )}
            </g>
          );
        })}
      </svg>
    </div>
  );
}

/** The partition the selection names (else the first topic's first partition) and the replica to show (else its leader's). */
export function useSelectedPartition() {
  const dump = useStore((s) => s.dump);
  const sel = useStore((s) => s.selection);
  const topics = topicNames(dump);
  if (!dump || topics.length === 0) return null;
  const topic = sel.topic && topics.includes(sel.topic) ? sel.topic : topics[0];
  const rows = partitionsOf(dump, topic);
  const row = rows.find((r) => r.partition === sel.partition) ?? rows[0];
  if (!row) return null;
  const p = row.p;
  const logBrokers = Object.keys(p.logs).sort((a, b) => Number(a) - Number(b));
  const broker = sel.broker && p.logs[sel.broker] ? sel.broker : p.leader !== null && p.logs[String(p.leader)] ? String(p.leader) : logBrokers[0];
  return { dump, topics, topic, row, p, logBrokers, broker, log: broker ? p.logs[broker] : undefined, tp: `${topic}-${row.partition}` };
}

/** A choice of every topic-partition (not of internal topics). */
export function PartitionPicker({ tp }: { tp: string }) {
  const t = useT();
  const dump = useStore((s) => s.dump);
  const select = useStore((s) => s.select);
  // a lookup playing on the stage opens its partition and replica here
  const lookingUp = useStage((s) => {
    const b = s.scene?.beats.find((x) => x.kind === 'lookup');
    return b && b.kind === 'lookup' ? `${b.topic}\n${b.partition}\n${b.broker ?? ''}` : '';
  });
  useEffect(() => {
    if (!lookingUp) return;
    const [tn, pn, bn] = lookingUp.split('\n');
    select({ topic: tn, partition: Number(pn), ...(bn ? { broker: bn } : {}) });
  }, [lookingUp, select]);
  const topics = topicNames(dump);
  // the partition choices change only with the topics and their partition counts, not at every position
  const choicesKey = topics.map((tn) => `${tn}\t${Object.keys(dump?.topics[tn]?.partitions ?? {}).join(',')}`).join('\n');
  const choices = useMemo(
    () =>
      topics
        .flatMap((tn) => partitionsOf(dump, tn))
        .map((r) => `${r.topic}-${r.partition}`)
        .map((v) => (
          <option key={v} value={v}>
            {v}
          </option>
        )),
    // eslint-disable-next-line react-hooks/exhaustive-deps -- rebuilt when the partitions change, not with every dump
    [choicesKey],
  );
  return (
    <label>
      {t('selectPartition')}{' '}
      <select
        value={tp}
        onChange={(e) => {
          const i = e.target.value.lastIndexOf('-');
          select({ topic: e.target.value.slice(0, i), partition: Number(e.target.value.slice(i + 1)), broker: null });
        }}
      >
        {choices}
      </select>
    </label>
  );
}

/** How many of a replica's last batches the partition log shows. */
const SHOWN_BATCHES = 40;

/** A replica's last batches; a far seek writes the new ones into the chips already drawn (useRowKeys). */
function BatchChips({ batches: shown, hw, broker }: { batches: Batch[]; hw: number; broker: string }) {
  const t = useT();
  const tt = useTxnT();
  const keys = useRowKeys(shown);
  if (!shown.length) return null;
  return (
    <div className="batches" data-testid="batches">
      <h3>{t('batchesOf', { broker })}</h3>
      <div className="chips">
        {shown.map((b) => (
          <span
            key={keys.get(b.seq)}
            className={`chip batch${b.firstOffset >= hw ? ' above-hw' : ''}${b.marker ? ' marker' : ''}`}
            title={b.marker ? tt('kindMarker') : t('batchTitle', { epoch: b.leaderEpoch })}
          >
            {b.marker && <strong>{`${b.marker} `}</strong>}
            {t('batchChip', { first: b.firstOffset, last: b.lastOffset, bytes: b.bytes, epoch: b.leaderEpoch })}
          </span>
        ))}
      </div>
    </div>
  );
}

export function PartitionLog() {
  const t = useT();
  const tt = useTxnT();
  const events = useStore((s) => s.events);
  const cursor = useStore((s) => s.cursor);
  const select = useStore((s) => s.select);
  const at = useSelectedPartition();
  const hls = useStore(highlights);
  const cps = useStore(concealed);
  if (!at)
    return (
      <section className="view log-view">
        <p className="muted">{t('noTopic')}</p>
      </section>
    );
  const { dump, topics, topic, row, p, logBrokers, broker, log, tp } = at;
  const s = partitionSummary(p);
  const color = topicColors(topics)(topic);
  const base = `topics.${topic}.partitions.${row.partition}`;
  // highlighted by the step's focus; dimmed while it would give an open prediction's answer away
  const mark = (path: string, contains = false) => hl(isHighlighted(hls, path, contains)) + cc(isHighlighted(cps, path, contains));
  return (
    <section className="view log-view" aria-label={t('viewLog')}>
      <div className={`row${mark(base)}`} data-path={base}>
        <PartitionPicker tp={tp} />
        <span className={`badge ${row.underReplicated ? 'warn' : 'ok'}${mark(`${base}.isr`)}`} data-testid="isr-count">
          {t('inSync', { n: s.inSync, m: s.replicas })}
        </span>
        <span className={`badge mono${mark(`${base}.isr`)}`} data-testid="isr-list">
          ISR [{p.isr.join(', ')}]
        </span>
        {p.elr !== undefined && (
          <span className={`badge mono elr${mark(`${base}.elr`)}`} data-testid="elr-list" title={tt('elrExplain')}>
            {tt('elrBadge', { list: p.elr.join(', ') })}
          </span>
        )}
        {p.lastKnownElr !== undefined && p.lastKnownElr.length > 0 && (
          <span className={`badge mono${mark(`${base}.lastKnownElr`)}`} title={tt('elrExplain')}>
            {tt('lastKnownElr', { list: p.lastKnownElr.join(', ') })}
          </span>
        )}
        {row.underReplicated && <span className={`badge warn${mark(`${base}.underReplicated`)}`}>{t('underReplicated')}</span>}
        {row.offline && <span className="badge danger">{t('offline')}</span>}
      </div>
      <dl className="stats">
        <div className={mark(`${base}.leader`)}>
          <dt>{t('leader')}</dt>
          <dd data-testid="partition-leader">{p.leader === null ? '—' : `Broker ${p.leader}`}</dd>
        </div>
        <div className={mark(`${base}.leaderEpoch`)}>
          <dt>{t('leaderEpoch')}</dt>
          <dd>{p.leaderEpoch}</dd>
        </div>
        <div className={mark(`${base}.logs.${p.leader ?? broker}.logStartOffset`)}>
          <dt>{t('lowWatermark')}</dt>
          <dd>{s.lowWatermark}</dd>
        </div>
        <div className={mark(`${base}.hw`)}>
          <dt>{t('highWatermark')}</dt>
          <dd data-testid="partition-hw">{s.highWatermark ?? '—'}</dd>
        </div>
        {p.lso !== undefined && (
          <div className={mark(`${base}.lso`)}>
            <dt>{tt('lsoStat')}</dt>
            <dd data-testid="partition-lso">{p.lso}</dd>
          </div>
        )}
        <div className={mark(`${base}.logs.${p.leader ?? broker}.leo`)}>
          <dt>{t('logEndOffset')}</dt>
          <dd>{s.logEndOffset ?? '—'}</dd>
        </div>
      </dl>
      {p.elr !== undefined && <p className="hint elr-explain">{tt('elrExplain')}</p>}
      {p.lso !== undefined &&
        (() => {
          // what consumers are served: the leader's log (else the chosen replica's while there is no leader)
          const lb = p.leader !== null && p.logs[String(p.leader)] ? String(p.leader) : broker;
          const ll = lb ? p.logs[lb] : undefined;
          if (!lb || !ll) return null;
          return (
            <div className={mark(`${base}.lso`)}>
              <TxnStrip
                entries={txnEntries(events, cursor, topic, row.partition)}
                logStartOffset={ll.logStartOffset}
                leo={ll.leo}
                hw={ll.hw}
                lso={Math.min(p.lso ?? ll.hw, ll.hw)}
                broker={lb}
                color={color}
              />
            </div>
          );
        })()}
      <h3>{t('replicasSideBySide')}</h3>
      <Replicas
        p={p}
        color={color}
        t={t}
        mark={(b) =>
          hl(
            isHighlighted(hls, `${base}.logs.${b}`) ||
              isHighlighted(hls, `${base}.logs.${b}.leo`) ||
              isHighlighted(hls, `${base}.logs.${b}.hw`) ||
              isHighlighted(hls, `${base}.replicas`),
          ) + cc(isHighlighted(cps, `${base}.logs.${b}`) || isHighlighted(cps, `${base}.logs.${b}.leo`) || isHighlighted(cps, `${base}.logs.${b}.hw`))
        }
        down={(b) => dump.brokers[b]?.status !== 'online' && dump.brokers[b]?.status !== 'paused'}
      />
      <p className="hint">
        <span className="swatch committed" style={{ background: color }} /> {t('committed')} ·{' '}
        <span className="swatch uncommitted" style={{ background: color }} /> {t('uncommitted')} · {t('hwLegend')} · {t('leoLegend')}
      </p>
      <Transactions dump={dump} mark={(path) => mark(path)} />
      <div className="row">
        <label>
          {t('selectReplica')}{' '}
          <select value={broker ?? ''} onChange={(e) => select({ broker: e.target.value })}>
            {logBrokers.map((b) => (
              <option key={b} value={b}>
                {b}
              </option>
            ))}
          </select>
        </label>
      </div>
      {log ? (
        <table className={`segments${mark(`${base}.logs.${broker}.segments`)}`}>
          <caption>{t('segmentsOf', { tp, broker: broker ?? '' })}</caption>
          <thead>
            <tr>
              <th>{t('segmentFile')}</th>
              <th>{t('baseOffset')}</th>
              <th>{t('size')}</th>
              <th>{t('indexEntries')}</th>
            </tr>
          </thead>
          <tbody>
            {log.segments.map((seg, i) => (
              <tr key={seg.file} className={mark(`${base}.logs.${broker}.segments.${i}`).trim() || undefined}>
                <td className={`mono${mark(`${base}.logs.${broker}.segments.${i}.file`)}`}>
                  {seg.file}
                  <span className="muted"> .index .timeindex</span>
                  {i === log.segments.length - 1 && <span className="badge ok">{t('activeSegment')}</span>}
                </td>
                <td className={mark(`${base}.logs.${broker}.segments.${i}.baseOffset`).trim() || undefined}>{seg.baseOffset}</td>
                <td className={mark(`${base}.logs.${broker}.segments.${i}.sizeBytes`).trim() || undefined}>{t('bytes', { n: seg.sizeBytes })}</td>
                <td className={mark(`${base}.logs.${broker}.segments.${i}.indexEntries`).trim() || undefined}>{seg.indexEntries}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="muted">{t('noLog')}</p>
      )}
      {log && broker && (
        <BatchChips
          batches={batchesOf(events, cursor, Number(broker), topic, row.partition, log.logStartOffset, log.leo, SHOWN_BATCHES)}
          hw={log.hw}
          broker={broker}
        />
      )}
    </section>
  );
}
