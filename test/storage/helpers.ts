import type { LogConfig, SimpleRecord } from '../../src/storage/log/types';

export const te = new TextEncoder();
export const td = new TextDecoder();

export function config(over: Partial<LogConfig> = {}): LogConfig {
  return {
    segmentBytes: 1024 * 1024 * 1024,
    segmentMs: 7 * 24 * 3600 * 1000,
    segmentIndexBytes: 10 * 1024 * 1024,
    indexIntervalBytes: 4096,
    retentionMs: 7 * 24 * 3600 * 1000,
    retentionBytes: -1,
    cleanupPolicy: 'delete',
    deleteRetentionMs: 24 * 3600 * 1000,
    minCleanableDirtyRatio: 0.5,
    flushMessages: null,
    flushMs: null,
    compressionType: 'none',
    ...over,
  };
}

export function rec(key: string | null, value: string | null, timestamp = 1000): SimpleRecord {
  return { key: key === null ? null : te.encode(key), value: value === null ? null : te.encode(value), timestamp };
}

export const NO_PRODUCER = { producerId: -1, producerEpoch: -1, baseSequence: -1 };
