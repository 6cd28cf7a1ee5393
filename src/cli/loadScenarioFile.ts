// Reads and validates a scenario file for the CLIs; on a problem it prints what and where, and exits 2.
import { readFileSync, statSync } from 'node:fs';
import { parseScenarioText } from '../scenario/validate';
import type { Scenario } from '../scenario/types';
import { LIMITS } from '../scenario/limits';

export function loadScenarioFile(file: string): Scenario {
  let text: string;
  try {
    // refused before it is read: a scenario file is at most LIMITS.fileSize bytes
    if (statSync(file).size > LIMITS.fileSize) {
      process.stderr.write(`${file}: invalid scenario: header, field "": the file is larger than ${LIMITS.fileSize} bytes\n`);
      process.exit(2);
    }
    text = readFileSync(file, 'utf8');
  } catch (e) {
    process.stderr.write(`${file}: cannot read the file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})\n`);
    process.exit(2);
  }
  const parsed = parseScenarioText(text);
  if (!parsed.ok) {
    const p = parsed.problem;
    process.stderr.write(`${file}: invalid scenario: ${p.step === null ? 'header' : `step ${p.step}`}, field "${p.field}": ${p.message}\n`);
    process.exit(2);
  }
  return parsed.scenario;
}
