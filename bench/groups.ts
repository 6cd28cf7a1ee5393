/**
 * Consumer-group rebalance cost: wall milliseconds (performance.now) of one Assignor.assign()
 * for 100 members over 1,000 partitions (10 topics x 100, every member subscribed to all), in
 * the second rebalance: a previous assignment exists and one member has left, so the remaining
 * 99 report what they own (generation 1). Each figure is the median of 5 timed runs after one
 * untimed warm-up run.
 *
 * Keys: groups.rebalanceMs.range, .roundrobin, .sticky, .cooperative-sticky
 *
 * groups.simulatedRebalanceMs.<assignor>: the same rebalance simulated end to end in the engine
 * (3 brokers, 10 topics x 100 partitions, 100 consumers in one group, one of them closes): wall ms
 * from its close until the group is Stable again with every partition assigned (LeaveGroup, JoinGroup
 * of the 99, the leader's assignment, SyncGroup, the group metadata record written with acks=all);
 * the median of 3 such departures (the member comes back, untimed, between them).
 */
import { Latch } from '../src/engine/sim/call';
import { assignors, type Assignment, type AssignorName, type MemberSubscription } from '../src/engine/group/rules';
import { ScenarioRun } from '../src/scenario/runner';
import { validateScenario } from '../src/scenario/validate';

const TOPICS = 10;
const PARTITIONS_PER_TOPIC = 100;
const MEMBERS = 100;
const RUNS = 5;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

export function groupsBench(): Record<string, number> {
  const topics = Array.from({ length: TOPICS }, (_, i) => `topic-${String(i).padStart(2, '0')}`);
  const partitionsPerTopic = Object.fromEntries(topics.map((t) => [t, PARTITIONS_PER_TOPIC]));
  const ids = Array.from({ length: MEMBERS }, (_, i) => `consumer-${String(i).padStart(3, '0')}`);
  const leaving = ids[MEMBERS >> 1];
  const out: Record<string, number> = {};

  for (const name of ['range', 'roundrobin', 'sticky', 'cooperative-sticky'] as AssignorName[]) {
    const assignor = assignors[name];
    const first: Assignment = assignor.assign(
      partitionsPerTopic,
      ids.map((memberId) => ({ memberId, topics, ownedPartitions: [], generation: -1 })),
    );
    const second: MemberSubscription[] = ids
      .filter((id) => id !== leaving)
      .map((memberId) => ({ memberId, topics, ownedPartitions: first[memberId], generation: 1 }));

    const times: number[] = [];
    let result: Assignment = {};
    for (let run = 0; run <= RUNS; run++) {
      const t0 = performance.now();
      result = assignor.assign(partitionsPerTopic, second);
      const ms = performance.now() - t0;
      if (run > 0) times.push(ms);
    }
    // sanity: a real assignment was timed
    const given = Object.values(result).flat().length;
    const expected = name === 'cooperative-sticky' ? given : TOPICS * PARTITIONS_PER_TOPIC;
    if (Object.keys(result).length !== MEMBERS - 1 || given !== expected) throw new Error(`groupsBench: ${name} gave ${given} partitions`);
    out[`groups.rebalanceMs.${name}`] = Math.round(median(times) * 1000) / 1000;
  }
  return { ...out, ...simulatedRebalanceBench() };
}

/** One simulated rebalance (see the header) per assignor, in wall milliseconds. */
export function simulatedRebalanceBench(): Record<string, number> {
  const out: Record<string, number> = {};
  for (const name of ['range', 'roundrobin', 'sticky', 'cooperative-sticky'] as AssignorName[]) {
    const steps = Array.from({ length: TOPICS }, (_, i) => ({
      do: 'createTopic',
      topic: `topic-${String(i).padStart(2, '0')}`,
      partitions: PARTITIONS_PER_TOPIC,
      replicationFactor: 1,
    }));
    const v = validateScenario({ version: 1, id: 'groups-bench', brokers: 3, steps });
    if (!v.ok) throw new Error(v.problem.message);
    const run = new ScenarioRun(v.scenario);
    run.runToEnd();
    const ext = { system: run.cluster.groups };
    const topics = steps.map((s) => s.topic);
    const consumers = Array.from({ length: MEMBERS }, (_, i) =>
      ext.system.join({
        name: `consumer-${String(i).padStart(3, '0')}`,
        group: 'g',
        topics,
        assignor: name,
        autoCommit: true,
        autoCommitIntervalMs: 5000,
        autoOffsetReset: 'latest',
      }),
    );
    const stable = () =>
      ext.system.findGroup('g')?.group.state === 'Stable' && consumers.every((c) => c.status !== 'active' || c.coordinator.state === 'stable');
    run.runUntil(stable, 600_000);
    const times: number[] = [];
    for (let i = 0; i < 3; i++) {
      const leaving = consumers[(MEMBERS >> 1) + i];
      const t0 = performance.now();
      const closed = new Latch();
      leaving.close(closed.signal);
      run.runUntil(() => closed.done, 30_000);
      run.runFor(10);
      run.runUntil(stable, 600_000);
      times.push(performance.now() - t0);
      const g = ext.system.findGroup('g')!.group;
      const given = [...g.members.values()].reduce((n, m) => n + m.assignment.length, 0);
      if (g.members.size !== MEMBERS - 1 || given !== TOPICS * PARTITIONS_PER_TOPIC)
        throw new Error(`simulatedRebalanceBench: ${name} gave ${given} partitions to ${g.members.size} members`);
      // it comes back (untimed), so the next round starts from 100 members again
      ext.system.join({ ...leaving.options });
      run.runFor(10);
      run.runUntil(stable, 600_000);
      run.runFor(1000); // a cooperative group's second rebalance, if any
      run.runUntil(stable, 600_000);
    }
    out[`groups.simulatedRebalanceMs.${name}`] = Math.round(median(times) * 10) / 10;
  }
  return out;
}
