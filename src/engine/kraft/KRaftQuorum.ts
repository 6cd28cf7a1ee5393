// kraft mode (KIP-500, KIP-595; Kafka 3.x): a Raft quorum of controller nodes keeps the metadata log.
// Followers fetch from the leader; one that hears nothing within controller.quorum.fetch.timeout.ms stands
// for election with epoch + 1 and wins with a majority of votes. The leader is the active controller:
// brokers register and heartbeat to it, and are fenced after broker.session.timeout.ms of silence.
import type { SimContext } from '../sim/context';
import type { Timer } from '../sim/scheduler';
import { ControllerCore } from '../controller/ControllerCore';
import type { PartitionState } from '../broker/requests';
import type { ClusterServices } from '../cluster/services';
import type { Broker } from '../broker/Broker';
import type { ConfigValue } from '../config';

const ELECTION_TIMEOUT_MS = 1000; // controller.quorum.election.timeout.ms
const FETCH_TIMEOUT_MS = 2000; // controller.quorum.fetch.timeout.ms
const FETCH_INTERVAL_MS = 500;

export interface MetadataRecord { offset: number; epoch: number; type: string; [k: string]: unknown }

export class ControllerNode {
  role: 'leader' | 'follower' | 'candidate' = 'follower';
  epoch = 0;
  votedFor: number | null = null;
  leaderId: number | null = null;
  lastHeardMs = 0;
  status: 'online' | 'crashed' = 'online';
  votes = new Set<number>();
  core: ControllerCore | null = null;
  timer: Timer | null = null;
  constructor(readonly id: number) {}
  get node(): string {
    return `controller-${this.id}`;
  }
}

export class KRaftQuorum {
  readonly voters: ControllerNode[];
  readonly log: MetadataRecord[] = [];
  private lastHeartbeat = new Map<number, number>();
  /** the incarnation each broker registered with: a restarted broker registers anew */
  private incarnations = new Map<number, number>();
  fenced = new Set<number>();

  constructor(
    private ctx: SimContext,
    private services: ClusterServices,
    voterIds: number[],
    private topicConfig: (topic: string) => Record<string, ConfigValue>,
  ) {
    this.voters = voterIds.map((id) => new ControllerNode(id));
  }

  get active(): ControllerNode | null {
    return this.voters.find((v) => v.role === 'leader' && v.status === 'online') ?? null;
  }

  start(): void {
    for (const v of this.voters) this.resetElectionTimer(v);
  }

  private majority(): number {
    return Math.floor(this.voters.length / 2) + 1;
  }

  private resetElectionTimer(v: ControllerNode): void {
    this.ctx.scheduler.cancel(v.timer);
    const jitter = this.ctx.prng.nextInt(ELECTION_TIMEOUT_MS);
    const wait = (v.role === 'follower' && v.leaderId !== null ? FETCH_TIMEOUT_MS : ELECTION_TIMEOUT_MS) + jitter;
    v.timer = this.ctx.scheduler.schedule(wait, () => {
      if (v.status !== 'online' || v.role === 'leader') return;
      if (v.role === 'follower' && v.leaderId !== null && this.ctx.scheduler.now - v.lastHeardMs < FETCH_TIMEOUT_MS) {
        this.resetElectionTimer(v);
        return;
      }
      this.standForElection(v);
    });
  }

  private standForElection(v: ControllerNode): void {
    v.role = 'candidate';
    v.epoch += 1;
    v.votedFor = v.id;
    v.leaderId = null;
    v.votes = new Set([v.id]);
    this.ctx.emit('RaftElectionStarted', { node: v.id, epoch: v.epoch });
    const epoch = v.epoch;
    const lastOffset = this.log.length;
    for (const o of this.voters) {
      if (o === v) continue;
      this.ctx.network.send(v.node, o.node, 'Vote', () => {
        if (o.status !== 'online') return;
        if (epoch > o.epoch) {
          if (o.role === 'leader') this.stepDown(o);
          o.epoch = epoch;
          o.votedFor = null;
          o.role = 'follower';
        }
        const granted = epoch === o.epoch && (o.votedFor === null || o.votedFor === v.id) && lastOffset >= this.log.length - 0;
        if (granted) o.votedFor = v.id;
        this.ctx.network.send(o.node, v.node, 'VoteResponse', () => {
          if (v.status !== 'online' || v.role !== 'candidate' || v.epoch !== epoch || !granted) return;
          v.votes.add(o.id);
          if (v.votes.size >= this.majority()) this.becomeLeader(v);
        });
      });
    }
    this.resetElectionTimer(v);
  }

  private becomeLeader(v: ControllerNode): void {
    v.role = 'leader';
    v.leaderId = v.id;
    this.ctx.scheduler.cancel(v.timer);
    this.ctx.emit('RaftLeaderElected', { node: v.id, epoch: v.epoch });
    this.ctx.emit('ControllerElected', { broker: v.id, epoch: v.epoch, mode: 'kraft' });
    this.append(v, { type: 'LeaderChangeRecord', leaderId: v.id });
    v.core = this.buildCore(v);
    // Brokers heartbeat to the new leader; until then they count as live from the log.
    const now = this.ctx.scheduler.now;
    for (const b of v.core.liveBrokers) this.lastHeartbeat.set(b, now);
    this.pushAll(v);
    this.leaderLoop(v, v.epoch);
  }

  private stepDown(v: ControllerNode): void {
    v.role = 'follower';
    v.core = null;
    this.ctx.emit('ControllerResigned', { broker: v.id });
  }

  /** The leader's periodic work: followers fetch from it, and silent brokers are fenced. */
  private leaderLoop(v: ControllerNode, epoch: number): void {
    if (v.role !== 'leader' || v.epoch !== epoch || v.status !== 'online') return;
    for (const o of this.voters) {
      if (o === v) continue;
      this.ctx.network.send(v.node, o.node, 'FetchResponse', () => {
        if (o.status !== 'online' || epoch < o.epoch) return;
        o.epoch = epoch;
        o.role = 'follower';
        o.leaderId = v.id;
        o.lastHeardMs = this.ctx.scheduler.now;
        this.resetElectionTimer(o);
      });
    }
    const sessionMs = this.ctx.config.num('broker.session.timeout.ms');
    const now = this.ctx.scheduler.now;
    const core = v.core!;
    const silent = [...core.liveBrokers].filter((b) => now - (this.lastHeartbeat.get(b) ?? 0) > sessionMs).sort((a, b) => a - b);
    if (silent.length) {
      for (const b of silent) {
        this.fenced.add(b);
        this.ctx.emit('BrokerFenced', { broker: b, controller: v.id });
        this.append(v, { type: 'FenceBrokerRecord', id: b });
      }
      core.onBrokerFailure(silent);
    }
    this.ctx.scheduler.schedule(FETCH_INTERVAL_MS, () => this.leaderLoop(v, epoch));
  }

  private canCommit(v: ControllerNode): boolean {
    const reachable = this.voters.filter((o) => o.status === 'online' && this.ctx.network.connected(v.node, o.node)).length;
    return reachable >= this.majority();
  }

  private append(v: ControllerNode, rec: Omit<MetadataRecord, 'offset' | 'epoch'>): void {
    this.log.push({ offset: this.log.length, epoch: v.epoch, ...rec } as MetadataRecord);
  }

  private buildCore(v: ControllerNode): ControllerCore {
    const core = new ControllerCore({
      ctx: this.ctx,
      id: v.id,
      epoch: () => v.epoch,
      persist: (states) => this.persist(v, states),
      sendLeaderAndIsr: (to, states) => this.sendMetadata(v, to, states, true),
      sendUpdateMetadata: (to, states) => to.forEach((b) => this.sendMetadata(v, b, states, false)),
      topicConfig: (t) => this.topicConfig(t),
      bumpEpochOnIsrRemoval: false,
    });
    // Replay the metadata log (what a new active controller loads).
    for (const r of this.log) {
      if (r.type === 'RegisterBrokerRecord' || r.type === 'UnfenceBrokerRecord') core.liveBrokers.add(r.id as number);
      else if (r.type === 'FenceBrokerRecord') core.liveBrokers.delete(r.id as number);
      else if (r.type === 'TopicRecord') core.topics.set(r.name as string, r.assignment as number[][]);
      else if (r.type === 'PartitionChangeRecord') {
        const s = r.state as PartitionState;
        core.states.set(`${s.topic}-${s.partition}`, s);
      }
    }
    return core;
  }

  private persist(v: ControllerNode, states: PartitionState[]): boolean {
    if (v.role !== 'leader' || !this.canCommit(v)) return false;
    for (const s of states) this.append(v, { type: 'PartitionChangeRecord', state: { ...s } });
    return true;
  }

  private sendMetadata(v: ControllerNode, to: number, states: PartitionState[], leaderAndIsr: boolean): void {
    const b = this.services.broker(to);
    if (!b) return;
    const live = [...(v.core?.liveBrokers ?? [])].sort((x, y) => x - y);
    this.ctx.network.send(v.node, b.node, 'MetadataFetch', b.guard(() => {
      if (leaderAndIsr) b.handleLeaderAndIsr({ controllerId: v.id, controllerEpoch: v.epoch, partitions: states });
      else b.handleUpdateMetadata({ controllerId: v.id, controllerEpoch: v.epoch, liveBrokers: live, partitions: states });
    }));
  }

  private pushAll(v: ControllerNode): void {
    const all = v.core!.allStates();
    for (const b of [...v.core!.liveBrokers].sort((x, y) => x - y)) {
      this.sendMetadata(v, b, all, false);
      this.sendMetadata(v, b, all.filter((s) => s.replicas.includes(b)), true);
    }
  }

  /** A broker's heartbeat (every broker.heartbeat.interval.ms); the first one registers it. */
  heartbeat(b: Broker): void {
    const v = this.active;
    if (!v || !this.ctx.network.connected(b.node, v.node)) return;
    const incarnation = b.incarnation;
    this.ctx.network.send(b.node, v.node, 'BrokerHeartbeat', () => {
      if (v.role !== 'leader' || v.status !== 'online' || !v.core) return;
      this.lastHeartbeat.set(b.id, this.ctx.scheduler.now);
      const core = v.core;
      if (core.liveBrokers.has(b.id) && this.incarnations.has(b.id) && this.incarnations.get(b.id) !== incarnation) {
        // A new incarnation: the old one is fenced first (its partitions move), then the new one registers.
        this.append(v, { type: 'FenceBrokerRecord', id: b.id });
        core.onBrokerFailure([b.id]);
      }
      this.incarnations.set(b.id, incarnation);
      if (!core.liveBrokers.has(b.id)) {
        const known = this.log.some((r) => r.type === 'RegisterBrokerRecord' && r.id === b.id);
        this.append(v, { type: known ? 'UnfenceBrokerRecord' : 'RegisterBrokerRecord', id: b.id });
        this.fenced.delete(b.id);
        this.ctx.emit(known ? 'BrokerUnfenced' : 'BrokerRegistered', { broker: b.id, controller: v.id });
        core.onBrokerStartup([b.id]);
      }
    });
  }

  createTopicRecord(v: ControllerNode, name: string, assignment: number[][]): void {
    this.append(v, { type: 'TopicRecord', name, assignment });
  }

  /** A clean shutdown: the broker asks to be fenced at once (BrokerHeartbeat with wantShutDown). */
  brokerShutdown(id: number): void {
    const v = this.active;
    if (!v?.core || !v.core.liveBrokers.has(id)) return;
    this.fenced.add(id);
    this.append(v, { type: 'FenceBrokerRecord', id });
    this.ctx.emit('BrokerFenced', { broker: id, controller: v.id });
    v.core.onBrokerFailure([id]);
  }
}
