// Control records (Kafka 0.11+, KIP-98): the COMMIT and ABORT markers a transaction coordinator writes into every
// partition of a transaction, as Kafka's ControlRecordType, EndTransactionMarker and
// MemoryRecords.writeEndTransactionalMarker lay them out:
//   batch: attributes bit 4 (transactional) and bit 5 (control), the producer's id and epoch, baseSequence -1,
//          no compression, CreateTime, exactly one record, so a marker takes exactly one offset;
//   record key   (4 bytes): version int16 (0) + type int16 (ABORT 0, COMMIT 1);
//   record value (6 bytes): version int16 (0) + coordinatorEpoch int32.
// A marker batch is 61 + 17 = 78 bytes (DefaultRecordBatch.RECORD_BATCH_OVERHEAD +
// EndTransactionMarker.CURRENT_END_TXN_SCHEMA_RECORD_SIZE). Control records are never returned to applications.
import { readInt16, readInt32, writeInt16, writeInt32 } from './bytes';
import { encodeRecordBatch, type DecodedBatch, type DecodedRecord, type EncodeScratch } from './recordBatch';

/** ControlRecordType ids (ControlRecordType.java); 2..6 are KRaft's own control records. */
export const CONTROL_RECORD_TYPES = {
  ABORT: 0,
  COMMIT: 1,
  LEADER_CHANGE: 2,
  SNAPSHOT_HEADER: 3,
  SNAPSHOT_FOOTER: 4,
  KRAFT_VERSION: 5,
  KRAFT_VOTERS: 6,
} as const;
export type ControlRecordType = keyof typeof CONTROL_RECORD_TYPES | 'UNKNOWN';
export type TxnMarkerType = 'COMMIT' | 'ABORT';

export const CONTROL_RECORD_KEY_SIZE = 4; // ControlRecordType.CURRENT_CONTROL_RECORD_KEY_SIZE
export const END_TXN_MARKER_VALUE_SIZE = 6; // EndTransactionMarker.CURRENT_END_TXN_MARKER_VALUE_SIZE
export const END_TXN_MARKER_BATCH_SIZE = 78; // RECORD_BATCH_OVERHEAD (61) + CURRENT_END_TXN_SCHEMA_RECORD_SIZE (17)

export class InvalidControlRecordError extends Error {
  readonly code = 'INVALID_RECORD';
}

/** ControlRecordType.fromTypeId: an id Kafka does not know is UNKNOWN (and ignored by clients). */
export function controlTypeFromId(id: number): ControlRecordType {
  for (const [name, v] of Object.entries(CONTROL_RECORD_TYPES)) if (v === id) return name as ControlRecordType;
  return 'UNKNOWN';
}

/** ControlRecordType.recordKey(): version 0 + type. */
export function encodeControlRecordKey(type: Exclude<ControlRecordType, 'UNKNOWN'>): Uint8Array {
  const key = new Uint8Array(CONTROL_RECORD_KEY_SIZE);
  writeInt16(key, 0, 0);
  writeInt16(key, 2, CONTROL_RECORD_TYPES[type]);
  return key;
}

/** ControlRecordType.parse(key): at least 4 bytes and a non-negative version; newer versions parse as version 0. */
export function parseControlRecordKey(key: Uint8Array | null): ControlRecordType {
  if (key === null || key.length < CONTROL_RECORD_KEY_SIZE) {
    throw new InvalidControlRecordError(`control record key must have at least ${CONTROL_RECORD_KEY_SIZE} bytes, found ${key?.length ?? 'null'}`);
  }
  const version = readInt16(key, 0);
  if (version < 0) throw new InvalidControlRecordError(`invalid control record key version ${version}`);
  return controlTypeFromId(readInt16(key, 2));
}

/** EndTransactionMarker.serializeValue(): version 0 + coordinatorEpoch. */
export function encodeEndTxnMarkerValue(coordinatorEpoch: number): Uint8Array {
  const value = new Uint8Array(END_TXN_MARKER_VALUE_SIZE);
  writeInt16(value, 0, 0);
  writeInt32(value, 2, coordinatorEpoch);
  return value;
}

export interface EndTxnMarker {
  type: TxnMarkerType;
  coordinatorEpoch: number;
}

/** EndTransactionMarker.deserialize(record): the key must say COMMIT or ABORT, the value hold 6+ bytes. */
export function decodeEndTxnMarker(key: Uint8Array | null, value: Uint8Array | null): EndTxnMarker {
  const type = parseControlRecordKey(key);
  if (type !== 'COMMIT' && type !== 'ABORT') throw new InvalidControlRecordError(`control record type ${type} is not a transaction marker`);
  if (value === null || value.length < END_TXN_MARKER_VALUE_SIZE) {
    throw new InvalidControlRecordError(`end transaction marker value must have at least ${END_TXN_MARKER_VALUE_SIZE} bytes, found ${value?.length ?? 'null'}`);
  }
  const version = readInt16(value, 0);
  if (version < 0) throw new InvalidControlRecordError(`invalid end transaction marker version ${version}`);
  return { type, coordinatorEpoch: readInt32(value, 2) };
}

export interface EndTxnMarkerBatchInput {
  baseOffset: number;
  type: TxnMarkerType;
  producerId: number;
  producerEpoch: number;
  coordinatorEpoch: number;
  timestamp: number;
  /** stamped by the partition leader on append; -1 before */
  partitionLeaderEpoch?: number;
}

/** MemoryRecords.withEndTransactionMarker: one control batch holding one marker record. */
export function encodeEndTxnMarkerBatch(m: EndTxnMarkerBatchInput, scratch?: EncodeScratch): Uint8Array {
  if (m.producerId < 0) throw new RangeError('an end transaction marker requires a valid producerId');
  return encodeRecordBatch(
    {
      baseOffset: m.baseOffset,
      partitionLeaderEpoch: m.partitionLeaderEpoch ?? -1,
      transactional: true,
      control: true,
      producerId: m.producerId,
      producerEpoch: m.producerEpoch,
      baseSequence: -1, // RecordBatch.NO_SEQUENCE
      records: [{ key: encodeControlRecordKey(m.type), value: encodeEndTxnMarkerValue(m.coordinatorEpoch), timestamp: m.timestamp }],
    },
    scratch,
  );
}

/** What a control batch says, for inspection: its marker, or the type of another control record. */
export interface ControlBatchInfo {
  type: ControlRecordType;
  /** for COMMIT / ABORT */
  coordinatorEpoch: number | null;
}

export function controlRecordInfo(r: DecodedRecord): ControlBatchInfo {
  const type = parseControlRecordKey(r.key);
  if (type === 'COMMIT' || type === 'ABORT') return { type, coordinatorEpoch: decodeEndTxnMarker(r.key, r.value).coordinatorEpoch };
  return { type, coordinatorEpoch: null };
}

/** The marker of a decoded batch, or null when it is not a transaction-marker control batch
 * (an empty control batch is what the cleaner leaves of a removed transaction: ProducerAppendInfo.append). */
export function endTxnMarkerOf(b: DecodedBatch): EndTxnMarker | null {
  if (!b.control || b.records.length === 0) return null;
  const type = parseControlRecordKey(b.records[0].key);
  if (type !== 'COMMIT' && type !== 'ABORT') return null;
  return decodeEndTxnMarker(b.records[0].key, b.records[0].value);
}
