// The consumer-group commands (joinGroup, leaveGroup, crashConsumer, poll, commit, seek) and the state
// dump's `groups` and `consumers`. Each step lets simulated time run until it completes or the client's
// request.timeout.ms passes, as the producer's steps do.
import type { Step } from './types';
import type { RunContext } from './commands';
import type { StepExtension } from './extensions';
import { GroupSystem } from '../engine/group/GroupSystem';
import type { Consumer, ConsumerOptions } from '../engine/group/Consumer';
import type { AssignorName } from '../engine/group/rules';
import { compareTopicPartitions, partitionOf, topicOf } from '../engine/group/rules';

const COMMANDS = new Set(['joinGroup', 'leaveGroup', 'crashConsumer', 'poll', 'commit', 'seek']);

export class GroupsExtension implements StepExtension {
  readonly system: GroupSystem;

  constructor(private run: RunContext) {
    this.system = new GroupSystem(run.cluster);
  }

  handles(command: string): boolean {
    return COMMANDS.has(command);
  }

  private timeout(): number {
    return this.run.cluster.ctx.config.num('request.timeout.ms');
  }

  private consumer(step: Step): Consumer {
    return this.system.consumer(step.consumer as string)!;
  }

  execute(step: Step, i: number): void {
    void i;
    this.system.attach();
    switch (step.do) {
      case 'joinGroup':
        return this.join(step);
      case 'leaveGroup': {
        const c = this.consumer(step);
        if (!c || c.status !== 'active') return;
        let done = false;
        c.close(() => (done = true));
        this.run.runUntil(() => done, this.timeout());
        return;
      }
      case 'crashConsumer': {
        const c = this.consumer(step);
        if (c && c.status === 'active') c.crash();
        return;
      }
      case 'poll': {
        const c = this.consumer(step);
        if (!c || c.status !== 'active') return;
        // poll() first (re)joins the group and completes a rebalance in progress (bounded by the client's timeout)
        c.coordinator.ensureActiveGroup();
        c.lastPoll = this.run.now;
        this.run.runUntil(() => !c.coordinator.rebalancing || c.coordinator.fatalError !== null, this.timeout());
        let done = false;
        c.poll((step.max as number | undefined) ?? 500, () => (done = true));
        this.run.runUntil(() => done, this.timeout());
        return;
      }
      case 'commit': {
        const c = this.consumer(step);
        if (!c || c.status !== 'active') return;
        let done = false;
        c.commitPositions('commitSync', () => (done = true));
        this.run.runUntil(() => done, this.timeout());
        return;
      }
      case 'seek': {
        const c = this.consumer(step);
        if (c && c.status === 'active') c.seek(step.topic as string, step.partition as number, step.offset as number);
        return;
      }
    }
  }

  private join(step: Step): void {
    const options: ConsumerOptions = {
      name: step.consumer as string,
      group: step.group as string,
      topics: [...(step.topics as string[])],
      assignor: ((step.assignor as string | undefined) ?? 'range') as AssignorName,
      autoCommit: (step.autoCommit as boolean | undefined) ?? true,
      autoCommitIntervalMs: (step.autoCommitIntervalMs as number | undefined) ?? this.run.cluster.ctx.config.num('auto.commit.interval.ms'),
      autoOffsetReset: (step.autoOffsetReset as ConsumerOptions['autoOffsetReset'] | undefined) ?? 'latest',
    };
    const existing = this.system.consumer(options.name);
    const wasActive = existing?.status === 'active';
    const sameTopics = wasActive && JSON.stringify([...existing.options.topics].sort()) === JSON.stringify([...options.topics].sort());
    const before = wasActive ? existing.coordinator.joinCount : 0;
    const c = this.system.join(options);
    if (wasActive && sameTopics) return;
    // a new member, a restarted one or a new subscription: wait for the rebalance it causes
    this.run.runUntil(() => (c.coordinator.joinCount > before && c.coordinator.state === 'stable') || c.coordinator.fatalError !== null, this.timeout());
  }

  dump(): Record<string, unknown> {
    return { groups: this.dumpGroups(), consumers: this.dumpConsumers() };
  }

  /** The high watermark of a partition at its current leader (what kafka-consumer-groups reports as LOG-END-OFFSET). */
  private hw(tp: string): number | null {
    const c = this.run.cluster;
    const s = c.activeController()?.states.get(tp);
    if (!s || s.leader === null) return null;
    return c.brokers.get(s.leader)?.replicaManager.getPartition(topicOf(tp), partitionOf(tp))?.log.highWatermark ?? null;
  }

  private dumpGroups(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const id of this.system.groupIds()) {
      const zk = this.dumpZkGroup(id);
      if (zk) {
        out[id] = zk;
        continue;
      }
      const found = this.system.findGroup(id);
      if (!found) {
        out[id] = { state: 'Dead', generation: null, assignor: null, coordinator: null, leader: null, members: {}, committed: {}, lag: {} };
        continue;
      }
      const g = found.group;
      const members: Record<string, unknown> = {};
      for (const m of [...g.members.values()].sort((a, b) => (a.clientId < b.clientId ? -1 : a.clientId > b.clientId ? 1 : 0))) {
        const state = m.awaitingJoin ? 'awaitingJoin' : m.awaitingSync ? 'awaitingSync' : g.is('Stable') ? 'stable' : 'rebalancing';
        members[m.clientId] = { assignment: [...m.assignment].sort(compareTopicPartitions), memberId: m.memberId, state, topics: m.subscriptionFor(g.protocolName).topics };
      }
      const committed: Record<string, number> = {};
      const lag: Record<string, number> = {};
      for (const tp of [...g.offsets.keys()].sort(compareTopicPartitions)) {
        const o = g.offsets.get(tp)!.offset;
        committed[tp] = o;
        const hw = this.hw(tp);
        if (hw !== null) lag[tp] = Math.max(0, hw - o);
      }
      out[id] = {
        state: g.state,
        generation: g.generationId,
        assignor: g.protocolName,
        coordinator: found.broker,
        coordinatorPartition: this.system.partitionFor(id),
        leader: g.leaderId ? (g.members.get(g.leaderId)?.clientId ?? null) : null,
        members,
        committed,
        lag,
      };
    }
    return out;
  }

  /** offsets.storage=zookeeper: the group as its znodes show it (/consumers/<group>/ids, owners, offsets). */
  private dumpZkGroup(id: string): Record<string, unknown> | null {
    const zk = this.run.cluster.zk;
    const consumers = [...this.system.consumers.values()].filter((c) => c.options.group === id && c.zookeeperModel);
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
    const members: Record<string, unknown> = {};
    for (const m of ids) members[m] = { assignment: (owners.get(m) ?? []).sort(compareTopicPartitions), memberId: m };
    const committed: Record<string, number> = {};
    const lag: Record<string, number> = {};
    const tps: string[] = [];
    for (const t of zk.children(`${dir}/offsets`)) for (const p of zk.children(`${dir}/offsets/${t}`)) tps.push(`${t}-${p}`);
    for (const tp of tps.sort(compareTopicPartitions)) {
      committed[tp] = Number(zk.get(`${dir}/offsets/${topicOf(tp)}/${partitionOf(tp)}`)!.data);
      const hw = this.hw(tp);
      if (hw !== null) lag[tp] = Math.max(0, hw - committed[tp]);
    }
    const live = consumers.filter((c) => c.status === 'active' && ids.includes(c.name));
    const state = ids.length === 0 ? 'Empty' : live.some((c) => c.coordinator.rebalancing) ? 'PreparingRebalance' : 'Stable';
    return { state, generation: Math.max(0, ...live.map((c) => c.coordinator.generation)), assignor: consumers[0].options.assignor === 'roundrobin' ? 'roundrobin' : 'range', coordinator: null, storage: 'zookeeper', leader: null, members, committed, lag };
  }

  private dumpConsumers(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [name, c] of [...this.system.consumers].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      const position: Record<string, number> = {};
      const lag: Record<string, number> = {};
      for (const tp of [...c.positions.keys()].sort(compareTopicPartitions)) {
        position[tp] = c.positions.get(tp)!;
        const hw = this.hw(tp);
        if (hw !== null) lag[tp] = Math.max(0, hw - position[tp]);
      }
      const k = c.coordinator;
      out[name] = {
        group: c.options.group,
        status: c.status,
        state: k.state,
        memberId: k.memberId || null,
        generation: k.generation,
        coordinator: k.coordinatorId,
        assignor: c.options.assignor,
        topics: [...c.options.topics],
        assignment: [...k.owned].sort(compareTopicPartitions),
        position,
        lag,
        // copies: a dump is a snapshot, later records must not show up in it
        consumed: c.consumed.slice(),
        errors: c.errors.slice(),
      };
    }
    return out;
  }
}

export const groupsExtension = (run: RunContext): StepExtension => new GroupsExtension(run);
