// The transaction bookkeeping of one partition's log, as pure functions over batch headers: which transactions
// are open, which are complete but whose marker is still above the high watermark, what an ABORT marker writes
// to the .txnindex, and the last stable offset. Follows Kafka's ProducerStateManager (ongoingTxns,
// unreplicatedTxns, firstUnstableOffset, lastStableOffset(CompletedTxn), completeTxn, onHighWatermarkUpdated),
// ProducerAppendInfo.append / appendDataBatch / appendEndTxnMarker, and UnifiedLog.append / lastStableOffset /
// maybeIncrementFirstUnstableOffset (Kafka 3.x/4.0, storage module).
// Not modelled here: producer epochs and sequences (checked by the broker before the append), snapshots.
import type { AbortedTxn } from '../format/transactionIndex';
import type { TxnMarkerType } from '../format/controlRecord';

/** The parts of a RecordBatch header (and, for a control batch, its marker) that transactions depend on. */
export interface TxnBatchView {
  baseOffset: number;
  lastOffset: number;
  producerId: number; // -1: not idempotent, never part of a transaction
  transactional: boolean;
  control: boolean;
  /** the control batch's marker; null for data batches or a control batch emptied by the cleaner */
  marker: TxnMarkerType | null;
}

/** CompletedTxn: a transaction whose marker was just appended. */
export interface CompletedTxn {
  producerId: number;
  firstOffset: number;
  /** offset of the COMMIT/ABORT marker */
  lastOffset: number;
  isAborted: boolean;
}

interface TxnEntry {
  producerId: number;
  firstOffset: number;
  lastOffset: number | null;
}

export interface TxnLogState {
  /** ProducerStateManager.ongoingTxns: open transactions, sorted by first offset */
  ongoing: readonly TxnEntry[];
  /** ProducerStateManager.unreplicatedTxns: decided transactions whose marker is at or above the HW */
  unreplicated: readonly TxnEntry[];
}

export const EMPTY_TXN_STATE: TxnLogState = { ongoing: [], unreplicated: [] };

export class InvalidTxnStateError extends Error {
  readonly code = 'INVALID_TXN_STATE';
}

export interface AppendResult {
  state: TxnLogState;
  /** the transaction this batch completed (a marker of a non-empty transaction), with the LSO to index it with */
  completed: (CompletedTxn & { lastStableOffset: number }) | null;
  /** what UnifiedLog.append writes to the segment's .txnindex (LogSegment.updateTxnIndex: aborted ones only) */
  abortedTxn: AbortedTxn | null;
}

function sortByFirst(list: TxnEntry[]): TxnEntry[] {
  return list.sort((a, b) => a.firstOffset - b.firstOffset);
}

/**
 * One batch appended to the log (leader append or follower replication alike). A transactional data batch of a
 * producer with no open transaction begins one at its base offset; a non-transactional batch while one is open
 * is INVALID_TXN_STATE; a marker closes the producer's open transaction (a marker with none open — an empty
 * transaction — changes nothing: "Only emit the CompletedTxn for non-empty transactions").
 */
export function appendBatchToTxnState(state: TxnLogState, b: TxnBatchView): AppendResult {
  if (b.producerId < 0) return { state, completed: null, abortedTxn: null };
  const open = state.ongoing.find((t) => t.producerId === b.producerId);
  if (!b.control) {
    if (open && !b.transactional) {
      throw new InvalidTxnStateError(`Expected transactional write from producer ${b.producerId} at offset ${b.baseOffset}`);
    }
    if (!open && b.transactional) {
      return {
        state: { ...state, ongoing: sortByFirst([...state.ongoing, { producerId: b.producerId, firstOffset: b.baseOffset, lastOffset: null }]) },
        completed: null,
        abortedTxn: null,
      };
    }
    return { state, completed: null, abortedTxn: null };
  }
  if (b.marker === null || !open) return { state, completed: null, abortedTxn: null };
  const completed: CompletedTxn = { producerId: b.producerId, firstOffset: open.firstOffset, lastOffset: b.baseOffset, isAborted: b.marker === 'ABORT' };
  // ProducerStateManager.lastStableOffset(completedTxn): the first open transaction of ANOTHER producer, else
  // just past the marker; computed before the transaction leaves ongoingTxns.
  const nextIncomplete = state.ongoing.find((t) => t.producerId !== b.producerId);
  const lastStableOffset = nextIncomplete ? nextIncomplete.firstOffset : completed.lastOffset + 1;
  // completeTxn: from ongoingTxns to unreplicatedTxns until the HW passes the marker
  const next: TxnLogState = {
    ongoing: state.ongoing.filter((t) => t !== open),
    unreplicated: sortByFirst([...state.unreplicated, { producerId: open.producerId, firstOffset: open.firstOffset, lastOffset: completed.lastOffset }]),
  };
  const abortedTxn = completed.isAborted
    ? { producerId: completed.producerId, firstOffset: completed.firstOffset, lastOffset: completed.lastOffset, lastStableOffset }
    : null;
  return { state: next, completed: { ...completed, lastStableOffset }, abortedTxn };
}

/** Replays batches in log order (what a log load or a follower does); returns the state and the .txnindex entries. */
export function replayTxnState(
  batches: Iterable<TxnBatchView>,
  from: TxnLogState = EMPTY_TXN_STATE,
): { state: TxnLogState; aborted: AbortedTxn[]; completed: CompletedTxn[] } {
  let state = from;
  const aborted: AbortedTxn[] = [];
  const completed: CompletedTxn[] = [];
  for (const b of batches) {
    const r = appendBatchToTxnState(state, b);
    state = r.state;
    if (r.abortedTxn) aborted.push(r.abortedTxn);
    if (r.completed)
      completed.push({
        producerId: r.completed.producerId,
        firstOffset: r.completed.firstOffset,
        lastOffset: r.completed.lastOffset,
        isAborted: r.completed.isAborted,
      });
  }
  return { state, aborted, completed };
}

/** ProducerStateManager.onHighWatermarkUpdated → removeUnreplicatedTransactions: markers below the HW are replicated. */
export function onHighWatermarkUpdated(state: TxnLogState, highWatermark: number): TxnLogState {
  const kept = state.unreplicated.filter((t) => !(t.lastOffset !== null && t.lastOffset < highWatermark));
  return kept.length === state.unreplicated.length ? state : { ...state, unreplicated: kept };
}

/**
 * ProducerStateManager.firstUnstableOffset: the first offset of the earliest transaction that is undecided (open)
 * or decided but not yet replicated (its marker at or above the HW); null when there is none.
 */
export function firstUnstableOffset(state: TxnLogState): number | null {
  const undecided = state.ongoing.length ? state.ongoing[0].firstOffset : null;
  const unreplicated = state.unreplicated.length ? state.unreplicated[0].firstOffset : null;
  if (unreplicated === null) return undecided;
  if (undecided === null) return unreplicated;
  return undecided < unreplicated ? undecided : unreplicated;
}

/** ProducerStateManager.firstUndecidedOffset: the first offset of the earliest open transaction (replication aside). */
export function firstUndecidedOffset(state: TxnLogState): number | null {
  return state.ongoing.length ? state.ongoing[0].firstOffset : null;
}

/**
 * UnifiedLog.lastStableOffset: the first unstable offset when it is below the high watermark, else the high
 * watermark (the LSO never passes the HW). UnifiedLog.maybeIncrementFirstUnstableOffset raises the first unstable
 * offset to the log start offset when retention deleted the start of a transaction.
 */
export function lastStableOffset(state: TxnLogState, highWatermark: number, logStartOffset = 0): number {
  // the HW update drops the replicated markers first (UnifiedLog.updateHighWatermark → onHighWatermarkUpdated)
  const fuo = firstUnstableOffset(onHighWatermarkUpdated(state, highWatermark));
  if (fuo === null) return highWatermark;
  const first = Math.max(fuo, logStartOffset);
  return first < highWatermark ? first : highWatermark;
}
