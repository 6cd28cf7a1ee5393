// joinGroup: a consumer subscribes and joins its group (a new member, a restarted one, or a running one that
// changes its subscription); the step waits for the rebalance it causes.
import type { ConsumerOptions } from '../../engine/group/Consumer';
import { command, defines, f } from './spec';
import { requestTimeout } from './common';

export default command({
  name: 'joinGroup',
  required: { consumer: defines('consumer', f.str), group: f.str, topics: f.topics },
  optional: { assignor: f.oneOf('range', 'roundrobin', 'sticky', 'cooperative-sticky'), autoCommit: f.bool, autoCommitIntervalMs: f.int(1), autoOffsetReset: f.oneOf('earliest', 'latest', 'none') },
  doc: 'a consumer joins and the group rebalances; the member is named and sorted by `consumer`',
  execute(run, step) {
    const groups = run.cluster.groups;
    const options: ConsumerOptions = {
      name: step.consumer,
      group: step.group,
      topics: [...step.topics],
      assignor: step.assignor ?? 'range',
      autoCommit: step.autoCommit ?? true,
      autoCommitIntervalMs: step.autoCommitIntervalMs ?? run.cluster.ctx.config.num('auto.commit.interval.ms'),
      autoOffsetReset: step.autoOffsetReset ?? 'latest',
    };
    const existing = groups.consumer(options.name);
    const wasActive = existing?.status === 'active';
    const sameTopics = wasActive && JSON.stringify([...existing.options.topics].sort()) === JSON.stringify([...options.topics].sort());
    const before = wasActive ? existing.coordinator.joinCount : 0;
    const c = groups.join(options);
    if (wasActive && sameTopics) return;
    // a new member, a restarted one or a new subscription: wait for the rebalance it causes
    run.runUntil(() => (c.coordinator.joinCount > before && c.coordinator.state === 'stable') || c.coordinator.fatalError !== null, requestTimeout(run));
  },
});
