// Offset commits are records of the compacted __consumer_offsets topic, with Kafka's key and value bytes,
// written through the ordinary produce path (acks=all), compacted by the log cleaner, and replayed by the
// broker that becomes the partition's leader.
import { describe, expect, it } from 'vitest';
import { Driver } from './sim';
import { coordinatorPartition, decodeOffsetCommitValue, decodeOffsetsTopicKey } from '../../src/engine/group/rules';
import { decodeGroupMetadataValue } from '../../src/engine/group/groupMetadataRecord';

function offsetsRecords(d: Driver, broker: number, partition: number) {
  const p = d.run.cluster.brokers.get(broker)!.replicaManager.getPartition('__consumer_offsets', partition)!;
  return p.log.readRecords(p.log.logStartOffset, 1_000_000, p.log.logEndOffset).map((r) => {
    const key = decodeOffsetsTopicKey(r.key!);
    if (key.type === 'offsetCommit') return { key, value: r.value && decodeOffsetCommitValue(r.value), offset: r.offset };
    return { key, value: r.value && decodeGroupMetadataValue(r.value), offset: r.offset };
  });
}

describe('__consumer_offsets', () => {
  it('holds commits keyed by (group, topic, partition) and the group metadata, on every replica (acks=all)', () => {
    const d = new Driver({}, [
      { do: 'createTopic', topic: 't', partitions: 2, replicationFactor: 3 },
      { do: 'joinGroup', group: 'my-group', consumer: 'c1', topics: ['t'], autoOffsetReset: 'earliest', autoCommit: false },
      { do: 'produce', topic: 't', partition: 1, count: 4 },
      { do: 'poll', consumer: 'c1' },
      { do: 'commit', consumer: 'c1' },
    ]);
    const g = d.state.groups['my-group'];
    expect(g.coordinatorPartition).toBe(12); // kafka-facts: "my-group" -> 12
    expect(coordinatorPartition('my-group', 50)).toBe(12);
    const part = d.state.topics.__consumer_offsets.partitions['12'];
    expect(part.leader).toBe(g.coordinator);
    for (const r of part.replicas as number[]) {
      const recs = offsetsRecords(d, r, 12);
      expect(recs.map((x) => x.key.type)).toEqual(['groupMetadata', 'offsetCommit', 'offsetCommit']);
      expect(recs[0].value).toMatchObject({
        protocolType: 'consumer',
        generation: 1,
        protocol: 'range',
        members: [expect.objectContaining({ clientId: 'c1', assignment: ['t-0', 't-1'] })],
      });
      expect(recs.slice(1).map((x) => [x.key, (x.value as { offset: number }).offset])).toEqual([
        [{ type: 'offsetCommit', group: 'my-group', topic: 't', partition: 0 }, 0],
        [{ type: 'offsetCommit', group: 'my-group', topic: 't', partition: 1 }, 4],
      ]);
    }
    expect(d.run.cluster.groups.cluster.topicConfig('__consumer_offsets')['cleanup.policy']).toBe('compact');
  });

  it('is compacted: the cleaner keeps the last commit per key, and a new coordinator still finds the offsets', () => {
    const d = new Driver({ config: { 'log.segment.bytes': 400, 'log.retention.check.interval.ms': 5000, 'log.cleaner.backoff.ms': 5000 } }, [
      { do: 'createTopic', topic: 't', partitions: 1, replicationFactor: 3 },
      { do: 'joinGroup', group: 'g', consumer: 'c1', topics: ['t'], autoOffsetReset: 'earliest', autoCommit: false },
    ]);
    for (let i = 0; i < 12; i++)
      d.exec({ do: 'produce', topic: 't', partition: 0 }).exec({ do: 'poll', consumer: 'c1' }).exec({ do: 'commit', consumer: 'c1' });
    const g = d.state.groups.g;
    const before = offsetsRecords(d, g.coordinator, g.coordinatorPartition).filter((r) => r.key.type === 'offsetCommit');
    expect(before.length).toBe(12);
    const m = d.mark;
    d.exec({ do: 'advance', ms: 6000 });
    expect(d.events('LogCleaned', m).filter((e) => e.topic === '__consumer_offsets').length).toBeGreaterThan(0);
    const after = offsetsRecords(d, g.coordinator, g.coordinatorPartition).filter((r) => r.key.type === 'offsetCommit');
    expect(after.length).toBeLessThan(before.length);
    d.exec({ do: 'crashBroker', broker: g.coordinator }).exec({ do: 'advance', ms: 30000 });
    expect(d.state.groups.g.coordinator).not.toBe(g.coordinator);
    expect(d.state.groups.g.committed).toEqual({ 't-0': 12 });
  });
});
