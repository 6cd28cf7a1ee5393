// A producer client (KafkaProducer): partitioner, record accumulator, sender with retries, acks, and the
// idempotent producer's id, epoch and sequence numbers (so a retried batch is not written twice).
import type { SimContext } from '../sim/context';
import type { SimpleRecord } from '../../storage/log/types';
import type { Acks, PartitionState, ProducePartitionResponse } from '../broker/requests';
import { tpKey } from '../broker/requests';
import { partitionForKey } from '../rules/partitioner';
import type { Broker } from '../broker/Broker';
import { AckedRecords } from './AckedRecords';
import { NetworkClient } from '../sim/client';
import type { ApiName, RequestOf, ResponseOf } from '../apis';
import { brokerNode } from '../sim/context';
import { TransactionManager } from './TransactionManager';
import type { TransactionVersion } from '../txn/rules/transactionMetadata';
import { call, type Call } from '../sim/call';
import type { Message } from '../sim/network';
import type { Timer } from '../sim/scheduler';

const RETRIABLE = new Set(['NOT_LEADER_OR_FOLLOWER', 'NOT_ENOUGH_REPLICAS', 'NOT_ENOUGH_REPLICAS_AFTER_APPEND', 'REQUEST_TIMED_OUT', 'NETWORK_EXCEPTION', 'UNKNOWN_TOPIC_OR_PARTITION', 'LEADER_NOT_AVAILABLE', 'FENCED_LEADER_EPOCH', 'UNKNOWN_LEADER_EPOCH', 'KAFKA_STORAGE_ERROR']);
const RECORD_OVERHEAD = 12; // a small record's framing, for batch.size accounting

export interface PendingRecord {
  topic: string;
  partition: number;
  record: SimpleRecord;
  acks: Acks;
  idempotent: boolean;
  done: boolean;
  lastError: string | null;
  inFlight: boolean;
  /** when send() took it: delivery.timeout.ms counts from here */
  createdAt?: number;
  /** sent inside a transaction */
  transactional?: boolean;
}

interface Batch { tp: string; topic: string; partition: number; records: PendingRecord[]; baseSequence: number; acks: Acks; producerId: number; producerEpoch: number; transactional: boolean }

export interface ProducerHost {
  ctx: SimContext;
  sortedBrokers(): Broker[];
  /** the transaction version the cluster runs (what a 4.0 client learns from ApiVersions' finalized features) */
  transactionVersion(): TransactionVersion;
}

/** One ProduceRequest in flight: answered, timed out or refused, whichever comes first. */
class ProduceAttempt {
  answered = false;
  timeout: Timer | null = null;
  sent: Message | null = null;
  constructor(private producer: Producer, readonly leader: number, readonly batches: Batch[]) {}

  finish(res: ProducePartitionResponse[] | null, err: string | null): void {
    if (this.answered) return;
    this.answered = true;
    this.producer.requestDone(this, res, err);
  }

  response(res: ProducePartitionResponse[]): void {
    this.finish(res, null);
  }

  timedOut(): void {
    if (this.sent) this.producer.forget(this.sent);
    this.finish(null, 'REQUEST_TIMED_OUT');
  }
}

/** One request of the TransactionManager in flight: answered, timed out or refused, whichever comes first. */
class ProducerRequest {
  private answered = false;
  timeout: Timer | null = null;
  sent: Message | null = null;
  constructor(private producer: Producer, private done: Call<[r: unknown, error: string | null]>) {}

  finish(r: unknown, e: string | null): void {
    if (this.answered) return;
    this.answered = true;
    this.producer.ctx.scheduler.cancel(this.timeout);
    this.done(r, e);
  }

  response(r: unknown): void {
    this.finish(r, null);
  }

  timedOut(): void {
    if (this.sent) this.producer.forget(this.sent);
    this.finish(null, 'REQUEST_TIMED_OUT');
  }
}

export class Producer {
  readonly node: string;
  readonly acked = new AckedRecords();
  failed: { topic: string; partition: number; error: string }[] = [];
  producerId = -1;
  producerEpoch = 0;
  private sequences = new Map<string, number>();
  private metadata = new Map<string, PartitionState>();
  private partitionCounts = new Map<string, number>();
  private queue = new Map<string, PendingRecord[]>();
  private busy = new Set<string>(); // partitions with a batch in flight (keeps order)
  private inFlightRequests = new Map<number, number>(); // per broker connection (max.in.flight.requests.per.connection)
  private sticky = new Map<string, { partition: number; bytes: number }>();
  private metadataInFlight = false;
  private metadataAt = -Infinity;
  private drainScheduled = false;
  /** a transactional producer's TransactionManager (transactional.id set) */
  txn: TransactionManager | null = null;
  /** the errors of the application's transaction calls, in order (an IllegalStateException, a fenced producer, …) */
  readonly transactionErrors: string[] = [];

  /** its requests in flight */
  private readonly client: NetworkClient;

  constructor(readonly name: string, private host: ProducerHost) {
    this.node = name;
    this.client = new NetworkClient(name, host.ctx.network);
    host.ctx.network.register(name, this.client);
  }

  get ctx(): SimContext {
    return this.host.ctx;
  }

  // --- what the TransactionManager uses ------------------------------------------------------------

  /** transactional.id: from now on this producer's records are sent in transactions. */
  enableTransactions(transactionalId: string): TransactionManager {
    this.txn ??= new TransactionManager(this, transactionalId, this.host.transactionVersion());
    return this.txn;
  }

  /** A new producer id or epoch (InitProducerId, or version 2's EndTxn): sequence numbers start over. */
  setProducerIdAndEpoch(producerId: number, producerEpoch: number): void {
    if (producerId !== this.producerId || producerEpoch !== this.producerEpoch) {
      this.sequences.clear();
      for (const q of this.queue.values()) for (const r of q) delete (r as PendingRecord & { seq?: number }).seq;
    }
    this.producerId = producerId;
    this.producerEpoch = producerEpoch;
  }

  anyLiveBroker(): Broker | undefined {
    return this.host.sortedBrokers().find((x) => x.status === 'online' && this.ctx.network.connected(this.node, x.node));
  }

  later(ms: number, fn: Call): void {
    this.ctx.scheduler.schedule(ms, fn);
  }

  /** One request to a broker, answered with its response, or NETWORK_EXCEPTION / REQUEST_TIMED_OUT. */
  request<A extends ApiName>(broker: number, api: A, body: RequestOf<A>, done: Call<[r: ResponseOf<A> | null, error: string | null]>): void {
    const req = new ProducerRequest(this, done as Call<[r: unknown, error: string | null]>);
    req.timeout = this.ctx.scheduler.schedule(this.cfg('request.timeout.ms'), call(req, req.timedOut));
    req.sent = this.client.send(brokerNode(broker), api, body, call(req, req.response), call(req, req.finish, null, 'NETWORK_EXCEPTION'));
  }

  /** Sends what waits (after a partition joined the transaction). */
  wake(): void {
    this.scheduleDrain(0);
  }

  /** Records not yet acknowledged or given up. */
  get pendingRecords(): number {
    let n = 0;
    for (const q of this.queue.values()) for (const r of q) if (!r.done) n++;
    return n;
  }

  /** flush(): `fn` once every record sent so far is acknowledged or given up. */
  whenIdle(fn: Call): void {
    if (this.pendingRecords === 0) return fn();
    this.later(this.cfg('retry.backoff.ms'), call(this, this.whenIdle, fn));
  }

  private cfg(key: string): number {
    return this.ctx.config.num(key);
  }

  /** Partitions of a topic as the client knows them (0 until metadata arrives). */
  knowsTopic(topic: string): boolean {
    return this.partitionCounts.has(topic);
  }

  /** Metadata first (a producer learns partitions and leaders from any broker); then `then`. */
  ensureMetadata(then: Call): void {
    if (this.metadataInFlight) {
      this.ctx.scheduler.schedule(this.cfg('retry.backoff.ms'), call(this, this.ensureMetadata, then));
      return;
    }
    // Simplification: the client reaches the first live broker it can connect to (a real client would wait
    // out a connection timeout on each unreachable one first).
    const b = this.host.sortedBrokers().find((x) => x.status === 'online' && this.ctx.network.connected(this.node, x.node));
    if (!b) {
      this.ctx.scheduler.schedule(this.cfg('retry.backoff.ms'), call(this, this.ensureMetadata, then));
      return;
    }
    this.metadataInFlight = true;
    this.client.send(b.node, 'Metadata', {}, call(this, this.onMetadata, then));
  }

  private onMetadata(then: Call, parts: PartitionState[]): void {
    this.metadataInFlight = false;
    this.metadataAt = this.ctx.scheduler.now;
    this.metadata.clear();
    this.partitionCounts.clear();
    for (const s of parts) {
      this.metadata.set(tpKey(s.topic, s.partition), s);
      this.partitionCounts.set(s.topic, Math.max(this.partitionCounts.get(s.topic) ?? 0, s.partition + 1));
    }
    then();
  }

  /** metadata.max.age.ms (5 minutes by default): known metadata is reused until then, or until an error asks for more. */
  hasFreshMetadata(topic: string): boolean {
    return this.knowsTopic(topic) && this.ctx.scheduler.now - this.metadataAt < this.cfg('metadata.max.age.ms');
  }

  partitionCount(topic: string): number {
    return this.partitionCounts.get(topic) ?? 0;
  }

  /** The partitioner: explicit partition, murmur2 of the key, or the sticky partition for null keys (KIP-480). */
  choosePartition(topic: string, key: Uint8Array | null, explicit: number | undefined, size: number): number {
    if (explicit !== undefined) return explicit;
    const n = this.partitionCount(topic);
    if (key) return partitionForKey(key, n);
    let s = this.sticky.get(topic);
    if (!s || s.bytes + size > this.cfg('batch.size')) {
      const available = [...Array(n).keys()].filter((p) => this.metadata.get(tpKey(topic, p))?.leader != null);
      const pool = available.length ? available : [...Array(n).keys()];
      const prev = s?.partition;
      let next = pool[this.ctx.prng.nextInt(pool.length)];
      if (pool.length > 1 && next === prev) next = pool[(pool.indexOf(next) + 1) % pool.length];
      s = { partition: next, bytes: 0 };
      this.sticky.set(topic, s);
    }
    s.bytes += size;
    return s.partition;
  }

  send(records: PendingRecord[]): void {
    for (const r of records) {
      r.createdAt ??= this.ctx.scheduler.now;
      const k = tpKey(r.topic, r.partition);
      if (r.transactional) this.txn?.maybeAddPartition(k);
      const q = this.queue.get(k) ?? [];
      q.push(r);
      this.queue.set(k, q);
    }
    this.scheduleDrain(this.cfg('linger.ms'));
  }

  private scheduleDrain(delay: number): void {
    if (this.drainScheduled) return;
    this.drainScheduled = true;
    this.ctx.scheduler.schedule(delay, call(this, this.drain));
  }

  /** The Sender: one batch per partition in flight, grouped into one ProduceRequest per leader. */
  private drain(): void {
    this.drainScheduled = false;
    const byBroker = new Map<number, Batch[]>();
    let needMetadata = false;
    const deliveryTimeout = this.cfg('delivery.timeout.ms');
    const maxInFlight = this.cfg('max.in.flight.requests.per.connection');
    for (const [k, q] of [...this.queue].sort(([a], [b]) => (a < b ? -1 : 1))) {
      // Records waiting longer than delivery.timeout.ms expire ("Expiring N record(s)").
      const expired = q.filter((r) => !r.done && !r.inFlight && this.ctx.scheduler.now - (r.createdAt ?? 0) > deliveryTimeout);
      if (expired.length) this.fail(expired);
      const live = q.filter((r) => !r.done);
      this.queue.set(k, live);
      if (!live.length || this.busy.has(k)) continue;
      if (live[0].transactional && this.txn) {
        // a transaction in an error state fails what it has not sent (Sender.maybeAbortBatches)
        if (this.txn.hasError) {
          this.fail(live, this.txn.lastError!);
          continue;
        }
        if (!this.txn.isSendToPartitionAllowed(k)) continue;
      }
      const leader = this.metadata.get(k)?.leader;
      if (leader == null) {
        needMetadata = true;
        continue;
      }
      if ((this.inFlightRequests.get(leader) ?? 0) + (byBroker.has(leader) ? 1 : 0) > maxInFlight) continue;
      const first = live[0];
      const records: PendingRecord[] = [];
      let bytes = 0;
      for (const r of live) {
        const size = RECORD_OVERHEAD + (r.record.key?.length ?? 0) + (r.record.value?.length ?? 0);
        if (records.length && (bytes + size > this.cfg('batch.size') || r.acks !== first.acks || r.idempotent !== first.idempotent || r.transactional !== first.transactional)) break;
        records.push(r);
        bytes += size;
      }
      const reuse = (records[0] as PendingRecord & { seq?: number }).seq;
      let baseSequence = -1;
      if (first.idempotent) {
        baseSequence = reuse ?? this.sequences.get(k) ?? 0;
        if (reuse === undefined) {
          this.sequences.set(k, baseSequence + records.length);
          records.forEach((r, i) => ((r as PendingRecord & { seq?: number }).seq = baseSequence + i));
        }
      }
      const batch: Batch = { tp: k, topic: first.topic, partition: first.partition, records, baseSequence, acks: first.acks, producerId: first.idempotent ? this.producerId : -1, producerEpoch: first.idempotent ? this.producerEpoch : -1, transactional: first.transactional === true };
      byBroker.set(leader, [...(byBroker.get(leader) ?? []), batch]);
    }
    for (const [leader, batches] of byBroker) this.sendProduce(leader, batches);
    if (needMetadata) this.ensureMetadata(call(this, this.scheduleDrain, 0));
  }

  private sendProduce(leader: number, batches: Batch[]): void {
    const broker = this.host.sortedBrokers().find((b) => b.id === leader);
    if (!broker) return;
    for (const b of batches) {
      this.busy.add(b.tp);
      b.records.forEach((r) => (r.inFlight = true));
    }
    const acks = batches[0].acks;
    const groups = new Map<string, Batch[]>();
    for (const b of batches) groups.set(`${b.acks}${b.transactional}`, [...(groups.get(`${b.acks}${b.transactional}`) ?? []), b]);
    for (const list of groups.values()) {
      const a = list[0].acks;
      const txn = list[0].transactional && this.txn ? { transactionalId: this.txn.transactionalId, ...(this.txn.isV2 ? { addPartitionsToTxn: true as const } : {}) } : {};
      const req = { acks: a, timeoutMs: this.cfg('request.timeout.ms'), producerId: list[0].producerId, producerEpoch: list[0].producerEpoch, partitions: list.map((b) => ({ topic: b.topic, partition: b.partition, records: b.records.map((r) => r.record), baseSequence: b.baseSequence })), ...txn };
      if (a === 0) {
        // acks=0: nothing comes back; the producer does not wait and the offset is unknown (-1).
        this.client.send(broker.node, 'Produce', req);
        for (const b of list) this.complete(b, -1);
        continue;
      }
      this.inFlightRequests.set(leader, (this.inFlightRequests.get(leader) ?? 0) + 1);
      const attempt = new ProduceAttempt(this, leader, list);
      attempt.timeout = this.ctx.scheduler.schedule(this.cfg('request.timeout.ms'), call(attempt, attempt.timedOut));
      attempt.sent = this.client.send(broker.node, 'Produce', req, call(attempt, attempt.response), call(attempt, attempt.finish, null, 'NETWORK_EXCEPTION'));
    }
    void acks;
  }

  /** A ProduceRequest was answered, timed out or refused. */
  requestDone(attempt: ProduceAttempt, res: ProducePartitionResponse[] | null, err: string | null): void {
    this.inFlightRequests.set(attempt.leader, (this.inFlightRequests.get(attempt.leader) ?? 1) - 1);
    this.ctx.scheduler.cancel(attempt.timeout);
    this.onResponse(attempt.batches, res, err);
  }

  forget(m: Message): void {
    this.client.forget(m);
  }

  private complete(b: Batch, baseOffset: number): void {
    this.busy.delete(b.tp);
    // A batch is acknowledged as a whole; records given up on meanwhile (done) are not counted twice.
    let i = 0;
    for (const r of b.records) {
      r.inFlight = false;
      if (!r.done) {
        r.done = true;
        this.acked.pushRun(b.topic, b.partition, baseOffset < 0 ? -1 : baseOffset + i, 1);
      }
      i++;
    }
    this.ctx.emit('ProduceAcked', { producer: this.name, topic: b.topic, partition: b.partition, baseOffset, count: b.records.length, acks: b.acks });
  }

  private onResponse(batches: Batch[], res: ProducePartitionResponse[] | null, err: string | null): void {
    let retry = false;
    for (const b of batches) {
      const r = res?.find((x) => x.topic === b.topic && x.partition === b.partition);
      const error = err ?? r?.error ?? null;
      if (!error) {
        this.complete(b, r!.baseOffset);
        continue;
      }
      this.busy.delete(b.tp);
      for (const rec of b.records) {
        rec.inFlight = false;
        rec.lastError = error;
      }
      if (RETRIABLE.has(error)) {
        retry = true;
        this.ctx.emit('ProduceRetried', { producer: this.name, topic: b.topic, partition: b.partition, error, count: b.records.length });
      } else {
        this.fail(b.records, error);
        // a transactional batch's error puts the transaction in an error state (abortable, or fatal when fenced)
        if (b.transactional) this.txn?.onProduceError(error);
      }
    }
    if (retry) this.ctx.scheduler.schedule(this.cfg('retry.backoff.ms'), call(this, this.ensureMetadata, call(this, this.scheduleDrain, 0)));
    else this.scheduleDrain(0);
  }

  /** Gives up on records (the step's timeout, or a fatal error). */
  fail(records: PendingRecord[], error?: string): void {
    const byTp = new Map<string, PendingRecord[]>();
    for (const r of records) {
      if (r.done) continue;
      r.done = true;
      const e = error ?? r.lastError ?? 'REQUEST_TIMED_OUT';
      this.failed.push({ topic: r.topic, partition: r.partition, error: e });
      byTp.set(`${tpKey(r.topic, r.partition)}|${e}`, [...(byTp.get(`${tpKey(r.topic, r.partition)}|${e}`) ?? []), r]);
    }
    for (const [k, list] of byTp) {
      const e = k.split('|')[1];
      this.ctx.emit('ProduceFailed', { producer: this.name, topic: list[0].topic, partition: list[0].partition, error: e, count: list.length });
      // KIP-360: an idempotent producer bumps its epoch and restarts sequences after giving up on a batch
      // (a transactional one gets its new epoch from the coordinator instead).
      if (list[0].idempotent && !list[0].transactional) {
        this.producerEpoch += 1;
        this.sequences.clear();
        for (const q of this.queue.values()) for (const r of q) delete (r as PendingRecord & { seq?: number }).seq;
      }
    }
  }

  /** InitProducerId: an idempotent producer gets its id before its first send. */
  initProducerId(assign: () => number, then: () => unknown): void {
    if (this.producerId >= 0) {
      then();
      return;
    }
    this.producerId = assign();
    this.ctx.emit('ProducerIdAssigned', { producer: this.name, producerId: this.producerId, producerEpoch: this.producerEpoch });
    then();
  }
}
