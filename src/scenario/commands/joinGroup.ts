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
  optional: { consumer: defines('consumer', f.str), consumers: defines('consumers', f.strList), assignor: f.oneOf('range', 'roundrobin', 'sticky', 'cooperative-sticky'), autoCommit: f.bool, autoCommitIntervalMs: f.int(1, LIMITS.stepMs), autoOffsetReset: f.oneOf('earliest', 'latest', 'none') },
  doc: 'a consumer joins and the group rebalances; the member is named and sorted by `consumer`; `consumers`: several that join together, in one rebalance',
  validate(step): StepProblem | null {
    if ((step.consumer === undefined) === (step.consumers === undefined)) return { field: 'consumer', code: 'missingField', params: { field: 'consumer' }, message: 'give "consumer" or "consumers" (one of them)' };
    if (step.consumers && new Set(step.consumers).size !== step.consumers.length) return { field: 'consumers', code: 'badValue', params: { expected: 'distinct names' }, message: '"consumers" must be distinct names' };
    return null;
  },
  execute(run, step) {
    const names = step.consumers ?? [step.consumer!];
    const waits = names.map((name) => join(run, step, name));
    run.runUntil(() => waits.every((w) => w()), requestTimeout(run));
  },
});

/** Starts (or resubscribes) one consumer; returns when its part of the step is done. */
function join(run: RunContext, step: StepOf<typeof joinGroup>, name: string): () => boolean {
  const groups = run.cluster.groups;
  const options: ConsumerOptions = {
    name,
    group: step.group,
    topics: [...step.topics],
    assignor: step.assignor ?? 'range',
    autoCommit: step.autoCommit ?? true,
    autoCommitIntervalMs: step.autoCommitIntervalMs ?? run.cluster.ctx.config.num('auto.commit.interval.ms'),
    autoOffsetReset: step.autoOffsetReset ?? 'latest',
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
