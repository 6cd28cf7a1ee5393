// The UI store: only what the worker sent (scenario, trace, dump, failures), the
// timeline position, and UI preferences. Views derive everything else (selectors.ts).
import { createStore } from 'zustand/vanilla';
import { slicedHook } from './slicedStore';
import type { ExpectFailure, Lang, Scenario, ScenarioProblem, SimEvent, StateDump } from '../scenario/types';
import type { LiveInfo, StepMetrics, WorkerState } from '../worker/protocol';
import type { FailoverFigure } from '../scenario/failoverCost';
import type { SessionsKey } from './sessions/strings';

export type Theme = 'light' | 'dark' | 'system';
export type ViewName = 'cluster' | 'log' | 'lookup' | 'placement' | 'groups' | 'compare' | 'metrics' | 'failover' | 'events';
export type ControlsMode = 'full' | 'player' | 'none';
export const ALL_VIEWS: ViewName[] = ['cluster', 'log', 'lookup', 'placement', 'groups', 'compare', 'metrics', 'failover', 'events'];
export const SPEEDS = [0.25, 0.5, 1, 2, 4, 8, 16];

export type UiError =
  | { kind: 'problem'; problem: ScenarioProblem }
  | {
      kind: 'param';
      name: string;
      code: 'paramUnknownScenario' | 'paramFetchFailed' | 'paramBadJson' | 'paramBadValue' | 'paramBadNumber';
      value: string;
      allowed?: string;
    }
  | { kind: 'engine'; message: string }
  | { kind: 'import'; message: string }
  /** a message of the saved clusters or the embedding (src/ui/sessions/strings.ts), shown in the current language */
  | { kind: 'text'; key: SessionsKey; params?: Record<string, unknown> };

export interface Prefs {
  lang: Lang;
  theme: Theme;
  speed: number;
  reducedMotion: boolean;
  /** step and list network requests too */ showNet: boolean;
  /** list the runner's bookkeeping (a step begins) too */ showRunner: boolean;
}

export interface Selection {
  topic: string | null;
  partition: number;
  broker: string | null;
  group: string | null;
}

/** What the learner answered at a predict step: the chosen choice's index, or the typed text. */
export interface Answer {
  answer: number | string;
  correct?: boolean;
}

/**
 * The learner's predictions in the loaded trace (lessons/predict.ts): their answers by predict step, the
 * prediction open at a position that shows an earlier step (freeze "before"), and the position a Reveal went to.
 */
export interface Predictions {
  answers: Record<number, Answer>;
  asking: { step: number; cursor: number } | null;
  revealed: { step: number; cursor: number } | null;
}

export interface UiState {
  ready: boolean;
  scenario: Scenario | null;
  events: SimEvent[];
  traceVersion: number;
  stepEnds: number[];
  cursor: number;
  minCursor: number;
  /** the cursor before the last move, to animate what happened in between */
  prevCursor: number;
  dump: StateDump | null;
  /** (project) the metrics at the start of the cursor's step, as the worker sent them (the metrics view's "before") */
  stepStart: StepMetrics | null;
  failures: ExpectFailure[];
  /** a live cluster (npm run cluster) the app watches, or null */
  live: LiveInfo | null;
  /** the state is a preview of a heavy scenario's start, its steps still running (WorkerState.preview): moves wait */
  preview: boolean;
  playing: boolean;
  errors: UiError[];
  prefs: Prefs;
  controls: ControlsMode;
  views: ViewName[];
  /** the view in focus (the stage's data-view) and the tab shown among the tabbed views */
  view: ViewName;
  tab: ViewName;
  selection: Selection;
  predict: Predictions;
  /** controller failovers the worker measured for the failover chart, by `${mode}:${partitions}` */
  failover: Record<string, FailoverFigure>;
  applyState(s: WorkerState): void;
  setFailover(key: string, f: FailoverFigure): void;
  addError(e: UiError): void;
  clearErrors(): void;
  setPlaying(p: boolean): void;
  setPrefs(p: Partial<Prefs>): void;
  setLayout(controls: ControlsMode, views: ViewName[]): void;
  select(s: Partial<Selection>): void;
  /** puts a view in focus (and in front, when it is a tab) */
  setView(v: ViewName, tab: boolean): void;
  setPredict(p: Partial<Predictions>): void;
}

export const initialPrefs = (): Prefs => ({ lang: 'en', theme: 'system', speed: 1, reducedMotion: false, showNet: false, showRunner: false });
export const noPredictions = (): Predictions => ({ answers: {}, asking: null, revealed: null });

// the worker's states are rendered in slices (slicedStore.ts); set while one is applied
let fromWorker = false;

const api = createStore<UiState>()((set) => ({
  ready: false,
  scenario: null,
  events: [],
  traceVersion: -1,
  stepEnds: [],
  cursor: -1,
  minCursor: -1,
  prevCursor: -1,
  dump: null,
  stepStart: null,
  failures: [],
  live: null,
  preview: false,
  playing: false,
  errors: [],
  prefs: initialPrefs(),
  controls: 'full',
  views: ALL_VIEWS,
  view: 'cluster',
  tab: 'log',
  selection: { topic: null, partition: 0, broker: null, group: null },
  predict: noPredictions(),
  failover: {},
  setFailover: (key, f) => set((st) => ({ failover: { ...st.failover, [key]: f } })),
  applyState: (s) => {
    fromWorker = true;
    try {
      set((st) => applied(st, s));
    } finally {
      fromWorker = false;
    }
  },
  addError: (e) => set((st) => ({ errors: [...st.errors, e] })),
  clearErrors: () => set({ errors: [] }),
  setPlaying: (playing) => set({ playing }),
  setPrefs: (p) => set((st) => ({ prefs: { ...st.prefs, ...p } })),
  // the view in focus is one the page shows
  setLayout: (controls, views) => set((st) => ({ controls, views, view: views.includes(st.view) ? st.view : (views[0] ?? st.view) })),
  select: (s) => set((st) => ({ selection: { ...st.selection, ...s } })),
  setView: (v, tab) => set(tab ? { view: v, tab: v } : { view: v }),
  setPredict: (p) => set((st) => ({ predict: { ...st.predict, ...p } })),
}));

/** A worker's state is being applied (its changes, and those made meanwhile, are drawn in slices). */
export const applyingWorkerState = () => fromWorker;

export const useStore = slicedHook(api, applyingWorkerState);

/** The store after a worker's state (applyState). */
function applied(st: UiState, s: WorkerState): Partial<UiState> {
  // a live push, or a new trace that begins as the last one (a command's answer), carries only the trace (and a live
  // push the steps) from a position on: the beginning's event objects are kept (the stage's caches of the trace go on
  // from them)
  const appended = s.eventsFrom !== undefined && s.eventsFrom > 0;
  const events = !s.events ? st.events : s.eventsFrom ? st.events.slice(0, s.eventsFrom).concat(s.events) : s.events;
  // the scenario comes with a new trace only (WorkerState.scenario)
  const scenario = !s.scenario
    ? st.scenario
    : s.stepsFrom && st.scenario
      ? { ...s.scenario, steps: st.scenario.steps.slice(0, s.stepsFrom).concat(s.scenario.steps) }
      : s.scenario;
  return {
    // a new trace (a load, a command) starts the predictions afresh; an open one holds only where it was asked
    predict:
      s.traceVersion !== st.traceVersion
        ? noPredictions()
        : st.predict.asking && st.predict.asking.cursor !== s.cursor
          ? { ...st.predict, asking: null }
          : st.predict,
    ready: true,
    scenario,
    events,
    stepEnds: s.stepEnds ?? st.stepEnds,
    traceVersion: s.traceVersion,
    prevCursor: s.events && !appended ? s.cursor : st.cursor,
    cursor: s.cursor,
    minCursor: s.minCursor,
    dump: s.dump,
    stepStart: s.stepStart ?? null,
    failures: s.failures,
    live: s.live ?? null,
    preview: s.preview === true,
  };
}
