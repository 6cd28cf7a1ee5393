// The learner's step fields (src/scenario/stepFields.ts): `focus` (contract v1.1) and the project's prediction
// fields `choices`, `answer`, `freeze`. A bad one is a problem naming the step and the field, in both languages;
// the runner ignores them all.
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../src/scenario/runner';
import type { ScenarioProblem } from '../../src/scenario/types';
import { validateScenario } from '../../src/scenario/validate';
import { describeProblem } from '../../src/ui/i18n';

const withStep = (extra: Record<string, unknown>, label?: string) => ({
  version: 1,
  id: 'fields',
  brokers: 1,
  steps: [
    { do: 'createTopic', topic: 't', partitions: 1, replicationFactor: 1 },
    { do: 'produce', topic: 't', count: 2, acks: 1, ...(label ? { label } : {}), ...extra },
  ],
});

function problem(json: unknown): ScenarioProblem {
  const v = validateScenario(json);
  if (v.ok) throw new Error('expected a problem');
  return v.problem;
}

const choices = [
  { text: { en: 'Partition 0', zh: '分区 0' }, feedback: { en: 'Yes.', zh: '对。' } },
  { text: 'Partition 1', feedback: 'No.' },
];

describe('focus', () => {
  it('accepts every view and the other keys', () => {
    for (const view of ['cluster', 'placement', 'log', 'lookup', 'groups', 'events', 'compare', 'metrics']) {
      expect(
        validateScenario(withStep({ focus: { view, topic: 't', partition: 0, group: 'g', broker: 1, highlight: ['topics.t.partitions.0.isr'] } })).ok,
        view,
      ).toBe(true);
    }
  });

  it('an unknown view names the step and field, in English and Chinese', () => {
    const p = problem(withStep({ focus: { view: 'timeline' } }));
    expect(p).toMatchObject({ step: 1, field: 'focus.view', code: 'badValue' });
    expect(describeProblem(p, 'en')).toBe(
      'Step 2, field “focus.view”: must be one of "cluster", "placement", "log", "lookup", "groups", "events", "compare", "metrics", "failover"',
    );
    expect(describeProblem(p, 'zh')).toBe(
      '第 2 步，字段“focus.view”：应为以下之一："cluster", "placement", "log", "lookup", "groups", "events", "compare", "metrics", "failover"',
    );
  });

  it('(project) focus.metric takes one of the metrics view\'s Kafka names, with or without view "metrics"', () => {
    expect(validateScenario(withStep({ focus: { metric: 'UnderReplicatedPartitions' } })).ok).toBe(true);
    expect(validateScenario(withStep({ focus: { view: 'metrics', metric: 'IsrShrinksPerSec', broker: 2 } })).ok).toBe(true);
    const p = problem(withStep({ focus: { metric: 'UnderReplicated' } }));
    expect(p).toMatchObject({ step: 1, field: 'focus.metric', code: 'badValue' });
    expect(describeProblem(p, 'en')).toBe(
      'Step 2, field “focus.metric”: must be one of UnderReplicatedPartitions, OfflinePartitionsCount, ActiveControllerCount, LeaderCount, PartitionCount, IsrShrinksPerSec, IsrExpandsPerSec, FailedProduceRequestsPerSec, UncleanLeaderElectionsPerSec, LeaderElectionRateAndTimeMs',
    );
    expect(describeProblem(p, 'zh')).toBe(
      '第 2 步，字段“focus.metric”：应为以下之一：UnderReplicatedPartitions, OfflinePartitionsCount, ActiveControllerCount, LeaderCount, PartitionCount, IsrShrinksPerSec, IsrExpandsPerSec, FailedProduceRequestsPerSec, UncleanLeaderElectionsPerSec, LeaderElectionRateAndTimeMs',
    );
    const v = problem(withStep({ focus: { view: 'log', metric: 'LeaderCount' } }));
    expect(v).toMatchObject({ step: 1, field: 'focus.metric', code: 'badValue' });
    expect(describeProblem(v, 'en')).toBe('Step 2, field “focus.metric”: must be given with "view": "metrics" or no view');
    expect(describeProblem(v, 'zh')).toBe('第 2 步，字段“focus.metric”：应为与 "view": "metrics" 一起给出，或不写 view');
  });

  it('an unknown key in focus names it', () => {
    const p = problem(withStep({ focus: { view: 'log', zoom: 2 } }));
    expect(p).toMatchObject({ step: 1, field: 'focus.zoom', code: 'unknownKey' });
    expect(describeProblem(p, 'en')).toBe('Step 2, field “focus.zoom”: unknown key “focus.zoom”');
    expect(describeProblem(p, 'zh')).toBe('第 2 步，字段“focus.zoom”：未知的键“focus.zoom”');
  });

  it('checks the types of its values', () => {
    expect(problem(withStep({ focus: 'log' }))).toMatchObject({ field: 'focus', code: 'badType' });
    expect(problem(withStep({ focus: { partition: -1 } }))).toMatchObject({ field: 'focus.partition' });
    expect(problem(withStep({ focus: { broker: 'one' } }))).toMatchObject({ field: 'focus.broker' });
    expect(problem(withStep({ focus: { topic: '' } }))).toMatchObject({ field: 'focus.topic' });
    expect(problem(withStep({ focus: { highlight: [] } }))).toMatchObject({ field: 'focus.highlight' });
    expect(problem(withStep({ focus: { highlight: 'brokers.1' } }))).toMatchObject({ field: 'focus.highlight' });
  });

  it('the runner ignores it: the same dump with and without', () => {
    const a = validateScenario(withStep({}));
    const b = validateScenario(withStep({ focus: { view: 'log', highlight: ['topics.t.partitions.0.hw'] } }));
    if (!a.ok || !b.ok) throw new Error('invalid');
    expect(JSON.stringify(runScenario(b.scenario).final)).toBe(JSON.stringify(runScenario(a.scenario).final));
  });
});

describe('prediction fields (project)', () => {
  it('accepts choices with an answer and a freeze on a predict step', () => {
    expect(validateScenario(withStep({ choices, answer: 1, freeze: 'after' }, 'predict')).ok).toBe(true);
  });

  it('refuses them on a step that is not a prediction', () => {
    const p = problem(withStep({ choices, answer: 0 }));
    expect(p).toMatchObject({ step: 1, field: 'choices', code: 'predictOnly' });
    expect(describeProblem(p, 'en')).toBe('Step 2, field “choices”: “choices” is only allowed on a step labelled “predict”');
    expect(describeProblem(p, 'zh')).toBe('第 2 步，字段“choices”：“choices”只能用在标为“predict”（预测）的步骤上');
  });

  it('needs an answer within the choices, and choices with text and feedback', () => {
    expect(problem(withStep({ choices }, 'predict'))).toMatchObject({ field: 'answer', code: 'missingField' });
    expect(problem(withStep({ answer: 0 }, 'predict'))).toMatchObject({ field: 'choices', code: 'missingField' });
    const out = problem(withStep({ choices, answer: 2 }, 'predict'));
    expect(out).toMatchObject({ field: 'answer', code: 'badType' });
    expect(describeProblem(out, 'zh')).toContain('0 到 1 之间的整数');
    expect(problem(withStep({ choices: [choices[0]], answer: 0 }, 'predict'))).toMatchObject({ field: 'choices' });
    expect(problem(withStep({ choices: [choices[0], { text: 'x' }], answer: 0 }, 'predict'))).toMatchObject({ field: 'choices.1.feedback' });
    expect(problem(withStep({ choices: [choices[0], { text: 'x', feedback: 'y', why: 'z' }], answer: 0 }, 'predict'))).toMatchObject({
      field: 'choices.1.why',
      code: 'unknownKey',
    });
    expect(problem(withStep({ choices: [choices[0], { text: { en: 'x' }, feedback: 'y' }], answer: 0 }, 'predict'))).toMatchObject({ field: 'choices.1.text' });
  });

  it('freeze is "before" or "after"', () => {
    const p = problem(withStep({ freeze: 'later' }, 'predict'));
    expect(p).toMatchObject({ field: 'freeze', code: 'badValue' });
    expect(describeProblem(p, 'en')).toBe('Step 2, field “freeze”: must be one of "before", "after"');
  });
});
