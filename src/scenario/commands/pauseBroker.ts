// pauseBroker: the process freezes (a long GC pause) and resumes where it was `ms` later.
import { LIMITS } from '../limits';
import { command, f } from './spec';

export default command({
  name: 'pauseBroker',
  required: { broker: f.broker, ms: f.int(0, LIMITS.pauseMs) },
  optional: {},
  doc: 'the process freezes (a long GC pause): no heartbeats, no fetches, no requests served; it resumes `ms` later',
  execute(run, step) {
    const b = run.cluster.brokers.get(step.broker)!;
    if (b.status === 'online') b.pause(step.ms);
  },
  fault: { doc: 'a long stop-the-world pause', draw: { broker: { kind: 'broker' }, ms: { kind: 'int', min: 100, max: 15000 } }, weight: 1 },
});
