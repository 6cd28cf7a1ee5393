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
  return { startIndex, shift: ((((second - startIndex - 1) % n) + n) % n) % (n - 1) };
}

/** Row i of the article's grid: replica j on broker index (i + j) mod n; none past the number of brokers. */
export function seedRow(i: number, rf: number, brokers: number[]): PlacementRow {
  const n = brokers.length;
  return {
    i,
    cells: Array.from({ length: rf }, (_, j) => (j < n ? { j, index: (i + j) % n, broker: brokers[(i + j) % n] } : { j, index: null, broker: null })),
  };
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

/** Everything the placement view draws for one topic creation: the brokers, both grids, which one Kafka used. */
export interface PlacementModel {
  topic: string;
  brokers: number[];
  partitions: number;
  rf: number;
  mode: string;
  startIndex: number;
  shift: number;
  seed: PlacementRow[];
  kafka: PlacementRow[];
  explicit: PlacementRow[] | null;
  error: string | null;
}

export function placementModel(e: SimEvent, live: number[]): PlacementModel {
  const topic = String(e.topic);
  const assignment = (e.assignment as number[][]) ?? [];
  const brokers = brokersFor(assignment, live);
  const mode = String(e.mode ?? 'seed');
  const rf = Number(e.replicationFactor),
    p = assignment.length;
  const { startIndex, shift } = mode === 'kafka' ? kafkaParams(assignment, brokers) : { startIndex: 0, shift: 0 };
  const rows = (f: (i: number) => PlacementRow) => Array.from({ length: p }, (_, i) => f(i));
  const m: PlacementModel = {
    topic,
    brokers,
    partitions: p,
    rf,
    mode,
    startIndex,
    shift,
    error: null,
    seed: rows((i) => seedRow(i, rf, brokers)),
    kafka: rows((i) => kafkaRow(i, rf, brokers, startIndex, shift)),
    explicit: mode === 'explicit' ? assignment.map((r, i) => ({ i, cells: r.map((b, j) => ({ j, broker: b, index: brokers.indexOf(b) })) })) : null,
  };
  // Kafka placed them otherwise than the rack-unaware AdminUtils rule (racks: rack-aware AdminUtils, or KRaft's
  // StripedReplicaPlacer): what it did is shown as it is, not a formula that would not give it
  if (mode === 'kafka' && m.kafka.some((r, i) => r.cells.some((c, j) => c.broker !== assignment[i]?.[j]))) {
    m.mode = 'placed';
    m.kafka = [];
    m.explicit = assignment.map((r, i) => ({ i, cells: r.map((b, j) => ({ j, broker: b, index: brokers.indexOf(b) })) }));
  }
  return m;
}

/** The model of a refused creation (more replicas than brokers): the grid as far as it goes. */
export function refusedModel(topic: string, partitions: number, rf: number, live: number[], error: string): PlacementModel {
  const brokers = [...live].sort(byId);
  const seed = Array.from({ length: Math.min(partitions, 4) }, (_, i) => seedRow(i, rf, brokers));
  return { topic, brokers, partitions, rf, mode: 'seed', startIndex: 0, shift: 0, seed, kafka: [], explicit: null, error };
}

export function placementBeats(e: SimEvent, live: number[], scenario: Scenario | null): BeatBody[] {
  if (e.type === 'TopicCreated') {
    if (String(e.topic).startsWith('__')) return [];
    const m = placementModel(e, live);
    const { topic } = m;
    const out: BeatBody[] = [
      { kind: 'placeGrid', topic, brokers: m.brokers, partitions: m.partitions, rf: m.rf, mode: m.mode, startIndex: m.startIndex, shift: m.shift, error: null },
    ];
    if (m.explicit) {
      m.explicit.forEach((row, i) => out.push({ kind: 'placeRow', topic, row, kafka: false, fast: i >= 2 }));
      return out;
    }
    m.seed.forEach((row, i) => out.push({ kind: 'placeRow', topic, row, kafka: false, fast: i >= 2 }));
    m.kafka.forEach((row, i) => out.push({ kind: 'placeRow', topic, row, kafka: true, fast: i >= 2 }));
    out.push({ kind: 'placeDiff', topic });
    return out;
  }
  if (e.type === 'AdminRequestFailed' && e.do === 'createTopic') {
    const step = scenario?.steps[Number(e.index)];
    if (step?.do !== 'createTopic') return [];
    const m = refusedModel(String(step.topic), Number(step.partitions ?? 1), Number(step.replicationFactor ?? 1), live, String(e.error));
    const out: BeatBody[] = [
      { kind: 'placeGrid', topic: m.topic, brokers: m.brokers, partitions: m.partitions, rf: m.rf, mode: 'seed', startIndex: 0, shift: 0, error: m.error },
    ];
    m.seed.forEach((row, i) => out.push({ kind: 'placeRow', topic: m.topic, row, kafka: false, fast: i >= 2 }));
    out.push({ kind: 'placeError', topic: m.topic, error: String(e.error) });
    return out;
  }
  return [];
}
