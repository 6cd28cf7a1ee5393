/**
 * Consumer-group rebalance cost: wall milliseconds (performance.now) of one Assignor.assign()
 * for 100 members over 1,000 partitions (10 topics x 100, every member subscribed to all), in
 * the second rebalance: a previous assignment exists and one member has left, so the remaining
 * 99 report what they own (generation 1). Each figure is the median of 5 timed runs after one
 * untimed warm-up run.
 *
 * Keys: groups.rebalanceMs.range, .roundrobin, .sticky, .cooperative-sticky
 */
import { assignors, type Assignment, type AssignorName, type MemberSubscription } from '../src/engine/group/rules';

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
  return out;
}
