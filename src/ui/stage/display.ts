// What the stage shows while a scene plays: the dump is the state at one end of the scene, and every beat not
// yet played (forwards) or already un-played (backwards) holds its part of the picture at the other end.
import type { StateDump } from '../../scenario/types';
import { progressOf } from './director';
import type { PState } from './trace';
import type { Beat, BeatOf, Scene } from './types';
import { byCodePoint } from '../order';

export interface Badge {
  broker: number;
  epoch: number;
  zombie: boolean;
}

/** Controller badges of a dump: every broker that acts as controller (two at once: a zombie), else /controller. */
export function controllerBadges(dump: StateDump): Badge[] {
  const current = dump.controller.epoch;
  const out: Badge[] = [];
  for (const [id, b] of Object.entries(dump.brokers)) {
    const own = (b as { actsAsController?: number | null }).actsAsController;
    if (typeof own === 'number') out.push({ broker: Number(id), epoch: own, zombie: own < current });
  }
  const id = dump.controller.id;
  if (id !== null && dump.brokers[String(id)] && !out.some((b) => b.broker === id)) out.push({ broker: id, epoch: current, zombie: false });
  return out.sort((a, b) => a.broker - b.broker);
}

/** Beats of a kind with their index in the scene. */
function indexed<K extends Beat['kind']>(scene: Scene, kind: K): [BeatOf<K>, number][] {
  const out: [BeatOf<K>, number][] = [];
  scene.beats.forEach((b, k) => {
    if (b.kind === kind) out.push([b as BeatOf<K>, k]);
  });
  return out;
}

/** The badges to draw at a scene position: a controller change holds the old badge until its beat has played. */
export function badgesAt(dump: StateDump, scene: Scene | null, pos: number): Badge[] {
  const base = controllerBadges(dump);
  if (!scene) return base;
  const changes = indexed(scene, 'controller').filter(([b]) => !b.kraft);
  if (changes.length === 0) return base;
  const [first] = changes[0],
    [lastB, lastK] = changes[changes.length - 1];
  const atEnd = scene.forward ? base : after(base, dump, lastB);
  const atStart = scene.forward ? before(base, first) : base;
  const firstK = changes[0][1];
  if (progressOf(pos, lastK) >= 1) return atEnd;
  if (progressOf(pos, firstK) <= 0) return atStart;
  // mid-change: neither end holds the badge that is moving
  const moving = changes.find(([, k]) => progressOf(pos, k) > 0 && progressOf(pos, k) < 1)?.[0];
  return (progressOf(pos, firstK) >= 1 ? atEnd : atStart).filter((b) => !moving || b.broker !== moving.to || b.epoch !== moving.epochTo);
}

function before(base: Badge[], c: BeatOf<'controller'>): Badge[] {
  const out = base.filter((b) => !(b.broker === c.to && b.epoch === c.epochTo));
  if (c.from !== null && !out.some((b) => b.broker === c.from)) out.push({ broker: c.from, epoch: c.epochFrom, zombie: false });
  return out.map((b) => ({ ...b, zombie: b.epoch < c.epochFrom })).sort((a, b) => a.broker - b.broker);
}

function after(base: Badge[], dump: StateDump, c: BeatOf<'controller'>): Badge[] {
  const stillBelieves = (id: number) => dump.brokers[String(id)]?.status === 'paused';
  const out = base.filter((b) => b.broker !== c.from || stillBelieves(b.broker)).map((b) => ({ ...b, zombie: b.epoch < c.epochTo }));
  if (!out.some((b) => b.broker === c.to)) out.push({ broker: c.to, epoch: c.epochTo, zombie: false });
  return out.sort((a, b) => a.broker - b.broker);
}

/** Partitions whose leader and ISR differ from the dump at this position (a leader move not yet played). */
const NO_OVERRIDES = new Map<string, PState>();

export function partitionOverrides(scene: Scene | null, pos: number): Map<string, PState> {
  if (!scene || !scene.beats.some((b) => b.kind === 'leaderMove')) return NO_OVERRIDES;
  const out = new Map<string, PState>();
  for (const [b, k] of indexed(scene, 'leaderMove')) {
    const p = progressOf(pos, k);
    for (const m of b.moves) {
      // while the mark travels no replica holds it (-1: nobody), so the old leader shows as what it became
      const s: PState =
        p >= 1
          ? { leader: m.to, isr: m.isrAfter, epoch: m.epochTo }
          : p > 0
            ? { leader: -1, isr: m.isrAfter, epoch: m.epochTo }
            : { leader: m.from, isr: m.isrBefore, epoch: m.epochFrom };
      out.set(m.tp, s);
    }
  }
  return out;
}

/** What each consumer owns at this position: the dump's, or what a revoke or assignment not yet played leaves. */
export function ownedAtPos(dumpOwned: Map<string, string[]>, scene: Scene | null, pos: number): Map<string, string[]> {
  if (!scene) return dumpOwned;
  const out = new Map(dumpOwned);
  const touched = new Set<string>();
  const beats = scene.beats.map((b, k) => [b, k] as const).filter(([b]) => b.kind === 'revoke' || b.kind === 'owners');
  for (const [b, k] of beats) {
    if (b.kind !== 'revoke' && b.kind !== 'owners') continue;
    const p = progressOf(pos, k);
    if (p <= 0 && !touched.has(b.member)) {
      out.set(b.member, b.before);
      touched.add(b.member);
    } else if (p > 0) {
      out.set(b.member, p >= 1 ? b.after : b.kind === 'revoke' ? b.before : b.after);
      touched.add(b.member);
    }
  }
  return out;
}

/** A group's state and generation at this position. */
export function groupAtPos(
  group: string,
  dumpState: { state: string; generation: number },
  scene: Scene | null,
  pos: number,
): { state: string; generation: number; changing: number } {
  if (!scene) return { ...dumpState, changing: 0 };
  const changes = indexed(scene, 'groupState').filter(([b]) => b.group === group);
  if (changes.length === 0) return { ...dumpState, changing: 0 };
  let cur = { state: changes[0][0].from, generation: changes[0][0].generationFrom, changing: 0 };
  for (const [b, k] of changes) {
    const p = progressOf(pos, k);
    if (p <= 0) break;
    cur = { state: b.to, generation: b.generation, changing: p < 1 ? p : 0 };
  }
  return cur;
}

/** The znodes to list at this position: the dump's, with what beats not yet played (or already un-played) hold. */
export function znodesAt(dumpNodes: [string, string][], scene: Scene | null, pos: number): [string, string][] {
  if (!scene) return dumpNodes;
  const first = new Map<string, string | null>(),
    last = new Map<string, string | null>();
  scene.beats.forEach((b, k) => {
    if (b.kind !== 'znodeGone' && b.kind !== 'znodeSet' && b.kind !== 'controller') return;
    for (const z of b.znodes) {
      if (!first.has(z.path)) first.set(z.path, z.before);
      if (progressOf(pos, k) >= 1) last.set(z.path, z.after);
    }
  });
  if (first.size === 0) return dumpNodes;
  const out = new Map(dumpNodes);
  for (const [path, before] of first) {
    const v = last.has(path) ? last.get(path)! : before;
    if (v === null) out.delete(path);
    else out.set(path, v);
  }
  return [...out].sort((a, b) => byCodePoint(a[0], b[0]));
}

/** The fenced brokers at this position (KRaft): a fence not yet played is not drawn yet. */
export function fencedAt(dumpFenced: number[], scene: Scene | null, pos: number): Set<number> {
  const out = new Set(dumpFenced);
  if (!scene) return out;
  scene.beats.forEach((b, k) => {
    if (b.kind !== 'fenced') return;
    if (progressOf(pos, k) > 0) out.add(b.broker);
    else out.delete(b.broker);
  });
  return out;
}

/** A broker's status at this position: a crash, pause or restart not yet played is not drawn yet. */
export function statusAt(broker: number, dumpStatus: string, scene: Scene | null, pos: number): string {
  if (!scene) return dumpStatus;
  let first: string | null = null,
    last: string | null = null;
  scene.beats.forEach((b, k) => {
    if ((b.kind !== 'down' && b.kind !== 'up') || b.broker !== broker || (b.kind === 'down' && b.how === 'isolated')) return;
    const before = b.kind === 'down' ? 'online' : b.from;
    const after = b.kind === 'down' ? (b.how === 'powerLoss' ? 'crashed' : b.how) : 'online';
    if (first === null) first = before;
    if (progressOf(pos, k) > 0) last = after;
  });
  return last ?? first ?? dumpStatus;
}

/**
 * Partitions ("topic-i") not placed yet at this position: a new topic's replicas land in the brokers one
 * partition after another, as the grid of the algorithm Kafka used computes them.
 */
export function unplacedPartitions(scene: Scene | null, pos: number): Set<string> {
  const out = new Set<string>();
  if (!scene) return out;
  const kafka = new Map<string, boolean>();
  scene.beats.forEach((b, k) => {
    if (b.kind === 'placeGrid') kafka.set(b.topic, b.mode === 'kafka');
    else if (b.kind === 'placeRow' && b.kafka === (kafka.get(b.topic) ?? false) && progressOf(pos, k) < 1) out.add(`${b.topic}-${b.row.i}`);
  });
  return out;
}

/** A consumer-protocol member's epoch and reconciliation state at this position (the dump's, or a reconcile not yet played). */
export function memberEpochAtPos(
  member: string,
  dumpMember: { epoch: number; state: string } | null,
  scene: Scene | null,
  pos: number,
): { epoch: number; state: string } | null {
  if (!scene) return dumpMember;
  const mine = indexed(scene, 'reconcile').filter(([b]) => b.member === member);
  if (mine.length === 0) return dumpMember;
  let cur: { epoch: number; state: string } | null = mine[0][0].epochFrom === 0 ? null : { epoch: mine[0][0].epochFrom, state: mine[0][0].stateFrom };
  for (const [b, k] of mine) {
    if (progressOf(pos, k) <= 0) break;
    cur = { epoch: b.epochTo, state: b.state };
  }
  return cur;
}
