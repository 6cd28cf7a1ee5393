// leaveGroup: the consumer closes cleanly (auto-commit if enabled, then LeaveGroup).
import { command, f } from './spec';
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
    let done = false;
    c.close(() => (done = true));
    run.runUntil(() => done, requestTimeout(run));
  },
});
