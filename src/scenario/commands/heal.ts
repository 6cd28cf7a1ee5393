// heal: restore the cut links of one broker, or all of them.
import { command, f } from './spec';

export default command({
  name: 'heal',
  required: {},
  optional: { broker: f.broker },
  doc: 'restore links of one broker, or all',
  execute(run, step) {
    run.cluster.heal(step.broker);
  },
  fault: { doc: 'the network heals', draw: {}, weight: 1 },
});
