import { describe, it, expect } from 'vitest';
import { javaHashMapCapacity, javaSpread, javaStringHashMapOrder, topicPartitionHashCode } from '../../src/engine/group/rules';

describe("Java HashMap iteration order (what Kafka's sticky builders walk)", () => {
  it('capacity: 16, doubling past a 0.75 load factor', () => {
    expect(javaHashMapCapacity(0)).toBe(16);
    expect(javaHashMapCapacity(12)).toBe(16);
    expect(javaHashMapCapacity(13)).toBe(32);
    expect(javaHashMapCapacity(25)).toBe(64);
  });

  it('spread: h ^ (h >>> 16)', () => {
    expect(javaSpread(0x12345678)).toBe(0x12345678 ^ 0x1234);
    expect(javaSpread(-1)).toBe(-1 ^ 0xffff);
  });

  it('single-letter keys iterate in code order ("c" 99 -> bucket 3 ...)', () => {
    expect(javaStringHashMapOrder(['d', 'b', 'c', 'a'])).toEqual(['a', 'b', 'c', 'd']);
    // "q" (113, bucket 1) comes before "b" (98, bucket 2)
    expect(javaStringHashMapOrder(['b', 'q'])).toEqual(['q', 'b']);
  });

  it('keys in one bucket keep insertion order ("Aa" and "BB" share hash 2112)', () => {
    expect(javaStringHashMapOrder(['BB', 'Aa'])).toEqual(['BB', 'Aa']);
    expect(javaStringHashMapOrder(['Aa', 'BB'])).toEqual(['Aa', 'BB']);
  });

  it("Kafka's test names consumer1..consumer4 iterate backwards (hash codes end in 1..4, negative)", () => {
    expect(javaStringHashMapOrder(['consumer1', 'consumer2', 'consumer3', 'consumer4'])).toEqual(['consumer4', 'consumer3', 'consumer2', 'consumer1']);
  });

  it('TopicPartition.hashCode = 31 * (31 + partition) + topic.hashCode()', () => {
    expect(topicPartitionHashCode('a-0')).toBe(31 * 31 + 97);
    expect(topicPartitionHashCode('a-b-2')).toBe(31 * 33 + (97 * 31 * 31 + 45 * 31 + 98));
  });
});
