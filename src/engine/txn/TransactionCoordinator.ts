// The transaction coordinator of one broker (core kafka.coordinator.transaction.TransactionCoordinator with its
// TransactionStateManager): it serves the transactional ids whose __transaction_state partition this broker leads,
// loads them when it becomes leader (the coordinator epoch is that partition's leader epoch), and drops them when it
// stops. Every decision is the pure rule's (rules/transactionCoordinator.ts); this class writes each transition to
// __transaction_state with acks=all before applying it, hands the markers to the TransactionMarkerChannelManager,
// and aborts transactions that run past their timeout.
import type { Broker } from '../broker/Broker';
import type { EventMap, EventType } from '../events';
import { tpKey } from '../broker/requests';
import {
  applyTransit,
  handleAddPartitionsToTxn,
  handleEndTxn,
  handleInitProducerId,
  markersToWrite,
  type AppendTransit,
  type TransactionResult,
} from './rules/transactionCoordinator';
import { prepareFenceProducerEpoch, type TransactionVersion, type TxnMetadata } from './rules/transactionMetadata';
import {
  decodeTransactionLogKey,
  decodeTransactionLogValue,
  encodeTransactionLogKey,
  encodeTransactionLogValue,
  transactionLogValueVersion,
} from './transactionLogRecord';
import {
  TRANSACTION_STATE_TOPIC,
  type AddPartitionsToTxnRequest,
  type EndTxnRequest,
  type EndTxnResponse,
  type InitProducerIdRequest,
  type InitProducerIdResponse,
} from './protocol';
import { TransactionMarkerChannelManager } from './TransactionMarkerChannelManager';
import type { ProducePartitionResponse } from '../broker/requests';
import { call, type Call } from '../sim/call';

type Written = Call<[error: string | null, md: TxnMetadata | null]>;

export interface TxnCoordinatorHost {
  partitionFor(transactionalId: string): number;
  /** the id a ProducerIdManager would hand out next, and taking it */
  peekProducerId(): number;
  takeProducerId(): number;
  /** the cluster's finalized transaction.version */
  transactionVersion(): TransactionVersion;
}

/** TransactionStateManager.appendTransactionToLog's mapping of append errors for the client. */
function mapAppendError(e: string): string {
  if (['UNKNOWN_TOPIC_OR_PARTITION', 'NOT_ENOUGH_REPLICAS', 'NOT_ENOUGH_REPLICAS_AFTER_APPEND', 'REQUEST_TIMED_OUT'].includes(e))
    return 'COORDINATOR_NOT_AVAILABLE';
  if (e === 'NOT_LEADER_OR_FOLLOWER' || e === 'KAFKA_STORAGE_ERROR') return 'NOT_COORDINATOR';
  return 'UNKNOWN_SERVER_ERROR';
}

export class TransactionCoordinator {
  readonly txns = new Map<string, TxnMetadata>();
  /** __transaction_state partitions this broker leads and has loaded → coordinator epoch */
  readonly owned = new Map<number, number>();
  private incarnation = -1;
  readonly markers: TransactionMarkerChannelManager;

  constructor(
    readonly broker: Broker,
    readonly host: TxnCoordinatorHost,
  ) {
    this.markers = new TransactionMarkerChannelManager(this);
  }

  emit<K extends EventType>(type: K, fields: EventMap[K]): void {
    this.broker.ctx.emit(type, fields);
  }

  cfg(key: string): number {
    return this.broker.config.num(key);
  }

  now(): number {
    return this.broker.now();
  }

  /** Brings the coordinator in line with the broker's leadership of __transaction_state (onElection / onResignation). */
  sync(): void {
    const b = this.broker;
    if (b.incarnation !== this.incarnation) {
      this.txns.clear();
      this.owned.clear();
      this.markers.clear();
      this.incarnation = b.incarnation;
      if (b.isUp) b.timer(this.cfg('transaction.abort.timed.out.transaction.cleanup.interval.ms'), call(this, this.abortTimedOutTransactions));
    }
    if (!b.isUp) return;
    for (const [n, epoch] of [...this.owned]) {
      const p = b.replicaManager.getPartition(TRANSACTION_STATE_TOPIC, n);
      if (!p || !p.isLeader || p.leaderEpoch !== epoch) this.onResignation(n);
    }
    const led = [...b.replicaManager.partitions.values()].filter((p) => p.topic === TRANSACTION_STATE_TOPIC && p.isLeader && !this.owned.has(p.partition));
    for (const p of led.sort((x, y) => x.partition - y.partition)) this.onElection(p.partition, p.leaderEpoch);
  }

  /** TransactionStateManager.loadTransactionsForTxnTopicPartition: the last record of each id wins; a transaction
   *  found in PrepareCommit / PrepareAbort gets its markers sent again (the failover finishes the commit). */
  private onElection(partition: number, coordinatorEpoch: number): void {
    const p = this.broker.replicaManager.getPartition(TRANSACTION_STATE_TOPIC, partition)!;
    const loaded = new Map<string, TxnMetadata>();
    const log = p.log;
    if (log.logEndOffset > log.logStartOffset) {
      for (const r of log.readRecords(log.logStartOffset, Number.MAX_SAFE_INTEGER, log.logEndOffset)) {
        if (!r.key) continue;
        const id = decodeTransactionLogKey(r.key);
        if (r.value === null) {
          loaded.delete(id);
          continue;
        }
        const v = decodeTransactionLogValue(r.value);
        const prev = loaded.get(id);
        loaded.set(id, {
          transactionalId: id,
          producerId: v.producerId,
          previousProducerId: prev && prev.producerId !== v.producerId ? prev.producerId : (prev?.previousProducerId ?? -1),
          nextProducerId: -1,
          producerEpoch: v.producerEpoch,
          lastProducerEpoch: -1,
          txnTimeoutMs: v.transactionTimeoutMs,
          state: v.state,
          topicPartitions: v.partitions,
          txnStartTimestamp: v.startTimestampMs,
          txnLastUpdateTimestamp: v.lastUpdateTimestampMs,
          clientTransactionVersion: v.clientTransactionVersion,
          pendingState: null,
          hasFailedEpochFence: false,
        });
      }
    }
    this.owned.set(partition, coordinatorEpoch);
    const resumed: string[] = [];
    for (const [id, md] of [...loaded].sort(([a], [b]) => (a < b ? -1 : 1))) {
      this.txns.set(id, md);
      if (md.state === 'PrepareCommit' || md.state === 'PrepareAbort') resumed.push(id);
    }
    this.emit('TxnCoordinatorLoaded', { broker: this.broker.id, partition, coordinatorEpoch, transactionalIds: [...loaded.keys()].sort(), resumed });
    for (const id of resumed) {
      const md = this.txns.get(id)!;
      this.sendMarkers(md, md.state === 'PrepareCommit' ? 'COMMIT' : 'ABORT');
    }
  }

  private onResignation(partition: number): void {
    this.owned.delete(partition);
    const dropped: string[] = [];
    for (const id of [...this.txns.keys()]) {
      if (this.host.partitionFor(id) !== partition) continue;
      this.txns.delete(id);
      dropped.push(id);
    }
    this.markers.dropPartition(partition);
    this.emit('TxnCoordinatorUnloaded', { broker: this.broker.id, partition, transactionalIds: dropped.sort() });
  }

  /** The coordinator epoch when this broker coordinates the id now (null: NOT_COORDINATOR). */
  coordinatorEpochFor(transactionalId: string): number | null {
    this.sync();
    const n = this.host.partitionFor(transactionalId);
    const p = this.broker.replicaManager.getPartition(TRANSACTION_STATE_TOPIC, n);
    const epoch = this.owned.get(n);
    return epoch !== undefined && p?.isLeader && p.leaderEpoch === epoch ? epoch : null;
  }

  /** The metadata if this broker coordinates the id now; no side effects (the state dump reads this). */
  peek(transactionalId: string): { metadata: TxnMetadata; coordinatorEpoch: number } | null {
    const b = this.broker;
    if (b.incarnation !== this.incarnation || !b.isUp) return null;
    const n = this.host.partitionFor(transactionalId);
    const epoch = this.owned.get(n);
    const md = this.txns.get(transactionalId);
    if (epoch === undefined || !md || b.replicaManager.getPartition(TRANSACTION_STATE_TOPIC, n)?.leaderEpoch !== epoch) return null;
    return { metadata: md, coordinatorEpoch: epoch };
  }

  // --- writing transitions to __transaction_state -------------------------------------------------

  /**
   * TransactionStateManager.appendTransactionToLog: the transit is written with acks=all; on success it is applied
   * (completeTransitionTo), on failure the pending state is dropped and the client gets the mapped error.
   */
  private write(d: AppendTransit, done: Written): void {
    const id = d.metadata.transactionalId;
    const before = this.txns.get(id) ?? null;
    const partition = this.host.partitionFor(id);
    const epoch = this.owned.get(partition);
    this.txns.set(id, d.metadata);
    const t = d.transit;
    const value = encodeTransactionLogValue(
      {
        producerId: t.producerId,
        producerEpoch: t.producerEpoch,
        transactionTimeoutMs: t.txnTimeoutMs,
        state: t.txnState,
        partitions: t.topicPartitions,
        lastUpdateTimestampMs: t.txnLastUpdateTimestamp,
        startTimestampMs: t.txnStartTimestamp,
        clientTransactionVersion: t.clientTransactionVersion,
      },
      transactionLogValueVersion(this.host.transactionVersion()),
    );
    const record = { key: encodeTransactionLogKey(id), value, timestamp: this.now() };
    const req = {
      acks: -1 as const,
      timeoutMs: this.cfg('request.timeout.ms'),
      producerId: -1,
      producerEpoch: -1,
      partitions: [{ topic: TRANSACTION_STATE_TOPIC, partition, records: [record], baseSequence: -1 }],
    };
    this.broker.replicaManager.appendRecords(req, call(this, this.written, d, before, partition, epoch, done));
  }

  private written(
    d: AppendTransit,
    before: TxnMetadata | null,
    partition: number,
    epoch: number | undefined,
    done: Written,
    res: ProducePartitionResponse[],
  ): void {
    const id = d.metadata.transactionalId;
    const error = res[0]?.error ?? null;
    // the partition moved meanwhile: the coordinator that wrote it is gone (NOT_COORDINATOR)
    if (this.owned.get(partition) !== epoch) return done('NOT_COORDINATOR', null);
    if (error) {
      if (this.txns.get(id) === d.metadata) {
        if (before) this.txns.set(id, before);
        else this.txns.delete(id);
      }
      return done(mapAppendError(error), null);
    }
    const md = applyTransit(d);
    this.txns.set(id, md);
    this.emit('TxnStateChanged', {
      transactionalId: id,
      broker: this.broker.id,
      from: before?.state ?? 'Empty',
      to: md.state,
      producerId: md.producerId,
      producerEpoch: md.producerEpoch,
      partitions: md.topicPartitions,
    });
    done(null, md);
  }

  // --- the APIs ---------------------------------------------------------------------------------

  handleInitProducerId(req: InitProducerIdRequest, respond: Call<[r: InitProducerIdResponse]>): void {
    const fail = (error: string) => respond({ error, producerId: -1, producerEpoch: -1 });
    if (req.transactionalId === null) return this.idempotentProducerId(req, respond);
    if (this.coordinatorEpochFor(req.transactionalId) === null) return fail('NOT_COORDINATOR');
    const current = this.txns.get(req.transactionalId) ?? null;
    const expected = req.producerId >= 0 ? { producerId: req.producerId, producerEpoch: req.producerEpoch } : null;
    const d = handleInitProducerId(
      current,
      { transactionalId: req.transactionalId, transactionTimeoutMs: req.transactionTimeoutMs, expected },
      {
        newProducerId: this.host.peekProducerId(),
        now: this.now(),
        maxTimeoutMs: this.cfg('transaction.max.timeout.ms'),
        serverTransactionVersion: this.host.transactionVersion(),
      },
    );
    if (d.kind === 'error') return fail(d.error);
    if (d.kind === 'idempotent') return this.idempotentProducerId(req, respond);
    if (d.usedNewProducerId) this.host.takeProducerId();
    if (d.kind === 'fenceThenAbort') {
      // bump the epoch, abort the open transaction with it, and let the new producer retry (CONCURRENT_TRANSACTIONS)
      this.emit('TxnFenced', {
        transactionalId: req.transactionalId,
        broker: this.broker.id,
        producerId: d.metadata.producerId,
        producerEpoch: d.transit.producerEpoch,
        reason: 'initProducerId',
      });
      return this.write({ kind: 'append', metadata: d.metadata, transit: d.transit }, call(this, this.fencedForInit, respond));
    }
    this.write(d, call(this, this.initWritten, respond));
  }

  /** An idempotent producer: a fresh id at epoch 0, whatever id and epoch it sends (a client's is named). */
  private idempotentProducerId(req: InitProducerIdRequest, respond: Call<[r: InitProducerIdResponse]>): void {
    const producerId = this.host.takeProducerId();
    if (req.clientId !== undefined) this.emit('ProducerIdAssigned', { producer: req.clientId, producerId, producerEpoch: 0 });
    respond({ error: null, producerId, producerEpoch: 0 });
  }

  private fencedForInit(respond: Call<[r: InitProducerIdResponse]>, error: string | null, md: TxnMetadata | null): void {
    if (error || !md) return respond({ error: error ?? 'UNKNOWN_SERVER_ERROR', producerId: -1, producerEpoch: -1 });
    respond({ error: 'CONCURRENT_TRANSACTIONS', producerId: -1, producerEpoch: -1 });
    this.sendMarkers(md, 'ABORT');
  }

  private initWritten(respond: Call<[r: InitProducerIdResponse]>, error: string | null, md: TxnMetadata | null): void {
    if (error || !md) respond({ error: error ?? 'UNKNOWN_SERVER_ERROR', producerId: -1, producerEpoch: -1 });
    else respond({ error: null, producerId: md.producerId, producerEpoch: md.producerEpoch });
  }

  handleAddPartitionsToTxn(req: AddPartitionsToTxnRequest, respond: Call<[r: { error: string | null }]>): void {
    if (this.coordinatorEpochFor(req.transactionalId) === null) return respond({ error: 'NOT_COORDINATOR' });
    const d = handleAddPartitionsToTxn(this.txns.get(req.transactionalId) ?? null, req, this.now());
    if (d.kind === 'error') return respond({ error: d.error });
    if (d.kind === 'none') return respond({ error: null });
    this.write(d, call(null, answerError, respond));
  }

  handleEndTxn(req: EndTxnRequest, respond: Call<[r: EndTxnResponse]>): void {
    const fail = (error: string) => respond({ error, producerId: -1, producerEpoch: -1 });
    if (this.coordinatorEpochFor(req.transactionalId) === null) return fail('NOT_COORDINATOR');
    const result: TransactionResult = req.committed ? 'COMMIT' : 'ABORT';
    const d = handleEndTxn(
      this.txns.get(req.transactionalId) ?? null,
      { producerId: req.producerId, producerEpoch: req.producerEpoch, result, isFromClient: true, clientTransactionVersion: req.transactionVersion },
      {
        now: this.now(),
        newProducerId: this.host.peekProducerId(),
      },
    );
    if (d.kind === 'error') return fail(d.error);
    if (d.kind === 'none') return respond({ error: null, producerId: d.producerId, producerEpoch: d.producerEpoch });
    if (d.usedNewProducerId) this.host.takeProducerId();
    this.write(d, call(this, this.endTxnWritten, respond, result));
  }

  private endTxnWritten(respond: Call<[r: EndTxnResponse]>, result: TransactionResult, error: string | null, md: TxnMetadata | null): void {
    const fail = (e: string) => respond({ error: e, producerId: -1, producerEpoch: -1 });
    if (error || !md) return fail(error ?? 'UNKNOWN_SERVER_ERROR');
    // sendTxnMarkersCallback: the client is answered once PrepareCommit / PrepareAbort is written, then the
    // markers are handed to the channel manager
    if (!this.sendMarkers(md, result, respond)) fail('NOT_COORDINATOR');
  }

  // --- markers and completion ---------------------------------------------------------------------

  /** sendTxnMarkersCallback: prepare CompleteCommit / CompleteAbort, answer the client (EndTxn), and hand the
   *  markers to the channel manager. False when this broker no longer coordinates the id. */
  private sendMarkers(md: TxnMetadata, result: TransactionResult, respond?: Call<[r: EndTxnResponse]>): boolean {
    const epoch = this.coordinatorEpochFor(md.transactionalId);
    if (epoch === null) return false;
    const m = markersToWrite(md, { producerId: md.producerId, producerEpoch: md.producerEpoch, result }, epoch, this.now());
    if (m.kind === 'error') return false;
    this.txns.set(md.transactionalId, m.metadata);
    respond?.({ error: null, ...m.response });
    this.emit('TxnMarkersRequested', {
      transactionalId: md.transactionalId,
      broker: this.broker.id,
      result,
      partitions: m.markers.partitions,
      coordinatorEpoch: epoch,
      producerEpoch: m.markers.producerEpoch,
    });
    this.markers.addTxnMarkersToSend(md.transactionalId, epoch, m.markers, { kind: 'append', metadata: m.metadata, transit: m.transit });
    return true;
  }

  /** Every marker was written: CompleteCommit / CompleteAbort to the log (retried while this broker is the coordinator). */
  completeTransaction(transactionalId: string, coordinatorEpoch: number, complete: AppendTransit): void {
    if (this.coordinatorEpochFor(transactionalId) !== coordinatorEpoch || this.txns.get(transactionalId) !== complete.metadata) return;
    this.write(complete, call(this, this.completeWritten, transactionalId, coordinatorEpoch, complete));
  }

  private completeWritten(transactionalId: string, coordinatorEpoch: number, complete: AppendTransit, error: string | null): void {
    if (!error) return;
    // TransactionMarkerChannelManager.tryAppendToLog: retried unless the coordinator moved
    const retry = error === 'COORDINATOR_NOT_AVAILABLE' && this.coordinatorEpochFor(transactionalId) === coordinatorEpoch;
    if (retry) {
      this.txns.set(transactionalId, complete.metadata);
      this.broker.timer(this.cfg('retry.backoff.ms'), call(this, this.completeTransaction, transactionalId, coordinatorEpoch, complete));
    }
  }

  /** The markers' send gave up (the producer or coordinator epoch moved on): the transaction stays where it is. */
  markersAbandoned(transactionalId: string, complete: AppendTransit): void {
    if (this.txns.get(transactionalId) === complete.metadata) this.txns.set(transactionalId, { ...complete.metadata, pendingState: null });
  }

  /** TransactionCoordinator.abortTimedOutTransactions, every transaction.abort.timed.out.transaction.cleanup.interval.ms. */
  private abortTimedOutTransactions(): void {
    const now = this.now();
    for (const [id, md] of [...this.txns].sort(([a], [b]) => (a < b ? -1 : 1))) {
      if (md.state !== 'Ongoing' || md.pendingState !== null || md.txnStartTimestamp + md.txnTimeoutMs >= now) continue;
      if (this.coordinatorEpochFor(id) === null) continue;
      const fenced = prepareFenceProducerEpoch(md);
      const d = handleEndTxn(
        fenced.metadata,
        {
          producerId: md.producerId,
          producerEpoch: fenced.transit.producerEpoch,
          result: 'ABORT',
          isFromClient: false,
          clientTransactionVersion: this.host.transactionVersion(),
        },
        { now, newProducerId: this.host.peekProducerId() },
      );
      if (d.kind !== 'append') continue;
      if (d.usedNewProducerId) this.host.takeProducerId();
      this.emit('TxnFenced', {
        transactionalId: id,
        broker: this.broker.id,
        producerId: md.producerId,
        producerEpoch: fenced.transit.producerEpoch,
        reason: 'timeout',
      });
      this.write(d, call(this, this.timedOutAbortWritten));
    }
    this.broker.timer(this.cfg('transaction.abort.timed.out.transaction.cleanup.interval.ms'), call(this, this.abortTimedOutTransactions));
  }

  private timedOutAbortWritten(error: string | null, written: TxnMetadata | null): void {
    if (!error && written) this.sendMarkers(written, 'ABORT');
  }

  /** For the markers' destinations: the leader of a partition as this broker's metadata cache knows it. */
  leaderOf(tp: { topic: string; partition: number }): number | null {
    return this.broker.metadata.partitions.get(tpKey(tp.topic, tp.partition))?.leader ?? null;
  }
}

function answerError(respond: Call<[r: { error: string | null }]>, error: string | null): void {
  respond({ error });
}
