// A producer client (KafkaProducer): partitioner, record accumulator, sender with retries, acks, and the
// idempotent producer's id, epoch and sequence numbers (so a retried batch is not written twice).
// The accumulator keeps records as blocks (consecutive records of one send() for one partition, in one state), not
// one object each: a block splits where a batch ends, and a batch's records are made from their templates when it
// goes out. A step of 368,769 records is then a few objects while it waits, not a million.
import type { SimContext } from '../sim/context';
import type { SimpleRecord } from '../../storage/log/types';
import type { Acks, PartitionState, ProducePartitionResponse } from '../broker/requests';
import { tpKey } from '../broker/requests';
import { partitionForKey } from '../rules/partitioner';
import type { Broker } from '../broker/Broker';
import { AckedRecords, FailedRecords } from './AckedRecords';
import { NetworkClient } from '../sim/client';
import type { ApiName, RequestOf, ResponseOf } from '../apis';
import { brokerNode } from '../sim/context';
import { TransactionManager } from './TransactionManager';
import type { TransactionVersion } from '../txn/rules/transactionMetadata';
import { call, type Call } from '../sim/call';
import type { Message } from '../sim/network';
import type { MetadataResponse } from '../apis';
import type { Timer } from '../sim/scheduler';

const RETRIABLE = new Set([
  'NOT_LEADER_OR_FOLLOWER',
  'NOT_ENOUGH_REPLICAS',
  'NOT_ENOUGH_REPLICAS_AFTER_APPEND',
  'REQUEST_TIMED_OUT',
  'NETWORK_EXCEPTION',
  'UNKNOWN_TOPIC_OR_PARTITION',
  'LEADER_NOT_AVAILABLE',
  'FENCED_LEADER_EPOCH',
  'UNKNOWN_LEADER_EPOCH',
  'KAFKA_STORAGE_ERROR',
]);

/** What one send() call of the application was given: `count` records made from templates (`{n}`: the record's index). */
export interface RecordSource {
  topic: string;
  /** key and value templates (null: a null key or value) */
  key: string | null;
  value: string | null;
  timestamp: number;
  acks: Acks;
  idempotent: boolean;
  /** each record's size for batch.size (RECORD_OVERHEAD + key and value bytes) */
  sizes: Int32Array;
  /** when send() took them: delivery.timeout.ms counts from here */
  createdAt: number;
  /** records not yet acknowledged or given up */
  pending: number;
  /** sent inside a transaction */
  transactional?: boolean;
}

/** Records [first, first + count) of a source, all bound for one partition and all in the same state. */
export interface RecordBlock {
  source: RecordSource;
  topic: string;
  partition: number;
  first: number;
  count: number;
  done: boolean;
  lastError: string | null;
  inFlight: boolean;
  /** the idempotent sequence number of its first record, once it was in a batch */
  seq?: number;
}

interface Batch {
  tp: string;
  topic: string;
  partition: number;
  blocks: RecordBlock[];
  count: number;
  baseSequence: number;
  acks: Acks;
  producerId: number;
  producerEpoch: number;
  transactional: boolean;
}

const enc = new TextEncoder();

/** A key or value template with `{n}` replaced by the record's index. */
export const fillTemplate = (template: string | null, n: number): string | null => (template === null ? null : template.replaceAll('{n}', String(n)));

/** The records of a batch, made again from their templates (bytes without `{n}` made once; a block whose key and
 *  value have no `{n}` shares one record object, which nothing downstream changes). */
function makeRecords(blocks: RecordBlock[]): SimpleRecord[] {
  const out: SimpleRecord[] = [];
  for (const b of blocks) {
    const s = b.source;
    const fixedKey = s.key === null || !s.key.includes('{n}') ? (s.key === null ? null : enc.encode(s.key)) : undefined;
    const fixedValue = s.value === null || !s.value.includes('{n}') ? (s.value === null ? null : enc.encode(s.value)) : undefined;
    if (fixedKey !== undefined && fixedValue !== undefined) {
      const same: SimpleRecord = { key: fixedKey, value: fixedValue, timestamp: s.timestamp };
      for (let n = 0; n < b.count; n++) out.push(same);
      continue;
    }
    for (let n = b.first; n < b.first + b.count; n++) {
      out.push({
        key: fixedKey !== undefined ? fixedKey : enc.encode(fillTemplate(s.key, n)!),
        value: fixedValue !== undefined ? fixedValue : enc.encode(fillTemplate(s.value, n)!),
        timestamp: s.timestamp,
      });
    }
  }
  return out;
}

export interface ProducerHost {
  ctx: SimContext;
  sortedBrokers(): readonly Broker[];
  /** the transaction version the cluster runs (what a 4.0 client learns from ApiVersions' finalized features) */
  transactionVersion(): TransactionVersion;
}

/** One ProduceRequest in flight: answered, timed out or refused, whichever comes first. */
class ProduceAttempt {
  answered = false;
  timeout: Timer | null = null;
  sent: Message | null = null;
  constructor(
    private producer: Producer,
    readonly leader: number,
    readonly batches: Batch[],
  ) {}

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
  constructor(
    private producer: Producer,
    private done: Call<[r: unknown, error: string | null]>,
  ) {}

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
  readonly failed = new FailedRecords();
  producerId = -1;
  producerEpoch = 0;
  private sequences = new Map<string, number>();
  private metadata = new Map<string, PartitionState>();
  private partitionCounts = new Map<string, number>();
  private queue = new Map<string, RecordBlock[]>();
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

  constructor(
    readonly name: string,
    private host: ProducerHost,
  ) {
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
      for (const q of this.queue.values()) for (const x of q) delete x.seq;
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

  private onMetadata(then: Call, { partitions: parts }: MetadataResponse): void {
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

  /** send(): the source's records into the accumulator, record n to partitions[n], as blocks of consecutive records. */
  send(source: RecordSource, partitions: ArrayLike<number>): void {
    source.pending = partitions.length;
    let block: RecordBlock | null = null;
    for (let n = 0; n < partitions.length; n++) {
      const partition = partitions[n];
      if (block && block.partition === partition) {
        block.count++;
        continue;
      }
      block = { source, topic: source.topic, partition, first: n, count: 1, done: false, lastError: null, inFlight: false };
      const k = tpKey(source.topic, partition);
      if (source.transactional) this.txn?.maybeAddPartition(k);
      const q = this.queue.get(k) ?? [];
      q.push(block);
      this.queue.set(k, q);
    }
    this.scheduleDrain(this.cfg('linger.ms'));
  }

  /** Gives up on what is left of a source (its step's delivery.timeout.ms has passed). */
  failSource(source: RecordSource): void {
    const left: RecordBlock[] = [];
    for (const q of this.queue.values()) for (const b of q) if (b.source === source && !b.done) left.push(b);
    // in the order send() took them
    this.fail(left.sort((a, b) => a.first - b.first));
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
    const now = this.ctx.scheduler.now;
    for (const [k, q] of [...this.queue].sort(([a], [b]) => (a < b ? -1 : 1))) {
      // Records waiting longer than delivery.timeout.ms expire ("Expiring N record(s)"). The queue is in the order
      // records were sent, so those are at its front: the scan stops at the first record young enough.
      const expired: RecordBlock[] = [];
      for (const b of q) {
        if (!(now - b.source.createdAt > deliveryTimeout)) break;
        if (!b.done && !b.inFlight) expired.push(b);
      }
      if (expired.length) this.fail(expired);
      const live = liveBlocks(q);
      this.queue.set(k, live);
      if (!live.length || this.busy.has(k)) continue;
      if (live[0].source.transactional && this.txn) {
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
      const blocks = this.takeBatch(live);
      const first = blocks[0].source;
      const count = blocks.reduce((n, b) => n + b.count, 0);
      const reuse = blocks[0].seq;
      let baseSequence = -1;
      if (first.idempotent) {
        baseSequence = reuse ?? this.sequences.get(k) ?? 0;
        if (reuse === undefined) {
          this.sequences.set(k, baseSequence + count);
          let i = 0;
          for (const b of blocks) {
            b.seq = baseSequence + i;
            i += b.count;
          }
        }
      }
      const batch: Batch = {
        tp: k,
        topic: first.topic,
        partition: blocks[0].partition,
        blocks,
        count,
        baseSequence,
        acks: first.acks,
        producerId: first.idempotent ? this.producerId : -1,
        producerEpoch: first.idempotent ? this.producerEpoch : -1,
        transactional: first.transactional === true,
      };
      byBroker.set(leader, [...(byBroker.get(leader) ?? []), batch]);
    }
    for (const [leader, batches] of byBroker) this.sendProduce(leader, batches);
    if (needMetadata) this.ensureMetadata(call(this, this.scheduleDrain, 0));
  }

  /** The records of the next batch from the front of a partition's queue: up to batch.size bytes (at least one
   *  record), of one acks, idempotence and transactionality. A block that does not fit whole is split where the batch ends. */
  private takeBatch(live: RecordBlock[]): RecordBlock[] {
    const limit = this.cfg('batch.size');
    const first = live[0].source;
    const out: RecordBlock[] = [];
    let bytes = 0;
    let taken = 0;
    for (let i = 0; i < live.length; i++) {
      const b = live[i];
      if (taken && (b.source.acks !== first.acks || b.source.idempotent !== first.idempotent || b.source.transactional !== first.transactional)) break;
      const sizes = b.source.sizes;
      let k = 0;
      while (k < b.count && (taken === 0 || bytes + sizes[b.first + k] <= limit)) {
        bytes += sizes[b.first + k];
        k++;
        taken++;
      }
      if (k === 0) break;
      if (k < b.count) {
        const rest: RecordBlock = { ...b, first: b.first + k, count: b.count - k, seq: b.seq === undefined ? undefined : b.seq + k };
        if (rest.seq === undefined) delete rest.seq;
        b.count = k;
        live.splice(i + 1, 0, rest);
        out.push(b);
        break;
      }
      out.push(b);
    }
    return out;
  }

  private sendProduce(leader: number, batches: Batch[]): void {
    const broker = this.host.sortedBrokers().find((b) => b.id === leader);
    if (!broker) return;
    for (const b of batches) {
      this.busy.add(b.tp);
      for (const x of b.blocks) x.inFlight = true;
    }
    const acks = batches[0].acks;
    const groups = new Map<string, Batch[]>();
    for (const b of batches) groups.set(`${b.acks}${b.transactional}`, [...(groups.get(`${b.acks}${b.transactional}`) ?? []), b]);
    for (const list of groups.values()) {
      const a = list[0].acks;
      const txn =
        list[0].transactional && this.txn ? { transactionalId: this.txn.transactionalId, ...(this.txn.isV2 ? { addPartitionsToTxn: true as const } : {}) } : {};
      const req = {
        acks: a,
        timeoutMs: this.cfg('request.timeout.ms'),
        producerId: list[0].producerId,
        producerEpoch: list[0].producerEpoch,
        partitions: list.map((b) => ({ topic: b.topic, partition: b.partition, records: makeRecords(b.blocks), baseSequence: b.baseSequence })),
        ...txn,
      };
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
    for (const x of b.blocks) {
      x.inFlight = false;
      if (!x.done) {
        x.done = true;
        x.source.pending -= x.count;
        this.acked.pushRun(b.topic, b.partition, baseOffset < 0 ? -1 : baseOffset + i, x.count);
      }
      i += x.count;
    }
    this.ctx.emit('ProduceAcked', { producer: this.name, topic: b.topic, partition: b.partition, baseOffset, count: b.count, acks: b.acks });
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
      for (const x of b.blocks) {
        x.inFlight = false;
        x.lastError = error;
      }
      if (RETRIABLE.has(error)) {
        retry = true;
        this.ctx.emit('ProduceRetried', { producer: this.name, topic: b.topic, partition: b.partition, error, count: b.count });
      } else {
        this.fail(b.blocks, error);
        // a transactional batch's error puts the transaction in an error state (abortable, or fatal when fenced)
        if (b.transactional) this.txn?.onProduceError(error);
      }
    }
    if (retry) this.ctx.scheduler.schedule(this.cfg('retry.backoff.ms'), call(this, this.ensureMetadata, call(this, this.scheduleDrain, 0)));
    else this.scheduleDrain(0);
  }

  /** Gives up on records (the step's timeout, or a fatal error). */
  fail(blocks: RecordBlock[], error?: string): void {
    const byTp = new Map<string, { block: RecordBlock; count: number }>();
    for (const b of blocks) {
      if (b.done) continue;
      b.done = true;
      b.source.pending -= b.count;
      const e = error ?? b.lastError ?? 'REQUEST_TIMED_OUT';
      this.failed.pushRun(b.topic, b.partition, e, b.count);
      const k = `${tpKey(b.topic, b.partition)}|${e}`;
      const g = byTp.get(k);
      if (g) g.count += b.count;
      else byTp.set(k, { block: b, count: b.count });
    }
    for (const [k, { block, count }] of byTp) {
      const e = k.split('|')[1];
      this.ctx.emit('ProduceFailed', { producer: this.name, topic: block.topic, partition: block.partition, error: e, count });
      // KIP-360: an idempotent producer bumps its epoch and restarts sequences after giving up on a batch
      // (a transactional one gets its new epoch from the coordinator instead).
      if (block.source.idempotent && !block.source.transactional) {
        this.producerEpoch += 1;
        this.sequences.clear();
        for (const q of this.queue.values()) for (const x of q) delete x.seq;
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

/** The blocks not done, in order. */
function liveBlocks(q: RecordBlock[]): RecordBlock[] {
  return q.some((b) => b.done) ? q.filter((b) => !b.done) : q;
}
