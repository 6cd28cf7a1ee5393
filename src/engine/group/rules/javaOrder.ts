/**
 * Java's hash-based iteration orders, reproduced so the sticky assignors give Kafka's exact
 * answers where Kafka's code walks a java.util.HashMap / HashSet (whose order is deterministic
 * for given keys, just not sorted).
 *
 * java.util.HashMap: table of 16 buckets, doubled whenever size > 0.75 * capacity (it never
 * shrinks); a key lives in bucket `spread(hashCode) & (capacity - 1)` with
 * `spread(h) = h ^ (h >>> 16)`; iteration goes bucket by bucket, and inside a bucket in insertion
 * order (a resize splits buckets keeping relative order). Not modelled: bins turned into trees
 * (8+ keys in one bucket of a table of 64+), which cannot happen for the group sizes shown here
 * in practice.
 */
import { javaStringHashCode } from './coordinator';
import { partitionOf, topicOf, type TopicPartition } from './types';

export const HASHMAP_DEFAULT_CAPACITY = 16;
export const HASHMAP_LOAD_FACTOR = 0.75;

/** HashMap.hash(key): the spread hash. */
export function javaSpread(h: number): number {
  return (h ^ (h >>> 16)) | 0;
}

/** Capacity of a `new HashMap<>()` after `maxSize` entries were in it at once. */
export function javaHashMapCapacity(maxSize: number): number {
  let cap = HASHMAP_DEFAULT_CAPACITY;
  while (maxSize > cap * HASHMAP_LOAD_FACTOR) cap *= 2;
  return cap;
}

/** TopicPartition.hashCode(): 31 * (31 + partition) + topic.hashCode(), in int arithmetic. */
export function topicPartitionHashCode(p: TopicPartition): number {
  return (Math.imul(31, (31 + partitionOf(p)) | 0) + javaStringHashCode(topicOf(p))) | 0;
}

/**
 * Iteration order of a `new HashMap<>()` (or HashSet) into which `keysInInsertionOrder` were put,
 * each once, with nothing removed.
 */
export function javaHashMapOrder<K>(keysInInsertionOrder: readonly K[], hashCode: (k: K) => number): K[] {
  const mask = javaHashMapCapacity(keysInInsertionOrder.length) - 1;
  return keysInInsertionOrder
    .map((k, i) => ({ k, i, b: javaSpread(hashCode(k)) & mask }))
    .sort((x, y) => x.b - y.b || x.i - y.i)
    .map((e) => e.k);
}

/** javaHashMapOrder for String keys. */
export function javaStringHashMapOrder(keysInInsertionOrder: readonly string[]): string[] {
  return javaHashMapOrder(keysInInsertionOrder, javaStringHashCode);
}

/**
 * A java.util.HashSet<TopicPartition> that knows its own iteration order under adds and removes
 * (AbstractStickyAssignor.PartitionMovements takes `set.iterator().next()`).
 */
export class JavaTopicPartitionHashSet {
  private readonly seq = new Map<TopicPartition, number>();
  private nextSeq = 0;
  private capacity = HASHMAP_DEFAULT_CAPACITY;

  get size(): number {
    return this.seq.size;
  }

  has(p: TopicPartition): boolean {
    return this.seq.has(p);
  }

  add(p: TopicPartition): void {
    if (this.seq.has(p)) return;
    this.seq.set(p, this.nextSeq++);
    while (this.seq.size > this.capacity * HASHMAP_LOAD_FACTOR) this.capacity *= 2;
  }

  delete(p: TopicPartition): void {
    this.seq.delete(p);
  }

  /** iterator().next() */
  first(): TopicPartition | undefined {
    const mask = this.capacity - 1;
    let best: TopicPartition | undefined;
    let bestBucket = Infinity;
    let bestSeq = Infinity;
    for (const [p, s] of this.seq) {
      const b = javaSpread(topicPartitionHashCode(p)) & mask;
      if (b < bestBucket || (b === bestBucket && s < bestSeq)) {
        best = p;
        bestBucket = b;
        bestSeq = s;
      }
    }
    return best;
  }
}
