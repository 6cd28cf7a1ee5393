// Fuzzing the stored-session loader (issue 15): whatever record IndexedDB holds as the current saved cluster (a
// damaged value, an older or newer version's, names that are JavaScript's own property names, positions that are
// not numbers, deep nesting), a start answers with a state (the app starts, never stuck on "Starting the
// simulation…"), and the record is either opened or kept aside exactly as it was stored; the next start does
// not try it again.
import 'fake-indexeddb/auto';
import fc from 'fast-check';
import { openDB } from 'idb';
import { describe, expect, it } from 'vitest';
import { emptyCluster } from '../../src/scenario/json';
import { ScenarioRun } from '../../src/scenario/runner';
import { validateScenario } from '../../src/scenario/validate';
import { EngineHost } from '../../src/worker/host';
import type { Notice, RecordResult, WorkerResponse } from '../../src/worker/protocol';
import { IdbSessionStore } from '../../src/worker/session';

const engine = { validateScenario, createRun: (s: Parameters<typeof validateScenario>[0] & object) => new ScenarioRun(s as never) };

const builtinNames = ['constructor', '__proto__', 'toString', 'valueOf', 'hasOwnProperty'];
const name = fc.oneof(fc.constantFrom('t', 'orders', ...builtinNames), fc.string({ maxLength: 6 }));
const smallInt = fc.oneof(fc.integer({ min: -2, max: 4 }), fc.constantFrom(1e308, NaN, -0, 0.5));
const anyValue = fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.constantFrom(undefined, NaN, Infinity, 'abc', 1e308, -5));

/** A step: a well-formed command with small numbers, or an ill-formed one. */
const step = fc.oneof(
  fc.record({ do: fc.constant('createTopic'), topic: name, partitions: smallInt, replicationFactor: smallInt }),
  fc.record({ do: fc.constant('produce'), topic: name, count: smallInt, acks: fc.constantFrom(1, 'all', 0, 'x') }),
  fc.record({ do: fc.constantFrom('crashBroker', 'startBroker', 'stopBroker'), broker: smallInt }),
  fc.record({ do: fc.constantFrom('explode', ...builtinNames) }),
  fc.record({ do: fc.constant('expect'), path: fc.constantFrom('brokers.1.status', 'topics', '__proto__'), equals: anyValue }),
  fc.record({
    do: fc.constant('createTopic'),
    topic: fc.constant('t'),
    partitions: fc.constant(1),
    replicationFactor: fc.constant(1),
    config: fc.dictionary(fc.constantFrom('toString', 'cleanup.policy', '__proto__'), anyValue, { maxKeys: 2 }),
  }),
  anyValue,
);

const scenario = fc.oneof(
  fc.record(
    {
      version: fc.constantFrom(1, 2, 'x'),
      id: fc.constantFrom('my-cluster', ''),
      seed: fc.oneof(fc.integer(), anyValue),
      mode: fc.constantFrom('zookeeper', 'kraft', 'x'),
      brokers: fc.oneof(fc.integer({ min: 0, max: 4 }), anyValue),
      config: fc.oneof(fc.constant({}), anyValue),
      steps: fc.oneof(fc.array(step, { maxLength: 4 }), anyValue),
    },
    { requiredKeys: ['steps'] },
  ),
  anyValue,
);

const record = fc.oneof(
  fc.record(
    { id: fc.oneof(fc.constant('c1'), anyValue), name: fc.oneof(name, anyValue), scenario, cursor: anyValue, savedAt: anyValue },
    { requiredKeys: ['scenario'] },
  ),
  anyValue,
);

let db = 0;

describe('the stored-session loader under fuzzing', () => {
  it('always starts; a record is opened or kept aside as it was stored; the next start does not retry it', async () => {
    await fc.assert(
      fc.asyncProperty(record, async (rec) => {
        const name = `loader-fuzz-${++db}`;
        await new IdbSessionStore(name).list();
        const d = await openDB(name);
        await d.put('sessions', rec, 'c1');
        await d.put('meta', 'c1', 'current');
        d.close();
        const stored = structuredClone(rec);

        const h = new EngineHost(engine, new IdbSessionStore(name));
        const r: WorkerResponse = await h.handle({ type: 'restore', fallback: emptyCluster() }, 1);
        expect(r.type).toBe('state');
        if (r.type !== 'state') return;
        const aside = (r.notices ?? []).filter((x: Notice) => x.kind === 'aside');
        if (r.session?.id === 'c1' || stored === undefined) {
          expect(aside).toEqual([]); // opened, or nothing stored (undefined is no value in IndexedDB)
        } else {
          // not opened: kept aside, exactly as stored
          expect(aside.map((x) => (x.kind === 'aside' ? x.record.id : ''))).toEqual(['c1']);
          const raw = (await h.handle({ type: 'asideRecord', session: 'c1' }, 2)) as RecordResult;
          expect(raw.record).toEqual(stored);
        }
        const again = await new EngineHost(engine, new IdbSessionStore(name)).handle({ type: 'restore', fallback: emptyCluster() }, 1);
        expect(again.type).toBe('state');
        if (again.type === 'state') expect(again.notices ?? []).toEqual([]);
      }),
      { numRuns: Number(process.env.LOADER_RUNS ?? 80), seed: Number(process.env.LOADER_SEED ?? 1515) },
    );
  });
});
