// Validates a scenario file against contract v1 and normalises it. A problem names the step index and the
// field, with a message code (translated by the UI) and an English message (printed by the CLI).
import type { Scenario, ScenarioProblem, Step } from './types';
import { BROKER_KEYS, TOPIC_KEYS, parseValue } from '../engine/config';

type Check = (v: unknown) => string | null; // returns what was expected, or null when fine

const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);
const str: Check = (v) => (typeof v === 'string' && v.length > 0 ? null : 'a non-empty string');
const strOrNull: Check = (v) => (v === null || typeof v === 'string' ? null : 'a string or null');
const int = (min: number): Check => (v) => (isInt(v) && v >= min ? null : `an integer ≥ ${min}`);
const bool: Check = (v) => (typeof v === 'boolean' ? null : 'true or false');
const oneOf = (...xs: unknown[]): Check => (v) => (xs.includes(v) ? null : xs.map((x) => JSON.stringify(x)).join(', '));
const text: Check = (v) => (typeof v === 'string' || (typeof v === 'object' && v !== null && typeof (v as Record<string, unknown>).en === 'string' && typeof (v as Record<string, unknown>).zh === 'string' && Object.keys(v).every((k) => k === 'en' || k === 'zh')) ? null : 'a string or {"en": …, "zh": …}');
const any: Check = () => null;
const obj: Check = (v) => (typeof v === 'object' && v !== null && !Array.isArray(v) ? null : 'an object');
const strList: Check = (v) => (Array.isArray(v) && v.length > 0 && v.every((x) => typeof x === 'string' && x) ? null : 'a non-empty list of strings');
const assignment: Check = (v) =>
  v === 'seed' || v === 'kafka' || (Array.isArray(v) && v.length > 0 && v.every((r) => Array.isArray(r) && r.length > 0 && r.every(isInt))) ? null : '"seed", "kafka" or a list of broker-id lists';
const isolateFrom: Check = (v) => (['all', 'zookeeper', 'controller', 'brokers'].includes(v as string) || (Array.isArray(v) && v.length > 0 && v.every(isInt)) ? null : '"all", "zookeeper", "controller", "brokers" or a list of broker ids');
const acks: Check = (v) => ([0, 1, -1, 'all', '0', '1', '-1'].includes(v as never) ? null : '0, 1, "all" or -1');

interface CommandSpec { required: Record<string, Check>; optional: Record<string, Check> }

export const COMMANDS: Record<string, CommandSpec> = {
  createTopic: { required: { topic: str, partitions: int(1), replicationFactor: int(1) }, optional: { config: obj, assignment } },
  addPartitions: { required: { topic: str, partitions: int(1) }, optional: {} },
  produce: { required: { topic: str }, optional: { count: int(1), key: strOrNull, value: strOrNull, partition: int(0), acks, producer: str, idempotent: bool } },
  addBroker: { required: { broker: int(0) }, optional: {} },
  stopBroker: { required: { broker: int(0) }, optional: {} },
  crashBroker: { required: { broker: int(0) }, optional: { loseUnflushed: bool } },
  startBroker: { required: { broker: int(0) }, optional: {} },
  pauseBroker: { required: { broker: int(0), ms: int(0) }, optional: {} },
  isolate: { required: { broker: int(0) }, optional: { from: isolateFrom } },
  heal: { required: {}, optional: { broker: int(0) } },
  advance: { required: { ms: int(0) }, optional: { until: oneOf('change') } },
  joinGroup: { required: { consumer: str, group: str, topics: strList }, optional: { assignor: oneOf('range', 'roundrobin', 'sticky', 'cooperative-sticky'), autoCommit: bool, autoCommitIntervalMs: int(1), autoOffsetReset: oneOf('earliest', 'latest', 'none') } },
  leaveGroup: { required: { consumer: str }, optional: {} },
  crashConsumer: { required: { consumer: str }, optional: {} },
  poll: { required: { consumer: str }, optional: { max: int(1) } },
  commit: { required: { consumer: str }, optional: {} },
  seek: { required: { consumer: str, topic: str, partition: int(0), offset: int(0) }, optional: {} },
  lookup: { required: { topic: str, partition: int(0), offset: int(0) }, optional: { broker: int(0) } },
  electLeaders: { required: { type: oneOf('preferred', 'unclean') }, optional: { topic: str, partition: int(0) } },
  setConfig: { required: { key: str, value: any }, optional: { broker: int(0), topic: str } },
  expect: { required: { path: str, equals: any }, optional: {} },
  waitFor: { required: { path: str, equals: any }, optional: { timeoutMs: int(1) } },
};

const HEADER_KEYS = ['version', 'id', 'title', 'description', 'seed', 'mode', 'brokers', 'config', 'steps'];

export class ScenarioError extends Error {
  constructor(readonly problem: ScenarioProblem) {
    super(problem.message);
  }
}

function problem(step: number | null, field: string, code: string, params: Record<string, string | number>, message: string): ScenarioProblem {
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
  let json: unknown;
  try {
    json = JSON.parse(textIn);
  } catch (e) {
    const reason = (e as Error).message;
    return { ok: false, problem: problem(null, '', 'json', { reason }, `not valid JSON: ${reason}`) };
  }
  return validateScenario(json);
}

function fail(step: number | null, field: string, code: string, params: Record<string, string | number>, message: string): never {
  throw new ScenarioError(problem(step, field, code, params, message));
}

function check(json: unknown): Scenario {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) fail(null, '', 'notObject', {}, 'a scenario must be a JSON object');
  const s = json as Record<string, unknown>;
  for (const k of Object.keys(s)) if (!HEADER_KEYS.includes(k)) fail(null, k, 'unknownKey', { key: k }, `unknown top-level key "${k}"`);
  if (s.version !== 1) fail(null, 'version', 'badValue', { expected: '1' }, '"version" must be 1');
  if (typeof s.id !== 'string' || !/^[a-z0-9]+(-[a-z0-9]+)*$/.test(s.id)) fail(null, 'id', 'badValue', { expected: 'kebab-case' }, '"id" must be kebab-case, like "acks-1-leader-failover"');
  for (const k of ['title', 'description'] as const) if (s[k] !== undefined && text(s[k])) fail(null, k, 'badType', { expected: text(s[k])! }, `"${k}" must be ${text(s[k])}`);
  const seed = s.seed ?? 1;
  if (!isInt(seed)) fail(null, 'seed', 'badType', { expected: 'an integer' }, '"seed" must be an integer');
  const mode = s.mode ?? 'zookeeper';
  if (mode !== 'zookeeper' && mode !== 'kraft') fail(null, 'mode', 'badValue', { expected: '"zookeeper" or "kraft"' }, '"mode" must be "zookeeper" or "kraft"');
  let brokers: number[];
  if (s.brokers === undefined) brokers = [1, 2, 3];
  else if (isInt(s.brokers) && s.brokers >= 1 && s.brokers <= 64) brokers = Array.from({ length: s.brokers }, (_, i) => i + 1);
  else if (Array.isArray(s.brokers) && s.brokers.length > 0 && s.brokers.every((b) => isInt(b) && b >= 0) && new Set(s.brokers).size === s.brokers.length) brokers = s.brokers as number[];
  else fail(null, 'brokers', 'badValue', { expected: 'a count from 1 to 64 or a list of distinct broker ids' }, '"brokers" must be a count from 1 to 64 or a list of distinct integer ids');
  const config: Record<string, string | number | boolean> = {};
  if (s.config !== undefined) {
    if (obj(s.config)) fail(null, 'config', 'badType', { expected: 'an object' }, '"config" must be an object');
    for (const [k, v] of Object.entries(s.config as Record<string, unknown>)) {
      const spec = BROKER_KEYS[k];
      if (!spec) fail(null, `config.${k}`, 'unknownConfig', { key: k }, `config key "${k}" is not one the engine models`);
      const r = parseValue(spec.kind, v);
      if (!r.ok) fail(null, `config.${k}`, 'badConfigValue', { key: k, expected: r.reason }, `config "${k}" must be ${r.reason}`);
      config[k] = r.value as string | number | boolean;
    }
  }
  if (!Array.isArray(s.steps)) fail(null, 'steps', 'badType', { expected: 'a list' }, '"steps" must be a list of steps');
  const known = { brokers: new Set(brokers), topics: new Set<string>(), consumers: new Set<string>() };
  const steps = (s.steps as unknown[]).map((st, i) => checkStep(st, i, known));
  return { version: 1, id: s.id as string, title: s.title as Scenario['title'], description: s.description as Scenario['description'], seed: seed as number, mode, brokers, config, steps };
}

function checkStep(raw: unknown, i: number, known: { brokers: Set<number>; topics: Set<string>; consumers: Set<string> }): Step {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) fail(i, '', 'notObject', {}, `step ${i} must be an object`);
  const st = raw as Record<string, unknown>;
  if (typeof st.do !== 'string') fail(i, 'do', 'missingField', { field: 'do' }, `step ${i} has no "do"`);
  const spec = COMMANDS[st.do];
  if (!spec) fail(i, 'do', 'unknownCommand', { command: st.do }, `step ${i}: unknown command "${st.do}"`);
  for (const [k, c] of Object.entries(spec.required)) {
    if (!(k in st)) fail(i, k, 'missingField', { field: k }, `step ${i} (${st.do}) needs "${k}"`);
    const e = c(st[k]);
    if (e) fail(i, k, 'badType', { field: k, expected: e }, `step ${i} (${st.do}): "${k}" must be ${e}`);
  }
  for (const k of Object.keys(st)) {
    if (k === 'do' || k in spec.required) continue;
    if (k === 'say' || k === 'label') {
      const e = k === 'say' ? text(st[k]) : str(st[k]);
      if (e) fail(i, k, 'badType', { field: k, expected: e }, `step ${i}: "${k}" must be ${e}`);
      continue;
    }
    const c = spec.optional[k];
    if (!c) fail(i, k, 'unknownKey', { key: k }, `step ${i} (${st.do}): unknown field "${k}"`);
    const e = c(st[k]);
    if (e) fail(i, k, 'badType', { field: k, expected: e }, `step ${i} (${st.do}): "${k}" must be ${e}`);
  }
  checkNames(st as Step, i, known);
  return st as Step;
}

/** Names that never exist make the scenario invalid (a topic whose creation Kafka refused is a runtime outcome). */
function checkNames(st: Step, i: number, known: { brokers: Set<number>; topics: Set<string>; consumers: Set<string> }): void {
  const unknown = (field: string, kind: string, name: string | number): never =>
    fail(i, field, 'unknownName', { kind, name }, `step ${i} (${st.do}): unknown ${kind} ${JSON.stringify(name)}`);
  if (st.do === 'addBroker') {
    if (known.brokers.has(st.broker as number)) fail(i, 'broker', 'badValue', { expected: 'a new broker id' }, `step ${i} (addBroker): broker ${st.broker} already exists`);
    known.brokers.add(st.broker as number);
    return;
  }
  if (st.do === 'createTopic') {
    known.topics.add(st.topic as string);
    if (Array.isArray(st.assignment)) for (const r of st.assignment as number[][]) for (const b of r) if (!known.brokers.has(b)) unknown('assignment', 'broker', b);
    if (st.config !== undefined) checkTopicConfig(st.config as Record<string, unknown>, i, 'config');
    return;
  }
  if (st.do === 'joinGroup') {
    known.consumers.add(st.consumer as string);
    for (const t of st.topics as string[]) if (!known.topics.has(t)) unknown('topics', 'topic', t);
    return;
  }
  if ('broker' in st && st.do !== 'setConfig' && !known.brokers.has(st.broker as number)) unknown('broker', 'broker', st.broker as number);
  if (st.do === 'setConfig' && st.broker !== undefined && !known.brokers.has(st.broker as number)) unknown('broker', 'broker', st.broker as number);
  if (st.do === 'isolate' && Array.isArray(st.from)) for (const b of st.from as number[]) if (!known.brokers.has(b)) unknown('from', 'broker', b);
  if ('topic' in st && st.do !== 'setConfig' && !known.topics.has(st.topic as string)) unknown('topic', 'topic', st.topic as string);
  if (st.do === 'setConfig' && st.topic !== undefined && !known.topics.has(st.topic as string)) unknown('topic', 'topic', st.topic as string);
  if ('consumer' in st && !known.consumers.has(st.consumer as string)) unknown('consumer', 'consumer', st.consumer as string);
  if (st.do === 'setConfig') {
    if (st.topic !== undefined && st.broker !== undefined) fail(i, 'topic', 'badValue', { expected: 'broker or topic, not both' }, `step ${i} (setConfig): give "broker" or "topic", not both`);
    if (st.topic !== undefined) checkTopicConfig({ [st.key as string]: st.value }, i, 'key');
    else {
      const spec = BROKER_KEYS[st.key as string];
      if (!spec) fail(i, 'key', 'unknownConfig', { key: st.key as string }, `step ${i} (setConfig): config key "${st.key}" is not one the engine models`);
      const r = parseValue(spec.kind, st.value);
      if (!r.ok) fail(i, 'value', 'badConfigValue', { key: st.key as string, expected: r.reason }, `step ${i} (setConfig): "${st.key}" must be ${r.reason}`);
    }
  }
}

function checkTopicConfig(cfg: Record<string, unknown>, i: number, field: string): void {
  for (const [k, v] of Object.entries(cfg)) {
    const kind = TOPIC_KEYS[k];
    if (!kind) fail(i, field === 'config' ? `config.${k}` : field, 'unknownConfig', { key: k }, `step ${i}: topic config key "${k}" is not one the engine models`);
    const r = parseValue(kind, v);
    if (!r.ok) fail(i, field === 'config' ? `config.${k}` : 'value', 'badConfigValue', { key: k, expected: r.reason }, `step ${i}: topic config "${k}" must be ${r.reason}`);
  }
}
