// Fuzzing the validator and the runner (fast-check, quick in CI): scenarios built from valid and hostile pieces —
// JavaScript's built-in property names as names, fields and commands; numbers such as 1e308 and 1e15; empty and
// over-long strings; values nested too deep. The validator never throws and always answers with a translated
// problem or a scenario; a scenario it accepts runs to the end without throwing, and its dump is JSON.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseScenarioText, validateScenario } from '../../src/scenario/validate';
import { runScenario } from '../../src/scenario/runner';
import { commandSpecs } from '../../src/scenario/commands';
import { problemMessage } from '../../src/ui/i18n/problems';

const PROTO = ['__proto__', 'constructor', 'toString', 'valueOf', 'hasOwnProperty'];
const names = fc.constantFrom(...PROTO, 't', 'u', 'g', 'c1', 'a.b', '', '.', 'with space', 'x'.repeat(250));
const numbers = fc.constantFrom(0, 1, 2, 3, -1, 10, 1000, 5000, 1e308, 1e15, 2 ** 31, Number.MAX_SAFE_INTEGER + 2, 0.5);
let deep: unknown = 0;
for (let i = 0; i < 200; i++) deep = [deep];
const values: fc.Arbitrary<unknown> = fc.oneof(
  names,
  numbers,
  fc.constant(null),
  fc.boolean(),
  fc.constant([]),
  fc.constant({}),
  fc.constant(deep),
  fc.constantFrom('all', 'seed', 'kafka', 'range', 'earliest', 'Produce', 'brokers'),
  fc.array(names, { maxLength: 3 }),
  fc.array(fc.constantFrom(1, 2, 3, 9), { maxLength: 3 }),
);
const FIELDS = [...new Set(commandSpecs.flatMap((s) => [...Object.keys(s.required), ...Object.keys(s.optional)]))];
const fieldNames = fc.constantFrom(...FIELDS, ...FIELDS, ...PROTO);

/** An object with own properties only (a computed "__proto__" key is an own property, as JSON.parse makes it). */
function own(entries: [string, unknown][]): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  for (const [k, v] of entries) Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
  return o;
}

const step = fc
  .tuple(
    fc.constantFrom(...commandSpecs.map((s) => s.name), ...commandSpecs.map((s) => s.name), ...PROTO),
    fc.array(fc.tuple(fieldNames, values), { maxLength: 5 }),
  )
  .map(([command, fields]) => own([['do', command], ...fields]));
/** Steps likely to be valid, so the runner is exercised too: a topic and a few of the commonest commands. */
const likely = fc.array(
  fc.oneof(
    fc.record({
      do: fc.constant('produce'),
      topic: fc.constantFrom('t', '__proto__'),
      count: fc.integer({ min: 1, max: 5 }),
      producer: fc.constantFrom(...PROTO, 'p'),
    }),
    fc.record({ do: fc.constant('joinGroup'), consumer: fc.constantFrom(...PROTO), group: fc.constantFrom(...PROTO), topics: fc.constant(['t']) }),
    fc.record({ do: fc.constant('poll'), consumer: fc.constantFrom(...PROTO) }),
    fc.record({ do: fc.constant('crashBroker'), broker: fc.integer({ min: 1, max: 3 }) }),
    fc.record({ do: fc.constant('advance'), ms: fc.integer({ min: 0, max: 5000 }) }),
    fc.record({ do: fc.constant('loseResponses'), broker: fc.integer({ min: 1, max: 3 }), api: fc.constant('Produce') }),
  ),
  { maxLength: 5 },
);

const header = fc.record({
  brokers: fc.oneof(fc.constant(3), numbers, fc.constant([1, 2, 3]), fc.constant(Array.from({ length: 70 }, (_, i) => i))),
  config: fc.oneof(
    fc.constant({}),
    fc
      .array(fc.tuple(fc.constantFrom('replica.lag.time.max.ms', 'min.insync.replicas', 'sim.network.latency.ms', 'log.segment.bytes', ...PROTO), values), {
        maxLength: 2,
      })
      .map(own),
  ),
});

function check(json: unknown): void {
  const v = validateScenario(json);
  if (!v.ok) {
    // a refusal names its field and reads in both languages from the tables, not as the English fallback
    expect(typeof v.problem.field).toBe('string');
    for (const lang of ['en', 'zh'] as const) expect(problemMessage(v.problem, lang), `${v.problem.code}: ${v.problem.message}`).not.toBe(v.problem.message);
    return;
  }
  const r = runScenario(v.scenario);
  expect(typeof JSON.stringify(r.final)).toBe('string');
  for (const st of v.scenario.steps)
    if (st.do === 'createTopic' && !r.final.errors.some((e) => e.do === 'createTopic')) expect(Object.hasOwn(r.final.topics, st.topic)).toBe(true);
}

describe('fuzzing the validator and the runner (fast-check)', () => {
  it('hostile steps: never a throw; a translated refusal or a run to the end', () => {
    fc.assert(
      fc.property(header, fc.array(step, { maxLength: 4 }), (h, steps) => {
        const json = { version: 1, id: 'fuzz', ...h, steps: [{ do: 'createTopic', topic: 't', partitions: 2, replicationFactor: 3 }, ...steps] };
        check(json);
        // the same as text, through JSON.parse (which makes "__proto__" an own key too)
        const p = parseScenarioText(JSON.stringify(json));
        expect(p.ok).toBe(validateScenario(json).ok);
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 150), seed: 15 },
    );
  }, 120_000);

  it('likely-valid histories with built-in names: they run, and every name shows in the dump', () => {
    fc.assert(
      fc.property(likely, (steps) => {
        check({
          version: 1,
          id: 'fuzz',
          brokers: 3,
          steps: [
            { do: 'createTopic', topic: 't', partitions: 2, replicationFactor: 3 },
            { do: 'createTopic', topic: '__proto__', partitions: 1, replicationFactor: 3 },
            ...steps,
          ],
        });
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 40), seed: 16 },
    );
  }, 120_000);
});
