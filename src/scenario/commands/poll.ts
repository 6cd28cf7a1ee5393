// poll: the consumer (re)joins if it must, then fetches up to `max` records below each partition's high watermark.
import { LIMITS } from '../limits';
import { command, f } from './spec';
import { Latch } from '../../engine/sim/call';
import { requestTimeout } from './common';

export default command({
  name: 'poll',
  required: { consumer: f.consumer },
  optional: { max: f.int(1, LIMITS.pollRecords) },
  doc: "fetch up to `max` records from its assigned partitions, only below each partition's high watermark",
  execute(run, step) {
    const groups = run.cluster.groups;
    const c = groups.consumer(step.consumer);
    if (!c || c.status !== 'active') return;
    // poll() first (re)joins the group and completes a rebalance in progress (bounded by the client's timeout)
    c.coordinator.ensureActiveGroup();
    c.lastPoll = run.now;
    run.runUntil(() => !c.coordinator.rebalancing || c.coordinator.fatalError !== null, requestTimeout(run));
    const done = new Latch();
    c.poll(step.max ?? 500, done.signal);
    run.runUntil(() => done.done, requestTimeout(run));
  },
});
