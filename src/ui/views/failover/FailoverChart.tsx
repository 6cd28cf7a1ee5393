// The lesson "Why KRaft": how long a controller failover takes, in simulated time, at 1,000, 5,000 and 10,000
// partitions, in zookeeper and kraft mode. The figures are not written here: the worker runs each failover with the
// engine (src/scenario/failoverCost.ts) when the chart is first shown, one at a time, and the store keeps them. Each
// bar is the time until a new controller is elected (light) plus the time it then spends loading (dark: reading every
// partition's znode from ZooKeeper; nothing in KRaft, whose standby controllers hold the metadata log).
import { scaleBand, scaleLinear } from 'd3';
import { useEffect, useState } from 'react';
import { FAILOVER_PARTITIONS, type FailoverFigure } from '../../../scenario/failoverCost';
import { getClient } from '../../client';
import { useTranslator } from '../../i18n/translator';
import { useStore } from '../../store';
import { failoverStrings, type FailoverKey } from './strings';

type Mode = FailoverFigure['mode'];
const MODES: readonly Mode[] = ['zookeeper', 'kraft'];
const JOBS = FAILOVER_PARTITIONS.flatMap((partitions) => MODES.map((mode) => ({ mode, partitions, key: `${mode}:${partitions}` })));

const W = 640;
const H = 260;
const M = { top: 28, right: 12, bottom: 56, left: 48 };

const secs = (ms: number) => (ms / 1000).toFixed(1);

/** Asks the worker for the failovers the store does not have yet, one after another; the worker keeps each too. */
function useMeasurements(): { running: (typeof JOBS)[number] | null; error: string | null; retry: () => void } {
  const figures = useStore((s) => s.failover);
  const [running, setRunning] = useState<(typeof JOBS)[number] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);
  const next = JOBS.find((j) => !figures[j.key]);
  useEffect(() => {
    if (!next || running || error) return;
    const client = getClient();
    if (!client) return;
    setRunning(next);
    void client.request({ type: 'measureFailover', mode: next.mode, partitions: next.partitions }, { silent: true }).then((res) => {
      if (res.type === 'failover') useStore.getState().setFailover(next.key, res.figure);
      else setError(res.type === 'error' ? (res.message ?? res.code ?? 'error') : res.type);
      setRunning(null);
    });
  }, [next, running, error, attempt]);
  return {
    running,
    error,
    retry: () => {
      setError(null);
      setAttempt((a) => a + 1);
    },
  };
}

function Bar({
  f,
  x,
  width,
  y,
  t,
}: {
  f: FailoverFigure;
  x: number;
  width: number;
  y: (s: number) => number;
  t: (k: FailoverKey, p?: Record<string, unknown>) => string;
}) {
  const y0 = y(0);
  const yDetect = y(f.detectMs / 1000);
  const yTotal = y(f.totalMs / 1000);
  const label = t('bar', {
    mode: t(f.mode),
    partitions: f.partitions.toLocaleString(),
    total: secs(f.totalMs),
    detect: secs(f.detectMs),
    load: secs(f.loadMs),
    reads: f.zkReads.toLocaleString(),
  });
  return (
    <g className={`fo-bar fo-${f.mode}`} tabIndex={0} role="img" aria-label={label} data-key={`${f.mode}:${f.partitions}`}>
      <title>{label}</title>
      <rect className="fo-detect" x={x} width={width} y={yDetect} height={Math.max(0, y0 - yDetect)} />
      {f.loadMs > 0 && <rect className="fo-load" x={x} width={width} y={yTotal} height={Math.max(1, yDetect - yTotal)} />}
      <text className="fo-value" x={x + width / 2} y={yTotal - 4} textAnchor="middle">
        {secs(f.totalMs)}
      </text>
    </g>
  );
}

export function FailoverChart() {
  const t = useTranslator(failoverStrings);
  const figures = useStore((s) => s.failover);
  const { running, error, retry } = useMeasurements();
  const have = JOBS.map((j) => figures[j.key]).filter((f): f is FailoverFigure => f !== undefined);
  const x = scaleBand<number>()
    .domain([...FAILOVER_PARTITIONS])
    .range([M.left, W - M.right])
    .padding(0.25);
  const inner = scaleBand<Mode>()
    .domain([...MODES])
    .range([0, x.bandwidth()])
    .padding(0.12);
  const max = Math.max(1, ...have.map((f) => f.totalMs / 1000));
  const y = scaleLinear()
    .domain([0, max * 1.12])
    .nice()
    .range([H - M.bottom, M.top]);
  const done = have.length;
  return (
    <section className="view failover-view" aria-label={t('title')} data-measured={done}>
      <h3>{t('title')}</h3>
      {running ? (
        <p className="hint" role="status">
          <progress max={JOBS.length} value={done} />{' '}
          {t('measuring', { done: done + 1, total: JOBS.length, mode: t(running.mode), partitions: running.partitions.toLocaleString() })}
        </p>
      ) : error ? (
        <p className="refused" role="alert">
          {t('failed', { message: error })} <button onClick={retry}>{t('retry')}</button>
        </p>
      ) : done === JOBS.length ? (
        <p className="hint">{t('measured')}</p>
      ) : null}
      <svg className="fo-chart" viewBox={`0 0 ${W} ${H}`} role="group" aria-label={t('title')}>
        {y.ticks(5).map((s) => (
          <g key={s} className="fo-tick">
            <line x1={M.left} x2={W - M.right} y1={y(s)} y2={y(s)} />
            <text x={M.left - 6} y={y(s) + 4} textAnchor="end">
              {s}
            </text>
          </g>
        ))}
        <text className="fo-axis" x={12} y={M.top - 12}>
          {t('secondsAxis')}
        </text>
        {FAILOVER_PARTITIONS.map((p) => (
          <g key={p}>
            <text className="fo-axis" x={x(p)! + x.bandwidth() / 2} y={H - M.bottom + 24} textAnchor="middle">
              {p.toLocaleString()}
            </text>
            {MODES.map((m) => {
              const f = figures[`${m}:${p}`];
              return f ? <Bar key={m} f={f} x={x(p)! + inner(m)!} width={inner.bandwidth()} y={y} t={t} /> : null;
            })}
          </g>
        ))}
        <text className="fo-axis" x={(M.left + W - M.right) / 2} y={H - 4} textAnchor="middle">
          {t('partitionsAxis')}
        </text>
      </svg>
      <ul className="fo-legend">
        <li>
          <span className="fo-swatch fo-zookeeper fo-detect" /> {t('zookeeper')}: {t('detectZk')}
        </li>
        <li>
          <span className="fo-swatch fo-zookeeper fo-load" /> {t('zookeeper')}: {t('load')}
        </li>
        <li>
          <span className="fo-swatch fo-kraft fo-detect" /> {t('kraft')}: {t('detectKraft')}
        </li>
      </ul>
      <table className="fo-table">
        <thead>
          <tr>
            <th>{t('colMode')}</th>
            <th>{t('colPartitions')}</th>
            <th>{t('colDetect')}</th>
            <th>{t('colLoad')}</th>
            <th>{t('colTotal')}</th>
            <th>{t('colReads')}</th>
          </tr>
        </thead>
        <tbody>
          {have.map((f) => (
            <tr key={`${f.mode}:${f.partitions}`}>
              <td>{t(f.mode)}</td>
              <td>{f.partitions.toLocaleString()}</td>
              <td>{t('seconds', { s: secs(f.detectMs) })}</td>
              <td>{t('seconds', { s: secs(f.loadMs) })}</td>
              <td>{t('seconds', { s: secs(f.totalMs) })}</td>
              <td>{f.zkReads.toLocaleString()}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
