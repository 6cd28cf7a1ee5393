// The transactional producer's side (clients' TransactionManager, Kafka 4.0): initTransactions (FindCoordinator,
// InitProducerId), beginTransaction, the partitions of a transaction (AddPartitionsToTxn from the producer with
// transaction version 0/1; with version 2 the partition leaders add them, KIP-890), commit and abort (EndTxn), and
// the error states: abortable (the transaction must be aborted) and fatal (the producer must close).
import type { Producer } from './Producer';
import type { RequestOf, ResponseOf } from '../apis';
import { transactionalErrorKind } from '../txn/rules/producerFencing';
import type { TransactionVersion } from '../txn/rules/transactionMetadata';
import { call, type Call } from '../sim/call';

export type TxnClientState =
  'UNINITIALIZED' | 'INITIALIZING' | 'READY' | 'IN_TRANSACTION' | 'COMMITTING_TRANSACTION' | 'ABORTING_TRANSACTION' | 'ABORTABLE_ERROR' | 'FATAL_ERROR';

/** Coordinator errors after which the request goes to the coordinator found anew (or again after a backoff). */
const FIND_AGAIN = new Set(['NOT_COORDINATOR', 'COORDINATOR_NOT_AVAILABLE', 'NETWORK_EXCEPTION', 'REQUEST_TIMED_OUT']);
const RETRY = new Set(['CONCURRENT_TRANSACTIONS', 'COORDINATOR_LOAD_IN_PROGRESS']);

type CoordinatorApi = 'InitProducerId' | 'AddPartitionsToTxn' | 'EndTxn';
/** What a coordinator request carries besides the producer's current id and epoch (read when it is sent). */
interface TxnAsk {
  partitions?: string[];
  commit?: boolean;
}

export class TransactionManager {
  state: TxnClientState = 'UNINITIALIZED';
  coordinator: number | null = null;
  lastError: string | null = null;
  /** partitions of the current transaction the coordinator knows (or, with version 2, that were written) */
  readonly partitionsInTransaction = new Set<string>();
  /** version 0/1: partitions waiting for AddPartitionsToTxn, and those in flight */
  private newPartitions = new Set<string>();
  private pendingPartitions = new Set<string>();
  /** an EndTxn (or InitProducerId) under way, to be answered with its outcome */
  private completion: Call<[error: string | null]> | null = null;

  constructor(
    private p: Producer,
    readonly transactionalId: string,
    readonly transactionVersion: TransactionVersion,
  ) {}

  private get ctx() {
    return this.p.ctx;
  }

  private cfg(key: string): number {
    return this.ctx.config.num(key);
  }

  get isV2(): boolean {
    return this.transactionVersion >= 2;
  }

  get hasError(): boolean {
    return this.state === 'ABORTABLE_ERROR' || this.state === 'FATAL_ERROR';
  }

  /** The application called something the state does not allow (IllegalStateException) or that failed. */
  private callFailed(error: string): string {
    this.p.transactionErrors.push(error);
    return error;
  }

  // --- the coordinator ------------------------------------------------------------------------------

  /** FindCoordinator(TRANSACTION), then `then`; retried after retry.backoff.ms while none answers. */
  private findCoordinator(then: Call): void {
    const b = this.p.anyLiveBroker();
    if (!b) return this.p.later(this.cfg('retry.backoff.ms'), call(this, this.findCoordinator, then));
    this.p.request(b.id, 'FindCoordinator', { groupId: this.transactionalId, keyType: 'TRANSACTION' }, call(this, this.coordinatorFound, then));
  }

  private coordinatorFound(then: Call, r: ResponseOf<'FindCoordinator'> | null): void {
    if (r && !r.error) {
      this.coordinator = r.nodeId;
      return then();
    }
    this.p.later(this.cfg('retry.backoff.ms'), call(this, this.findCoordinator, then));
  }

  /** The body of a coordinator request, made as it is sent. */
  private bodyOf(api: CoordinatorApi, ask: TxnAsk): RequestOf<CoordinatorApi> {
    const id = { transactionalId: this.transactionalId, producerId: this.p.producerId, producerEpoch: this.p.producerEpoch };
    if (api === 'InitProducerId')
      return { transactionalId: this.transactionalId, transactionTimeoutMs: this.cfg('transaction.timeout.ms'), producerId: -1, producerEpoch: -1 };
    if (api === 'AddPartitionsToTxn') return { ...id, partitions: ask.partitions! };
    return { ...id, committed: ask.commit!, transactionVersion: this.transactionVersion };
  }

  /** A request to the coordinator: found first; coordinator errors find it again; CONCURRENT_TRANSACTIONS retries. */
  private toCoordinator<A extends CoordinatorApi>(api: A, ask: TxnAsk, done: Call<[r: ResponseOf<A> | null, error: string | null]>): void {
    if (this.coordinator === null) return this.findCoordinator(call(this, this.toCoordinator<A>, api, ask, done));
    this.p.request(this.coordinator, api, this.bodyOf(api, ask) as RequestOf<A>, call(this, this.coordinatorAnswered<A>, api, ask, done));
  }

  private coordinatorAnswered<A extends CoordinatorApi>(
    api: A,
    ask: TxnAsk,
    done: Call<[r: ResponseOf<A> | null, error: string | null]>,
    r: ResponseOf<A> | null,
    e: string | null,
  ): void {
    const error = e ?? (r ? (r as { error: string | null }).error : null);
    if (error && FIND_AGAIN.has(error)) {
      this.coordinator = null;
      return this.p.later(this.cfg('retry.backoff.ms'), call(this, this.toCoordinator<A>, api, ask, done));
    }
    if (error && RETRY.has(error)) return this.p.later(this.cfg('retry.backoff.ms'), call(this, this.toCoordinator<A>, api, ask, done));
    done(r, error);
  }

  /** transitionToFatalError / transitionToAbortableError (an abort under way stays under way) */
  private fail(error: string, fatal = transactionalErrorKind(error) === 'fatal'): void {
    this.lastError = error;
    this.state = fatal ? 'FATAL_ERROR' : this.state === 'ABORTING_TRANSACTION' ? this.state : 'ABORTABLE_ERROR';
    this.ctx.emit('TransactionFailed', { producer: this.p.name, transactionalId: this.transactionalId, error, fatal });
  }

  // --- the application's calls ----------------------------------------------------------------------

  /** initTransactions(): the producer id and epoch of this transactional id; an older producer of it is fenced. */
  initTransactions(done: Call<[error: string | null]>): void {
    if (this.state !== 'UNINITIALIZED') return done(null);
    this.state = 'INITIALIZING';
    this.toCoordinator('InitProducerId', {}, call(this, this.initialized, done));
  }

  private initialized(done: Call<[error: string | null]>, r: ResponseOf<'InitProducerId'> | null, error: string | null): void {
    if (error || !r) {
      this.fail(error ?? 'UNKNOWN_SERVER_ERROR', true);
      return done(this.callFailed(error ?? 'UNKNOWN_SERVER_ERROR'));
    }
    this.p.setProducerIdAndEpoch(r.producerId, r.producerEpoch);
    this.state = 'READY';
    this.ctx.emit('TransactionInitialized', {
      producer: this.p.name,
      transactionalId: this.transactionalId,
      producerId: r.producerId,
      producerEpoch: r.producerEpoch,
    });
    done(null);
  }

  /** beginTransaction(): local only (the coordinator hears of the transaction with its first partition). */
  beginTransaction(): string | null {
    if (this.state === 'ABORTABLE_ERROR' || this.state === 'FATAL_ERROR') return this.callFailed(this.lastError!);
    if (this.state !== 'READY') return this.callFailed('IllegalStateException');
    this.state = 'IN_TRANSACTION';
    this.partitionsInTransaction.clear();
    this.ctx.emit('TransactionBegun', { producer: this.p.name, transactionalId: this.transactionalId });
    return null;
  }

  /** Why a send() fails at once, before anything is queued (null: it may be sent). */
  sendError(): string | null {
    if (this.hasError) return this.lastError;
    return this.state === 'IN_TRANSACTION' ? null : 'IllegalStateException';
  }

  /** TransactionManager.maybeAddPartition, when a record for `tp` is sent. */
  maybeAddPartition(tp: string): void {
    if (this.isV2 || this.partitionsInTransaction.has(tp) || this.pendingPartitions.has(tp)) return;
    this.newPartitions.add(tp);
  }

  /** isSendToPartitionAllowed: version 2 sends at once; 0/1 wait for AddPartitionsToTxn. */
  isSendToPartitionAllowed(tp: string): boolean {
    if (this.isV2) {
      this.partitionsInTransaction.add(tp);
      return true;
    }
    if (this.partitionsInTransaction.has(tp)) return true;
    if (this.newPartitions.size && !this.pendingPartitions.size) this.addPartitions();
    return false;
  }

  /** AddPartitionsToTxn for the partitions sent to since the last one (one request in flight). */
  private addPartitions(): void {
    const tps = [...this.newPartitions].sort();
    this.newPartitions.clear();
    for (const tp of tps) this.pendingPartitions.add(tp);
    this.toCoordinator('AddPartitionsToTxn', { partitions: tps }, call(this, this.partitionsAdded, tps));
  }

  private partitionsAdded(tps: string[], _r: unknown, error: string | null): void {
    for (const tp of tps) this.pendingPartitions.delete(tp);
    if (error) this.fail(error);
    else for (const tp of tps) this.partitionsInTransaction.add(tp);
    this.p.wake();
  }

  /** commitTransaction() / abortTransaction(): flush (commit), then EndTxn; `done` with the call's error, if any. */
  endTransaction(commit: boolean, done: Call<[error: string | null]>): void {
    if (this.state === 'FATAL_ERROR') return done(this.callFailed(this.lastError!));
    if (commit && this.state === 'ABORTABLE_ERROR') return done(this.callFailed(this.lastError!));
    if (this.state !== 'IN_TRANSACTION' && !(this.state === 'ABORTABLE_ERROR' && !commit)) return done(this.callFailed('IllegalStateException'));
    this.state = commit ? 'COMMITTING_TRANSACTION' : 'ABORTING_TRANSACTION';
    this.completion = done;
    this.p.whenIdle(call(this, this.sendEndTxn, commit));
  }

  private sendEndTxn(commit: boolean): void {
    if (this.completion === null) return;
    if (this.pendingPartitions.size) return this.p.later(this.cfg('retry.backoff.ms'), call(this, this.sendEndTxn, commit));
    this.newPartitions.clear();
    // Sender: "not sending EndTxn for completed transaction since no partitions were successfully added"
    if (!this.partitionsInTransaction.size) return this.completed(commit, null);
    this.ctx.emit('TransactionEnding', { producer: this.p.name, transactionalId: this.transactionalId, committed: commit });
    this.toCoordinator('EndTxn', { commit }, call(this, this.txnEnded, commit));
  }

  private txnEnded(commit: boolean, r: ResponseOf<'EndTxn'> | null, error: string | null): void {
    if (error || !r) {
      // EndTxnHandler: INVALID_PRODUCER_EPOCH and PRODUCER_FENCED are fatal (ProducerFencedException)
      this.fail(error === 'INVALID_PRODUCER_EPOCH' ? 'PRODUCER_FENCED' : (error ?? 'UNKNOWN_SERVER_ERROR'), true);
      const d = this.completion!;
      this.completion = null;
      return d(this.callFailed(this.lastError!));
    }
    // version 2: the coordinator bumped the epoch; the next transaction's sequences start over
    if (this.isV2 && r.producerEpoch >= 0) this.p.setProducerIdAndEpoch(r.producerId, r.producerEpoch);
    this.completed(commit, r.producerEpoch);
  }

  private completed(commit: boolean, producerEpoch: number | null): void {
    this.state = 'READY';
    this.lastError = null;
    this.partitionsInTransaction.clear();
    if (producerEpoch !== null)
      this.ctx.emit('TransactionEnded', { producer: this.p.name, transactionalId: this.transactionalId, committed: commit, producerEpoch });
    const d = this.completion!;
    this.completion = null;
    d(null);
  }

  /** A produce error of a transactional batch (Sender → TransactionManager.maybeTransitionToErrorState). */
  onProduceError(error: string): void {
    if (this.state === 'FATAL_ERROR') return;
    this.fail(error);
  }
}
