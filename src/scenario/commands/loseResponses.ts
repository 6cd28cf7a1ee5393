// loseResponses (contract v1.1): the next responses of one API that a broker sends are lost on the network. The
// request took effect; the client hears nothing, times out after request.timeout.ms and retries, so a producer
// without idempotence writes the batch twice (at-least-once), and an idempotent one does not.
import { brokerNode } from '../../engine/sim/context';
import { LIMITS } from '../limits';
import { command, f } from './spec';

export default command({
  name: 'loseResponses',
  required: {
    broker: f.broker,
    api: f.oneOf(
      'Produce',
      'Fetch',
      'Metadata',
      'ListOffsets',
      'FindCoordinator',
      'JoinGroup',
      'SyncGroup',
      'Heartbeat',
      'LeaveGroup',
      'OffsetCommit',
      'OffsetFetch',
      'OffsetsForLeaderEpoch',
    ),
  },
  optional: { count: f.int(1, LIMITS.lostResponses), client: f.str },
  doc: 'the next `count` responses of that API sent by `broker` (to `client`, when given) are lost on the network; the request itself took effect',
  execute(run, step) {
    const c = run.cluster;
    const count = step.count ?? 1;
    // a client is a producer (its node is its name) or a consumer (node consumer-<name>); a broker can be named too
    const client = step.client ?? null;
    const node = client === null ? null : c.groups.consumer(client) ? `consumer-${client}` : /^\d+$/.test(client) ? brokerNode(Number(client)) : client;
    c.ctx.network.loseResponses(brokerNode(step.broker), step.api, count, node);
    c.ctx.emit('ResponsesLost', { broker: step.broker, api: step.api, count, client });
  },
  fault: {
    doc: 'lost acknowledgements: the requests take effect, their responses never arrive',
    draw: { broker: { kind: 'broker' }, api: { kind: 'oneOf', values: ['Produce'] }, count: { kind: 'int', min: 1, max: 3 } },
    weight: 2,
  },
});
