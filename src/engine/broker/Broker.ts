// One Kafka broker process (KafkaServer / BrokerServer): its lifecycle (start, controlled shutdown, crash,
// GC pause, restart), its link to ZooKeeper or the KRaft controller, its metadata cache. Requests that arrive
// go to its KafkaApis; its own requests (fetches, AlterIsr, the controller's) leave through its NetworkClient.
import type { SimContext } from '../sim/context';
import { brokerNode, ZK_NODE } from '../sim/context';
import type { Timer } from '../sim/scheduler';
import { BrokerConfig, type ConfigValue, resolveTopicConfig, toLogConfig } from '../config';
import { SimDisk } from '../../storage/disk/SimDisk';
import { UnifiedLog } from '../../storage/log/UnifiedLog';
import { KafkaStorageException, LogDirFailureChannel, maybeHandleIOException } from '../../storage/log/LogDirFailureChannel';
import { ReplicaManager } from './ReplicaManager';
import { ReplicaFetcher } from './ReplicaFetcher';
import { Partition as PartitionImpl, type PartitionHost } from './Partition';
import type { LeaderAndIsrRequest, PartitionState, StopReplicaRequest, UpdateMetadataRequest } from './requests';
import { tpKey } from './requests';
import type { ClusterServices } from '../cluster/services';
import type { Endpoint, Message } from '../sim/network';
import { NetworkClient } from '../sim/client';
import { KafkaApis } from './KafkaApis';
import { call, type Call } from '../sim/call';
import type { EventMap, EventType } from '../events';
import type { Partition } from './Partition';

export type BrokerStatus = 'online' | 'stopped' | 'crashed' | 'paused';

const CLEAN_SHUTDOWN_FILE = '.kafka_cleanshutdown';
const HW_CHECKPOINT_FILE = 'replication-offset-checkpoint';
/** the checkpoint file's text (topic names are ASCII): one encoder for every write, not one per write */
const ASCII = new TextEncoder();
const HW_CHECKPOINT_INTERVAL_MS = 5000;

export class Broker implements Endpoint {
  readonly node: string;
  /** broker.rack (null: none) */
  rack: string | null = null;
  /** the last shutdown left .kafka_cleanshutdown behind (what the registration's previousBrokerEpoch tells) */
  lastShutdownClean = false;
  status: BrokerStatus = 'stopped';
  incarnation = 0;
  pausedUntil = 0;
  readonly disk = new SimDisk();
  readonly config: BrokerConfig;
  replicaManager: ReplicaManager;
  private fetchers = new Map<number, ReplicaFetcher>();
  zkSession: number | null = null;
  /** the highest controller epoch this broker has accepted requests from (fencing) */
  controllerEpoch = 0;
  metadata = { controllerId: null as number | null, liveBrokers: [] as number[], partitions: new Map<string, PartitionState>() };
  /** KafkaApis' onLeadershipChange: the group coordinator loads or unloads __consumer_offsets partitions */
  readonly leadershipListeners: Call<[b: Broker]>[] = [];
  /** this broker's own requests in flight (to other brokers and the controller) */
  readonly client: NetworkClient;
  private readonly apis: KafkaApis;

  constructor(
    readonly id: number,
    readonly ctx: SimContext,
    private services: ClusterServices,
    configOverrides: Record<string, ConfigValue>,
  ) {
    this.node = brokerNode(id);
    this.config = new BrokerConfig(configOverrides);
    this.partitionHost = new BrokerPartitionHost(this, services);
    this.replicaManager = new ReplicaManager(this, this.partitionHost);
    this.client = new NetworkClient(this.node, ctx.network);
    this.apis = new KafkaApis(this, services);
    ctx.network.register(this.node, this);
  }

  /** A message arrived: a response to one of this broker's requests, a ZooKeeper notification, or a request. */
  receive(m: Message): void {
    if (m.response) ignoreStorageErrors(() => this.client.receive(m));
    else if (m.api === 'WatchedEvent' || m.api === 'SessionExpired') this.services.zkNotification(m);
    else ignoreStorageErrors(() => this.apis.handle(m));
  }

  // --- the log directory (one per broker: log.dirs has one entry) ---------------------

  /** Kafka's LogDirFailureChannel: the first I/O error of a log takes its directory offline. */
  readonly logDirFailures = new LogDirFailureChannel(call(this, this.onLogDirFailure));

  /** The logs' I/O errors go through maybeHandleIOException to this channel. */
  watchLog(log: UnifiedLog): UnifiedLog {
    log.failures = this.logDirFailures;
    return log;
  }

  /** Kafka's LogDirFailureHandler → ReplicaManager.handleLogDirFailure: with no log directory left online, the
   *  broker halts ("Shutdown broker because all log dirs in ... have failed"). */
  private onLogDirFailure(dir: string, message: string): void {
    this.ctx.emit('LogDirFailed', { broker: this.id, dir, error: message });
    this.ctx.scheduler.schedule(0, call(this, this.haltIfUp, this.incarnation));
  }

  private haltIfUp(inc: number): void {
    if (inc === this.incarnation && this.isUp) this.halt('crashed');
  }

  refused(m: Message): void {
    this.client.refused(m);
  }

  /** Another broker of the cluster, if it exists. */
  peer(id: number): Broker | undefined {
    return this.services.broker(id);
  }

  now(): number {
    return this.ctx.scheduler.now;
  }

  get isUp(): boolean {
    return this.status === 'online' || this.status === 'paused';
  }

  private topicConfigCache = new Map<string, Record<string, ConfigValue>>();

  /** The topic's effective config, cached: it is read on every append and HW check. */
  topicConfig(topic: string): Record<string, ConfigValue> {
    let c = this.topicConfigCache.get(topic);
    if (!c) {
      c = resolveTopicConfig(this.config, this.services.topicOverrides(topic));
      this.topicConfigCache.set(topic, c);
    }
    return c;
  }

  /** The codec producers use (compression.type=producer keeps it): the scenario's producer.compression.type. */
  producerCompression(): 'none' | 'gzip' {
    return this.config.get('producer.compression.type') === 'gzip' ? 'gzip' : 'none';
  }

  /** Called when a broker or topic config changes. */
  invalidateConfigCache(): void {
    this.topicConfigCache.clear();
  }

  private readonly partitionHost: BrokerPartitionHost;

  // --- timers and messages that die with the process and wait out a pause ------------

  /** A timer of this process: dropped if the process dies, run late if it is paused. */
  timer(delayMs: number, fn: Call): Timer {
    return this.ctx.scheduler.schedule(delayMs, call(this, this.runGuarded, this.incarnation, fn));
  }

  private runGuarded(inc: number, fn: Call): void {
    if (inc !== this.incarnation || !this.isUp) return;
    if (this.status === 'paused') {
      this.ctx.scheduler.schedule(this.pausedUntil - this.now(), call(this, this.runGuarded, inc, fn));
      return;
    }
    ignoreStorageErrors(fn);
  }

  /** Wraps a callback so it only runs in this incarnation of the process. */
  guard(fn: Call): Call {
    return call(this, this.runGuarded, this.incarnation, fn);
  }

  // --- lifecycle ----------------------------------------------------------------------

  start(): void {
    this.incarnation += 1;
    this.status = 'online';
    this.logDirFailures.offline.clear();
    this.ctx.emit('BrokerStarted', { broker: this.id });
    this.loadLogs();
    this.services.registerBroker(this);
    this.timer(this.config.num('replica.lag.time.max.ms') / 2, call(this, this.isrExpirationTask));
    this.timer(HW_CHECKPOINT_INTERVAL_MS, call(this, this.checkpointTask));
    this.timer(this.config.num('log.retention.check.interval.ms'), call(this, this.retentionTask));
    this.timer(this.config.num('log.cleaner.backoff.ms'), call(this, this.cleanerTask));
  }

  /** LogManager.loadLogs: every partition directory on the disk, recovered if the last shutdown was unclean. */
  private loadLogs(): void {
    const clean = this.disk.exists(CLEAN_SHUTDOWN_FILE);
    this.lastShutdownClean = clean;
    if (clean) this.disk.delete(CLEAN_SHUTDOWN_FILE);
    const hw = this.readHwCheckpoint();
    const dirs = [
      ...new Set(
        this.disk
          .list('')
          .filter((p) => p.includes('/'))
          .map((p) => p.split('/')[0]),
      ),
    ].sort();
    for (const dir of dirs) {
      const m = /^(.*)-(\d+)$/.exec(dir);
      if (!m) continue;
      const [, topic, part] = m;
      const logConfig = toLogConfig(this.topicConfig(topic), this.producerCompression());
      const { log, report } = UnifiedLog.load(dir, logConfig, this.disk, this.now(), clean);
      this.watchLog(log);
      log.updateHighWatermark(hw.get(dir) ?? 0);
      const p = new PartitionImpl(this.partitionHost, topic, Number(part), log);
      p.rebuildProducerState();
      this.replicaManager.adoptPartition(p);
      const truncatedBytes = report.truncated.reduce((n, t) => n + t.bytes, 0);
      this.ctx.emit('LogRecovered', {
        broker: this.id,
        topic,
        partition: Number(part),
        leo: log.logEndOffset,
        truncatedBytes,
        clean,
        corrupt: report.corrupt.length,
      });
    }
  }

  private readHwCheckpoint(): Map<string, number> {
    const out = new Map<string, number>();
    if (!this.disk.exists(HW_CHECKPOINT_FILE)) return out;
    const bytes = this.disk.read(HW_CHECKPOINT_FILE);
    const lines = new TextDecoder().decode(bytes).split('\n').slice(2);
    for (const line of lines) {
      const [topic, part, off] = line.split(' ');
      if (topic && part !== undefined && off !== undefined) out.set(`${topic}-${part}`, Number(off));
    }
    return out;
  }

  /** replication-offset-checkpoint, in Kafka's text format: version, count, then "topic partition offset". */
  writeHwCheckpoint(): void {
    maybeHandleIOException(
      this.logDirFailures,
      'kafka-logs',
      () => 'Error while writing to the high watermark file',
      () => this.writeHwCheckpointFile(),
    );
  }

  private writeHwCheckpointFile(): void {
    // sorted by key, each key looked up once (in the comparator: a million lookups replaying ui.seekP95Ms's history)
    const parts = [...this.replicaManager.partitions.values()].map((p) => ({ key: tpKey(p.topic, p.partition), p })).sort((a, b) => (a.key < b.key ? -1 : 1));
    const text = ['0', String(parts.length), ...parts.map(({ p }) => `${p.topic} ${p.partition} ${p.log.highWatermark}`)].join('\n') + '\n';
    this.disk.writeFile(HW_CHECKPOINT_FILE, ASCII.encode(text));
    this.disk.fsync(HW_CHECKPOINT_FILE);
  }

  private checkpointTask(): void {
    this.writeHwCheckpoint();
    for (const p of this.replicaManager.partitions.values()) {
      if (p.log.maybeFlush(this.now())) this.ctx.emit('Flushed', { broker: this.id, topic: p.topic, partition: p.partition, offset: p.log.recoveryPoint });
    }
    this.timer(HW_CHECKPOINT_INTERVAL_MS, call(this, this.checkpointTask));
  }

  private isrExpirationTask(): void {
    this.replicaManager.maybeShrinkIsr();
    this.timer(this.config.num('replica.lag.time.max.ms') / 2, call(this, this.isrExpirationTask));
  }

  private retentionTask(): void {
    for (const p of this.replicaManager.partitions.values()) {
      const r = p.log.deleteOldSegments(this.now());
      if (r.deleted.length)
        this.ctx.emit('SegmentsDeleted', { broker: this.id, topic: p.topic, partition: p.partition, files: r.deleted, logStartOffset: r.logStartOffset });
    }
    this.timer(this.config.num('log.retention.check.interval.ms'), call(this, this.retentionTask));
  }

  /** The log cleaner thread wakes every log.cleaner.backoff.ms and compacts logs dirty enough. */
  private cleanerTask(): void {
    for (const p of this.replicaManager.partitions.values()) {
      const c = p.log.maybeClean(this.now());
      if (c.cleaned) this.ctx.emit('LogCleaned', { broker: this.id, topic: p.topic, partition: p.partition, removedRecords: c.removedRecords });
    }
    this.timer(this.config.num('log.cleaner.backoff.ms'), call(this, this.cleanerTask));
  }

  /** kill -9, or a power loss when `loseUnflushed`. */
  crash(loseUnflushed: boolean): void {
    this.ctx.emit('BrokerCrashed', { broker: this.id, loseUnflushed });
    if (loseUnflushed) {
      for (const p of this.replicaManager.partitions.values()) {
        if (p.log.recoveryPoint < p.log.logEndOffset)
          this.ctx.emit('UnflushedLost', { broker: this.id, topic: p.topic, partition: p.partition, from: p.log.recoveryPoint, to: p.log.logEndOffset });
      }
      this.disk.crash(true);
      this.services.onPowerLoss?.(this);
    }
    this.halt('crashed');
  }

  /** After a controlled shutdown: flush, write the clean-shutdown marker, close the ZooKeeper session. */
  finishShutdown(): void {
    for (const p of this.replicaManager.partitions.values()) p.log.flush(this.now());
    this.writeHwCheckpoint();
    this.disk.writeFile(CLEAN_SHUTDOWN_FILE, new Uint8Array(0));
    this.disk.fsync(CLEAN_SHUTDOWN_FILE);
    this.services.unregisterBroker(this, true);
    this.ctx.emit('BrokerStopped', { broker: this.id });
    this.halt('stopped');
  }

  private halt(status: 'crashed' | 'stopped'): void {
    this.services.onBrokerHalted(this);
    this.status = status;
    this.incarnation += 1;
    // Timers of the old incarnation stay queued and do nothing when they fire (runGuarded checks it).
    this.replicaManager.shutdown();
    this.client.reset();
    this.fetchers.clear();
    this.zkSession = null;
    this.metadata = { controllerId: null, liveBrokers: [], partitions: new Map() };
  }

  pause(ms: number): void {
    this.status = 'paused';
    this.pausedUntil = this.now() + ms;
    this.ctx.emit('BrokerPaused', { broker: this.id, ms });
    this.ctx.scheduler.schedule(ms, call(this, this.resume, this.incarnation));
  }

  private resume(inc: number): void {
    if (inc !== this.incarnation || this.status !== 'paused' || this.now() < this.pausedUntil) return;
    this.status = 'online';
    this.ctx.emit('BrokerResumed', { broker: this.id });
    this.services.onBrokerResumed(this);
  }

  // --- requests from the controller ----------------------------------------------

  /** Controller-epoch fencing: refuse a request from an older controller (unless the scenario turned it off). */
  acceptControllerEpoch(from: number, epoch: number): boolean {
    if (epoch < this.controllerEpoch && this.config.bool('sim.controller.fencing')) {
      this.ctx.emit('StaleControllerEpochRejected', { broker: this.id, from, epoch, currentEpoch: this.controllerEpoch });
      return false;
    }
    this.controllerEpoch = Math.max(this.controllerEpoch, epoch);
    return true;
  }

  handleLeaderAndIsr(req: LeaderAndIsrRequest): void {
    if (!this.acceptControllerEpoch(req.controllerId, req.controllerEpoch)) return;
    const { followers, leaders } = this.replicaManager.becomeLeaderOrFollower(req.partitions);
    for (const p of leaders) for (const f of this.fetchers.values()) f.removePartition(p);
    for (const p of followers) {
      for (const f of this.fetchers.values()) f.removePartition(p);
      if (p.leader === null) continue;
      let f = this.fetchers.get(p.leader);
      if (!f) {
        f = new ReplicaFetcher(this, p.leader);
        this.fetchers.set(p.leader, f);
      }
      f.addPartition(p);
    }
    for (const [id, f] of this.fetchers) if (f.isEmpty) this.fetchers.delete(id);
    for (const s of req.partitions)
      if (s.leader === null)
        for (const f of this.fetchers.values()) {
          const p = this.replicaManager.getPartition(s.topic, s.partition);
          if (p) f.removePartition(p);
        }
    this.applyPartitionStates(req.partitions);
    for (const l of this.leadershipListeners) l(this);
  }

  handleUpdateMetadata(req: UpdateMetadataRequest): void {
    if (!this.acceptControllerEpoch(req.controllerId, req.controllerEpoch)) return;
    this.metadata.controllerId = req.controllerId;
    this.metadata.liveBrokers = req.liveBrokers;
    this.applyPartitionStates(req.partitions);
  }

  /** StopReplica with deletion: the replica stops fetching or leading and its log is deleted. */
  handleStopReplica(req: StopReplicaRequest): void {
    if (!this.acceptControllerEpoch(req.controllerId, req.controllerEpoch)) return;
    for (const { topic, partition } of req.partitions) {
      const p = this.replicaManager.getPartition(topic, partition);
      if (p) for (const f of this.fetchers.values()) f.removePartition(p);
      this.metadata.partitions.delete(tpKey(topic, partition));
      if (this.replicaManager.stopReplica(topic, partition)) this.ctx.emit('ReplicaDeleted', { broker: this.id, topic, partition });
    }
    for (const [id, f] of this.fetchers) if (f.isEmpty) this.fetchers.delete(id);
    for (const l of this.leadershipListeners) l(this);
  }

  private applyPartitionStates(states: PartitionState[]): void {
    for (const s of states) {
      const key = tpKey(s.topic, s.partition);
      if (s.deleted) {
        this.metadata.partitions.delete(key);
        continue;
      }
      const cur = this.metadata.partitions.get(key);
      // Without controller fencing (the article's 0.8 model) the cache takes whatever it is sent.
      if (!cur || s.leaderEpoch >= cur.leaderEpoch || !this.config.bool('sim.controller.fencing')) this.metadata.partitions.set(key, s);
    }
  }

  get zkConnected(): boolean {
    return this.ctx.network.connected(this.node, ZK_NODE);
  }
}

/** What a broker's partitions ask of it (a class, not closures, so that it can be copied with the state). */
class BrokerPartitionHost implements PartitionHost {
  readonly brokerId: number;
  readonly minIsrGuardsHighWatermark: boolean;
  constructor(
    private broker: Broker,
    private services: ClusterServices,
  ) {
    this.brokerId = broker.id;
    this.minIsrGuardsHighWatermark = broker.ctx.mode === 'kraft';
  }
  now(): number {
    return this.broker.now();
  }
  emit<K extends EventType>(type: K, fields: EventMap[K]): void {
    this.broker.ctx.emit(type, fields);
  }
  topicConfig(t: string): Record<string, ConfigValue> {
    return this.broker.topicConfig(t);
  }
  alterIsr(p: Partition, newIsr: number[], done: Parameters<PartitionHost['alterIsr']>[2]): void {
    this.services.alterIsr(this.broker, p, newIsr, done);
  }
  /** ReplicaManager.tryCompleteDelayedRequests: a moved high watermark may complete produces and consumer fetches. */
  onHighWatermarkChanged(p: Partition): void {
    this.broker.replicaManager.completeDelayedProduces(p);
    this.broker.replicaManager.tryCompleteDelayedFetches(tpKey(p.topic, p.partition));
  }
}

/** A request or task that touched the offline log directory ends there (the directory's failure was reported once,
 *  on the channel; the broker is halting). */
function ignoreStorageErrors(fn: () => unknown): void {
  try {
    fn();
  } catch (e) {
    if (!(e instanceof KafkaStorageException)) throw e;
  }
}
