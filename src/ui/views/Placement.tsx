// Partitions × brokers: which replica j of partition i sits on which broker, against (i + j) mod n,
// and the same topic under Kafka's own algorithm for comparison.
import { assignReplicasKafka } from '../../engine/rules/placement';
import { cc, highlights, hl, isHighlighted } from '../focus';
import { narrated } from '../lessons/predict';
import { useT } from '../i18n';
import { brokerIds, partitionsOf, roleOf, seedPlacement, topicColors, topicNames, type Role } from '../selectors';
import { useStore } from '../store';
import { Glyph } from './shapes';

interface Row { partition: number; replicas: number[]; role?: (b: number) => Role }

function Grid({ topic, ids, rows, color, formula, testid }: { topic: string; ids: number[]; rows: Row[]; color: string; formula: boolean; testid: string }) {
  const t = useT();
  const hls = useStore(highlights);
  const n = ids.length;
  return (
    <table className="placement" data-testid={testid}>
      <thead>
        <tr><th>{t('partitionBroker')}</th>{ids.map((b, k) => <th key={b}>{`${b}`}<span className="muted"> (#{k})</span></th>)}{formula && <th />}</tr>
      </thead>
      <tbody>
        {rows.map((r) => {
          const matches = r.replicas.every((b, j) => seedPlacement(r.partition, j, ids) === b);
          return (
            <tr key={r.partition} className={hl(isHighlighted(hls, `topics.${topic}.partitions.${r.partition}.replicas`) || isHighlighted(hls, `topics.${topic}`)).trim() || undefined}>
              <th>{`${topic}-${r.partition}`}</th>
              {ids.map((b) => {
                const j = r.replicas.indexOf(b);
                if (j < 0) return <td key={b} className="empty" />;
                return (
                  <td key={b} className={j === 0 ? 'preferred' : ''}>
                    <Glyph role={r.role ? r.role(b) : j === 0 ? 'leader' : 'follower'} color={color} size={12} /> {j}
                    {formula && <span className="formula">{t('placementFormula', { i: r.partition, j, n, r: (r.partition + j) % n })}</span>}
                  </td>
                );
              })}
              {formula && <td className={matches ? 'ok-text' : 'muted'}>{matches ? '✓' : '≠'}</td>}
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

export function Placement() {
  const t = useT();
  const dump = useStore((s) => s.dump);
  const sel = useStore((s) => s.selection);
  const select = useStore((s) => s.select);
  const asking = useStore((s) => narrated(s).asking !== null);
  const topics = topicNames(dump);
  if (!dump || topics.length === 0) return <section className="view placement-view"><p className="muted">{t('noTopic')}</p></section>;
  const topic = sel.topic && topics.includes(sel.topic) ? sel.topic : topics[0];
  const ids = brokerIds(dump).map(Number);
  const parts = partitionsOf(dump, topic);
  const color = topicColors(topics)(topic);
  const rf = parts[0]?.p.replicas.length ?? 1;
  const actual: Row[] = parts.map((r) => ({ partition: r.partition, replicas: r.p.replicas, role: (b) => roleOf(r.p, b) }));
  const kafka: Row[] = rf <= ids.length
    ? assignReplicasKafka(ids, parts.length, rf, 0, 0).map((replicas, partition) => ({ partition, replicas }))
    : [];
  return (
    <section className="view placement-view" aria-label={t('viewPlacement')}>
      <div className="row">
        <label>{t('topicName')}{' '}
          <select value={topic} onChange={(e) => select({ topic: e.target.value, partition: 0 })}>
            {topics.map((tn) => <option key={tn} value={tn}>{tn}</option>)}
          </select>
        </label>
      </div>
      <h3>{t('placementTitle', { topic })}</h3>
      <p className="hint">{t('placementHelp')}</p>
      <Grid topic={topic} ids={ids} rows={actual} color={color} formula testid="placement-grid" />
      <p className="hint">✓ {t('placementMatches')} · ≠ {t('placementDiffers')}</p>
      {kafka.length > 0 && (
        // Kafka's own placement would answer an open prediction about it: dimmed until then
        <div className={cc(asking).trim() || undefined} data-testid="placement-kafka-section">
          <h3>{t('placementKafkaTitle')}</h3>
          <p className="hint">{t('placementKafkaHelp')}</p>
          <Grid topic={topic} ids={ids} rows={kafka} color={color} formula={false} testid="placement-kafka" />
        </div>
      )}
    </section>
  );
}
