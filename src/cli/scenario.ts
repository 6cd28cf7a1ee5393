// npm run -s scenario -- FILE.json : runs a scenario headless and prints {id, ok, steps, failures, final}.
// Exit 0: every expectation held; 1: one failed; 2: the file is invalid (stderr names file, step and field).
import { readFileSync } from 'node:fs';
import { parseScenarioText } from '../scenario/validate';
import { runScenario } from '../scenario/runner';

const file = process.argv.slice(2).find((a) => !a.startsWith('--'));
if (!file) {
  process.stderr.write('usage: npm run -s scenario -- FILE.json\n');
  process.exit(2);
}
let text: string;
try {
  text = readFileSync(file, 'utf8');
} catch (e) {
  process.stderr.write(`${file}: cannot read the file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})\n`);
  process.exit(2);
}
const parsed = parseScenarioText(text);
if (!parsed.ok) {
  const p = parsed.problem;
  const where = p.step === null ? 'header' : `step ${p.step}`;
  process.stderr.write(`${file}: invalid scenario: ${where}, field "${p.field}": ${p.message}\n`);
  process.exit(2);
}
const result = runScenario(parsed.scenario);
const { events: _events, ...out } = result;
// exitCode, not exit(): a large dump written to a pipe must be flushed before the process ends.
process.stdout.write(JSON.stringify(out) + '\n');
process.exitCode = result.ok ? 0 : 1;
