// The typed message protocol between the UI thread and the engine worker.
// The worker owns the scenario (seed + steps = the command log) and the engine;
// the UI only sends commands and receives what the views need.
import type { ExpectFailure, Scenario, ScenarioProblem, SimEvent, StateDump, Step } from '../scenario/types';

/** Timeline position: the seq of the last event applied; -1 = before the first event. */
export type Cursor = number;

export type WorkerRequest =
  /** Load a scenario (already-parsed JSON, validated in the worker); `step` opens after steps [0, step). */
  | { type: 'load'; scenario: unknown; step?: number; persist?: boolean }
  /**
   * Restore the session saved in IndexedDB, or start `fallback` if there is none. With `scope` (a frame, embed
   * contract v1.1): the session saved under that key, only if it started from `fallback`; else `fallback`, opened
   * after `step` steps (at its end when absent). A scoped session is never the full app's current one.
   */
  | { type: 'restore'; fallback: unknown; scope?: string; step?: number }
  /** Append a command at the current position; the future after the cursor's step is dropped (branching). */
  | { type: 'command'; step: Step }
  /** Move the timeline to an event seq (-1 = the start, Infinity-like large = the end). */
  | { type: 'seek'; cursor: Cursor }
  /** Move the timeline to the end of the step before `step` (step 0 = the start). */
  | { type: 'seekStep'; step: number }
  /** Forget the session and start an empty cluster. */
  | { type: 'newCluster'; brokers: number; mode: 'zookeeper' | 'kraft' }
  /** Run the session's commands with one change, up to the end of `step`; the session itself does not change. */
  | { type: 'variant'; patch: VariantPatch; step: number }
  /** The saved clusters (answered with a SessionsResult). */
  | { type: 'sessions' }
  /** Make a saved cluster current: replay its command log, verify its logs from IndexedDB (answered with state). */
  | { type: 'switchSession'; session: string }
  /** Rename a saved cluster (answered with a SessionsResult). */
  | { type: 'renameSession'; session: string; name: string }
  /** Delete a saved cluster that is not the open one, with its logs (answered with a SessionsResult). */
  | { type: 'deleteSession'; session: string };

/** One saved cluster. */
export interface SessionInfo { id: string; name: string; savedAt: number; steps: number }

export interface SessionsResult {
  type: 'sessions';
  id: number;
  sessions: SessionInfo[];
  /** the id of the open cluster */
  current: string | null;
}

/** What restoring found of the logs saved in IndexedDB, compared with the replayed cluster's disks. */
export interface LogsCheck {
  /** files and bytes on the replayed disks */
  files: number;
  bytes: number;
  /** every saved file has the replayed file's bytes (and no file is missing or extra) */
  matched: boolean;
}

/** One change to compare the session against. */
export type VariantPatch =
  | { kind: 'config'; key: string; value: string | number | boolean }
  | { kind: 'acks'; value: 0 | 1 | 'all' }
  | { kind: 'replicationFactor'; value: number }
  | { kind: 'assignor'; value: string };

export interface VariantResult {
  type: 'variant';
  id: number;
  dump: StateDump;
  /** the variant's trace, only the events the comparison needs (not network requests) */
  events: SimEvent[];
}

export interface WorkerState {
  type: 'state';
  /** the request id this answers (0 for unsolicited) */
  id: number;
  scenario: Scenario;
  /** the whole trace, sent only when it changed (traceVersion bumped) */
  events?: SimEvent[];
  traceVersion: number;
  /** for each step, the seq of its last event (or the previous step's when it had none) */
  stepEnds?: number[];
  cursor: Cursor;
  /** the earliest position: the cluster's start-up events happen before step 0 */
  minCursor: Cursor;
  dump: StateDump;
  failures: ExpectFailure[];
  /** the open saved cluster (when sessions are stored) */
  session?: { id: string; name: string };
  /** after a restore or a switch: the logs saved in IndexedDB checked against the replay */
  logs?: LogsCheck;
}

export interface WorkerError {
  type: 'error';
  id: number;
  /** a validation problem of a loaded scenario or a command */
  problem?: ScenarioProblem;
  /** any other failure, in English */
  message?: string;
  /** a storage failure's kind, e.g. QUOTA_EXCEEDED (the UI translates it) */
  code?: string;
}

export type WorkerResponse = WorkerState | WorkerError | VariantResult | SessionsResult;
export type Envelope<T> = T & { id: number };
