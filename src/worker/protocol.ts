// The typed message protocol between the UI thread and the engine worker.
// The worker owns the scenario (seed + steps = the command log) and the engine;
// the UI only sends commands and receives what the views need.
import type { ExpectFailure, Scenario, ScenarioProblem, SimEvent, StateDump, Step } from '../scenario/types';
import type { FailoverFigure } from '../scenario/failoverCost';

/** Timeline position: the seq of the last event applied; -1 = before the first event. */
export type Cursor = number;

export type WorkerRequest =
  /**
   * Load a scenario (already-parsed JSON, validated in the worker); `step` opens after steps [0, step). Saved as
   * a new cluster named `name` unless the open one has no commands; `persist: false` saves nothing (an embedding
   * page's load) until the next restore, switch or new cluster.
   */
  | { type: 'load'; scenario: unknown; step?: number; persist?: boolean; name?: string }
  /**
   * Open the start-up cluster of a space ('' = the app's own; a link or a frame has its own, embed contract v1.1):
   * the space's current saved cluster, unless `scenario` is given and that cluster did not start from it; else
   * `scenario` (at `step`, or at `cursor`) or `fallback` as a new saved cluster of the space. A saved cluster
   * that cannot be opened is kept aside (a notice says so); `skipCurrent` keeps the current one aside unopened
   * (its opening was cancelled); `lockWaitMs`: how long the cluster's lock may take to be free (the worker that
   * held it was just ended).
   */
  | {
      type: 'restore';
      fallback: unknown;
      space?: string;
      scenario?: unknown;
      step?: number;
      cursor?: number;
      name?: string;
      skipCurrent?: boolean;
      lockWaitMs?: number;
    }
  /** Append a command at the current position; the future after the cursor's step is dropped (branching). */
  | { type: 'command'; step: Step }
  /**
   * Move the timeline to an event seq (-1 = the start, Infinity-like large = the end). `ahead`: where the learner
   * moves next (Play's next moves in this step), prepared with it.
   */
  | { type: 'seek'; cursor: Cursor; ahead?: Cursor[] }
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
  | { type: 'deleteSession'; session: string }
  /** A record kept aside, as it is stored (answered with a RecordResult), for the learner to export. */
  | { type: 'asideRecord'; session: string }
  /** Delete a record kept aside, with its logs (answered with a SessionsResult). */
  | { type: 'deleteAside'; session: string }
  /** Take a record back from aside (its opening was cancelled) and open it (answered with state). */
  | { type: 'reopenAside'; session: string }
  /** (project) A live cluster (npm run cluster): freeze or resume its clock (answered with state). */
  | { type: 'livePause'; paused: boolean }
  /** (project) the lesson "Why KRaft": one controller failover measured by the engine (src/scenario/failoverCost.ts) */
  | { type: 'measureFailover'; mode: 'zookeeper' | 'kraft'; partitions: number }
  /** The page has drawn the preview a load sent: the load goes on (handled as it arrives, never queued; no answer). */
  | { type: 'previewDrawn' }
  /** (project) The whole state dump at the cursor (answered with a DumpResult): the state the worker sends lists at
   *  most SENT_LIST_MAX acked, failed and consumed records; the embed API's get-state returns them all. */
  | { type: 'dump' };

/** One saved cluster. */
export interface SessionInfo {
  id: string;
  name: string;
  savedAt: number;
  steps: number;
  /** a digest of the scenario it started from (a lesson, a link), when it did */
  source?: string;
  /** the cluster whose future this one keeps, replaced there by a command in the past (safe branching) */
  branchOf?: { id: string; name: string; step: number };
}

/** Why a saved record could not be opened: a validation problem, an error, or the learner cancelled its opening. */
export interface AsideReason {
  problem?: ScenarioProblem;
  message?: string;
  cancelled?: boolean;
}

/** A saved record kept aside: stored as it was, never opened again until exported or deleted. */
export interface AsideInfo {
  id: string;
  name: string;
  reason: AsideReason;
  at: number;
}

export interface SessionsResult {
  type: 'sessions';
  id: number;
  sessions: SessionInfo[];
  /** the id of the open cluster */
  current: string | null;
  /** records kept aside (of any space) */
  aside?: AsideInfo[];
}

export interface RecordResult {
  type: 'record';
  id: number;
  session: string;
  record: unknown;
}

/** What the learner is told about their saved work, once, with the state that changed it. */
export type Notice =
  /** a saved cluster could not be opened: it is kept aside (export or delete it) and another one opened */
  | { kind: 'aside'; record: AsideInfo }
  /** this cluster is open in another tab: nothing is saved here until a change, which goes to a copy */
  | { kind: 'otherTab'; name: string }
  /** a change to a cluster open in another tab was saved as a copy */
  | { kind: 'copied'; name: string; from: string }
  /** a link or a frame opened a new cluster in its own space: the learner's own clusters are untouched */
  | { kind: 'ownSpace' }
  /** a command in the past: the future it replaced is kept as a saved cluster, `branch` */
  | { kind: 'branch'; branch: { id: string; name: string }; dropped: number; of: string; step: number };

/** A long request at work (sent every ~250 ms while it runs): events run so far, simulated and real time. */
export interface Progress {
  type: 'progress';
  id: number;
  events: number;
  simMs: number;
  ms: number;
}

/** (project) A piece of the trace the state that follows brings (traceChunks.ts): `events` from position `from` on. */
export interface TraceChunk {
  type: 'traceChunk';
  id: number;
  from: number;
  events: SimEvent[];
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
  /** the scenario, sent only with a new trace (traceVersion bumped; a 1,550-step history's is 60 kB): the UI keeps
   *  the one it has otherwise */
  scenario?: Scenario;
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
  /** the open cluster is not saved from here (another tab has it): a change makes a copy */
  readOnly?: boolean;
  notices?: Notice[];
  /** (project) `events` holds the trace from this seq on, to append to the beginning the UI has: a live push, or a
   *  new trace that begins as the last one sent (a command's answer) */
  eventsFrom?: number;
  /** (project) a live push: `scenario.steps` holds the steps from this index on, replacing the UI's from there */
  stepsFrom?: number;
  /** (project) the cluster is a live one (npm run cluster): its clock, clients and listeners */
  live?: LiveInfo;
  /** (project) the start of a heavy scenario, sent while its steps still run (unsolicited): the whole trace follows
   *  in the request's answer; moves wait for it */
  preview?: boolean;
  /** (project) the metrics of the dump at the start of the cursor's step (the end of the step before): what the
   *  metrics view compares the dump with, to show what the step changed */
  stepStart?: StepMetrics;
}

/** (project) Each node's metrics and meter counts in a dump (brokers, and in kraft mode the controller quorum). */
export interface StepMetrics {
  /** the step whose change this is: the cursor's, or the last before it that changed the cluster */
  step: number;
  brokers: Record<string, NodeMetricsDump>;
  controllers?: Record<string, NodeMetricsDump>;
}
export interface NodeMetricsDump {
  metrics: Record<string, number> | null;
  metricCounts: Record<string, number> | null;
}

/** (project) What the app shows of a live cluster. */
export interface LiveInfo {
  paused: boolean;
  /** open client connections */
  clients: number;
  /** broker id -> host:port it listens on */
  listeners: Record<string, string>;
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

/** One measured controller failover (the worker keeps each result: a second ask is answered at once). */
export interface FailoverResult {
  type: 'failover';
  id: number;
  figure: FailoverFigure;
}

/** (project) The whole state dump at the cursor. */
export interface DumpResult {
  type: 'dump';
  id: number;
  dump: StateDump;
}

export type WorkerResponse = WorkerState | WorkerError | VariantResult | SessionsResult | RecordResult | Progress | FailoverResult | DumpResult | TraceChunk;
export type Envelope<T> = T & { id: number };
