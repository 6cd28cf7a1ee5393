// How fast Play goes (pure): it dwells on each caption long enough to read it, and plays the events between two
// captions in bounded time. Speed divides both. The player (Timeline.tsx) asks `nextBeat` at every position.
import type { Lang, SimEvent } from '../scenario/types';

/** Reading time per character: English about 60 ms, Chinese about 150 ms (a character carries more). */
export const READ_MS: Record<Lang, number> = { en: 60, zh: 150 };
/** A caption stays at least this long, however short. */
export const MIN_DWELL_MS = 2000;
/** One event alone takes this long; a step's events together take at most BEAT_MAX_MS. */
export const EVENT_MS = 450;
export const BEAT_MAX_MS = 3000;
/** A step's events are shown in at most this many moves (each a new picture from the worker). */
export const MAX_MOVES = 12;

/** How long a caption stays on screen at 1×: its length at the language's reading pace, 2 s at least; 0 for none. */
export function dwellMs(text: string, lang: Lang): number {
  const n = [...text.replace(/\s+/g, ' ').trim()].length;
  return n === 0 ? 0 : Math.max(MIN_DWELL_MS, n * READ_MS[lang]);
}

/** Events a learner steps through (network requests and runner bookkeeping only when asked for). */
export function visibleEvent(e: SimEvent, showNet: boolean, showRunner: boolean): boolean {
  if (e.type === 'MessageSent') return showNet;
  if (e.type === 'StepStarted') return showRunner;
  return true;
}

export interface BeatInput {
  events: SimEvent[];
  cursor: number;
  minCursor: number;
  stepEnds: number[];
  /** the narration shown at the cursor (empty when none) and its language */
  caption: string;
  lang: Lang;
  speed: number;
  showNet: boolean;
  showRunner: boolean;
}

/**
 * The next move while playing: after `delayMs`, go to `to`; null at the end. At the end of a step (or the start)
 * the delay is the caption's reading time; inside a step, the step's visible events are spread over at most
 * BEAT_MAX_MS in at most MAX_MOVES moves.
 */
export function nextBeat(b: BeatInput): { delayMs: number; to: number } | null {
  const last = b.events.length - 1;
  if (b.cursor >= last) return null;
  const atStepEnd = b.cursor <= b.minCursor || b.stepEnds.includes(b.cursor);
  // the step the next events belong to, and where it ends
  const end = b.stepEnds.find((e) => e > b.cursor) ?? last;
  const visible: number[] = [];
  for (let i = b.cursor + 1; i <= end; i++) if (visibleEvent(b.events[i], b.showNet, b.showRunner)) visible.push(i);
  if (visible.length === 0 || visible[visible.length - 1] !== end) visible.push(end); // the step's end is always a stop
  // the whole step's visible events, to keep the pace even across the step
  const start = Math.max(b.minCursor, [...b.stepEnds].reverse().find((e) => e < end) ?? b.minCursor);
  let total = 0;
  for (let i = start + 1; i <= end; i++) if (visibleEvent(b.events[i], b.showNet, b.showRunner)) total++;
  total = Math.max(total, visible.length);
  const moves = Math.min(total, MAX_MOVES);
  const perMove = Math.ceil(total / moves);
  const to = visible[Math.min(visible.length, perMove) - 1];
  const moveMs = Math.min(EVENT_MS, BEAT_MAX_MS / moves);
  const wait = atStepEnd && b.caption ? dwellMs(b.caption, b.lang) : moveMs;
  return { delayMs: wait / b.speed, to };
}

/**
 * Play's moves after the one to `to`, up to the end of `to`'s step (nextBeat's `to` from each in turn): the worker
 * prepares them with `to`, so that a step's moves cost one replay of it, not one each.
 */
export function movesAhead(b: Omit<BeatInput, 'cursor' | 'caption'>, to: number): number[] {
  const out: number[] = [];
  const end = b.stepEnds.find((e) => e >= to) ?? b.events.length - 1;
  for (let c = to; c < end && out.length < MAX_MOVES;) {
    c = nextBeat({ ...b, cursor: c, caption: '' })!.to;
    out.push(c);
  }
  return out;
}
