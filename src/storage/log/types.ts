// The contract between the engine (ReplicaManager / Partition) and a replica's log.
// Names follow Kafka's UnifiedLog / LogSegment so the code reads beside Kafka's source.

/** One record as a producer hands it over (before it has an offset). */
export interface SimpleRecord {
  key: Uint8Array | null;
  value: Uint8Array | null;
  timestamp: number;
  headers?: { key: string; value: Uint8Array | null }[];
}

/** A record read back from the log, with its offset. */
export interface LogRecord extends SimpleRecord {
  offset: number;
}

export type CompressionType = 'none' | 'gzip';

/** Topic-level log configuration (Kafka's LogConfig), already resolved from broker defaults. */
export interface LogConfig {
  segmentBytes: number; // segment.bytes (log.segment.bytes), default 1 GiB
  segmentMs: number; // segment.ms (log.roll.ms), default 7 days
  segmentIndexBytes: number; // segment.index.bytes, default 10 MiB
  indexIntervalBytes: number; // index.interval.bytes, default 4096
  retentionMs: number; // retention.ms, default 7 days; -1 = forever
  retentionBytes: number; // retention.bytes, default -1
  cleanupPolicy: 'delete' | 'compact' | 'compact,delete';
  deleteRetentionMs: number; // delete.retention.ms, default 1 day
  minCleanableDirtyRatio: number; // min.cleanable.dirty.ratio, default 0.5
  flushMessages: number | null; // flush.messages; null = leave it to the OS (Kafka's default)
  flushMs: number | null; // flush.ms; null = leave it to the OS
  compressionType: CompressionType; // compression.type as the producer chose it
  fileDeleteDelayMs?: number; // file.delete.delay.ms, default 60000: deleted segments linger as .deleted files
}

/** Producer identity written into a batch header (-1 / -1 / -1 for a non-idempotent producer). */
export interface ProducerAppendInfo {
  producerId: number;
  producerEpoch: number;
  baseSequence: number;
  /** the batch belongs to a transaction (attributes bit 4) */
  transactional?: boolean;
}

export interface LogAppendInfo {
  firstOffset: number;
  lastOffset: number;
  /** bytes of the batch written to the .log */
  batchSizeBytes: number;
  /** true when this append rolled a new segment first */
  rolled: boolean;
}

/** A batch read from a log: the raw RecordBatch v2 bytes plus the header fields the engine needs. */
export interface FetchedBatch {
  baseOffset: number;
  lastOffset: number;
  partitionLeaderEpoch: number;
  bytes: Uint8Array;
}

export interface SegmentInfo {
  baseOffset: number;
  file: string; // 20-digit base offset + ".log"
  sizeBytes: number;
  indexEntries: number;
}

/** Everything the app needs to animate an offset lookup (the state dump's `lookups` entry, minus topic/partition/broker). */
export interface LookupTrace {
  offset: number;
  /** base offsets of the segments the binary search visited, in order */
  segmentsProbed: number[];
  segment: string | null; // file name of the chosen segment's .log
  /** index entries the binary search visited: absolute offset and position */
  indexProbed: { offset: number; position: number }[];
  indexEntry: { offset: number; position: number } | null;
  /** batches stepped over while scanning the .log from the index position */
  scanned: { baseOffset: number; lastOffset: number; position: number; sizeBytes: number }[];
  scannedBytes: number;
  position: number | null; // byte position in the .log of the batch that holds `offset`
  error: null | 'OFFSET_OUT_OF_RANGE';
  /** lookupByTimestamp only: time-index entries the binary search visited */
  timeIndexProbed?: { timestamp: number; offset: number }[];
}

/** What recovery after an unclean shutdown found (Kafka's LogLoader / LogSegment.recover). */
export interface RecoveryReport {
  /** bytes cut off a torn or corrupt tail, per segment file */
  truncated: { file: string; position: number; bytes: number; reason: string }[];
  /** a corrupt batch in the middle of the log: reported, never served */
  corrupt: { file: string; position: number; reason: string }[];
  logEndOffset: number;
}
