// Scenario JSON (docs/spec/scenario-format.md, contract v1) as TypeScript types. The event and state-dump types
// belong to the engine; they are re-exported here for the layers above.
import type { StateDump } from '../engine/stateDump';

export type { SimEvent, EventMap, EventType, EventOf } from '../engine/events';
export type { StateDump, PartitionDump, GroupDump, ConsumerDump, LookupDump, QuorumDump, ProducerDump, ReplicaLogDump } from '../engine/stateDump';

export type Text = string | { en: string; zh: string };
export type Lang = 'en' | 'zh';

export type { Step, CommandName } from './commands';
import type { Step } from './commands';

export interface Scenario {
  version: 1;
  id: string;
  title?: Text;
  description?: Text;
  seed: number;
  mode: 'zookeeper' | 'kraft';
  brokers: number[]; // normalised: a count N becomes [1..N]
  /** v1.1: broker.rack of the brokers that have one (broker id → rack) */
  racks?: Record<string, string>;
  config: Record<string, string | number | boolean>;
  steps: Step[];
}

/** Every reason the validator gives; the UI's problem table is typed by it (a code without words fails the type check). */
export type ProblemCode =
  | 'json'
  | 'notObject'
  | 'unknownKey'
  | 'missingField'
  | 'badType'
  | 'badValue'
  | 'badConfigValue'
  | 'unknownConfig'
  | 'unknownCommand'
  | 'unknownName'
  | 'outOfRange'
  | 'tooLong'
  | 'tooMany'
  | 'tooDeep'
  | 'tooLarge'
  | 'badTopicName'
  | 'predictOnly';

/** Why a scenario file is invalid: which step (or null for the header) and which field. */
export interface ScenarioProblem {
  step: number | null;
  field: string;
  /** message key for the UI's translation tables (a ProblemCode from this engine), with its parameters */
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

export interface RunResult {
  id: string;
  ok: boolean;
  steps: number;
  failures: ExpectFailure[];
  final: StateDump;
}
