// Beats: one thing moving while everything else holds still (design/stage.md). A scene is the beats that
// the events between two timeline positions make; the stage plays them in order, forwards or backwards.
import type { PState } from './trace';

export type Mechanic = 'election' | 'placement' | 'rebalance' | 'lookup';

/** A znode a beat changes: its data before and after (null: absent). */
export interface ZnodeChange {
  path: string;
  before: string | null;
  after: string | null;
}
export interface Flight {
  from: string;
  to: string;
  api: string;
}
export interface LeaderMove {
  tp: string;
  from: number | null;
  to: number | null;
  epochFrom: number;
  epochTo: number;
  isrBefore: number[];
  isrAfter: number[];
}
export interface PlacementCell {
  j: number;
  broker: number | null;
  index: number | null;
}
export interface PlacementRow {
  i: number;
  cells: PlacementCell[];
}

export type BeatBody =
  // leader election
  | { kind: 'down'; broker: number; how: string }
  | { kind: 'up'; broker: number; from: string }
  | { kind: 'clock'; from: number; to: number }
  | { kind: 'expired'; broker: number; timer: 'zkSession' | 'heartbeat' | 'replicaLag'; tp?: string }
  | { kind: 'znodeGone'; path: string; znodes: ZnodeChange[] }
  | { kind: 'znodeSet'; path: string; data: string; znodes: ZnodeChange[] }
  | { kind: 'controller'; from: number | null; to: number; epochFrom: number; epochTo: number; contenders: number[]; kraft: boolean; znodes: ZnodeChange[] }
  | { kind: 'isr'; tp: string; controller: number; before: PState; after: PState; replicas: number[]; struck: number[]; reason: string; kraft: boolean }
  | { kind: 'isrMore'; count: number; controller: number; kraft: boolean }
  | { kind: 'record'; record: string; detail: string }
  | { kind: 'leaderMove'; moves: LeaderMove[] }
  | { kind: 'fenced'; broker: number; controller: number }
  | { kind: 'zombie'; broker: number; epoch: number }
  | { kind: 'bounce'; from: string; to: string; error: string; count: number }
  // requests in flight (any mechanic)
  | { kind: 'flight'; flights: Flight[]; api: string }
  // rebalance
  | { kind: 'memberIn'; group: string; member: string }
  | { kind: 'memberOut'; group: string; member: string }
  | { kind: 'groupState'; group: string; from: string; to: string; generationFrom: number; generation: number; consumer?: boolean }
  | { kind: 'revoke'; group: string; member: string; partitions: string[]; before: string[]; after: string[] }
  | { kind: 'assign'; group: string; leader: string; generation: number; protocol: string; assignment: Record<string, string[]> }
  | { kind: 'owners'; group: string; member: string; partitions: string[]; before: string[]; after: string[] }
  // rebalance, consumer protocol (KIP-848): the coordinator's target, a member's reconciliation on a heartbeat
  | { kind: 'target'; group: string; epoch: number; assignor: string; assignment: Record<string, string[]> }
  | {
      kind: 'reconcile';
      group: string;
      member: string;
      epochFrom: number;
      epochTo: number;
      stateFrom: string;
      state: string;
      /** what the member may own at epochTo, and what it must revoke first */
      assignment: string[];
      revoking: string[];
      /** the member's target in the group's current target assignment */
      target: string[];
    }
  // placement
  | {
      kind: 'placeGrid';
      topic: string;
      brokers: number[];
      partitions: number;
      rf: number;
      mode: string;
      startIndex: number;
      shift: number;
      error: string | null;
    }
  | { kind: 'placeRow'; topic: string; row: PlacementRow; kafka: boolean; fast: boolean }
  | { kind: 'placeDiff'; topic: string }
  | { kind: 'placeError'; topic: string; error: string }
  // offset lookup
  | { kind: 'lookup'; stage: 'segments' | 'index' | 'scan' | 'result'; topic: string; partition: number; offset: number; broker: number | null };

export type Beat = BeatBody & {
  mech: Mechanic | null;
  /** duration at 1×, in ms */
  ms: number;
  /** the trace position of the event that makes it */
  at: number;
};

export interface Scene {
  /** the lower and upper trace positions: beats are made by the events in (lo, hi] */
  lo: number;
  hi: number;
  /** forwards: the beats play from the state at lo to the state at hi; backwards the other way */
  forward: boolean;
  beats: Beat[];
  /** simulated time at lo and at hi */
  timeLo: number;
  timeHi: number;
}

export type BeatOf<K extends BeatBody['kind']> = Extract<Beat, { kind: K }>;
