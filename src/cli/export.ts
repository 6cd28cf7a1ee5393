// npm run -s export -- FILE.json --out DIR : runs the scenario and writes each replica's log directory as
// Kafka lays it out (DIR/broker-<id>/<topic>-<partition>/<20-digit base>.log|.index|.timeindex).
import { ScenarioRun } from '../scenario/runner';
import { exportDisks } from '../storage/export';
import type { SimDisk } from '../storage/disk/SimDisk';
import { loadScenarioFile } from './loadScenarioFile';

const args = process.argv.slice(2);
const outAt = args.indexOf('--out');
const out = outAt >= 0 ? args[outAt + 1] : undefined;
const file = args.find((a, i) => !a.startsWith('--') && i !== outAt + 1);
if (!file || !out) {
  process.stderr.write('usage: npm run -s export -- FILE.json --out DIR\n');
  process.exit(2);
}
const scenario = loadScenarioFile(file);
const run = new ScenarioRun(scenario);
run.runToEnd();
const disks = new Map<number, SimDisk>();
for (const b of run.cluster.sortedBrokers()) disks.set(b.id, b.disk);
const files = exportDisks(disks, out);
process.stdout.write(JSON.stringify({ id: scenario.id, ok: run.failures.length === 0, out, files }) + '\n');
