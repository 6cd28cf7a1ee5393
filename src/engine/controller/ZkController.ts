// zookeeper mode (Kafka 2.8, the article's model): each broker's ZooKeeper session, its registration under
// /brokers/ids, the race for the ephemeral /controller znode, and the active controller, which keeps its
// state in znodes and fences itself with /controller_epoch.
import type { Broker } from '../broker/Broker';
import type { PartitionState } from '../broker/requests';
import { ZkError, type ZooKeeper } from '../zookeeper/ZooKeeper';
import { ControllerCore, type ControllerHost } from './ControllerCore';
import { ControllerChannel } from './ControllerChannel';
import type { RequestOf } from '../apis';
import type { ClusterServices } from '../cluster/services';
import { call, type Call } from '../sim/call';
import type { SimContext } from '../sim/context';
import type { ConfigValue } from '../config';
import { zkControllerContextReads, zkControllerLoadMs } from '../rules/controllerFailover';

export const statePath = (t: string, p: number) => `/brokers/topics/${t}/partitions/${p}/state`;

export class ZkController implements ControllerHost {
  readonly core: ControllerCore;
  active = true;

  constructor(
    readonly broker: Broker,
    readonly epochValue: number,
    private zk: ZooKeeper,
    private services: ClusterServices,
    private onFenced: Call,
  ) {
    this.core = new ControllerCore(this);
  }

  // --- ControllerHost: what the state machine asks of the zookeeper-mode controller
  get ctx(): SimContext {
    return this.broker.ctx;
  }

  get id(): number {
    return this.broker.id;
  }

  readonly bumpEpochOnIsrRemoval = true;

  /** eligible leader replicas are KRaft's (KIP-966) */
  elrEnabled(): boolean {
    return false;
  }

  epoch(): number {
    return this.epochValue;
  }

  sendLeaderAndIsr(to: number, states: PartitionState[]): void {
    this.send(to, 'LeaderAndIsr', { controllerId: this.broker.id, controllerEpoch: this.epochValue, partitions: states });
  }

  sendUpdateMetadata(to: number[], states: PartitionState[]): void {
    for (const id of to)
      this.send(id, 'UpdateMetadata', {
        controllerId: this.broker.id,
        controllerEpoch: this.epochValue,
        liveBrokers: [...this.core.liveBrokers].sort((x, y) => x - y),
        partitions: states,
      });
  }

  sendStopReplica(to: number, states: PartitionState[]): void {
    this.send(to, 'StopReplica', {
      controllerId: this.broker.id,
      controllerEpoch: this.epochValue,
      partitions: states.map((s) => ({ topic: s.topic, partition: s.partition })),
    });
  }

  topicConfig(t: string): Record<string, ConfigValue> {
    return this.broker.topicConfig(t);
  }

  private channels = new Map<number, ControllerChannel>();

  /** The controller's requests to brokers, through its channel to each (their responses are not modelled). */
  private send<A extends 'LeaderAndIsr' | 'UpdateMetadata' | 'StopReplica'>(to: number, api: A, body: RequestOf<A>): void {
    const target = this.services.broker(to);
    if (!target) return;
    let ch = this.channels.get(to);
    if (!ch) {
      const inc = this.broker.incarnation;
      ch = new ControllerChannel(this.broker.ctx, this.broker.client, target, call(this, this.stillActive, inc));
      this.channels.set(to, ch);
    }
    ch.send(api, body);
  }

  private stillActive(inc: number): boolean {
    return this.active && this.broker.incarnation === inc;
  }

  /** Controller writes check /controller_epoch first (a multi-op since Kafka 2.2): a zombie's writes fail and it
   *  resigns. Each state znode is updated only at the version the controller last saw; a conflict (someone
   *  else wrote it, e.g. an unfenced zombie) fails the update, as "Cached zkVersion not equal" does in Kafka. */
  persist(states: PartitionState[], blind = false): boolean {
    const fencing = this.broker.config.bool('sim.controller.fencing');
    const session = this.broker.zkSession ?? -1;
    try {
      if (fencing && this.zk.get('/controller_epoch')?.data !== String(this.epochValue)) throw new ZkError('BADVERSION', '/controller_epoch');
      for (const s of states) {
        const path = statePath(s.topic, s.partition);
        const data = JSON.stringify({ controller_epoch: this.epochValue, leader: s.leader ?? -1, version: 1, leader_epoch: s.leaderEpoch, isr: s.isr });
        if (!this.zk.get(path)) {
          this.zk.create(session, path, data, false);
          s.partitionEpoch = 0;
        } else s.partitionEpoch = this.zk.setData(session, path, data, !blind && this.core.states.has(`${s.topic}-${s.partition}`) ? s.partitionEpoch - 1 : -1);
      }
      return true;
    } catch (e) {
      if (!(e instanceof ZkError)) throw e;
      const fenced = e.message.endsWith('/controller_epoch') || e.code === 'SESSIONEXPIRED';
      this.broker.ctx.emit('ControllerWriteFailed', { broker: this.broker.id, epoch: this.epochValue, error: e.code, path: e.message.split(' ')[1] });
      if (fenced) this.onFenced();
      return false;
    }
  }

  /** true while initializeControllerContext's reads are in flight: the controller does not act yet */
  loading = false;
  /** watches that fired while loading, handled once loaded (Kafka's controller event queue holds them) */
  private pendingBrokerChange = false;
  private pendingTopics = new Set<string>();

  /** onControllerFailover: read the cluster from ZooKeeper, then (after the reads' simulated time, which grows with
   *  the partitions: rules/controllerFailover.ts) elect leaders where needed and tell every broker. */
  failover(): void {
    const core = this.core;
    this.brokerEpochs = this.readBrokerEpochs();
    core.liveBrokers = new Set(this.brokerEpochs.keys());
    for (const topic of this.zk.children('/brokers/topics')) {
      const data = JSON.parse(this.zk.get(`/brokers/topics/${topic}`)!.data) as { partitions: Record<string, number[]> };
      const assignment = Object.keys(data.partitions)
        .sort((a, b) => Number(a) - Number(b))
        .map((k) => data.partitions[k]);
      core.topics.set(topic, assignment);
      assignment.forEach((replicas, p) => {
        const z = this.zk.get(statePath(topic, p));
        if (!z) return;
        const st = JSON.parse(z.data) as { leader: number; leader_epoch: number; isr: number[] };
        core.states.set(`${topic}-${p}`, {
          topic,
          partition: p,
          leader: st.leader < 0 ? null : st.leader,
          leaderEpoch: st.leader_epoch,
          isr: st.isr,
          replicas,
          partitionEpoch: z.version,
        });
      });
    }
    const partitions = [...core.topics.values()].reduce((n, a) => n + a.length, 0);
    const loadMs = zkControllerLoadMs({
      topics: core.topics.size,
      partitions,
      maxInFlight: this.broker.config.num('zookeeper.max.in.flight.requests'),
      roundTripMs: 2 * this.broker.config.num('sim.network.latency.ms'),
    });
    if (loadMs <= 0) return this.loaded(0);
    this.loading = true;
    this.broker.timer(loadMs, call(this, this.loaded, loadMs));
  }

  private loaded(loadMs: number): void {
    if (!this.active) return;
    this.loading = false;
    const core = this.core;
    const all = core.allStates();
    for (const id of [...core.liveBrokers].sort((a, b) => a - b)) {
      this.send(id, 'UpdateMetadata', {
        controllerId: this.broker.id,
        controllerEpoch: this.epochValue,
        liveBrokers: [...core.liveBrokers].sort((x, y) => x - y),
        partitions: all,
      });
    }
    const dead = all.filter((s) => s.leader !== null && !core.liveBrokers.has(s.leader));
    if (dead.length) core.onBrokerFailure([...new Set(dead.map((s) => s.leader!))]);
    core.onBrokerStartup([...core.liveBrokers].sort((a, b) => a - b));
    const partitions = [...core.topics.values()].reduce((n, a) => n + a.length, 0);
    // (a controller with nothing to read is ready at its election, and says nothing more)
    if (loadMs > 0)
      this.broker.ctx.emit('ControllerReady', {
        broker: this.broker.id,
        epoch: this.epochValue,
        topics: core.topics.size,
        partitions,
        zkReads: zkControllerContextReads(core.topics.size, partitions),
        loadMs,
      });
    if (this.pendingBrokerChange) {
      this.pendingBrokerChange = false;
      this.onBrokerChange();
    }
    const topics = [...this.pendingTopics].sort();
    this.pendingTopics.clear();
    for (const t of topics) this.onTopicChange(t);
  }

  /** broker id -> broker epoch (the czxid of its /brokers/ids znode), to see a broker that bounced */
  private brokerEpochs = new Map<number, number>();

  private readBrokerEpochs(): Map<number, number> {
    const m = new Map<number, number>();
    for (const id of this.zk.children('/brokers/ids')) m.set(Number(id), this.zk.get(`/brokers/ids/${id}`)!.czxid);
    return m;
  }

  /** The /brokers/ids watch fired: compare with what the controller knew. A broker whose znode was
   *  re-created (a new broker epoch, KIP-380) bounced: it is handled as a failure, then a startup. */
  onBrokerChange(): void {
    if (!this.active) return;
    if (this.loading) {
      this.pendingBrokerChange = true;
      return;
    }
    const now = this.readBrokerEpochs();
    const before = this.core.liveBrokers;
    const bounced = [...now.keys()].filter((b) => before.has(b) && this.brokerEpochs.has(b) && this.brokerEpochs.get(b) !== now.get(b));
    const added = [...now.keys()].filter((b) => !before.has(b) || bounced.includes(b)).sort((a, b) => a - b);
    const gone = [...before].filter((b) => !now.has(b) || bounced.includes(b)).sort((a, b) => a - b);
    this.brokerEpochs = now;
    this.broker.ctx.emit('BrokerChangeHandled', { controller: this.broker.id, added, removed: gone });
    if (gone.length) this.core.onBrokerFailure(gone);
    if (added.length) this.core.onBrokerStartup(added);
  }

  /** A topic znode appeared or grew: its new partitions come online. */
  onTopicChange(topic: string): void {
    if (!this.active) return;
    if (this.loading) {
      this.pendingTopics.add(topic);
      return;
    }
    const z = this.zk.get(`/brokers/topics/${topic}`);
    if (!z) return;
    const data = JSON.parse(z.data) as { partitions: Record<string, number[]> };
    const assignment = Object.keys(data.partitions)
      .sort((a, b) => Number(a) - Number(b))
      .map((k) => data.partitions[k]);
    const known = this.core.topics.get(topic)?.length ?? 0;
    if (assignment.length > known) this.core.onNewPartitions(topic, assignment, known);
  }
}
