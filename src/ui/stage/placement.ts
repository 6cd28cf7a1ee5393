// Replica placement as beats (design/stage.md, "Replica placement"): the article's (i + j) mod n grid and
// Kafka's own (AdminUtils.assignReplicasToBrokersRackUnaware: a random start index, and a shift for the
// second replica that grows by one each time the partitions wrap around the brokers), row by row.
import { replicaIndex } from '../../engine/rules/placement';
import type { Scenario, SimEvent } from '../../scenario/types';
import type { BeatBody, PlacementRow } from './types';

/** Kafka's start index and (effective) shift, read back from an assignment it made; brokers sorted. */
export function kafkaParams(assignment: number[][], brokers: number[]): { startIndex: number; shift: number } {
  const n = brokers.length;
  const first = assignment[0] ?? [];
  const startIndex = Math.max(0, brokers.indexOf(first[0]));
  if (first.length < 2 || n < 2) return { startIndex, shift: 0 };
  // replicaIndex(first, shift, 0, n) = (first + 1 + shift mod (n-1)) mod n
  const second = brokers.indexOf(first[1]);
  return { startIndex, shift: (((second - startIndex - 1) % n) + n) % n % (n - 1) };
}

/** Row i of the article's grid: replica j on broker index (i + j) mod n; none past the number of brokers. */
export function seedRow(i: number, rf: number, brokers: number[]): PlacementRow {
  const n = brokers.length;
  return { i, cells: Array.from({ length: rf }, (_, j) => (j < n ? { j, index: (i + j) % n, broker: brokers[(i + j) % n] } : { j, index: null, broker: null })) };
}

/** Row i of Kafka's grid, with the shift it uses for that row. */
export function kafkaRow(i: number, rf: number, brokers: number[], startIndex: number, shift0: number): PlacementRow & { shift: number; first: number } {
  const n = brokers.length;
  const shift = shift0 + (i > 0 ? Math.floor(i / n) : 0);
  const first = (i + startIndex) % n;
  const cells = Array.from({ length: rf }, (_, j) => {
    if (j >= n) return { j, index: null, broker: null };
    const index = j === 0 ? first : replicaIndex(first, shift, j - 1, n);
    return { j, index, broker: brokers[index] };
  });
  return { i, cells, shift, first };
}

const byId = (a: number, b: number) => a - b;

/** The brokers a topic was spread over: the live ones at its creation (the replicas name them all). */
function brokersFor(assignment: number[][], live: number[]): number[] {
  const used = new Set(assignment.flat());
  return [...used].every((b) => live.includes(b)) ? [...live].sort(byId) : [...new Set([...live, ...used])].sort(byId);
}

export function placementBeats(e: SimEvent, live: number[], scenario: Scenario | null): BeatBody[] {
  if (e.type === 'TopicCreated') {
    const topic = String(e.topic);
    if (topic.startsWith('__')) return [];
    const assignment = (e.assignment as number[][]) ?? [];
    const brokers = brokersFor(assignment, live);
    const mode = String(e.mode ?? 'seed');
    const rf = Number(e.replicationFactor), p = assignment.length;
    const { startIndex, shift } = mode === 'kafka' ? kafkaParams(assignment, brokers) : { startIndex: 0, shift: 0 };
    const out: BeatBody[] = [{ kind: 'placeGrid', topic, brokers, partitions: p, rf, mode, startIndex, shift, error: null }];
    if (mode === 'explicit') {
      assignment.forEach((r, i) => out.push({ kind: 'placeRow', topic, row: { i, cells: r.map((b, j) => ({ j, broker: b, index: brokers.indexOf(b) })) }, kafka: false, fast: i >= 2 }));
      return out;
    }
    for (let i = 0; i < p; i++) out.push({ kind: 'placeRow', topic, row: seedRow(i, rf, brokers), kafka: false, fast: i >= 2 });
    for (let i = 0; i < p; i++) out.push({ kind: 'placeRow', topic, row: kafkaRow(i, rf, brokers, startIndex, shift), kafka: true, fast: i >= 2 });
    out.push({ kind: 'placeDiff', topic });
    return out;
  }
  if (e.type === 'AdminRequestFailed' && e.do === 'createTopic') {
    const step = scenario?.steps[Number(e.index)];
    if (!step) return [];
    const topic = String(step.topic), p = Number(step.partitions ?? 1), rf = Number(step.replicationFactor ?? 1);
    const brokers = [...live].sort(byId);
    const out: BeatBody[] = [{ kind: 'placeGrid', topic, brokers, partitions: p, rf, mode: 'seed', startIndex: 0, shift: 0, error: String(e.error) }];
    for (let i = 0; i < Math.min(p, 4); i++) out.push({ kind: 'placeRow', topic, row: seedRow(i, rf, brokers), kafka: false, fast: i >= 2 });
    out.push({ kind: 'placeError', topic, error: String(e.error) });
    return out;
  }
  return [];
}
