import { describe, it, expect } from 'vitest';
import { coordinatorPartition, javaStringHashCode, kafkaUtilsAbs, OFFSETS_TOPIC_NUM_PARTITIONS_DEFAULT } from '../../src/engine/group/rules';

describe('javaStringHashCode (java.lang.String.hashCode)', () => {
  it('known Java values', () => {
    expect(javaStringHashCode('')).toBe(0);
    expect(javaStringHashCode('a')).toBe(97);
    expect(javaStringHashCode('hello')).toBe(99162322);
    // "Aa" and "BB" collide in Java: 65*31+97 = 66*31+66 = 2112
    expect(javaStringHashCode('Aa')).toBe(2112);
    expect(javaStringHashCode('BB')).toBe(2112);
  });

  it('wraps to 32-bit signed: "polygenelubricants" hashes to Integer.MIN_VALUE', () => {
    expect(javaStringHashCode('polygenelubricants')).toBe(-2147483648);
  });

  it('counts UTF-16 code units, not code points', () => {
    expect(javaStringHashCode('é')).toBe(233);
    // U+1F600 is the surrogate pair D83D DE00: 0xD83D * 31 + 0xDE00
    expect(javaStringHashCode('\u{1F600}')).toBe(0xd83d * 31 + 0xde00);
  });
});

describe('coordinatorPartition (Utils.abs(groupId.hashCode) % offsets.topic.num.partitions)', () => {
  it('the worked examples of kafka-facts.md, 50 partitions', () => {
    expect(OFFSETS_TOPIC_NUM_PARTITIONS_DEFAULT).toBe(50);
    expect(coordinatorPartition('my-group')).toBe(12);
    expect(coordinatorPartition('orders')).toBe(31);
    expect(coordinatorPartition('group-1')).toBe(49);
    expect(coordinatorPartition('demo')).toBe(1);
  });

  it('negative hash codes use their absolute value', () => {
    // "my-group".hashCode() = -1906497762
    expect(javaStringHashCode('my-group')).toBe(-1906497762);
    expect(coordinatorPartition('my-group', 10)).toBe(2);
    expect(coordinatorPartition('my-group', 1)).toBe(0);
  });

  it('Utils.abs maps Integer.MIN_VALUE to 0 (plain abs would give 2147483648 % 50 = 48)', () => {
    expect(kafkaUtilsAbs(-2147483648)).toBe(0);
    expect(kafkaUtilsAbs(-5)).toBe(5);
    expect(coordinatorPartition('polygenelubricants')).toBe(0);
  });

  it('refuses a non-positive partition count', () => {
    expect(() => coordinatorPartition('g', 0)).toThrow();
    expect(() => coordinatorPartition('g', 2.5)).toThrow();
  });
});
