// seek: move the consumer's position on one of its partitions.
import { LIMITS } from '../limits';
import { command, f } from './spec';

export default command({
  name: 'seek',
  required: { consumer: f.consumer, topic: f.topic, partition: f.int(0, LIMITS.partitions - 1), offset: f.int(0, Number.MAX_SAFE_INTEGER) },
  optional: {},
  doc: "move the consumer's position on one of its assigned partitions",
  execute(run, step) {
    const groups = run.cluster.groups;
    const c = groups.consumer(step.consumer);
    if (c && c.status === 'active') c.seek(step.topic, step.partition, step.offset);
  },
});
