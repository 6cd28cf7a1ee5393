// addBroker: a new, empty broker process joins the cluster.
import { LIMITS } from '../limits';
import { command, defines, f } from './spec';
import { PROPAGATION_TIMEOUT_MS, brokerRegistered } from './common';

export default command({
  name: 'addBroker',
  required: { broker: defines('broker', f.int(0, LIMITS.brokerId)) },
  optional: { rack: f.str },
  doc: 'a new empty broker joins (project: with `rack`, its broker.rack)',
  validate: (step, known) =>
    known.brokers.has(step.broker)
      ? { field: 'broker', code: 'badValue', params: { expected: 'a new broker id' }, message: `broker ${step.broker} already exists` }
      : null,
  execute(run, step) {
    const b = run.cluster.addBroker(step.broker, true, step.rack ?? null);
    run.runUntil(() => brokerRegistered(run.cluster, b.id), PROPAGATION_TIMEOUT_MS);
  },
});
