import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import {
  decodeGroupMetadataKey,
  decodeOffsetCommitKey,
  decodeOffsetCommitValue,
  decodeOffsetsTopicKey,
  encodeGroupMetadataKey,
  encodeOffsetCommitKey,
  encodeOffsetCommitValue,
} from '../../src/engine/group/rules';

const bytes = (...xs: number[]): Uint8Array => Uint8Array.from(xs);
const ascii = (s: string): number[] => [...s].map((c) => c.charCodeAt(0));

describe('__consumer_offsets records', () => {
  it('offset commit key v1: int16 1, string group, string topic, int32 partition', () => {
    const key = encodeOffsetCommitKey({ group: 'g1', topic: 'orders', partition: 3 });
    expect(key).toEqual(bytes(0, 1, 0, 2, ...ascii('g1'), 0, 6, ...ascii('orders'), 0, 0, 0, 3));
    expect(decodeOffsetCommitKey(key)).toEqual({ group: 'g1', topic: 'orders', partition: 3 });
  });

  it('offset commit value v3: int16 3, int64 offset, int32 leaderEpoch, string metadata, int64 commitTimestamp', () => {
    const value = encodeOffsetCommitValue({ offset: 42, leaderEpoch: -1, metadata: '', commitTimestamp: 1000 });
    expect(value).toEqual(bytes(0, 3, 0, 0, 0, 0, 0, 0, 0, 42, 0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0, 0, 0, 0, 0, 0x03, 0xe8));
    expect(value.length).toBe(24);
    expect(decodeOffsetCommitValue(value)).toEqual({ offset: 42, leaderEpoch: -1, metadata: '', commitTimestamp: 1000 });
  });

  it('big-endian int64 beyond 32 bits', () => {
    const value = encodeOffsetCommitValue({ offset: 2 ** 40 + 5, leaderEpoch: 7, metadata: 'm', commitTimestamp: 1_700_000_000_000 });
    expect([...value.subarray(2, 10)]).toEqual([0, 0, 1, 0, 0, 0, 0, 5]);
    expect(decodeOffsetCommitValue(value)).toEqual({ offset: 2 ** 40 + 5, leaderEpoch: 7, metadata: 'm', commitTimestamp: 1_700_000_000_000 });
  });

  it('strings are length-prefixed UTF-8 (byte length, not character count)', () => {
    const key = encodeOffsetCommitKey({ group: 'é', topic: 't', partition: 0 });
    expect([...key.subarray(0, 6)]).toEqual([0, 1, 0, 2, 0xc3, 0xa9]);
    expect(decodeOffsetCommitKey(key).group).toBe('é');
  });

  it('group metadata key v2: int16 2, string group', () => {
    const key = encodeGroupMetadataKey({ group: 'my-group' });
    expect(key).toEqual(bytes(0, 2, 0, 8, ...ascii('my-group')));
    expect(decodeGroupMetadataKey(key)).toEqual({ group: 'my-group' });
  });

  it('keys are told apart by their version', () => {
    expect(decodeOffsetsTopicKey(encodeGroupMetadataKey({ group: 'g' }))).toEqual({ type: 'groupMetadata', group: 'g' });
    expect(decodeOffsetsTopicKey(encodeOffsetCommitKey({ group: 'g', topic: 't', partition: 1 }))).toEqual({
      type: 'offsetCommit',
      group: 'g',
      topic: 't',
      partition: 1,
    });
    // version 0 offset commit keys (Kafka 0.8.2) share the layout
    expect(decodeOffsetsTopicKey(bytes(0, 0, 0, 1, 103, 0, 1, 116, 0, 0, 0, 9))).toEqual({ type: 'offsetCommit', group: 'g', topic: 't', partition: 9 });
    expect(() => decodeOffsetsTopicKey(bytes(0, 7))).toThrow();
  });

  it('older value versions decode: v1 carries expireTimestamp, v0 has no leaderEpoch', () => {
    const v1 = bytes(0, 1, 0, 0, 0, 0, 0, 0, 0, 5, 0, 0, 0, 0, 0, 0, 0, 0, 0, 10, 0, 0, 0, 0, 0, 0, 0, 20);
    expect(decodeOffsetCommitValue(v1)).toEqual({ offset: 5, leaderEpoch: -1, metadata: '', commitTimestamp: 10, expireTimestamp: 20 });
    const v0 = bytes(0, 0, 0, 0, 0, 0, 0, 0, 0, 5, 0, 0, 0, 0, 0, 0, 0, 0, 0, 10);
    expect(decodeOffsetCommitValue(v0)).toEqual({ offset: 5, leaderEpoch: -1, metadata: '', commitTimestamp: 10 });
  });

  it('rejects truncated or padded records and out-of-range fields', () => {
    const key = encodeOffsetCommitKey({ group: 'g', topic: 't', partition: 0 });
    expect(() => decodeOffsetCommitKey(key.subarray(0, key.length - 1))).toThrow();
    expect(() => decodeOffsetCommitKey(Uint8Array.from([...key, 0]))).toThrow();
    expect(() => encodeOffsetCommitKey({ group: 'g', topic: 't', partition: 2 ** 31 })).toThrow();
    expect(() => encodeOffsetCommitValue({ offset: 0.5, leaderEpoch: 0, metadata: '', commitTimestamp: 0 })).toThrow();
  });

  it('round-trips', () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 40 }),
        fc.string({ minLength: 1, maxLength: 40 }),
        fc.integer({ min: 0, max: 2 ** 31 - 1 }),
        fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }),
        fc.integer({ min: -1, max: 2 ** 31 - 1 }),
        fc.string({ maxLength: 40 }),
        fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }),
        (group, topic, partition, offset, leaderEpoch, metadata, commitTimestamp) => {
          expect(decodeOffsetCommitKey(encodeOffsetCommitKey({ group, topic, partition }))).toEqual({ group, topic, partition });
          expect(decodeOffsetCommitValue(encodeOffsetCommitValue({ offset, leaderEpoch, metadata, commitTimestamp }))).toEqual({
            offset,
            leaderEpoch,
            metadata,
            commitTimestamp,
          });
          expect(decodeGroupMetadataKey(encodeGroupMetadataKey({ group }))).toEqual({ group });
        },
      ),
    );
  });
});
