// stopBroker: a controlled shutdown (leadership moves away first, the log is flushed, the clean-shutdown marker
// written).
import { stopBroker } from '../../engine/cluster/admin';
import { command, f } from './spec';
import { PROPAGATION_TIMEOUT_MS, leadershipPropagated, requestTimeout } from './common';

export default command({
  name: 'stopBroker',
  required: { broker: f.broker },
  optional: {},
  doc: 'controlled shutdown: leadership moves away first',
  execute(run, step) {
    const c = run.cluster;
    const b = c.brokers.get(step.broker)!;
    if (b.status !== 'online' && b.status !== 'paused') return;
    stopBroker(c, b.id);
    run.runUntil(() => b.status === 'stopped', 4 * requestTimeout(run));
    run.runUntil(() => leadershipPropagated(c), PROPAGATION_TIMEOUT_MS);
  },
  fault: { doc: 'a clean shutdown of a broker', draw: { broker: { kind: 'broker' } }, weight: 1 },
});
