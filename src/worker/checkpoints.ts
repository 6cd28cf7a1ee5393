// Checkpoints of the timeline's full run (issue 13; docs/engine.md "Snapshots"): copies of the run at step ends, so a
// seek replays from the nearest one before it and its cost does not grow with the history.
import type { RunCheckpointLike, RunLike } from './timeline';

/**
 * A checkpoint follows a step of the full run once this much work (real time running steps) was done since the last
 * one, and at least four times what taking the last checkpoint cost. Taken as the full run passes, a checkpoint costs
 * only its copy (6 ms in the 108k-event history of ui.seekP95Ms, in Node); one the idle work adds later costs a
 * restore and half a stretch's replay besides (40 ms): 20 ms apart (it was 40) the load takes 63-70 instead of 35, for
 * the same load time (2.2 s).
 */
export const CHECKPOINT_AFTER_MS = 20;
/** Checkpoints kept per timeline: beyond, every other one goes and the spacing doubles. */
export const MAX_CHECKPOINTS = 256;
/**
 * The objects the checkpoints hold in all (~0.1-0.2 KB each), bounded as their number is. A checkpoint of the
 * 108k-event history of ui.seekP95Ms (3 brokers, 56 partitions) holds 5k objects (~0.4 MB as a plan), and up to 200 fit; one
 * of 6 brokers and 1,000 partitions holds 52k, and 19 fit (163 MB of heap with the run; its seeks in Node: median
 * 133 ms, P95 185). Bounded by their number and cost only, idle work took 61 of those, 457 MB; 800k objects (15 of
 * them) made its seeks 160 and 294 ms.
 */
export const CHECKPOINT_OBJECTS = 1_000_000;

/**
 * Idle work adds checkpoints (widestSplit) while those kept cost less than this to take in all: what a checkpoint
 * costs grows with what it copies (in the 108k-event history of ui.seekP95Ms: 3 ms in Node, a disk's files shared
 * copy-on-write; twice as slow in Chromium's worker), so a big cluster's idle work stays bounded (their memory is
 * CHECKPOINT_OBJECTS's).
 */
export const DENSE_COST_MS = 2400;

/** The objects a checkpoint holds (a run without the count: as many as the budget allows, one each). */
const objectsOf = (cp: RunCheckpointLike) => cp.objects ?? 1;

export class Checkpoints {
  /** by the step they run next (ascending) */
  list: RunCheckpointLike[] = [];
  /** ms running steps since the last one */
  private work = 0;
  /** what taking the last one cost */
  private cost = 0;
  /** a state the snapshot cannot copy (a closure: a bug, named by the snapshot tests) costs speed, never a step */
  private failed = false;
  /** what each step cost the full run (a capture does not start a step it has no time left for) */
  stepMs: number[] = [];

  constructor(
    private spacing: number,
    private clock: () => number,
  ) {}

  /** Those of `old` up to step `upTo` (a command in the past keeps the checkpoints before it), with its spacing. */
  static keptFrom(old: Checkpoints, upTo: number): Checkpoints {
    const c = new Checkpoints(old.spacing, old.clock);
    c.list = old.list.filter((cp) => cp.nextStep <= upTo);
    c.stepMs = old.stepMs.slice(0, upTo);
    return c;
  }

  /** The full run ran a step that took `ms` and ended at `end`: a checkpoint of it when enough work was done. */
  afterStep(full: RunLike, ms: number, end: number, enabled: boolean): void {
    this.work += ms;
    this.stepMs[full.nextStep - 1] = ms;
    if (!enabled || !full.checkpoint || full.halted || this.failed || this.work < Math.max(this.spacing, 4 * this.cost)) return;
    const cp = this.take(full);
    if (!cp) return;
    this.list.push(cp);
    this.cost = this.clock() - end;
    this.work = 0;
    this.thin();
  }

  /** The objects the checkpoints hold in all. */
  objects(): number {
    let n = 0;
    for (const cp of this.list) n += objectsOf(cp);
    return n;
  }

  /** Whether one more checkpoint (as big as the latest in the history) stays within CHECKPOINT_OBJECTS. */
  private roomForOne(): boolean {
    const last = this.list[this.list.length - 1];
    return !last || this.objects() + objectsOf(last) <= CHECKPOINT_OBJECTS;
  }

  /** The latest checkpoint a run for step `k` can start from. */
  before(k: number): RunCheckpointLike | null {
    let best: RunCheckpointLike | null = null;
    for (const cp of this.list) if (cp.nextStep <= k) best = cp;
    return best;
  }

  /** What the full run spent running steps [from, to). */
  workBetween(from: number, to: number): number {
    let ms = 0;
    for (let j = from; j < to; j++) ms += this.stepMs[j] ?? 0;
    return ms;
  }

  /**
   * A checkpoint of another run (between two steps, the same as the full run there) where the checkpoints around it
   * are far apart: `gap` ms of steps on each side (by default at least twice what a checkpoint costs, and `least`).
   * True when taken.
   */
  offer(run: RunLike, steps: number, least: number, gap = Math.max(2 * this.cost, least)): boolean {
    const k = run.nextStep;
    if (this.failed || !run.checkpoint || run.halted || k >= steps || !this.roomForOne()) return false;
    const before = this.before(k)?.nextStep ?? 0;
    const after = this.list.find((c) => c.nextStep >= k)?.nextStep ?? steps;
    if (after === k || this.workBetween(before, k) < gap || this.workBetween(k, after) < gap) return false;
    const cp = this.take(run);
    if (!cp) return false;
    const at = this.list.findIndex((c) => c.nextStep > k);
    this.list.splice(at < 0 ? this.list.length : at, 0, cp);
    this.thin();
    return true;
  }

  /**
   * Where one more checkpoint shortens seeks the most: in the widest stretch of steps between two checkpoints (or
   * the start and the end), the step end nearest the middle of its work, with `least` ms of work on each side. Only a
   * stretch whose replay to there runs no step that cost more than `longestStep` (idle work's pieces are short: the
   * widest stretch could hold one, a produce that met a collection, and no other stretch was split for it). Null
   * when there is none, when one more would thin the list, or when they would cost more than DENSE_COST_MS to take
   * in all.
   */
  widestSplit(steps: number, least: number, longestStep = Infinity): { from: number; at: number } | null {
    if (this.failed || this.list.length >= MAX_CHECKPOINTS - 1 || (this.list.length + 1) * this.cost > DENSE_COST_MS || !this.roomForOne()) return null;
    const bounds = [0, ...this.list.map((c) => c.nextStep), steps];
    let best: { from: number; at: number } | null = null,
      widest = 0;
    for (let i = 0; i + 1 < bounds.length; i++) {
      const from = bounds[i],
        to = bounds[i + 1];
      const work = this.workBetween(from, to);
      if (work < 2 * least || work <= widest) continue;
      let left = 0,
        at = from;
      while (at < to && left + (this.stepMs[at] ?? 0) <= work / 2) left += this.stepMs[at++] ?? 0;
      // the end nearest the middle: before the step that crosses it, or after it
      const after = left + (this.stepMs[at] ?? 0);
      const k = at < to && Math.min(after, work - after) > Math.min(left, work - left) ? at + 1 : at;
      const l = this.workBetween(from, k);
      if (k <= from || k >= to || l < least || work - l < least) continue;
      if (longestStep < Infinity && this.stepMs.slice(from, k).some((ms) => ms > longestStep)) continue;
      best = { from, at: k };
      widest = work;
    }
    return best;
  }

  private take(run: RunLike): RunCheckpointLike | null {
    try {
      return run.checkpoint!();
    } catch {
      this.failed = true;
      return null;
    }
  }

  private thin(): void {
    // one checkpoint stays, however big (a cluster of tens of thousands of replicas: its seeks replay from there)
    if (this.list.length <= MAX_CHECKPOINTS && (this.list.length < 2 || this.objects() <= CHECKPOINT_OBJECTS)) return;
    this.list = this.list.filter((_, i) => i % 2 === 1);
    this.spacing *= 2;
  }
}
