// The metrics view: Kafka's broker and controller metrics by their JMX names, per node and for the cluster, each
// with the change the step on screen caused (the dump at the cursor against the metrics at the step's start, both
// from the worker: metrics/select.ts). A metric's name is a button that opens its one-line explanation (keyboard
// and touch alike); `focus.metric` (project) highlights one and opens its explanation.
import { useState } from 'react';
import { cc, concealed, focusMetric, highlights, hl, isHighlighted } from '../focus';
import { useTranslator, type Translator } from '../i18n/translator';
import { metricRows, type MetricCell, type MetricRow } from '../metrics/select';
import { MBEANS, metricsStrings, type MetricsKey } from '../metrics/strings';
import { stepAtCursor } from '../selectors';
import { useStore } from '../store';
import '../metrics/metrics.css';

type MT = Translator<MetricsKey>;

const rate = (v: number) => (v === 0 ? '0' : Math.abs(v) >= 10 ? v.toFixed(1) : Math.abs(v) >= 0.001 ? v.toFixed(3) : v.toExponential(1));
const signed = (d: number, f: (v: number) => string = String) => (d > 0 ? `▲ +${f(d)}` : `▼ −${f(-d)}`);

function Delta({ row, c, t }: { row: MetricRow; c: { delta: number; countDelta?: number }; t: MT }) {
  // a meter's Count moves with each event; its rate only at the next 5-second tick
  if (row.meter && c.countDelta) return <span className={`metric-delta ${c.countDelta > 0 ? 'up' : 'down'}`}>{signed(c.countDelta)}</span>;
  if (Math.abs(c.delta) > 1e-9)
    return <span className={`metric-delta ${c.delta > 0 ? 'up' : 'down'}`}>{row.meter ? t('perSec', { v: signed(c.delta, rate) }) : signed(c.delta)}</span>;
  return null;
}

function Value({ row, value, count, t }: { row: MetricRow; value: number; count?: number; t: MT }) {
  if (!row.meter) return <span className="metric-value">{value}</span>;
  return (
    <>
      <span className="metric-value">{t('perSec', { v: rate(value) })}</span>
      <span className="metric-count">{t('countOf', { n: count ?? 0 })}</span>
    </>
  );
}

function Cell({ row, c, t, hls, hidden }: { row: MetricRow; c: MetricCell; t: MT; hls: readonly string[]; hidden: readonly string[] }) {
  const path = c.kind === 'broker' ? `brokers.${c.node}.metrics.${row.name}` : `quorum.voters.${c.node}.metrics.${row.name}`;
  const label = t(c.kind === 'broker' ? 'nodeBroker' : 'nodeController', { id: c.node });
  return (
    <div
      className={`metric-cell${c.changed ? ' changed' : ''}${c.value === null ? ' down' : ''}${hl(isHighlighted(hls, path))}${cc(isHighlighted(hidden, path))}`}
      data-node={c.node}
      data-changed={c.changed || undefined}
      role="cell"
    >
      <span className="metric-node">{label}</span>
      {c.value === null ? (
        <span className="metric-value muted" title={t('downHint')}>
          {c.wentDown ? `▼ ${t('wentDown')}` : t('down')}
        </span>
      ) : (
        <>
          <Value row={row} value={c.value} count={c.count} t={t} />
          {c.cameUp ? <span className="metric-delta up">▲ {t('cameUp')}</span> : <Delta row={row} c={c} t={t} />}
        </>
      )}
    </div>
  );
}

export function Metrics() {
  const t = useTranslator(metricsStrings);
  const dump = useStore((s) => s.dump);
  const start = useStore((s) => s.stepStart);
  const step = useStore((s) => stepAtCursor(s.events, s.cursor));
  const focused = useStore(focusMetric);
  const hls = useStore(highlights);
  // while a prediction is open, the values its answer checks are blurred (the frozen picture must not give it away)
  const hidden = useStore(concealed);
  const [open, setOpen] = useState<ReadonlySet<string>>(new Set());
  if (!dump)
    return (
      <section className="view metrics-view" data-testid="metrics">
        <p className="muted">{t('metricsNone')}</p>
      </section>
    );
  const rows = metricRows(dump, start);
  const changed = rows.filter((r) => r.changed).length;
  const toggle = (name: string) =>
    setOpen((o) => {
      const n = new Set(o);
      if (n.has(name)) n.delete(name);
      else n.add(name);
      return n;
    });
  return (
    <section className="view metrics-view" data-testid="metrics" aria-label={t('metricsTitle')}>
      <h3>{t('metricsTitle')}</h3>
      <p className="hint">{t('metricsIntro')}</p>
      <p className="metrics-summary" data-testid="metrics-summary">
        {start && start.step !== step ? t('changedIn', { n: changed, k: start.step + 1 }) : changed ? t('changedSome', { n: changed }) : t('changedNone')}
      </p>
      <div className="metrics-list" role="table" aria-label={t('metricsTitle')}>
        {rows.map((row) => {
          const isOpen = open.has(row.name) !== (focused === row.name);
          const id = `metric-explain-${row.name}`;
          const on = focused === row.name || isHighlighted(hls, `metrics.${row.name}`);
          return (
            <div
              key={row.name}
              className={`metric-row${row.changed ? ' changed' : ''}${hl(on)}`}
              data-metric={row.name}
              data-changed={row.changed || undefined}
              role="row"
            >
              <div className="metric-name" role="rowheader">
                <button
                  type="button"
                  className="metric-explain-btn"
                  aria-expanded={isOpen}
                  aria-controls={id}
                  aria-label={t('explain', { name: row.name })}
                  onClick={() => toggle(row.name)}
                >
                  <code>{row.name}</code> <span aria-hidden="true">{isOpen ? '▾' : 'ⓘ'}</span>
                </button>
                {isOpen && (
                  <p id={id} className="metric-explain" data-testid="metric-explain">
                    {t(row.name)} <span className="metric-mbean">{t('mbean', { m: MBEANS[row.name] })}</span>
                  </p>
                )}
              </div>
              <div className="metric-cells">
                {!row.reported ? (
                  <span className="muted metric-note">{t('zkOnly')}</span>
                ) : (
                  <>
                    <div
                      className={`metric-cell cluster${row.cluster.changed ? ' changed' : ''}${cc(hidden.some((p) => p.endsWith(`.metrics.${row.name}`)))}`}
                      role="cell"
                      data-node="cluster"
                    >
                      <span className="metric-node">{t('colCluster')}</span>
                      <Value row={row} value={row.cluster.value} count={row.cluster.count} t={t} />
                      <Delta row={row} c={row.cluster} t={t} />
                    </div>
                    {row.cells.map((c) => (
                      <Cell key={c.kind + c.node} row={row} c={c} t={t} hls={hls} hidden={hidden} />
                    ))}
                  </>
                )}
              </div>
            </div>
          );
        })}
      </div>
    </section>
  );
}
