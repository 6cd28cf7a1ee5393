// The stage's beats, derived from real traces of the public lessons: pure functions from events (and dumps) to
// beats, countdowns and what the stage shows at a position. Kafka's rules they must show are cited per test.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { assignReplicasKafka } from '../../src/engine/rules/placement';
import { ScenarioRun } from '../../src/scenario/runner';
import type { Scenario, SimEvent, StateDump } from '../../src/scenario/types';
import { validateScenario } from '../../src/scenario/validate';
import { isStep, progressOf, stagePos } from '../../src/ui/stage/director';
import {
  badgesAt,
  controllerBadges,
  fencedAt,
  groupAtPos,
  ownedAtPos,
  partitionOverrides,
  statusAt,
  unplacedPartitions,
  znodesAt,
} from '../../src/ui/stage/display';
import { kafkaParams, kafkaRow, seedRow } from '../../src/ui/stage/placement';
import { buildScene, SCENE_CAP_MS } from '../../src/ui/stage/scene';
import { readerGaps } from '../../src/ui/stage/rebalance';
import { allCountdowns, countdownsAt, remaining } from '../../src/ui/stage/timers';
import { ownedAt, partitionStateBefore } from '../../src/ui/stage/trace';
import type { Beat, BeatOf, Scene } from '../../src/ui/stage/types';

interface Lesson {
  scenario: Scenario;
  events: SimEvent[];
  stepEnd: (s: number) => number;
  dumpAt: (s: number) => StateDump;
}

const cache = new Map<string, Lesson>();
function lesson(id: string): Lesson {
  if (cache.has(id)) return cache.get(id)!;
  const v = validateScenario(JSON.parse(readFileSync(join(process.cwd(), 'public/lessons', id + '.json'), 'utf8')));
  if (!v.ok) throw new Error(v.problem.message);
  const run = new ScenarioRun(v.scenario);
  const dumps: StateDump[] = [];
  while (run.nextStep < v.scenario.steps.length) {
    run.runStep();
    dumps.push(run.dump());
  }
  const events = run.events.slice();
  const stepEnd = (s: number) => {
    let k = -1;
    events.forEach((e, i) => {
      if (e.step <= s) k = i;
    });
    return k;
  };
  const l = { scenario: v.scenario, events, stepEnd, dumpAt: (s: number) => dumps[s] };
  cache.set(id, l);
  return l;
}

function scene(l: Lesson, fromStep: number, toStep: number, live = [1, 2, 3, 4, 5]): Scene {
  return buildScene({
    events: l.events,
    from: l.stepEnd(fromStep),
    to: l.stepEnd(toStep),
    scenario: l.scenario,
    live,
    countdowns: allCountdowns(l.events, l.scenario),
  });
}

const kinds = (s: Scene) => s.beats.filter((b) => b.kind !== 'flight').map((b) => b.kind);
const first = <K extends Beat['kind']>(s: Scene, k: K, pred: (b: BeatOf<K>) => boolean = () => true) =>
  s.beats.find((b) => b.kind === k && pred(b as BeatOf<K>)) as BeatOf<K> | undefined;
const indexOf = (s: Scene, pred: (b: Beat) => boolean) => s.beats.findIndex(pred);

describe('leader election, ZooKeeper mode (controller-election lesson)', () => {
  it('the session countdown runs from the last ping for zookeeper.session.timeout.ms and ends when ZooKeeper expires it', () => {
    const l = lesson('controller-election');
    const [c] = allCountdowns(l.events, l.scenario);
    const crash = l.events.findIndex((e) => e.type === 'BrokerCrashed');
    const expiry = l.events.findIndex((e) => e.type === 'ZkSessionExpired');
    expect(c).toMatchObject({ kind: 'zkSession', broker: 1, timeoutMs: 6000, fromIdx: crash, toIdx: expiry, fired: true });
    // ZooKeeper's SessionTrackerImpl: expiry = last touch + timeout; broker 1 opened its session at 0 and died before its first ping
    expect(c.deadline).toBe(l.events[expiry].time);
    expect(c.deadline - c.start).toBe(6000);
    // half way through the 5 s the lesson advances, the arc is (6000 - 2504) / 6000 full
    expect(remaining(c, 2504)).toBeCloseTo(3496 / 6000, 5);
    expect(countdownsAt([c], crash - 1)).toEqual([]);
    expect(countdownsAt([c], expiry - 1)).toEqual([c]);
    expect(countdownsAt([c], expiry)).toEqual([]);
  });

  it('the election step plays: clock, session expired, znodes deleted, the race, the ISR card, the state znode, LeaderAndIsr, the leader mark', () => {
    const l = lesson('controller-election');
    const s = scene(l, 7, 8);
    expect(s.forward).toBe(true);
    const order = [
      indexOf(s, (b) => b.kind === 'clock'),
      indexOf(s, (b) => b.kind === 'expired' && b.broker === 1),
      indexOf(s, (b) => b.kind === 'znodeGone' && b.path === '/brokers/ids/1'),
      indexOf(s, (b) => b.kind === 'znodeGone' && b.path === '/controller'),
      indexOf(s, (b) => b.kind === 'controller'),
      indexOf(s, (b) => b.kind === 'isr' && b.tp === 'orders-0'),
      indexOf(s, (b) => b.kind === 'znodeSet' && b.path === '/brokers/topics/orders/partitions/0/state'),
      indexOf(s, (b) => b.kind === 'flight' && b.api === 'LeaderAndIsr'),
      indexOf(s, (b) => b.kind === 'leaderMove'),
    ];
    expect(order.every((k) => k >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(first(s, 'clock')).toMatchObject({ from: 5004, to: 6000 });
    expect(first(s, 'controller')).toMatchObject({ from: 1, to: 2, epochFrom: 1, epochTo: 2, contenders: [2, 3] });
    // Election.leaderForOffline: the first replica of [1, 2] that is alive and in the ISR [1, 2] is 2; leader epoch + 1
    expect(first(s, 'isr')).toMatchObject({
      controller: 2,
      replicas: [1, 2],
      before: { leader: 1, isr: [1, 2], epoch: 0 },
      after: { leader: 2, isr: [2], epoch: 1 },
      struck: [1],
      reason: 'offline',
    });
    expect(first(s, 'leaderMove')!.moves).toEqual([{ tp: 'orders-0', from: 1, to: 2, epochFrom: 0, epochTo: 1, isrBefore: [1, 2], isrAfter: [2] }]);
    expect(s.beats.filter((b) => b.kind !== 'flight' || b.api).every((b) => b.mech === 'election')).toBe(true);
    expect(s.beats.reduce((t, b) => t + b.ms, 0)).toBeLessThanOrEqual(SCENE_CAP_MS + s.beats.length);
  });

  it('stepping back makes the same beats, played from the end', () => {
    const l = lesson('controller-election');
    const back = buildScene({
      events: l.events,
      from: l.stepEnd(8),
      to: l.stepEnd(7),
      scenario: l.scenario,
      live: [1, 2, 3],
      countdowns: allCountdowns(l.events, l.scenario),
    });
    expect(back.forward).toBe(false);
    expect(kinds(back)).toEqual(kinds(scene(l, 7, 8)));
    // backwards the position starts at the end (the state after) and runs to 0 (the state before)
    expect(stagePos(back, 0)).toBe(back.beats.length);
    expect(stagePos(back, 1e9)).toBe(0);
  });

  it('the state before an election comes from the znode the old controller wrote, not the one being written', () => {
    const l = lesson('controller-election');
    const elected = l.events.findIndex((e) => e.type === 'LeaderElected' && e.reason === 'offline');
    expect(partitionStateBefore(l.events, elected - 2, 'orders', 0)).toEqual({ leader: 1, isr: [1, 2], epoch: 0 });
  });

  it('while the beats play the stage holds what has not happened yet: old badge, old leader, old znodes', () => {
    const l = lesson('controller-election');
    const s = scene(l, 7, 8);
    const after = l.dumpAt(8);
    const kc = indexOf(s, (b) => b.kind === 'controller'),
      km = indexOf(s, (b) => b.kind === 'leaderMove');
    expect(badgesAt(after, s, 0)).toEqual([{ broker: 1, epoch: 1, zombie: false }]);
    expect(badgesAt(after, s, kc + 0.5)).toEqual([{ broker: 1, epoch: 1, zombie: false }]); // the new badge is on its way
    expect(badgesAt(after, s, kc + 1)).toEqual([{ broker: 2, epoch: 2, zombie: false }]);
    expect(partitionOverrides(s, km).get('orders-0')).toEqual({ leader: 1, isr: [1, 2], epoch: 0 });
    expect(partitionOverrides(s, km + 0.5).get('orders-0')!.leader).toBe(-1); // the mark is travelling
    expect(partitionOverrides(s, km + 1).get('orders-0')).toEqual({ leader: 2, isr: [2], epoch: 1 });
    const nodes = (pos: number) =>
      new Map(
        znodesAt(
          Object.entries(after.zookeeper ?? {}).map(([k, v]) => [k, String(v)]),
          s,
          pos,
        ),
      );
    expect(nodes(0).get('/controller_epoch')).toBe('1');
    expect(nodes(0).has('/brokers/ids/1')).toBe(true);
    expect(nodes(kc).has('/controller')).toBe(false); // deleted, not yet created again
    expect(nodes(kc + 1).get('/controller_epoch')).toBe('2');
    expect(nodes(s.beats.length).has('/brokers/ids/1')).toBe(false);
  });
});

describe('leader election, KRaft mode (kraft-vs-zookeeper lesson)', () => {
  it('the heartbeat countdown: broker.session.timeout.ms from the last BrokerHeartbeat; then the fence, a PartitionChangeRecord, MetadataFetch, the mark', () => {
    const l = lesson('kraft-vs-zookeeper');
    const [c] = allCountdowns(l.events, l.scenario);
    // BrokerHeartbeatManager: a broker silent for broker.session.timeout.ms (9000 by default) is fenced
    expect(c).toMatchObject({ kind: 'heartbeat', broker: 1, timeoutMs: 9000, fired: true });
    const lastBeat = l.events.filter((e, i) => i < c.fromIdx && e.type === 'MessageSent' && e.from === 'broker-1' && e.api === 'BrokerHeartbeat').pop()!;
    expect(c.start).toBe(lastBeat.arriveAt);
    expect(l.events[c.toIdx].type).toBe('BrokerFenced');
    expect(l.events[c.toIdx].time).toBeGreaterThanOrEqual(c.deadline); // fenced on the controller's next check
    const s = scene(l, 5, 7);
    expect(kinds(s)).toEqual(['clock', 'fenced', 'record', 'isr', 'record', 'leaderMove']);
    expect(first(s, 'isr')).toMatchObject({
      kraft: true,
      controller: 3002,
      before: { leader: 1, isr: [1, 2, 3] },
      after: { leader: 2, isr: [2, 3], epoch: 1 },
    });
    expect(first(s, 'record', (b) => b.record === 'PartitionChangeRecord')!.detail).toBe('t-0 leader 2 epoch 1 ISR [2, 3]');
    expect(first(s, 'flight', (b) => b.api === 'MetadataFetch')!.flights.every((f) => f.from === 'controller-3002')).toBe(true);
    expect(s.beats.some((b) => b.kind === 'controller')).toBe(false); // a broker crash elects no controller in KRaft mode
    const kf = indexOf(s, (b) => b.kind === 'fenced');
    expect([...fencedAt([1], s, 0)]).toEqual([]);
    expect([...fencedAt([1], s, kf + 0.5)]).toEqual([1]);
  });
});

describe('the zombie controller', () => {
  it('two brokers act as controller: both badges, the old epoch marked as a zombie', () => {
    const l = lesson('zombie-controller-article');
    const d = l.dumpAt(5);
    expect(controllerBadges(d)).toEqual([
      { broker: 1, epoch: 1, zombie: true },
      { broker: 2, epoch: 2, zombie: false },
    ]);
    const s = scene(l, 1, 2);
    expect(first(s, 'controller')).toMatchObject({ from: 1, to: 2, epochTo: 2 });
    expect(first(s, 'zombie')).toMatchObject({ broker: 1, epoch: 1 });
    // the real controller's writes fail on the znode version the zombie moved; repeats merge into one beat
    const bounce = first(s, 'bounce')!;
    expect(bounce).toMatchObject({ from: 'broker-2', to: 'zookeeper', error: 'BADVERSION' });
    expect(bounce.count).toBeGreaterThan(1);
    // while broker 1 is frozen it still believes: after the election both badges show
    expect(badgesAt(l.dumpAt(2), s, s.beats.length).map((b) => b.broker)).toEqual([1, 2]);
  });

  it('while the step plays, the frozen broker is drawn paused until its wake-up beat', () => {
    const l = lesson('zombie-controller-article');
    const s = scene(l, 1, 2);
    const k = indexOf(s, (b) => b.kind === 'up' && b.broker === 1);
    expect(k).toBeGreaterThan(indexOf(s, (b) => b.kind === 'controller'));
    expect(statusAt(1, 'online', s, 0)).toBe('paused');
    expect(statusAt(1, 'online', s, k + 1)).toBe('online');
    expect(statusAt(2, 'online', s, 0)).toBe('online');
  });

  it('with fencing (zombie-controller lesson) the woken broker steps down: one badge', () => {
    const l = lesson('zombie-controller');
    expect(controllerBadges(l.dumpAt(7))).toEqual([{ broker: 2, epoch: 2, zombie: false }]);
  });
});

describe('replica placement (replica-placement lesson)', () => {
  it("reads Kafka's start index and shift back from its assignment and recomputes every row (AdminUtils.assignReplicasToBrokersRackUnaware)", () => {
    const l = lesson('replica-placement');
    const created = l.events.find((e) => e.type === 'TopicCreated' && e.topic === 'real')!;
    const assignment = created.assignment as number[][];
    const brokers = [1, 2, 3, 4, 5];
    const { startIndex, shift } = kafkaParams(assignment, brokers);
    expect(assignReplicasKafka(brokers, 10, 3, startIndex, shift)).toEqual(assignment);
    assignment.forEach((r, i) => expect(kafkaRow(i, 3, brokers, startIndex, shift).cells.map((c) => c.broker)).toEqual(r));
    // the shift grows by one when the partitions wrap around the 5 brokers: partition 5 is [1, 3, 4]
    expect(kafkaRow(5, 3, brokers, 0, 0).cells.map((c) => c.broker)).toEqual([1, 3, 4]);
    expect(seedRow(5, 3, brokers).cells.map((c) => c.broker)).toEqual([1, 2, 3]);
  });

  it("the creation plays the (i + j) mod n grid row by row, then Kafka's, then the differences; the rows after two go faster", () => {
    const l = lesson('replica-placement');
    const s = scene(l, 6, 7);
    expect(first(s, 'placeGrid')).toMatchObject({ topic: 'real', brokers: [1, 2, 3, 4, 5], partitions: 10, rf: 3, mode: 'kafka' });
    const rows = s.beats.filter((b) => b.kind === 'placeRow') as BeatOf<'placeRow'>[];
    expect(rows.map((r) => `${r.kafka ? 'k' : 's'}${r.row.i}`)).toEqual(
      [...Array(10).keys()].map((i) => `s${i}`).concat([...Array(10).keys()].map((i) => `k${i}`)),
    );
    expect(rows[0].ms).toBeGreaterThan(rows[2].ms);
    expect(rows[5].row.cells.map((c) => c.broker)).toEqual([1, 2, 3]); // (5 + j) mod 5
    expect(rows[10].row.cells.map((c) => c.broker)).toEqual([1, 2, 3]);
    expect(rows[15].row.cells.map((c) => c.broker)).toEqual([1, 3, 4]); // Kafka, after the wrap
    expect(s.beats.filter((b) => b.kind !== 'flight').pop()!.kind).toBe('placeDiff');
    // the replicas land in the brokers one partition after another, with the grid Kafka used (its own here)
    const k3 = indexOf(s, (b) => b.kind === 'placeRow' && b.kafka && b.row.i === 3);
    expect([...unplacedPartitions(s, 0)].length).toBe(10);
    expect(unplacedPartitions(s, k3).has('real-2')).toBe(false);
    expect(unplacedPartitions(s, k3).has('real-3')).toBe(true);
    expect(unplacedPartitions(s, s.beats.length).size).toBe(0);
    expect(s.beats.every((b) => b.mech === 'placement' || b.kind === 'flight')).toBe(true);
  });

  it('more replicas than brokers: the grid cannot fill a column, INVALID_REPLICATION_FACTOR in place of tokens', () => {
    const l = lesson('replica-placement');
    const s = scene(l, 11, 12);
    expect(first(s, 'placeGrid')).toMatchObject({ topic: 'too-many', rf: 6, error: 'INVALID_REPLICATION_FACTOR' });
    const row = first(s, 'placeRow')!.row;
    expect(row.cells.map((c) => c.broker)).toEqual([1, 2, 3, 4, 5, null]);
    expect(first(s, 'placeError')).toMatchObject({ error: 'INVALID_REPLICATION_FACTOR' });
  });
});

describe('rebalance (cooperative-rebalancing lesson)', () => {
  it('eager: every member revokes everything, then JoinGroup, CompletingRebalance with generation n+1, the leader assigns, owners change', () => {
    const l = lesson('cooperative-rebalancing');
    const s = scene(l, 8, 9);
    const revokes = s.beats.filter((b) => b.kind === 'revoke') as BeatOf<'revoke'>[];
    expect(revokes.map((r) => [r.member, r.after])).toEqual([
      ['e1', []],
      ['e2', []],
    ]);
    const gs = s.beats.filter((b) => b.kind === 'groupState') as BeatOf<'groupState'>[];
    expect(gs.map((g) => `${g.from}>${g.to}:${g.generation}`)).toEqual([
      'Stable>PreparingRebalance:2',
      'PreparingRebalance>CompletingRebalance:3',
      'CompletingRebalance>Stable:3',
    ]);
    expect(first(s, 'assign')).toMatchObject({ group: 'eager', leader: 'e1', generation: 3, protocol: 'sticky' });
    expect(indexOf(s, (b) => b.kind === 'revoke')).toBeLessThan(indexOf(s, (b) => b.kind === 'assign'));
    expect(indexOf(s, (b) => b.kind === 'assign')).toBeLessThan(indexOf(s, (b) => b.kind === 'owners'));
    expect(first(s, 'flight', (b) => b.api === 'JoinGroup')?.mech).toBe('rebalance');
  });

  it('cooperative (KIP-429): the first round revokes only the partition that moves; a second round gives it away', () => {
    const l = lesson('cooperative-rebalancing');
    const s = scene(l, 9, 10);
    const revokes = s.beats.filter((b) => b.kind === 'revoke') as BeatOf<'revoke'>[];
    expect(revokes.map((r) => [r.member, r.partitions, r.after])).toEqual([['c2', ['t-3'], ['t-2']]]);
    expect(first(s, 'assign')!.assignment).toEqual({ c1: ['t-0', 't-1'], c2: ['t-2'], c3: [] });
    const later = scene(l, 10, 11);
    const all = [...s.beats, ...later.beats];
    const owners = all.filter((b) => b.kind === 'owners') as BeatOf<'owners'>[];
    expect(owners.some((o) => o.member === 'c3' && o.partitions.includes('t-3'))).toBe(owners.some((o) => o.member === 'c3'));
  });

  it('how long partitions had no reader: eager, all of them; cooperative, only those that moved, until the second round', () => {
    const l = lesson('cooperative-rebalancing');
    // after e2 joined: eager revoked all four partitions, briefly (everyone rejoined at once)
    expect(readerGaps(l.events, l.stepEnd(5), 'eager').map((g) => g.tp)).toEqual(['t-0', 't-1', 't-2', 't-3']);
    // after c2 joined: cooperative revoked only t-2 and t-3, which waited for the second round (KIP-429)
    const coop = readerGaps(l.events, l.stepEnd(5), 'coop');
    expect(coop.map((g) => g.tp)).toEqual(['t-2', 't-3']);
    expect(coop.every((g) => !g.open && g.ms > 1000)).toBe(true);
    // c3 joined: t-3 revoked and not yet given to c3: still without a reader
    expect(readerGaps(l.events, l.stepEnd(10), 'coop')).toEqual([{ tp: 't-3', ms: expect.any(Number), open: true }]);
  });

  it('what members own and the group state at a position follow the beats played so far', () => {
    const l = lesson('cooperative-rebalancing');
    const s = scene(l, 8, 9);
    const dumpOwned = new Map(Object.entries(l.dumpAt(9).consumers as Record<string, { assignment: string[] }>).map(([m, c]) => [m, c.assignment]));
    const k = indexOf(s, (b) => b.kind === 'revoke');
    expect(ownedAtPos(dumpOwned, s, 0).get('e1')).toEqual(['t-0', 't-1']);
    expect(ownedAtPos(dumpOwned, s, k + 1).get('e1')).toEqual([]);
    expect(ownedAtPos(dumpOwned, s, s.beats.length)).toEqual(dumpOwned);
    expect(ownedAt(l.events, l.stepEnd(9)).get('e3')).toEqual(dumpOwned.get('e3'));
    expect(groupAtPos('eager', { state: 'Stable', generation: 3 }, s, 0)).toMatchObject({ state: 'Stable', generation: 2 });
    expect(groupAtPos('eager', { state: 'Stable', generation: 3 }, s, s.beats.length)).toMatchObject({ state: 'Stable', generation: 3 });
  });
});

describe('offset lookup and timing', () => {
  it('a lookup plays segment, index, scan and result forwards; stepping back shows the state before', () => {
    const v = validateScenario({
      version: 1,
      id: 'lk',
      brokers: 1,
      steps: [
        { do: 'createTopic', topic: 't', partitions: 1, replicationFactor: 1, config: { 'segment.bytes': 300 } },
        { do: 'produce', topic: 't', count: 12, acks: 1 },
        { do: 'lookup', topic: 't', partition: 0, offset: 7 },
      ],
    });
    if (!v.ok) throw new Error(v.problem.message);
    const run = new ScenarioRun(v.scenario);
    run.runToEnd();
    const events = run.events;
    const end = events.length - 1,
      before = events.findIndex((e) => e.type === 'Lookup') - 1;
    const s = buildScene({ events, from: before, to: end, scenario: v.scenario, live: [1], countdowns: [] });
    expect(s.beats.filter((b) => b.kind === 'lookup').map((b) => (b as BeatOf<'lookup'>).stage)).toEqual(['segments', 'index', 'scan', 'result']);
    expect(first(s, 'lookup')).toMatchObject({ topic: 't', partition: 0, offset: 7, mech: 'lookup' });
    const back = buildScene({ events, from: end, to: before, scenario: v.scenario, live: [1], countdowns: [] });
    expect(back.beats.some((b) => b.kind === 'lookup')).toBe(false);
  });

  it('replica.lag.time.max.ms on a follower that stopped fetching (Partition.isFollowerOutOfSync)', () => {
    const l = lesson('isr-shrink-expand');
    const lag = allCountdowns(l.events, l.scenario).filter((c) => c.kind === 'replicaLag');
    expect(lag.length).toBe(1);
    expect(lag[0]).toMatchObject({ broker: 3, tp: 't-0', leader: 1, timeoutMs: 10000 });
    const shrink = l.events[lag[0].toIdx];
    expect(shrink.type).toBe('IsrShrunk');
    expect(shrink.time).toBeGreaterThanOrEqual(lag[0].deadline);
    expect(l.events[lag[0].fromIdx].type).toBe('BrokerPaused');
  });

  it('a step (one event either way, requests aside; or forwards to the next step end) plays; a jump does not', () => {
    const l = lesson('controller-election');
    const ends = [...new Set(l.events.map((e) => e.step))].map((s) => l.stepEnd(s)).filter((e) => e >= 0);
    const became = l.events.findIndex((e) => e.type === 'BecameLeader' && e.topic === 'orders' && e.leaderEpoch === 1);
    let before = became - 1;
    while (l.events[before].type === 'MessageSent') before--;
    expect(isStep(l.events, ends, before, became)).toBe(true);
    expect(isStep(l.events, ends, became, before)).toBe(true); // one event back un-plays it
    expect(isStep(l.events, ends, l.stepEnd(7), l.stepEnd(8))).toBe(true);
    expect(isStep(l.events, ends, l.stepEnd(8), l.stepEnd(7))).toBe(false); // back a whole step: the state before
    expect(isStep(l.events, ends, l.stepEnd(2), l.stepEnd(8))).toBe(false);
  });

  it('a scene position walks the beats in order forwards and in reverse order backwards', () => {
    const beats = [{ ms: 100 }, { ms: 300 }] as Beat[];
    const fwd: Scene = { lo: 0, hi: 2, forward: true, beats, timeLo: 0, timeHi: 0 };
    const back: Scene = { ...fwd, forward: false };
    expect(stagePos(fwd, 50)).toBeCloseTo(0.5);
    expect(stagePos(fwd, 250)).toBeCloseTo(1.5);
    expect(stagePos(back, 150)).toBeCloseTo(1.5); // the second beat, half un-played
    expect(stagePos(back, 350)).toBeCloseTo(0.5);
    expect(progressOf(1.5, 0)).toBe(1);
    expect(progressOf(1.5, 1)).toBe(0.5);
  });
});

describe("the controller's ISR card with eligible leader replicas (KIP-966)", () => {
  // PartitionChangeBuilder.electLeader: from the ISR, else (ELR on) from the ELR; the card shows the ELR it read
  it('ELR off: no ELR on the card; on: the offline partition waits with its ELR, then the eligible replica is elected', () => {
    const l = lesson('eligible-leader-replicas');
    const part1 = first(scene(l, 5, 6), 'isr', (b) => b.tp === 'before-0')!;
    expect(part1).toMatchObject({ after: { leader: 1 }, reason: 'offline' });
    expect(part1.elr).toBeUndefined();
    // the power loss, fenced: ISR [1] → [], broker 1 joins broker 2 in the ELR; no leader
    expect(first(scene(l, 19, 20), 'isr', (b) => b.tp === 'after-0')).toMatchObject({
      before: { leader: 1, isr: [1] },
      after: { leader: null, isr: [] },
      reason: 'none',
      elr: { before: [2], after: [1, 2] },
    });
    // broker 2 returns from a clean shutdown: elected from the ELR
    expect(first(scene(l, 22, 23), 'isr', (b) => b.tp === 'after-0')).toMatchObject({
      after: { leader: 2, isr: [2] },
      reason: 'elr',
      elr: { before: [2], after: [] },
    });
  });
});
