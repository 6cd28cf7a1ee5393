// addPartitions: CreatePartitions (kafka-topics --alter --partitions); existing data does not move.
import { addPartitions } from '../../engine/cluster/admin';
import { LIMITS } from '../limits';
import { command, f } from './spec';
import { PROPAGATION_TIMEOUT_MS, refuse, topicReady } from './common';

export default command({
  name: 'addPartitions',
  required: { topic: f.topic, partitions: f.int(1, LIMITS.partitions) },
  optional: {},
  doc: 'grows a topic to `partitions` in total; existing data does not move',
  execute(run, step, i) {
    const r = addPartitions(run.cluster, step.topic, step.partitions);
    if (r.error) return refuse(run, i, step.do, r.error);
    run.runUntil(() => topicReady(run.cluster, step.topic, step.partitions), PROPAGATION_TIMEOUT_MS);
  },
});
