// electLeaders: kafka-leader-election, preferred or unclean.
import { electLeaders } from '../../engine/cluster/admin';
import { LIMITS } from '../limits';
import { command, f } from './spec';
import { PROPAGATION_TIMEOUT_MS, leadershipPropagated, refuse } from './common';

export default command({
  name: 'electLeaders',
  required: { type: f.oneOf('preferred', 'unclean') },
  optional: { topic: f.topic, partition: f.int(0, LIMITS.partitions - 1) },
  doc: 'a preferred or unclean leader election, for one partition, a topic or all',
  execute(run, step, i) {
    const r = electLeaders(run.cluster, step.type, step.topic, step.partition);
    if (r.error) refuse(run, i, step.do, r.error);
    run.runUntil(() => leadershipPropagated(run.cluster), PROPAGATION_TIMEOUT_MS);
  },
  fault: { doc: 'an unclean election (a replica outside the ISR may lead)', draw: { type: { kind: 'oneOf', values: ['unclean'] } }, weight: 1 },
});
