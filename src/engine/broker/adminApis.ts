// The admin requests a broker takes from clients and hands to the controller (KafkaApis.handleCreateTopicsRequest →
// ZkAdminManager.createTopics, or the KRaft controller by forwarding, KIP-590; handleDeleteTopicsRequest). Each is
// answered once this broker's metadata cache shows the outcome (DelayedCreatePartitions, DelayedDeleteTopics) or
// the request's timeout passed (REQUEST_TIMED_OUT: the controller may still finish it).
import { TOPIC_KEYS, checkConfigValue, type ConfigValue } from '../config';
import type { CreatableTopic, RequestOf, ResponseOf, TopicResult } from '../apis';
import type { Broker } from './Broker';
import { call, type Call } from '../sim/call';

/** What the admin handlers need from the cluster: the active controller's view, and its admin operations. */
export interface AdminHost {
  /** the active controller's topics and live brokers (null: there is none) */
  controllerView(): { topics: ReadonlyMap<string, unknown>; liveBrokers: ReadonlySet<number> } | null;
  createTopic(
    topic: string,
    partitions: number,
    replicationFactor: number,
    assignment: 'kafka' | number[][],
    config: Record<string, ConfigValue>,
    validateOnly: boolean,
  ): { error: string | null };
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

/**
 * A delayed admin request (DelayedCreatePartitions, DelayedDeleteTopics): answered when `ready` holds at this broker,
 * or with timedOut once `timeoutMs` passed. Looks at the metadata cache every READY_POLL_MS (state: data and Calls).
 */
abstract class DelayedAdmin<R> {
  private deadline = 0;
  constructor(
    protected b: Broker,
    private respond: Call<[r: R]>,
  ) {}
  protected abstract ready(): boolean;
  protected abstract answer(timedOut: boolean): R;
  start(timeoutMs: number): void {
    if (timeoutMs <= 0 || this.ready()) return this.respond(this.answer(false));
    this.deadline = this.b.now() + timeoutMs;
    this.b.timer(READY_POLL_MS, call(this, this.poll));
  }
  private poll(): void {
    if (this.ready()) return this.respond(this.answer(false));
    if (this.b.now() >= this.deadline) return this.respond(this.answer(true));
    this.b.timer(Math.min(READY_POLL_MS, this.deadline - this.b.now()), call(this, this.poll));
  }
}

/** DelayedCreatePartitions: every new partition has a leader in this broker's metadata cache. */
class DelayedCreateTopics extends DelayedAdmin<ResponseOf<'CreateTopics'>> {
  constructor(
    b: Broker,
    respond: Call<[r: ResponseOf<'CreateTopics'>]>,
    private results: TopicResult[],
    private created: { name: string; partitions: number }[],
  ) {
    super(b, respond);
  }
  private isCreated(c: { name: string; partitions: number }): boolean {
    const parts = cached(this.b, c.name);
    return parts.length >= c.partitions && parts.every((s) => s.leader !== null);
  }
  protected ready(): boolean {
    return this.created.every((c) => this.isCreated(c));
  }
  protected answer(timedOut: boolean): ResponseOf<'CreateTopics'> {
    return this.results.map((r) =>
      timedOut && !r.error && !this.isCreated(this.created.find((c) => c.name === r.name)!) ? { ...r, error: 'REQUEST_TIMED_OUT', message: null } : r,
    );
  }
}

/** DelayedDeleteTopics: the topic is gone from this broker's metadata cache. */
class DelayedDeleteTopics extends DelayedAdmin<ResponseOf<'DeleteTopics'>> {
  constructor(
    b: Broker,
    respond: Call<[r: ResponseOf<'DeleteTopics'>]>,
    private topics: string[],
    private errors: (string | null)[],
  ) {
    super(b, respond);
  }
  private gone(name: string, i: number): boolean {
    return this.errors[i] !== null || !cached(this.b, name).length;
  }
  protected ready(): boolean {
    return this.topics.every((name, i) => this.gone(name, i));
  }
  protected answer(timedOut: boolean): ResponseOf<'DeleteTopics'> {
    return this.topics.map((name, i) => ({ name, error: this.errors[i] ?? (timedOut && !this.gone(name, i) ? 'REQUEST_TIMED_OUT' : null), message: null }));
  }
}

export function handleCreateTopics(b: Broker, host: AdminHost, req: RequestOf<'CreateTopics'>, respond: Call<[r: ResponseOf<'CreateTopics'>]>): void {
  if (notController(b)) return respond(req.topics.map((t) => ({ name: t.name, error: 'NOT_CONTROLLER', message: MESSAGES.NOT_CONTROLLER(t as never, 0) })));
  const seen = new Set<string>();
  const created: { name: string; partitions: number }[] = [];
  const results = req.topics.map((t): TopicResult => {
    let partitions = t.partitions === -1 ? DEFAULT_NUM_PARTITIONS : t.partitions;
    let rf = t.replicationFactor === -1 ? DEFAULT_REPLICATION_FACTOR : t.replicationFactor;
    const fail = (error: string, message?: string): TopicResult => ({
      name: t.name,
      error,
      message: message ?? MESSAGES[error]?.({ name: t.name, rf }, host.controllerView()?.liveBrokers.size ?? 0) ?? null,
    });
    if (seen.has(t.name)) return fail('INVALID_REQUEST', `Create topics request from client contained duplicate topic name ${t.name}`);
    seen.add(t.name);
    if (t.assignment && (t.partitions !== -1 || t.replicationFactor !== -1))
      return fail('INVALID_REQUEST', 'Both numPartitions or replicationFactor and replicasAssignments were set. Both cannot be used at the same time.');
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
  if (req.validateOnly) return respond(results);
  new DelayedCreateTopics(b, respond, results, created).start(req.timeoutMs);
}

export function handleDeleteTopics(b: Broker, host: AdminHost, req: RequestOf<'DeleteTopics'>, respond: Call<[r: ResponseOf<'DeleteTopics'>]>): void {
  if (notController(b)) return respond(req.topics.map((name) => ({ name, error: 'NOT_CONTROLLER', message: null })));
  const errors = req.topics.map((name) => (cached(b, name).length ? host.deleteTopic(name).error : 'UNKNOWN_TOPIC_OR_PARTITION'));
  new DelayedDeleteTopics(b, respond, req.topics, errors).start(req.timeoutMs);
}
