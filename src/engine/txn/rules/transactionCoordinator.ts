/**
 * The transaction coordinator's request handling as pure decisions, after Kafka's TransactionCoordinator
 * (core kafka.coordinator.transaction, trunk 4.0.0-SNAPSHOT): handleInitProducerId (prepareInitProducerIdTransit),
 * handleAddPartitionsToTransaction, handleEndTransaction (endTransaction and its sendTxnMarkersCallback).
 * Each handler reads the transactional id's metadata and returns either an error for the client or a prepared
 * transition that the coordinator must write to `__transaction_state` before completing it
 * (transactionMetadata.completeTransition). The engine owns the log write, the coordinator epoch and the
 * WriteTxnMarkers requests; these functions own every check Kafka makes.
 *
 * Left out: coordinator loading/NOT_COORDINATOR (the engine checks that it leads the partition), the
 * verification-only AddPartitionsToTxn (KIP-890 part 1), transaction expiration.
 */
import {
  completeTransition,
  isEpochExhausted,
  NO_PRODUCER_EPOCH,
  NO_PRODUCER_ID,
  prepareAbortOrCommit,
  prepareAddPartitions,
  prepareComplete,
  prepareFenceProducerEpoch,
  prepareIncrementProducerEpoch,
  prepareProducerIdRotation,
  newTxnMetadata,
  SHORT_MAX,
  type TransactionVersion,
  type TxnMetadata,
  type TxnTransit,
} from './transactionMetadata';

/** TransactionStateManagerConfig.TRANSACTIONS_MAX_TIMEOUT_MS_DEFAULT (15 minutes) */
export const TRANSACTION_MAX_TIMEOUT_MS_DEFAULT = 15 * 60 * 1000;

export type TxnCoordinatorError =
  'INVALID_REQUEST' | 'INVALID_TRANSACTION_TIMEOUT' | 'CONCURRENT_TRANSACTIONS' | 'PRODUCER_FENCED' | 'INVALID_PRODUCER_ID_MAPPING' | 'INVALID_TXN_STATE';

export type TransactionResult = 'COMMIT' | 'ABORT';

/** A transition to write to `__transaction_state`; on success apply `completeTransition(metadata, transit)`. */
export interface AppendTransit {
  kind: 'append';
  metadata: TxnMetadata;
  transit: TxnTransit;
}

export type Decision<Extra = object> = { kind: 'error'; error: TxnCoordinatorError } | (AppendTransit & Extra);

export interface InitProducerIdRequest {
  transactionalId: string | null;
  transactionTimeoutMs: number;
  /** KIP-360: the producer id and epoch a producer recovering from an error still holds */
  expected?: { producerId: number; producerEpoch: number } | null;
}

export type InitProducerIdDecision =
  | { kind: 'error'; error: TxnCoordinatorError }
  /** no transactional id: an idempotent producer gets a fresh id at epoch 0, nothing is written */
  | { kind: 'idempotent'; producerId: number; producerEpoch: 0 }
  /** write, then answer with transit.producerId / transit.producerEpoch */
  | (AppendTransit & { usedNewProducerId: boolean })
  /** an ongoing transaction must be aborted first: write the abort, answer CONCURRENT_TRANSACTIONS (the client retries) */
  | (Omit<AppendTransit, 'kind'> & { kind: 'fenceThenAbort'; usedNewProducerId: boolean });

/**
 * handleInitProducerId + prepareInitProducerIdTransit. `newProducerId` is the id the ProducerIdManager would hand
 * out if one is needed (new transactional id, or epochs exhausted); `usedNewProducerId` says whether it was.
 */
export function handleInitProducerId(
  current: TxnMetadata | null,
  req: InitProducerIdRequest,
  ctx: { newProducerId: number; now: number; maxTimeoutMs?: number; serverTransactionVersion?: TransactionVersion },
): InitProducerIdDecision {
  if (req.transactionalId === null) return { kind: 'idempotent', producerId: ctx.newProducerId, producerEpoch: 0 };
  if (req.transactionalId === '') return { kind: 'error', error: 'INVALID_REQUEST' };
  if (req.transactionTimeoutMs <= 0 || req.transactionTimeoutMs > (ctx.maxTimeoutMs ?? TRANSACTION_MAX_TIMEOUT_MS_DEFAULT))
    return { kind: 'error', error: 'INVALID_TRANSACTION_TIMEOUT' };
  let used = current === null;
  const md = current ?? newTxnMetadata(req.transactionalId, ctx.newProducerId, req.transactionTimeoutMs, ctx.now);
  const expected = req.expected ?? null;
  // fence unless: the metadata was just created, the expected id is the current one, or it is the previous one
  // with its epochs exhausted (a retry after a rotation whose answer was lost)
  const validProducerId =
    expected === null ||
    md.producerEpoch === NO_PRODUCER_EPOCH ||
    expected.producerId === md.producerId ||
    (expected.producerId === md.previousProducerId && isEpochExhausted(expected.producerEpoch));
  if (md.pendingState !== null) return { kind: 'error', error: 'CONCURRENT_TRANSACTIONS' };
  if (!validProducerId) return { kind: 'error', error: 'PRODUCER_FENCED' };
  switch (md.state) {
    case 'PrepareAbort':
    case 'PrepareCommit':
      return { kind: 'error', error: 'CONCURRENT_TRANSACTIONS' };
    case 'CompleteAbort':
    case 'CompleteCommit':
    case 'Empty': {
      if (isEpochExhausted(md.producerEpoch) && (expected === null || expected.producerEpoch === md.producerEpoch)) {
        used = true;
        return {
          kind: 'append',
          ...prepareProducerIdRotation(md, ctx.newProducerId, req.transactionTimeoutMs, ctx.now, expected !== null),
          usedNewProducerId: used,
        };
      }
      const r = prepareIncrementProducerEpoch(md, req.transactionTimeoutMs, expected?.producerEpoch ?? null, ctx.now);
      if (r.error) return { kind: 'error', error: r.error };
      return { kind: 'append', metadata: r.metadata, transit: r.transit, usedNewProducerId: used };
    }
    case 'Ongoing': {
      // bump the epoch (never returned to anyone), abort the transaction with it, let the client retry
      const fenced = prepareFenceProducerEpoch(md);
      const abort = handleEndTxn(
        fenced.metadata,
        // "Since this is not from client, use server TV"
        {
          producerId: fenced.transit.producerId,
          producerEpoch: fenced.transit.producerEpoch,
          result: 'ABORT',
          isFromClient: false,
          clientTransactionVersion: ctx.serverTransactionVersion ?? 0,
        },
        { now: ctx.now, newProducerId: ctx.newProducerId },
      );
      if (abort.kind === 'error') return abort;
      if (abort.kind !== 'append') throw new Error(`fencing an ongoing transaction gave ${abort.kind}`);
      return { kind: 'fenceThenAbort', metadata: abort.metadata, transit: abort.transit, usedNewProducerId: used };
    }
    case 'Dead':
    case 'PrepareEpochFence':
      throw new Error(
        `Found transactionalId ${req.transactionalId} with state ${md.state}. This is illegal as we should never have transitioned to this state.`,
      );
  }
}

/** handleAddPartitionsToTransaction: the producer's id and epoch must match; nothing is written when all are in. */
export function handleAddPartitionsToTxn(
  md: TxnMetadata | null,
  req: { transactionalId: string; producerId: number; producerEpoch: number; partitions: readonly string[] },
  now: number,
): Decision | { kind: 'none' } {
  if (!req.transactionalId) return { kind: 'error', error: 'INVALID_REQUEST' };
  if (md === null || md.producerId !== req.producerId) return { kind: 'error', error: 'INVALID_PRODUCER_ID_MAPPING' };
  if (md.producerEpoch !== req.producerEpoch) return { kind: 'error', error: 'PRODUCER_FENCED' };
  if (md.pendingState !== null) return { kind: 'error', error: 'CONCURRENT_TRANSACTIONS' };
  if (md.state === 'PrepareCommit' || md.state === 'PrepareAbort') return { kind: 'error', error: 'CONCURRENT_TRANSACTIONS' };
  if (md.state === 'Ongoing' && req.partitions.every((p) => md.topicPartitions.includes(p))) return { kind: 'none' };
  return { kind: 'append', ...prepareAddPartitions(md, req.partitions, now) };
}

export interface EndTxnRequest {
  producerId: number;
  producerEpoch: number;
  result: TransactionResult;
  /** false when the coordinator aborts on its own (fencing, timeout): epoch checks are looser */
  isFromClient: boolean;
  clientTransactionVersion: TransactionVersion;
}

/** endTxnEpochBumped: a TV2 retry of an EndTxn whose epoch bump was already written. */
function endTxnEpochBumped(md: TxnMetadata, producerEpoch: number): boolean {
  return md.pendingState !== 'PrepareEpochFence' && md.clientTransactionVersion >= 2 && md.producerEpoch === producerEpoch + 1;
}

/**
 * endTransaction, up to the `__transaction_state` write of PrepareCommit / PrepareAbort. `kind: 'none'` answers the
 * client at once (a retried EndTxn of a transaction already complete). After the write, call
 * `markersToWrite` for the WriteTxnMarkers to send.
 */
export function handleEndTxn(
  mdIn: TxnMetadata | null,
  req: EndTxnRequest,
  ctx: { now: number; newProducerId: number },
): Decision<{ isEpochFence: boolean; usedNewProducerId: boolean }> | { kind: 'none'; producerId: number; producerEpoch: number } {
  if (mdIn === null) return { kind: 'error', error: 'INVALID_PRODUCER_ID_MAPPING' };
  let md = mdIn;
  const v2 = md.pendingState !== 'PrepareEpochFence' && md.clientTransactionVersion >= 2;
  const retryOnOverflow = v2 && md.previousProducerId === req.producerId && req.producerEpoch === SHORT_MAX - 1 && md.producerEpoch === 0;
  const retryOnEpochBump = endTxnEpochBumped(md, req.producerEpoch);
  let isValidEpoch: boolean;
  if (v2) {
    switch (md.state) {
      case 'Ongoing':
      case 'Empty':
      case 'Dead':
      case 'PrepareEpochFence':
        isValidEpoch = req.producerEpoch === md.producerEpoch;
        break;
      case 'PrepareCommit':
      case 'PrepareAbort':
        isValidEpoch = retryOnEpochBump;
        break;
      case 'CompleteCommit':
      case 'CompleteAbort':
        isValidEpoch = retryOnEpochBump || retryOnOverflow;
        break;
    }
  } else {
    // transactions V1: a client's epoch must equal the coordinator's; the coordinator's own abort may be newer
    isValidEpoch = (!req.isFromClient || req.producerEpoch === md.producerEpoch) && req.producerEpoch >= md.producerEpoch;
  }
  if (md.producerId !== req.producerId && !retryOnOverflow) return { kind: 'error', error: 'INVALID_PRODUCER_ID_MAPPING' };
  if (!isValidEpoch) return { kind: 'error', error: 'PRODUCER_FENCED' };
  if (md.pendingState !== null && md.pendingState !== 'PrepareEpochFence') return { kind: 'error', error: 'CONCURRENT_TRANSACTIONS' };
  const done = { kind: 'none' as const, producerId: md.producerId, producerEpoch: md.producerEpoch };
  switch (md.state) {
    case 'Ongoing': {
      const nextState = req.result === 'COMMIT' ? 'PrepareCommit' : 'PrepareAbort';
      let nextProducerId = NO_PRODUCER_ID;
      let usedNewProducerId = false;
      if (req.clientTransactionVersion >= 2 && md.pendingState !== 'PrepareEpochFence' && isEpochExhausted(md.producerEpoch)) {
        nextProducerId = ctx.newProducerId;
        usedNewProducerId = true;
      }
      let isEpochFence = false;
      if (nextState === 'PrepareAbort' && md.pendingState === 'PrepareEpochFence') {
        // the fence's bumped epoch becomes the metadata's epoch as the abort is prepared
        isEpochFence = true;
        md = { ...md, pendingState: null, producerEpoch: req.producerEpoch, lastProducerEpoch: NO_PRODUCER_EPOCH };
      }
      return { kind: 'append', ...prepareAbortOrCommit(md, nextState, req.clientTransactionVersion, nextProducerId, ctx.now), isEpochFence, usedNewProducerId };
    }
    case 'CompleteCommit':
      return req.result === 'COMMIT' ? done : { kind: 'error', error: 'INVALID_TXN_STATE' };
    case 'CompleteAbort':
      return req.result === 'ABORT' ? done : { kind: 'error', error: 'INVALID_TXN_STATE' };
    case 'PrepareCommit':
      return { kind: 'error', error: req.result === 'COMMIT' ? 'CONCURRENT_TRANSACTIONS' : 'INVALID_TXN_STATE' };
    case 'PrepareAbort':
      return { kind: 'error', error: req.result === 'ABORT' ? 'CONCURRENT_TRANSACTIONS' : 'INVALID_TXN_STATE' };
    case 'Empty':
      return { kind: 'error', error: 'INVALID_TXN_STATE' };
    case 'Dead':
    case 'PrepareEpochFence':
      throw new Error(
        `Found transactionalId ${md.transactionalId} with state ${md.state}. This is illegal as we should never have transitioned to this state.`,
      );
  }
}

/** One WriteTxnMarkers entry: the marker each partition leader appends (TransactionMarkerChannelManager). */
export interface TxnMarkersToWrite {
  producerId: number;
  producerEpoch: number;
  coordinatorEpoch: number;
  result: TransactionResult;
  partitions: string[];
}

/**
 * sendTxnMarkersCallback, after PrepareCommit / PrepareAbort was written and completed: answer the client NONE
 * with the metadata's producer id and epoch, send one marker per partition with that id and epoch, and prepare
 * CompleteCommit / CompleteAbort (written once every marker is acknowledged).
 */
export function markersToWrite(
  md: TxnMetadata,
  req: { producerId: number; producerEpoch: number; result: TransactionResult },
  coordinatorEpoch: number,
  now: number,
): { kind: 'error'; error: TxnCoordinatorError } | (AppendTransit & { markers: TxnMarkersToWrite; response: { producerId: number; producerEpoch: number } }) {
  if (md.producerId !== req.producerId) return { kind: 'error', error: 'INVALID_PRODUCER_ID_MAPPING' };
  if (md.producerEpoch !== req.producerEpoch && !endTxnEpochBumped(md, req.producerEpoch)) return { kind: 'error', error: 'PRODUCER_FENCED' };
  if (md.pendingState !== null) return { kind: 'error', error: 'CONCURRENT_TRANSACTIONS' };
  const expected = req.result === 'COMMIT' ? 'PrepareCommit' : 'PrepareAbort';
  if (md.state !== expected) return { kind: 'error', error: 'INVALID_TXN_STATE' };
  const markers: TxnMarkersToWrite = {
    producerId: md.producerId,
    producerEpoch: md.producerEpoch,
    coordinatorEpoch,
    result: req.result,
    partitions: [...md.topicPartitions],
  };
  return { kind: 'append', ...prepareComplete(md, now), markers, response: { producerId: md.producerId, producerEpoch: md.producerEpoch } };
}

/** Applies a decision's transit after its successful write (TransactionMetadata.completeTransitionTo). */
export function applyTransit(d: AppendTransit): TxnMetadata {
  return completeTransition(d.metadata, d.transit);
}
