// The controller's partition and replica state machines (Kafka's KafkaController / PartitionStateMachine,
// and the QuorumController's ReplicationControlManager in kraft mode): leaders, ISRs and leader epochs,
// decided here and then persisted (ZooKeeper znodes or the metadata log) and sent to the brokers.
import type { PartitionState } from '../broker/requests';
import { tpKey } from '../broker/requests';
import type { SimContext } from '../sim/context';
import {
  controlledShutdownPartitionLeaderElection,
  leaderImbalanceRatio,
  offlinePartitionLeaderElection,
  preferredReplicaPartitionLeaderElection,
} from '../rules/election';
import { partitionChangeWithElr } from '../rules/eligibleLeaderReplicas';
import type { ConfigValue } from '../config';

export type ElectionReason = 'new' | 'offline' | 'controlledShutdown' | 'preferred' | 'unclean' | 'isr' | 'elr';

export interface ControllerHost {
  ctx: SimContext;
  readonly id: number;
  epoch(): number;
  /** persist changed partition states; false when this controller has been fenced (it must resign) */
  persist(states: PartitionState[], blind?: boolean): boolean;
  /** LeaderAndIsr (zookeeper) or metadata records (kraft) to one broker */
  sendLeaderAndIsr(broker: number, states: PartitionState[]): void;
  sendUpdateMetadata(brokers: number[], states: PartitionState[]): void;
  /** StopReplica with deletion (zookeeper) or the topic's removal record (kraft) to one broker */
  sendStopReplica(broker: number, states: PartitionState[]): void;
  topicConfig(topic: string): Record<string, ConfigValue>;
  /** zookeeper mode (Kafka 2.8) bumps the leader epoch when the controller removes a replica from the ISR */
  bumpEpochOnIsrRemoval: boolean;
  /** kraft mode with eligible.leader.replicas.version 1 (KIP-966) */
  elrEnabled(): boolean;
}

export class ControllerCore {
  liveBrokers = new Set<number>();
  shuttingDown = new Set<number>();
  topics = new Map<string, number[][]>();
  states = new Map<string, PartitionState>();

  constructor(private host: ControllerHost) {}

  /** a broker that can lead or join the ISR (a fresh function each time: state holds no closures) */
  private get live(): (b: number) => boolean {
    return (b: number) => this.liveBrokers.has(b) && !this.shuttingDown.has(b);
  }

  allStates(): PartitionState[] {
    const out: PartitionState[] = [];
    for (const [topic, assignment] of [...this.topics].sort(([a], [b]) => (a < b ? -1 : 1))) {
      for (let p = 0; p < assignment.length; p++) {
        const s = this.states.get(tpKey(topic, p));
        if (s) out.push(s);
      }
    }
    return out;
  }

  /** Persist, then tell the replicas (LeaderAndIsr) and every live broker (UpdateMetadata). */
  private commit(
    changed: PartitionState[],
    reasons: Map<PartitionState, ElectionReason>,
    extraLeaderAndIsrTo: number[] = [],
    leaderAndIsr = true,
    blind = false,
  ): boolean {
    if (!changed.length && !extraLeaderAndIsrTo.length) return true;
    if (changed.length && !this.host.persist(changed, blind)) return false;
    for (const s of changed) {
      const prev = this.states.get(tpKey(s.topic, s.partition));
      this.states.set(tpKey(s.topic, s.partition), s);
      const reason = reasons.get(s) ?? 'isr';
      if (reason === 'isr') continue;
      // the ISR the controller read (its own ISR changes leave no event behind) and, with ELR on, the eligible
      // replicas it read and wrote: the stage's ISR card shows them
      const elr = {
        ...(prev ? { isrBefore: prev.isr } : {}),
        ...(this.host.elrEnabled() ? { elrBefore: prev?.elr ?? [], elr: s.elr ?? [] } : {}),
      };
      if (s.leader === null)
        this.host.ctx.emit('PartitionOffline', {
          topic: s.topic,
          partition: s.partition,
          leaderEpoch: s.leaderEpoch,
          isr: s.isr,
          controller: this.host.id,
          ...elr,
        });
      else if (!prev || prev.leader !== s.leader || reason === 'new')
        this.host.ctx.emit('LeaderElected', {
          topic: s.topic,
          partition: s.partition,
          leader: s.leader,
          leaderEpoch: s.leaderEpoch,
          isr: s.isr,
          reason,
          controller: this.host.id,
          ...elr,
        });
    }
    const byBroker = new Map<number, PartitionState[]>();
    // An ISR change the leader asked for (AlterIsr) only goes out as UpdateMetadata, as in Kafka 2.7+.
    const add = (b: number, s: PartitionState) => {
      const list = byBroker.get(b);
      if (list) list.push(s);
      else byBroker.set(b, [s]);
    };
    if (leaderAndIsr) for (const s of changed) for (const r of s.replicas) if (this.liveBrokers.has(r)) add(r, s);
    if (extraLeaderAndIsrTo.length) {
      // every partition each of these brokers hosts, after the changed ones, in allStates order: one pass over the
      // partitions, not one per broker (a failover at 10,000 partitions and 100 brokers)
      const extra = new Set(extraLeaderAndIsrTo);
      for (const b of extra) if (!byBroker.has(b)) byBroker.set(b, []); // told even when it hosts nothing
      const have = new Set<string>();
      for (const b of extra) for (const s of byBroker.get(b) ?? []) have.add(`${b}/${tpKey(s.topic, s.partition)}`);
      for (const s of this.allStates()) for (const r of s.replicas) if (extra.has(r) && !have.has(`${r}/${tpKey(s.topic, s.partition)}`)) add(r, s);
    }
    for (const [b, list] of [...byBroker].sort(([x], [y]) => x - y)) this.host.sendLeaderAndIsr(b, list);
    if (changed.length)
      this.host.sendUpdateMetadata(
        [...this.liveBrokers].sort((a, b) => a - b),
        changed,
      );
    return true;
  }

  private next(s: PartitionState, leader: number | null, isr: number[], bumpEpoch = true): PartitionState {
    return { ...s, leader, isr, leaderEpoch: bumpEpoch ? s.leaderEpoch + 1 : s.leaderEpoch, partitionEpoch: s.partitionEpoch + 1 };
  }

  private uncleanAllowed(topic: string): boolean {
    return this.host.topicConfig(topic)['unclean.leader.election.enable'] === true;
  }

  /**
   * TopicDeletionManager (zookeeper) / ReplicationControlManager.deleteTopic (kraft): the live replicas stop and
   * delete their logs, every live broker drops the topic from its metadata cache. Simplified: replicas on brokers
   * that are down are not waited for (their logs stay on their disks).
   */
  onTopicDeletion(topic: string): void {
    const parts = this.allStates().filter((s) => s.topic === topic);
    this.topics.delete(topic);
    for (const s of parts) this.states.delete(tpKey(s.topic, s.partition));
    const byBroker = new Map<number, PartitionState[]>();
    for (const s of parts) for (const r of s.replicas) if (this.liveBrokers.has(r)) byBroker.set(r, [...(byBroker.get(r) ?? []), s]);
    for (const [b, list] of [...byBroker].sort(([x], [y]) => x - y)) this.host.sendStopReplica(b, list);
    this.host.sendUpdateMetadata(
      [...this.liveBrokers].sort((a, b) => a - b),
      parts.map((s) => ({ ...s, leader: null, deleted: true })),
    );
  }

  /**
   * KRaft with ELR: one PartitionChangeBuilder change towards `targetIsr` (the ISR may empty, a leader may come from
   * the ELR); null when nothing changes. The leader epoch moves with the leader, not with an ISR change (KRaft).
   */
  private elrChange(
    s: PartitionState,
    targetIsr: number[],
    acceptable: (b: number) => boolean,
    uncleanShutdown: number[] = [],
  ): [PartitionState, ElectionReason] | null {
    const minIsr = Number(this.host.topicConfig(s.topic)['min.insync.replicas']);
    const c = partitionChangeWithElr(
      { replicas: s.replicas, leader: s.leader, isr: s.isr, elr: s.elr ?? [], lastKnownElr: s.lastKnownElr ?? [] },
      targetIsr,
      minIsr,
      acceptable,
      { uncleanAllowed: this.uncleanAllowed(s.topic), uncleanShutdown },
    );
    const same = (a: number[] | undefined, b: number[]) => JSON.stringify(a ?? []) === JSON.stringify(b);
    if (c.leader === s.leader && same(s.isr, c.isr) && same(s.elr, c.elr) && same(s.lastKnownElr, c.lastKnownElr)) return null;
    const leaderChanged = c.leader !== s.leader;
    const n: PartitionState = {
      ...s,
      leader: c.leader,
      isr: c.isr,
      elr: c.elr,
      lastKnownElr: c.lastKnownElr,
      leaderEpoch: leaderChanged ? s.leaderEpoch + 1 : s.leaderEpoch,
      partitionEpoch: s.partitionEpoch + 1,
    };
    return [n, !leaderChanged ? 'isr' : c.unclean ? 'unclean' : c.fromElr ? 'elr' : 'offline'];
  }

  /** ReplicationControlManager.handleBrokerUncleanShutdown (KIP-966): a broker registering after an unclean shutdown
   *  leaves the ISR and the ELR of its partitions (its unflushed records may be gone). */
  onBrokerUncleanShutdown(id: number): boolean {
    if (!this.host.elrEnabled()) return true;
    const changed: PartitionState[] = [];
    const reasons = new Map<PartitionState, ElectionReason>();
    for (const s of this.allStates()) {
      if (!s.isr.includes(id) && !(s.elr ?? []).includes(id)) continue;
      const r = this.elrChange(
        s,
        s.isr.filter((b) => b !== id),
        (b) => b !== id && this.live(b),
        [id],
      );
      if (!r) continue;
      changed.push(r[0]);
      reasons.set(r[0], r[1]);
    }
    return this.commit(changed, reasons);
  }

  /** onNewPartitionCreation: the first live replica leads, the live replicas form the ISR. */
  onNewPartitions(topic: string, assignment: number[][], fromPartition: number): boolean {
    this.topics.set(topic, assignment);
    const changed: PartitionState[] = [];
    const reasons = new Map<PartitionState, ElectionReason>();
    for (let p = fromPartition; p < assignment.length; p++) {
      const replicas = assignment[p];
      const isr = replicas.filter(this.live);
      const leader = isr.length ? isr[0] : null;
      const s: PartitionState = { topic, partition: p, leader, leaderEpoch: 0, isr, replicas, partitionEpoch: 0 };
      changed.push(s);
      reasons.set(s, 'new');
    }
    return this.commit(changed, reasons);
  }

  onBrokerStartup(ids: number[]): boolean {
    for (const id of ids) {
      this.liveBrokers.add(id);
      this.shuttingDown.delete(id);
    }
    // Replicas on the new brokers learn their partitions; offline partitions may come back.
    const ok = this.commit([], new Map(), ids);
    this.host.sendUpdateMetadata(
      [...this.liveBrokers].sort((a, b) => a - b),
      this.allStates(),
    );
    return ok && this.electOffline();
  }

  onBrokerFailure(ids: number[]): boolean {
    for (const id of ids) {
      this.liveBrokers.delete(id);
      this.shuttingDown.delete(id);
    }
    const dead = new Set(ids);
    const changed: PartitionState[] = [];
    const reasons = new Map<PartitionState, ElectionReason>();
    for (const s of this.allStates()) {
      if (this.host.elrEnabled()) {
        // handleBrokerFenced: every partition with a fenced broker in its ISR (the ISR may empty, into the ELR)
        if (!s.isr.some((b) => dead.has(b))) continue;
        const r = this.elrChange(
          s,
          s.isr.filter((b) => !dead.has(b)),
          this.live,
        );
        if (r) {
          changed.push(r[0]);
          reasons.set(r[0], r[1]);
        }
        continue;
      }
      if (s.leader !== null && dead.has(s.leader)) {
        const r = offlinePartitionLeaderElection(s.replicas, s.isr, this.live, this.uncleanAllowed(s.topic));
        const n = this.next(s, r.leader, r.isr);
        changed.push(n);
        reasons.set(n, r.unclean ? 'unclean' : 'offline');
      } else if (s.isr.some((b) => dead.has(b)) && s.isr.length > 1) {
        const isr = s.isr.filter((b) => !dead.has(b));
        const n = this.next(s, s.leader, isr.length ? isr : [s.isr[s.isr.length - 1]], this.host.bumpEpochOnIsrRemoval);
        changed.push(n);
        reasons.set(n, 'isr');
      }
    }
    return this.commit(changed, reasons);
  }

  /** triggerOnlinePartitionStateChange: partitions without a leader get one if an ISR replica (or, when allowed, any) is live. */
  electOffline(topic?: string): boolean {
    const changed: PartitionState[] = [];
    const reasons = new Map<PartitionState, ElectionReason>();
    for (const s of this.allStates()) {
      if (s.leader !== null || (topic && s.topic !== topic)) continue;
      if (this.host.elrEnabled()) {
        // handleBrokerUnfenced: leaderless partitions elect from the ISR, or from the ELR while the ISR is empty
        const e = this.elrChange(s, s.isr, this.live);
        if (e && e[0].leader !== null) {
          changed.push(e[0]);
          reasons.set(e[0], e[1]);
        }
        continue;
      }
      const r = offlinePartitionLeaderElection(s.replicas, s.isr, this.live, this.uncleanAllowed(s.topic));
      if (r.leader === null) continue;
      const n = this.next(s, r.leader, r.isr);
      changed.push(n);
      reasons.set(n, r.unclean ? 'unclean' : 'offline');
    }
    return this.commit(changed, reasons);
  }

  /** AlterIsr from a partition leader: checked against its leader epoch and the partition epoch. */
  onAlterIsr(
    broker: number,
    topic: string,
    partition: number,
    leaderEpoch: number,
    partitionEpoch: number,
    newIsr: number[],
  ): { state: PartitionState | null; error: string | null } {
    const s = this.states.get(tpKey(topic, partition));
    if (!s) return { state: null, error: 'UNKNOWN_TOPIC_OR_PARTITION' };
    if (s.leader !== broker) return { state: null, error: 'NOT_LEADER_OR_FOLLOWER' };
    if (leaderEpoch !== s.leaderEpoch) return { state: null, error: 'FENCED_LEADER_EPOCH' };
    if (partitionEpoch !== s.partitionEpoch) return { state: null, error: 'INVALID_UPDATE_VERSION' };
    if (newIsr.some((b) => !this.liveBrokers.has(b))) return { state: null, error: 'INELIGIBLE_REPLICA' };
    // with ELR, a shrink below min.insync.replicas keeps the replicas it removes eligible
    const n = this.host.elrEnabled()
      ? (this.elrChange(s, newIsr, this.live)?.[0] ?? { ...s, partitionEpoch: s.partitionEpoch + 1 })
      : this.next(s, s.leader, newIsr, false);
    if (!this.commit([n], new Map([[n, 'isr' as ElectionReason]]), [], false)) return { state: null, error: 'NOT_CONTROLLER' };
    return { state: n, error: null };
  }

  /** ControlledShutdown: move leadership away and drop the broker from ISRs; returns partitions it still leads. */
  onControlledShutdown(id: number): number {
    this.shuttingDown.add(id);
    const changed: PartitionState[] = [];
    const reasons = new Map<PartitionState, ElectionReason>();
    let remaining = 0;
    for (const s of this.allStates()) {
      if (!s.replicas.includes(id)) continue;
      if (this.host.elrEnabled()) {
        // handleBrokerInControlledShutdown: out of the ISRs (into the ELR below min ISR), leadership elsewhere
        if (!s.isr.includes(id)) continue;
        const r = this.elrChange(
          s,
          s.isr.filter((b) => b !== id),
          (b) => this.liveBrokers.has(b) && !this.shuttingDown.has(b),
        );
        if (r) {
          changed.push(r[0]);
          reasons.set(r[0], r[1] === 'offline' ? 'controlledShutdown' : r[1]);
        }
        if ((r ? r[0].leader : s.leader) === id) remaining += 1;
        continue;
      }
      if (s.leader === id) {
        const r = controlledShutdownPartitionLeaderElection(s.replicas, s.isr, (b) => this.liveBrokers.has(b), this.shuttingDown);
        if (r.leader === null) {
          remaining += 1;
          continue;
        }
        const n = this.next(s, r.leader, r.isr);
        changed.push(n);
        reasons.set(n, 'controlledShutdown');
      } else if (s.isr.includes(id) && s.isr.length > 1) {
        const n = this.next(
          s,
          s.leader,
          s.isr.filter((b) => b !== id),
          this.host.bumpEpochOnIsrRemoval,
        );
        changed.push(n);
        reasons.set(n, 'isr');
      }
    }
    this.commit(changed, reasons);
    return remaining;
  }

  /** electLeaders: "preferred" moves leadership to the first replica; "unclean" gives leaderless partitions any live replica. */
  electLeaders(type: 'preferred' | 'unclean', filter: (s: PartitionState) => boolean): { topic: string; partition: number; error: string | null }[] {
    const changed: PartitionState[] = [];
    const reasons = new Map<PartitionState, ElectionReason>();
    const results: { topic: string; partition: number; error: string | null }[] = [];
    for (const s of this.allStates()) {
      if (!filter(s)) continue;
      if (type === 'preferred') {
        if (s.leader === s.replicas[0]) {
          results.push({ topic: s.topic, partition: s.partition, error: 'ELECTION_NOT_NEEDED' });
          continue;
        }
        const leader = preferredReplicaPartitionLeaderElection(s.replicas, s.isr, this.live);
        if (leader === null) {
          results.push({ topic: s.topic, partition: s.partition, error: 'PREFERRED_LEADER_NOT_AVAILABLE' });
          continue;
        }
        const n = this.next(s, leader, s.isr);
        changed.push(n);
        reasons.set(n, 'preferred');
      } else {
        if (s.leader !== null) {
          results.push({ topic: s.topic, partition: s.partition, error: 'ELECTION_NOT_NEEDED' });
          continue;
        }
        const r = offlinePartitionLeaderElection(s.replicas, s.isr, this.live, true);
        if (r.leader === null) {
          results.push({ topic: s.topic, partition: s.partition, error: 'ELIGIBLE_LEADERS_NOT_AVAILABLE' });
          continue;
        }
        const n = this.next(s, r.leader, r.isr);
        changed.push(n);
        reasons.set(n, r.unclean ? 'unclean' : 'offline');
      }
      results.push({ topic: s.topic, partition: s.partition, error: null });
    }
    this.commit(changed, reasons);
    return results;
  }

  /** The article's unfenced zombie: its stale view written and sent as if it were current. */
  republish(): boolean {
    return this.commit(
      this.allStates().map((s) => ({ ...s })),
      new Map(),
      [...this.liveBrokers],
      true,
      true,
    );
  }

  /** Requests already queued in the controller's send threads go out even if the controller was fenced meanwhile. */
  resendMetadata(): void {
    this.host.sendUpdateMetadata(
      [...this.liveBrokers].sort((a, b) => a - b),
      this.allStates(),
    );
  }

  /** auto.leader.rebalance.enable: preferred election for brokers whose imbalance exceeds the percentage. */
  checkAndTriggerAutoLeaderRebalance(percentage: number): void {
    const all = this.allStates();
    for (const b of [...this.liveBrokers].sort((x, y) => x - y)) {
      if (leaderImbalanceRatio(b, all) * 100 > percentage) {
        this.host.ctx.emit('LeaderImbalanceDetected', { broker: b, controller: this.host.id });
        this.electLeaders('preferred', (s) => s.replicas[0] === b && s.leader !== b);
      }
    }
  }
}
