import { runScenario } from '/work/wt/stage-anim/src/scenario/runner';
import { loadScenarioFile } from '/work/wt/stage-anim/src/cli/loadScenarioFile';
const r = runScenario(loadScenarioFile(process.argv[2]));
const skip = new Set((process.argv[3] ?? '').split(',').filter(Boolean));
r.events.forEach((e: any, i: number) => { if (!skip.has(e.type)) { const { seq, step, type, time, ...rest } = e; console.log(i, step, time, type, JSON.stringify(rest)); } });
