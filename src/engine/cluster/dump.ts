// The state dump of scenario-format.md: the cluster as the controller and each replica see it.
import type { Cluster } from './Cluster';
import { DUMP_LIST_MAX, type LookupDump, type PartitionDump, type StateDump } from '../stateDump';
import { dumpConsumers, dumpGroups } from '../group/dump';
import { tpKey } from '../broker/requests';
import { nameMap } from '../names';
import { clusterMetrics, type ClusterView } from '../metrics/brokerMetrics';

/** What the scenario runner keeps: the admin errors and the lookups of its steps. */
export interface DumpExtras {
  errors: StateDump['errors'];
  lookups: LookupDump[];
  /** how many entries the acked, failed and consumed lists hold at most (DUMP_LIST_MAX; the worker sends the UI
   *  fewer: it shows the counts, and a 1 MB dump per move cost a seek its time) */
  listMax?: number;
}

export function dumpState(c: Cluster, extras: DumpExtras): StateDump {
  const listMax = extras.listMax ?? DUMP_LIST_MAX;
  const core = c.activeController();
  const controller = c.quorum
    ? { id: c.quorum.active?.id ?? null, epoch: c.quorum.active?.epoch ?? Math.max(0, ...c.quorum.voters.map((v) => v.epoch)) }
    : { id: zkControllerId(c), epoch: Number(c.zk!.get('/controller_epoch')?.data ?? '0') };

  const brokers: StateDump['brokers'] = {};
  for (const b of c.sortedBrokers()) {
    // zookeeper mode: the epoch of the controller this broker believes it is (two at once = a zombie)
    const own = c.agents.get(b.id)?.controller;
    brokers[String(b.id)] = {
      status: b.status,
      ...(c.zk ? { actsAsController: own?.active && b.isUp ? own.epochValue : null } : {}),
      ...(b.rack !== null ? { rack: b.rack } : {}),
    };
  }

  // The partition's truth is the controller's view (ZooKeeper state znodes or the metadata log);
  // with no controller at the moment, the last one's view is read from ZooKeeper or the log.
  const topics: StateDump['topics'] = nameMap();
  const states = core ? core.allStates() : lastKnownStates(c);
  for (const s of states) {
    const t = (topics[s.topic] ??= { partitions: {} });
    const logs: PartitionDump['logs'] = {};
    for (const r of [...s.replicas].sort((a, b) => a - b)) {
      const p = c.brokers.get(r)?.replicaManager.getPartition(s.topic, s.partition);
      if (!p) continue;
      // role and leaderEpoch as this replica believes them (they can disagree with the controller's view)
      logs[String(r)] = {
        logStartOffset: p.log.logStartOffset,
        leo: p.log.logEndOffset,
        hw: p.log.highWatermark,
        segments: p.log.segmentsInfo(),
        role: p.isLeader ? 'leader' : p.leader === null ? 'offline' : 'follower',
        leaderEpoch: p.leaderEpoch,
      };
    }
    const leaderPart = s.leader !== null ? c.brokers.get(s.leader)?.replicaManager.getPartition(s.topic, s.partition) : undefined;
    t.partitions[String(s.partition)] = {
      leader: s.leader,
      leaderEpoch: s.leaderEpoch,
      replicas: s.replicas,
      isr: s.isr,
      hw: leaderPart ? leaderPart.log.highWatermark : null,
      logs,
      underReplicated: s.isr.length < s.replicas.length,
    };
    if (s.elr !== undefined) Object.assign(t.partitions[String(s.partition)], { elr: s.elr, lastKnownElr: s.lastKnownElr ?? [] });
    // v1.1: the LSO of a partition with transactional data
    if (leaderPart?.log.txns.seen) t.partitions[String(s.partition)].lso = leaderPart.log.lastStableOffset;
  }

  const producers: StateDump['producers'] = nameMap();
  for (const [name, p] of [...c.producers].sort(([a], [b]) => (a < b ? -1 : 1))) {
    producers[name] = {
      acked: p.acked.slice(0, listMax),
      ackedCount: p.acked.length,
      failed: p.failed.slice(0, listMax),
      failedCount: p.failed.length,
    };
    if (p.txn)
      Object.assign(producers[name], {
        transactionalId: p.txn.transactionalId,
        producerId: p.producerId,
        producerEpoch: p.producerEpoch,
        transactionState: p.txn.state,
      });
    if (p.transactionErrors.length) producers[name].transactionErrors = [...p.transactionErrors];
  }

  const dump: StateDump = {
    time: c.ctx.scheduler.now,
    mode: c.options.mode,
    controller,
    brokers,
    topics,
    groups: dumpGroups(c.groups),
    consumers: dumpConsumers(c.groups, listMax),
    producers,
    // copies: a dump is a snapshot, a later position's lookups, errors and violations must not show up in it
    errors: extras.errors.slice(),
    lookups: extras.lookups.slice(),
    network: { cut: c.ctx.network.cutPairs() },
    invariantViolations: c.invariants.violations.slice(),
  };
  const transactions = c.txns.dump();
  if (Object.keys(transactions).length) dump.transactions = transactions;
  if (c.zk) dump.zookeeper = c.zk.dump();
  if (c.quorum) {
    dump.quorum = {
      voters: Object.fromEntries(c.quorum.voters.map((v) => [String(v.id), { role: v.role, epoch: v.epoch, status: v.status }])),
      metadataLogEndOffset: c.quorum.log.length,
      fencedBrokers: [...c.quorum.fenced].sort((a, b) => a - b),
    };
  }
  addMetrics(c, dump);
  return dump;
}

/** (project) Each node's metrics and meter counts, keyed by broker id (and, in kraft mode, controller id). */
export interface MetricsNow {
  brokers: Record<string, { metrics: Record<string, number> | null; metricCounts: Record<string, number> | null }>;
  controllers?: Record<string, { metrics: Record<string, number> | null; metricCounts: Record<string, number> | null }>;
}

/** v1.1: each broker's (and, in kraft mode, each controller's) metrics, computed from the simulation. */
function addMetrics(c: Cluster, dump: StateDump): void {
  const m = computeMetrics(c, dump.controller.id, dump.brokers, dump.topics, dump.quorum?.voters);
  for (const [id, b] of Object.entries(dump.brokers)) Object.assign(b, m.brokers[id]);
  if (dump.quorum && m.controllers) for (const [id, v] of Object.entries(dump.quorum.voters)) Object.assign(v, m.controllers[id]);
}

/**
 * (project) The metrics a dump would hold now, without making the rest of the dump (the worker keeps them at every
 * step's end: the metrics view compares a step's end with its start).
 */
export function metricsNow(c: Cluster): MetricsNow {
  const controllerId = c.quorum ? (c.quorum.active?.id ?? null) : zkControllerId(c);
  const brokers: ClusterView['brokers'] = {};
  for (const b of c.sortedBrokers()) brokers[String(b.id)] = { status: b.status };
  const core = c.activeController();
  const topics: ClusterView['topics'] = {};
  for (const s of core ? core.allStates() : lastKnownStates(c))
    (topics[s.topic] ??= { partitions: {} }).partitions[String(s.partition)] = { leader: s.leader, replicas: s.replicas, isr: s.isr };
  const voters = c.quorum ? Object.fromEntries(c.quorum.voters.map((v) => [String(v.id), { status: v.status }])) : undefined;
  return computeMetrics(c, controllerId, brokers, topics, voters);
}

function computeMetrics(
  c: Cluster,
  controllerId: number | null,
  brokers: ClusterView['brokers'],
  topics: ClusterView['topics'],
  voters: NonNullable<ClusterView['quorum']>['voters'] | undefined,
): MetricsNow {
  const brokerPartitions: NonNullable<ClusterView['brokerPartitions']> = {};
  for (const b of c.sortedBrokers()) {
    if (!b.isUp) continue;
    // ReplicaManager.allPartitions: the partitions the broker was told it hosts, as it sees them
    brokerPartitions[String(b.id)] = [...b.replicaManager.partitions.values()]
      .filter((p) => p.replicas.includes(b.id))
      .map((p) => ({ leader: p.leader, replicas: p.replicas, isr: p.isr }));
  }
  const view: ClusterView = { mode: c.options.mode, controller: { id: controllerId }, brokers, topics, brokerPartitions };
  if (voters) view.quorum = { voters };
  const m = clusterMetrics(view, c.metrics, c.ctx.scheduler.now);
  const out: MetricsNow = { brokers: {} };
  for (const id of Object.keys(brokers)) out.brokers[id] = { metrics: m.brokers[id]?.values ?? null, metricCounts: m.brokers[id]?.counts ?? null };
  if (voters && m.controllers) {
    out.controllers = {};
    for (const id of Object.keys(voters)) out.controllers[id] = { metrics: m.controllers[id]?.values ?? null, metricCounts: m.controllers[id]?.counts ?? null };
  }
  return out;
}

function zkControllerId(c: Cluster): number | null {
  const z = c.zk!.get('/controller');
  return z ? (JSON.parse(z.data) as { brokerid: number }).brokerid : null;
}

function lastKnownStates(c: Cluster) {
  const out: {
    topic: string;
    partition: number;
    leader: number | null;
    leaderEpoch: number;
    isr: number[];
    replicas: number[];
    elr?: number[];
    lastKnownElr?: number[];
  }[] = [];
  if (c.zk) {
    for (const topic of c.zk.children('/brokers/topics')) {
      const data = JSON.parse(c.zk.get(`/brokers/topics/${topic}`)!.data) as { partitions: Record<string, number[]> };
      for (const k of Object.keys(data.partitions).sort((a, b) => Number(a) - Number(b))) {
        const z = c.zk.get(`/brokers/topics/${topic}/partitions/${k}/state`);
        const st = z ? (JSON.parse(z.data) as { leader: number; leader_epoch: number; isr: number[] }) : { leader: -1, leader_epoch: 0, isr: [] };
        out.push({
          topic,
          partition: Number(k),
          leader: st.leader < 0 ? null : st.leader,
          leaderEpoch: st.leader_epoch,
          isr: st.isr,
          replicas: data.partitions[k],
        });
      }
    }
    return out;
  }
  const seen = new Map<string, (typeof out)[number]>();
  for (const r of c.quorum!.log) {
    if (r.type === 'RemoveTopicRecord') for (const [k, s] of [...seen]) if (s.topic === r.name) seen.delete(k);
    if (r.type !== 'PartitionChangeRecord') continue;
    const s = r.state as (typeof out)[number];
    seen.set(tpKey(s.topic, s.partition), s);
  }
  return [...seen.values()].sort((a, b) => (a.topic === b.topic ? a.partition - b.partition : a.topic < b.topic ? -1 : 1));
}
