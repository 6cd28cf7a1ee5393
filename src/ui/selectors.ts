// Derived views of the store: everything the views show that the worker did not send as such.
import { eventsBy, indexAtOrBefore } from './eventIndex';
import { scaleOrdinal } from 'd3';
import type { PartitionDump, SimEvent, StateDump } from '../scenario/types';

export type Role = 'leader' | 'follower' | 'outOfSync' | 'offline';

export interface ReplicaView {
  topic: string;
  partition: number;
  role: Role;
  index: number;
  /** an eligible leader replica (KIP-966): out of the ISR, yet holding every committed record */
  eligible?: true;
}

export interface PartitionRow {
  topic: string;
  partition: number;
  p: PartitionDump;
  underReplicated: boolean;
  offline: boolean;
}

const num = (a: string, b: string) => Number(a) - Number(b);

/** broker.rack of each broker that has one (contract v1.1), or undefined when none has. */
export function racksOf(dump: StateDump | null): Record<string, string> | undefined {
  const out: Record<string, string> = {};
  for (const [id, b] of Object.entries(dump?.brokers ?? {})) if (typeof b.rack === 'string') out[id] = b.rack;
  return Object.keys(out).length ? out : undefined;
}

export function brokerIds(dump: StateDump | null): string[] {
  return dump ? Object.keys(dump.brokers).sort(num) : [];
}

export function topicNames(dump: StateDump | null): string[] {
  return dump
    ? Object.keys(dump.topics)
        .filter((t) => !t.startsWith('__'))
        .sort()
    : [];
}

export function partitionsOf(dump: StateDump | null, topic: string): PartitionRow[] {
  const t = dump?.topics[topic];
  if (!t) return [];
  return Object.keys(t.partitions)
    .sort(num)
    .map((k) => {
      const p = t.partitions[k];
      return { topic, partition: Number(k), p, underReplicated: p.isr.length < p.replicas.length, offline: p.leader === null };
    });
}

export function allPartitions(dump: StateDump | null): PartitionRow[] {
  return topicNames(dump).flatMap((t) => partitionsOf(dump, t));
}

export function underReplicatedCount(dump: StateDump | null): number {
  return allPartitions(dump).filter((r) => r.underReplicated).length;
}

export function roleOf(p: PartitionDump, broker: number): Role {
  if (p.leader === null) return 'offline';
  if (p.leader === broker) return 'leader';
  return p.isr.includes(broker) ? 'follower' : 'outOfSync';
}

/** The replicas a broker hosts, in topic then partition order. */
export function replicasOnBroker(dump: StateDump | null, broker: string): ReplicaView[] {
  const b = Number(broker);
  const out: ReplicaView[] = [];
  for (const row of allPartitions(dump)) {
    const index = row.p.replicas.indexOf(b);
    if (index >= 0) out.push({ topic: row.topic, partition: row.partition, role: roleOf(row.p, b), index });
  }
  return out;
}

const palette = ['#4e79a7', '#f28e2b', '#59a14f', '#e15759', '#76b7b2', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#bab0ac'];

/** A stable colour per topic (by sorted name). */
export function topicColors(topics: string[]): (topic: string) => string {
  const s = scaleOrdinal<string, string>().domain(topics).range(palette);
  return (t) => s(t);
}

export const linkKey = (a: string, b: string) => (a < b ? `${a}|${b}` : `${b}|${a}`);

/** Cut links at the cursor, as "a|b" keys; "node|*" means cut from everyone. */
export function cutLinks(dump: StateDump | null, events: SimEvent[], cursor: number): Set<string> {
  const net = dump?.network as { cut?: unknown } | undefined;
  if (net && Array.isArray(net.cut)) return new Set(net.cut.map(String));
  const cut = new Set<string>();
  for (let i = 0; i <= cursor && i < events.length; i++) {
    const e = events[i];
    if (e.type !== 'LinkCut' && e.type !== 'LinkHealed') continue;
    const a = String(e.a),
      b = String(e.b);
    const k = b === '*' ? `${a}|*` : a === '*' ? `${b}|*` : linkKey(a, b);
    if (e.type === 'LinkCut') cut.add(k);
    else cut.delete(k);
  }
  return cut;
}

export function isCut(cut: Set<string>, a: string, b: string): boolean {
  return cut.has(linkKey(a, b)) || cut.has(`${a}|*`) || cut.has(`${b}|*`);
}

/** The requests sent between the previous and the current cursor (to animate), at most `max`. */
export function flightsBetween(events: SimEvent[], from: number, to: number, max = 24): SimEvent[] {
  if (to <= from) return [];
  const out: SimEvent[] = [];
  for (let i = Math.max(from + 1, to - 200); i <= to && i < events.length; i++) {
    if (events[i].type === 'MessageSent') out.push(events[i]);
  }
  return out.slice(-max);
}

/** The step the cursor is in (the step of its event), or -1 at the start. */
export function stepAtCursor(events: SimEvent[], cursor: number): number {
  return cursor >= 0 && cursor < events.length ? events[cursor].step : -1;
}

/** The partition's summary numbers, in Kafka operators' words. */
export function partitionSummary(p: PartitionDump) {
  const leaderLog = p.leader !== null ? p.logs[String(p.leader)] : undefined;
  const logs = Object.values(p.logs);
  return {
    inSync: p.isr.length,
    replicas: p.replicas.length,
    lowWatermark: leaderLog?.logStartOffset ?? (logs.length ? Math.min(...logs.map((l) => l.logStartOffset)) : 0),
    highWatermark: p.hw ?? leaderLog?.hw ?? null,
    logEndOffset: leaderLog?.leo ?? null,
    maxLeo: logs.length ? Math.max(...logs.map((l) => l.leo)) : 0,
  };
}

/** Broker index of replica j of partition i under (i + j) mod n, over sorted broker ids. */
export function seedPlacement(i: number, j: number, brokers: number[]): number {
  return brokers[(i + j) % brokers.length];
}

export function znodes(dump: StateDump | null): [string, string][] {
  const zk = dump?.zookeeper;
  if (!zk) return [];
  return Object.keys(zk)
    .sort()
    .map((k) => [k, String(zk[k])]);
}

/** Brokers that are down (crashed, stopped or paused) yet still lead partitions: the controller has not noticed yet. */
export function staleLeaders(dump: StateDump | null): string[] {
  if (!dump) return [];
  const out = new Set<string>();
  for (const r of allPartitions(dump)) {
    const l = r.p.leader;
    if (l !== null && dump.brokers[String(l)] && dump.brokers[String(l)].status !== 'online') out.add(String(l));
  }
  return [...out].sort(num);
}

export interface Batch {
  firstOffset: number;
  lastOffset: number;
  bytes: number;
  leaderEpoch: number;
  seq: number;
  /** a COMMIT or ABORT control batch the leader wrote (a follower's fetched ones are inside its appended range) */
  marker?: 'COMMIT' | 'ABORT';
}

const LOG_EVENTS = new Set(['Appended', 'TxnMarkerWritten', 'LogTruncated', 'UnflushedLost', 'LogRecovered']);
/** the events that change a replica's log, by "broker/topic/partition" */
const replicaLogKey = (e: SimEvent) => (LOG_EVENTS.has(e.type) ? `${e.broker}/${e.topic}/${e.partition}` : null);

/**
 * The record batches in one replica's log at the cursor, from the trace: appends, minus what truncation,
 * power loss, recovery and retention removed, and only below the replica's log end offset. `most`: the last that
 * many (what the partition log shows). Read backwards from the cursor, so that a seek does not walk the replica's
 * whole history (issue 13): an append survives the removals after it, each a bound on its offsets.
 */
export function batchesOf(
  events: SimEvent[],
  cursor: number,
  broker: number,
  topic: string,
  partition: number,
  logStartOffset: number,
  leo: number,
  most = Infinity,
): Batch[] {
  const at = eventsBy(events, replicaLogKey).get(`${broker}/${topic}/${partition}`) ?? [];
  const out: Batch[] = [];
  // a batch survives when it starts below every truncation and power loss after it, and ends below every
  // recovered log end after it (and the log end offset now)
  let firstBelow = Infinity,
    lastBelow = leo;
  for (let j = indexAtOrBefore(at, cursor); j >= 0 && out.length < most; j--) {
    const e = events[at[j]];
    if (e.type === 'LogTruncated') firstBelow = Math.min(firstBelow, Number(e.to));
    else if (e.type === 'UnflushedLost') firstBelow = Math.min(firstBelow, Number(e.from));
    else if (e.type === 'LogRecovered') lastBelow = Math.min(lastBelow, Number(e.leo));
    else {
      const marker = e.type === 'TxnMarkerWritten';
      const b: Batch = {
        firstOffset: Number(marker ? e.offset : e.firstOffset),
        lastOffset: Number(marker ? e.offset : e.lastOffset),
        bytes: Number(e.bytes),
        leaderEpoch: Number(e.leaderEpoch),
        seq: e.seq,
        ...(marker ? { marker: e.marker === 'ABORT' ? ('ABORT' as const) : ('COMMIT' as const) } : {}),
      };
      if (b.firstOffset < firstBelow && b.lastOffset < lastBelow && b.lastOffset >= logStartOffset) out.push(b);
    }
  }
  return out.reverse();
}

/**
 * Short names for topics on the stage, so a replica's label always shows its whole partition number:
 * names of up to 3 characters stay; longer ones become A, B, C… (the legend says "A = events").
 */
export function topicAbbrevs(topics: string[]): Map<string, string> {
  const out = new Map<string, string>();
  const short = new Set(topics.filter((t) => t.length <= 3));
  let n = 0;
  const next = () => {
    for (;;) {
      const k = n++;
      const a = String.fromCharCode(65 + (k % 26)) + (k >= 26 ? String(Math.floor(k / 26)) : '');
      if (!short.has(a)) return a;
    }
  };
  for (const t of [...topics].sort()) out.set(t, short.has(t) ? t : next());
  return out;
}

/** What each consumer owns, as the consumer sees it (its dump's assignment). */
export function ownedByConsumers(dump: StateDump | null): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const [name, c] of Object.entries((dump?.consumers ?? {}) as Record<string, { assignment?: string[]; status?: string }>)) {
    out.set(name, c.status === 'active' || c.status === undefined ? (c.assignment ?? []) : []);
  }
  return out;
}
