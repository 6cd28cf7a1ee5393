import { describe, it, expect } from 'vitest';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { parseScenarioText, validateScenario } from '../../src/scenario/validate';
import { runScenario, ScenarioRun } from '../../src/scenario/runner';

// The contract's scenarios, kept in the repository (test/contract) so a clone runs them on its own; when the
// shared folder sits beside this checkout, its copy runs too (it may be newer).
const CONTRACT = join(__dirname, '../contract');
const SHARED = join(__dirname, '../../../shared/scenarios');
const OURS = join(__dirname, '../scenarios');

function load(path: string) {
  const p = parseScenarioText(readFileSync(path, 'utf8'));
  if (!p.ok) throw new Error(`${path}: ${p.problem.message}`);
  return p.scenario;
}

describe('the contract scenarios pass', () => {
  const dirs = [CONTRACT, ...(existsSync(SHARED) ? [SHARED] : [])];
  const files = dirs.flatMap((d) =>
    readdirSync(d)
      .filter((x) => x.endsWith('.json'))
      .sort()
      .map((f) => join(d, f)),
  );
  it('there are contract scenarios to run', () => expect(files.length).toBeGreaterThanOrEqual(6));
  for (const path of files) {
    it(path.includes('/shared/') ? `shared: ${path.split('/').pop()}` : path.split('/').pop()!, () => {
      const r = runScenario(load(path));
      expect(r.failures).toEqual([]);
      expect(r.ok).toBe(true);
    });
  }
});

describe("Kafka's failure stories (test/scenarios)", () => {
  for (const f of readdirSync(OURS)
    .filter((x) => x.endsWith('.json'))
    .sort()) {
    it(f, () => {
      const r = runScenario(load(join(OURS, f)));
      expect(r.failures).toEqual([]);
    });
  }
});

describe('determinism', () => {
  for (const f of ['acks-1-data-loss.json', 'zombie-controller-unfenced.json', 'kraft-failover.json']) {
    it(`${f}: same seed and commands give the same trace and dump, byte for byte`, () => {
      const a = runScenario(load(join(OURS, f)));
      const b = runScenario(load(join(OURS, f)));
      expect(JSON.stringify(a.final)).toBe(JSON.stringify(b.final));
      expect(JSON.stringify(a.events)).toBe(JSON.stringify(b.events));
    });
  }
  it('a different seed changes random choices (kafka placement)', () => {
    const mk = (seed: number) =>
      validateScenario({
        version: 1,
        id: 'p',
        seed,
        brokers: 5,
        steps: [{ do: 'createTopic', topic: 't', partitions: 6, replicationFactor: 3, assignment: 'kafka' }],
      });
    const layouts = new Set(
      [1, 2, 3, 4, 5, 6].map((s) => {
        const v = mk(s);
        if (!v.ok) throw new Error(v.problem.message);
        const d = runScenario(v.scenario).final.topics.t.partitions;
        return JSON.stringify(Object.values(d).map((p) => p.replicas));
      }),
    );
    expect(layouts.size).toBeGreaterThan(1);
  });
  it('runUntilEvent stops at the same event as a full run, with the same state', () => {
    const s = load(join(OURS, 'acks-1-data-loss.json'));
    const full = new ScenarioRun(s);
    full.runToEnd();
    const k = Math.floor(full.events.length / 2);
    const a = new ScenarioRun(s);
    a.runUntilEvent(k);
    const b = new ScenarioRun(s);
    b.runUntilEvent(k);
    expect(a.events.length).toBeGreaterThan(k);
    expect(JSON.stringify(a.events.slice(0, k + 1))).toBe(JSON.stringify(full.events.slice(0, k + 1)));
    expect(JSON.stringify(a.dump())).toBe(JSON.stringify(b.dump()));
  });
});

describe('scenario validation names the step and the field', () => {
  const base = { version: 1, id: 'x', brokers: 3 };
  const bad = (steps: unknown[], extra: Record<string, unknown> = {}) => {
    const v = validateScenario({ ...base, ...extra, steps });
    if (v.ok) throw new Error('expected a problem');
    return v.problem;
  };
  it('unknown command', () => expect(bad([{ do: 'explode' }])).toMatchObject({ step: 0, field: 'do', code: 'unknownCommand' }));
  it('missing field', () =>
    expect(bad([{ do: 'createTopic', topic: 't', partitions: 1 }])).toMatchObject({ step: 0, field: 'replicationFactor', code: 'missingField' }));
  it('wrong type', () => expect(bad([{ do: 'advance', ms: 'soon' }])).toMatchObject({ step: 0, field: 'ms', code: 'badType' }));
  it('unknown step field', () => expect(bad([{ do: 'advance', ms: 1, speed: 2 }])).toMatchObject({ step: 0, field: 'speed', code: 'unknownKey' }));
  it('unknown broker', () => expect(bad([{ do: 'crashBroker', broker: 9 }])).toMatchObject({ step: 0, field: 'broker', code: 'unknownName' }));
  it('unknown topic', () => expect(bad([{ do: 'produce', topic: 'nope' }])).toMatchObject({ step: 0, field: 'topic', code: 'unknownName' }));
  it('unknown config key is an error, not ignored', () =>
    expect(bad([], { config: { 'log.segment.byte': 1 } })).toMatchObject({ step: null, field: 'config.log.segment.byte', code: 'unknownConfig' }));
  it('bad config value', () =>
    expect(bad([], { config: { 'min.insync.replicas': 'two' } })).toMatchObject({ field: 'config.min.insync.replicas', code: 'badConfigValue' }));
  it('unknown top-level key', () => expect(bad([], { seeds: 2 })).toMatchObject({ step: null, field: 'seeds', code: 'unknownKey' }));
  it('invalid JSON', () => {
    const p = parseScenarioText('{"version": 1,');
    expect(p.ok).toBe(false);
    if (!p.ok) expect(p.problem.code).toBe('json');
  });
  it('a topic created later in the file is known from that step on', () => {
    expect(
      bad([
        { do: 'produce', topic: 't' },
        { do: 'createTopic', topic: 't', partitions: 1, replicationFactor: 1 },
      ]),
    ).toMatchObject({ step: 0, field: 'topic' });
  });
});

describe('npm run scenario: output and exit codes', () => {
  const run = (file: string) =>
    spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/scenario.ts', file], { cwd: join(__dirname, '../..'), encoding: 'utf8' });
  it('0 when every expectation holds, with {id, ok, steps, failures, final}', () => {
    const r = run(join(CONTRACT, 'placement-seed.json'));
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(Object.keys(out)).toEqual(['id', 'ok', 'steps', 'failures', 'final']);
    expect(out.final.topics.t.partitions['2'].replicas).toEqual([3, 4]);
  });
  it('1 when an expectation fails, naming step, path, expected and actual', () => {
    const r = run(join(__dirname, 'fixtures/failing-expect.json'));
    expect(r.status).toBe(1);
    expect(JSON.parse(r.stdout).failures).toEqual([{ step: 1, path: 'topics.t.partitions.0.leader', expected: 2, actual: 1 }]);
  });
  it('a large result (over a pipe buffer) comes out whole', () => {
    const r = run(join(__dirname, 'fixtures/big-output.json'));
    expect(r.status).toBe(0);
    expect(r.stdout.length).toBeGreaterThan(65536);
    expect(JSON.parse(r.stdout).final.producers['producer-1'].acked).toHaveLength(4000);
  });
  it('2 for an invalid file, naming the file, the step and the field on stderr', () => {
    const r = run(join(__dirname, 'fixtures/invalid-step.json'));
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('invalid-step.json');
    expect(r.stderr).toContain('step 1');
    expect(r.stderr).toContain('"replicationFactor"');
  });
});
