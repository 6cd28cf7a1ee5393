// One replica of one partition on one broker (Kafka's Partition.scala): leader or follower state, the
// followers' fetch state as the leader sees it, ISR changes through AlterIsr, and the high watermark.
import { UnexpectedAppendOffsetError, type UnifiedLog } from '../../storage/log/UnifiedLog';
import type { FetchedBatch, SimpleRecord } from '../../storage/log/types';
import { topicName, type PartitionState } from './requests';
import type { Emit } from '../events';
import { ProducerStateManager } from './ProducerStateManager';
import { call, type Call } from '../sim/call';
import { followerCanRejoinIsr, nextHighWatermark, outOfSyncReplicas, updatedLastCaughtUpTime } from '../rules/replication';

export interface RemoteReplica {
  broker: number;
  logEndOffset: number; // -1 until its first fetch from this leader
  lastCaughtUpTimeMs: number;
  lastFetchLeaderLogEndOffset: number;
  lastFetchTimeMs: number;
}

export interface PartitionHost {
  brokerId: number;
  now(): number;
  emit: Emit;
  /** the topic's effective config */
  topicConfig(topic: string): Record<string, unknown>;
  /** send AlterIsr to the controller; the callback gets the committed state or an error */
  alterIsr(p: Partition, newIsr: number[], done: Call<[state: PartitionState | null, error: string | null]>): void;
  /** kraft mode applies KAFKA-15583 (HW waits for min.insync.replicas) */
  minIsrGuardsHighWatermark: boolean;
  /** the leader's HW moved: delayed produces may complete */
  onHighWatermarkChanged(p: Partition): void;
}

export class Partition {
  leader: number | null = null;
  leaderEpoch = -1;
  leaderEpochStartOffset = 0;
  isr: number[] = [];
  replicas: number[] = [];
  partitionEpoch = 0;
  /** an AlterIsr in flight: the leader counts an expansion at once and a shrink only once committed (KIP-497) */
  pendingIsr: number[] | null = null;
  remote = new Map<number, RemoteReplica>();
  readonly producerState = new ProducerStateManager();

  readonly topic: string;

  constructor(
    private host: PartitionHost,
    topic: string,
    readonly partition: number,
    readonly log: UnifiedLog,
  ) {
    this.topic = topicName(topic);
  }

  get isLeader(): boolean {
    return this.leader === this.host.brokerId;
  }

  private fields<T extends object>(extra: T): { broker: number; topic: string; partition: number } & T {
    return { broker: this.host.brokerId, topic: this.topic, partition: this.partition, ...extra };
  }

  /** The ISR used for the high watermark: the committed ISR plus any pending expansion. */
  maximalIsr(): number[] {
    if (!this.pendingIsr) return this.isr;
    return [...new Set([...this.isr, ...this.pendingIsr])];
  }

  private minIsr(): number {
    return Number(this.host.topicConfig(this.topic)['min.insync.replicas']);
  }

  makeLeader(s: PartitionState): boolean {
    const isNewLeaderEpoch = s.leaderEpoch > this.leaderEpoch || !this.isLeader;
    this.replicas = s.replicas;
    this.isr = s.isr;
    this.partitionEpoch = s.partitionEpoch;
    this.pendingIsr = null;
    if (!isNewLeaderEpoch) return false;
    this.leader = this.host.brokerId;
    this.leaderEpoch = s.leaderEpoch;
    const leo = this.log.logEndOffset;
    this.log.assignEpochStartOffset(s.leaderEpoch, leo);
    this.leaderEpochStartOffset = leo;
    const now = this.host.now();
    this.remote.clear();
    for (const r of s.replicas) {
      if (r === this.host.brokerId) continue;
      // Followers in the ISR are presumed caught up now (Partition.makeLeader resets their state).
      this.remote.set(r, { broker: r, logEndOffset: -1, lastCaughtUpTimeMs: s.isr.includes(r) ? now : 0, lastFetchLeaderLogEndOffset: -1, lastFetchTimeMs: 0 });
    }
    this.host.emit('BecameLeader', this.fields({ leaderEpoch: s.leaderEpoch, isr: s.isr, leo }));
    this.maybeIncrementLeaderHW();
    return true;
  }

  makeFollower(s: PartitionState): boolean {
    const changed = s.leaderEpoch > this.leaderEpoch || this.leader !== s.leader;
    this.replicas = s.replicas;
    this.isr = s.isr;
    this.partitionEpoch = s.partitionEpoch;
    this.pendingIsr = null;
    if (!changed) return false;
    this.leader = s.leader;
    this.leaderEpoch = s.leaderEpoch;
    this.remote.clear();
    this.host.emit('BecameFollower', this.fields({ leader: s.leader, leaderEpoch: s.leaderEpoch }));
    return true;
  }

  // --- leader side ------------------------------------------------------------

  appendRecordsToLeader(records: SimpleRecord[], producerId: number, producerEpoch: number, baseSequence: number, transactional = false, batch?: Uint8Array) {
    const info = batch
      ? this.log.appendBatchAsLeader(batch, this.leaderEpoch, this.host.now())
      : this.log.appendAsLeader(records, this.leaderEpoch, { producerId, producerEpoch, baseSequence, transactional }, this.host.now());
    this.producerState.update(producerId, producerEpoch, baseSequence, records.length, info.firstOffset);
    if (info.rolled) this.host.emit('SegmentRolled', this.fields({ baseOffset: info.firstOffset }));
    this.host.emit(
      'Appended',
      this.fields({
        firstOffset: info.firstOffset,
        lastOffset: info.lastOffset,
        bytes: info.batchSizeBytes,
        leaderEpoch: this.leaderEpoch,
        asLeader: true,
        ...(transactional ? { transactional: true as const, producerId } : {}),
      }),
    );
    this.maybeIncrementLeaderHW();
    return info;
  }

  /** A COMMIT or ABORT marker from the transaction coordinator (Partition.appendRecordsToLeader, origin COORDINATOR). */
  appendEndTxnMarker(m: { type: 'COMMIT' | 'ABORT'; producerId: number; producerEpoch: number; coordinatorEpoch: number }) {
    const info = this.log.appendEndTxnMarker(m, this.leaderEpoch, this.host.now());
    this.producerState.updateMarker(m.producerId, m.producerEpoch, m.coordinatorEpoch);
    if (info.rolled) this.host.emit('SegmentRolled', this.fields({ baseOffset: info.firstOffset }));
    this.host.emit(
      'TxnMarkerWritten',
      this.fields({
        offset: info.firstOffset,
        bytes: info.batchSizeBytes,
        marker: m.type,
        producerId: m.producerId,
        producerEpoch: m.producerEpoch,
        coordinatorEpoch: m.coordinatorEpoch,
        leaderEpoch: this.leaderEpoch,
      }),
    );
    this.maybeIncrementLeaderHW();
    return info;
  }

  /** Partition.updateFollowerFetchState, then the ISR and HW checks that follow a follower's fetch. */
  updateFollowerFetchState(replicaId: number, fetchOffset: number): void {
    const r = this.remote.get(replicaId);
    if (!r) return;
    const now = this.host.now();
    const leo = this.log.logEndOffset;
    r.lastCaughtUpTimeMs = updatedLastCaughtUpTime(r.lastCaughtUpTimeMs, fetchOffset, leo, now, r.lastFetchLeaderLogEndOffset, r.lastFetchTimeMs);
    r.logEndOffset = fetchOffset;
    r.lastFetchLeaderLogEndOffset = leo;
    r.lastFetchTimeMs = now;
    this.maybeExpandIsr(r);
    this.maybeIncrementLeaderHW();
  }

  private maybeExpandIsr(r: RemoteReplica): void {
    if (this.pendingIsr || this.isr.includes(r.broker)) return;
    if (!followerCanRejoinIsr(r.logEndOffset, this.log.highWatermark, this.leaderEpochStartOffset)) return;
    // Kafka appends the rejoining replica (a Scala Set of up to 4 keeps insertion order).
    const newIsr = [...this.isr, r.broker];
    this.submitAlterIsr(newIsr, 'expand');
  }

  /** Partition.maybeShrinkIsr, run by the ReplicaManager every replica.lag.time.max.ms / 2. */
  maybeShrinkIsr(replicaLagTimeMaxMs: number): void {
    if (!this.isLeader || this.pendingIsr) return;
    const out = outOfSyncReplicas(
      this.isr,
      this.host.brokerId,
      [...this.remote.values()].map((r) => ({ broker: r.broker, logEndOffset: r.logEndOffset, lastCaughtUpTimeMs: r.lastCaughtUpTimeMs })),
      this.log.logEndOffset,
      this.host.now(),
      replicaLagTimeMaxMs,
    );
    if (!out.length) return;
    this.submitAlterIsr(
      this.isr.filter((b) => !out.includes(b)),
      'shrink',
    );
  }

  private submitAlterIsr(newIsr: number[], kind: 'expand' | 'shrink'): void {
    this.pendingIsr = newIsr;
    this.host.alterIsr(this, newIsr, call(this, this.alterIsrDone, this.leaderEpoch, newIsr, kind));
  }

  private alterIsrDone(epoch: number, newIsr: number[], kind: 'expand' | 'shrink', state: PartitionState | null, error: string | null): void {
    if (this.leaderEpoch !== epoch || !this.isLeader) return;
    this.pendingIsr = null;
    if (error || !state) {
      this.host.emit('AlterIsrFailed', this.fields({ error, isr: newIsr }));
      return;
    }
    const before = this.isr;
    this.isr = state.isr;
    this.partitionEpoch = state.partitionEpoch;
    if (kind === 'shrink')
      this.host.emit('IsrShrunk', this.fields({ leader: this.host.brokerId, isr: state.isr, removed: before.filter((b) => !state.isr.includes(b)) }));
    else this.host.emit('IsrExpanded', this.fields({ leader: this.host.brokerId, isr: state.isr, added: state.isr.filter((b) => !before.includes(b)) }));
    this.maybeIncrementLeaderHW();
  }

  /** Returns true when the HW moved. */
  maybeIncrementLeaderHW(): boolean {
    if (!this.isLeader) return false;
    const isr = this.maximalIsr();
    // the smallest LEO in the ISR without an array per call (every follower fetch of every partition runs this)
    let minLeo = Infinity;
    for (const b of isr) minLeo = Math.min(minLeo, b === this.host.brokerId ? this.log.logEndOffset : (this.remote.get(b)?.logEndOffset ?? -1));
    const before = this.log.highWatermark;
    const next = nextHighWatermark(before, [minLeo], isr.length, this.minIsr(), this.host.minIsrGuardsHighWatermark);
    if (next <= before) return false;
    this.log.updateHighWatermark(next);
    this.host.emit('HighWatermarkAdvanced', this.fields({ hw: this.log.highWatermark }));
    this.host.onHighWatermarkChanged(this);
    return true;
  }

  // --- follower side ----------------------------------------------------------

  appendAsFollower(batches: FetchedBatch[], leaderHw: number): void {
    if (batches.length) {
      const first = batches[0].baseOffset;
      const segmentsBefore = this.log.segments.length;
      this.appendToFollowerLog(batches);
      for (const b of batches) this.producerState.updateFromBatch(b);
      const segs = this.log.segments;
      if (segs.length > segmentsBefore) this.host.emit('SegmentRolled', this.fields({ baseOffset: segs[segs.length - 1].baseOffset }));
      const last = batches[batches.length - 1];
      const bytes = batches.reduce((n, b) => n + b.bytes.length, 0);
      this.host.emit(
        'Appended',
        this.fields({ firstOffset: first, lastOffset: last.lastOffset, bytes, leaderEpoch: last.partitionLeaderEpoch, asLeader: false }),
      );
    }
    const hw = Math.min(leaderHw, this.log.logEndOffset);
    if (hw > this.log.highWatermark) {
      this.log.updateHighWatermark(hw);
      this.host.emit('HighWatermarkAdvanced', this.fields({ hw: this.log.highWatermark }));
    }
  }

  /** Partition.appendRecordsToFollowerOrFutureReplica: a batch that starts below the log end offset of an empty log
   *  (the leader's log start falls inside a batch) restarts the log at the batch; any other is refused. */
  private appendToFollowerLog(batches: FetchedBatch[]): void {
    try {
      this.log.appendAsFollower(batches, this.host.now());
    } catch (e) {
      if (!(e instanceof UnexpectedAppendOffsetError)) throw e;
      const leo = this.log.logEndOffset;
      if (leo !== this.log.logStartOffset || e.firstOffset >= leo || e.lastOffset < leo) throw e;
      this.log.truncateFullyAndStartAt(e.firstOffset, this.host.now());
      this.host.emit('LogTruncated', this.fields({ from: leo, to: e.firstOffset, reason: 'unexpectedAppendOffset' }));
      this.log.appendAsFollower(batches, this.host.now());
    }
  }

  truncateTo(offset: number, reason: string): void {
    const from = this.log.logEndOffset;
    if (offset >= from) return;
    this.log.truncateTo(offset);
    this.rebuildProducerState();
    this.host.emit('LogTruncated', this.fields({ from, to: offset, reason }));
  }

  rebuildProducerState(): void {
    this.producerState.clear();
    let offset = this.log.logStartOffset;
    while (offset < this.log.logEndOffset) {
      const batches = this.log.read(offset, 1 << 20);
      if (!batches.length) break;
      for (const b of batches) this.producerState.updateFromBatch(b);
      offset = batches[batches.length - 1].lastOffset + 1;
    }
  }
}
