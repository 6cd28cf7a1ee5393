// commit: commitSync of the consumer's current positions.
import { command, f } from './spec';
import { requestTimeout } from './common';

export default command({
  name: 'commit',
  required: { consumer: f.consumer },
  optional: {},
  doc: "commit the consumer's current positions",
  execute(run, step) {
    const groups = run.cluster.groups;
    const c = groups.consumer(step.consumer);
    if (!c || c.status !== 'active') return;
    let done = false;
    c.commitPositions('commitSync', () => (done = true));
    run.runUntil(() => done, requestTimeout(run));
  },
});
