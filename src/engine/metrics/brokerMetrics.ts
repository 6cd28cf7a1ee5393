/**
 * The broker and controller metrics operators watch, computed from a state dump's view of the cluster (gauges) and
 * from the simulated times of the events that mark Kafka's meters (rates), with Kafka's JMX names:
 *
 * kafka.server:type=ReplicaManager (every live broker; ReplicaManager.scala)
 *   PartitionCount            partitions this broker hosts a replica of (allPartitions.size)
 *   LeaderCount               partitions it leads (leaderPartitionsIterator.size)
 *   UnderReplicatedPartitions partitions it leads whose ISR is smaller than the replica set (Partition.isUnderReplicated)
 *   IsrShrinksPerSec / IsrExpandsPerSec  meters, marked when an ISR change it asked for is committed
 *                                        (AlterPartitionListener.markIsrShrink / markIsrExpand)
 * kafka.server:type=BrokerTopicMetrics,name=FailedProduceRequestsPerSec (all topics)
 *   marked once per partition whose append failed — except for the errors Kafka calls expected
 *   (ReplicaManager.appendToLocalLog: UNKNOWN_TOPIC_OR_PARTITION, NOT_LEADER_OR_FOLLOWER, MESSAGE_TOO_LARGE,
 *   RECORD_LIST_TOO_LARGE, CORRUPT_MESSAGE, KAFKA_STORAGE_ERROR are not counted; NOT_ENOUGH_REPLICAS is)
 * kafka.controller (the controller: in zookeeper mode the broker holding /controller, in kraft mode the
 * controller quorum nodes)
 *   ActiveControllerCount     1 on the active controller, 0 elsewhere
 *   OfflinePartitionsCount    partitions without a leader (zookeeper: KafkaController reports it only while
 *                             active; kraft: every controller reports what its metadata shows)
 *   UncleanLeaderElectionsPerSec  meter, one mark per partition elected uncleanly
 *   LeaderElectionRateAndTimeMs   zookeeper mode only: a Timer over the controller's BrokerChange events
 *                             (ControllerState.BrokerChange keeps that old name); Kafka 4.x's KRaft controller
 *                             has no such metric, so kraft mode does not report it.
 * A stopped or crashed node has no JMX: its metrics are null.
 */
import { meterAt, timerAt, type MeterSnapshot, type TimerSnapshot } from './yammerMeter';

export type NodeStatus = 'online' | 'stopped' | 'crashed' | 'paused';

/** The parts of a state dump the gauges read. */
export interface ClusterView {
  mode: 'zookeeper' | 'kraft';
  /** the active controller: a broker id in zookeeper mode, a quorum node id in kraft mode */
  controller: { id: number | null };
  brokers: Record<string, { status: NodeStatus }>;
  /** kraft mode: the controller quorum (dump.quorum.voters) */
  quorum?: { voters: Record<string, { status: NodeStatus }> };
  topics: Record<string, { partitions: Record<string, { leader: number | null; replicas: number[]; isr: number[] }> }>;
  /** each live broker's own view of the partitions it hosts (ReplicaManager.allPartitions), when known; otherwise
   *  the gauges read `topics` */
  brokerPartitions?: Record<string, { leader: number | null; replicas: number[]; isr: number[] }[]>;
}

/** When each metered event happened (simulated ms) and on which node. */
export interface MetricEvents {
  /** when each node (broker or controller) last started: its meters were created then */
  startedAt: Record<string, number>;
  isrShrinks: { node: number; at: number }[];
  isrExpands: { node: number; at: number }[];
  /** one entry per failed partition append, with Kafka's error name */
  produceErrors: { node: number; at: number; error: string }[];
  uncleanElections: { node: number; at: number }[];
  /** zookeeper mode: BrokerChange events handled by the controller, with their duration */
  brokerChangeEvents: { node: number; at: number; durationMs: number }[];
}

/** ReplicaManager.appendToLocalLog's "known exceptions" that do not mark FailedProduceRequestsPerSec */
export const UNCOUNTED_PRODUCE_ERRORS: ReadonlySet<string> = new Set([
  'UNKNOWN_TOPIC_OR_PARTITION',
  'NOT_LEADER_OR_FOLLOWER',
  'MESSAGE_TOO_LARGE',
  'RECORD_LIST_TOO_LARGE',
  'CORRUPT_MESSAGE',
  'KAFKA_STORAGE_ERROR',
]);

export interface NodeMetrics {
  /** gauges, and each meter's OneMinuteRate (events per second) */
  values: Record<string, number>;
  /** each meter's Count: what changed in a step even before the next 5-second tick moves the rate */
  counts: Record<string, number>;
  /** LeaderElectionRateAndTimeMs's Mean and Max (zookeeper mode controller) */
  timeMs?: Record<string, { mean: number; max: number }>;
}

export interface ClusterMetrics {
  brokers: Record<string, NodeMetrics | null>;
  /** kraft mode: the controller quorum's nodes */
  controllers?: Record<string, NodeMetrics | null>;
}

const alive = (s: NodeStatus) => s === 'online' || s === 'paused';

function partitionsOf(view: ClusterView) {
  return Object.values(view.topics).flatMap((t) => Object.values(t.partitions));
}

function replicaManagerGauges(view: ClusterView, broker: number): Record<string, number> {
  let partitionCount = 0,
    leaderCount = 0,
    underReplicated = 0;
  for (const p of view.brokerPartitions?.[String(broker)] ?? partitionsOf(view)) {
    if (p.replicas.includes(broker)) partitionCount++;
    if (p.leader === broker) {
      leaderCount++;
      if (p.isr.length < p.replicas.length) underReplicated++;
    }
  }
  return { UnderReplicatedPartitions: underReplicated, PartitionCount: partitionCount, LeaderCount: leaderCount };
}

const offlinePartitions = (view: ClusterView) => partitionsOf(view).filter((p) => p.leader === null).length;

/** Each node's meters by Kafka's name (the engine keeps them incrementally; MetricEvents recomputes them). */
export interface MeterSource {
  meter(node: string, name: MeterName, now: number): MeterSnapshot;
  timer(node: string, name: 'LeaderElectionRateAndTimeMs', now: number): TimerSnapshot;
}

export type MeterName = 'IsrShrinksPerSec' | 'IsrExpandsPerSec' | 'FailedProduceRequestsPerSec' | 'UncleanLeaderElectionsPerSec';

/** The meters of event lists, each recomputed from its marks (meterAt, timerAt). */
export function eventsMeterSource(events: MetricEvents): MeterSource {
  const createdAt = (id: string) => events.startedAt[id] ?? 0;
  const lists: Record<MeterName, { node: number; at: number }[]> = {
    IsrShrinksPerSec: events.isrShrinks,
    IsrExpandsPerSec: events.isrExpands,
    FailedProduceRequestsPerSec: events.produceErrors.filter((e) => !UNCOUNTED_PRODUCE_ERRORS.has(e.error)),
    UncleanLeaderElectionsPerSec: events.uncleanElections,
  };
  return {
    meter: (node, name, now) =>
      meterAt(
        lists[name].filter((e) => String(e.node) === node),
        createdAt(node),
        now,
      ),
    timer: (node, _name, now) =>
      timerAt(
        events.brokerChangeEvents.filter((e) => String(e.node) === node),
        createdAt(node),
        now,
      ),
  };
}

export function clusterMetrics(view: ClusterView, events: MetricEvents | MeterSource, now: number): ClusterMetrics {
  const source = 'meter' in events ? events : eventsMeterSource(events);
  const meters = (id: string, names: MeterName[]) => {
    const values: Record<string, number> = {};
    const counts: Record<string, number> = {};
    for (const name of names) {
      const m = source.meter(id, name, now);
      values[name] = m.oneMinuteRate;
      counts[name] = m.count;
    }
    return { values, counts };
  };
  const controllerMetrics = (id: string): NodeMetrics => {
    const active = view.controller.id !== null && String(view.controller.id) === id;
    const m = meters(id, ['UncleanLeaderElectionsPerSec']);
    const values: Record<string, number> = {
      ActiveControllerCount: active ? 1 : 0,
      // KafkaController: `if (!isActive) 0 else offlinePartitionCount`; kraft controllers all report it
      OfflinePartitionsCount: active || view.mode === 'kraft' ? offlinePartitions(view) : 0,
      ...m.values,
    };
    const out: NodeMetrics = { values, counts: m.counts };
    if (view.mode === 'zookeeper') {
      const t = source.timer(id, 'LeaderElectionRateAndTimeMs', now);
      values.LeaderElectionRateAndTimeMs = t.oneMinuteRate;
      out.counts.LeaderElectionRateAndTimeMs = t.count;
      out.timeMs = { LeaderElectionRateAndTimeMs: { mean: t.meanMs, max: t.maxMs } };
    }
    return out;
  };

  const brokers: Record<string, NodeMetrics | null> = {};
  for (const [id, b] of Object.entries(view.brokers)) {
    if (!alive(b.status)) {
      brokers[id] = null;
      continue;
    }
    const m = meters(id, ['IsrShrinksPerSec', 'IsrExpandsPerSec', 'FailedProduceRequestsPerSec']);
    const node: NodeMetrics = { values: { ...replicaManagerGauges(view, Number(id)), ...m.values }, counts: m.counts };
    if (view.mode === 'zookeeper') {
      // every broker has the controller's metrics; only the active one reports non-zero values
      const c = controllerMetrics(id);
      Object.assign(node.values, c.values);
      Object.assign(node.counts, c.counts);
      if (c.timeMs) node.timeMs = c.timeMs;
    }
    brokers[id] = node;
  }
  if (view.mode === 'zookeeper' || !view.quorum) return { brokers };
  const controllers: Record<string, NodeMetrics | null> = {};
  for (const [id, v] of Object.entries(view.quorum.voters)) controllers[id] = alive(v.status) ? controllerMetrics(id) : null;
  return { brokers, controllers };
}

/** What one step changed: metric by metric, after minus before (gauges, rates and counts alike). */
export function metricsDelta(before: NodeMetrics | null, after: NodeMetrics | null): Record<string, number> {
  const out: Record<string, number> = {};
  if (!after) return out;
  for (const [k, v] of Object.entries(after.values)) {
    const d = v - (before?.values[k] ?? 0);
    if (d !== 0) out[k] = d;
  }
  for (const [k, v] of Object.entries(after.counts)) {
    const d = v - (before?.counts[k] ?? 0);
    if (d !== 0) out[`${k}.Count`] = d;
  }
  return out;
}
