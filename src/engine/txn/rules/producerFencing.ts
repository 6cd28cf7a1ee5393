/**
 * Producer epochs at a partition leader, and what the Java producer makes of the errors (Kafka 3.x/4.0):
 * - ProducerAppendInfo.checkProducerEpoch: a batch or marker with an epoch below the last one seen for its producer
 *   id is refused with INVALID_PRODUCER_EPOCH (since 2.7, KIP-588, instead of PRODUCER_FENCED); followers
 *   (AppendOrigin.REPLICATION) only log it.
 * - ProducerAppendInfo.checkCoordinatorEpoch: a marker from a coordinator epoch below the last one seen is
 *   TRANSACTION_COORDINATOR_FENCED (a zombie coordinator).
 * - TransactionManager.maybeTransitionToErrorState: PRODUCER_FENCED (from the coordinator: InitProducerId,
 *   AddPartitionsToTxn, EndTxn) is fatal — the application must close the producer; any other error of a
 *   transactional producer, INVALID_PRODUCER_EPOCH included, is abortable — it must abort the transaction, and the
 *   abort's EndTxn then meets the coordinator's epoch check.
 */

export type AppendOrigin = 'CLIENT' | 'COORDINATOR' | 'REPLICATION';
export const NO_EPOCH = -1;

export function checkProducerEpoch(lastSeenEpoch: number, batchEpoch: number, origin: AppendOrigin): 'INVALID_PRODUCER_EPOCH' | null {
  if (batchEpoch < lastSeenEpoch && origin !== 'REPLICATION') return 'INVALID_PRODUCER_EPOCH';
  return null;
}

export function checkCoordinatorEpoch(
  lastSeenCoordinatorEpoch: number,
  markerCoordinatorEpoch: number,
  origin: AppendOrigin,
): 'TRANSACTION_COORDINATOR_FENCED' | null {
  if (lastSeenCoordinatorEpoch > markerCoordinatorEpoch && origin !== 'REPLICATION') return 'TRANSACTION_COORDINATOR_FENCED';
  return null;
}

/** The producer state a partition keeps per producer id (ProducerStateEntry): epoch and coordinator epoch. */
export interface ProducerEpochEntry {
  producerEpoch: number;
  coordinatorEpoch: number;
}

/**
 * ProducerAppendInfo.appendEndTxnMarker's checks and update: epoch first, then coordinator epoch; on success the
 * entry takes the marker's epoch and coordinator epoch (ProducerStateEntry.update).
 */
export function appendMarkerToEntry(
  entry: ProducerEpochEntry | null,
  marker: { producerEpoch: number; coordinatorEpoch: number },
  origin: AppendOrigin,
): { error: 'INVALID_PRODUCER_EPOCH' | 'TRANSACTION_COORDINATOR_FENCED' } | { error: null; entry: ProducerEpochEntry } {
  const current = entry ?? { producerEpoch: NO_EPOCH, coordinatorEpoch: -1 };
  const e1 = checkProducerEpoch(current.producerEpoch, marker.producerEpoch, origin);
  if (e1) return { error: e1 };
  const e2 = checkCoordinatorEpoch(current.coordinatorEpoch, marker.coordinatorEpoch, origin);
  if (e2) return { error: e2 };
  return { error: null, entry: { producerEpoch: marker.producerEpoch, coordinatorEpoch: marker.coordinatorEpoch } };
}

export type ProducerErrorKind = 'fatal' | 'abortable';

/** TransactionManager.maybeTransitionToErrorState for a transactional producer. */
export function transactionalErrorKind(error: string): ProducerErrorKind {
  return error === 'PRODUCER_FENCED' ||
    error === 'TRANSACTIONAL_ID_AUTHORIZATION_FAILED' ||
    error === 'CLUSTER_AUTHORIZATION_FAILED' ||
    error === 'UNSUPPORTED_VERSION'
    ? 'fatal'
    : 'abortable';
}
