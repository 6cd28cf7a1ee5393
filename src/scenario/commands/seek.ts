// seek: move the consumer's position on one of its partitions.
import { command, f } from './spec';

export default command({
  name: 'seek',
  required: { consumer: f.consumer, topic: f.topic, partition: f.int(0), offset: f.int(0) },
  optional: {},
  doc: "move the consumer's position on one of its assigned partitions",
  execute(run, step) {
    const groups = run.cluster.groups;
    const c = groups.consumer(step.consumer);
    if (c && c.status === 'active') c.seek(step.topic, step.partition, step.offset);
  },
});
