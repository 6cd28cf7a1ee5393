// CreateTopics (KafkaApis.handleCreateTopicsRequest -> ZkAdminManager.createTopics, or the KRaft controller):
// validated, handed to the controller as the scenario's createTopic does, and answered once this broker's
// metadata cache has a leader for every new partition (DelayedCreatePartitions) or the request's timeout passed.
import { createTopic, deleteTopic } from '../../engine/cluster/admin';
import { TOPIC_KEYS, parseValue, type ConfigValue } from '../../engine/config';
import { errorCode } from '../protocol/errors';
import type { Message } from '../codec/schema';
import { cachedPartitions, type ApiContext, type Handler } from './context';

/** Kafka's defaults for a topic created without a partition count or replication factor (KIP-464). */
const DEFAULT_NUM_PARTITIONS = 1;
const DEFAULT_REPLICATION_FACTOR = 1;
/** how often a waiting CreateTopics looks at the metadata cache again */
const READY_POLL_MS = 10;

interface Creatable {
  name: string;
  numPartitions: number;
  replicationFactor: number;
  assignments: { partitionIndex: number; brokerIds: number[] }[];
  configs: { name: string; value: string | null }[];
}

type Outcome = { name: string; error: string | null; message: string | null; partitions: number; rf: number; config: Record<string, ConfigValue> };

/** In zookeeper mode only the controller creates topics (NOT_CONTROLLER elsewhere); kraft brokers forward (KIP-590). */
function notController(ctx: ApiContext): boolean {
  return ctx.cluster.options.mode === 'zookeeper' && ctx.cluster.activeController() !== null && ctx.broker.metadata.controllerId !== ctx.broker.id;
}

function parseConfigs(list: Creatable['configs']): { config: Record<string, ConfigValue> } | { message: string } {
  const config: Record<string, ConfigValue> = {};
  for (const { name, value } of list) {
    const kind = TOPIC_KEYS[name];
    if (!kind) return { message: `Unknown topic config name: ${name} (or one the simulator does not model)` };
    const r = parseValue(kind, value);
    if (!r.ok) return { message: `Invalid value ${value} for configuration ${name}: must be ${r.reason}` };
    config[name] = r.value;
  }
  return { config };
}

const MESSAGES: Record<string, (o: Outcome, live: number) => string> = {
  TOPIC_ALREADY_EXISTS: (o) => `Topic '${o.name}' already exists.`,
  INVALID_REPLICATION_FACTOR: (o, live) => `Replication factor: ${o.rf} larger than available brokers: ${live}.`,
  INVALID_PARTITIONS: (o) => `Number of partitions must be larger than 0.`,
  INVALID_TOPIC_EXCEPTION: (o) => `Topic name "${o.name}" is illegal, it contains a character other than ASCII alphanumerics, '.', '_' and '-'`,
  INVALID_REPLICA_ASSIGNMENT: () => 'Replica assignment is invalid.',
  NOT_CONTROLLER: () => 'This is not the correct controller for this cluster.',
};

function create(ctx: ApiContext, t: Creatable, validateOnly: boolean, seen: Set<string>): Outcome {
  const o: Outcome = { name: t.name, error: null, message: null, partitions: t.numPartitions, rf: t.replicationFactor, config: {} };
  const fail = (error: string, message?: string) => ({ ...o, error, message: message ?? MESSAGES[error]?.(o, ctx.cluster.activeController()?.liveBrokers.size ?? 0) ?? null });
  if (seen.has(t.name)) return fail('INVALID_REQUEST', `Create topics request from client contained duplicate topic name ${t.name}`);
  seen.add(t.name);
  if (t.assignments.length && (t.numPartitions !== -1 || t.replicationFactor !== -1)) return fail('INVALID_REQUEST', 'Both numPartitions or replicationFactor and replicasAssignments were set. Both cannot be used at the same time.');
  const cfg = parseConfigs(t.configs);
  if ('message' in cfg) return fail('INVALID_CONFIG', cfg.message);
  o.config = cfg.config;
  if (o.partitions === -1) o.partitions = DEFAULT_NUM_PARTITIONS;
  if (o.rf === -1) o.rf = DEFAULT_REPLICATION_FACTOR;
  const explicit = t.assignments.length ? [...t.assignments].sort((a, b) => a.partitionIndex - b.partitionIndex).map((a) => a.brokerIds) : null;
  if (explicit) {
    o.partitions = explicit.length;
    o.rf = explicit[0].length;
  }
  const core = ctx.cluster.activeController();
  if (validateOnly) {
    // the checks createTopic makes, without creating anything
    if (!core) return fail('NOT_CONTROLLER');
    if (core.topics.has(t.name)) return fail('TOPIC_ALREADY_EXISTS');
    if (!/^[a-zA-Z0-9._-]{1,249}$/.test(t.name) || t.name === '.' || t.name === '..') return fail('INVALID_TOPIC_EXCEPTION');
    if (o.partitions < 1) return fail('INVALID_PARTITIONS');
    if (o.rf < 1 || o.rf > core.liveBrokers.size) return fail('INVALID_REPLICATION_FACTOR');
    return o;
  }
  const r = createTopic(ctx.cluster, t.name, o.partitions, o.rf, explicit ?? 'kafka', o.config);
  return r.error ? fail(r.error) : o;
}

function result(o: Outcome, error: string | null = o.error): Message {
  return { name: o.name, errorCode: errorCode(error), errorMessage: error === o.error ? o.message : null };
}

/** Every partition of the topic has a leader in this broker's metadata cache. */
function ready(ctx: ApiContext, o: Outcome): boolean {
  const parts = cachedPartitions(ctx.broker, o.name);
  return parts.length >= o.partitions && parts.every((s) => s.leader !== null);
}

export const createTopics: Handler = (ctx, req, respond) => {
  const topics = req.topics as Creatable[];
  const validateOnly = req.validateOnly as boolean;
  if (notController(ctx)) {
    const o = (t: Creatable): Outcome => ({ name: t.name, error: 'NOT_CONTROLLER', message: MESSAGES.NOT_CONTROLLER(null as never, 0), partitions: -1, rf: -1, config: {} });
    return respond({ throttleTimeMs: 0, topics: topics.map((t) => result(o(t))) });
  }
  const seen = new Set<string>();
  const outcomes = topics.map((t) => create(ctx, t, validateOnly, seen));
  const timeoutMs = req.timeoutMs as number;
  const answer = (timedOut: boolean) =>
    respond({ throttleTimeMs: 0, topics: outcomes.map((o) => result(o, o.error ?? (timedOut && !validateOnly && !ready(ctx, o) ? 'REQUEST_TIMED_OUT' : null))) });
  waitFor(ctx, timeoutMs, () => validateOnly || outcomes.every((o) => o.error || ready(ctx, o)), answer);
};

/** Kafka's DelayedCreatePartitions / DelayedDeleteTopics: answer when `done` holds here, or with timedOut. */
function waitFor(ctx: ApiContext, timeoutMs: number, done: () => boolean, answer: (timedOut: boolean) => void): void {
  if (timeoutMs <= 0 || done()) return answer(false);
  const deadline = ctx.broker.now() + timeoutMs;
  const poll = () => {
    if (done()) return answer(false);
    if (ctx.broker.now() >= deadline) return answer(true);
    ctx.broker.timer(Math.min(READY_POLL_MS, deadline - ctx.broker.now()), poll);
  };
  ctx.broker.timer(READY_POLL_MS, poll);
}

/** DeleteTopics (KafkaApis.handleDeleteTopicsRequest): at the controller (zookeeper mode), topics by name. */
export const deleteTopics: Handler = (ctx, req, respond) => {
  const names = req.topicNames as string[];
  const result = (name: string, error: string | null) => ({ name, errorCode: errorCode(error) });
  if (notController(ctx)) return respond({ throttleTimeMs: 0, responses: names.map((n) => result(n, 'NOT_CONTROLLER')) });
  const errors = names.map((name) => (cachedPartitions(ctx.broker, name).length ? deleteTopic(ctx.cluster, name).error : 'UNKNOWN_TOPIC_OR_PARTITION'));
  const gone = (n: string, i: number) => errors[i] !== null || !cachedPartitions(ctx.broker, n).length;
  waitFor(ctx, req.timeoutMs as number, () => names.every(gone), (timedOut) =>
    respond({ throttleTimeMs: 0, responses: names.map((n, i) => result(n, errors[i] ?? (timedOut && !gone(n, i) ? 'REQUEST_TIMED_OUT' : null))) }));
};
