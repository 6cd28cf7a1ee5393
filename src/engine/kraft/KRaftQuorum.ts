// kraft mode (KIP-500, KIP-595; Kafka 3.x): a Raft quorum of controller nodes keeps the metadata log.
// Followers fetch from the leader; one that hears nothing within controller.quorum.fetch.timeout.ms stands
// for election with epoch + 1 and wins with a majority of votes. The leader is the active controller:
// brokers register and heartbeat to it, and are fenced after broker.session.timeout.ms of silence.
import type { SimContext } from '../sim/context';
import type { Timer } from '../sim/scheduler';
import { ControllerCore, type ControllerHost } from '../controller/ControllerCore';
import { ControllerChannel } from '../controller/ControllerChannel';
import type { PartitionState } from '../broker/requests';
import type { ClusterServices } from '../cluster/services';
import type { Broker } from '../broker/Broker';
import type { ConfigValue } from '../config';
import type { Message, Network } from '../sim/network';
import { NetworkClient, respond } from '../sim/client';
import type { ApiName, RequestOf } from '../apis';
import { call, type Call } from '../sim/call';
import type { Endpoint } from '../sim/network';

const ELECTION_TIMEOUT_MS = 1000; // controller.quorum.election.timeout.ms
const FETCH_TIMEOUT_MS = 2000; // controller.quorum.fetch.timeout.ms
const FETCH_INTERVAL_MS = 500;

export interface MetadataRecord {
  offset: number;
  epoch: number;
  type: string;
  [k: string]: unknown;
}

export class ControllerNode implements Endpoint {
  role: 'leader' | 'follower' | 'candidate' = 'follower';
  epoch = 0;
  votedFor: number | null = null;
  leaderId: number | null = null;
  lastHeardMs = 0;
  status: 'online' | 'crashed' = 'online';
  votes = new Set<number>();
  core: ControllerCore | null = null;
  timer: Timer | null = null;
  /** its requests in flight (votes it asked for) */
  readonly client: NetworkClient;
  /** its channel to each broker, while it is the active controller */
  channels = new Map<number, ControllerChannel>();
  constructor(
    readonly id: number,
    network: Network,
    private quorum: KRaftQuorum,
  ) {
    this.client = new NetworkClient(`controller-${id}`, network);
  }
  receive(m: Message): void {
    if (m.response) this.client.receive(m);
    else this.quorum.handle(this, m);
  }
  refused(m: Message): void {
    this.client.refused(m);
  }
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
    readonly ctx: SimContext,
    private services: ClusterServices,
    voterIds: number[],
    private topicConfig: Call<[topic: string], Record<string, ConfigValue>>,
  ) {
    this.voters = voterIds.map((id) => new ControllerNode(id, ctx.network, this));
    for (const v of this.voters) ctx.network.register(v.node, v);
  }

  topicConfigOf(t: string): Record<string, ConfigValue> {
    return this.topicConfig(t);
  }

  /** ControllerApis / the Raft client: a message that arrived at controller node `v`. */
  handle(v: ControllerNode, m: Message): void {
    switch (m.api as ApiName) {
      case 'Vote':
        return respond<'Vote'>(this.ctx.network, m as Message<RequestOf<'Vote'>>, { granted: this.handleVote(v, m.body as RequestOf<'Vote'>) });
      case 'FetchResponse':
        return this.handleLeaderFetch(v, m.body as RequestOf<'FetchResponse'>);
      case 'BrokerHeartbeat':
        return this.handleBrokerHeartbeat(v, m.body as RequestOf<'BrokerHeartbeat'>);
      case 'AlterIsr':
        return respond<'AlterIsr'>(
          this.ctx.network,
          m as Message<RequestOf<'AlterIsr'>>,
          this.services.handleControllerRequest(v.node, m as Message<RequestOf<'AlterIsr'>> & { api: 'AlterIsr' }),
        );
      case 'ControlledShutdown':
        return respond<'ControlledShutdown'>(
          this.ctx.network,
          m as Message<RequestOf<'ControlledShutdown'>>,
          this.services.handleControllerRequest(v.node, m as Message<RequestOf<'ControlledShutdown'>> & { api: 'ControlledShutdown' }),
        );
    }
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
    v.timer = this.ctx.scheduler.schedule(wait, call(this, this.electionTimeout, v));
  }

  private electionTimeout(v: ControllerNode): void {
    if (v.status !== 'online' || v.role === 'leader') return;
    if (v.role === 'follower' && v.leaderId !== null && this.ctx.scheduler.now - v.lastHeardMs < FETCH_TIMEOUT_MS) {
      this.resetElectionTimer(v);
      return;
    }
    this.standForElection(v);
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
      v.client.send(o.node, 'Vote', { epoch, candidate: v.id, lastOffset }, call(this, this.voteAnswered, v, o, epoch));
    }
    this.resetElectionTimer(v);
  }

  private voteAnswered(v: ControllerNode, o: ControllerNode, epoch: number, { granted }: { granted: boolean }): void {
    if (v.status !== 'online' || v.role !== 'candidate' || v.epoch !== epoch || !granted) return;
    v.votes.add(o.id);
    if (v.votes.size >= this.majority()) this.becomeLeader(v);
  }

  /** Vote at voter `o`: a higher epoch makes it a follower; one vote per epoch. */
  private handleVote(o: ControllerNode, r: RequestOf<'Vote'>): boolean {
    if (o.status !== 'online') return false;
    if (r.epoch > o.epoch) {
      if (o.role === 'leader') this.stepDown(o);
      o.epoch = r.epoch;
      o.votedFor = null;
      o.role = 'follower';
    }
    const granted = r.epoch === o.epoch && (o.votedFor === null || o.votedFor === r.candidate) && r.lastOffset >= this.log.length - 0;
    if (granted) o.votedFor = r.candidate;
    return granted;
  }

  /** The leader's fetch answer at follower `o`: it hears from its leader and does not stand for election. */
  private handleLeaderFetch(o: ControllerNode, r: RequestOf<'FetchResponse'>): void {
    if (o.status !== 'online' || r.epoch < o.epoch) return;
    o.epoch = r.epoch;
    o.role = 'follower';
    o.leaderId = r.leader;
    o.lastHeardMs = this.ctx.scheduler.now;
    this.resetElectionTimer(o);
  }

  private becomeLeader(v: ControllerNode): void {
    v.role = 'leader';
    v.leaderId = v.id;
    v.channels = new Map();
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
      this.ctx.network.send({ api: 'FetchResponse', from: v.node, to: o.node, body: { epoch, leader: v.id } });
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
    this.ctx.scheduler.schedule(FETCH_INTERVAL_MS, call(this, this.leaderLoop, v, epoch));
  }

  private canCommit(v: ControllerNode): boolean {
    const reachable = this.voters.filter((o) => o.status === 'online' && this.ctx.network.connected(v.node, o.node)).length;
    return reachable >= this.majority();
  }

  private append(v: ControllerNode, rec: Omit<MetadataRecord, 'offset' | 'epoch'>): void {
    this.log.push({ offset: this.log.length, epoch: v.epoch, ...rec } as MetadataRecord);
  }

  private buildCore(v: ControllerNode): ControllerCore {
    const core = new ControllerCore(new QuorumControllerHost(this, v));
    // Replay the metadata log (what a new active controller loads).
    for (const r of this.log) {
      if (r.type === 'RegisterBrokerRecord' || r.type === 'UnfenceBrokerRecord') core.liveBrokers.add(r.id as number);
      else if (r.type === 'FenceBrokerRecord') core.liveBrokers.delete(r.id as number);
      else if (r.type === 'TopicRecord') core.topics.set(r.name as string, r.assignment as number[][]);
      else if (r.type === 'RemoveTopicRecord') {
        core.topics.delete(r.name as string);
        for (const [k, s] of [...core.states]) if (s.topic === r.name) core.states.delete(k);
      } else if (r.type === 'PartitionChangeRecord') {
        const s = r.state as PartitionState;
        core.states.set(`${s.topic}-${s.partition}`, s);
      }
    }
    return core;
  }

  persist(v: ControllerNode, states: PartitionState[]): boolean {
    if (v.role !== 'leader' || !this.canCommit(v)) return false;
    for (const s of states) this.append(v, { type: 'PartitionChangeRecord', state: { ...s } });
    return true;
  }

  sendMetadata(v: ControllerNode, to: number, states: PartitionState[], leaderAndIsr: boolean): void {
    const live = [...(v.core?.liveBrokers ?? [])].sort((x, y) => x - y);
    const body = leaderAndIsr
      ? { leaderAndIsr: { controllerId: v.id, controllerEpoch: v.epoch, partitions: states } }
      : { updateMetadata: { controllerId: v.id, controllerEpoch: v.epoch, liveBrokers: live, partitions: states } };
    this.channel(v, to)?.send('MetadataFetch', body);
  }

  /** The active controller's channel to a broker: what a broker cut off from the controller misses reaches it once
   *  the link heals (in Kafka it fetches the metadata log from where it stopped). */
  channel(v: ControllerNode, to: number): ControllerChannel | null {
    const b = this.services.broker(to);
    if (!b) return null;
    let ch = v.channels.get(to);
    if (!ch) {
      ch = new ControllerChannel(this.ctx, v.client, b, call(null, stillLeading, v, v.epoch));
      v.channels.set(to, ch);
    }
    return ch;
  }

  private pushAll(v: ControllerNode): void {
    const all = v.core!.allStates();
    for (const b of [...v.core!.liveBrokers].sort((x, y) => x - y)) {
      this.sendMetadata(v, b, all, false);
      this.sendMetadata(
        v,
        b,
        all.filter((s) => s.replicas.includes(b)),
        true,
      );
    }
  }

  /** A broker's heartbeat (every broker.heartbeat.interval.ms); the first one registers it. */
  heartbeat(b: Broker): void {
    const v = this.active;
    if (!v || !this.ctx.network.connected(b.node, v.node)) return;
    this.ctx.network.send({
      api: 'BrokerHeartbeat',
      from: b.node,
      to: v.node,
      body: { brokerId: b.id, incarnation: b.incarnation, cleanShutdown: b.lastShutdownClean },
    });
  }

  /** A broker's heartbeat arrived at controller node `v`: the first one registers it, a new incarnation re-registers. */
  private handleBrokerHeartbeat(v: ControllerNode, { brokerId, incarnation, cleanShutdown }: RequestOf<'BrokerHeartbeat'>): void {
    if (v.role !== 'leader' || v.status !== 'online' || !v.core) return;
    this.lastHeartbeat.set(brokerId, this.ctx.scheduler.now);
    const core = v.core;
    if (core.liveBrokers.has(brokerId) && this.incarnations.has(brokerId) && this.incarnations.get(brokerId) !== incarnation) {
      // A new incarnation: the old one is fenced first (its partitions move), then the new one registers.
      this.append(v, { type: 'FenceBrokerRecord', id: brokerId });
      core.onBrokerFailure([brokerId]);
    }
    const newIncarnation = this.incarnations.get(brokerId) !== incarnation;
    this.incarnations.set(brokerId, incarnation);
    // ClusterControlManager.registerBroker: a new incarnation that cannot show a clean shutdown leaves the ISRs and
    // ELRs first (BrokerShutdownHandler → handleBrokerUncleanShutdown, with eligible leader replicas)
    if (newIncarnation && !cleanShutdown) core.onBrokerUncleanShutdown(brokerId);
    if (!core.liveBrokers.has(brokerId)) {
      const known = this.log.some((r) => r.type === 'RegisterBrokerRecord' && r.id === brokerId);
      this.append(v, { type: known ? 'UnfenceBrokerRecord' : 'RegisterBrokerRecord', id: brokerId });
      this.fenced.delete(brokerId);
      this.ctx.emit(known ? 'BrokerUnfenced' : 'BrokerRegistered', { broker: brokerId, controller: v.id });
      core.onBrokerStartup([brokerId]);
    }
  }

  createTopicRecord(v: ControllerNode, name: string, assignment: number[][]): void {
    this.append(v, { type: 'TopicRecord', name, assignment });
  }

  removeTopicRecord(v: ControllerNode, name: string): void {
    this.append(v, { type: 'RemoveTopicRecord', name });
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

function stillLeading(v: ControllerNode, epoch: number): boolean {
  return v.role === 'leader' && v.epoch === epoch && v.status === 'online';
}

/** What the state machine asks of the active controller in kraft mode: records in the metadata log, pushed to brokers. */
class QuorumControllerHost implements ControllerHost {
  readonly bumpEpochOnIsrRemoval = false;
  constructor(
    private quorum: KRaftQuorum,
    private v: ControllerNode,
  ) {}
  get ctx(): SimContext {
    return this.quorum.ctx;
  }
  get id(): number {
    return this.v.id;
  }
  epoch(): number {
    return this.v.epoch;
  }
  persist(states: PartitionState[]): boolean {
    return this.quorum.persist(this.v, states);
  }
  sendLeaderAndIsr(to: number, states: PartitionState[]): void {
    this.quorum.sendMetadata(this.v, to, states, true);
  }
  sendUpdateMetadata(to: number[], states: PartitionState[]): void {
    for (const b of to) this.quorum.sendMetadata(this.v, b, states, false);
  }
  /** a RemoveTopicRecord reaches a broker as the replicas it must delete */
  sendStopReplica(to: number, states: PartitionState[]): void {
    const v = this.v;
    this.quorum.channel(v, to)?.send('MetadataFetch', {
      stopReplica: { controllerId: v.id, controllerEpoch: v.epoch, partitions: states.map((s) => ({ topic: s.topic, partition: s.partition })) },
    });
  }
  topicConfig(t: string): Record<string, ConfigValue> {
    return this.quorum.topicConfigOf(t);
  }
  /** the eligible.leader.replicas.version feature (KIP-966): off by default in Kafka 4.0 */
  elrEnabled(): boolean {
    return this.quorum.ctx.config.num('eligible.leader.replicas.version') >= 1;
  }
}
