// The TLA+ specification's invariants of Kafka's replication (hachikuji/kafka-specification: LeaderInIsr, WeakIsr,
// StrongIsr, ValidHighWatermark) and "replicas agree below the HW after every heal", over random histories drawn
// from the fault catalog (crashes, power loss, pauses, network cuts, lost responses, repeated unclean elections).
// The engine never throws, whatever the history: a Kafka error is an outcome, a broken invariant a finding.
//   FAULT_RUNS=2000 npx vitest run test/engine/invariants.property.test.ts   (150 in CI)
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import type { CommandName } from '../../src/scenario/commands';
import { ops, playHistory, type Op } from './faultHistories';
import {
  checkAgreementBelowHw,
  checkReplication,
  viewPartitions,
  type PartitionView,
  type ReplicaView,
  type Violation,
} from '../../src/engine/check/replicationInvariants';

interface Outcome {
  during: Violation[];
  after: Violation[];
  lost: number[];
}

/** Plays the history (checking after every step), then heals, restarts every broker, lets the cluster settle. */
function play(
  history: Op[],
  o: { mode: 'zookeeper' | 'kraft'; unclean: boolean; acks: 'all' | 1; elr?: boolean; check: (p: ReturnType<typeof viewPartitions>[number]) => Violation[] },
): Outcome {
  const during: Violation[] = [];
  const { run, acked } = playHistory(
    history,
    {
      id: 'invariants',
      seed: 5,
      mode: o.mode,
      acks: o.acks,
      config: {
        'min.insync.replicas': 2,
        'unclean.leader.election.enable': o.unclean,
        'zookeeper.session.timeout.ms': 6000,
        'replica.lag.time.max.ms': 10000,
        'request.timeout.ms': 8000,
        'delivery.timeout.ms': 30000,
        ...(o.elr ? { 'eligible.leader.replicas.version': 1 } : {}),
      },
    },
    (run, i, steps) => {
      for (const p of viewPartitions(run.cluster)) during.push(...o.check(p).map((x) => ({ ...x, detail: `after step ${i} (${steps[i].do}): ${x.detail}` })));
    },
  );
  const views = viewPartitions(run.cluster).filter((p) => p.topic === 't');
  const after = views.flatMap(checkAgreementBelowHw);
  const leader = views[0]?.replicas.find((r) => r.broker === views[0].quorum.leader);
  const lost = acked.filter((a) => !leader || leader.recordAt(a.offset) === null).map((a) => a.offset);
  return { during, after, lost };
}

const RUNS = Number(process.env.FAULT_RUNS ?? 150);
const SEED = Number(process.env.FAULT_SEED ?? 11);
/** a history takes tens of milliseconds; allow for a slow machine */
const TIMEOUT = Math.max(60000, RUNS * 300);
const CLEAN: CommandName[] = ['crashBroker', 'startBroker', 'stopBroker', 'isolate', 'heal', 'pauseBroker', 'advance', 'loseResponses'];
const UNCLEAN: CommandName[] = [...CLEAN, 'electLeaders'];

describe('replication invariants over random faults (fast-check)', () => {
  for (const mode of ['zookeeper', 'kraft'] as const) {
    it(
      `${mode}, clean elections, acks=all, min.insync.replicas=2: LeaderInIsr, WeakIsr, StrongIsr, ValidHighWatermark after every step; replicas agree below the HW after the heal; nothing acknowledged lost`,
      () => {
        fc.assert(
          fc.property(ops(CLEAN, { loseUnflushed: false }), (h) => {
            const r = play(h, { mode, unclean: false, acks: 'all', check: checkReplication });
            expect(r.during).toEqual([]);
            expect(r.after).toEqual([]);
            expect(r.lost).toEqual([]);
          }),
          { numRuns: RUNS, seed: SEED },
        );
      },
      TIMEOUT,
    );

    it(
      `${mode}, repeated unclean elections, power loss, lost responses, acks=1: LeaderInIsr always; replicas agree below the HW after the heal; the engine never throws`,
      () => {
        fc.assert(
          fc.property(ops(UNCLEAN), (h) => {
            const r = play(h, { mode, unclean: true, acks: 1, check: (p) => checkReplication(p).filter((x) => x.invariant === 'LeaderInIsr') });
            expect(r.during).toEqual([]);
            expect(r.after).toEqual([]);
          }),
          { numRuns: RUNS, seed: SEED + 1 },
        );
      },
      TIMEOUT,
    );
  }

  it(
    'kraft with eligible leader replicas (KIP-966), power loss and unclean elections: LeaderInIsr always; replicas agree below the HW after the heal; the engine never throws',
    () => {
      fc.assert(
        fc.property(ops(UNCLEAN), (h) => {
          const r = play(h, {
            mode: 'kraft',
            unclean: true,
            acks: 'all',
            elr: true,
            check: (p) => checkReplication(p).filter((x) => x.invariant === 'LeaderInIsr'),
          });
          expect(r.during).toEqual([]);
          expect(r.after).toEqual([]);
        }),
        { numRuns: RUNS, seed: SEED + 2 },
      );
    },
    TIMEOUT,
  );
});

describe('the checkers, on worked examples', () => {
  const replica = (broker: number, records: string[], o: Partial<ReplicaView> = {}): ReplicaView => ({
    broker,
    presumesLeadership: false,
    leaderEpoch: 1,
    isr: [1, 2, 3],
    hw: 0,
    logStartOffset: 0,
    logEndOffset: records.length,
    recordAt: (x) => records[x] ?? null,
    ...o,
  });
  const view = (replicas: ReplicaView[], quorum = { leader: 1 as number | null, leaderEpoch: 1, isr: [1, 2, 3] }): PartitionView => ({
    topic: 't',
    partition: 0,
    quorum,
    replicas,
  });
  const kinds = (v: Violation[]) => v.map((x) => x.invariant);

  it("all hold when the ISR holds the leader's records below its HW", () => {
    expect(
      checkReplication(view([replica(1, ['a', 'b', 'c'], { presumesLeadership: true, hw: 2 }), replica(2, ['a', 'b']), replica(3, ['a', 'b', 'x'])])),
    ).toEqual([]);
  });
  it('LeaderInIsr: a leader outside the ISR', () => {
    expect(kinds(checkReplication(view([], { leader: 2, leaderEpoch: 1, isr: [1] })))).toEqual(['LeaderInIsr']);
  });
  it("WeakIsr and StrongIsr: a member of the ISR differs below the presumed leader's HW", () => {
    const v = checkReplication(
      view([replica(1, ['a', 'b'], { presumesLeadership: true, hw: 2, isr: [1, 2] }), replica(2, ['a', 'x']), replica(3, ['a', 'y'])]),
    );
    expect(kinds(v)).toEqual(['WeakIsr', 'StrongIsr', 'StrongIsr']);
  });
  it("ValidHighWatermark: a member of the ISR below the true leader's HW", () => {
    expect(
      kinds(
        checkReplication(
          view([replica(1, ['a', 'b'], { presumesLeadership: true, hw: 2, isr: [1] }), replica(3, ['a'])], { leader: 1, leaderEpoch: 1, isr: [1, 3] }),
        ),
      ),
    ).toEqual(['StrongIsr', 'ValidHighWatermark']);
  });
  it('agreement below the HW ignores what a follower lacks, not what it holds differently', () => {
    const leader = replica(1, ['a', 'b', 'c'], { presumesLeadership: true, hw: 3 });
    expect(checkAgreementBelowHw(view([leader, replica(2, ['a'])]))).toEqual([]);
    expect(kinds(checkAgreementBelowHw(view([leader, replica(2, ['a', 'z'])])))).toEqual(['ReplicasAgreeBelowHw']);
  });
});
