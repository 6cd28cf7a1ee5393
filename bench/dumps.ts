// Runs every scenario the project ships (test/scenarios, test/contract, public/lessons, the valid CLI
// fixtures), the benchmark's long scenario and a fixed sample of the fault-injection histories, and writes
// each final state dump and its event-type counts to a directory; with --compare DIR, reports every file
// that differs from DIR. A refactoring of the engine must leave the dumps identical, byte for byte.
//   node --import tsx bench/dumps.ts /tmp/engine-baseline
//   node --import tsx bench/dumps.ts /tmp/engine-after --compare /tmp/engine-baseline
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { parseScenarioText, validateScenario } from '../src/scenario/validate';
import { runScenario } from '../src/scenario/runner';
import type { Scenario, Step } from '../src/scenario/types';

const root = join(import.meta.dirname, '..');
const args = process.argv.slice(2);
const out = args[0];
const cmpAt = args.indexOf('--compare');
const against = cmpAt >= 0 ? args[cmpAt + 1] : undefined;
const only = args.includes('--only') ? args[args.indexOf('--only') + 1] : undefined;
if (!out) {
  process.stderr.write('usage: node --import tsx bench/dumps.ts OUTDIR [--compare DIR] [--only SUBSTRING]\n');
  process.exit(2);
}
mkdirSync(out, { recursive: true });

function fromDir(dir: string, prefix: string): [string, Scenario][] {
  const out: [string, Scenario][] = [];
  for (const f of readdirSync(join(root, dir))
    .filter((x) => x.endsWith('.json') && x !== 'index.json')
    .sort()) {
    const p = parseScenarioText(readFileSync(join(root, dir, f), 'utf8'));
    if (p.ok) out.push([`${prefix}-${f.slice(0, -5)}`, p.scenario]);
  }
  return out;
}

function make(id: string, steps: Step[], extra: Record<string, unknown> = {}): Scenario {
  const v = validateScenario({ version: 1, id, seed: 1, brokers: 3, ...extra, steps });
  if (!v.ok) throw new Error(`${id}: ${v.problem.message}`);
  return v.scenario;
}

function benchLong(): Scenario {
  const steps: Step[] = [{ do: 'createTopic', topic: 't', partitions: 6, replicationFactor: 3 }];
  const cycle: Step[] = [
    { do: 'produce', topic: 't', key: 'k{n}', count: 10, acks: 'all' },
    { do: 'advance', ms: 100 },
    { do: 'produce', topic: 't', count: 5, acks: 1 },
    { do: 'lookup', topic: 't', partition: 0, offset: 0 },
  ];
  while (steps.length < 2000) steps.push(...cycle);
  return make('bench-long', steps);
}

/** The fault-injection property's histories (test/engine/faults.property.test.ts), a fixed sample. */
function faultHistories(n: number): [string, Scenario][] {
  const broker = fc.integer({ min: 1, max: 3 });
  const op = fc.oneof(
    { weight: 4, arbitrary: fc.record({ do: fc.constant('produce'), count: fc.integer({ min: 1, max: 3 }) }) },
    { weight: 2, arbitrary: fc.record({ do: fc.constant('crashBroker'), broker, loseUnflushed: fc.boolean() }) },
    { weight: 2, arbitrary: fc.record({ do: fc.constant('startBroker'), broker }) },
    { weight: 2, arbitrary: fc.record({ do: fc.constant('isolate'), broker, from: fc.constantFrom('brokers', 'all', 'zookeeper') }) },
    { weight: 1, arbitrary: fc.record({ do: fc.constant('heal') }) },
    { weight: 1, arbitrary: fc.record({ do: fc.constant('pauseBroker'), broker, ms: fc.integer({ min: 100, max: 15000 }) }) },
    { weight: 2, arbitrary: fc.record({ do: fc.constant('advance'), ms: fc.integer({ min: 1, max: 20000 }) }) },
  );
  const samples = fc.sample(
    fc.tuple(fc.array(op, { minLength: 1, maxLength: 14 }), fc.constantFrom('all' as const, 1 as const), fc.boolean(), fc.constantFrom('zookeeper', 'kraft')),
    { numRuns: n, seed: 2024 },
  );
  return samples.map(([ops, acks, unclean, mode], k) => {
    const steps: Step[] = [{ do: 'createTopic', topic: 't', partitions: 1, replicationFactor: 3 }];
    ops.forEach((o, i) =>
      steps.push(o.do === 'produce' ? { do: 'produce', topic: 't', count: (o as { count: number }).count, value: `s${i}-{n}`, acks } : ({ ...o } as Step)),
    );
    steps.push(
      { do: 'heal' },
      { do: 'startBroker', broker: 1 },
      { do: 'startBroker', broker: 2 },
      { do: 'startBroker', broker: 3 },
      { do: 'advance', ms: 60000 },
    );
    return [
      `faults-${String(k).padStart(3, '0')}`,
      make('faults', steps, {
        seed: 3,
        mode,
        config: { 'min.insync.replicas': 2, 'unclean.leader.election.enable': unclean, 'zookeeper.session.timeout.ms': 6000, 'replica.lag.time.max.ms': 10000 },
      }),
    ] as [string, Scenario];
  });
}

const all: [string, Scenario][] = [
  ...fromDir('test/scenarios', 'scenarios'),
  ...fromDir('test/contract', 'contract'),
  ...fromDir('public/lessons', 'lessons'),
  ...fromDir('test/engine/fixtures', 'fixtures'),
  ['bench-long', benchLong()] as [string, Scenario],
  ...faultHistories(80),
].filter(([name]) => !only || name.includes(only));

let differ = 0;
for (const [name, scenario] of all) {
  let text: string;
  try {
    const r = runScenario(scenario);
    const counts: Record<string, number> = {};
    for (const e of r.events) {
      const k =
        e.type === 'MessageSent'
          ? `MessageSent:${String(e.api).replace(/Response$/, '')}${e.response || String(e.api).endsWith('Response') ? '>' : ''}`
          : e.type;
      counts[k] = (counts[k] ?? 0) + 1;
    }
    const sorted = Object.fromEntries(Object.entries(counts).sort(([a], [b]) => (a < b ? -1 : 1)));
    const traceHash = createHash('sha256').update(JSON.stringify(r.events)).digest('hex').slice(0, 16);
    text = JSON.stringify({ ok: r.ok, failures: r.failures, final: r.final }, null, 1) + '\n';
    writeFileSync(join(out, `${name}.counts.json`), JSON.stringify({ events: r.events.length, trace: traceHash, counts: sorted }, null, 1) + '\n');
  } catch (e) {
    text = `THREW ${(e as Error).stack}\n`;
  }
  writeFileSync(join(out, `${name}.dump.json`), text);
  if (against) {
    for (const kind of ['dump', 'counts']) {
      const a = join(against, `${name}.${kind}.json`);
      const mine = readFileSync(join(out, `${name}.${kind}.json`), 'utf8');
      if (!existsSync(a)) process.stdout.write(`NEW   ${name}.${kind}\n`);
      else if (readFileSync(a, 'utf8') !== mine) {
        if (kind === 'dump') differ += 1;
        process.stdout.write(`${kind === 'dump' ? 'DUMP ' : 'trace'} ${name}\n`);
      }
    }
  }
}
process.stdout.write(`${all.length} scenarios written to ${out}${against ? `; ${differ} final dumps differ from ${against}` : ''}\n`);
process.exitCode = differ ? 1 : 0;
