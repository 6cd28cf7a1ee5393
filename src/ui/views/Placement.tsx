// Partitions × brokers: which replica j of partition i sits on which broker, against (i + j) mod n.
import { useT } from '../i18n';
import { brokerIds, partitionsOf, roleOf, seedPlacement, topicColors, topicNames } from '../selectors';
import { useStore } from '../store';
import { Glyph } from './shapes';

export function Placement() {
  const t = useT();
  const dump = useStore((s) => s.dump);
  const sel = useStore((s) => s.selection);
  const select = useStore((s) => s.select);
  const topics = topicNames(dump);
  if (!dump || topics.length === 0) return <section className="view placement-view"><p className="muted">{t('noTopic')}</p></section>;
  const topic = sel.topic && topics.includes(sel.topic) ? sel.topic : topics[0];
  const ids = brokerIds(dump).map(Number);
  const n = ids.length;
  const rows = partitionsOf(dump, topic);
  const color = topicColors(topics)(topic);
  return (
    <section className="view placement-view" aria-label={t('viewPlacement')}>
      <div className="row">
        <label>{t('topicName')}{' '}
          <select value={topic} onChange={(e) => select({ topic: e.target.value, partition: 0, broker: null })}>
            {topics.map((tn) => <option key={tn} value={tn}>{tn}</option>)}
          </select>
        </label>
      </div>
      <h3>{t('placementTitle', { topic })}</h3>
      <p className="hint">{t('placementHelp')}</p>
      <table className="placement" data-testid="placement-grid">
        <thead>
          <tr><th>i \ broker</th>{ids.map((b, k) => <th key={b}>{`${b}`}<span className="muted"> (#{k})</span></th>)}<th /></tr>
        </thead>
        <tbody>
          {rows.map((r) => {
            const matches = r.p.replicas.every((b, j) => seedPlacement(r.partition, j, ids) === b);
            return (
              <tr key={r.partition}>
                <th>{`${topic}-${r.partition}`}</th>
                {ids.map((b, k) => {
                  const j = r.p.replicas.indexOf(b);
                  if (j < 0) return <td key={b} className="empty" />;
                  return (
                    <td key={b} className={j === 0 ? 'preferred' : ''} title={t('placementFormula', { i: r.partition, j, n, r: k })}>
                      <Glyph role={roleOf(r.p, b)} color={color} size={12} /> {j}
                      <span className="formula">{t('placementFormula', { i: r.partition, j, n, r: (r.partition + j) % n })}</span>
                    </td>
                  );
                })}
                <td className={matches ? 'ok-text' : 'muted'}>{matches ? '✓' : '≠'}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <p className="hint">✓ {t('placementMatches')} · ≠ {t('placementDiffers')}</p>
    </section>
  );
}
