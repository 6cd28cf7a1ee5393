// isolate: cut a broker's network links (to everyone, ZooKeeper or the KRaft quorum, the controller, the other
// brokers, or a list of brokers); heal restores them.
import { LIMITS } from '../limits';
import { command, f, type Field } from './spec';

type From = 'all' | 'zookeeper' | 'controller' | 'brokers' | number[];
const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);
const from: Field<From> = {
  check: (v) =>
    ['all', 'zookeeper', 'controller', 'brokers'].includes(v as string) || (Array.isArray(v) && v.length > 0 && v.every(isInt))
      ? null
      : '"all", "zookeeper", "controller", "brokers" or a list of broker ids',
  ref: 'brokers',
  maxItems: LIMITS.brokers,
};

export default command({
  name: 'isolate',
  required: { broker: f.broker },
  optional: { from },
  doc: 'cut network links; `heal` restores them',
  execute(run, step) {
    run.cluster.isolate(step.broker, step.from ?? 'all');
  },
  fault: {
    doc: 'a network partition around a broker',
    draw: { broker: { kind: 'broker' }, from: { kind: 'oneOf', values: ['brokers', 'all', 'zookeeper'] } },
    weight: 2,
  },
});
