// Kafka's LogValidator for a batch a client sent (Produce v3+, magic 2): exactly one batch per partition, a valid
// CRC and records, offset deltas 0..n-1, no control batch from a client. The leader then keeps the producer's own
// bytes (UnifiedLog.appendBatchAsLeader stamps the offset and leader epoch; a transactional batch opens or extends
// its producer's transaction there). Where the simulator stops short of Kafka: a codec it cannot decompress
// (snappy, lz4, zstd) is refused.
import { decodeRecordBatch, CorruptRecordError, CODECS, COMPRESSION_CODEC_MASK, HEADER_SIZE, readBatchHeader } from '../../storage/format/recordBatch';
import type { SimpleRecord } from '../../storage/log/types';

export type ValidatedBatch = { records: SimpleRecord[]; producerId: number; producerEpoch: number; baseSequence: number } | { error: string; message: string };

export function validateClientBatch(bytes: Uint8Array): ValidatedBatch {
  if (bytes.length === 0) return { error: 'INVALID_RECORD', message: 'Produce request has no record batch' };
  let batch;
  try {
    batch = decodeRecordBatch(bytes, 0, bytes.length, true);
  } catch (e) {
    const codec = bytes.length >= HEADER_SIZE ? CODECS[readBatchHeader(bytes, 0).attributes & COMPRESSION_CODEC_MASK] : undefined;
    if (codec && codec !== 'none' && codec !== 'gzip')
      return { error: 'UNSUPPORTED_COMPRESSION_TYPE', message: `compression ${codec} is not supported by the simulator (use none or gzip)` };
    if (e instanceof CorruptRecordError) return { error: e.message.startsWith('magic') ? 'INVALID_RECORD' : 'CORRUPT_MESSAGE', message: e.message };
    return { error: 'CORRUPT_MESSAGE', message: String(e) };
  }
  if (batch.sizeInBytes !== bytes.length)
    return { error: 'INVALID_RECORD', message: 'Produce requests with version 3+ must contain exactly one record batch per partition' };
  if (batch.control) return { error: 'INVALID_RECORD', message: 'a client may not send control batches' };
  if (batch.records.length === 0 || batch.header.lastOffsetDelta !== batch.records.length - 1 || batch.records.some((r, i) => r.offsetDelta !== i))
    return { error: 'INVALID_RECORD', message: 'offset deltas of the batch are not 0..n-1' };
  const h = batch.header;
  return { records: batch.records, producerId: h.producerId, producerEpoch: h.producerEpoch, baseSequence: h.baseSequence };
}
