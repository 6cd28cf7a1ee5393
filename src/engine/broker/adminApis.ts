// The admin requests a broker takes from clients and hands to the controller (KafkaApis.handleCreateTopicsRequest →
// ZkAdminManager.createTopics, or the KRaft controller by forwarding, KIP-590; handleDeleteTopicsRequest). Each is
// answered once this broker's metadata cache shows the outcome (DelayedCreatePartitions, DelayedDeleteTopics) or
// the request's timeout passed (REQUEST_TIMED_OUT: the controller may still finish it).
import { TOPIC_KEYS, checkConfigValue, type ConfigValue } from '../config';
import type { CreatableTopic, RequestOf, ResponseOf, TopicResult } from '../apis';
import type { Broker } from './Broker';

/** What the admin handlers need from the cluster: the active controller's view, and its admin operations. */
export interface AdminHost {
  /** the active controller's topics and live brokers (null: there is none) */
  controllerView(): { topics: ReadonlyMap<string, unknown>; liveBrokers: ReadonlySet<number> } | null;
  createTopic(topic: string, partitions: number, replicationFactor: number, assignment: 'kafka' | number[][], config: Record<string, ConfigValue>, validateOnly: boolean): { error: string | null };
  deleteTopic(topic: string): { error: string | null };
}

/** Kafka's defaults for a topic created without a partition count or replication factor (num.partitions,
 *  default.replication.factor: KIP-464). */
const DEFAULT_NUM_PARTITIONS = 1;
const DEFAULT_REPLICATION_FACTOR = 1;
/** how often a waiting admin request looks at the metadata cache again */
const READY_POLL_MS = 10;

const MESSAGES: Record<string, (t: { name: string; rf: number }, live: number) => string> = {
  TOPIC_ALREADY_EXISTS: (t) => `Topic '${t.name}' already exists.`,
  INVALID_REPLICATION_FACTOR: (t, live) => `Replication factor: ${t.rf} larger than available brokers: ${live}.`,
  INVALID_PARTITIONS: () => 'Number of partitions must be larger than 0.',
  INVALID_TOPIC_EXCEPTION: (t) => `Topic name "${t.name}" is illegal, it contains a character other than ASCII alphanumerics, '.', '_' and '-'`,
  INVALID_REPLICA_ASSIGNMENT: () => 'Replica assignment is invalid.',
  NOT_CONTROLLER: () => 'This is not the correct controller for this cluster.',
};

/** In zookeeper mode only the controller takes admin requests (NOT_CONTROLLER elsewhere); kraft brokers forward. */
function notController(b: Broker): boolean {
  return b.ctx.mode === 'zookeeper' && b.metadata.controllerId !== b.id;
}

function parseConfigs(list: CreatableTopic['configs']): { config: Record<string, ConfigValue> } | { message: string } {
  const config: Record<string, ConfigValue> = {};
  for (const { name, value } of list) {
    const kind = Object.hasOwn(TOPIC_KEYS, name) ? TOPIC_KEYS[name] : undefined;
    if (!kind) return { message: `Unknown topic config name: ${name} (or one the simulator does not model)` };
    const r = checkConfigValue(name, kind, value);
    if (!r.ok) return { message: `Invalid value ${value} for configuration ${name}: must be ${r.reason}` };
    config[name] = r.value;
  }
  return { config };
}

/** The partitions of a topic in this broker's metadata cache. */
function cached(b: Broker, topic: string) {
  return [...b.metadata.partitions.values()].filter((s) => s.topic === topic);
}

/** Answers when `done` holds at this broker, or with timedOut after `timeoutMs`. */
function waitFor(b: Broker, timeoutMs: number, done: () => boolean, answer: (timedOut: boolean) => void): void {
  if (timeoutMs <= 0 || done()) return answer(false);
  const deadline = b.now() + timeoutMs;
  const poll = () => {
    if (done()) return answer(false);
    if (b.now() >= deadline) return answer(true);
    b.timer(Math.min(READY_POLL_MS, deadline - b.now()), poll);
  };
  b.timer(READY_POLL_MS, poll);
}

export function handleCreateTopics(b: Broker, host: AdminHost, req: RequestOf<'CreateTopics'>, respond: (r: ResponseOf<'CreateTopics'>) => void): void {
  if (notController(b)) return respond(req.topics.map((t) => ({ name: t.name, error: 'NOT_CONTROLLER', message: MESSAGES.NOT_CONTROLLER(t as never, 0) })));
  const seen = new Set<string>();
  const created: { name: string; partitions: number }[] = [];
  const results = req.topics.map((t): TopicResult => {
    let partitions = t.partitions === -1 ? DEFAULT_NUM_PARTITIONS : t.partitions;
    let rf = t.replicationFactor === -1 ? DEFAULT_REPLICATION_FACTOR : t.replicationFactor;
    const fail = (error: string, message?: string): TopicResult => ({ name: t.name, error, message: message ?? MESSAGES[error]?.({ name: t.name, rf }, host.controllerView()?.liveBrokers.size ?? 0) ?? null });
    if (seen.has(t.name)) return fail('INVALID_REQUEST', `Create topics request from client contained duplicate topic name ${t.name}`);
    seen.add(t.name);
    if (t.assignment && (t.partitions !== -1 || t.replicationFactor !== -1)) return fail('INVALID_REQUEST', 'Both numPartitions or replicationFactor and replicasAssignments were set. Both cannot be used at the same time.');
    const cfg = parseConfigs(t.configs);
    if ('message' in cfg) return fail('INVALID_CONFIG', cfg.message);
    if (t.assignment) {
      partitions = t.assignment.length;
      rf = t.assignment[0]?.length ?? 0;
    }
    const r = host.createTopic(t.name, partitions, rf, t.assignment ?? 'kafka', cfg.config, req.validateOnly);
    if (r.error) return fail(r.error);
    created.push({ name: t.name, partitions });
    return { name: t.name, error: null, message: null };
  });
  // DelayedCreatePartitions: every new partition has a leader in this broker's metadata cache
  const ready = (c: { name: string; partitions: number }) => {
    const parts = cached(b, c.name);
    return parts.length >= c.partitions && parts.every((s) => s.leader !== null);
  };
  if (req.validateOnly) return respond(results);
  waitFor(b, req.timeoutMs, () => created.every(ready), (timedOut) =>
    respond(results.map((r) => (timedOut && !r.error && !ready(created.find((c) => c.name === r.name)!) ? { ...r, error: 'REQUEST_TIMED_OUT', message: null } : r))));
}

export function handleDeleteTopics(b: Broker, host: AdminHost, req: RequestOf<'DeleteTopics'>, respond: (r: ResponseOf<'DeleteTopics'>) => void): void {
  if (notController(b)) return respond(req.topics.map((name) => ({ name, error: 'NOT_CONTROLLER', message: null })));
  const errors = req.topics.map((name) => (cached(b, name).length ? host.deleteTopic(name).error : 'UNKNOWN_TOPIC_OR_PARTITION'));
  // DelayedDeleteTopics: the topic is gone from this broker's metadata cache
  const gone = (name: string, i: number) => errors[i] !== null || !cached(b, name).length;
  waitFor(b, req.timeoutMs, () => req.topics.every(gone), (timedOut) =>
    respond(req.topics.map((name, i) => ({ name, error: errors[i] ?? (timedOut && !gone(name, i) ? 'REQUEST_TIMED_OUT' : null), message: null }))));
}
