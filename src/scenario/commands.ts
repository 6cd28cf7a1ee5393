// The scenario commands that act on brokers, topics and producers: each one issues the operation and lets
// simulated time run until it completes or fails (bounded by request.timeout.ms, as a client would wait).
import type { StateDump, Step } from './types';
import type { Cluster } from '../engine/cluster/Cluster';
import { addPartitions, createTopic, electLeaders, setConfig, stopBroker } from '../engine/cluster/admin';
import type { PendingRecord } from '../engine/client/Producer';
import type { Acks } from '../engine/broker/requests';
import { BROKER_KEYS, TOPIC_KEYS, parseValue, type ConfigValue } from '../engine/config';
import { advanceUntilChange } from './advanceUntil';

export interface RunContext {
  readonly cluster: Cluster;
  readonly errors: StateDump['errors'];
  readonly lookups: unknown[];
  runUntil(done: () => boolean, maxMs: number): boolean;
  runFor(ms: number): void;
  readonly now: number;
  dump(): StateDump;
}

const PROPAGATION_TIMEOUT_MS = 10000;
const enc = new TextEncoder();

function requestTimeout(run: RunContext): number {
  return run.cluster.ctx.config.num('request.timeout.ms');
}

function refuse(run: RunContext, i: number, command: string, error: string): void {
  run.errors.push({ step: i, do: command, error });
  run.cluster.ctx.emit('AdminRequestFailed', { index: i, do: command, error });
}

/** Every live replica knows the controller's current leader and epoch for the topic's partitions. */
function leadershipPropagated(c: Cluster, topic?: string): boolean {
  const core = c.activeController();
  if (!core) return true;
  for (const s of core.allStates()) {
    if (topic !== undefined && s.topic !== topic) continue;
    for (const r of s.replicas) {
      const b = c.brokers.get(r);
      if (!b || b.status !== 'online' || !core.liveBrokers.has(r)) continue;
      const p = b.replicaManager.getPartition(s.topic, s.partition);
      if (!p || p.leaderEpoch < s.leaderEpoch) return false;
    }
  }
  return true;
}

/** The controller has taken the topic's partitions and every live replica knows its leader. */
function topicReady(c: Cluster, topic: string, partitions: number): boolean {
  return (c.activeController()?.topics.get(topic)?.length ?? 0) >= partitions && leadershipPropagated(c, topic);
}

export function executeStep(run: RunContext, step: Step, i: number): void {
  const c = run.cluster;
  switch (step.do) {
    case 'createTopic': {
      const r = createTopic(c, step.topic as string, step.partitions as number, step.replicationFactor as number, (step.assignment as 'seed' | 'kafka' | number[][] | undefined) ?? 'seed', topicConfig(step.config));
      if (r.error) return refuse(run, i, step.do, r.error);
      const n = Array.isArray(step.assignment) ? step.assignment.length : (step.partitions as number);
      run.runUntil(() => topicReady(c, step.topic as string, n), PROPAGATION_TIMEOUT_MS);
      return;
    }
    case 'addPartitions': {
      const r = addPartitions(c, step.topic as string, step.partitions as number);
      if (r.error) return refuse(run, i, step.do, r.error);
      run.runUntil(() => topicReady(c, step.topic as string, step.partitions as number), PROPAGATION_TIMEOUT_MS);
      return;
    }
    case 'produce':
      return produce(run, step, i);
    case 'addBroker': {
      const b = c.addBroker(step.broker as number);
      run.runUntil(() => c.activeController()?.liveBrokers.has(b.id) === true && b.metadata.controllerId !== null, PROPAGATION_TIMEOUT_MS);
      return;
    }
    case 'stopBroker': {
      const b = c.brokers.get(step.broker as number)!;
      if (b.status !== 'online' && b.status !== 'paused') return;
      stopBroker(c, b.id);
      run.runUntil(() => b.status === 'stopped', 4 * requestTimeout(run));
      run.runUntil(() => leadershipPropagated(c), PROPAGATION_TIMEOUT_MS);
      return;
    }
    case 'crashBroker': {
      const b = c.brokers.get(step.broker as number)!;
      if (b.isUp) b.crash(step.loseUnflushed === true);
      return;
    }
    case 'startBroker': {
      const b = c.brokers.get(step.broker as number)!;
      if (b.isUp) return;
      b.start();
      // A restart right after a crash waits for the old ZooKeeper session to expire first.
      run.runUntil(() => c.activeController()?.liveBrokers.has(b.id) === true && b.metadata.controllerId !== null, c.ctx.config.num('zookeeper.session.timeout.ms') + PROPAGATION_TIMEOUT_MS);
      run.runUntil(() => leadershipPropagated(c), PROPAGATION_TIMEOUT_MS);
      return;
    }
    case 'pauseBroker': {
      const b = c.brokers.get(step.broker as number)!;
      if (b.status === 'online') b.pause(step.ms as number);
      return;
    }
    case 'isolate':
      c.isolate(step.broker as number, (step.from as 'all' | number[] | undefined) ?? 'all');
      return;
    case 'heal':
      c.heal(step.broker as number | undefined);
      return;
    case 'advance':
      if (step.until === 'change') advanceUntilChange(run, c.events, step.ms as number);
      else run.runFor(step.ms as number);
      return;
    case 'lookup':
      return lookup(run, step, i);
    case 'electLeaders': {
      const r = electLeaders(c, step.type as 'preferred' | 'unclean', step.topic as string | undefined, step.partition as number | undefined);
      if (r.error) refuse(run, i, step.do, r.error);
      run.runUntil(() => leadershipPropagated(c), PROPAGATION_TIMEOUT_MS);
      return;
    }
    case 'setConfig': {
      const key = step.key as string;
      const kind = step.topic !== undefined ? TOPIC_KEYS[key] : BROKER_KEYS[key].kind;
      const v = parseValue(kind, step.value);
      setConfig(c, key, v.ok ? v.value : null, { broker: step.broker as number | undefined, topic: step.topic as string | undefined });
      run.runUntil(() => leadershipPropagated(c), PROPAGATION_TIMEOUT_MS);
      return;
    }
    default:
      throw new Error(`the command "${step.do}" is not implemented in this build`);
  }
}

function topicConfig(raw: unknown): Record<string, ConfigValue> {
  const out: Record<string, ConfigValue> = {};
  for (const [k, v] of Object.entries((raw as Record<string, unknown>) ?? {})) {
    const r = parseValue(TOPIC_KEYS[k], v);
    if (r.ok) out[k] = r.value;
  }
  return out;
}

function parseAcks(v: unknown): Acks {
  if (v === undefined || v === 'all' || v === -1 || v === '-1') return -1;
  return v === 0 || v === '0' ? 0 : 1;
}

const fill = (template: string | null | undefined, n: number): string | null | undefined => (typeof template === 'string' ? template.replaceAll('{n}', String(n)) : template);

/** produce: records go through the partitioner and accumulator; the step waits for all of them (or the timeout). */
function produce(run: RunContext, step: Step, i: number): void {
  const c = run.cluster;
  const p = c.producer((step.producer as string | undefined) ?? 'producer-1');
  const acks = parseAcks(step.acks);
  // Kafka 3.x: idempotence is on by default, but only with acks=all; asked for explicitly with other acks it is a config error.
  if (step.idempotent === true && acks !== -1) return refuse(run, i, 'produce', 'INVALID_CONFIG');
  const idempotent = step.idempotent === undefined ? acks === -1 : (step.idempotent as boolean);
  const topic = step.topic as string;
  if (!p.hasFreshMetadata(topic)) {
    let ready = false;
    p.ensureMetadata(() => (ready = true));
    run.runUntil(() => ready, requestTimeout(run));
  }
  const count = (step.count as number | undefined) ?? 1;
  if (!p.knowsTopic(topic)) {
    for (let n = 0; n < count; n++) p.failed.push({ topic, partition: (step.partition as number | undefined) ?? -1, error: 'UNKNOWN_TOPIC_OR_PARTITION' });
    c.ctx.emit('ProduceFailed', { producer: p.name, topic, partition: step.partition ?? -1, error: 'UNKNOWN_TOPIC_OR_PARTITION', count });
    return;
  }
  if (step.partition !== undefined && (step.partition as number) >= p.partitionCount(topic)) {
    for (let n = 0; n < count; n++) p.failed.push({ topic, partition: step.partition as number, error: 'UNKNOWN_TOPIC_OR_PARTITION' });
    c.ctx.emit('ProduceFailed', { producer: p.name, topic, partition: step.partition, error: 'UNKNOWN_TOPIC_OR_PARTITION', count });
    return;
  }
  if (idempotent) {
    let got = false;
    p.initProducerId(() => c.allocateProducerId(), () => (got = true));
    run.runUntil(() => got, requestTimeout(run));
  }
  const now = run.now;
  const records: PendingRecord[] = [];
  for (let n = 0; n < count; n++) {
    const key = fill(step.key as string | null | undefined, n);
    const value = fill(step.value === undefined ? 'v{n}' : (step.value as string | null), n);
    const keyBytes = key == null ? null : enc.encode(key);
    const valueBytes = value == null ? null : enc.encode(value);
    const partition = p.choosePartition(topic, keyBytes, step.partition as number | undefined, (keyBytes?.length ?? 0) + (valueBytes?.length ?? 0) + 12);
    records.push({ topic, partition, record: { key: keyBytes, value: valueBytes, timestamp: now }, acks, idempotent, done: false, lastError: null, inFlight: false });
  }
  p.send(records);
  const all = () => records.every((r) => r.done);
  if (!run.runUntil(all, requestTimeout(run))) p.fail(records.filter((r) => !r.done));
}

function lookup(run: RunContext, step: Step, i: number): void {
  const c = run.cluster;
  const topic = step.topic as string;
  const partition = step.partition as number;
  const core = c.activeController();
  const leader = core?.states.get(`${topic}-${partition}`)?.leader ?? null;
  const brokerId = (step.broker as number | undefined) ?? leader;
  const p = brokerId === null ? undefined : c.brokers.get(brokerId)?.replicaManager.getPartition(topic, partition);
  if (brokerId === null || !p) {
    const entry = { topic, partition, offset: step.offset, broker: brokerId, segment: null, indexEntry: null, scannedBytes: 0, position: null, error: brokerId === null ? 'LEADER_NOT_AVAILABLE' : 'REPLICA_NOT_AVAILABLE' };
    run.lookups.push(entry);
    c.ctx.emit('Lookup', { ...entry, index: i });
    return;
  }
  const t = p.log.lookup(step.offset as number);
  const entry = { topic, partition, offset: step.offset, broker: brokerId, segment: t.segment, indexEntry: t.indexEntry, scannedBytes: t.scannedBytes, position: t.position, error: t.error, segmentsProbed: t.segmentsProbed, indexProbed: t.indexProbed, scanned: t.scanned };
  run.lookups.push(entry);
  c.ctx.emit('Lookup', { broker: brokerId, topic, partition, offset: step.offset, segment: t.segment, position: t.position, error: t.error });
}
