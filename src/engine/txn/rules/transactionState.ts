/**
 * The transaction coordinator's state machine, as Kafka's TransactionState (core
 * kafka.coordinator.transaction.TransactionMetadata.scala, trunk 4.0.0-SNAPSHOT): each state lists the states it
 * may be entered from (`validPreviousStates`), its id in the `__transaction_state` records, and whether an idle
 * transactional id may expire in it.
 *
 * Kafka 4.1+ (the Java TransactionState enum) also lets PrepareAbort follow Empty, CompleteCommit and
 * CompleteAbort, for transaction version 2 clients that abort without knowing the coordinator's state;
 * `TV2_ABORT_WHEN_UNSURE` lists them and `validPreviousStates(s, { tv2AbortWhenUnsure: true })` includes them.
 */

export const TRANSACTION_STATES = [
  'Empty',
  'Ongoing',
  'PrepareCommit',
  'PrepareAbort',
  'CompleteCommit',
  'CompleteAbort',
  'Dead',
  'PrepareEpochFence',
] as const;
export type TransactionState = (typeof TRANSACTION_STATES)[number];

/** TransactionState.id: the byte written in TransactionLogValue.TransactionStatus. */
export const TRANSACTION_STATE_ID: Record<TransactionState, number> = {
  Empty: 0,
  Ongoing: 1,
  PrepareCommit: 2,
  PrepareAbort: 3,
  CompleteCommit: 4,
  CompleteAbort: 5,
  Dead: 6,
  PrepareEpochFence: 7,
};

const VALID_PREVIOUS: Record<TransactionState, readonly TransactionState[]> = {
  // AddPartitionsToTxn / AddOffsetsToTxn start a transaction from Empty or a completed one
  Empty: ['Empty', 'CompleteCommit', 'CompleteAbort'],
  Ongoing: ['Ongoing', 'Empty', 'CompleteCommit', 'CompleteAbort'],
  // EndTxn(COMMIT)
  PrepareCommit: ['Ongoing'],
  // EndTxn(ABORT), a timed-out transaction, or InitProducerId fencing an ongoing transaction
  PrepareAbort: ['Ongoing', 'PrepareEpochFence'],
  // the markers of every partition were written (WriteTxnMarkers acknowledged)
  CompleteCommit: ['PrepareCommit'],
  CompleteAbort: ['PrepareAbort'],
  // transactional.id.expiration.ms passed with no transaction
  Dead: ['Empty', 'CompleteAbort', 'CompleteCommit'],
  // InitProducerId while a transaction is ongoing: bump the epoch, then abort
  PrepareEpochFence: ['Ongoing'],
};

export const TV2_ABORT_WHEN_UNSURE: readonly TransactionState[] = ['Empty', 'CompleteCommit', 'CompleteAbort'];

export function validPreviousStates(state: TransactionState, opts: { tv2AbortWhenUnsure?: boolean } = {}): readonly TransactionState[] {
  if (state === 'PrepareAbort' && opts.tv2AbortWhenUnsure) return [...VALID_PREVIOUS.PrepareAbort, ...TV2_ABORT_WHEN_UNSURE];
  return VALID_PREVIOUS[state];
}

/** TransactionMetadata.prepareTransitionTo's check: `updatedState.validPreviousStates.contains(state)`. */
export function isValidTransition(from: TransactionState, to: TransactionState, opts: { tv2AbortWhenUnsure?: boolean } = {}): boolean {
  return validPreviousStates(to, opts).includes(from);
}

/** TransactionState.isExpirationAllowed */
export function isExpirationAllowed(state: TransactionState): boolean {
  return state === 'Empty' || state === 'CompleteCommit' || state === 'CompleteAbort';
}

/** TransactionState.fromId */
export function transactionStateFromId(id: number): TransactionState {
  const s = TRANSACTION_STATES.find((n) => TRANSACTION_STATE_ID[n] === id);
  if (!s) throw new Error(`Unknown transaction state id ${id} from the transaction status message`);
  return s;
}
