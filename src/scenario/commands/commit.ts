// commit: commitSync of the consumer's current positions.
import { command, f } from './spec';
import { Latch } from '../../engine/sim/call';
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
    const done = new Latch();
    c.commitPositions('commitSync', done.signal);
    run.runUntil(() => done.done, requestTimeout(run));
  },
});
