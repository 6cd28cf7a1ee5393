// startBroker: a stopped or crashed broker starts again and recovers its log from its disk.
import { command, f } from './spec';
import { PROPAGATION_TIMEOUT_MS, brokerRegistered, leadershipPropagated } from './common';

export default command({
  name: 'startBroker',
  required: { broker: f.broker },
  optional: {},
  doc: 'restart a stopped or crashed broker; it recovers its log from storage',
  execute(run, step) {
    const c = run.cluster;
    const b = c.brokers.get(step.broker)!;
    if (b.isUp) return;
    b.start();
    // A restart right after a crash waits for the old ZooKeeper session to expire first.
    run.runUntil(() => brokerRegistered(c, b.id), c.ctx.config.num('zookeeper.session.timeout.ms') + PROPAGATION_TIMEOUT_MS);
    run.runUntil(() => leadershipPropagated(c), PROPAGATION_TIMEOUT_MS);
  },
  fault: { doc: 'a stopped or crashed broker comes back', draw: { broker: { kind: 'broker' } }, weight: 2 },
});
