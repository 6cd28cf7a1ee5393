// The configuration keys the engine models, with Kafka's defaults (Kafka 3.x unless noted), and the
// mapping from broker defaults (log.*) to topic-level keys. A key not listed here is an error.
import type { LogConfig } from '../storage/log/types';

export type Kind = 'int' | 'bool' | 'ratio' | 'policy' | 'compression' | 'nullableInt' | 'offsetsStorage' | 'serverAssignors';
interface KeySpec {
  kind: Kind;
  def: number | boolean | string | null;
  topicKey?: string;
}

const DAY = 86_400_000;

/** Broker (and client) keys a scenario's `config` or a broker-level setConfig may set. */
export const BROKER_KEYS: Record<string, KeySpec> = {
  'zookeeper.session.timeout.ms': { kind: 'int', def: 18000 },
  'zookeeper.max.in.flight.requests': { kind: 'int', def: 10 },
  'broker.session.timeout.ms': { kind: 'int', def: 9000 },
  'broker.heartbeat.interval.ms': { kind: 'int', def: 2000 },
  'replica.lag.time.max.ms': { kind: 'int', def: 30000 },
  'replica.fetch.wait.max.ms': { kind: 'int', def: 500 },
  'replica.fetch.max.bytes': { kind: 'int', def: 1048576 },
  'replica.fetch.backoff.ms': { kind: 'int', def: 1000 },
  'min.insync.replicas': { kind: 'int', def: 1, topicKey: 'min.insync.replicas' },
  'unclean.leader.election.enable': { kind: 'bool', def: false, topicKey: 'unclean.leader.election.enable' },
  'auto.leader.rebalance.enable': { kind: 'bool', def: true },
  'leader.imbalance.check.interval.seconds': { kind: 'int', def: 300 },
  'leader.imbalance.per.broker.percentage': { kind: 'int', def: 10 },
  'controlled.shutdown.enable': { kind: 'bool', def: true },
  'log.segment.bytes': { kind: 'int', def: 1073741824, topicKey: 'segment.bytes' },
  'log.roll.ms': { kind: 'int', def: 7 * DAY, topicKey: 'segment.ms' },
  'log.index.size.max.bytes': { kind: 'int', def: 10485760, topicKey: 'segment.index.bytes' },
  'log.index.interval.bytes': { kind: 'int', def: 4096, topicKey: 'index.interval.bytes' },
  'log.retention.ms': { kind: 'int', def: 7 * DAY, topicKey: 'retention.ms' },
  'log.retention.bytes': { kind: 'int', def: -1, topicKey: 'retention.bytes' },
  'log.retention.check.interval.ms': { kind: 'int', def: 300000 },
  'log.cleanup.policy': { kind: 'policy', def: 'delete', topicKey: 'cleanup.policy' },
  'log.cleaner.delete.retention.ms': { kind: 'int', def: DAY, topicKey: 'delete.retention.ms' },
  'log.cleaner.min.cleanable.ratio': { kind: 'ratio', def: 0.5, topicKey: 'min.cleanable.dirty.ratio' },
  'log.cleaner.backoff.ms': { kind: 'int', def: 15000 },
  'log.flush.interval.messages': { kind: 'nullableInt', def: null, topicKey: 'flush.messages' },
  'log.flush.interval.ms': { kind: 'nullableInt', def: null, topicKey: 'flush.ms' },
  'compression.type': { kind: 'compression', def: 'producer', topicKey: 'compression.type' },
  'offsets.topic.num.partitions': { kind: 'int', def: 50 },
  'offsets.topic.replication.factor': { kind: 'int', def: 3 },
  'group.initial.rebalance.delay.ms': { kind: 'int', def: 3000 },
  'group.min.session.timeout.ms': { kind: 'int', def: 6000 },
  'group.max.session.timeout.ms': { kind: 'int', def: 1800000 },
  // the consumer protocol (KIP-848, Kafka 4.0's group coordinator): the first assignor is the default
  'group.consumer.assignors': { kind: 'serverAssignors', def: 'uniform,range' },
  'group.consumer.session.timeout.ms': { kind: 'int', def: 45000 },
  'group.consumer.heartbeat.interval.ms': { kind: 'int', def: 5000 },
  // transactions (TransactionStateManagerConfig, TransactionLogConfig; transaction.version is a KRaft feature in
  // Kafka 4: -1 here means the mode's own, 2 in kraft mode (Kafka 4.0) and 0 in zookeeper mode (Kafka 2.x))
  'transaction.state.log.num.partitions': { kind: 'int', def: 50 },
  'transaction.state.log.replication.factor': { kind: 'int', def: 3 },
  'transaction.state.log.min.isr': { kind: 'int', def: 2 },
  'transaction.max.timeout.ms': { kind: 'int', def: 900000 },
  'transaction.abort.timed.out.transaction.cleanup.interval.ms': { kind: 'int', def: 10000 },
  'transaction.version': { kind: 'int', def: -1 },
  // KIP-966's feature (kraft mode): 0 in Kafka 4.0 unless enabled, 1 keeps eligible leader replicas
  'eligible.leader.replicas.version': { kind: 'int', def: 0 },
  // client defaults (producer / consumer), settable cluster-wide for a scenario
  'request.timeout.ms': { kind: 'int', def: 30000 },
  'delivery.timeout.ms': { kind: 'int', def: 120000 },
  'retry.backoff.ms': { kind: 'int', def: 100 },
  'linger.ms': { kind: 'int', def: 0 },
  'batch.size': { kind: 'int', def: 16384 },
  'max.in.flight.requests.per.connection': { kind: 'int', def: 5 },
  'producer.compression.type': { kind: 'compression', def: 'none' },
  'session.timeout.ms': { kind: 'int', def: 45000 },
  'heartbeat.interval.ms': { kind: 'int', def: 3000 },
  'max.poll.interval.ms': { kind: 'int', def: 300000 },
  'auto.commit.interval.ms': { kind: 'int', def: 5000 },
  'metadata.max.age.ms': { kind: 'int', def: 300000 },
  'transaction.timeout.ms': { kind: 'int', def: 60000 },
  // the old consumer's offsets.storage (0.8.2-0.10): "zookeeper" = the article's model, groups and offsets
  // under /consumers/<group>/... (zookeeper mode only); "kafka" = the group coordinator and __consumer_offsets
  'offsets.storage': { kind: 'offsetsStorage', def: 'kafka' },
  // simulation settings (not Kafka keys): the network's one-way latency, and the article's
  // unfenced controller (turn epoch fencing off to replay the 0.8.1 two-controllers story)
  'sim.network.latency.ms': { kind: 'int', def: 1 },
  // the OS writes dirty page-cache pages back on its own (Linux vm.dirty_expire_centisecs = 30 s, checked
  // every vm.dirty_writeback_centisecs = 5 s); 0 turns it off
  'sim.os.dirty.expire.ms': { kind: 'int', def: 30000 },
  'sim.os.dirty.writeback.ms': { kind: 'int', def: 5000 },
  'sim.controller.fencing': { kind: 'bool', def: true },
};

/** Topic-level keys (createTopic config, setConfig with topic). */
export const TOPIC_KEYS: Record<string, Kind> = {
  'segment.bytes': 'int',
  'segment.ms': 'int',
  'segment.index.bytes': 'int',
  'index.interval.bytes': 'int',
  'retention.ms': 'int',
  'retention.bytes': 'int',
  'cleanup.policy': 'policy',
  'delete.retention.ms': 'int',
  'min.cleanable.dirty.ratio': 'ratio',
  'flush.messages': 'nullableInt',
  'flush.ms': 'nullableInt',
  'min.insync.replicas': 'int',
  'unclean.leader.election.enable': 'bool',
  'compression.type': 'compression',
};

export type ConfigValue = number | boolean | string | null;

/** Parses a value for a key kind; returns an error reason or the value. */
export function parseValue(kind: Kind, v: unknown): { ok: true; value: ConfigValue } | { ok: false; reason: string } {
  switch (kind) {
    case 'int': {
      const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : v;
      return typeof n === 'number' && Number.isSafeInteger(n) ? { ok: true, value: n } : { ok: false, reason: 'an integer' };
    }
    case 'nullableInt': {
      if (v === null) return { ok: true, value: null };
      const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : v;
      return typeof n === 'number' && Number.isSafeInteger(n) && n > 0 ? { ok: true, value: n } : { ok: false, reason: 'a positive integer or null' };
    }
    case 'ratio': {
      const n = typeof v === 'string' ? Number(v) : v;
      return typeof n === 'number' && n >= 0 && n <= 1 ? { ok: true, value: n } : { ok: false, reason: 'a number from 0 to 1' };
    }
    case 'bool':
      if (typeof v === 'boolean') return { ok: true, value: v };
      if (v === 'true' || v === 'false') return { ok: true, value: v === 'true' };
      return { ok: false, reason: 'true or false' };
    case 'policy':
      return v === 'delete' || v === 'compact' || v === 'compact,delete' || v === 'delete,compact'
        ? { ok: true, value: v === 'delete,compact' ? 'compact,delete' : v }
        : { ok: false, reason: '"delete", "compact" or "compact,delete"' };
    case 'serverAssignors':
      return v === 'uniform' || v === 'range' || v === 'uniform,range' || v === 'range,uniform'
        ? { ok: true, value: v }
        : { ok: false, reason: '"uniform", "range", "uniform,range" or "range,uniform"' };
    case 'offsetsStorage':
      return v === 'kafka' || v === 'zookeeper' ? { ok: true, value: v } : { ok: false, reason: '"kafka" or "zookeeper"' };
    case 'compression':
      return v === 'none' || v === 'gzip' || v === 'producer' || v === 'uncompressed'
        ? { ok: true, value: v === 'uncompressed' ? 'none' : v }
        : { ok: false, reason: '"none", "gzip", "producer" or "uncompressed"' };
  }
}

const INT = 2_147_483_647;
const LONG = Number.MAX_SAFE_INTEGER;

/**
 * The range of each integer key: Kafka's own validators (e.g. segment.bytes atLeast 14, min.insync.replicas
 * atLeast 1, log.retention.check.interval.ms atLeast 1), and at least 1 ms for every interval the simulation
 * schedules (a 0 ms period would never let simulated time move on). Keys not listed: [-1, 2^53 - 1].
 */
export const CONFIG_RANGES: Record<string, readonly [number, number]> = {
  'zookeeper.session.timeout.ms': [1, DAY],
  'zookeeper.max.in.flight.requests': [1, 1000],
  'broker.session.timeout.ms': [1, DAY],
  'broker.heartbeat.interval.ms': [1, DAY],
  'replica.lag.time.max.ms': [1, DAY],
  'replica.fetch.wait.max.ms': [0, DAY],
  'replica.fetch.max.bytes': [1, INT],
  'replica.fetch.backoff.ms': [0, DAY],
  'min.insync.replicas': [1, 64],
  'leader.imbalance.check.interval.seconds': [1, 86_400],
  'leader.imbalance.per.broker.percentage': [0, 100],
  'log.segment.bytes': [14, INT],
  'segment.bytes': [14, INT],
  'log.roll.ms': [1, LONG],
  'segment.ms': [1, LONG],
  'log.index.size.max.bytes': [4, INT],
  'segment.index.bytes': [4, INT],
  'log.index.interval.bytes': [0, INT],
  'index.interval.bytes': [0, INT],
  'log.retention.check.interval.ms': [1, LONG],
  'log.cleaner.backoff.ms': [1, LONG],
  'log.cleaner.delete.retention.ms': [0, LONG],
  'delete.retention.ms': [0, LONG],
  'log.flush.interval.messages': [1, LONG],
  'flush.messages': [1, LONG],
  'log.flush.interval.ms': [0, LONG],
  'flush.ms': [0, LONG],
  'offsets.topic.num.partitions': [1, 1000],
  'offsets.topic.replication.factor': [1, 64],
  'group.initial.rebalance.delay.ms': [0, DAY],
  'group.min.session.timeout.ms': [0, DAY],
  'group.max.session.timeout.ms': [0, DAY],
  'request.timeout.ms': [1, DAY],
  'delivery.timeout.ms': [1, DAY],
  'retry.backoff.ms': [1, DAY],
  'linger.ms': [0, DAY],
  'batch.size': [0, INT],
  'max.in.flight.requests.per.connection': [1, 1000],
  'session.timeout.ms': [1, DAY],
  'heartbeat.interval.ms': [1, DAY],
  'max.poll.interval.ms': [1, DAY],
  'auto.commit.interval.ms': [0, DAY],
  'metadata.max.age.ms': [1, DAY],
  'transaction.state.log.num.partitions': [1, 1000],
  'transaction.state.log.replication.factor': [1, 64],
  'transaction.state.log.min.isr': [1, 64],
  'transaction.max.timeout.ms': [1, DAY],
  'transaction.abort.timed.out.transaction.cleanup.interval.ms': [1, DAY],
  'transaction.version': [-1, 2],
  'eligible.leader.replicas.version': [0, 1],
  'transaction.timeout.ms': [1, DAY],
  'group.consumer.session.timeout.ms': [1, DAY],
  'group.consumer.heartbeat.interval.ms': [1, DAY],
  'sim.network.latency.ms': [1, 60_000],
  'sim.os.dirty.expire.ms': [0, LONG],
  'sim.os.dirty.writeback.ms': [0, LONG],
};

/** A config value for a key: its kind, then its range. */
export function checkConfigValue(
  key: string,
  kind: Kind,
  v: unknown,
): { ok: true; value: ConfigValue } | { ok: false; reason: string; range?: readonly [number, number] } {
  const r = parseValue(kind, v);
  if (!r.ok || typeof r.value !== 'number') return r;
  const range = Object.hasOwn(CONFIG_RANGES, key) ? CONFIG_RANGES[key] : ([-1, LONG] as const);
  return r.value >= range[0] && r.value <= range[1] ? r : { ok: false, reason: `an integer from ${range[0]} to ${range[1]}`, range };
}

/** Effective broker configuration: defaults overlaid with the scenario's values. */
export class BrokerConfig {
  private values = new Map<string, ConfigValue>();

  constructor(overrides: Record<string, ConfigValue>) {
    for (const [k, spec] of Object.entries(BROKER_KEYS)) this.values.set(k, spec.def);
    for (const [k, v] of Object.entries(overrides)) this.values.set(k, v);
  }

  set(key: string, value: ConfigValue): void {
    this.values.set(key, value);
  }

  num(key: string): number {
    return this.values.get(key) as number;
  }

  bool(key: string): boolean {
    return this.values.get(key) as boolean;
  }

  get(key: string): ConfigValue {
    return this.values.get(key) ?? null;
  }
}

/** Topic config resolved against broker defaults (Kafka's LogConfig with broker fallbacks). */
export function resolveTopicConfig(broker: BrokerConfig, topicOverrides: Record<string, ConfigValue>): Record<string, ConfigValue> {
  const out: Record<string, ConfigValue> = {};
  for (const [k, spec] of Object.entries(BROKER_KEYS)) if (spec.topicKey) out[spec.topicKey] = broker.get(k);
  for (const [k, v] of Object.entries(topicOverrides)) out[k] = v;
  return out;
}

export function toLogConfig(topic: Record<string, ConfigValue>, producerCompression: 'none' | 'gzip'): LogConfig {
  const compression = topic['compression.type'];
  return {
    segmentBytes: topic['segment.bytes'] as number,
    segmentMs: topic['segment.ms'] as number,
    segmentIndexBytes: topic['segment.index.bytes'] as number,
    indexIntervalBytes: topic['index.interval.bytes'] as number,
    retentionMs: topic['retention.ms'] as number,
    retentionBytes: topic['retention.bytes'] as number,
    cleanupPolicy: topic['cleanup.policy'] as LogConfig['cleanupPolicy'],
    deleteRetentionMs: topic['delete.retention.ms'] as number,
    minCleanableDirtyRatio: topic['min.cleanable.dirty.ratio'] as number,
    flushMessages: topic['flush.messages'] as number | null,
    flushMs: topic['flush.ms'] as number | null,
    compressionType: compression === 'gzip' || compression === 'none' ? compression : producerCompression,
  };
}
