// advance: let simulated time pass.
import { LIMITS } from '../limits';
import { command, f } from './spec';

export default command({
  name: 'advance',
  required: { ms: f.int(0, LIMITS.stepMs) },
  optional: {},
  doc: 'let simulated time pass',
  execute(run, step) {
    run.runFor(step.ms);
  },
  fault: { doc: 'time passes (timeouts fire, followers fall behind or catch up)', draw: { ms: { kind: 'int', min: 1, max: 20000 } }, weight: 2 },
});
