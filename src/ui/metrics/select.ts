// The metrics view's table, derived from what the worker sent: the dump at the cursor and the metrics at the start
// of the cursor's step (store.stepStart). Each metric by Kafka's name, per node and for the cluster, with the change
// the step caused (after minus before). Meters (…PerSec, LeaderElectionRateAndTimeMs) carry their Count as well:
// a one-minute rate ticks every 5 s and moves by only 0.016/s for one event, the Count moves by 1 at once.
import { METRIC_NAMES, type MetricName } from '../../scenario/stepFields';
import type { StateDump } from '../../scenario/types';
import type { NodeMetricsDump, StepMetrics } from '../../worker/protocol';

export const METERS: ReadonlySet<MetricName> = new Set([
  'IsrShrinksPerSec',
  'IsrExpandsPerSec',
  'FailedProduceRequestsPerSec',
  'UncleanLeaderElectionsPerSec',
  'LeaderElectionRateAndTimeMs',
]);

/** The metrics a KRaft controller reports (kafka.controller); the others are the brokers' (kafka.server). */
const CONTROLLER_METRICS: ReadonlySet<MetricName> = new Set([
  'ActiveControllerCount',
  'OfflinePartitionsCount',
  'UncleanLeaderElectionsPerSec',
  'LeaderElectionRateAndTimeMs',
]);

export interface MetricCell {
  /** broker id, or the controller's node id in kraft mode */
  node: string;
  kind: 'broker' | 'controller';
  /** null: the node is down (no JMX) */
  value: number | null;
  before: number | null;
  /** value − before (0 when either is missing) */
  delta: number;
  /** meters: the Count, and what the step added */
  count?: number;
  countDelta?: number;
  /** the node went down or came up in this step */
  wentDown: boolean;
  cameUp: boolean;
  changed: boolean;
}

export interface MetricRow {
  name: MetricName;
  meter: boolean;
  /** false: this mode has no such metric (LeaderElectionRateAndTimeMs in kraft mode) */
  reported: boolean;
  cells: MetricCell[];
  cluster: { value: number; delta: number; count?: number; countDelta?: number; changed: boolean };
  changed: boolean;
}

const EPS = 1e-9;
const num = (a: string, b: string) => Number(a) - Number(b);

function cell(
  node: string,
  kind: MetricCell['kind'],
  name: MetricName,
  now: NodeMetricsDump | undefined,
  then: NodeMetricsDump | undefined,
  meter: boolean,
): MetricCell {
  const value = now?.metrics?.[name] ?? null;
  const before = then?.metrics?.[name] ?? null;
  const down = !now?.metrics;
  const wasDown = !then?.metrics;
  const delta = value !== null && before !== null ? value - before : 0;
  const out: MetricCell = {
    node,
    kind,
    value,
    before,
    delta,
    wentDown: down && !wasDown && then !== undefined,
    cameUp: !down && wasDown && then !== undefined,
    changed: false,
  };
  if (meter && !down) {
    const count = now?.metricCounts?.[name] ?? 0;
    const was = then?.metricCounts?.[name] ?? 0;
    out.count = count;
    // a restarted broker's meters start again from 0 (a new JVM): what it counted since is its change
    out.countDelta = then === undefined ? 0 : wasDown || count < was ? count : count - was;
  }
  out.changed = out.wentDown || out.cameUp || Math.abs(delta) > EPS || (out.countDelta ?? 0) !== 0;
  return out;
}

/** The metrics table at the cursor: every metric the view shows, in METRIC_NAMES order. */
export function metricRows(dump: StateDump | null, start: StepMetrics | null): MetricRow[] {
  if (!dump) return [];
  const kraft = dump.mode === 'kraft' || (dump.quorum !== undefined && dump.zookeeper === undefined);
  const brokers = Object.keys(dump.brokers).sort(num);
  const voters = Object.keys(dump.quorum?.voters ?? {}).sort(num);
  return METRIC_NAMES.map((name) => {
    const meter = METERS.has(name);
    const onControllers = kraft && CONTROLLER_METRICS.has(name);
    const reported = !(kraft && name === 'LeaderElectionRateAndTimeMs');
    const cells = !reported
      ? []
      : onControllers
        ? voters.map((id) => cell(id, 'controller', name, nodeOf(dump.quorum!.voters[id]), start?.controllers?.[id], meter))
        : brokers.map((id) => cell(id, 'broker', name, nodeOf(dump.brokers[id]), start?.brokers[id], meter));
    const live = cells.filter((c) => c.value !== null);
    // OfflinePartitionsCount: the active controller's (zookeeper: only the active one reports it); the rest add up
    const agg = (vals: number[]) => (name === 'OfflinePartitionsCount' ? Math.max(0, ...vals) : vals.reduce((a, b) => a + b, 0));
    const value = agg(live.map((c) => c.value!));
    const before = agg(cells.filter((c) => c.before !== null).map((c) => c.before!));
    const cluster: MetricRow['cluster'] = { value, delta: start ? value - before : 0, changed: false };
    if (meter) {
      cluster.count = live.reduce((a, c) => a + (c.count ?? 0), 0);
      cluster.countDelta = cells.reduce((a, c) => a + (c.countDelta ?? 0), 0);
    }
    cluster.changed = Math.abs(cluster.delta) > EPS || (cluster.countDelta ?? 0) !== 0;
    return { name, meter, reported, cells, cluster, changed: cluster.changed || cells.some((c) => c.changed) };
  });
}

function nodeOf(n: { metrics?: Record<string, number> | null; metricCounts?: Record<string, number> | null } | undefined): NodeMetricsDump | undefined {
  return n ? { metrics: n.metrics ?? null, metricCounts: n.metricCounts ?? null } : undefined;
}
