// crashConsumer: the consumer process dies; the coordinator notices after session.timeout.ms.
import { command, f } from './spec';

export default command({
  name: 'crashConsumer',
  required: { consumer: f.consumer },
  optional: {},
  doc: 'it stops heartbeating; the coordinator notices after `session.timeout.ms`',
  execute(run, step) {
    const groups = run.cluster.groups;
    const c = groups.consumer(step.consumer);
    if (c && c.status === 'active') c.crash();
  },
});
