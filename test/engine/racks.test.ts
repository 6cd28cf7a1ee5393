// Rack-aware replica placement: AdminUtils (zookeeper mode) against Kafka's AdminRackAwareTest / RackAwareTest, and
// StripedReplicaPlacer (kraft mode) against Kafka's StripedReplicaPlacerTest, with Kafka's MockRandom.
import { describe, expect, it } from 'vitest';
import {
  assignReplicasToBrokers,
  drawRackAwareAssignment,
  rackAlternatedBrokerList,
  ReplicaAssignmentError,
  type BrokerRack,
} from '../../src/engine/rules/rackAwarePlacement';
import { BrokerList, RackList, stripedPlace, type UsableBroker } from '../../src/engine/rules/stripedReplicaPlacer';
import { Prng } from '../../src/engine/sim/prng';
import { MockRandom } from './javaRandom';

const toBrokerMetadata = (rackMap: Record<number, string | null>): BrokerRack[] =>
  Object.entries(rackMap)
    .map(([id, rack]) => ({ id: Number(id), rack }))
    .sort((a, b) => a.id - b.id);

/** RackAwareTest.checkReplicaDistribution */
function checkReplicaDistribution(
  assignment: number[][],
  rackMap: Record<number, string>,
  numBrokers: number,
  numPartitions: number,
  replicationFactor: number,
  verify: { rackAware?: boolean; leaders?: boolean; replicas?: boolean } = {},
): void {
  const { rackAware = true, leaders = true, replicas = true } = verify;
  expect(assignment).toHaveLength(numPartitions);
  for (const r of assignment) expect(new Set(r).size, `duplicate broker in ${r}`).toBe(r.length);
  if (rackAware) for (const r of assignment) expect(new Set(r.map((b) => rackMap[b])).size, `racks of ${r}`).toBe(replicationFactor);
  if (leaders) {
    const count = new Map<number, number>();
    for (const r of assignment) count.set(r[0], (count.get(r[0]) ?? 0) + 1);
    expect([...count.values()], 'preferred leader count is not even').toEqual(Array(numBrokers).fill(numPartitions / numBrokers));
  }
  if (replicas) {
    const count = new Map<number, number>();
    for (const r of assignment) for (const b of r) count.set(b, (count.get(b) ?? 0) + 1);
    expect([...count.values()], 'replica count is not even').toEqual(Array(numBrokers).fill((numPartitions * replicationFactor) / numBrokers));
  }
}

/** Kafka draws startIndex and shift at random; every pair is checked here. */
function forEveryStart(n: number, f: (startIndex: number, shift: number) => void): void {
  for (let s = 0; s < n; s++) for (let h = 0; h < n; h++) f(s, h);
}

describe('AdminUtils.assignReplicasToBrokers with racks (AdminRackAwareTest)', () => {
  it('testGetRackAlternatedBrokerListAndAssignReplicasToBrokers', () => {
    const rackMap = { 0: 'rack1', 1: 'rack3', 2: 'rack3', 3: 'rack2', 4: 'rack2', 5: 'rack1' };
    expect(rackAlternatedBrokerList(new Map(Object.entries(rackMap).map(([k, v]) => [Number(k), v])))).toEqual([0, 3, 1, 5, 4, 2]);
    const without5 = new Map(
      Object.entries(rackMap)
        .filter(([k]) => k !== '5')
        .map(([k, v]) => [Number(k), v]),
    );
    expect(rackAlternatedBrokerList(without5)).toEqual([0, 3, 1, 4, 2]);
    expect(assignReplicasToBrokers(toBrokerMetadata(rackMap), 7, 3, 0, 0)).toEqual([
      [0, 3, 1],
      [3, 1, 5],
      [1, 5, 4],
      [5, 4, 2],
      [4, 2, 0],
      [2, 0, 3],
      [0, 4, 2],
    ]);
  });

  const six = { 0: 'rack1', 1: 'rack2', 2: 'rack2', 3: 'rack3', 4: 'rack3', 5: 'rack1' };

  it('testAssignmentWithRackAware (fixed start 2) and ...WithRandomStartIndex', () => {
    checkReplicaDistribution(assignReplicasToBrokers(toBrokerMetadata(six), 6, 3, 2, 2), six, 6, 6, 3);
    forEveryStart(6, (s, h) => checkReplicaDistribution(assignReplicasToBrokers(toBrokerMetadata(six), 6, 3, s, h), six, 6, 6, 3));
  });

  it('testAssignmentWithRackAwareWithUnevenReplicas and ...WithUnevenRacks', () => {
    checkReplicaDistribution(assignReplicasToBrokers(toBrokerMetadata(six), 13, 3, 0, 0), six, 6, 13, 3, { leaders: false, replicas: false });
    const uneven = { 0: 'rack1', 1: 'rack1', 2: 'rack2', 3: 'rack3', 4: 'rack3', 5: 'rack1' };
    forEveryStart(6, (s, h) => checkReplicaDistribution(assignReplicasToBrokers(toBrokerMetadata(uneven), 12, 3, s, h), uneven, 6, 12, 3, { replicas: false }));
  });

  it('testAssignmentWith2ReplicasRackAware, ...With6Partitions, ...With6PartitionsAnd3Brokers, testRackAwareExpansion', () => {
    forEveryStart(6, (s, h) => {
      checkReplicaDistribution(assignReplicasToBrokers(toBrokerMetadata(six), 12, 2, s, h), six, 6, 12, 2);
      checkReplicaDistribution(assignReplicasToBrokers(toBrokerMetadata(six), 6, 2, s, h), six, 6, 6, 2);
      const later = { 6: 'rack1', 7: 'rack2', 8: 'rack2', 9: 'rack3', 10: 'rack3', 11: 'rack1' };
      checkReplicaDistribution(assignReplicasToBrokers(toBrokerMetadata(later), 12, 2, s, h, 12), later, 6, 12, 2);
    });
    const three = { 0: 'rack1', 1: 'rack2', 4: 'rack3' };
    forEveryStart(3, (s, h) => checkReplicaDistribution(assignReplicasToBrokers(toBrokerMetadata(three), 3, 2, s, h), three, 3, 3, 2));
  });

  it('testLargeNumberPartitionsAssignment', () => {
    const twelve = {
      0: 'rack1',
      1: 'rack2',
      2: 'rack2',
      3: 'rack3',
      4: 'rack3',
      5: 'rack1',
      6: 'rack1',
      7: 'rack2',
      8: 'rack2',
      9: 'rack3',
      10: 'rack1',
      11: 'rack3',
    };
    forEveryStart(12, (s, h) => checkReplicaDistribution(assignReplicasToBrokers(toBrokerMetadata(twelve), 96, 3, s, h), twelve, 12, 96, 3));
  });

  it('testMoreReplicasThanRacks, testLessReplicasThanRacks, testSingleRack', () => {
    const m = { 0: 'rack1', 1: 'rack2', 2: 'rack2', 3: 'rack3', 4: 'rack3', 5: 'rack2' };
    forEveryStart(6, (s, h) => {
      const five = assignReplicasToBrokers(toBrokerMetadata(m), 6, 5, s, h);
      for (const r of five) expect([r.length, new Set(r.map((b) => m[b as keyof typeof m])).size]).toEqual([5, 3]);
      const two = assignReplicasToBrokers(toBrokerMetadata(m), 6, 2, s, h);
      for (const r of two) expect([r.length, new Set(r.map((b) => m[b as keyof typeof m])).size]).toEqual([2, 2]);
    });
    const single = { 0: 'rack1', 1: 'rack1', 2: 'rack1', 3: 'rack1', 4: 'rack1', 5: 'rack1' };
    forEveryStart(6, (s, h) =>
      checkReplicaDistribution(assignReplicasToBrokers(toBrokerMetadata(single), 6, 3, s, h), single, 6, 6, 3, { rackAware: false, replicas: false }),
    );
  });

  it('testSkipBrokerWithReplicaAlreadyAssigned: RF 4 over 3 racks uses four distinct brokers', () => {
    const info = { 0: 'a', 1: 'b', 2: 'c', 3: 'a', 4: 'a' };
    const a = assignReplicasToBrokers(toBrokerMetadata(info), 6, 4, 2, 2, -1);
    checkReplicaDistribution(a, info, 5, 6, 4, { rackAware: false, leaders: false, replicas: false });
    for (const r of a) expect(new Set(r.map((b) => info[b as keyof typeof info]))).toEqual(new Set(['a', 'b', 'c']));
  });

  it('testReplicaAssignment (no racks: the rack-unaware algorithm) and testAssignReplicasToBrokersWithInvalidParameters', () => {
    const noRacks = [0, 1, 2, 3, 4].map((id) => ({ id, rack: null }));
    expect(assignReplicasToBrokers(noRacks, 10, 3, 0, 0, -1)).toEqual([
      [0, 1, 2],
      [1, 2, 3],
      [2, 3, 4],
      [3, 4, 0],
      [4, 0, 1],
      [0, 2, 3],
      [1, 3, 4],
      [2, 4, 0],
      [3, 0, 1],
      [4, 1, 2],
    ]);
    expect(() => assignReplicasToBrokers(noRacks, 10, 0, 0, 0)).toThrow(ReplicaAssignmentError);
    expect(() => assignReplicasToBrokers(noRacks, 10, 6, 0, 0)).toThrow(/Replication factor: 6 larger than available brokers: 5/);
    const partial = toBrokerMetadata({ 0: 'rack1', 1: 'rack3', 2: 'rack3', 3: 'rack2', 4: null });
    expect(() => assignReplicasToBrokers(partial, 0, 0, 0, 0)).toThrow(/Number of partitions must be larger than 0/);
    expect(() => assignReplicasToBrokers(partial, 10, 5, 0, 0)).toThrow(/Not all brokers have rack information/);
  });

  it('properties with the engine PRNG: racks all distinct for RF <= racks, preferred leaders spread evenly', () => {
    for (let seed = 1; seed <= 40; seed++) {
      const prng = new Prng(seed);
      const racks = 2 + (seed % 3); // 2..4 racks
      const perRack = 1 + (seed % 2);
      const brokers = Array.from({ length: racks * perRack }, (_, i) => ({ id: i + 1, rack: `r${i % racks}` }));
      const rf = 1 + (seed % racks);
      const n = brokers.length;
      const a = drawRackAwareAssignment(prng, brokers, 2 * n, rf);
      const rackOf = (b: number) => brokers[b - 1].rack;
      for (const r of a) expect(new Set(r.map(rackOf)).size).toBe(rf);
      const leaders = new Map<number, number>();
      for (const r of a) leaders.set(r[0], (leaders.get(r[0]) ?? 0) + 1);
      expect([...leaders.values()]).toEqual(Array(n).fill(2));
    }
  });
});

const usable = (id: number, rack: string | null, fenced: boolean): UsableBroker => ({ id, rack, fenced });

describe('StripedReplicaPlacer (StripedReplicaPlacerTest, MockRandom)', () => {
  it('testBrokerList', () => {
    expect(new BrokerList().next(1)).toBe(-1);
    const b = new BrokerList().add(0).add(1).add(2).add(3);
    expect(b.size).toBe(4);
    expect([0, 0, 0, 0, 0, 0].map(() => b.next(0))).toEqual([0, 1, 2, 3, -1, -1]);
    expect([1, 1, 1, 1, 1].map(() => b.next(1))).toEqual([1, 2, 3, 0, -1]);
  });

  it('testAvoidFencedReplicaIfPossibleOnSingleRack', () => {
    const rl = new RackList(new MockRandom(), [
      usable(3, null, false),
      usable(1, null, true),
      usable(0, null, false),
      usable(4, null, false),
      usable(2, null, false),
    ]);
    expect([rl.numTotalBrokers, rl.numUnfencedBrokers, rl.rackNames]).toEqual([5, 4, [null]]);
    expect(() => rl.place(0)).toThrow(/Invalid replication factor 0/);
    expect(() => rl.place(-1)).toThrow(/Invalid replication factor -1/);
    expect([rl.place(4), rl.place(4), rl.place(4), rl.place(4), rl.place(4)]).toEqual([
      [3, 4, 0, 2],
      [4, 0, 2, 3],
      [0, 2, 3, 4],
      [2, 3, 4, 0],
      [0, 4, 3, 2],
    ]);
  });

  it('testMultiPartitionTopicPlacementOnSingleUnfencedBroker and testPlacementOnFencedReplicaOnSingleRack', () => {
    expect(stripedPlace(new MockRandom(), [usable(0, null, false), usable(1, null, true)], 3, 1)).toEqual([[0], [0], [0]]);
    const rl = new RackList(new MockRandom(), [usable(3, null, false), usable(1, null, true), usable(2, null, false)]);
    expect([rl.place(3), rl.place(3), rl.place(3), rl.place(3)]).toEqual([
      [3, 2, 1],
      [2, 3, 1],
      [3, 2, 1],
      [2, 3, 1],
    ]);
  });

  it('testRackListWithMultipleRacks and testRackListWithInvalidRacks', () => {
    const rl = new RackList(new MockRandom(), [
      usable(11, '1', false),
      usable(10, '1', false),
      usable(30, '3', false),
      usable(31, '3', false),
      usable(21, '2', false),
      usable(20, '2', true),
    ]);
    expect([rl.numTotalBrokers, rl.numUnfencedBrokers, rl.rackNames]).toEqual([6, 5, ['1', '2', '3']]);
    expect([rl.place(4), rl.place(4), rl.place(4)]).toEqual([
      [11, 21, 31, 10],
      [21, 30, 10, 20],
      [31, 11, 21, 30],
    ]);
    const bad = new RackList(new MockRandom(), [
      usable(11, '1', false),
      usable(10, '1', false),
      usable(30, '3', true),
      usable(31, '3', true),
      usable(20, '2', true),
      usable(21, '2', true),
      usable(41, '4', false),
      usable(40, '4', true),
    ]);
    expect([bad.numTotalBrokers, bad.numUnfencedBrokers, bad.rackNames]).toEqual([8, 3, ['1', '2', '3', '4']]);
    expect([bad.place(4), bad.place(4), bad.place(4)]).toEqual([
      [41, 11, 21, 30],
      [10, 20, 31, 41],
      [41, 21, 30, 11],
    ]);
  });

  it('testSuccessfulPlacement and testEvenDistribution', () => {
    expect(stripedPlace(new MockRandom(), [usable(0, null, false), usable(3, null, false), usable(2, null, false), usable(1, null, false)], 5, 3)).toEqual([
      [2, 3, 0],
      [3, 0, 1],
      [0, 1, 2],
      [1, 2, 3],
      [1, 0, 2],
    ]);
    const counts = new Map<string, number>();
    for (const r of stripedPlace(
      new MockRandom(),
      [0, 1, 2, 3].map((id) => usable(id, null, false)),
      200,
      2,
    ))
      counts.set(r.join(','), (counts.get(r.join(',')) ?? 0) + 1);
    expect(Object.fromEntries([...counts].sort())).toEqual({
      '0,1': 14,
      '0,2': 22,
      '0,3': 14,
      '1,0': 17,
      '1,2': 17,
      '1,3': 16,
      '2,0': 13,
      '2,1': 17,
      '2,3': 20,
      '3,0': 20,
      '3,1': 19,
      '3,2': 11,
    });
  });

  it('testAllBrokersFenced, testNotEnoughBrokers, testNonPositiveReplicationFactor (and the RackList variants)', () => {
    expect(() => stripedPlace(new MockRandom(), [usable(11, '1', true), usable(10, '1', true)], 1, 1)).toThrow('All brokers are currently fenced.');
    expect(() => stripedPlace(new MockRandom(), [usable(11, '1', false), usable(10, '1', false)], 1, 3)).toThrow(
      'The target replication factor of 3 cannot be reached because only 2 broker(s) are registered.',
    );
    expect(() => stripedPlace(new MockRandom(), [usable(11, '1', false), usable(10, '1', false)], 1, 0)).toThrow(
      'Invalid replication factor 0: the replication factor must be positive.',
    );
    expect(() =>
      new RackList(
        new MockRandom(),
        [0, 1, 2].map((id) => usable(id, null, true)),
      ).place(3),
    ).toThrow('All brokers are currently fenced.');
  });

  it('spreads leaders over racks evenly, but over the brokers of a rack only when racks and brokers per rack are coprime', () => {
    // A consequence of BrokerList.next: a rack's offset moves one step per partition and, with RF = racks, the
    // same rack leads every R-th partition, so with 3 racks of 3 brokers one broker per rack leads a whole round.
    const grid = (racks: number, perRack: number) => Array.from({ length: racks * perRack }, (_, i) => usable(i + 1, `r${i % racks}`, false));
    const leaders = (racks: number, perRack: number) => {
      const a = stripedPlace(new MockRandom(), grid(racks, perRack), racks * perRack, racks);
      const byRack = new Map<string, number>();
      for (const r of a) byRack.set(`r${(r[0] - 1) % racks}`, (byRack.get(`r${(r[0] - 1) % racks}`) ?? 0) + 1);
      return { distinct: new Set(a.map((r) => r[0])).size, perRack: [...byRack.values()] };
    };
    expect(leaders(3, 2)).toEqual({ distinct: 6, perRack: [2, 2, 2] });
    expect(leaders(3, 3)).toEqual({ distinct: 3, perRack: [3, 3, 3] });
    expect(leaders(2, 2)).toEqual({ distinct: 2, perRack: [2, 2] });
  });

  it('properties with the engine PRNG: racks all distinct for RF <= racks, leader racks round-robin, no fenced leader', () => {
    for (let seed = 1; seed <= 40; seed++) {
      const racks = 2 + (seed % 3);
      const perRack = 1 + (seed % 3);
      const brokers = Array.from({ length: racks * perRack }, (_, i) => usable(i + 1, `r${i % racks}`, seed % 5 === 0 && i === 0));
      const rf = 1 + (seed % racks);
      const a = stripedPlace(new Prng(seed), brokers, racks * 4, rf);
      const rackOf = (b: number) => brokers[b - 1].rack;
      for (const r of a) {
        expect(new Set(r.map(rackOf)).size).toBe(rf);
        expect(brokers[r[0] - 1].fenced).toBe(false);
      }
      // within a round (as many partitions as unfenced brokers) the leader's rack moves one step per partition
      const unfenced = brokers.filter((b) => !b.fenced).length;
      const leaderRacks = a.slice(0, Math.min(racks, unfenced)).map((r) => rackOf(r[0]));
      if (!brokers.some((b) => b.fenced)) expect(new Set(leaderRacks).size).toBe(leaderRacks.length);
    }
  });
});
