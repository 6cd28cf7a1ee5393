import type { SimpleRecord } from '../../src/storage/log/types';
import { defaultLogConfig } from '../../src/storage/log/defaultLogConfig';

export const te = new TextEncoder();
export const td = new TextDecoder();

export const config = defaultLogConfig;

export function rec(key: string | null, value: string | null, timestamp = 1000): SimpleRecord {
  return { key: key === null ? null : te.encode(key), value: value === null ? null : te.encode(value), timestamp };
}

export const NO_PRODUCER = { producerId: -1, producerEpoch: -1, baseSequence: -1 };
