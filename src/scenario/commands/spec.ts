// What a scenario command is: its fields (each a checker that also carries the field's type), the line that
// documents it in the contract, how it runs, and, when it breaks something, its entry in the fault catalog.
// One module per command (commands/<name>.ts) defines one spec; the validator, the runner, the typed `Step`
// union and the UI's buttons all come from these specs.
import type { ProblemCode, Text } from '../types';
import type { Choice, Focus, Freeze } from '../stepFields';
import type { RunContext } from './context';
import { LIMITS } from '../limits';

/** A field checker: `check` returns what was expected when the value does not fit, or null. `T` is its type. */
export interface Field<T> {
  check(v: unknown): string | null;
  /** a name the value refers to, checked against what the scenario has created by then */
  ref?: 'broker' | 'brokers' | 'topic' | 'topics' | 'consumer';
  /** the field creates a name (createTopic's topic, joinGroup's consumer, addBroker's broker) */
  defines?: 'broker' | 'topic' | 'consumer' | 'consumers';
  /** limits (scenario/limits.ts): an integer's range, a string's (or each list item's) length, a list's size */
  range?: readonly [number, number];
  maxLength?: number;
  maxItems?: number;
  /** the value must be a legal Kafka topic name */
  topicName?: boolean;
  /** never read: carries the field's type for StepOf */
  readonly type?: T;
}

export type FieldType<F> = F extends Field<infer T> ? T : never;
export type Fields = Record<string, Field<unknown>>;

/** Fields every step may carry, whatever its command. */
export interface CommonFields {
  say?: Text;
  label?: string;
  /** v1.1: where the learner looks while the narration is shown; (project) a prediction's multiple choice, its
   *  right answer, and what the stage shows meanwhile. For the learner, not the runner (stepFields.ts). */
  focus?: Focus;
  choices?: Choice[];
  answer?: number;
  freeze?: Freeze;
}

/** The names a scenario has created up to a step (the validator's view). */
export interface KnownNames {
  /** the scenario's mode (some fields are one mode's only) */
  mode?: 'zookeeper' | 'kraft';
  brokers: Set<number>;
  topics: Set<string>;
  consumers: Set<string>;
}

/** A problem a command's own check found in a step: the field and what is wrong (message key and English). */
export interface StepProblem {
  field: string;
  code: ProblemCode;
  params: Record<string, string | number>;
  message: string;
}

/** A fault a property test may inject: which step fields it draws, from what (the test builds its generators). */
export interface FaultEntry {
  /** what happens, in one line */
  doc: string;
  /** how each field is drawn: a broker of the cluster, an integer range, a choice, a boolean, an API name */
  draw: Record<string, { kind: 'broker' } | { kind: 'int'; min: number; max: number } | { kind: 'oneOf'; values: readonly unknown[] } | { kind: 'bool' }>;
  /** faults that only undo others (heal, startBroker) are drawn less often */
  weight: number;
}

export interface CommandSpec<N extends string = string, R extends Fields = Fields, O extends Fields = Fields> {
  name: N;
  required: R;
  optional: O;
  /** the command's line in docs/spec/scenario-format.md: what it does */
  doc: string;
  /** checks across fields or against config keys, after the fields' own checks (null: fine) */
  validate?(step: StepFields<R, O>, known: KnownNames): StepProblem | null;
  execute(run: RunContext, step: StepFields<R, O> & { do: N }, index: number): void;
  fault?: FaultEntry;
}

export type StepFields<R extends Fields, O extends Fields> = { [K in keyof R]: FieldType<R[K]> } & { [K in keyof O]?: FieldType<O[K]> } & CommonFields;

/** The step type of one command spec. */
export type StepOf<S> = S extends CommandSpec<infer N, infer R, infer O> ? { do: N } & StepFields<R, O> : never;

/** Declares a command; the step type its `execute` receives is inferred from its fields. */
export function command<N extends string, R extends Fields, O extends Fields>(spec: CommandSpec<N, R, O>): CommandSpec<N, R, O> {
  return spec;
}

// --- field checkers ------------------------------------------------------------------------------------

const field = <T>(check: (v: unknown) => string | null, extra: Partial<Field<T>> = {}): Field<T> => ({ check, ...extra });
const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);

export const text: Field<Text> = field((v) =>
  typeof v === 'string' ||
  (typeof v === 'object' &&
    v !== null &&
    !Array.isArray(v) &&
    typeof (v as Record<string, unknown>).en === 'string' &&
    typeof (v as Record<string, unknown>).zh === 'string' &&
    Object.keys(v).every((k) => k === 'en' || k === 'zh'))
    ? null
    : 'a string or {"en": …, "zh": …}',
);

const str = (maxLength: number, extra: Partial<Field<string>> = {}): Field<string> =>
  field((v) => (typeof v === 'string' && v.length > 0 ? null : 'a non-empty string'), { maxLength, ...extra });
const strList = (extra: Partial<Field<string[]>> = {}): Field<string[]> =>
  field((v) => (Array.isArray(v) && v.length > 0 && v.every((x) => typeof x === 'string' && x) ? null : 'a non-empty list of strings'), {
    maxItems: LIMITS.listItems,
    maxLength: LIMITS.name,
    ...extra,
  });

export const f = {
  /** a name (a group, a consumer, a producer): at most LIMITS.name characters */
  str: str(LIMITS.name),
  /** a longer string (an `expect` path) */
  path: str(LIMITS.path),
  strOrNull: field<string | null>((v) => (v === null || typeof v === 'string' ? null : 'a string or null'), { maxLength: LIMITS.recordText }),
  int: (min: number, max: number): Field<number> => field((v) => (isInt(v) ? null : 'an integer'), { range: [min, max] }),
  bool: field<boolean>((v) => (typeof v === 'boolean' ? null : 'true or false')),
  oneOf: <const T extends readonly unknown[]>(...xs: T): Field<T[number]> =>
    field((v) => (xs.includes(v) ? null : xs.map((x) => JSON.stringify(x)).join(', '))),
  any: field<unknown>(() => null),
  obj: field<Record<string, unknown>>((v) => (typeof v === 'object' && v !== null && !Array.isArray(v) ? null : 'an object')),
  strList: strList(),
  /** topics the scenario created earlier */
  topics: strList({ ref: 'topics' }),
  /** a broker id the scenario knows */
  broker: field<number>((v) => (isInt(v) ? null : 'an integer'), { ref: 'broker', range: [0, LIMITS.brokerId] }),
  /** a topic the scenario created earlier */
  topic: str(LIMITS.name, { ref: 'topic' }),
  /** a new topic's name: Kafka's rule */
  topicName: str(LIMITS.name, { topicName: true }),
  /** a consumer that joined earlier */
  consumer: str(LIMITS.name, { ref: 'consumer' }),
};

/** Marks a name field as creating the name (from this step on, later steps may refer to it). */
export const defines = <T>(kind: 'broker' | 'topic' | 'consumer' | 'consumers', x: Field<T>): Field<T> => ({ ...x, defines: kind });
