// kafkajs's own RecordBatch v2 encoder/decoder and CRC-32C: an independent implementation to check bytes against.
import { createRequire } from 'node:module';
const require = createRequire(import.meta.url);

export const kjs = {
  RecordBatch: require('kafkajs/src/protocol/recordBatch/v0').RecordBatch as (o: object) => Promise<{ buffer: Buffer }>,
  Record: require('kafkajs/src/protocol/recordBatch/record/v0') as (o: object) => object,
  decodeBatch: require('kafkajs/src/protocol/recordBatch/v0/decoder') as (d: unknown) => Promise<any>,
  Decoder: require('kafkajs/src/protocol/decoder') as new (b: Buffer) => any,
  Encoder: require('kafkajs/src/protocol/encoder') as new () => any,
  Long: require('kafkajs/src/utils/long') as { fromValue(v: number | string): any; fromString(s: string): any },
  crc32C: require('kafkajs/src/protocol/recordBatch/crc32C') as (b: Buffer) => number,
  Types: require('kafkajs/src/protocol/message/compression').Types as { None: number; GZIP: number },
};

export async function kafkajsDecode(bytes: Uint8Array): Promise<any> {
  return kjs.decodeBatch(new kjs.Decoder(Buffer.from(bytes)));
}

export interface KjsRecordInput {
  key: string | null;
  value: string | null;
  timestampDelta: number;
  headers?: Record<string, string>;
}

export async function kafkajsEncode(o: {
  baseOffset: number;
  epoch: number;
  baseTimestamp: number;
  records: KjsRecordInput[];
  gzip?: boolean;
  producerId?: number;
  producerEpoch?: number;
  baseSequence?: number;
  transactional?: boolean;
}): Promise<Uint8Array> {
  const records = o.records.map((r, i) =>
    kjs.Record({
      offsetDelta: i,
      timestampDelta: r.timestampDelta,
      key: r.key === null ? null : Buffer.from(r.key),
      value: r.value === null ? null : Buffer.from(r.value),
      headers: r.headers ? Object.fromEntries(Object.entries(r.headers).map(([k, v]) => [k, Buffer.from(v)])) : {},
    }),
  );
  const enc = await kjs.RecordBatch({
    compression: o.gzip ? kjs.Types.GZIP : kjs.Types.None,
    firstOffset: kjs.Long.fromValue(o.baseOffset),
    firstTimestamp: o.baseTimestamp,
    maxTimestamp: o.baseTimestamp + Math.max(...o.records.map((r) => r.timestampDelta)),
    partitionLeaderEpoch: o.epoch,
    lastOffsetDelta: o.records.length - 1,
    transactional: o.transactional ?? false,
    producerId: kjs.Long.fromValue(o.producerId ?? -1),
    producerEpoch: o.producerEpoch ?? 0,
    firstSequence: o.baseSequence ?? 0,
    records,
  });
  return new Uint8Array(enc.buffer);
}
