// Plays scenes: when the timeline cursor moves, the events between the old and the new position become a
// scene (scene.ts) and its beats play one after another on a d3 timer, forwards or backwards, scaled by the
// speed. Views read the scene and where it is (a position in beats); they render, D3 computes values.
import { timer, type Timer } from 'd3';
import { useLayoutEffect } from 'react';
import { createStore } from 'zustand/vanilla';
import { slicedHook } from '../slicedStore';
import { brokerIds } from '../selectors';
import { applyingWorkerState, useStore, type UiState } from '../store';
import { prepareTrace } from './prepare';
import { buildScene, sceneMs } from './scene';
import { scanCountdowns, type Countdown, type CountdownScan } from './timers';
import type { Beat, Mechanic, Scene } from './types';

interface StageState {
  scene: Scene | null;
  /** wall-clock ms (performance.now) when the scene started (Infinity: not yet, its state is still being drawn),
   *  and the speed it plays at */
  startedAt: number;
  speed: number;
  /** the latest frame's wall-clock ms */
  now: number;
}

// a move's scene is set with the move's state, and drawn in the same slices and commit (slicedStore.ts)
export const useStage = slicedHook(
  createStore<StageState>()(() => ({ scene: null, startedAt: 0, speed: 1, now: 0 })),
  applyingWorkerState,
);

/** Beyond these a move is a jump whatever it looks like: the new state is shown without a scene. */
const MAX_EVENTS = 3000;
const MAX_STEPS = 2;

/** Where a scene is after `elapsed1x` ms at 1×: 0 = the state at lo, beats.length = the state at hi. */
export function stagePos(scene: Scene, elapsed1x: number): number {
  const n = scene.beats.length;
  let left = Math.max(0, elapsed1x);
  for (let k = 0; k < n; k++) {
    const b = scene.beats[scene.forward ? k : n - 1 - k];
    if (left < b.ms) {
      const f = left / b.ms;
      return scene.forward ? k + f : n - k - f;
    }
    left -= b.ms;
  }
  return scene.forward ? n : 0;
}

/** A beat's own progress (0 before it, 1 after it) at a scene position. */
export const progressOf = (pos: number, k: number) => Math.max(0, Math.min(1, pos - k));

let countdownCache: { settings: string; scan: CountdownScan | null } = { settings: '', scan: null };

/** Every countdown of the current trace (memoised on the trace and carried over to one that begins the same; the
 *  worker sends a new scenario object each time). */
export function traceCountdowns(st: Pick<UiState, 'events' | 'scenario'>): Countdown[] {
  const settings = `${st.scenario?.mode}|${JSON.stringify(st.scenario?.config ?? {})}`;
  const { scan } = countdownCache;
  if (scan?.events !== st.events || countdownCache.settings !== settings) {
    countdownCache = { settings, scan: scanCountdowns(st.events, st.scenario, countdownCache.settings === settings ? scan : null) };
  }
  return countdownCache.scan!.list;
}

let installed = false;
let tick: Timer | null = null;
let last: { cursor: number; events: UiState['events'] } = { cursor: -1, events: [] };

function stop(): void {
  tick?.stop();
  tick = null;
}

/** The position the cursor came from, when the trace was replaced but begins the same (a new command at the end). */
function origin(st: UiState): number {
  if (st.events === last.events) return st.prevCursor;
  const k = last.cursor;
  const a = last.events[k],
    b = st.events[k];
  return k >= 0 && a && b && a.type === b.type && a.time === b.time ? k : st.cursor;
}

/**
 * A step plays; a jump shows the new state at once. A step is one event either way (the requests in between do
 * not count: the arrows, the player), or forwards one scenario step (to the next step end: », a new command).
 * Back one scenario step, a click in the event log, the scrubber, Home and End jump: going back a whole step
 * shows the state before it (one event back un-plays that event's beats).
 */
export function isStep(events: UiState['events'], stepEnds: number[], from: number, to: number): boolean {
  if (Math.abs(to - from) > MAX_EVENTS) return false;
  if (Math.abs((events[Math.max(0, to)]?.step ?? 0) - (events[Math.max(0, from)]?.step ?? 0)) > MAX_STEPS) return false;
  const lo = Math.min(from, to),
    hi = Math.max(from, to);
  let oneEvent = true;
  for (let k = lo + 1; k < hi && oneEvent; k++) if (events[k]?.type !== 'MessageSent') oneEvent = false;
  if (oneEvent) return true;
  return to > from && to === (stepEnds.find((e) => e > from) ?? events.length - 1);
}

function onMove(st: UiState): void {
  const from = origin(st),
    to = st.cursor;
  last = { cursor: to, events: st.events };
  stop();
  // a Reveal plays the answer (the prediction's own step and the answering one) rather than jumping to it
  const revealing = to > from && to - from <= MAX_EVENTS && st.predict.revealed?.cursor === to;
  if (from === to || !st.dump || !(revealing || isStep(st.events, st.stepEnds, from, to))) {
    useStage.setState({ scene: null });
    return;
  }
  const live = brokerIds(st.dump)
    .filter((b) => st.dump!.brokers[b].status === 'online')
    .map(Number);
  const scene = buildScene({ events: st.events, from, to, scenario: st.scenario, live, countdowns: traceCountdowns(st) });
  if (scene.beats.length === 0) {
    useStage.setState({ scene: null });
    return;
  }
  // it starts when its state is drawn (play)
  useStage.setState({ scene, startedAt: Infinity, speed: st.prefs.speed, now: 0 });
}

/** Starts the clock of a scene set by a move, once the move's state is drawn. */
function play(): void {
  const { scene, startedAt: pending, speed } = useStage.getState();
  if (!scene || pending !== Infinity || tick) return;
  const startedAt = performance.now();
  // the position stays at the scene's start: what selects it does not draw again for this
  useStage.setState({ startedAt, now: startedAt });
  const total = sceneMs(scene, speed);
  tick = timer(() => {
    const now = performance.now();
    if (now - startedAt >= total) {
      stop();
      useStage.setState({ scene: null, now });
      return;
    }
    useStage.setState({ now });
  });
}

/** Starts following the timeline (once; useDirector). */
function ensureDirector(): void {
  if (installed) return;
  installed = true;
  last = { cursor: useStore.getState().cursor, events: useStore.getState().events };
  const current = () => useStore.getState().events;
  prepareTrace(last.events, current);
  // a move sets its scene with its state (both drawn in one commit, in slices when from the worker); the clock
  // starts from that commit (useDirector). A scene's per-frame updates are drawn at once, and each would restart
  // React's sliced render of a state still on its way.
  useStore.subscribe((st, prev) => {
    if (st.cursor !== prev.cursor || st.events !== prev.events) onMove(st);
    if (st.events !== prev.events) prepareTrace(st.events, current);
  });
}

/**
 * Starts a move's scene from the commit that draws the move's state (a layout effect: the first frame painted shows
 * the scene's start on the new state). Every view that shows beats calls it.
 */
export function useDirector(): void {
  const cursor = useStore((s) => s.cursor);
  const events = useStore((s) => s.events);
  useLayoutEffect(() => {
    ensureDirector();
    // a later state still being drawn starts its own
    const st = useStore.getState();
    if (st.cursor === cursor && st.events === events) play();
  }, [cursor, events]);
}

/** Wall-clock ms until the scene on stage has played (0 when none): the player waits for it. */
export function stageRemainingMs(): number {
  const s = useStage.getState();
  if (!s.scene) return 0;
  // not started yet: all of it
  if (s.startedAt === Infinity) return sceneMs(s.scene, s.speed);
  return Math.max(0, s.startedAt + sceneMs(s.scene, s.speed) - performance.now());
}

/** The scene's position in beats now. */
export function posNow(s: StageState): number {
  return s.scene ? stagePos(s.scene, (s.now - s.startedAt) * s.speed) : 0;
}

/** The beat playing now and its progress, or null. */
export function currentBeat(s: StageState): { beat: Beat; k: number; p: number } | null {
  if (!s.scene || s.scene.beats.length === 0) return null;
  const pos = posNow(s);
  const n = s.scene.beats.length;
  const k = Math.min(n - 1, Math.max(0, s.scene.forward ? Math.floor(pos) : Math.ceil(pos) - 1));
  return { beat: s.scene.beats[k], k, p: progressOf(pos, k) };
}

/** The mechanic animating now (for data-anim), or null. */
export function animating(s: StageState, among: Mechanic[]): Mechanic | null {
  const c = currentBeat(s);
  if (!c) return null;
  if (c.beat.mech && among.includes(c.beat.mech)) return c.beat.mech;
  // between two beats of a mechanic (a routine flight, a clock) the scene still shows that mechanic
  return s.scene!.beats.find((b) => b.mech && among.includes(b.mech))?.mech ?? null;
}

/** For tests: forget the timeline being followed. */
export function resetDirector(): void {
  stop();
  useStage.setState({ scene: null, startedAt: 0, speed: 1, now: 0 });
  last = { cursor: useStore.getState().cursor, events: useStore.getState().events };
}
