// The article's consumer groups (zookeeper mode with offsets.storage=zookeeper): no coordinator; ids,
// owners and offsets as znodes under /consumers/<group>; each consumer rebalances itself.
import { describe, expect, it } from 'vitest';
import { Driver } from './sim';
import type { Step } from '../../src/scenario/types';

const header = { config: { 'offsets.storage': 'zookeeper', 'zookeeper.session.timeout.ms': 6000 } };
const join = (consumer: string): Step => ({ do: 'joinGroup', group: 'g', consumer, topics: ['t'], autoOffsetReset: 'earliest' }) as Step;

describe('ZooKeeper-era consumer groups (offsets.storage=zookeeper)', () => {
  it('members claim partitions as ephemeral owner znodes; a claim still held makes the newcomer back off and retry', () => {
    const d = new Driver(header, [{ do: 'createTopic', topic: 't', partitions: 4, replicationFactor: 3 }, join('c1'), join('c2')]);
    const zk = d.state.zookeeper as Record<string, string>;
    expect(zk['/consumers/g/ids/c1']).toContain('"subscription":{"t":1}');
    expect(['0', '1', '2', '3'].map((p) => zk[`/consumers/g/owners/t/${p}`])).toEqual(['c1', 'c1', 'c2', 'c2']);
    expect(d.events('OwnershipConflict').map((e) => [e.member, e.partition, e.owner])).toEqual([['c2', 't-2', 'c1']]);
    expect(d.state.groups.g).toMatchObject({ state: 'Stable', coordinator: null, storage: 'zookeeper' });
    expect(d.state.topics.__consumer_offsets).toBeUndefined();
  });

  it('offsets are znodes; a crashed member is noticed when its ZooKeeper session expires; brokers coming and going do not rebalance', () => {
    const d = new Driver(header, [
      { do: 'createTopic', topic: 't', partitions: 2, replicationFactor: 3 },
      join('c1'),
      join('c2'),
      { do: 'produce', topic: 't', partition: 0, count: 3 },
    ]);
    d.exec({ do: 'poll', consumer: 'c1' }).exec({ do: 'commit', consumer: 'c1' });
    expect(d.state.zookeeper['/consumers/g/offsets/t/0']).toBe('3');
    expect(d.state.groups.g.committed).toEqual({ 't-0': 3 });
    let m = d.mark;
    d.exec({ do: 'stopBroker', broker: 3 }).exec({ do: 'advance', ms: 5000 });
    expect(d.events('GroupRebalanceStarted', m)).toEqual([]);
    m = d.mark;
    d.exec({ do: 'crashConsumer', consumer: 'c1' }).exec({ do: 'advance', ms: 3000 });
    expect(d.state.groups.g.members.c1).toBeDefined();
    d.exec({ do: 'advance', ms: 5000 });
    expect(d.events('ZkSessionExpired', m)).toHaveLength(1);
    expect(d.state.groups.g.members).toEqual({ c2: { assignment: ['t-0', 't-1'], memberId: 'c2' } });
    d.exec({ do: 'produce', topic: 't', partition: 0, count: 1 }).exec({ do: 'poll', consumer: 'c2' });
    expect(
      d
        .consumed('c2')
        .filter((r) => r.partition === 0)
        .map((r) => r.offset),
    ).toEqual([3]);
  });
});
