// leaveGroup: the consumer closes cleanly (auto-commit if enabled, then LeaveGroup).
import { command, f } from './spec';
import { Latch } from '../../engine/sim/call';
import { requestTimeout } from './common';

export default command({
  name: 'leaveGroup',
  required: { consumer: f.consumer },
  optional: {},
  doc: 'clean leave (LeaveGroup)',
  execute(run, step) {
    const groups = run.cluster.groups;
    const c = groups.consumer(step.consumer);
    if (!c || c.status !== 'active') return;
    const done = new Latch();
    c.close(done.signal);
    run.runUntil(() => done.done, requestTimeout(run));
  },
});
