/**
 * A transactional id's metadata at its coordinator and the transitions it may prepare, as Kafka's
 * TransactionMetadata (core kafka.coordinator.transaction, trunk 4.0.0-SNAPSHOT): `prepare*` computes the target
 * (TxnTransitMetadata) and sets `pendingState`; the coordinator writes it to `__transaction_state`, then
 * `completeTransition` applies it. Pure: every function returns new objects.
 *
 * Left out: txnLastUpdateTimestamp clock-shift tolerance and the checks that only guard against Kafka's own bugs
 * (completeTransitionTo's "throwStateTransitionFailure" paths are kept as thrown errors).
 */
import { isValidTransition, type TransactionState } from './transactionState';

export const NO_PRODUCER_ID = -1;
export const NO_PRODUCER_EPOCH = -1;
export const SHORT_MAX = 32767;

/** transaction.version: 0/1 keep the epoch for the whole producer session; 2 (KIP-890) bumps it at each EndTxn. */
export type TransactionVersion = 0 | 1 | 2;

export interface TxnMetadata {
  transactionalId: string;
  producerId: number;
  /** producer id of the last committed transaction (kept across a producer id rotation) */
  previousProducerId: number;
  /** the id to switch to once markers are written, after a TV2 epoch overflow */
  nextProducerId: number;
  producerEpoch: number;
  /** the epoch before the last bump, so a retried InitProducerId can be recognised */
  lastProducerEpoch: number;
  txnTimeoutMs: number;
  state: TransactionState;
  /** "topic-partition" strings, sorted */
  topicPartitions: string[];
  txnStartTimestamp: number;
  txnLastUpdateTimestamp: number;
  clientTransactionVersion: TransactionVersion;
  pendingState: TransactionState | null;
  hasFailedEpochFence: boolean;
}

/** TxnTransitMetadata: the target of a prepared transition. */
export interface TxnTransit {
  producerId: number;
  prevProducerId: number;
  nextProducerId: number;
  producerEpoch: number;
  lastProducerEpoch: number;
  txnTimeoutMs: number;
  txnState: TransactionState;
  topicPartitions: string[];
  txnStartTimestamp: number;
  txnLastUpdateTimestamp: number;
  clientTransactionVersion: TransactionVersion;
}

export class IllegalTxnStateError extends Error {}

/** A new transactional id's metadata (TransactionCoordinator.handleInitProducerId, `case None`). */
export function newTxnMetadata(transactionalId: string, producerId: number, txnTimeoutMs: number, now: number): TxnMetadata {
  return {
    transactionalId,
    producerId,
    previousProducerId: NO_PRODUCER_ID,
    nextProducerId: NO_PRODUCER_ID,
    producerEpoch: NO_PRODUCER_EPOCH,
    lastProducerEpoch: NO_PRODUCER_EPOCH,
    txnTimeoutMs,
    state: 'Empty',
    topicPartitions: [],
    txnStartTimestamp: -1,
    txnLastUpdateTimestamp: now,
    clientTransactionVersion: 0,
    pendingState: null,
    hasFailedEpochFence: false,
  };
}

/** TransactionMetadata.isEpochExhausted: Short.MaxValue is kept so the coordinator can always fence. */
export function isEpochExhausted(producerEpoch: number): boolean {
  return producerEpoch >= SHORT_MAX - 1;
}

type Prepared = { metadata: TxnMetadata; transit: TxnTransit };

/** prepareTransitionTo: checks the transition and marks it pending. */
function prepareTransitionTo(
  md: TxnMetadata,
  t: Omit<TxnTransit, 'prevProducerId' | 'nextProducerId' | 'clientTransactionVersion'> & {
    nextProducerId?: number;
    clientTransactionVersion?: TransactionVersion;
  },
): Prepared {
  if (md.pendingState !== null)
    throw new IllegalTxnStateError(`Preparing transaction state transition to ${t.txnState} while it already a pending state ${md.pendingState}`);
  if (t.producerId < 0) throw new IllegalTxnStateError(`Illegal new producer id ${t.producerId}`);
  if (t.txnState !== 'Dead' && t.producerEpoch < 0) throw new IllegalTxnStateError(`Illegal new producer epoch ${t.producerEpoch}`);
  if (!isValidTransition(md.state, t.txnState)) {
    throw new IllegalTxnStateError(
      `Preparing transaction state transition to ${t.txnState} failed since the target state ${t.txnState} is not a valid previous state of the current state ${md.state}`,
    );
  }
  const transit: TxnTransit = {
    ...t,
    topicPartitions: [...t.topicPartitions].sort(),
    prevProducerId: md.producerId,
    nextProducerId: t.nextProducerId ?? NO_PRODUCER_ID,
    clientTransactionVersion: t.clientTransactionVersion ?? 0,
  };
  return { metadata: { ...md, pendingState: t.txnState }, transit };
}

const keep = (md: TxnMetadata) => ({
  producerId: md.producerId,
  txnTimeoutMs: md.txnTimeoutMs,
  topicPartitions: md.topicPartitions,
  txnStartTimestamp: md.txnStartTimestamp,
});

/**
 * prepareIncrementProducerEpoch (InitProducerId on Empty / Complete*): with no expected epoch the epoch is bumped
 * and the last epoch forgotten (-1); with the current epoch (or none yet) both are bumped; with the last epoch it
 * is a retry and nothing moves; any other epoch is PRODUCER_FENCED.
 */
export function prepareIncrementProducerEpoch(
  md: TxnMetadata,
  newTxnTimeoutMs: number,
  expectedProducerEpoch: number | null,
  now: number,
): { error: 'PRODUCER_FENCED' } | ({ error: null } & Prepared) {
  if (isEpochExhausted(md.producerEpoch)) throw new IllegalTxnStateError(`Cannot allocate any more producer epochs for producerId ${md.producerId}`);
  const bumped = md.producerEpoch + 1;
  let next: [number, number];
  if (expectedProducerEpoch === null) next = [bumped, NO_PRODUCER_EPOCH];
  else if (md.producerEpoch === NO_PRODUCER_EPOCH || expectedProducerEpoch === md.producerEpoch) next = [bumped, md.producerEpoch];
  else if (expectedProducerEpoch === md.lastProducerEpoch) next = [md.producerEpoch, md.lastProducerEpoch];
  else return { error: 'PRODUCER_FENCED' };
  return {
    error: null,
    ...prepareTransitionTo(md, {
      producerId: md.producerId,
      producerEpoch: next[0],
      lastProducerEpoch: next[1],
      txnTimeoutMs: newTxnTimeoutMs,
      txnState: 'Empty',
      topicPartitions: [],
      txnStartTimestamp: -1,
      txnLastUpdateTimestamp: now,
    }),
  };
}

/** prepareFenceProducerEpoch (InitProducerId while Ongoing): bump the epoch, unless a previous fence failed to be written. */
export function prepareFenceProducerEpoch(md: TxnMetadata): Prepared {
  if (md.producerEpoch === SHORT_MAX) throw new IllegalTxnStateError('Cannot fence producer with epoch equal to Short.MaxValue since this would overflow');
  const bumpedEpoch = md.hasFailedEpochFence ? md.producerEpoch : md.producerEpoch + 1;
  return prepareTransitionTo(md, {
    ...keep(md),
    producerEpoch: bumpedEpoch,
    lastProducerEpoch: NO_PRODUCER_EPOCH,
    txnState: 'PrepareEpochFence',
    txnLastUpdateTimestamp: md.txnLastUpdateTimestamp,
  });
}

/** prepareProducerIdRotation: a fresh producer id at epoch 0 once the epochs of the old one are exhausted. */
export function prepareProducerIdRotation(md: TxnMetadata, newProducerId: number, newTxnTimeoutMs: number, now: number, recordLastEpoch: boolean): Prepared {
  if (md.state === 'Ongoing' || md.state === 'PrepareAbort' || md.state === 'PrepareCommit') {
    throw new IllegalTxnStateError('Cannot rotate producer ids while a transaction is still pending');
  }
  return prepareTransitionTo(md, {
    producerId: newProducerId,
    producerEpoch: 0,
    lastProducerEpoch: recordLastEpoch ? md.producerEpoch : NO_PRODUCER_EPOCH,
    txnTimeoutMs: newTxnTimeoutMs,
    txnState: 'Empty',
    topicPartitions: [],
    txnStartTimestamp: -1,
    txnLastUpdateTimestamp: now,
  });
}

/** prepareAddPartitions (AddPartitionsToTxn): Ongoing with the union; a new transaction starts its clock. */
export function prepareAddPartitions(md: TxnMetadata, added: readonly string[], now: number): Prepared {
  const start = md.state === 'Empty' || md.state === 'CompleteAbort' || md.state === 'CompleteCommit' ? now : md.txnStartTimestamp;
  return prepareTransitionTo(md, {
    producerId: md.producerId,
    producerEpoch: md.producerEpoch,
    lastProducerEpoch: md.lastProducerEpoch,
    txnTimeoutMs: md.txnTimeoutMs,
    txnState: 'Ongoing',
    topicPartitions: [...new Set([...md.topicPartitions, ...added])],
    txnStartTimestamp: start,
    txnLastUpdateTimestamp: now,
  });
}

/** prepareAbortOrCommit (EndTxn): PrepareCommit / PrepareAbort; TV2 bumps the epoch here (KIP-890). */
export function prepareAbortOrCommit(
  md: TxnMetadata,
  newState: 'PrepareCommit' | 'PrepareAbort',
  tv: TransactionVersion,
  nextProducerId: number,
  now: number,
): Prepared {
  const [epoch, last] = tv >= 2 ? [md.producerEpoch + 1, md.producerEpoch] : [md.producerEpoch, md.lastProducerEpoch];
  return prepareTransitionTo(md, {
    ...keep(md),
    nextProducerId,
    producerEpoch: epoch,
    lastProducerEpoch: last,
    txnState: newState,
    txnLastUpdateTimestamp: now,
    clientTransactionVersion: tv,
  });
}

/** prepareComplete (all markers written): CompleteCommit / CompleteAbort, partitions cleared. */
export function prepareComplete(md: TxnMetadata, now: number): Prepared {
  const newState = md.state === 'PrepareCommit' ? 'CompleteCommit' : 'CompleteAbort';
  const rotate = md.clientTransactionVersion >= 2 && md.nextProducerId !== NO_PRODUCER_ID;
  return prepareTransitionTo(
    { ...md, hasFailedEpochFence: false },
    {
      producerId: rotate ? md.nextProducerId : md.producerId,
      producerEpoch: rotate ? 0 : md.producerEpoch,
      lastProducerEpoch: md.producerEpoch,
      txnTimeoutMs: md.txnTimeoutMs,
      txnState: newState,
      topicPartitions: [],
      txnStartTimestamp: md.txnStartTimestamp,
      txnLastUpdateTimestamp: now,
      clientTransactionVersion: md.clientTransactionVersion,
    },
  );
}

/** completeTransitionTo: after the `__transaction_state` write, apply the transit to the metadata. */
export function completeTransition(md: TxnMetadata, t: TxnTransit): TxnMetadata {
  if (md.pendingState === null)
    throw new IllegalTxnStateError(`TransactionalId ${md.transactionalId} completing transaction state transition while it does not have a pending state`);
  if (md.pendingState !== t.txnState) throw new IllegalTxnStateError(`pending state ${md.pendingState} is not ${t.txnState}`);
  const base = {
    ...md,
    pendingState: null,
    state: t.txnState,
    txnLastUpdateTimestamp: t.txnLastUpdateTimestamp,
    clientTransactionVersion: t.clientTransactionVersion,
  };
  switch (t.txnState) {
    case 'Empty': // from InitProducerId
      return {
        ...base,
        txnTimeoutMs: t.txnTimeoutMs,
        producerEpoch: t.producerEpoch,
        lastProducerEpoch: t.lastProducerEpoch,
        producerId: t.producerId,
        previousProducerId: t.prevProducerId,
      };
    case 'Ongoing': // from AddPartitionsToTxn
      return { ...base, txnStartTimestamp: t.txnStartTimestamp, topicPartitions: [...t.topicPartitions] };
    case 'PrepareCommit':
    case 'PrepareAbort': // from EndTxn
      return t.clientTransactionVersion >= 2
        ? { ...base, producerEpoch: t.producerEpoch, lastProducerEpoch: t.lastProducerEpoch, nextProducerId: t.nextProducerId }
        : base;
    case 'CompleteCommit':
    case 'CompleteAbort': // from the markers
      return t.clientTransactionVersion >= 2
        ? {
            ...base,
            topicPartitions: [],
            txnStartTimestamp: t.txnStartTimestamp,
            producerEpoch: t.producerEpoch,
            lastProducerEpoch: t.lastProducerEpoch,
            previousProducerId: t.prevProducerId,
            producerId: t.producerId,
            nextProducerId: t.nextProducerId,
          }
        : { ...base, topicPartitions: [], txnStartTimestamp: t.txnStartTimestamp };
    case 'PrepareEpochFence':
    case 'Dead':
      throw new IllegalTxnStateError(`TransactionalId ${md.transactionalId} cannot complete a transition to ${t.txnState}`);
  }
}
