// Kafka's ReplicaManager: the partitions a broker hosts, LeaderAndIsr handling, appends from producers,
// fetches from followers and consumers, and the delayed operations (acks=all produce, long-poll fetch).
import { UnifiedLog, OffsetOutOfRangeError } from '../../storage/log/UnifiedLog';
import { KafkaStorageException } from '../../storage/log/LogDirFailureChannel';
import type { FetchedBatch } from '../../storage/log/types';
import { Partition, type PartitionHost } from './Partition';
import type { FetchPartitionResponse, FetchRequest, PartitionState, ProducePartitionResponse, ProduceRequest } from './requests';
import { tpKey } from './requests';
import type { Broker } from './Broker';
import { toLogConfig } from '../config';
import type { Timer } from '../sim/scheduler';
import { EARLIEST_TIMESTAMP, LATEST_TIMESTAMP, type EpochEndOffsetAsk, type RequestOf, type ResponseOf } from '../apis';
import { validateClientBatch } from './LogValidator';
import { call, type Call } from '../sim/call';
import { InvalidTxnStateError } from '../../storage/log/txnState';
import type { TxnMarkerEntry, WriteTxnMarkersResponse } from '../txn/protocol';
import { UNCOUNTED_PRODUCE_ERRORS } from '../metrics/brokerMetrics';

/** An acks=all ProduceRequest's (or WriteTxnMarkers') answer, sent once every partition it waits on is done. */
class ProduceAnswer<R extends { error: string | null } = ProducePartitionResponse> {
  constructor(
    private results: R[],
    private pending: number,
    private respond: Call<[R[]]>,
  ) {}
  partitionDone(idx: number, error: string | null): void {
    if (error) this.results[idx].error = error;
    if (--this.pending === 0) this.respond(this.results);
  }
}

/** fetch.min.bytes / replica.fetch.min.bytes: at least 1 (Kafka's default). */
function minBytesOf(req: FetchRequest): number {
  return Math.max(1, req.minBytes ?? 1);
}

/** WriteTxnMarkers answers with its markers' entries, whose partition results the delayed produce fills in. */
function answerMarkers(respond: Call<[WriteTxnMarkersResponse[]]>, out: WriteTxnMarkersResponse[]): void {
  respond(out);
}

interface DelayedProduce {
  tp: string;
  requiredOffset: number;
  answer: ProduceAnswer<{ error: string | null }>;
  idx: number;
  timer: Timer;
}

interface DelayedFetch {
  tps: string[];
  req: FetchRequest;
  respond: Call<[FetchPartitionResponse[]]>;
  timer: Timer;
}

export class ReplicaManager {
  readonly partitions = new Map<string, Partition>();
  private delayedProduces: DelayedProduce[] = [];
  private delayedFetches: DelayedFetch[] = [];

  constructor(
    private broker: Broker,
    private host: PartitionHost,
  ) {}

  getPartition(topic: string, partition: number): Partition | undefined {
    return this.partitions.get(tpKey(topic, partition));
  }

  /** Creates the replica's log on first sight (Kafka's getOrCreatePartition / LogManager.getOrCreateLog). */
  getOrCreatePartition(topic: string, partition: number): Partition {
    const key = tpKey(topic, partition);
    let p = this.partitions.get(key);
    if (!p) {
      const logConfig = toLogConfig(this.broker.topicConfig(topic), this.broker.producerCompression());
      const log = this.broker.watchLog(UnifiedLog.create(key, logConfig, this.broker.disk, this.broker.now()));
      p = new Partition(this.host, topic, partition, log);
      this.partitions.set(key, p);
    }
    return p;
  }

  adoptPartition(p: Partition): void {
    this.partitions.set(tpKey(p.topic, p.partition), p);
  }

  /** LeaderAndIsr: become leader or follower for each partition; returns the partitions that became followers. */
  becomeLeaderOrFollower(states: PartitionState[]): { leaders: Partition[]; followers: Partition[] } {
    const leaders: Partition[] = [];
    const followers: Partition[] = [];
    for (const s of states) {
      if (!s.replicas.includes(this.broker.id)) continue;
      const p = this.getOrCreatePartition(s.topic, s.partition);
      if (s.leaderEpoch < p.leaderEpoch) {
        this.broker.ctx.emit('StaleLeaderEpochIgnored', {
          broker: this.broker.id,
          topic: s.topic,
          partition: s.partition,
          leaderEpoch: s.leaderEpoch,
          current: p.leaderEpoch,
        });
        continue;
      }
      if (s.leader === this.broker.id) {
        if (p.makeLeader(s)) leaders.push(p);
        this.tryCompleteDelayedFetches(tpKey(p.topic, p.partition)); // followers waiting on the old leader get an answer
      } else if (s.leader !== null) {
        const wasLeader = p.isLeader;
        if (p.makeFollower(s) || wasLeader) followers.push(p);
      } else {
        // No leader (offline): stop serving as leader, keep the log.
        if (p.isLeader || p.leader !== null) {
          p.leader = null;
          p.leaderEpoch = s.leaderEpoch;
        }
        p.isr = s.isr;
        p.replicas = s.replicas;
      }
    }
    for (const p of leaders) this.completeDelayedProduces(p);
    return { leaders, followers };
  }

  // --- produce ----------------------------------------------------------------

  appendRecords(req: ProduceRequest, respond: Call<[ProducePartitionResponse[]]>): void {
    const results: ProducePartitionResponse[] = [];
    const waits: { tp: string; requiredOffset: number; idx: number }[] = [];
    for (const d of req.partitions) {
      const p = this.getPartition(d.topic, d.partition);
      const r: ProducePartitionResponse = { topic: d.topic, partition: d.partition, error: null, baseOffset: -1 };
      results.push(r);
      if (!p || !p.isLeader) {
        r.error = this.notLeaderError(d.topic, d.partition);
        continue;
      }
      r.logStartOffset = p.log.logStartOffset;
      // a client's own batch: validated (LogValidator); the producer's id, epoch and sequence are in its header
      let { records, baseSequence } = d;
      let { producerId, producerEpoch } = req;
      if (d.batch) {
        const v = validateClientBatch(d.batch);
        if ('error' in v) {
          r.error = v.error;
          r.message = v.message;
          continue;
        }
        ({ records, producerId, producerEpoch, baseSequence } = v);
      }
      const minIsr = Number(this.broker.topicConfig(d.topic)['min.insync.replicas']);
      // Checked before the append (Partition.appendRecordsToLeader).
      if (req.acks === -1 && p.isr.length < minIsr) {
        r.error = 'NOT_ENOUGH_REPLICAS';
        this.broker.ctx.emit('ProduceRejected', { broker: this.broker.id, topic: d.topic, partition: d.partition, error: r.error, isr: p.isr, minIsr });
        continue;
      }
      const seq = p.producerState.check(producerId, producerEpoch, baseSequence, records.length);
      if (seq.kind === 'error') {
        r.error = seq.error;
        this.appendFailed(d.topic, d.partition, r.error);
        continue;
      }
      if (seq.kind === 'duplicate') {
        r.baseOffset = seq.firstOffset;
        this.broker.ctx.emit('DuplicateBatchIgnored', {
          broker: this.broker.id,
          topic: d.topic,
          partition: d.partition,
          producerId: producerId,
          baseSequence: baseSequence,
          baseOffset: seq.firstOffset,
        });
        if (req.acks === -1 && p.log.highWatermark <= seq.firstOffset + records.length - 1)
          waits.push({ tp: tpKey(d.topic, d.partition), requiredOffset: seq.firstOffset + records.length, idx: results.length - 1 });
        continue;
      }
      let info: ReturnType<Partition['appendRecordsToLeader']>;
      try {
        info = p.appendRecordsToLeader(records, producerId, producerEpoch, baseSequence, req.transactionalId !== undefined, d.batch);
      } catch (e) {
        // the log directory failed (maybeHandleIOException took it offline): KAFKA_STORAGE_ERROR for this partition;
        // a plain write of a producer with a transaction open there: INVALID_TXN_STATE (ProducerAppendInfo)
        if (e instanceof KafkaStorageException) r.error = 'KAFKA_STORAGE_ERROR';
        else if (e instanceof InvalidTxnStateError) this.appendFailed(d.topic, d.partition, (r.error = 'INVALID_TXN_STATE'));
        else throw e;
        continue;
      }
      r.baseOffset = info.firstOffset;
      this.tryCompleteDelayedFetches(tpKey(d.topic, d.partition));
      if (req.acks === -1 && p.log.highWatermark <= info.lastOffset)
        waits.push({ tp: tpKey(d.topic, d.partition), requiredOffset: info.lastOffset + 1, idx: results.length - 1 });
    }
    // acks=0: answered at once, for the caller to see errors (the wire closes the connection on one)
    if (req.acks === 0) {
      respond(results);
      return;
    }
    this.awaitReplication(waits, results, req.timeoutMs, respond);
  }

  /** acks=all: a DelayedProduce per partition, answered when every one is done or the timeout passes. */
  private awaitReplication<R extends { error: string | null }>(
    waits: { tp: string; requiredOffset: number; idx: number }[],
    results: R[],
    timeoutMs: number,
    respond: Call<[R[]]>,
  ): void {
    if (!waits.length) {
      respond(results);
      return;
    }
    const answer = new ProduceAnswer<R>(results, waits.length, respond);
    for (const w of waits) {
      const op: DelayedProduce = {
        tp: w.tp,
        requiredOffset: w.requiredOffset,
        answer: answer as unknown as ProduceAnswer<{ error: string | null }>,
        idx: w.idx,
        timer: null as unknown as Timer,
      };
      op.timer = this.broker.timer(timeoutMs, call(this, this.produceTimedOut, op));
      this.delayedProduces.push(op);
    }
  }

  /** FailedProduceRequestsPerSec: marked for a failed append, except the errors Kafka expects (appendToLocalLog). */
  private appendFailed(topic: string, partition: number, error: string): void {
    if (!UNCOUNTED_PRODUCE_ERRORS.has(error)) this.broker.ctx.emit('AppendFailed', { broker: this.broker.id, topic, partition, error });
  }

  /**
   * WriteTxnMarkers at a partition leader (KafkaApis.handleWriteTxnMarkersRequest): each marker is appended as the
   * coordinator's (origin COORDINATOR) with acks=all, after the producer-epoch and coordinator-epoch checks
   * (ProducerAppendInfo.appendEndTxnMarker); the answer, per partition, comes once the marker is replicated.
   */
  writeTxnMarkers(markers: TxnMarkerEntry[], timeoutMs: number, respond: Call<[WriteTxnMarkersResponse[]]>): void {
    const out: WriteTxnMarkersResponse[] = [];
    const flat: { error: string | null }[] = [];
    const waits: { tp: string; requiredOffset: number; idx: number }[] = [];
    for (const m of markers) {
      const entry: WriteTxnMarkersResponse = { producerId: m.producerId, partitions: [] };
      out.push(entry);
      for (const { topic, partition } of m.partitions) {
        const r = { topic, partition, error: null as string | null };
        entry.partitions.push(r);
        flat.push(r);
        const p = this.getPartition(topic, partition);
        if (!p || !p.isLeader) {
          r.error = 'NOT_LEADER_OR_FOLLOWER';
          continue;
        }
        const minIsr = Number(this.broker.topicConfig(topic)['min.insync.replicas']);
        if (p.isr.length < minIsr) {
          r.error = 'NOT_ENOUGH_REPLICAS';
          this.broker.ctx.emit('ProduceRejected', { broker: this.broker.id, topic, partition, error: r.error, isr: p.isr, minIsr });
          continue;
        }
        const fenced = p.producerState.checkMarker(m.producerId, m.producerEpoch, m.coordinatorEpoch, 'COORDINATOR');
        if (fenced) {
          this.appendFailed(topic, partition, (r.error = fenced));
          continue;
        }
        let offset: number;
        try {
          offset = p.appendEndTxnMarker({
            type: m.result,
            producerId: m.producerId,
            producerEpoch: m.producerEpoch,
            coordinatorEpoch: m.coordinatorEpoch,
          }).firstOffset;
        } catch (e) {
          if (!(e instanceof KafkaStorageException)) throw e;
          r.error = 'KAFKA_STORAGE_ERROR';
          continue;
        }
        this.tryCompleteDelayedFetches(tpKey(topic, partition));
        if (p.log.highWatermark <= offset) waits.push({ tp: tpKey(topic, partition), requiredOffset: offset + 1, idx: flat.length - 1 });
      }
    }
    this.awaitReplication(waits, flat, timeoutMs, call(null, answerMarkers, respond, out));
  }

  private produceTimedOut(op: DelayedProduce): void {
    this.delayedProduces = this.delayedProduces.filter((x) => x !== op);
    op.answer.partitionDone(op.idx, 'REQUEST_TIMED_OUT');
  }

  /** DelayedProduce.tryComplete for a partition, after its HW moved or it lost leadership. */
  completeDelayedProduces(p: Partition): void {
    const key = tpKey(p.topic, p.partition);
    const minIsr = Number(this.broker.topicConfig(p.topic)['min.insync.replicas']);
    const keep: DelayedProduce[] = [];
    const done: [DelayedProduce, string | null][] = [];
    for (const op of this.delayedProduces) {
      if (op.tp !== key) keep.push(op);
      else if (!p.isLeader) done.push([op, 'NOT_LEADER_OR_FOLLOWER']);
      else if (p.log.highWatermark >= op.requiredOffset) done.push([op, p.isr.length < minIsr ? 'NOT_ENOUGH_REPLICAS_AFTER_APPEND' : null]);
      else keep.push(op);
    }
    this.delayedProduces = keep;
    for (const [op, err] of done) {
      this.broker.ctx.scheduler.cancel(op.timer);
      op.answer.partitionDone(op.idx, err);
    }
  }

  // --- fetch ------------------------------------------------------------------

  /** ReplicaManager.fetchMessages: answered now when it may not wait, found enough bytes or an error; otherwise a
   *  DelayedFetch waits until enough bytes are readable (tryComplete) or maxWaitMs passes. */
  fetchMessages(req: FetchRequest, respond: Call<[FetchPartitionResponse[]]>): void {
    const first = this.readForFetch(req);
    const hasError = first.out.some((r) => r.error);
    if (req.maxWaitMs <= 0 || !req.partitions.length || first.bytes >= minBytesOf(req) || hasError || this.fetchSatisfied(req)) {
      respond(first.out);
      return;
    }
    const op: DelayedFetch = { tps: req.partitions.map((f) => tpKey(f.topic, f.partition)), req, respond, timer: null as unknown as Timer };
    op.timer = this.broker.timer(req.maxWaitMs, call(this, this.completeFetch, op));
    this.delayedFetches.push(op);
  }

  private completeFetch(op: DelayedFetch): void {
    this.broker.ctx.scheduler.cancel(op.timer);
    this.delayedFetches = this.delayedFetches.filter((x) => x !== op);
    // DelayedFetch.onComplete reads again without updating the followers' fetch state (3.x readFromLocalLog; 4.x
    // readFromLog with readFromPurgatory = true): that was done once, when the request came (fetchMessages)
    op.respond(this.readForFetch(op.req, false).out);
  }

  private readForFetch(req: FetchRequest, updateFollower = true): { out: FetchPartitionResponse[]; bytes: number } {
    const out: FetchPartitionResponse[] = [];
    let bytes = 0;
    for (const f of req.partitions) {
      const p = this.getPartition(f.topic, f.partition);
      const r: FetchPartitionResponse = { topic: f.topic, partition: f.partition, error: null, highWatermark: -1, logStartOffset: -1, batches: [] };
      out.push(r);
      if (!p || !p.isLeader) {
        r.error = 'NOT_LEADER_OR_FOLLOWER';
        continue;
      }
      if (f.currentLeaderEpoch >= 0 && f.currentLeaderEpoch !== p.leaderEpoch) {
        r.error = f.currentLeaderEpoch < p.leaderEpoch ? 'FENCED_LEADER_EPOCH' : 'UNKNOWN_LEADER_EPOCH';
        continue;
      }
      if (updateFollower && req.replicaId >= 0) p.updateFollowerFetchState(req.replicaId, f.fetchOffset);
      r.highWatermark = p.log.highWatermark;
      r.logStartOffset = p.log.logStartOffset;
      // FetchIsolation: followers to the log end, consumers to the HW, read_committed consumers to the LSO
      const committed = req.isolation === 'consumer' && req.isolationLevel === 'read_committed';
      const maxOffset = req.isolation === 'consumer' ? (committed ? p.log.lastStableOffset : p.log.highWatermark) : undefined;
      try {
        if (committed) r.lastStableOffset = maxOffset;
        if (f.fetchOffset < (maxOffset ?? p.log.logEndOffset)) {
          r.batches = p.log.read(f.fetchOffset, this.broker.config.num('replica.fetch.max.bytes'), maxOffset);
          bytes += r.batches.reduce((n: number, b: FetchedBatch) => n + b.bytes.length, 0);
          if (committed && r.batches.length)
            r.abortedTransactions = p.log
              .collectAbortedTransactions(f.fetchOffset, r.batches[r.batches.length - 1].lastOffset + 1)
              .map((t) => ({ producerId: t.producerId, firstOffset: t.firstOffset }));
        } else if (f.fetchOffset > p.log.logEndOffset) {
          throw new OffsetOutOfRangeError(f.fetchOffset, p.log.logStartOffset, p.log.logEndOffset);
        }
      } catch (e) {
        if (e instanceof OffsetOutOfRangeError) r.error = 'OFFSET_OUT_OF_RANGE';
        else if (e instanceof KafkaStorageException) r.error = 'KAFKA_STORAGE_ERROR';
        else throw e;
      }
    }
    return { out, bytes };
  }

  /**
   * DelayedFetch.tryComplete: done when a partition is no longer led here (or unknown, or its log offline), its
   * epoch is fenced, the fetch offset is past what the fetch may read (a truncated leader), or the bytes readable
   * below that end — the log end for a follower, the high watermark for a consumer, the last stable offset for
   * read_committed — add up to minBytes. A record appended above a consumer's end is not readable yet.
   */
  private fetchSatisfied(req: FetchRequest): boolean {
    const minBytes = minBytesOf(req);
    let bytes = 0;
    for (const f of req.partitions) {
      const p = this.getPartition(f.topic, f.partition);
      if (!p || !p.isLeader) return true;
      if (f.currentLeaderEpoch >= 0 && f.currentLeaderEpoch !== p.leaderEpoch) return true;
      const log = p.log;
      const end = req.isolation === 'replica' ? log.logEndOffset : req.isolationLevel === 'read_committed' ? log.lastStableOffset : log.highWatermark;
      if (f.fetchOffset > end) return true;
      if (f.fetchOffset === end) continue;
      if (minBytes <= 1) return true;
      try {
        for (const b of log.read(f.fetchOffset, this.broker.config.num('replica.fetch.max.bytes'), end)) bytes += b.bytes.length;
      } catch (e) {
        if (e instanceof KafkaStorageException || e instanceof OffsetOutOfRangeError) return true;
        throw e;
      }
      if (bytes >= minBytes) return true;
    }
    return false;
  }

  /** The fetches waiting on `tp` that can now complete (DelayedOperationPurgatory.checkAndComplete). */
  tryCompleteDelayedFetches(tp: string): void {
    const ready = this.delayedFetches.filter((op) => op.tps.includes(tp) && this.fetchSatisfied(op.req));
    for (const op of ready) this.completeFetch(op);
  }

  /** StopReplica(deletePartition): forget the partition, answer what waits on it, delete its log; false if unknown. */
  stopReplica(topic: string, partition: number): boolean {
    const key = tpKey(topic, partition);
    const p = this.partitions.get(key);
    if (!p) return false;
    p.leader = null;
    this.partitions.delete(key);
    this.completeDelayedProduces(p);
    this.tryCompleteDelayedFetches(key);
    p.log.deleteFiles();
    return true;
  }

  /** getPartitionOrException: a partition the metadata cache does not know is UNKNOWN_TOPIC_OR_PARTITION. */
  private notLeaderError(topic: string, partition: number): string {
    return this.broker.metadata.partitions.has(tpKey(topic, partition)) ? 'NOT_LEADER_OR_FOLLOWER' : 'UNKNOWN_TOPIC_OR_PARTITION';
  }

  /**
   * ListOffsets at the leader (ReplicaManager.fetchOffset → Partition.fetchOffsetForTimestamp): the latest offset is
   * the high watermark for a consumer and the log end offset for a replica; a timestamp finds the first record at or
   * after it (the time index, then the segment), among the offsets a consumer may read.
   */
  fetchOffsets(req: RequestOf<'ListOffsets'>): ResponseOf<'ListOffsets'> {
    const fromConsumer = req.replicaId < 0;
    return req.partitions.map((q) => {
      const res = (error: string | null, offset = -1, timestamp = -1, leaderEpoch = -1) => ({
        topic: q.topic,
        partition: q.partition,
        error,
        offset,
        timestamp,
        leaderEpoch,
      });
      const p = this.getPartition(q.topic, q.partition);
      if (!p || !p.isLeader) return res(this.notLeaderError(q.topic, q.partition));
      if (q.currentLeaderEpoch >= 0 && q.currentLeaderEpoch !== p.leaderEpoch)
        return res(q.currentLeaderEpoch < p.leaderEpoch ? 'FENCED_LEADER_EPOCH' : 'UNKNOWN_LEADER_EPOCH');
      const log = p.log;
      try {
        // Partition.fetchOffsetForTimestamp's lastFetchableOffset: the LSO for read_committed, the HW for another
        // consumer, the log end for a replica
        const lastFetchable = !fromConsumer ? log.logEndOffset : req.isolationLevel === 'read_committed' ? log.lastStableOffset : log.highWatermark;
        if (q.timestamp === LATEST_TIMESTAMP) return res(null, lastFetchable, -1, p.leaderEpoch);
        if (q.timestamp === EARLIEST_TIMESTAMP) return res(null, log.logStartOffset, -1, epochAt(log, log.logStartOffset));
        const found = log.lookupByTimestamp(q.timestamp);
        if (found.offset === null || found.offset >= lastFetchable) return res(null);
        const rec = log.readRecords(found.offset, 1, found.offset + 1).find((r) => r.offset === found.offset);
        return res(null, found.offset, rec?.timestamp ?? q.timestamp, epochAt(log, found.offset));
      } catch (e) {
        if (e instanceof KafkaStorageException) return res('KAFKA_STORAGE_ERROR');
        throw e;
      }
    });
  }

  /** OffsetsForLeaderEpoch at the leader (ReplicaManager.lastOffsetForLeaderEpoch): where each asked epoch ends. */
  lastOffsetForLeaderEpoch(asks: EpochEndOffsetAsk[]): ResponseOf<'OffsetsForLeaderEpoch'> {
    return asks.map((a) => {
      const p = this.getPartition(a.topic, a.partition);
      if (!p || !p.isLeader) return { ...a, error: 'NOT_LEADER_OR_FOLLOWER', endOffset: -1, leaderEpoch: -1 };
      if (a.epoch === null) return { ...a, error: null, endOffset: -1, leaderEpoch: -1 };
      const r = p.log.endOffsetForEpoch(a.epoch);
      return { ...a, error: null, endOffset: r.endOffset, leaderEpoch: r.epoch };
    });
  }

  /** Runs every replica.lag.time.max.ms / 2 (ReplicaManager's isr-expiration task). */
  maybeShrinkIsr(): void {
    const lag = this.broker.config.num('replica.lag.time.max.ms');
    for (const p of this.partitions.values()) if (p.isLeader) p.maybeShrinkIsr(lag);
  }

  /** Forget in-memory state on a crash or stop; the logs stay on the disk. */
  shutdown(): void {
    this.delayedProduces = [];
    this.delayedFetches = [];
    this.partitions.clear();
  }
}

/** The leader epoch that wrote `offset`: the last epoch-cache entry starting at or before it. */
function epochAt(log: UnifiedLog, offset: number): number {
  let epoch = -1;
  for (const e of log.epochEntries()) if (e.startOffset <= offset) epoch = e.epoch;
  return epoch;
}
