// Kafka's TransactionMarkerChannelManager (with TransactionMarkerRequestCompletionHandler): the coordinator sends
// WriteTxnMarkers to the leader of every partition of a transaction, grouped by leader, and resends to the new
// leader on retriable errors until every partition has its marker; then the transaction is completed
// (CompleteCommit / CompleteAbort written to __transaction_state). A producer or coordinator epoch that moved on
// (INVALID_PRODUCER_EPOCH, TRANSACTION_COORDINATOR_FENCED), or the coordinator losing the partition, ends the send.
import type { AppendTransit, TxnMarkersToWrite } from './rules/transactionCoordinator';
import type { TransactionCoordinator } from './TransactionCoordinator';
import type { WriteTxnMarkersResponse } from './protocol';
import { brokerNode } from '../sim/context';
import { call } from '../sim/call';
import type { Message } from '../sim/network';

/** Errors after which the marker is sent again (to the partition's leader as the metadata then says). */
const RETRIABLE = new Set([
  'NOT_LEADER_OR_FOLLOWER',
  'NOT_ENOUGH_REPLICAS',
  'NOT_ENOUGH_REPLICAS_AFTER_APPEND',
  'REQUEST_TIMED_OUT',
  'UNKNOWN_TOPIC_OR_PARTITION',
  'KAFKA_STORAGE_ERROR',
  'NETWORK_EXCEPTION',
  'COORDINATOR_LOAD_IN_PROGRESS',
]);

interface PendingTxn {
  transactionalId: string;
  coordinatorEpoch: number;
  markers: TxnMarkersToWrite;
  /** "topic-partition" strings still without their marker */
  remaining: Set<string>;
  /** partitions with a WriteTxnMarkers in flight */
  inFlight: Set<string>;
  complete: AppendTransit;
}

export class TransactionMarkerChannelManager {
  private pending = new Map<string, PendingTxn>();

  constructor(private coordinator: TransactionCoordinator) {}

  clear(): void {
    this.pending.clear();
  }

  /** The coordinator lost a __transaction_state partition: its transactions' markers are no longer its to send. */
  dropPartition(partition: number): void {
    for (const id of [...this.pending.keys()]) if (this.coordinator.host.partitionFor(id) === partition) this.pending.delete(id);
  }

  addTxnMarkersToSend(transactionalId: string, coordinatorEpoch: number, markers: TxnMarkersToWrite, complete: AppendTransit): void {
    const t: PendingTxn = { transactionalId, coordinatorEpoch, markers, remaining: new Set(markers.partitions), inFlight: new Set(), complete };
    this.pending.set(transactionalId, t);
    if (t.remaining.size === 0) this.finish(t);
    else this.send(transactionalId);
  }

  private current(id: string, t: PendingTxn): boolean {
    return this.pending.get(id) === t && this.coordinator.coordinatorEpochFor(id) === t.coordinatorEpoch;
  }

  /** One WriteTxnMarkers per leader for the partitions not yet written and not in flight. */
  send(transactionalId: string): void {
    const t = this.pending.get(transactionalId);
    if (!t || !this.current(transactionalId, t)) return;
    const byLeader = new Map<number, string[]>();
    let unknown = false;
    for (const tp of [...t.remaining].sort()) {
      if (t.inFlight.has(tp)) continue;
      const i = tp.lastIndexOf('-');
      const leader = this.coordinator.leaderOf({ topic: tp.slice(0, i), partition: Number(tp.slice(i + 1)) });
      if (leader === null) unknown = true;
      else byLeader.set(leader, [...(byLeader.get(leader) ?? []), tp]);
    }
    const b = this.coordinator.broker;
    for (const [leader, tps] of [...byLeader].sort(([x], [y]) => x - y)) {
      for (const tp of tps) t.inFlight.add(tp);
      const m = t.markers;
      const partitions = tps.map((tp) => ({ topic: tp.slice(0, tp.lastIndexOf('-')), partition: Number(tp.slice(tp.lastIndexOf('-') + 1)) }));
      const body = {
        markers: [{ producerId: m.producerId, producerEpoch: m.producerEpoch, coordinatorEpoch: t.coordinatorEpoch, result: m.result, partitions }],
      };
      const req = new MarkerRequest(this, t, tps);
      req.sent = b.client.send(brokerNode(leader), 'WriteTxnMarkers', body, call(req, req.answered), call(req, req.finish, null, 'NETWORK_EXCEPTION'));
      b.timer(this.coordinator.cfg('request.timeout.ms'), call(req, req.timedOut));
    }
    // a partition without a known leader waits for the metadata (TxnMarkerQueue of an unknown broker)
    if (unknown) b.timer(this.coordinator.cfg('retry.backoff.ms'), call(this, this.send, transactionalId));
  }

  /** TransactionMarkerRequestCompletionHandler.onComplete */
  onResponse(t: PendingTxn, tps: string[], r: WriteTxnMarkersResponse[] | null, error: string | null): void {
    for (const tp of tps) t.inFlight.delete(tp);
    if (!this.current(t.transactionalId, t)) return;
    let retry = false;
    for (const tp of tps) {
      const entry = r?.[0]?.partitions.find((x) => `${x.topic}-${x.partition}` === tp);
      const e = error ?? (entry ? entry.error : 'UNKNOWN_SERVER_ERROR');
      if (e === null) t.remaining.delete(tp);
      else if (RETRIABLE.has(e)) retry = true;
      else {
        // INVALID_PRODUCER_EPOCH, TRANSACTION_COORDINATOR_FENCED, ...: this transaction's markers are obsolete
        this.pending.delete(t.transactionalId);
        this.coordinator.markersAbandoned(t.transactionalId, t.complete);
        return;
      }
    }
    if (t.remaining.size === 0) return this.finish(t);
    if (retry) this.coordinator.broker.timer(this.coordinator.cfg('retry.backoff.ms'), call(this, this.send, t.transactionalId));
  }

  forget(m: Message): void {
    this.coordinator.broker.client.forget(m);
  }

  private finish(t: PendingTxn): void {
    this.pending.delete(t.transactionalId);
    this.coordinator.completeTransaction(t.transactionalId, t.coordinatorEpoch, t.complete);
  }
}

/** One WriteTxnMarkers in flight: answered, refused or timed out, whichever comes first. */
class MarkerRequest {
  private done = false;
  sent: Message | null = null;
  constructor(
    private channel: TransactionMarkerChannelManager,
    private t: PendingTxn,
    private tps: string[],
  ) {}

  answered(r: WriteTxnMarkersResponse[]): void {
    this.finish(r, null);
  }

  timedOut(): void {
    if (!this.done && this.sent) this.channel.forget(this.sent);
    this.finish(null, 'REQUEST_TIMED_OUT');
  }

  finish(r: WriteTxnMarkersResponse[] | null, error: string | null): void {
    if (this.done) return;
    this.done = true;
    this.channel.onResponse(this.t, this.tps, r, error);
  }
}
