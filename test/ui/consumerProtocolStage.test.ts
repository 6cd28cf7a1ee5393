// The KIP-848 rebalance on the stage, derived from the real trace of the consumer-protocol lesson (a classic and
// a consumer-protocol group on one topic): ConsumerGroupHeartbeat flights instead of JoinGroup/SyncGroup, the group
// epoch and each member's epoch, revocation before the partition moves, and no barrier: members a change does not
// touch revoke nothing. Kafka's rules: GroupMetadataManager.consumerGroupHeartbeat / maybeReconcile,
// CurrentAssignmentBuilder (UNREVOKED_PARTITIONS at the old epoch, UNRELEASED_PARTITIONS at the new), and
// ConsumerGroup.maybeUpdateGroupState (Assigning, Reconciling, Stable).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ScenarioRun } from '../../src/scenario/runner';
import type { Scenario, SimEvent } from '../../src/scenario/types';
import { validateScenario } from '../../src/scenario/validate';
import { modernGroupsAt, modernState } from '../../src/ui/stage/consumerGroup';
import { groupAtPos, memberEpochAtPos, ownedAtPos } from '../../src/ui/stage/display';
import { readerGaps } from '../../src/ui/stage/rebalance';
import { buildScene } from '../../src/ui/stage/scene';
import { allCountdowns } from '../../src/ui/stage/timers';
import type { Beat, BeatOf, Scene } from '../../src/ui/stage/types';

const v = validateScenario(JSON.parse(readFileSync(join(process.cwd(), 'public/lessons/consumer-protocol.json'), 'utf8')));
if (!v.ok) throw new Error(v.problem.message);
const scenario: Scenario = v.scenario;
const run = new ScenarioRun(scenario);
run.runToEnd();
const events: SimEvent[] = run.events.slice();
const stepEnd = (s: number) => events.reduce((k, e, i) => (e.step <= s ? i : k), -1);
/** the lesson's steps */
const E3_JOINS = 6,
  N3_JOINS = 8,
  E2_SETTLED = 12,
  N2_SETTLED = 14;

const scene = (from: number, to: number): Scene =>
  buildScene({ events, from: stepEnd(from), to: stepEnd(to), scenario, live: [1, 2, 3], countdowns: allCountdowns(events, scenario) });
const of = <K extends Beat['kind']>(s: Scene, k: K) => s.beats.filter((b) => b.kind === k) as BeatOf<K>[];
const at = (s: Scene, pred: (b: Beat) => boolean) => s.beats.findIndex(pred);

describe('the consumer protocol (KIP-848) on the stage', () => {
  it('n3 joins: ConsumerGroupHeartbeat flights, no JoinGroup or SyncGroup, no leader computing an assignment', () => {
    const s = scene(N3_JOINS - 1, N3_JOINS);
    const apis = new Set(s.beats.filter((b) => b.kind === 'flight' && b.mech === 'rebalance').map((b) => (b as BeatOf<'flight'>).api));
    expect(apis.has('ConsumerGroupHeartbeat')).toBe(true);
    expect(apis.has('JoinGroup') || apis.has('SyncGroup')).toBe(false);
    expect(of(s, 'assign')).toEqual([]);
    // the coordinator computes the target itself, for the new group epoch, with the server-side assignor
    expect(of(s, 'target')).toEqual([
      expect.objectContaining({ group: 'modern', epoch: 3, assignor: 'uniform', assignment: { n1: ['t-0', 't-1'], n2: ['t-3', 't-4'], n3: ['t-2', 't-5'] } }),
    ]);
    // the group epoch moves on the join; the state chip reads ConsumerGroup's states
    expect(of(s, 'groupState').map((g) => `${g.from}>${g.to}@${g.generation}`)).toEqual([
      'Stable>Assigning@3',
      'Assigning>Reconciling@3',
      'Reconciling>Stable@3',
    ]);
  });

  it('each member reconciles on its own heartbeat: revoke at the old epoch, then the new epoch; the newcomer waits for released partitions', () => {
    const s = scene(N3_JOINS - 1, N3_JOINS);
    const rec = of(s, 'reconcile').map((r) => `${r.member}:${r.epochFrom}>${r.epochTo}:${r.state}`);
    expect(rec).toEqual([
      'n3:0>3:UNRELEASED_PARTITIONS',
      'n1:2>2:UNREVOKED_PARTITIONS',
      'n1:2>3:STABLE',
      'n2:2>2:UNREVOKED_PARTITIONS',
      'n2:2>3:STABLE',
      'n3:3>3:STABLE',
    ]);
    expect(of(s, 'reconcile').find((r) => r.member === 'n1' && r.state === 'UNREVOKED_PARTITIONS')).toMatchObject({
      revoking: ['t-2'],
      assignment: ['t-0', 't-1'],
    });
    // revocation before assignment: t-2 and t-5 leave their owners before n3 draws a line to them
    const revokes = of(s, 'revoke');
    expect(revokes.map((r) => [r.member, r.partitions])).toEqual([
      ['n1', ['t-2']],
      ['n2', ['t-5']],
    ]);
    const handOver = at(s, (b) => b.kind === 'owners' && b.member === 'n3');
    expect(handOver).toBeGreaterThan(at(s, (b) => b.kind === 'revoke' && b.member === 'n2'));
    expect((s.beats[handOver] as BeatOf<'owners'>).partitions).toEqual(['t-2', 't-5']);
    // the heartbeat that carried the revocation flies just before the member revokes
    const k = at(s, (b) => b.kind === 'revoke' && b.member === 'n1');
    expect(s.beats[k - 1]).toMatchObject({ kind: 'flight', api: 'ConsumerGroupHeartbeat', flights: [{ from: 'broker-3', to: 'consumer-n1' }] });
  });

  it('no barrier: n1 and n2 keep the partitions that stay, at every position of the scene', () => {
    const s = scene(N3_JOINS - 1, N3_JOINS);
    const start = new Map([
      ['n1', ['t-0', 't-1', 't-2']],
      ['n2', ['t-3', 't-4', 't-5']],
    ]);
    for (let pos = 0; pos <= s.beats.length; pos += 0.5) {
      const owned = ownedAtPos(start, s, pos);
      expect(owned.get('n1')).toEqual(expect.arrayContaining(['t-0', 't-1']));
      expect(owned.get('n2')).toEqual(expect.arrayContaining(['t-3', 't-4']));
    }
    // and the classic group's join just before: every member revoked everything (the JoinGroup barrier)
    const classic = scene(E3_JOINS - 1, E3_JOINS);
    expect(of(classic, 'revoke').map((r) => [r.member, r.after])).toEqual([
      ['e1', []],
      ['e2', []],
    ]);
    expect(classic.beats.some((b) => b.kind === 'flight' && b.api === 'JoinGroup')).toBe(true);
  });

  it('the member epoch and the group epoch at a position follow the beats played so far', () => {
    const s = scene(N3_JOINS - 1, N3_JOINS);
    const k = at(s, (b) => b.kind === 'reconcile' && b.member === 'n1' && b.state === 'STABLE');
    expect(memberEpochAtPos('n1', { epoch: 3, state: 'STABLE' }, s, 0)).toEqual({ epoch: 2, state: 'STABLE' });
    expect(memberEpochAtPos('n1', { epoch: 3, state: 'STABLE' }, s, k)).toEqual({ epoch: 2, state: 'UNREVOKED_PARTITIONS' });
    expect(memberEpochAtPos('n1', { epoch: 3, state: 'STABLE' }, s, k + 1)).toEqual({ epoch: 3, state: 'STABLE' });
    expect(memberEpochAtPos('n3', { epoch: 3, state: 'STABLE' }, s, 0)).toBeNull();
    expect(groupAtPos('modern', { state: 'Stable', generation: 3 }, s, 0)).toMatchObject({ state: 'Stable', generation: 2 });
    expect(groupAtPos('modern', { state: 'Stable', generation: 3 }, s, s.beats.length)).toMatchObject({ state: 'Stable', generation: 3 });
  });

  it('the group read from the trace agrees with the dump at every step end', () => {
    const r = new ScenarioRun(scenario);
    while (r.nextStep < scenario.steps.length) {
      r.runStep();
      const d = r.dump().groups.modern as
        { state: string; generation: number; assignmentEpoch: number; members: Record<string, { memberEpoch: number }> } | undefined;
      const g = modernGroupsAt(r.events, r.events.length - 1).get('modern');
      if (!d || d.state === 'Dead') continue;
      expect(g).toBeDefined();
      expect([modernState(g!), g!.groupEpoch, g!.assignmentEpoch]).toEqual([d.state, d.generation, d.assignmentEpoch]);
      expect(Object.fromEntries([...g!.members].map(([m, x]) => [m, x.epoch]))).toEqual(
        Object.fromEntries(Object.entries(d.members).map(([m, x]) => [m, x.memberEpoch])),
      );
    }
  });

  it('the "no reader" line: classic stops every partition, the consumer protocol only those that move (the numbers the lesson states)', () => {
    const ms = (g: string, step: number) => Object.fromEntries(readerGaps(events, stepEnd(step), g).map((x) => [x.tp, x.ms]));
    // e3 joins: all 6 partitions without a reader for 6 ms (e1 and e2 rejoined at the same heartbeat)
    expect(ms('classic', E3_JOINS)).toEqual({ 't-0': 6, 't-1': 6, 't-2': 6, 't-3': 6, 't-4': 6, 't-5': 6 });
    // n3 joins: 2 of 6, about 1 s each: n3 learns of the released partitions at its next heartbeat
    expect(ms('modern', N3_JOINS)).toEqual({ 't-2': 1004, 't-5': 1000 });
    // e2 leaves: its own two from its revocation (before LeaveGroup), the others for the barrier
    expect(ms('classic', E2_SETTLED)).toEqual({ 't-0': 6, 't-1': 6, 't-2': 1002, 't-3': 1002, 't-4': 6, 't-5': 6 });
    // n2 leaves: only its two; n1 and n3 revoke nothing
    expect(ms('modern', N2_SETTLED)).toEqual({ 't-3': 2998, 't-4': 4002 });
    const left = events.findIndex((e) => e.type === 'MemberLeft' && e.member === 'n2');
    expect(events.some((e, i) => i > left && e.type === 'PartitionsRevoked' && e.group === 'modern')).toBe(false);
  });
});
