// Kafka's topic-level log defaults (Kafka 3.x), for code that makes a log without a broker config
// (tests, benchmarks, the storage pages run in Chromium).
import type { LogConfig } from './types';

export function defaultLogConfig(over: Partial<LogConfig> = {}): LogConfig {
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
