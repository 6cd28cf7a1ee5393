// joinGroup: a consumer subscribes and joins its group (a new member, a restarted one, or a running one that
// changes its subscription); the step waits for the rebalance it causes. With `consumers` (v1.1) several start at
// the same moment and join one rebalance (an empty group's first one waits group.initial.rebalance.delay.ms).
import type { ConsumerOptions } from '../../engine/group/Consumer';
import { LIMITS } from '../limits';
import { command, defines, f, type StepOf, type StepProblem } from './spec';
import type { RunContext } from './context';
import { requestTimeout } from './common';

const joinGroup = command({
  name: 'joinGroup',
  required: { group: f.str, topics: f.topics },
  optional: {
    consumer: defines('consumer', f.str),
    consumers: defines('consumers', f.strList),
    assignor: f.oneOf('range', 'roundrobin', 'sticky', 'cooperative-sticky', 'uniform'),
    autoCommit: f.bool,
    autoCommitIntervalMs: f.int(1, LIMITS.stepMs),
    autoOffsetReset: f.oneOf('earliest', 'latest', 'none'),
    isolationLevel: f.oneOf('read_uncommitted', 'read_committed'),
    groupProtocol: f.oneOf('classic', 'consumer'),
  },
  doc: 'a consumer joins and the group rebalances; the member is named and sorted by `consumer`; `consumers`: several that join together, in one rebalance; `groupProtocol` "consumer" (kraft mode): KIP-848, with the server-side `assignor` "uniform" (default) or "range"',
  validate(step, known): StepProblem | null {
    if ((step.consumer === undefined) === (step.consumers === undefined))
      return { field: 'consumer', code: 'missingField', params: { field: 'consumer' }, message: 'give "consumer" or "consumers" (one of them)' };
    if (step.consumers && new Set(step.consumers).size !== step.consumers.length)
      return { field: 'consumers', code: 'badValue', params: { expected: 'distinct names' }, message: '"consumers" must be distinct names' };
    const modern = step.groupProtocol === 'consumer';
    // KIP-848's protocol needs the new group coordinator (Kafka 4.0, KRaft); its assignors run on the coordinator
    if (modern && known.mode !== 'kraft')
      return {
        field: 'groupProtocol',
        code: 'badValue',
        params: { expected: '"classic" (the consumer protocol needs kraft mode)' },
        message: '"groupProtocol": "consumer" needs "mode": "kraft" (KIP-848 runs on Kafka 4\'s group coordinator)',
      };
    if (modern && step.assignor !== undefined && step.assignor !== 'uniform' && step.assignor !== 'range')
      return {
        field: 'assignor',
        code: 'badValue',
        params: { expected: '"uniform" or "range" (server-side assignors)' },
        message: 'with "groupProtocol": "consumer" the assignor is the server\'s: "uniform" or "range"',
      };
    if (!modern && step.assignor === 'uniform')
      return {
        field: 'assignor',
        code: 'badValue',
        params: { expected: '"range", "roundrobin", "sticky" or "cooperative-sticky"' },
        message: '"uniform" is a server-side assignor of "groupProtocol": "consumer"',
      };
    return null;
  },
  execute(run, step) {
    const names = step.consumers ?? [step.consumer!];
    const waits = names.map((name) => join(run, step, name));
    if (step.groupProtocol === 'consumer') {
      // no sync barrier: the step waits until the group has converged on its target assignment
      const settled = () => {
        const found = run.cluster.groups.findModernGroup(step.group);
        if (found?.group.state !== 'Stable' || !names.every((n) => (run.cluster.groups.consumer(n)?.coordinator.generation ?? 0) > 0)) return false;
        // and every member's client has taken in its last answer
        const coordinator = run.cluster.groups.coordinatorAt(run.cluster.brokers.get(found.broker)!);
        return [...found.group.members.values()].every(
          (m) =>
            JSON.stringify([...(run.cluster.groups.consumer(m.clientId)?.coordinator.owned ?? [])].sort()) ===
            JSON.stringify(coordinator.modern.names(m.state.assignedPartitions).sort()),
        );
      };
      run.runUntil(settled, MODERN_SETTLE_MS);
      return;
    }
    run.runUntil(() => waits.every((w) => w()), requestTimeout(run));
  },
});

/** how long a consumer-protocol join may take to converge: a few heartbeat intervals (5 s each by default) */
const MODERN_SETTLE_MS = 60000;

/** Starts (or resubscribes) one consumer; returns when its part of the step is done. */
function join(run: RunContext, step: StepOf<typeof joinGroup>, name: string): () => boolean {
  const groups = run.cluster.groups;
  const options: ConsumerOptions = {
    name,
    group: step.group,
    topics: [...step.topics],
    assignor: step.assignor === undefined || step.assignor === 'uniform' ? 'range' : step.assignor,
    autoCommit: step.autoCommit ?? true,
    autoCommitIntervalMs: step.autoCommitIntervalMs ?? run.cluster.ctx.config.num('auto.commit.interval.ms'),
    autoOffsetReset: step.autoOffsetReset ?? 'latest',
    isolationLevel: step.isolationLevel ?? 'read_uncommitted',
    ...(step.groupProtocol === 'consumer'
      ? { groupProtocol: 'consumer' as const, serverAssignor: (step.assignor as 'uniform' | 'range' | undefined) ?? null }
      : {}),
  };
  const existing = groups.consumer(options.name);
  const wasActive = existing?.status === 'active';
  const sameTopics = wasActive && JSON.stringify([...existing.options.topics].sort()) === JSON.stringify([...options.topics].sort());
  const before = wasActive ? existing.coordinator.joinCount : 0;
  const c = groups.join(options);
  if (wasActive && sameTopics) return () => true;
  // a new member, a restarted one or a new subscription: wait for the rebalance it causes
  return () => (c.coordinator.joinCount > before && c.coordinator.state === 'stable') || c.coordinator.fatalError !== null;
}

export default joinGroup;
