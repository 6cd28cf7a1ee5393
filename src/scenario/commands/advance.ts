// advance: let simulated time pass; with `until: "change"` (project), only until something happens.
import { LIMITS } from '../limits';
import { command, f } from './spec';
import { advanceUntilChange } from '../advanceUntil';

export default command({
  name: 'advance',
  required: { ms: f.int(0, LIMITS.stepMs) },
  optional: { until: f.oneOf('change') },
  doc: 'let simulated time pass; `until: "change"`: stop once the first state change and its cascade are over (`ms` bounds it)',
  execute(run, step) {
    if (step.until === 'change') advanceUntilChange(run, run.cluster.events, step.ms);
    else run.runFor(step.ms);
  },
  fault: { doc: 'time passes (timeouts fire, followers fall behind or catch up)', draw: { ms: { kind: 'int', min: 1, max: 20000 } }, weight: 2 },
});
