// Kafka's rules that a learner sees first (issue 11), each as a scenario, with the class and method of Kafka's
// source it follows, in both modes where they differ.
import { describe, expect, it } from 'vitest';
import { ScenarioRun, runScenario } from '../../src/scenario/runner';
import { validateScenario } from '../../src/scenario/validate';
import type { Step } from '../../src/scenario/types';
import { Prng } from '../../src/engine/sim/prng';
import { stripedPlace } from '../../src/engine/rules/stripedReplicaPlacer';
import { adhoc } from '../../src/engine/sim/call';

const MODES = ['zookeeper', 'kraft'] as const;

function scenario(steps: Step[], header: Record<string, unknown> = {}) {
  const v = validateScenario({ version: 1, id: 'fidelity', brokers: 3, ...header, steps });
  if (!v.ok) throw new Error(v.problem.message);
  return v.scenario;
}

const run = (steps: Step[], header: Record<string, unknown> = {}) => runScenario(scenario(steps, header));

/** The values of a replica's log, offset by offset (null where it has no record). */
function values(r: ScenarioRun, broker: number, topic = 't'): (string | null)[] {
  const p = r.cluster.brokers.get(broker)!.replicaManager.getPartition(topic, 0)!;
  const out: (string | null)[] = [];
  for (const rec of p.log.readRecords(p.log.logStartOffset, 1 << 20, p.log.logEndOffset))
    out[rec.offset] = rec.value ? new TextDecoder().decode(rec.value) : null;
  return out;
}

describe('the ISR: Replica.isCaughtUp (3.x), Partition.isFollowerOutOfSync (2.8)', () => {
  for (const mode of MODES) {
    it(`${mode}: a follower cut off while nothing is written stays in the ISR; the first write leaves it behind, and the next ISR check (every replica.lag.time.max.ms / 2) removes it`, () => {
      const r = run(
        [
          { do: 'createTopic', topic: 't', partitions: 1, replicationFactor: 3 },
          { do: 'produce', topic: 't', count: 2 },
          { do: 'isolate', broker: 3, from: 'brokers' },
          { do: 'advance', ms: 60000 },
          { do: 'expect', path: 'topics.t.partitions.0.isr', equals: [1, 2, 3] },
          { do: 'produce', topic: 't', count: 1, acks: 1 },
          // its last caught-up time is a minute old: out at the next isr-expiration check
          { do: 'waitFor', path: 'topics.t.partitions.0.isr', equals: [1, 2], timeoutMs: 5001 },
        ],
        { mode, config: { 'replica.lag.time.max.ms': 10000 } },
      );
      expect(r.failures).toEqual([]);
    });
  }
});

describe('a follower fetch that waits: ReplicaManager.fetchMessages, DelayedFetch.onComplete (Kafka 3.x: readFromLocalLog; 4.x: readFromLog with readFromPurgatory = true, which skips the follower state)', () => {
  it("the follower's fetch state is taken when its fetch arrives; the answer sent when the wait ends reads the log again and leaves that state alone (onComplete reads only)", () => {
    const r = new ScenarioRun(
      scenario([
        { do: 'createTopic', topic: 't', partitions: 1, replicationFactor: 3 },
        { do: 'produce', topic: 't', count: 2 },
      ]),
    );
    r.runToEnd();
    const leader = [...r.cluster.brokers.keys()].find((b) => r.cluster.brokers.get(b)!.replicaManager.getPartition('t', 0)?.isLeader)!;
    const follower = r.cluster.brokers
      .get(leader)!
      .replicaManager.getPartition('t', 0)!
      .replicas.find((b) => b !== leader)!;
    // the follower's own fetcher cut off, so that only the fetch below reaches the leader
    r.cluster.isolate(follower, 'brokers');
    r.runFor(2000);
    const rm = r.cluster.brokers.get(leader)!.replicaManager;
    const p = rm.getPartition('t', 0)!;
    const t0 = r.now;
    let answers = 0;
    const req = {
      replicaId: follower,
      maxWaitMs: 500,
      isolation: 'replica' as const,
      partitions: [{ topic: 't', partition: 0, fetchOffset: p.log.logEndOffset, currentLeaderEpoch: p.leaderEpoch }],
    };
    rm.fetchMessages(
      req,
      adhoc(() => answers++),
    );
    expect(answers).toBe(0); // nothing to read: it waits up to maxWaitMs
    const seen = { ...p.remote.get(follower)! };
    expect(seen).toMatchObject({ lastFetchTimeMs: t0, lastCaughtUpTimeMs: t0, logEndOffset: p.log.logEndOffset });
    r.runFor(600);
    expect(answers).toBe(1);
    // not moved to the time the wait ended (before, the second read updated it: 500 ms later)
    expect(p.remote.get(follower)).toEqual(seen);
  });
});

describe('leader-epoch truncation: AbstractFetcherThread.getOffsetTruncationState (KIP-101, KIP-279)', () => {
  // Two brokers lead in turn through unclean elections, each writing while the other is down: broker 2 ends with
  // epochs {0, 1, 3}, broker 1 with {0, 2, 4}. When broker 2 returns, the leader's first answer names epoch 2,
  // which broker 2 does not have: it truncates to the end of its epoch 1 and asks again (KIP-279), then to the
  // end of epoch 0. One round would have kept its epoch-1 records at offsets 2 and 3 below the HW.
  const steps: Step[] = [
    { do: 'createTopic', topic: 't', partitions: 1, replicationFactor: 2 },
    { do: 'produce', topic: 't', count: 2, value: 'both-{n}' },
    { do: 'crashBroker', broker: 1 },
    { do: 'advance', ms: 8000 },
    { do: 'produce', topic: 't', count: 2, acks: 1, value: 'b-{n}' },
    { do: 'crashBroker', broker: 2 },
    { do: 'startBroker', broker: 1 },
    { do: 'advance', ms: 8000 },
    { do: 'produce', topic: 't', count: 3, acks: 1, value: 'a-{n}' },
    { do: 'crashBroker', broker: 1 },
    { do: 'startBroker', broker: 2 },
    { do: 'advance', ms: 8000 },
    { do: 'produce', topic: 't', count: 1, acks: 1, value: 'B-{n}' },
    { do: 'crashBroker', broker: 2 },
    { do: 'startBroker', broker: 1 },
    { do: 'advance', ms: 8000 },
    { do: 'produce', topic: 't', count: 2, acks: 1, value: 'A-{n}' },
    { do: 'startBroker', broker: 2 },
    { do: 'advance', ms: 20000 },
  ];
  for (const mode of MODES) {
    it(`${mode}: after repeated unclean elections the returning follower truncates in rounds until both logs agree`, () => {
      const r = new ScenarioRun(
        scenario(steps, { mode, brokers: 2, config: { 'unclean.leader.election.enable': true, 'zookeeper.session.timeout.ms': 6000 } }),
      );
      r.runToEnd();
      const back = r.events.filter(
        (e) =>
          (e.type === 'LogTruncated' && e.broker === 2 && e.step === steps.length - 2) ||
          (e.type === 'LogTruncated' && e.broker === 2 && e.step === steps.length - 1),
      );
      expect(back.map((e) => [e.from, e.to])).toEqual([
        [5, 4],
        [4, 2],
      ]);
      expect(values(r, 2)).toEqual(values(r, 1));
      expect(values(r, 1)).toEqual(['both-0', 'both-1', 'a-0', 'a-1', 'a-2', 'A-0', 'A-1']);
      expect(r.dump().topics.t.partitions['0'].isr).toEqual([1, 2]);
      expect(r.events.some((e) => e.type === 'FetcherPartitionFailed')).toBe(false);
    });
  }
});

describe('a read at the log end offset: LocalLog.read', () => {
  it('is empty, at the end of the active segment, not OFFSET_OUT_OF_RANGE; one past it is out of range', () => {
    const r = run([
      { do: 'createTopic', topic: 't', partitions: 1, replicationFactor: 1 },
      { do: 'produce', topic: 't', count: 3 },
      { do: 'lookup', topic: 't', partition: 0, offset: 3 },
      { do: 'lookup', topic: 't', partition: 0, offset: 4 },
    ]);
    const [end, past] = r.final.lookups;
    expect(end).toMatchObject({
      error: null,
      segment: '00000000000000000000.log',
      position: r.final.topics.t.partitions['0'].logs['1'].segments[0].sizeBytes,
      indexEntry: null,
    });
    expect(past.error).toBe('OFFSET_OUT_OF_RANGE');
  });
});

describe("the producer's delivery.timeout.ms (KIP-91: Sender.canRetry, RecordAccumulator expiry)", () => {
  it('a retriable error is retried until delivery.timeout.ms, then the record fails with its last error', () => {
    const r = run(
      [
        { do: 'createTopic', topic: 't', partitions: 1, replicationFactor: 3 },
        { do: 'isolate', broker: 2, from: 'brokers' },
        { do: 'isolate', broker: 3, from: 'brokers' },
        { do: 'produce', topic: 't', count: 1, acks: 1 },
        { do: 'advance', ms: 15000 },
        { do: 'produce', topic: 't', value: 'refused' },
      ],
      { config: { 'min.insync.replicas': 2, 'replica.lag.time.max.ms': 10000, 'delivery.timeout.ms': 40000 } },
    );
    const step = r.events.filter((e) => e.step === 5);
    expect(step.at(-1)!.time - step[0].time).toBeGreaterThanOrEqual(40000);
    expect(step.filter((e) => e.type === 'ProduceRetried').length).toBeGreaterThan(100);
    expect(r.final.producers['producer-1'].failed).toEqual([{ topic: 't', partition: 0, error: 'NOT_ENOUGH_REPLICAS' }]);
  });

  it('a request that times out is sent again, and the record is acknowledged later: "timed out" was not "failed"', () => {
    const r = run(
      [
        { do: 'createTopic', topic: 't', partitions: 1, replicationFactor: 3 },
        { do: 'isolate', broker: 3, from: 'brokers' },
        { do: 'produce', topic: 't', value: 'slow' },
      ],
      { config: { 'request.timeout.ms': 5000, 'replica.lag.time.max.ms': 10000 } },
    );
    expect(r.events.some((e) => e.type === 'ProduceRetried' && e.error === 'REQUEST_TIMED_OUT')).toBe(true);
    expect(r.final.producers['producer-1']).toEqual({ acked: [{ topic: 't', partition: 0, offset: 0 }], ackedCount: 1, failed: [], failedCount: 0 });
    // idempotent (the default with acks=all): the retry was recognised, the record is in the log once
    expect(r.events.some((e) => e.type === 'DuplicateBatchIgnored')).toBe(true);
    expect(r.final.topics.t.partitions['0'].logs['1'].leo).toBe(1);
  });
});

describe('lost responses (loseResponses): at-least-once, and exactly-once by idempotence (ProducerStateManager)', () => {
  for (const mode of MODES) {
    it(`${mode}: a lost Produce response makes a plain producer write twice and an idempotent one once`, () => {
      const r = run(
        [
          { do: 'createTopic', topic: 't', partitions: 1, replicationFactor: 3 },
          { do: 'loseResponses', broker: 1, api: 'Produce' },
          { do: 'produce', topic: 't', value: 'pay-1', idempotent: false, producer: 'plain' },
          { do: 'loseResponses', broker: 1, api: 'Produce', client: 'safe' },
          { do: 'produce', topic: 't', value: 'pay-2', producer: 'safe' },
        ],
        { mode },
      );
      const leader = r.final.topics.t.partitions['0'].leader!;
      expect(leader).toBe(1);
      expect(r.final.producers.plain).toEqual({ acked: [{ topic: 't', partition: 0, offset: 1 }], ackedCount: 1, failed: [], failedCount: 0 });
      expect(r.final.producers.safe).toEqual({ acked: [{ topic: 't', partition: 0, offset: 2 }], ackedCount: 1, failed: [], failedCount: 0 });
      expect(r.final.topics.t.partitions['0'].hw).toBe(3);
      expect(r.events.filter((e) => e.type === 'MessageSent' && e.lost).map((e) => [e.api, e.to])).toEqual([
        ['Produce', 'plain'],
        ['Produce', 'safe'],
      ]);
    });
  }
});

describe('consumers that start together: GroupCoordinator InitialDelayedJoin (group.initial.rebalance.delay.ms)', () => {
  it('join one rebalance (generation 1); one by one they take three', () => {
    const topic: Step = { do: 'createTopic', topic: 't', partitions: 6, replicationFactor: 3 };
    const together = run([topic, { do: 'joinGroup', consumers: ['c1', 'c2', 'c3'], group: 'g', topics: ['t'] }]);
    const apart = run([topic, ...['c1', 'c2', 'c3'].map((c): Step => ({ do: 'joinGroup', consumer: c, group: 'g', topics: ['t'] }))]);
    expect(together.final.groups.g.generation).toBe(1);
    expect(apart.final.groups.g.generation).toBe(3);
    for (const r of [together, apart])
      expect(Object.values(r.final.groups.g.members).map((m) => m.assignment)).toEqual([
        ['t-0', 't-1'],
        ['t-2', 't-3'],
        ['t-4', 't-5'],
      ]);
  });
});

describe('__consumer_offsets: KafkaApis.createInternalTopic / AutoTopicCreationManager', () => {
  for (const mode of MODES) {
    it(`${mode}: with fewer live brokers than offsets.topic.replication.factor there is no coordinator, until a broker joins`, () => {
      const r = new ScenarioRun(
        scenario(
          [
            { do: 'createTopic', topic: 't', partitions: 1, replicationFactor: 2 },
            { do: 'joinGroup', consumer: 'c1', group: 'g', topics: ['t'] },
            { do: 'expect', path: 'groups.g.state', equals: 'Dead' },
            { do: 'addBroker', broker: 3 },
            { do: 'waitFor', path: 'groups.g.state', equals: 'Stable', timeoutMs: 30000 },
          ],
          { mode, brokers: 2 },
        ),
      );
      for (let i = 0; i < 3; i++) r.runStep();
      expect(r.dump().topics.__consumer_offsets).toBeUndefined();
      r.runToEnd();
      expect(r.failures).toEqual([]);
      expect(r.dump().topics.__consumer_offsets.partitions['0'].replicas.length).toBe(3);
      expect(r.events.filter((e) => e.type === 'MessageSent' && e.api === 'FindCoordinator' && e.response).length).toBeGreaterThan(10);
    });
  }
});

describe('KRaft placement: StripedReplicaPlacer', () => {
  it('kraft mode places "kafka" assignments with StripedReplicaPlacer over the registered brokers, from the seeded PRNG', () => {
    const r = new ScenarioRun(
      scenario([{ do: 'createTopic', topic: 't', partitions: 6, replicationFactor: 3, assignment: 'kafka' }], { mode: 'kraft', brokers: 4 }),
    );
    const prng = r.cluster.ctx.prng;
    const copy = Object.assign(Object.create(Prng.prototype), prng) as Prng;
    const expected = stripedPlace(
      copy,
      [1, 2, 3, 4].map((id) => ({ id, rack: null, fenced: false })),
      6,
      3,
    );
    r.runToEnd();
    const got = Object.values(r.dump().topics.t.partitions).map((p) => p.replicas);
    expect(got).toEqual(expected);
    // striped: one rack, so each partition takes the next brokers in a rotation; every broker leads at least once
    expect(new Set(got.map((x) => x[0])).size).toBe(4);
  });
});

describe('truncation inside a batch: LogSegment.truncateTo', () => {
  it('removes the whole batch that holds the truncation offset (the log ends where that batch began)', async () => {
    const { SimDisk } = await import('../../src/storage/disk/SimDisk');
    const { UnifiedLog } = await import('../../src/storage/log/UnifiedLog');
    const { defaultLogConfig } = await import('../../src/storage/log/defaultLogConfig');
    const log = UnifiedLog.create('t-0', defaultLogConfig(), new SimDisk(), 0);
    const rec = (v: string) => ({ key: null, value: new TextEncoder().encode(v), timestamp: 0 });
    const none = { producerId: -1, producerEpoch: -1, baseSequence: -1 };
    log.appendAsLeader([rec('a')], 0, none, 0);
    const afterFirst = log.activeSegment.size;
    log.appendAsLeader([rec('b'), rec('c'), rec('d')], 1, none, 0);
    log.truncateTo(2);
    expect(log.logEndOffset).toBe(1);
    expect(log.activeSegment.size).toBe(afterFirst);
    expect(log.latestEpoch()).toBe(0);
  });
});

describe("the controller's requests: ControllerChannelManager's RequestSendThread", () => {
  // zookeeper: broker 1 is cut off from the other brokers (the controller among them) and restarted; the controller
  // cannot tell it who leads until the network heals. kraft: broker 1, cut off from the controller quorum (within
  // its session timeout), is made leader again by a preferred election.
  const cases: Record<(typeof MODES)[number], Step[]> = {
    zookeeper: [
      { do: 'isolate', broker: 1, from: 'brokers' },
      { do: 'crashBroker', broker: 1 },
      { do: 'advance', ms: 5000 },
      { do: 'startBroker', broker: 1 },
      { do: 'advance', ms: 5000 },
    ],
    kraft: [
      { do: 'stopBroker', broker: 1 },
      { do: 'startBroker', broker: 1 },
      { do: 'waitFor', path: 'topics.t.partitions.0.isr', equals: [2, 3, 1], timeoutMs: 10000 },
      { do: 'isolate', broker: 1, from: 'zookeeper' },
      { do: 'electLeaders', type: 'preferred' },
    ],
  };
  for (const mode of MODES) {
    it(`${mode}: a leadership decision sent to a broker cut off from the controller arrives once the link heals`, () => {
      const r = run([{ do: 'createTopic', topic: 't', partitions: 1, replicationFactor: 3 }, ...cases[mode], { do: 'heal' }, { do: 'advance', ms: 5000 }], {
        mode,
        config: { 'zookeeper.session.timeout.ms': 6000, 'broker.session.timeout.ms': 30000 },
      });
      const p = r.final.topics.t.partitions['0'];
      expect(p.leader).not.toBeNull();
      // whoever the controller chose knows it, every replica follows it in the controller's epoch, and all are back
      expect(p.logs[String(p.leader)]).toMatchObject({ role: 'leader', leaderEpoch: p.leaderEpoch });
      for (const b of p.replicas) if (b !== p.leader) expect(p.logs[String(b)], `broker ${b}`).toMatchObject({ role: 'follower', leaderEpoch: p.leaderEpoch });
      expect(p.isr.length).toBe(3);
    });
  }
});
