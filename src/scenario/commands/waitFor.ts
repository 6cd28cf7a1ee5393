// waitFor: let simulated time pass until the state at a path equals a value.
import { deepEqual, getPath } from '../path';
import { LIMITS } from '../limits';
import { command, f } from './spec';

export default command({
  name: 'waitFor',
  required: { path: f.path, equals: f.any },
  optional: { timeoutMs: f.int(1, LIMITS.stepMs) },
  doc: 'let simulated time pass until the state at `path` equals `equals`; past the timeout it counts as a failed expectation',
  execute(run, step, i) {
    const deadline = run.now + (step.timeoutMs ?? 60000);
    // Checked every 10 simulated ms: a dump per event would be slow, and 10 ms is below any timeout here.
    while (!deepEqual(getPath(run.dump(), step.path), step.equals)) {
      if (run.now >= deadline) {
        run.fail(i, step.path, step.equals, getPath(run.dump(), step.path));
        return;
      }
      run.runFor(Math.min(10, deadline - run.now));
    }
  },
});
