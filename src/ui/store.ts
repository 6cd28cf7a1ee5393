// The UI store: only what the worker sent (scenario, trace, dump, failures), the
// timeline position, and UI preferences. Views derive everything else (selectors.ts).
import { create } from 'zustand';
import type { ExpectFailure, Lang, Scenario, ScenarioProblem, SimEvent, StateDump } from '../scenario/types';
import type { WorkerState } from '../worker/protocol';
import type { SessionsKey } from './sessions/strings';

export type Theme = 'light' | 'dark' | 'system';
export type ViewName = 'cluster' | 'log' | 'placement' | 'groups' | 'compare' | 'events';
export type ControlsMode = 'full' | 'player' | 'none';
export const ALL_VIEWS: ViewName[] = ['cluster', 'log', 'placement', 'groups', 'compare', 'events'];
export const SPEEDS = [0.25, 0.5, 1, 2, 4, 8, 16];

export type UiError =
  | { kind: 'problem'; problem: ScenarioProblem }
  | { kind: 'param'; name: string; code: 'paramUnknownScenario' | 'paramFetchFailed' | 'paramBadJson' | 'paramBadValue' | 'paramBadNumber'; value: string; allowed?: string }
  | { kind: 'engine'; message: string }
  | { kind: 'import'; message: string }
  /** a message of the saved clusters or the embedding (src/ui/sessions/strings.ts), shown in the current language */
  | { kind: 'text'; key: SessionsKey; params?: Record<string, unknown> };

export interface Prefs { lang: Lang; theme: Theme; speed: number; reducedMotion: boolean; /** step and list network requests too */ showNet: boolean }

export interface Selection { topic: string | null; partition: number; broker: string | null }

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
  failures: ExpectFailure[];
  playing: boolean;
  errors: UiError[];
  prefs: Prefs;
  controls: ControlsMode;
  views: ViewName[];
  selection: Selection;
  applyState(s: WorkerState): void;
  addError(e: UiError): void;
  clearErrors(): void;
  setPlaying(p: boolean): void;
  setPrefs(p: Partial<Prefs>): void;
  setLayout(controls: ControlsMode, views: ViewName[]): void;
  select(s: Partial<Selection>): void;
}

export const initialPrefs = (): Prefs => ({ lang: 'en', theme: 'system', speed: 1, reducedMotion: false, showNet: false });

export const useStore = create<UiState>()((set) => ({
  ready: false,
  scenario: null,
  events: [],
  traceVersion: -1,
  stepEnds: [],
  cursor: -1,
  minCursor: -1,
  prevCursor: -1,
  dump: null,
  failures: [],
  playing: false,
  errors: [],
  prefs: initialPrefs(),
  controls: 'full',
  views: ALL_VIEWS,
  selection: { topic: null, partition: 0, broker: null },
  applyState: (s) => set((st) => ({
    ready: true,
    scenario: s.scenario,
    events: s.events ?? st.events,
    stepEnds: s.stepEnds ?? st.stepEnds,
    traceVersion: s.traceVersion,
    prevCursor: s.events ? s.cursor : st.cursor,
    cursor: s.cursor,
    minCursor: s.minCursor,
    dump: s.dump,
    failures: s.failures,
  })),
  addError: (e) => set((st) => ({ errors: [...st.errors, e] })),
  clearErrors: () => set({ errors: [] }),
  setPlaying: (playing) => set({ playing }),
  setPrefs: (p) => set((st) => ({ prefs: { ...st.prefs, ...p } })),
  setLayout: (controls, views) => set({ controls, views }),
  select: (s) => set((st) => ({ selection: { ...st.selection, ...s } })),
}));
