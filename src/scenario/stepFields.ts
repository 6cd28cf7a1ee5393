// Step fields for the learner's eye, which the runner ignores: `focus` (contract v1.1: where to look while the
// step's narration is shown) and, on a step labelled "predict", the project's `choices`, `answer` and `freeze`
// (docs/spec/scenario-format.md). validate.ts hands every such field here.
import type { ProblemCode, Text } from './types';

export const FOCUS_VIEWS = ['cluster', 'placement', 'log', 'lookup', 'groups', 'events', 'compare', 'metrics', 'failover'] as const;

/** (project) The broker and controller metrics the metrics view shows, by Kafka's names; `focus.metric` names one. */
export const METRIC_NAMES = [
  'UnderReplicatedPartitions',
  'OfflinePartitionsCount',
  'ActiveControllerCount',
  'LeaderCount',
  'PartitionCount',
  'IsrShrinksPerSec',
  'IsrExpandsPerSec',
  'FailedProduceRequestsPerSec',
  'UncleanLeaderElectionsPerSec',
  'LeaderElectionRateAndTimeMs',
] as const;
export type MetricName = (typeof METRIC_NAMES)[number];
export type FocusView = (typeof FOCUS_VIEWS)[number];

export interface Focus {
  view?: FocusView;
  topic?: string;
  partition?: number;
  group?: string;
  broker?: number;
  /** state-dump paths whose elements are drawn highlighted */
  highlight?: string[];
  /** (project) a metric of the metrics view, highlighted for this step (and that view put in focus) */
  metric?: MetricName;
}

/** One answer of a multiple-choice prediction, with what the learner is told after choosing it. */
export interface Choice {
  text: Text;
  feedback: Text;
}

/**
 * What the stage shows while a prediction is open: the state before the predict step ran ("before", the
 * default: its own effect would give the answer away) or after it ("after": its effect is the situation).
 */
export type Freeze = 'before' | 'after';

type Fail = (step: number | null, field: string, code: ProblemCode, params: Record<string, string | number>, message: string) => never;

const FIELDS = ['focus', 'choices', 'answer', 'freeze'];
const FOCUS_KEYS = ['view', 'topic', 'partition', 'group', 'broker', 'highlight', 'metric'];
const isText = (v: unknown): boolean =>
  typeof v === 'string'
    ? v.length > 0
    : typeof v === 'object' &&
      v !== null &&
      !Array.isArray(v) &&
      Object.keys(v).length === 2 &&
      typeof (v as Record<string, unknown>).en === 'string' &&
      typeof (v as Record<string, unknown>).zh === 'string';
const TEXT = 'a string or {"en": …, "zh": …}';
const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);

/** Checks `st[k]` when k is one of these fields (true: handled); any other key is left to the caller (false). */
export function checkStepField(st: Record<string, unknown>, k: string, i: number, fail: Fail): boolean {
  if (!FIELDS.includes(k)) return false;
  const bad = (field: string, expected: string): never => fail(i, field, 'badType', { field, expected }, `step ${i}: "${field}" must be ${expected}`);
  const v = st[k];
  if (k === 'focus') {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) bad('focus', 'an object');
    const f = v as Record<string, unknown>;
    for (const key of Object.keys(f))
      if (!FOCUS_KEYS.includes(key)) fail(i, `focus.${key}`, 'unknownKey', { key: `focus.${key}` }, `step ${i}: unknown field "focus.${key}"`);
    if (f.view !== undefined && !(FOCUS_VIEWS as readonly unknown[]).includes(f.view)) {
      const expected = FOCUS_VIEWS.map((x) => JSON.stringify(x)).join(', ');
      fail(i, 'focus.view', 'badValue', { expected: `one of ${expected}` }, `step ${i}: "focus.view" must be one of ${expected}`);
    }
    for (const key of ['topic', 'group'] as const)
      if (f[key] !== undefined && (typeof f[key] !== 'string' || f[key] === '')) bad(`focus.${key}`, 'a non-empty string');
    for (const key of ['partition', 'broker'] as const) if (f[key] !== undefined && !(isInt(f[key]) && f[key] >= 0)) bad(`focus.${key}`, 'an integer ≥ 0');
    if (f.highlight !== undefined && !(Array.isArray(f.highlight) && f.highlight.length > 0 && f.highlight.every((p) => typeof p === 'string' && p !== '')))
      bad('focus.highlight', 'a non-empty list of strings');
    if (f.metric !== undefined && !(METRIC_NAMES as readonly unknown[]).includes(f.metric)) {
      const expected = `one of ${METRIC_NAMES.join(', ')}`;
      fail(i, 'focus.metric', 'badValue', { expected }, `step ${i}: "focus.metric" must be ${expected}, not ${JSON.stringify(f.metric)}`);
    }
    if (f.metric !== undefined && f.view !== undefined && f.view !== 'metrics')
      fail(
        i,
        'focus.metric',
        'badValue',
        { expected: 'given with "view": "metrics" or no view' },
        `step ${i}: "focus.metric" shows the metrics view: "focus.view" must be "metrics" or left out`,
      );
    return true;
  }
  // the prediction's fields belong to a predict step
  if (st.label !== 'predict') fail(i, k, 'predictOnly', { field: k }, `step ${i}: "${k}" is only allowed on a step labelled "predict"`);
  if (k === 'freeze') {
    if (v !== 'before' && v !== 'after')
      fail(i, 'freeze', 'badValue', { expected: 'one of "before", "after"' }, `step ${i}: "freeze" must be "before" or "after"`);
    return true;
  }
  if (k === 'choices') {
    if (!Array.isArray(v) || v.length < 2 || v.length > 6) bad('choices', 'a list of 2 to 6 choices');
    (v as unknown[]).forEach((c, j) => {
      if (typeof c !== 'object' || c === null || Array.isArray(c)) bad(`choices.${j}`, 'an object {"text": …, "feedback": …}');
      const o = c as Record<string, unknown>;
      for (const key of Object.keys(o))
        if (key !== 'text' && key !== 'feedback')
          fail(i, `choices.${j}.${key}`, 'unknownKey', { key: `choices.${j}.${key}` }, `step ${i}: unknown field "choices.${j}.${key}"`);
      if (!isText(o.text)) bad(`choices.${j}.text`, TEXT);
      if (!isText(o.feedback)) bad(`choices.${j}.feedback`, TEXT);
    });
    if (!('answer' in st)) fail(i, 'answer', 'missingField', { field: 'answer' }, `step ${i}: "choices" needs "answer", the index of the right choice`);
    return true;
  }
  // answer
  if (!Array.isArray(st.choices)) fail(i, 'choices', 'missingField', { field: 'choices' }, `step ${i}: "answer" needs "choices"`);
  const n = (st.choices as unknown[]).length;
  if (!(isInt(v) && v >= 0 && v < n)) bad('answer', `an integer from 0 to ${n - 1}`);
  return true;
}
