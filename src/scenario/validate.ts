// Validates a scenario file against contract v1 and normalises it. A problem names the step index and the
// field, with a message code (translated by the UI) and an English message (printed by the CLI).
import type { ProblemCode, Scenario, ScenarioProblem, Step } from './types';
import { BROKER_KEYS, checkConfigValue } from '../engine/config';
import { commandSpec } from './commands';
import { text, type Field, type KnownNames } from './commands/spec';
import { LIMITS, depthOf, topicNameProblem } from './limits';
import { checkStepField } from './stepFields';

const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);
const obj = (v: unknown): string | null => (typeof v === 'object' && v !== null && !Array.isArray(v) ? null : 'an object');

const HEADER_KEYS = ['version', 'id', 'title', 'description', 'seed', 'mode', 'brokers', 'config', 'steps'];

export class ScenarioError extends Error {
  constructor(readonly problem: ScenarioProblem) {
    super(problem.message);
  }
}

function problem(step: number | null, field: string, code: ProblemCode, params: Record<string, string | number>, message: string): ScenarioProblem {
  return { step, field, code, params, message };
}

export function validateScenario(json: unknown): { ok: true; scenario: Scenario } | { ok: false; problem: ScenarioProblem } {
  try {
    return { ok: true, scenario: check(json) };
  } catch (e) {
    if (e instanceof ScenarioError) return { ok: false, problem: e.problem };
    throw e;
  }
}

/** Parses text as JSON first: a syntax error is a problem too. */
export function parseScenarioText(textIn: string): { ok: true; scenario: Scenario } | { ok: false; problem: ScenarioProblem } {
  if (textIn.length > LIMITS.fileSize)
    return { ok: false, problem: problem(null, '', 'tooLarge', { what: 'file', max: LIMITS.fileSize }, `the file is larger than ${LIMITS.fileSize} bytes`) };
  let json: unknown;
  try {
    json = JSON.parse(textIn);
  } catch (e) {
    const reason = (e as Error).message;
    return { ok: false, problem: problem(null, '', 'json', { reason }, `not valid JSON: ${reason}`) };
  }
  return validateScenario(json);
}

function fail(step: number | null, field: string, code: ProblemCode, params: Record<string, string | number>, message: string): never {
  throw new ScenarioError(problem(step, field, code, params, message));
}

/** A field value against its declared limits (range, length, size, Kafka's topic-name rule); null when it fits. */
function limitProblem(c: Field<unknown>, v: unknown): Omit<ScenarioProblem, 'step' | 'field'> | null {
  if (c.range && typeof v === 'number' && (v < c.range[0] || v > c.range[1]))
    return { code: 'outOfRange', params: { min: c.range[0], max: c.range[1] }, message: `must be from ${c.range[0]} to ${c.range[1]}` };
  const items = Array.isArray(v) ? v : [v];
  if (c.maxItems !== undefined && Array.isArray(v) && v.length > c.maxItems)
    return { code: 'tooMany', params: { max: c.maxItems }, message: `may list at most ${c.maxItems} items` };
  for (const x of items) {
    if (c.maxLength !== undefined && typeof x === 'string' && x.length > c.maxLength)
      return { code: 'tooLong', params: { max: c.maxLength }, message: `may be at most ${c.maxLength} characters long` };
    if (c.topicName && typeof x === 'string') {
      const why = topicNameProblem(x);
      if (why) return { code: 'badTopicName', params: { name: x, rule: why }, message: `"${x}" is not a legal topic name: ${why}` };
    }
  }
  return null;
}

function checkText(v: unknown, step: number | null, field: string, max: number): void {
  const e = text.check(v);
  if (e) fail(step, field, 'badType', { field, expected: e }, `${step === null ? '' : `step ${step}: `}"${field}" must be ${e}`);
  const long = typeof v === 'string' ? v.length > max : Object.values(v as Record<string, string>).some((x) => x.length > max);
  if (long) fail(step, field, 'tooLong', { max }, `${step === null ? '' : `step ${step}: `}"${field}" may be at most ${max} characters long`);
}

function checkConfig(
  key: string,
  kind: Parameters<typeof checkConfigValue>[1],
  v: unknown,
  step: number | null,
  valueField: string,
): ReturnType<typeof checkConfigValue> & { ok: true } {
  const r = checkConfigValue(key, kind, v);
  const at = step === null ? '' : `step ${step}: `;
  if (!r.ok && r.range)
    fail(step, valueField, 'outOfRange', { key, min: r.range[0], max: r.range[1] }, `${at}config "${key}" must be from ${r.range[0]} to ${r.range[1]}`);
  if (!r.ok) fail(step, valueField, 'badConfigValue', { key, expected: r.reason }, `${at}config "${key}" must be ${r.reason}`);
  return r;
}

function check(json: unknown): Scenario {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) fail(null, '', 'notObject', {}, 'a scenario must be a JSON object');
  // first, before anything recursive reads it: values nested deeper than any scenario needs
  if (depthOf(json) > LIMITS.depth) fail(null, '', 'tooDeep', { max: LIMITS.depth }, `values are nested more than ${LIMITS.depth} levels deep`);
  const s = json as Record<string, unknown>;
  for (const k of Object.keys(s)) if (!HEADER_KEYS.includes(k)) fail(null, k, 'unknownKey', { key: k }, `unknown top-level key "${k}"`);
  if (s.version !== 1) fail(null, 'version', 'badValue', { expected: '1' }, '"version" must be 1');
  if (typeof s.id !== 'string' || !/^[a-z0-9]+(-[a-z0-9]+)*$/.test(s.id))
    fail(null, 'id', 'badValue', { expected: 'kebab-case' }, '"id" must be kebab-case, like "acks-1-leader-failover"');
  if ((s.id as string).length > LIMITS.name) fail(null, 'id', 'tooLong', { max: LIMITS.name }, `"id" may be at most ${LIMITS.name} characters long`);
  for (const k of ['title', 'description'] as const) if (s[k] !== undefined) checkText(s[k], null, k, LIMITS.text);
  const seed = s.seed ?? 1;
  if (!isInt(seed)) fail(null, 'seed', 'badType', { expected: 'an integer' }, '"seed" must be an integer');
  if (!Number.isSafeInteger(seed))
    fail(null, 'seed', 'outOfRange', { min: Number.MIN_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER }, '"seed" must be a safe integer');
  const mode = s.mode ?? 'zookeeper';
  if (mode !== 'zookeeper' && mode !== 'kraft') fail(null, 'mode', 'badValue', { expected: '"zookeeper" or "kraft"' }, '"mode" must be "zookeeper" or "kraft"');
  let brokers: number[];
  // v1.1: a list entry may be {"id": 1, "rack": "a"} (broker.rack)
  const racks: Record<string, string> = {};
  const entryId = (b: unknown): unknown => (typeof b === 'object' && b !== null && !Array.isArray(b) ? (b as Record<string, unknown>).id : b);
  const entryOk = (b: unknown): boolean => {
    if (isInt(b)) return true;
    if (typeof b !== 'object' || b === null || Array.isArray(b)) return false;
    const o = b as Record<string, unknown>;
    return (
      Object.keys(o).every((k) => k === 'id' || k === 'rack') &&
      isInt(o.id) &&
      (o.rack === undefined || (typeof o.rack === 'string' && o.rack.length > 0 && o.rack.length <= LIMITS.name))
    );
  };
  if (s.brokers === undefined) brokers = [1, 2, 3];
  else if (isInt(s.brokers) && s.brokers >= 1 && s.brokers <= LIMITS.brokers) brokers = Array.from({ length: s.brokers }, (_, i) => i + 1);
  else if (
    Array.isArray(s.brokers) &&
    s.brokers.length > 0 &&
    s.brokers.length <= LIMITS.brokers &&
    s.brokers.every((b) => entryOk(b) && (entryId(b) as number) >= 0 && (entryId(b) as number) <= LIMITS.brokerId) &&
    new Set(s.brokers.map(entryId)).size === s.brokers.length
  ) {
    brokers = s.brokers.map((b) => entryId(b) as number);
    for (const b of s.brokers)
      if (typeof b === 'object' && typeof (b as { rack?: unknown }).rack === 'string') racks[String((b as { id: number }).id)] = (b as { rack: string }).rack;
  } else
    fail(
      null,
      'brokers',
      'badValue',
      { expected: `a count from 1 to ${LIMITS.brokers} or a list of distinct broker ids (or {"id", "rack"})` },
      `"brokers" must be a count from 1 to ${LIMITS.brokers} or a list of at most ${LIMITS.brokers} distinct integer ids from 0 to ${LIMITS.brokerId}, each an id or {"id": id, "rack": "name"}`,
    );
  const config: Record<string, string | number | boolean> = {};
  if (s.config !== undefined) {
    if (obj(s.config)) fail(null, 'config', 'badType', { expected: 'an object' }, '"config" must be an object');
    for (const [k, v] of Object.entries(s.config as Record<string, unknown>)) {
      const spec = Object.hasOwn(BROKER_KEYS, k) ? BROKER_KEYS[k] : undefined;
      if (!spec) fail(null, `config.${k}`, 'unknownConfig', { key: k }, `config key "${k}" is not one the engine models`);
      config[k] = checkConfig(k, spec.kind, v, null, `config.${k}`).value as string | number | boolean;
    }
  }
  if (!Array.isArray(s.steps)) fail(null, 'steps', 'badType', { expected: 'a list' }, '"steps" must be a list of steps');
  if (s.steps.length > LIMITS.steps) fail(null, 'steps', 'tooMany', { max: LIMITS.steps }, `a scenario may have at most ${LIMITS.steps} steps`);
  const known: KnownNames = { mode, brokers: new Set(brokers), topics: new Set<string>(), consumers: new Set<string>() };
  const steps = (s.steps as unknown[]).map((st, i) => checkStep(st, i, known));
  return {
    version: 1,
    id: s.id as string,
    title: s.title as Scenario['title'],
    description: s.description as Scenario['description'],
    seed: seed as number,
    mode,
    brokers,
    ...(Object.keys(racks).length ? { racks } : {}),
    config,
    steps,
  };
}

const REF_ORDER = ['broker', 'brokers', 'topic', 'topics', 'consumer'] as const;

function checkStep(raw: unknown, i: number, known: KnownNames): Step {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) fail(i, '', 'notObject', {}, `step ${i} must be an object`);
  const st = raw as Record<string, unknown>;
  if (typeof st.do !== 'string') fail(i, 'do', 'missingField', { field: 'do' }, `step ${i} has no "do"`);
  const spec = commandSpec(st.do);
  if (!spec) fail(i, 'do', 'unknownCommand', { command: st.do }, `step ${i}: unknown command "${st.do}"`);
  const checkField = (k: string, c: Field<unknown>) => {
    const e = c.check(st[k]);
    if (e) fail(i, k, 'badType', { field: k, expected: e }, `step ${i} (${st.do}): "${k}" must be ${e}`);
    const l = limitProblem(c, st[k]);
    if (l) fail(i, k, l.code as ProblemCode, l.params, `step ${i} (${st.do}): "${k}" ${l.message}`);
  };
  for (const [k, c] of Object.entries(spec.required)) {
    if (!Object.hasOwn(st, k)) fail(i, k, 'missingField', { field: k }, `step ${i} (${st.do}) needs "${k}"`);
    checkField(k, c);
  }
  for (const k of Object.keys(st)) {
    if (k === 'do' || Object.hasOwn(spec.required, k)) continue;
    if (k === 'say') {
      checkText(st[k], i, k, LIMITS.text);
      continue;
    }
    if (checkStepField(st, k, i, fail)) continue; // focus, choices, answer, freeze: for the learner, not the runner
    const c: Field<unknown> | undefined = k === 'label' ? LABEL : Object.hasOwn(spec.optional, k) ? spec.optional[k] : undefined;
    if (!c) fail(i, k, 'unknownKey', { key: k }, `step ${i} (${st.do}): unknown field "${k}"`);
    checkField(k, c);
  }
  // Names that never exist make the scenario invalid (a topic whose creation Kafka refused is a runtime outcome).
  const fields = { ...spec.required, ...spec.optional };
  for (const ref of REF_ORDER) {
    for (const [k, c] of Object.entries(fields)) {
      if (c.ref !== ref || c.defines || st[k] === undefined) continue;
      const unknown = (kind: string, name: string | number): never =>
        fail(i, k, 'unknownName', { kind, name }, `step ${i} (${st.do}): unknown ${kind} ${JSON.stringify(name)}`);
      const v = st[k];
      if (ref === 'broker' && !known.brokers.has(v as number)) unknown('broker', v as number);
      if (ref === 'brokers' && Array.isArray(v)) for (const b of v as number[]) if (!known.brokers.has(b)) unknown('broker', b);
      if (ref === 'topic' && !known.topics.has(v as string)) unknown('topic', v as string);
      if (ref === 'topics') for (const t of v as string[]) if (!known.topics.has(t)) unknown('topic', t);
      if (ref === 'consumer' && !known.consumers.has(v as string)) unknown('consumer', v as string);
    }
  }
  const p = spec.validate?.(st as never, known);
  if (p) fail(i, p.field, p.code, p.params, `step ${i} (${st.do}): ${p.message}`);
  for (const [k, c] of Object.entries(fields)) {
    if (!c.defines || st[k] === undefined) continue;
    if (c.defines === 'broker') {
      known.brokers.add(st[k] as number);
      if (known.brokers.size > LIMITS.brokers)
        fail(i, k, 'tooMany', { max: LIMITS.brokers }, `step ${i} (${st.do}): a cluster may have at most ${LIMITS.brokers} brokers`);
    } else if (c.defines === 'topic') known.topics.add(st[k] as string);
    else if (c.defines === 'consumers') for (const x of st[k] as string[]) known.consumers.add(x);
    else known.consumers.add(st[k] as string);
  }
  return st as unknown as Step;
}

const LABEL: Field<string> = { check: (v) => (typeof v === 'string' && v.length > 0 ? null : 'a non-empty string'), maxLength: LIMITS.label };
