// Scenario JSON (docs/spec/scenario-format.md, contract v1) as TypeScript types.

export type Text = string | { en: string; zh: string };
export type Lang = 'en' | 'zh';

export type Step = { do: string; say?: Text; label?: string; [field: string]: unknown };

export interface Scenario {
  version: 1;
  id: string;
  title?: Text;
  description?: Text;
  seed: number;
  mode: 'zookeeper' | 'kraft';
  brokers: number[]; // normalised: a count N becomes [1..N]
  config: Record<string, string | number | boolean>;
  steps: Step[];
}

/** Why a scenario file is invalid: which step (or null for the header) and which field. */
export interface ScenarioProblem {
  step: number | null;
  field: string;
  /** message key for the UI's translation tables, with its parameters */
  code: string;
  params: Record<string, string | number>;
  /** the message in English (the CLI prints this) */
  message: string;
}

export interface ExpectFailure {
  step: number;
  path: string;
  expected: unknown;
  actual: unknown;
}

/** One event of the trace: data only; the UI's translation tables give it words, keyed by `type`. */
export interface SimEvent {
  seq: number; // 0-based position in the trace
  time: number; // simulated ms
  step: number; // index of the scenario step during which it happened
  type: string;
  [field: string]: unknown;
}

export interface RunResult {
  id: string;
  ok: boolean;
  steps: number;
  failures: ExpectFailure[];
  final: StateDump;
}

/** The state dump of scenario-format.md; more keys may be present. */
export type StateDump = {
  time: number;
  controller: { id: number | null; epoch: number };
  brokers: Record<string, { status: 'online' | 'stopped' | 'crashed' | 'paused'; actsAsController?: number | null }>;
  topics: Record<string, { partitions: Record<string, PartitionDump> }>;
  groups: Record<string, unknown>;
  consumers: Record<string, unknown>;
  producers: Record<string, { acked: { topic: string; partition: number; offset: number }[]; failed: { topic: string; partition: number; error: string }[] }>;
  errors: { step: number; do: string; error: string }[];
  lookups: unknown[];
  zookeeper?: Record<string, string>;
  [key: string]: unknown;
};

export interface PartitionDump {
  leader: number | null;
  leaderEpoch: number;
  replicas: number[];
  isr: number[];
  hw: number | null;
  logs: Record<string, { logStartOffset: number; leo: number; hw: number; segments: { baseOffset: number; file: string; sizeBytes: number; indexEntries: number }[]; role?: 'leader' | 'follower' | 'offline'; leaderEpoch?: number }>;
  [key: string]: unknown;
}
