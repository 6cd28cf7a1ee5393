// The scene between two timeline positions: the beats the events in (lo, hi] make, in trace order, with the
// requests sent in between grouped into flights, a clock beat wherever a countdown runs while time passes,
// and durations that keep a whole step within a few seconds (repeats after the first two go faster).
import type { Scenario, SimEvent } from '../../scenario/types';
import { electionBeats, type ElectionCtx } from './election';
import { placementBeats } from './placement';
import { rebalanceBeats, type RebalanceCtx } from './rebalance';
import type { Countdown } from './timers';
import { ownedAt } from './trace';
import { modernGroupsAt } from './consumerGroup';
import type { Beat, BeatBody, Flight, Mechanic, Scene } from './types';

/** Requests that belong to a mechanic's story; the rest (fetches, pings, heartbeats) fly as routine traffic. */
const ELECTION_APIS = new Set([
  'LeaderAndIsr',
  'UpdateMetadata',
  'MetadataFetch',
  'WatchedEvent',
  'SessionExpired',
  'AlterIsr',
  'AlterIsrResponse',
  'StopReplica',
]);
const REBALANCE_APIS = new Set([
  'FindCoordinator',
  'FindCoordinatorResponse',
  'JoinGroup',
  'JoinGroupResponse',
  'SyncGroup',
  'SyncGroupResponse',
  'LeaveGroup',
  'LeaveGroupResponse',
  // KIP-848: only the heartbeats that change something (joins, targets, acknowledgements); the others are routine
  'ConsumerGroupHeartbeat',
]);

/** Base durations at 1× (ms). */
const MS: Record<BeatBody['kind'], number> = {
  down: 800,
  up: 700,
  clock: 0,
  expired: 900,
  znodeGone: 1000,
  znodeSet: 800,
  controller: 1500,
  isr: 2200,
  isrMore: 900,
  record: 900,
  leaderMove: 1100,
  fenced: 1000,
  zombie: 1100,
  bounce: 900,
  flight: 800,
  memberIn: 600,
  memberOut: 700,
  groupState: 900,
  revoke: 1000,
  assign: 2000,
  owners: 1100,
  target: 2000,
  reconcile: 1300,
  placeGrid: 700,
  placeRow: 1100,
  placeDiff: 1200,
  placeError: 1600,
  lookup: 1100,
};
/** A whole scene at 1× stays within this (longer ones are compressed). */
export const SCENE_CAP_MS = 9000;
const MAX_DOTS = 24;
/** Frequent events no beat is made of. */
const ROUTINE = new Set([
  'Appended',
  'HighWatermarkAdvanced',
  'Flushed',
  'Polled',
  'OffsetCommitted',
  'CommitRequested',
  'StepStarted',
  'SegmentRolled',
  'PageCacheWrittenBack',
  'ProduceAcked',
]);

function mechOf(b: BeatBody): Mechanic | null {
  switch (b.kind) {
    case 'memberIn':
    case 'memberOut':
    case 'groupState':
    case 'revoke':
    case 'assign':
    case 'owners':
    case 'target':
    case 'reconcile':
      return 'rebalance';
    case 'placeGrid':
    case 'placeRow':
    case 'placeDiff':
    case 'placeError':
      return 'placement';
    case 'lookup':
      return 'lookup';
    case 'flight':
      return ELECTION_APIS.has(b.api) ? 'election' : REBALANCE_APIS.has(b.api) ? 'rebalance' : null;
    default:
      return 'election';
  }
}

export interface SceneInput {
  events: SimEvent[];
  from: number;
  to: number;
  scenario: Scenario | null;
  /** live brokers (for placement) */
  live: number[];
  countdowns: Countdown[];
}

export function buildScene({ events, from, to, scenario, live, countdowns }: SceneInput): Scene {
  const lo = Math.max(-1, Math.min(from, to)),
    hi = Math.min(events.length - 1, Math.max(from, to));
  const forward = to >= from;
  const timeAt = (k: number) => (k >= 0 ? (events[k]?.time ?? 0) : 0);
  const scene: Scene = { lo, hi, forward, beats: [], timeLo: timeAt(lo), timeHi: timeAt(hi) };
  if (hi <= lo) return scene;
  const kraft = scenario?.mode === 'kraft';
  const ectx: ElectionCtx = { events, kraft, fullElections: 0, pendingMoves: new Map() };
  const rctx: RebalanceCtx = { owned: ownedAt(events, lo), modern: modernGroupsAt(events, lo) };
  const out: Beat[] = [];
  let pending: { at: number; list: Flight[]; routine?: boolean }[] = [];
  const storyBeats = storyHeartbeats(events, lo, hi);
  let clockAt = scene.timeLo;
  const push = (b: BeatBody, at: number) => out.push({ ...b, mech: mechOf(b), ms: MS[b.kind], at } as Beat);
  const flushFlights = () => {
    // one beat per API of a mechanic, in the order they were sent; routine traffic in one beat
    const byApi = new Map<string, { at: number; list: Flight[] }>();
    for (const p of pending)
      for (const f of p.list) {
        const key = !p.routine && (ELECTION_APIS.has(f.api) || REBALANCE_APIS.has(f.api)) ? f.api : '';
        const g = byApi.get(key) ?? { at: p.at, list: [] };
        if (g.list.length < MAX_DOTS) g.list.push(f);
        byApi.set(key, g);
      }
    for (const [api, g] of byApi) push({ kind: 'flight', api, flights: g.list }, g.at);
    pending = [];
  };
  const running = (k: number) => countdowns.some((c) => c.fromIdx <= k && k <= c.toIdx && c.fromIdx <= hi && c.toIdx > lo);
  const clockTo = (t: number, k: number) => {
    if (t <= clockAt || !running(k)) {
      clockAt = Math.max(clockAt, t);
      return;
    }
    const timeout = Math.max(1, ...countdowns.filter((c) => c.fromIdx <= k && k <= c.toIdx).map((c) => c.timeoutMs));
    out.push({ kind: 'clock', from: clockAt, to: t, mech: 'election', ms: Math.round(Math.max(700, Math.min(3000, (3000 * (t - clockAt)) / timeout))), at: k });
    clockAt = t;
  };
  for (let i = lo + 1; i <= hi; i++) {
    const e = events[i];
    if (e.type === 'MessageSent') {
      const f = { from: String(e.from), to: String(e.to), api: String(e.api) };
      if (f.from !== f.to) pending.push({ at: i, list: [f], routine: f.api === 'ConsumerGroupHeartbeat' && !storyBeats.has(Number(e.correlationId)) });
      continue;
    }
    if (ROUTINE.has(e.type)) continue;
    const bodies: BeatBody[] = electionBeats(e, i, ectx);
    bodies.push(...rebalanceBeats(e, rctx));
    if (e.type === 'TopicCreated' || e.type === 'AdminRequestFailed') bodies.push(...placementBeats(e, live, scenario));
    if (forward && e.type === 'Lookup') bodies.push(...lookupBeats(e));
    if (bodies.length === 0) continue;
    flushFlights();
    clockTo(e.time, i);
    for (const b of bodies) push(b, i);
  }
  flushFlights();
  clockTo(scene.timeHi, hi);
  if (ectx.pendingMoves.size) push({ kind: 'leaderMove', moves: [...ectx.pendingMoves.values()] }, hi);
  scene.beats = compress(merge(out));
  // requests of a mechanic count as that mechanic only when its story is on stage
  const has = (m: Mechanic) => scene.beats.some((b) => b.mech === m && b.kind !== 'flight');
  for (const b of scene.beats) if (b.kind === 'flight' && b.mech && !has(b.mech)) b.mech = null;
  return scene;
}

/** Group events a ConsumerGroupHeartbeat can cause at the coordinator (between the request and its response). */
const HEARTBEAT_STORY = new Set(['MemberJoined', 'MemberLeft', 'GroupEpochBumped', 'TargetAssignmentComputed', 'MemberReconciled']);

/**
 * The correlation ids of the ConsumerGroupHeartbeats in (lo, hi] that changed the group: between the request and
 * its response the coordinator bumped an epoch, computed a target or moved the member (GroupMetadataManager.
 * consumerGroupHeartbeat). The others (a member saying it is alive every 5 s) fly as routine traffic.
 */
function storyHeartbeats(events: SimEvent[], lo: number, hi: number): Set<number> {
  const open = new Map<number, string>();
  const out = new Set<number>();
  for (let i = lo + 1; i <= hi; i++) {
    const e = events[i];
    if (e.type === 'MessageSent' && e.api === 'ConsumerGroupHeartbeat') {
      if (e.response) open.delete(Number(e.correlationId));
      else open.set(Number(e.correlationId), String(e.from).replace(/^consumer-/, ''));
    } else if (HEARTBEAT_STORY.has(e.type)) {
      for (const [id, member] of open) if (e.member === member || e.member == null) out.add(id);
    }
  }
  return out;
}

function lookupBeats(e: SimEvent): BeatBody[] {
  const base = { topic: String(e.topic), partition: Number(e.partition), offset: Number(e.offset), broker: e.broker == null ? null : Number(e.broker) };
  const stages = e.error ? (['segments', 'result'] as const) : (['segments', 'index', 'scan', 'result'] as const);
  return stages.map((stage) => ({ kind: 'lookup', stage, ...base }));
}

/** Runs of the same summary beat become one (n more elections, n more bounces, leader moves together). */
function merge(beats: Beat[]): Beat[] {
  const out: Beat[] = [];
  const seen = new Map<string, number>();
  for (const b of beats) {
    // a write bouncing again and again (a zombie's retries) is one beat with a count; the same requests
    // flying a third time (the retries that go with it) are not drawn again
    if (b.kind === 'bounce') {
      const again = out.find((o) => o.kind === 'bounce' && o.from === b.from && o.error === b.error);
      if (again && again.kind === 'bounce') {
        again.count += b.count;
        continue;
      }
    }
    if (b.kind === 'flight' && b.api) {
      const key = b.api + ' ' + b.flights.map((f) => `${f.from}>${f.to}`).join();
      const n = (seen.get(key) ?? 0) + 1;
      seen.set(key, n);
      if (n > 2) continue;
    }
    const last = out[out.length - 1];
    if (last && last.kind === 'isrMore' && b.kind === 'isrMore') {
      last.count += b.count;
      continue;
    }
    if (last && last.kind === 'bounce' && b.kind === 'bounce' && last.from === b.from && last.error === b.error) {
      last.count += b.count;
      continue;
    }
    if (last && last.kind === 'leaderMove' && b.kind === 'leaderMove' && last.moves.length >= 2) {
      last.moves.push(...b.moves);
      continue;
    }
    out.push(b);
  }
  return out;
}

/** Beyond the first two of a kind, beats go faster; then the whole scene is scaled into SCENE_CAP_MS. */
function compress(beats: Beat[]): Beat[] {
  const seen = new Map<string, number>();
  for (const b of beats) {
    const k = b.kind === 'placeRow' ? `row${b.kafka}` : b.kind === 'flight' ? `flight${b.api}` : b.kind;
    const n = (seen.get(k) ?? 0) + 1;
    seen.set(k, n);
    if (b.kind === 'placeRow' && b.fast) b.ms = 350;
    else if (b.kind === 'flight' && !b.api)
      b.ms = 450; // routine traffic: fetches, pings, heartbeats
    else if (n > 2 && b.kind !== 'clock') b.ms = Math.round(b.ms * 0.35);
  }
  const total = beats.reduce((s, b) => s + b.ms, 0);
  if (total > SCENE_CAP_MS) for (const b of beats) b.ms = Math.max(60, Math.round((b.ms * SCENE_CAP_MS) / total));
  return beats;
}

/** The scene's length at a speed, in ms of wall time. */
export function sceneMs(scene: Scene, speed: number): number {
  return scene.beats.reduce((s, b) => s + b.ms, 0) / Math.max(0.01, speed);
}
