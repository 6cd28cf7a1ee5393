// Admin operations (what kafka-topics, kafka-leader-election and kafka-configs do), against the controller.
import type { Cluster } from './Cluster';
import { assignReplicasSeed } from '../rules/placement';
import { drawRackAwareAssignment, ReplicaAssignmentError } from '../rules/rackAwarePlacement';
import { InvalidReplicationFactorError, stripedPlace, type UsableBroker } from '../rules/stripedReplicaPlacer';
import { toLogConfig, type ConfigValue } from '../config';
import type { Broker } from '../broker/Broker';
import type { AdminHost } from '../broker/adminApis';
import { call } from '../sim/call';

export type AdminResult = { error: string | null };

/** CreateTopics: validated as Kafka's AdminManager does, then handed to the controller (validateOnly: only checked). */
export function createTopic(
  c: Cluster,
  topic: string,
  partitions: number,
  replicationFactor: number,
  assignmentAsked: 'seed' | 'kafka' | number[][] | undefined,
  config: Record<string, ConfigValue>,
  validateOnly = false,
): AdminResult {
  // with racks, a topic is placed by Kafka's rack-aware algorithm unless the article's (i + j) mod n is asked for
  const assignment = assignmentAsked ?? ([...c.brokers.values()].some((b) => b.rack !== null) ? 'kafka' : 'seed');
  const core = c.activeController();
  if (!core) return { error: 'NOT_CONTROLLER' };
  if (core.topics.has(topic)) return { error: 'TOPIC_ALREADY_EXISTS' };
  if (!/^[a-zA-Z0-9._-]{1,249}$/.test(topic) || topic === '.' || topic === '..') return { error: 'INVALID_TOPIC_EXCEPTION' };
  const live = [...core.liveBrokers].sort((a, b) => a - b);
  let replicas: number[][];
  if (Array.isArray(assignment)) {
    if (assignment.length === 0 || assignment.some((r) => r.length === 0 || new Set(r).size !== r.length || r.length !== assignment[0].length))
      return { error: 'INVALID_REPLICA_ASSIGNMENT' };
    if (assignment.some((r) => r.some((b) => !c.brokers.has(b)))) return { error: 'INVALID_REPLICA_ASSIGNMENT' };
    replicas = assignment;
  } else {
    if (partitions < 1) return { error: 'INVALID_PARTITIONS' };
    if (replicationFactor < 1) return { error: 'INVALID_REPLICATION_FACTOR' };
    if (assignment === 'kafka' && c.quorum) {
      const placed = kraftPlacement(c, partitions, replicationFactor);
      if (!placed) return { error: 'INVALID_REPLICATION_FACTOR' };
      replicas = placed;
    } else {
      if (replicationFactor > live.length) return { error: 'INVALID_REPLICATION_FACTOR' };
      if (assignment === 'seed') replicas = assignReplicasSeed(live, partitions, replicationFactor);
      else {
        const placed = zkPlacement(c, live, partitions, replicationFactor);
        if ('error' in placed) return placed;
        replicas = placed;
      }
    }
  }
  if (validateOnly) return { error: null };
  c.topicConfigs.set(topic, config);
  for (const b of c.brokers.values()) b.invalidateConfigCache();
  c.assignmentModes.set(topic, Array.isArray(assignment) ? 'explicit' : assignment);
  c.ctx.emit('TopicCreated', {
    topic,
    partitions: replicas.length,
    replicationFactor: replicas[0].length,
    assignment: replicas,
    mode: Array.isArray(assignment) ? 'explicit' : assignment,
  });
  writeTopic(c, topic, replicas, config);
  return { error: null };
}

/** zookeeper: the admin writes /brokers/topics/<t> and the controller's watch picks it up; kraft: a TopicRecord. */
function writeTopic(c: Cluster, topic: string, replicas: number[][], config: Record<string, ConfigValue>): void {
  const partitionsJson: Record<string, number[]> = {};
  replicas.forEach((r, i) => (partitionsJson[String(i)] = r));
  if (c.zk) {
    const session = controllerSession(c);
    if (Object.keys(config).length) c.zk.upsert(session, `/config/topics/${topic}`, JSON.stringify({ version: 1, config }));
    c.zk.upsert(session, `/brokers/topics/${topic}`, JSON.stringify({ version: 2, partitions: partitionsJson }));
  } else {
    const v = c.quorum!.active!;
    const known = v.core!.topics.get(topic)?.length ?? 0;
    c.quorum!.createTopicRecord(v, topic, replicas);
    v.core!.onNewPartitions(topic, replicas, known);
  }
}

/**
 * DeleteTopics: zookeeper mode writes /admin/delete_topics/<t>, the controller deletes the replicas and then the
 * topic's znodes; kraft appends a RemoveTopicRecord. The topic's config goes with it.
 */
export function deleteTopic(c: Cluster, topic: string): AdminResult {
  const core = c.activeController();
  if (!core) return { error: 'NOT_CONTROLLER' };
  if (!core.topics.has(topic)) return { error: 'UNKNOWN_TOPIC_OR_PARTITION' };
  const partitions = core.topics.get(topic)!.length;
  c.ctx.emit('TopicDeleted', { topic, partitions });
  if (c.zk) {
    const session = controllerSession(c);
    c.zk.upsert(session, `/admin/delete_topics/${topic}`, '');
    core.onTopicDeletion(topic);
    const doomed = [`/brokers/topics/${topic}`, `/config/topics/${topic}`, `/admin/delete_topics/${topic}`];
    const paths = Object.keys(c.zk.dump()).filter((p) => doomed.some((d) => p === d || p.startsWith(d + '/')));
    for (const p of paths.sort((a, b) => b.length - a.length)) c.zk.delete(session, p);
  } else {
    c.quorum!.removeTopicRecord(c.quorum!.active!, topic);
    core.onTopicDeletion(topic);
  }
  c.topicConfigs.delete(topic);
  c.assignmentModes.delete(topic);
  c.invariants.forgetTopic(topic);
  for (const b of c.brokers.values()) b.invalidateConfigCache();
  return { error: null };
}

/**
 * kraft mode: the QuorumController places replicas with StripedReplicaPlacer over the registered brokers (fenced
 * ones too, never as leader; ClusterControlManager.usableBrokers), its random choices from the seeded PRNG. Null
 * when the replication factor cannot be met (INVALID_REPLICATION_FACTOR).
 */
function kraftPlacement(c: Cluster, partitions: number, replicationFactor: number): number[][] | null {
  const core = c.activeController()!;
  const usable: UsableBroker[] = [];
  for (const id of new Set([...core.liveBrokers, ...c.quorum!.fenced]))
    if (!core.shuttingDown.has(id)) usable.push({ id, rack: c.brokers.get(id)?.rack ?? null, fenced: !core.liveBrokers.has(id) });
  usable.sort((a, b) => a.id - b.id);
  try {
    return stripedPlace(c.ctx.prng, usable, partitions, replicationFactor);
  } catch (e) {
    if (e instanceof InvalidReplicationFactorError) return null;
    throw e;
  }
}

/**
 * zookeeper mode: AdminUtils.assignReplicasToBrokers over the live brokers with their racks (rack-unaware when none
 * has one, rack-aware when all have one); brokers with and without racks cannot be placed ("Not all brokers have rack
 * information", an AdminOperationException the broker answers as UNKNOWN_SERVER_ERROR).
 */
function zkPlacement(c: Cluster, live: number[], partitions: number, replicationFactor: number, startPartitionId = 0): number[][] | { error: string } {
  try {
    return drawRackAwareAssignment(
      c.ctx.prng,
      live.map((id) => ({ id, rack: c.brokers.get(id)?.rack ?? null })),
      partitions,
      replicationFactor,
      startPartitionId,
    );
  } catch (e) {
    if (e instanceof ReplicaAssignmentError) return { error: e.code === 'ADMIN_OPERATION' ? 'UNKNOWN_SERVER_ERROR' : e.code };
    throw e;
  }
}

function controllerSession(c: Cluster): number {
  for (const a of c.agents.values()) if (a.controller?.active) return a.broker.zkSession ?? -1;
  return -1;
}

/** CreatePartitions: new partitions only; existing data does not move. */
export function addPartitions(c: Cluster, topic: string, total: number): AdminResult {
  const core = c.activeController();
  if (!core) return { error: 'NOT_CONTROLLER' };
  const current = core.topics.get(topic);
  if (!current) return { error: 'UNKNOWN_TOPIC_OR_PARTITION' };
  if (total <= current.length) return { error: 'INVALID_PARTITIONS' };
  const rf = current[0].length;
  const live = [...core.liveBrokers].sort((a, b) => a - b);
  if (rf > live.length) return { error: 'INVALID_REPLICATION_FACTOR' };
  const mode = c.assignmentModes.get(topic);
  const extra = total - current.length;
  let added: number[][];
  if (mode === 'kafka' && c.quorum) {
    const placed = kraftPlacement(c, extra, rf);
    if (!placed) return { error: 'INVALID_REPLICATION_FACTOR' };
    added = placed;
  } else if (mode === 'kafka') {
    const placed = zkPlacement(c, live, extra, rf, current.length);
    if ('error' in placed) return placed;
    added = placed;
  } else added = assignReplicasSeed(live, total, rf).slice(current.length);
  c.ctx.emit('PartitionsAdded', { topic, from: current.length, to: total, assignment: added });
  writeTopic(c, topic, [...current, ...added], c.topicConfigs.get(topic) ?? {});
  return { error: null };
}

export function electLeaders(
  c: Cluster,
  type: 'preferred' | 'unclean',
  topic?: string,
  partition?: number,
): AdminResult & { results: { topic: string; partition: number; error: string | null }[] } {
  const core = c.activeController();
  if (!core) return { error: 'NOT_CONTROLLER', results: [] };
  if (topic !== undefined && !core.topics.has(topic)) return { error: 'UNKNOWN_TOPIC_OR_PARTITION', results: [] };
  const results = core.electLeaders(type, (s) => (topic === undefined || s.topic === topic) && (partition === undefined || s.partition === partition));
  c.ctx.emit('LeadersElectionRequested', { type, topic: topic ?? null, partition: partition ?? null, results });
  const only = partition !== undefined ? results.find((r) => r.partition === partition) : undefined;
  return { error: only?.error && only.error !== 'ELECTION_NOT_NEEDED' ? only.error : null, results };
}

/** Controlled shutdown: ask the controller to move leadership away (up to 3 tries), then stop. */
export function stopBroker(c: Cluster, id: number): void {
  const b = c.brokers.get(id)!;
  if (!b.config.bool('controlled.shutdown.enable')) {
    b.finishShutdown();
    return;
  }
  c.ctx.emit('ControlledShutdownStarted', { broker: id });
  new ControlledShutdown(c, b).attempt();
}

/** KafkaServer.controlledShutdown's retry loop (controlled.shutdown.max.retries = 3). */
class ControlledShutdown {
  private tries = 0;
  private answered = false;
  constructor(
    private c: Cluster,
    private b: Broker,
  ) {}

  attempt(): void {
    this.tries += 1;
    const target = this.c.controllerNode();
    if (!target || this.tries > 3) {
      this.b.finishShutdown();
      return;
    }
    this.answered = false;
    this.b.timer(this.c.ctx.config.num('request.timeout.ms'), call(this, this.timedOut, this.tries));
    this.b.client.send(target, 'ControlledShutdown', { brokerId: this.b.id }, call(this, this.answer, this.tries));
  }

  private timedOut(attempt: number): void {
    if (attempt !== this.tries || this.answered) return;
    this.answered = true;
    this.attempt();
  }

  private answer(attempt: number, { remaining }: { remaining: number }): void {
    if (attempt !== this.tries || this.answered) return;
    this.answered = true;
    if (remaining === 0 || this.tries >= 3) this.b.finishShutdown();
    else this.b.timer(5000, call(this, this.attempt)); // controlled.shutdown.retry.backoff.ms
  }
}

export function setConfig(c: Cluster, key: string, value: ConfigValue, target: { broker?: number; topic?: string }): void {
  if (target.topic !== undefined) {
    c.topicConfigs.set(target.topic, { ...(c.topicConfigs.get(target.topic) ?? {}), [key]: value });
    for (const b of c.brokers.values()) b.invalidateConfigCache();
    for (const b of c.brokers.values()) {
      for (const p of b.replicaManager.partitions.values()) if (p.topic === target.topic) p.log.updateConfig(logConfigFor(c, b.id, p.topic));
    }
  } else if (target.broker !== undefined) c.brokers.get(target.broker)!.config.set(key, value);
  else {
    c.ctx.config.set(key, value);
    for (const b of c.brokers.values()) b.config.set(key, value);
    if (key === 'sim.network.latency.ms') c.ctx.network.latencyMs = value as number;
  }
  for (const b of c.brokers.values()) b.invalidateConfigCache();
  c.ctx.emit('ConfigChanged', { key, value, broker: target.broker ?? null, topic: target.topic ?? null });
  // Enabling unclean election lets the controller elect leaders for offline partitions at once.
  if (key === 'unclean.leader.election.enable' && value === true) c.activeController()?.electOffline(target.topic);
}

function logConfigFor(c: Cluster, brokerId: number, topic: string) {
  return toLogConfig(c.brokers.get(brokerId)!.topicConfig(topic), c.brokers.get(brokerId)!.producerCompression());
}

/** CreateTopics and DeleteTopics from a broker's KafkaApis, handed to the active controller (a class, not closures:
 *  the cluster's state is copied by checkpoints). */
export class ClusterAdmin implements AdminHost {
  constructor(private c: Cluster) {}
  controllerView() {
    return this.c.activeController();
  }
  createTopic(
    topic: string,
    partitions: number,
    rf: number,
    assignment: 'kafka' | number[][],
    config: Record<string, ConfigValue>,
    validateOnly: boolean,
  ): AdminResult {
    return createTopic(this.c, topic, partitions, rf, assignment, config, validateOnly);
  }
  deleteTopic(topic: string): AdminResult {
    return deleteTopic(this.c, topic);
  }
}
