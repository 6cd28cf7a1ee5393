// The transaction APIs' request and response bodies (Kafka's FindCoordinator with key type TRANSACTION,
// InitProducerId, AddPartitionsToTxn, EndTxn, WriteTxnMarkers), trimmed to the fields the simulation uses.
import type { TransactionResult } from './rules/transactionCoordinator';

export const TRANSACTION_STATE_TOPIC = '__transaction_state';

export interface InitProducerIdRequest {
  /** null: an idempotent producer (answered without a transaction coordinator here) */
  transactionalId: string | null;
  transactionTimeoutMs: number;
  /** KIP-360: the id and epoch a producer still holds (-1 / -1 for a new one) */
  producerId: number;
  producerEpoch: number;
  /** the client's id, named in the ProducerIdAssigned event of an idempotent producer (a wire client's) */
  clientId?: string;
}

export interface InitProducerIdResponse {
  error: string | null;
  producerId: number;
  producerEpoch: number;
}

export interface AddPartitionsToTxnRequest {
  transactionalId: string;
  producerId: number;
  producerEpoch: number;
  /** "topic-partition" strings */
  partitions: string[];
  /** v4+: sent by a partition leader for a transaction version 2 producer's first write to the partition (KIP-890) */
  fromBroker?: true;
}

export interface EndTxnRequest {
  transactionalId: string;
  producerId: number;
  producerEpoch: number;
  committed: boolean;
  /** the producer's transaction version (EndTxn v5+ means 2) */
  transactionVersion: 0 | 1 | 2;
}

export interface EndTxnResponse {
  error: string | null;
  /** v5+: the epoch (and id) the producer continues with (TV2 bumps it at each EndTxn) */
  producerId: number;
  producerEpoch: number;
}

/** One entry of WriteTxnMarkers: the marker to append to each listed partition. */
export interface TxnMarkerEntry {
  producerId: number;
  producerEpoch: number;
  coordinatorEpoch: number;
  result: TransactionResult;
  partitions: { topic: string; partition: number }[];
}

export interface WriteTxnMarkersResponse {
  producerId: number;
  partitions: { topic: string; partition: number; error: string | null }[];
}
