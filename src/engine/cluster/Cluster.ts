// The whole simulated cluster: brokers, ZooKeeper or the KRaft quorum, the network, and the clients.
// It wires the parts together (ClusterServices) and is what the scenario commands act on.
import { Scheduler } from '../sim/scheduler';
import { Prng } from '../sim/prng';
import { Network, type Gate, type Message } from '../sim/network';
import type { RequestOf, ResponseOf } from '../apis';
import type { SimContext } from '../sim/context';
import { brokerNode, ZK_NODE } from '../sim/context';
import { BrokerConfig, resolveTopicConfig, type ConfigValue } from '../config';
import { Broker } from '../broker/Broker';
import type { Partition } from '../broker/Partition';
import type { PartitionState } from '../broker/requests';
import { ZooKeeper } from '../zookeeper/ZooKeeper';
import { ZkBrokerAgent } from '../controller/ZkBrokerAgent';
import { KRaftQuorum } from '../kraft/KRaftQuorum';
import type { ClusterServices } from './services';
import { Producer } from '../client/Producer';
import type { EventMap, EventOf, EventType, SimEvent } from '../events';
import { call, type Call } from '../sim/call';
import type { ControllerCore } from '../controller/ControllerCore';
import { InvariantMonitor } from './invariants';
import { METERED, MetricsMonitor } from './metrics';
import { GroupSystem } from '../group/GroupSystem';
import type { AdminHost } from '../broker/adminApis';
import { ClusterAdmin } from './admin';
import { TransactionSystem } from '../txn/TransactionSystem';
import type { TransactionVersion } from '../txn/rules/transactionMetadata';

export const KRAFT_VOTERS = [3000, 3001, 3002];
const ALTER_ISR_TIMEOUT_MS = 30000;

export interface ClusterOptions {
  seed: number;
  mode: 'zookeeper' | 'kraft';
  brokers: number[];
  /** broker.rack by broker id (v1.1) */
  racks?: Record<string, string>;
  config: Record<string, ConfigValue>;
}

/** A node's address read once: every message's delivery asks whose it is (a regular expression per message, each
 *  making its match array, before). */
type NodeOf = { kind: 'broker' | 'controller'; id: number } | { kind: 'other' };
const nodes = new Map<string, NodeOf>();
function parseNode(to: string): NodeOf {
  let n = nodes.get(to);
  if (!n) {
    const m = /^(broker|controller)-(\d+)$/.exec(to);
    n = m ? { kind: m[1] as 'broker' | 'controller', id: Number(m[2]) } : { kind: 'other' };
    nodes.set(to, n);
  }
  return n;
}

export class Cluster implements ClusterServices {
  readonly ctx: SimContext;
  readonly events: SimEvent[] = [];
  /** the seq of events[0]: 0, but for a run restored without its trace's first events (ScenarioRun.restore) */
  firstSeq = 0;
  readonly brokers = new Map<number, Broker>();
  readonly zk: ZooKeeper | null = null;
  readonly quorum: KRaftQuorum | null = null;
  readonly agents = new Map<number, ZkBrokerAgent>();
  readonly producers = new Map<string, Producer>();
  readonly topicConfigs = new Map<string, Record<string, ConfigValue>>();
  readonly assignmentModes = new Map<string, string>();
  /** the scenario step being run, stamped on each event */
  currentStep = -1;
  private nextProducerId = 0;
  readonly invariants: InvariantMonitor = new InvariantMonitor(this);
  /** the brokers' and controllers' meters (the dump's metrics) */
  readonly metrics = new MetricsMonitor();
  /** consumer groups: a group coordinator per broker, and the consumers */
  readonly groups: GroupSystem;
  /** what layers above the engine keep with the run, by name (the wire's RequestChannel): copied with it by
   *  checkpoints, so it holds data and Calls too */
  readonly attachments = new Map<string, object>();
  /** transactions: a transaction coordinator per broker */
  readonly txns: TransactionSystem;

  constructor(readonly options: ClusterOptions) {
    const ctx = new ClusterContext(this, options);
    ctx.network = new Network(ctx.scheduler, ctx.config.num('sim.network.latency.ms'), call(this, this.gate), call(this, this.onMessageSent));
    this.ctx = ctx;
    if (options.mode === 'zookeeper') this.zk = new ZooKeeper(ctx);
    else this.quorum = new KRaftQuorum(ctx, this, KRAFT_VOTERS, call(this, this.topicConfig));
    for (const id of options.brokers) this.addBroker(id, false);
    this.groups = new GroupSystem(this);
    this.txns = new TransactionSystem(this);
  }

  private onMessageSent(m: Message, arriveAt: number, lost: boolean): void {
    this.ctx.emit('MessageSent', {
      from: m.from,
      to: m.to,
      api: m.api,
      correlationId: m.correlationId,
      arriveAt,
      ...(m.response ? { response: true as const } : {}),
      ...(lost ? { lost: true as const } : {}),
    });
  }

  // --- ClusterServices -----------------------------------------------------------

  broker(id: number): Broker | undefined {
    return this.brokers.get(id);
  }

  topicOverrides(topic: string): Record<string, ConfigValue> {
    return this.topicConfigs.get(topic) ?? {};
  }

  topicConfig(topic: string): Record<string, ConfigValue> {
    return resolveTopicConfig(this.ctx.config, this.topicOverrides(topic));
  }

  private gate(to: string): Gate {
    const node = parseNode(to);
    if (node.kind === 'broker') {
      const b = this.brokers.get(node.id);
      if (!b || !b.isUp) return { kind: 'drop', incarnation: b?.incarnation ?? 0 };
      if (b.status === 'paused') return { kind: 'defer', until: b.pausedUntil, incarnation: b.incarnation };
      return { kind: 'deliver', incarnation: b.incarnation };
    }
    if (node.kind === 'controller' && this.quorum) {
      const v = this.quorum.voters.find((x) => x.id === node.id);
      return v && v.status === 'online' ? { kind: 'deliver', incarnation: 0 } : { kind: 'drop', incarnation: 0 };
    }
    // clients and ZooKeeper: always up (a restarted consumer ignores answers to its old requests itself)
    return { kind: 'deliver', incarnation: 0 };
  }

  /** The active controller's state machine, wherever it runs. */
  activeController(): ControllerCore | null {
    if (this.quorum) return this.quorum.active?.core ?? null;
    // With fencing off two brokers may both act as controller: the one holding the current epoch is the real one.
    const epoch = Number(this.zk!.get('/controller_epoch')?.data ?? '0');
    for (const a of this.agents.values())
      if (a.controller?.active && a.broker.status === 'online' && a.controller.epochValue === epoch) return a.controller.core;
    return null;
  }

  controllerNode(): string | null {
    if (this.quorum) return this.quorum.active?.node ?? null;
    const z = this.zk!.get('/controller');
    return z ? brokerNode((JSON.parse(z.data) as { brokerid: number }).brokerid) : null;
  }

  alterIsr(from: Broker, p: Partition, newIsr: number[], done: Call<[state: PartitionState | null, error: string | null]>): void {
    const target = this.controllerNode();
    if (!target) {
      from.timer(1000, call(null, done, null, 'NOT_CONTROLLER'));
      return;
    }
    const once = new Once(done);
    from.timer(ALTER_ISR_TIMEOUT_MS, call(once, once.run, null, 'REQUEST_TIMED_OUT'));
    from.client.send(
      target,
      'AlterIsr',
      { brokerId: from.id, topic: p.topic, partition: p.partition, leaderEpoch: p.leaderEpoch, partitionEpoch: p.partitionEpoch, newIsr },
      call(null, alterIsrAnswered, once),
    );
  }

  /** The controller's side of AlterIsr and ControlledShutdown, at whichever node the request reached. */
  handleControllerRequest<A extends 'AlterIsr' | 'ControlledShutdown'>(node: string, m: Message<RequestOf<A>> & { api: A }): ResponseOf<A> {
    if (m.api === 'ControlledShutdown') {
      const core = this.activeController();
      return { remaining: core ? core.onControlledShutdown((m.body as RequestOf<'ControlledShutdown'>).brokerId) : 1 } as ResponseOf<A>;
    }
    const r = m.body as RequestOf<'AlterIsr'>;
    const core = this.controllerAt(node);
    return (
      core ? core.onAlterIsr(r.brokerId, r.topic, r.partition, r.leaderEpoch, r.partitionEpoch, r.newIsr) : { state: null, error: 'NOT_CONTROLLER' }
    ) as ResponseOf<A>;
  }

  zkNotification(m: Message): void {
    this.zk?.deliver(m);
  }

  private controllerAt(node: string): ControllerCore | null {
    if (this.quorum) {
      const v = this.quorum.voters.find((x) => x.node === node);
      return v?.role === 'leader' ? v.core : null;
    }
    const n = parseNode(node);
    const b = n.kind === 'broker' ? this.brokers.get(n.id) : undefined;
    const a = b && this.agents.get(b.id);
    return a?.controller?.active ? a.controller.core : null;
  }

  registerBroker(b: Broker): void {
    if (this.zk) {
      this.agents.get(b.id)!.register();
      return;
    }
    this.heartbeat(b);
  }

  private heartbeat(b: Broker): void {
    this.quorum!.heartbeat(b);
    b.timer(this.ctx.config.num('broker.heartbeat.interval.ms'), call(this, this.heartbeat, b));
  }

  unregisterBroker(b: Broker, clean: boolean): void {
    if (this.zk) this.agents.get(b.id)!.unregister(clean);
    else if (clean) this.quorum!.brokerShutdown(b.id);
  }

  onPowerLoss(b: Broker): void {
    this.dirtySince.delete(b.id);
  }

  onBrokerHalted(b: Broker): void {
    this.agents.get(b.id)?.halted();
  }

  /** A controller that wakes from a pause still has requests queued in its send threads: they go out first,
   *  with its old epoch, before it learns its session expired (the zombie that fencing stops). */
  onBrokerResumed(b: Broker): void {
    const c = this.agents.get(b.id)?.controller;
    if (c?.active && !this.zk!.isAlive(b.zkSession)) c.core.resendMetadata();
  }

  // --- commands -------------------------------------------------------------------

  /** Boots the cluster: ZooKeeper or the quorum first, then each broker in id order. */
  start(): void {
    this.quorum?.start();
    for (const b of this.sortedBrokers()) b.start();
    const every = this.ctx.config.num('sim.os.dirty.writeback.ms');
    if (every > 0 && this.ctx.config.num('sim.os.dirty.expire.ms') > 0) this.ctx.scheduler.schedule(every, call(this, this.osWriteback, every));
  }

  /** file -> when the OS first saw it dirty, per machine */
  private dirtySince = new Map<number, Map<string, number>>();

  /** The OS flusher: pages dirty for longer than the expiry reach the disk, whatever the Kafka process does
   *  (it runs while the broker process is down too: the machine is still up). */
  private osWriteback(every: number): void {
    const now = this.ctx.scheduler.now;
    const expire = this.ctx.config.num('sim.os.dirty.expire.ms');
    for (const b of this.sortedBrokers()) {
      const seen = this.dirtySince.get(b.id) ?? new Map<string, number>();
      this.dirtySince.set(b.id, seen);
      const written: string[] = [];
      // the files in the disk's own order (no sort of every path on every machine each time); the expired ones are
      // then written back in path order, as before
      for (const path of b.disk.paths()) {
        if (b.disk.isSynced(path)) {
          seen.delete(path);
          continue;
        }
        const since = seen.get(path) ?? now;
        seen.set(path, since);
        if (now - since >= expire) written.push(path);
      }
      written.sort();
      for (const path of written) {
        b.disk.writeBack(path, b.disk.size(path));
        seen.delete(path);
      }
      if (written.length) this.ctx.emit('PageCacheWrittenBack', { broker: b.id, files: written });
    }
    this.ctx.scheduler.schedule(every, call(this, this.osWriteback, every));
  }

  /** the brokers by id, made again when one is added (clients ask at every request: a sort each time was 5% of a
   *  seek's replay) */
  private byId: Broker[] | null = null;

  sortedBrokers(): readonly Broker[] {
    return (this.byId ??= [...this.brokers.values()].sort((a, b) => a.id - b.id));
  }

  addBroker(id: number, start = true, rack: string | null = null): Broker {
    const b = new Broker(id, this.ctx, this, this.options.config);
    b.rack = rack ?? (this.options.racks && Object.hasOwn(this.options.racks, String(id)) ? this.options.racks[String(id)] : null);
    this.brokers.set(id, b);
    this.byId = null;
    if (this.zk) this.agents.set(id, new ZkBrokerAgent(b, this.zk, this));
    // every broker runs a group coordinator (the ones of the first brokers are made with the group system)
    this.groups?.attach();
    this.txns?.attach();
    if (start) {
      this.ctx.emit('BrokerAdded', { broker: id });
      b.start();
    }
    return b;
  }

  producer(name: string): Producer {
    let p = this.producers.get(name);
    if (!p) {
      p = new Producer(name, this);
      this.producers.set(name, p);
    }
    return p;
  }

  /** CreateTopics and DeleteTopics from a broker's KafkaApis, handed to the active controller. */
  readonly admin: AdminHost = new ClusterAdmin(this);
  /** ProducerHost: the transaction version the cluster runs */
  transactionVersion(): TransactionVersion {
    return this.txns.transactionVersion();
  }

  allocateProducerId(): number {
    return this.nextProducerId++;
  }

  /** The producer id allocateProducerId would give next. Simplified: one cluster-wide counter (Kafka's brokers take
   *  blocks of 1000 ids from the controller's ProducerIdsRecord, or /latest_producer_id_block in zookeeper mode). */
  peekProducerId(): number {
    return this.nextProducerId;
  }

  /** Cuts a broker off: from everyone, ZooKeeper, the controller, the other brokers, or a list of brokers. */
  isolate(id: number, from: 'all' | 'zookeeper' | 'controller' | 'brokers' | number[]): void {
    const me = brokerNode(id);
    const cut = (other: string) => {
      if (other !== me && this.ctx.network.cutLink(me, other)) this.ctx.emit('LinkCut', { a: me, b: other });
    };
    if (from === 'all') {
      this.ctx.network.isolateAll(me);
      this.ctx.emit('LinkCut', { a: me, b: '*' });
    } else if (from === 'zookeeper') {
      if (this.zk) cut(ZK_NODE);
      else for (const v of this.quorum!.voters) cut(v.node);
    } else if (from === 'controller') {
      const c = this.controllerNode();
      if (c) cut(c);
    } else if (from === 'brokers') {
      for (const b of this.sortedBrokers()) cut(b.node);
    } else for (const o of from) cut(brokerNode(o));
  }

  heal(id?: number): void {
    for (const [a, b] of this.ctx.network.heal(id === undefined ? undefined : brokerNode(id))) this.ctx.emit('LinkHealed', { a, b });
  }
}

/** The context every part of the engine shares; emit stamps each event with its place, time and step. */
class ClusterContext implements SimContext {
  readonly scheduler = new Scheduler();
  readonly prng: Prng;
  network = null as unknown as Network;
  readonly config: BrokerConfig;
  readonly mode: 'zookeeper' | 'kraft';
  readonly events: SimEvent[];

  constructor(
    private cluster: Cluster,
    options: ClusterOptions,
  ) {
    this.prng = new Prng(options.seed);
    this.config = new BrokerConfig(options.config);
    this.mode = options.mode;
    this.events = cluster.events;
  }

  emit<K extends EventType>(type: K, fields: EventMap[K]): void {
    // The fields object becomes the event (no copy: the trace is the engine's hottest allocation).
    const e = ('seq' in fields ? { ...fields } : fields) as unknown as SimEvent;
    e.seq = this.cluster.firstSeq + this.events.length;
    e.time = this.scheduler.now;
    e.step = this.cluster.currentStep;
    e.type = type;
    this.events.push(e);
    if (type === 'HighWatermarkAdvanced' || type === 'BecameLeader')
      this.cluster.invariants.observe(e as unknown as EventOf<'HighWatermarkAdvanced'> | EventOf<'BecameLeader'>);
    else if (METERED.has(type)) this.cluster.metrics.observe(e);
  }
}

/** Runs a callback at most once (the first of an answer and a timeout). */
export class Once<A extends unknown[]> {
  done = false;
  constructor(private fn: Call<A>) {}
  run(...args: A): void {
    if (this.done) return;
    this.done = true;
    this.fn(...args);
  }
}

function alterIsrAnswered(once: Once<[PartitionState | null, string | null]>, r: ResponseOf<'AlterIsr'>): void {
  once.run(r.state, r.error);
}
