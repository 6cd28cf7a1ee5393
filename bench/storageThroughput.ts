// Replicated append throughput of the storage layer alone: the leader encodes each batch once, two followers
// copy its bytes (read + appendAsFollower), the HW advances: acks=all, RF 3, as the engine drives it.
import { SimDisk } from '../src/storage/disk/SimDisk';
import { UnifiedLog } from '../src/storage/log/UnifiedLog';
import type { SimpleRecord } from '../src/storage/log/types';
import { defaultLogConfig } from '../src/storage/log/defaultLogConfig';

const CONFIG = defaultLogConfig({ retentionMs: -1 });

/** Records per second through leader append + 2 follower copies, `perBatch` records per produce. */
export function replicatedRecordsPerSec(perBatch: number, total = 200_000): number {
  const te = new TextEncoder();
  const logs = [0, 1, 2].map(() => UnifiedLog.create('orders-0', CONFIG, new SimDisk(), 0));
  const pool: SimpleRecord[] = Array.from({ length: 1000 }, (_, i) => ({
    key: te.encode(`key-${i}`),
    value: te.encode(`value-${i}-${'v'.repeat(40)}`),
    timestamp: 1700000000000 + i,
  }));
  const producer = { producerId: -1, producerEpoch: -1, baseSequence: -1 };
  const t0 = performance.now();
  for (let i = 0; i < total; i += perBatch) {
    const recs = pool.slice(i % 1000, (i % 1000) + perBatch);
    const from = logs[0].logEndOffset;
    logs[0].appendAsLeader(recs.length ? recs : pool.slice(0, perBatch), 0, producer, i);
    for (let f = 1; f < 3; f++) logs[f].appendAsFollower(logs[0].read(from, 1 << 20), i);
    logs[0].updateHighWatermark(Math.min(logs[1].logEndOffset, logs[2].logEndOffset));
  }
  return Math.round((total / (performance.now() - t0)) * 1000);
}

export async function storageThroughputBench(): Promise<Record<string, number>> {
  replicatedRecordsPerSec(10, 50_000); // warm up
  return {
    'storage.replicatedRecordsPerSec1': replicatedRecordsPerSec(1),
    'storage.replicatedRecordsPerSec10': replicatedRecordsPerSec(10),
  };
}
