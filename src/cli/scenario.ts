// npm run -s scenario -- FILE.json : runs a scenario headless and prints {id, ok, steps, failures, final}.
// Exit 0: every expectation held; 1: one failed; 2: the file is invalid (stderr names file, step and field).
import { runScenario } from '../scenario/runner';
import { loadScenarioFile } from './loadScenarioFile';

const file = process.argv.slice(2).find((a) => !a.startsWith('--'));
if (!file) {
  process.stderr.write('usage: npm run -s scenario -- FILE.json\n');
  process.exit(2);
}
const result = runScenario(loadScenarioFile(file));
const { events: _events, ...out } = result;
// exitCode, not exit(): a large dump written to a pipe must be flushed before the process ends.
process.stdout.write(JSON.stringify(out) + '\n');
process.exitCode = result.ok ? 0 : 1;
