// Issue 15: every input has a limit with a clear refusal (a problem code translated in both languages; exit 2 in
// the CLI naming the file, the step and the field), and names that are built-in property names of JavaScript
// objects ("__proto__", "constructor", "toString") are ordinary names.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseScenarioText, validateScenario } from '../../src/scenario/validate';
import { runScenario } from '../../src/scenario/runner';
import { LIMITS } from '../../src/scenario/limits';
import { describeProblem } from '../../src/ui/i18n';

const scenario = (steps: unknown[], header: Record<string, unknown> = {}) => ({ version: 1, id: 'limits', brokers: 3, ...header, steps });
const problem = (steps: unknown[], header: Record<string, unknown> = {}) => {
  const v = validateScenario(scenario(steps, header));
  if (v.ok) throw new Error('expected a problem');
  return v.problem;
};
const topic = { do: 'createTopic', topic: 't', partitions: 1, replicationFactor: 3 };

describe('limits', () => {
  it.each([
    ['a produce of 1e7 records', [topic, { do: 'produce', topic: 't', count: 1e7 }], 'count', 'outOfRange'],
    ['1e308 passes Number.isInteger but not the limit', [topic, { do: 'produce', topic: 't', count: 1e308 }], 'count', 'outOfRange'],
    ['a topic of 1e6 partitions', [{ ...topic, partitions: 1e6 }], 'partitions', 'outOfRange'],
    ['a replication factor of 1000', [{ ...topic, replicationFactor: 1000 }], 'replicationFactor', 'outOfRange'],
    ['an advance of 1e15 ms', [{ do: 'advance', ms: 1e15 }], 'ms', 'outOfRange'],
    ['a waitFor timeout of 1e15 ms', [{ do: 'waitFor', path: 'time', equals: 1, timeoutMs: 1e15 }], 'timeoutMs', 'outOfRange'],
    ['a pause of 1e12 ms', [{ do: 'pauseBroker', broker: 1, ms: 1e12 }], 'ms', 'outOfRange'],
    ['an explicit assignment of 1e5 partitions', [{ ...topic, assignment: Array.from({ length: 100_000 }, () => [1]) }], 'assignment', 'tooMany'],
    ['a name longer than 249 characters', [topic, { do: 'produce', topic: 't', producer: 'p'.repeat(250) }], 'producer', 'tooLong'],
    ['records worth more than 128 MiB', [topic, { do: 'produce', topic: 't', count: 1000, value: 'v'.repeat(200_000) }], 'count', 'tooLarge'],
    ['129 brokers through addBroker', Array.from({ length: 126 }, (_, i) => ({ do: 'addBroker', broker: 4 + i })), 'broker', 'tooMany'],
    ['a say of 20,000 characters', [{ ...topic, say: 'x'.repeat(20_000) }], 'say', 'tooLong'],
  ])('%s is refused', (_, steps, field, code) => {
    expect(problem(steps as unknown[])).toMatchObject({ field, code });
  });

  it("config: a value out of Kafka's range or a zero interval that would stop simulated time", () => {
    expect(problem([], { config: { 'log.segment.bytes': 1e308 } })).toMatchObject({ field: 'config.log.segment.bytes' });
    expect(problem([], { config: { 'replica.lag.time.max.ms': 0 } })).toMatchObject({
      field: 'config.replica.lag.time.max.ms',
      code: 'outOfRange',
      params: { min: 1 },
    });
    expect(problem([], { config: { 'sim.network.latency.ms': 0 } })).toMatchObject({ code: 'outOfRange' });
    expect(problem([topic, { do: 'setConfig', key: 'retention.ms', value: -2, topic: 't' }])).toMatchObject({ field: 'value', code: 'outOfRange' });
  });

  it("10,000 broker ids and 10,001 steps are refused; the benchmark's 10,000 steps fit", () => {
    expect(problem([], { brokers: Array.from({ length: 10_000 }, (_, i) => i) })).toMatchObject({ field: 'brokers' });
    expect(problem(Array.from({ length: 10_001 }, () => ({ do: 'advance', ms: 1 })))).toMatchObject({ field: 'steps', code: 'tooMany' });
    expect(validateScenario(scenario(Array.from({ length: 10_000 }, () => ({ do: 'advance', ms: 1 })))).ok).toBe(true);
  });

  it('an equals nested 100,000 deep is refused before anything recursive reads it', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(problem([{ do: 'expect', path: 'time', equals: deep }])).toMatchObject({ code: 'tooDeep', params: { max: LIMITS.depth } });
    const text = `{"version":1,"id":"deep","steps":[{"do":"expect","path":"time","equals":${'['.repeat(100_000)}${']'.repeat(100_000)}}]}`;
    const p = parseScenarioText(text);
    expect(p.ok ? null : p.problem.code).toBe('tooDeep');
  });

  it('a file larger than the limit is refused', () => {
    const p = parseScenarioText(' '.repeat(LIMITS.fileSize + 1));
    expect(p.ok ? null : p.problem).toMatchObject({ code: 'tooLarge' });
  });

  it("Kafka's topic-name rule: at most 249 characters of [a-zA-Z0-9._-], not '.' or '..'", () => {
    for (const name of ['.', '..', 'with space', 'é', 'a/b', 'x'.repeat(250)])
      expect(problem([{ ...topic, topic: name }]), name).toMatchObject({ field: 'topic', code: name.length > 249 ? 'tooLong' : 'badTopicName' });
    for (const name of ['a.b', 'A_b-9', '__proto__', 'constructor', 'x'.repeat(249)])
      expect(validateScenario(scenario([{ ...topic, topic: name }])).ok, name).toBe(true);
  });

  it('every refusal reads in English and Chinese, naming the step and the field', () => {
    const p = problem([topic, { do: 'produce', topic: 't', count: 1e308 }]);
    expect(describeProblem(p, 'en')).toBe('Step 2, field “count”: must be from 1 to 1000000');
    expect(describeProblem(p, 'zh')).toBe('第 2 步，字段“count”：应在 1 到 1000000 之间');
    const n = problem([{ ...topic, topic: 'a b' }]);
    expect(describeProblem(n, 'zh')).toContain('不是合法的 Kafka 主题名');
  });

  it('the CLI exits 2 and names the file, the step and the field', () => {
    const dir = mkdtempSync(join(tmpdir(), 'limits-'));
    const file = join(dir, 'huge.json');
    writeFileSync(file, JSON.stringify(scenario([topic, { do: 'produce', topic: 't', count: 1e308 }])));
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/scenario.ts', file], { cwd: join(__dirname, '../..'), encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('huge.json');
    expect(r.stderr).toContain('step 1');
    expect(r.stderr).toContain('"count"');
  });
});

describe('built-in property names are ordinary names (Map or null-prototype objects, Object.hasOwn)', () => {
  const NAMES = ['__proto__', 'constructor', 'toString'];

  it('as "do" they are unknown commands; as step fields unknown fields; as config keys unknown keys', () => {
    for (const n of NAMES) {
      expect(problem([{ do: n }])).toMatchObject({ field: 'do', code: 'unknownCommand' });
      expect(problem([Object.defineProperty({ do: 'advance', ms: 1 }, n, { value: 1, enumerable: true })])).toMatchObject({ field: n, code: 'unknownKey' });
      expect(problem([], { config: Object.defineProperty({}, n, { value: 1, enumerable: true }) })).toMatchObject({ code: 'unknownConfig' });
      expect(problem([{ ...topic, config: Object.defineProperty({}, n, { value: 1, enumerable: true }) }])).toMatchObject({ code: 'unknownConfig' });
    }
  });

  for (const mode of ['zookeeper', 'kraft'] as const) {
    it(`${mode}: work as topic, group, producer and consumer names, and show in the dump`, () => {
      const steps = NAMES.flatMap((n) => [
        { do: 'createTopic', topic: n, partitions: 2, replicationFactor: 3 },
        { do: 'produce', topic: n, producer: n, count: 2, key: 'k{n}' },
        { do: 'joinGroup', consumer: n, group: n, topics: [n], autoOffsetReset: 'earliest' },
        { do: 'poll', consumer: n },
        { do: 'commit', consumer: n },
      ]);
      const v = parseScenarioText(JSON.stringify(scenario(steps, { mode })));
      if (!v.ok) throw new Error(v.problem.message);
      const d = runScenario(v.scenario).final;
      for (const n of NAMES) {
        expect(Object.hasOwn(d.topics, n), `topic ${n}`).toBe(true);
        expect(Object.keys(d.topics[n].partitions)).toEqual(['0', '1']);
        expect(d.producers[n].acked.length, `producer ${n}`).toBe(2);
        expect(d.consumers[n].consumed.length, `consumer ${n}`).toBe(2);
        expect(d.groups[n].state, `group ${n}`).toBe('Stable');
        expect(Object.keys(d.groups[n].members)).toEqual([n]);
        expect(Object.values(d.groups[n].committed).reduce((a, b) => a + b, 0)).toBe(2);
      }
      // the dump as JSON keeps them as ordinary keys
      const back = JSON.parse(JSON.stringify(d)) as typeof d;
      expect(Object.keys(back.topics).sort()).toEqual([...NAMES, '__consumer_offsets'].sort());
    });
  }
});
