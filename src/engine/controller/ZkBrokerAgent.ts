// A broker's side of ZooKeeper (KafkaZkClient + KafkaController's election): open a session, ping it,
// register under /brokers/ids, race for /controller, and react to session expiry.
import type { Broker } from '../broker/Broker';
import { ZkError, type ZooKeeper } from '../zookeeper/ZooKeeper';
import { ZkController } from './ZkController';
import type { ClusterServices } from '../cluster/services';
import { call } from '../sim/call';

const ZK_RETRY_MS = 1000;

export class ZkBrokerAgent {
  controller: ZkController | null = null;

  constructor(
    readonly broker: Broker,
    private zk: ZooKeeper,
    private services: ClusterServices,
  ) {}

  private get b(): Broker {
    return this.broker;
  }

  /** KafkaServer.startup: connect, register, then try to become controller. */
  register(): void {
    const b = this.b;
    if (!b.zkConnected) {
      b.timer(ZK_RETRY_MS, call(this, this.register));
      return;
    }
    const timeout = b.config.num('zookeeper.session.timeout.ms');
    const session = this.zk.openSession(b.node, timeout, null);
    this.zk.onSessionExpired(session, b.guard(call(this, this.onSessionExpired, session)));
    if (this.zk.get(`/brokers/ids/${b.id}`)) {
      // The previous process's session has not expired yet. Kafka 2.x fails start-up with NodeExistsException
      // and the operator starts it again; the simulation tries again each second instead.
      this.zk.closeSession(session);
      b.ctx.emit('BrokerRegistrationConflict', { broker: b.id, path: `/brokers/ids/${b.id}` });
      b.timer(ZK_RETRY_MS, call(this, this.register));
      return;
    }
    b.zkSession = session;
    this.zk.create(session, `/brokers/ids/${b.id}`, JSON.stringify({ version: 5, host: b.node, port: 9092, timestamp: String(b.now()) }), true);
    b.ctx.emit('BrokerRegistered', { broker: b.id, session });
    this.zk.watch(session, 'data', '/controller', b.guard(call(this, this.onControllerChange)));
    this.zk.watch(session, 'children', '/brokers/ids', b.guard(call(this, this.onBrokerChange)));
    this.zk.watch(session, 'children', '/brokers/topics', b.guard(call(this, this.watchTopics, session)));
    this.watchTopics(session);
    this.ping(session);
    this.tryElect();
  }

  private watched = new Set<string>();

  private watchTopics(session: number): void {
    for (const t of this.zk.children('/brokers/topics')) {
      const key = `${session}:${t}`;
      if (!this.watched.has(key)) {
        this.watched.add(key);
        this.zk.watch(session, 'data', `/brokers/topics/${t}`, this.b.guard(call(this, this.onTopicChange, t)));
      }
      this.controller?.onTopicChange(t);
    }
  }

  private onBrokerChange(): void {
    this.controller?.onBrokerChange();
  }

  private onTopicChange(t: string): void {
    this.controller?.onTopicChange(t);
  }

  /** The ZooKeeper client's heartbeat: a ping every third of the session timeout. */
  private ping(session: number): void {
    const b = this.b;
    b.timer(b.config.num('zookeeper.session.timeout.ms') / 3, call(this, this.pingNow, session));
  }

  private pingNow(session: number): void {
    if (this.b.zkSession !== session) return;
    this.zk.ping(this.b.node, session);
    this.ping(session);
  }

  tryElect(): void {
    const b = this.b;
    if (this.controller || b.zkSession === null || this.zk.get('/controller')) return;
    try {
      this.zk.create(b.zkSession, '/controller', JSON.stringify({ version: 1, brokerid: b.id, timestamp: String(b.now()) }), true);
    } catch (e) {
      if (e instanceof ZkError) return;
      throw e;
    }
    const epoch = Number(this.zk.get('/controller_epoch')?.data ?? '0') + 1;
    this.zk.upsert(b.zkSession, '/controller_epoch', String(epoch));
    b.ctx.emit('ControllerElected', { broker: b.id, epoch });
    this.controller = new ZkController(b, epoch, this.zk, this.services, call(this, this.resign));
    this.controller.failover();
    b.timer(b.config.num('leader.imbalance.check.interval.seconds') * 1000, call(this, this.rebalance, this.controller));
  }

  /** The auto leader rebalance task, every leader.imbalance.check.interval.seconds while `c` is the controller. */
  private rebalance(c: ZkController): void {
    const b = this.b;
    if (this.controller !== c) return;
    if (b.config.bool('auto.leader.rebalance.enable')) c.core.checkAndTriggerAutoLeaderRebalance(b.config.num('leader.imbalance.per.broker.percentage'));
    b.timer(b.config.num('leader.imbalance.check.interval.seconds') * 1000, call(this, this.rebalance, c));
  }

  private onControllerChange(): void {
    const z = this.zk.get('/controller');
    if (!z) {
      if (this.controller && this.b.config.bool('sim.controller.fencing')) this.resign();
      this.tryElect();
      return;
    }
    const id = (JSON.parse(z.data) as { brokerid: number }).brokerid;
    if (this.controller && id !== this.b.id) this.resign();
  }

  resign(): void {
    if (!this.controller) return;
    this.controller.active = false;
    this.controller = null;
    this.b.ctx.emit('ControllerResigned', { broker: this.b.id });
  }

  /** Session expired (learned when the client reconnects): re-register; a fenced controller steps down. */
  private onSessionExpired(session: number): void {
    const b = this.b;
    if (b.zkSession !== session) return;
    b.ctx.emit('ZkSessionLost', { broker: b.id });
    b.zkSession = null;
    if (this.controller) {
      if (b.config.bool('sim.controller.fencing')) this.resign();
      else b.ctx.emit('ZombieController', { broker: b.id, epoch: this.controller.epochValue });
    }
    this.register();
    // The article's 0.8.1 story: an unfenced controller that never stepped down keeps acting on its stale view.
    if (this.controller && !b.config.bool('sim.controller.fencing')) this.controller.core.republish();
  }

  unregister(clean: boolean): void {
    if (this.controller) this.resign();
    if (clean && this.b.zkSession !== null) this.zk.closeSession(this.b.zkSession);
    this.b.zkSession = null;
  }

  halted(): void {
    if (this.controller) {
      this.controller.active = false;
      this.controller = null;
    }
  }
}
