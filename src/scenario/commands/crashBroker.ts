// crashBroker: kill -9 (the page cache survives), or with loseUnflushed a power loss (it does not).
import { command, f } from './spec';

export default command({
  name: 'crashBroker',
  required: { broker: f.broker },
  optional: { loseUnflushed: f.bool },
  doc: 'kill -9; with `loseUnflushed` the machine lost power and records not yet flushed to disk are gone',
  execute(run, step) {
    const b = run.cluster.brokers.get(step.broker)!;
    if (b.isUp) b.crash(step.loseUnflushed === true);
  },
  fault: {
    doc: 'a process crash, or a power loss that loses what was not flushed',
    draw: { broker: { kind: 'broker' }, loseUnflushed: { kind: 'bool' } },
    weight: 2,
  },
});
