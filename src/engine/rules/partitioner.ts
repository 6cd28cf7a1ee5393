// Kafka's default partitioner for keyed records: toPositive(murmur2(keyBytes)) % numPartitions
// (org.apache.kafka.common.utils.Utils.murmur2 / BuiltInPartitioner.partitionForKey).

/** Kafka's murmur2, a 32-bit signed result like the Java code. */
export function murmur2(data: Uint8Array): number {
  const length = data.length;
  const seed = 0x9747b28c;
  const m = 0x5bd1e995;
  const r = 24;
  let h = (seed ^ length) | 0;
  const length4 = length >> 2;
  for (let i = 0; i < length4; i++) {
    const i4 = i * 4;
    let k = (data[i4] & 0xff) | ((data[i4 + 1] & 0xff) << 8) | ((data[i4 + 2] & 0xff) << 16) | ((data[i4 + 3] & 0xff) << 24);
    k = Math.imul(k, m);
    k ^= k >>> r;
    k = Math.imul(k, m);
    h = Math.imul(h, m);
    h ^= k;
  }
  const idx = length4 * 4;
  // Kafka's switch falls through from case 3 to case 1; written as ifs.
  const rest = length % 4;
  if (rest >= 3) h ^= (data[idx + 2] & 0xff) << 16;
  if (rest >= 2) h ^= (data[idx + 1] & 0xff) << 8;
  if (rest >= 1) {
    h ^= data[idx] & 0xff;
    h = Math.imul(h, m);
  }
  h ^= h >>> 13;
  h = Math.imul(h, m);
  h ^= h >>> 15;
  return h | 0;
}

export function toPositive(n: number): number {
  return n & 0x7fffffff;
}

export function partitionForKey(keyBytes: Uint8Array, numPartitions: number): number {
  return toPositive(murmur2(keyBytes)) % numPartitions;
}
