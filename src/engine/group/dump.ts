// The state dump's `groups` and `consumers`: each group as its current coordinator holds it (or, with
// offsets.storage=zookeeper, as its znodes show it), and each consumer as the client sees itself.
import { DUMP_LIST_MAX, type ConsumerDump, type GroupDump, type GroupMemberDump } from '../stateDump';
import type { GroupSystem } from './GroupSystem';
import { compareTopicPartitions, partitionOf, topicOf } from './rules';
import { nameMap } from '../names';
import type { ConsumerGroup } from './ConsumerGroups';

const byName = <T>(entries: [string, T][]): [string, T][] => entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));

/** The high watermark of a partition at its current leader (what kafka-consumer-groups reports as LOG-END-OFFSET). */
function hw(system: GroupSystem, tp: string): number | null {
  const c = system.cluster;
  const s = c.activeController()?.states.get(tp);
  if (!s || s.leader === null) return null;
  return c.brokers.get(s.leader)?.replicaManager.getPartition(topicOf(tp), partitionOf(tp))?.log.highWatermark ?? null;
}

export function dumpGroups(system: GroupSystem): Record<string, GroupDump> {
  const out = nameMap<GroupDump>();
  for (const id of system.groupIds()) {
    const zk = dumpZkGroup(system, id);
    if (zk) {
      out[id] = zk;
      continue;
    }
    const modern = system.findModernGroup(id);
    if (modern && modern.group.members.size > 0) {
      out[id] = dumpModernGroup(system, id, modern.group, modern.broker);
      continue;
    }
    const found = system.findGroup(id);
    if (!found) {
      out[id] = { state: 'Dead', generation: null, assignor: null, coordinator: null, leader: null, members: nameMap(), committed: nameMap(), lag: nameMap() };
      continue;
    }
    const g = found.group;
    const members = nameMap<GroupMemberDump>();
    for (const m of [...g.members.values()].sort((a, b) => (a.clientId < b.clientId ? -1 : a.clientId > b.clientId ? 1 : 0))) {
      const state = m.awaitingJoin ? 'awaitingJoin' : m.awaitingSync ? 'awaitingSync' : g.is('Stable') ? 'stable' : 'rebalancing';
      members[m.clientId] = {
        assignment: [...m.assignment].sort(compareTopicPartitions),
        memberId: m.memberId,
        state,
        topics: m.subscriptionFor(g.protocolName).topics,
      };
    }
    const committed = nameMap<number>();
    const lag = nameMap<number>();
    for (const tp of [...g.offsets.keys()].sort(compareTopicPartitions)) {
      const o = g.offsets.get(tp)!.offset;
      committed[tp] = o;
      const h = hw(system, tp);
      if (h !== null) lag[tp] = Math.max(0, h - o);
    }
    out[id] = {
      state: g.state,
      generation: g.generationId,
      assignor: g.protocolName,
      coordinator: found.broker,
      coordinatorPartition: system.partitionFor(id),
      leader: g.leaderId ? (g.members.get(g.leaderId)?.clientId ?? null) : null,
      members,
      committed,
      lag,
    };
  }
  return out;
}

/** A consumer-protocol group (KIP-848) as its coordinator holds it; its offsets are the group's as ever. */
function dumpModernGroup(system: GroupSystem, id: string, g: ConsumerGroup, broker: number): GroupDump {
  const names = (p: Record<string, readonly number[]>) => system.coordinatorAt(system.cluster.brokers.get(broker)!).modern.names(p);
  const members = nameMap<GroupMemberDump>();
  for (const [memberId, m] of [...g.members].sort(([, a], [, b]) => (a.clientId < b.clientId ? -1 : a.clientId > b.clientId ? 1 : 0))) {
    members[m.clientId] = {
      assignment: names(m.state.assignedPartitions),
      memberId,
      state: m.state.state === 'STABLE' && m.state.memberEpoch === g.assignmentEpoch ? 'stable' : 'rebalancing',
      topics: [...m.subscribedTopicNames],
      memberEpoch: m.state.memberEpoch,
      reconciliation: m.state.state,
      target: names(g.targetAssignment.get(memberId) ?? {}),
      revoking: names(m.state.partitionsPendingRevocation),
    };
  }
  const committed = nameMap<number>();
  const lag = nameMap<number>();
  const offsets = system.findGroup(id)?.group.offsets;
  for (const tp of [...(offsets?.keys() ?? [])].sort(compareTopicPartitions)) {
    const o = offsets!.get(tp)!.offset;
    committed[tp] = o;
    const h = hw(system, tp);
    if (h !== null) lag[tp] = Math.max(0, h - o);
  }
  const assignor = [...g.members.values()].find((m) => m.serverAssignor)?.serverAssignor ?? 'uniform';
  return {
    state: g.state,
    generation: g.groupEpoch,
    assignor,
    coordinator: broker,
    coordinatorPartition: system.partitionFor(id),
    leader: null,
    members,
    committed,
    lag,
    protocol: 'consumer',
    assignmentEpoch: g.assignmentEpoch,
  };
}

/** offsets.storage=zookeeper: the group as its znodes show it (/consumers/<group>/ids, owners, offsets). */
function dumpZkGroup(system: GroupSystem, id: string): GroupDump | null {
  const zk = system.cluster.zk;
  const consumers = [...system.consumers.values()].filter((c) => c.options.group === id && c.zookeeperModel);
  if (!zk || !consumers.length) return null;
  const dir = `/consumers/${id}`;
  const ids = zk.children(`${dir}/ids`);
  const owners = new Map<string, string[]>();
  for (const t of zk.children(`${dir}/owners`)) {
    for (const p of zk.children(`${dir}/owners/${t}`)) {
      const owner = zk.get(`${dir}/owners/${t}/${p}`)!.data;
      owners.set(owner, [...(owners.get(owner) ?? []), `${t}-${p}`]);
    }
  }
  const members = nameMap<GroupMemberDump>();
  for (const m of ids) members[m] = { assignment: (owners.get(m) ?? []).sort(compareTopicPartitions), memberId: m };
  const committed = nameMap<number>();
  const lag = nameMap<number>();
  const tps: string[] = [];
  for (const t of zk.children(`${dir}/offsets`)) for (const p of zk.children(`${dir}/offsets/${t}`)) tps.push(`${t}-${p}`);
  for (const tp of tps.sort(compareTopicPartitions)) {
    committed[tp] = Number(zk.get(`${dir}/offsets/${topicOf(tp)}/${partitionOf(tp)}`)!.data);
    const h = hw(system, tp);
    if (h !== null) lag[tp] = Math.max(0, h - committed[tp]);
  }
  const live = consumers.filter((c) => c.status === 'active' && ids.includes(c.name));
  const state = ids.length === 0 ? 'Empty' : live.some((c) => c.coordinator.rebalancing) ? 'PreparingRebalance' : 'Stable';
  return {
    state,
    generation: Math.max(0, ...live.map((c) => c.coordinator.generation)),
    assignor: consumers[0].options.assignor === 'roundrobin' ? 'roundrobin' : 'range',
    coordinator: null,
    storage: 'zookeeper',
    leader: null,
    members,
    committed,
    lag,
  };
}

export function dumpConsumers(system: GroupSystem, listMax = DUMP_LIST_MAX): Record<string, ConsumerDump> {
  const out = nameMap<ConsumerDump>();
  for (const [name, c] of byName([...system.consumers])) {
    const position = nameMap<number>();
    const lag = nameMap<number>();
    for (const tp of [...c.positions.keys()].sort(compareTopicPartitions)) {
      position[tp] = c.positions.get(tp)!;
      const h = hw(system, tp);
      if (h !== null) lag[tp] = Math.max(0, h - position[tp]);
    }
    const k = c.coordinator;
    out[name] = {
      group: c.options.group,
      status: c.status,
      state: k.state,
      memberId: k.memberId || null,
      generation: k.generation,
      coordinator: k.coordinatorId,
      assignor: c.options.groupProtocol === 'consumer' ? (c.options.serverAssignor ?? 'uniform') : c.options.assignor,
      topics: [...c.options.topics],
      assignment: [...k.owned].sort(compareTopicPartitions),
      position,
      lag,
      // copies: a dump is a snapshot, later records must not show up in it
      consumed: c.consumed.slice(0, listMax),
      consumedCount: c.consumed.length,
      errors: c.errors.slice(),
    };
    if (c.readCommitted) out[name].isolationLevel = 'read_committed';
  }
  return out;
}
