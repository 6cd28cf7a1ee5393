// createTopic: CreateTopics to the controller (kafka-topics --create); the step waits until every live replica
// knows its partition's leader.
import { createTopic } from '../../engine/cluster/admin';
import { LIMITS } from '../limits';
import { command, defines, f, type Field } from './spec';
import { PROPAGATION_TIMEOUT_MS, refuse, topicReady } from './common';
import { checkTopicConfig, parseTopicConfig } from './topicConfig';

const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);
const assignment: Field<'seed' | 'kafka' | number[][]> = {
  check: (v) =>
    v === 'seed' || v === 'kafka' || (Array.isArray(v) && v.length > 0 && v.every((r) => Array.isArray(r) && r.length > 0 && r.every(isInt)))
      ? null
      : '"seed", "kafka" or a list of broker-id lists',
  maxItems: LIMITS.partitions,
};

export default command({
  name: 'createTopic',
  required: { topic: defines('topic', f.topicName), partitions: f.int(1, LIMITS.partitions), replicationFactor: f.int(1, LIMITS.replicationFactor) },
  optional: { config: f.obj, assignment },
  doc: 'creates a topic; `assignment`: "seed" (replica j of partition i on b[(i+j) mod n]), "kafka" (Kafka\'s placement) or an explicit list',
  validate(step, known) {
    if (Array.isArray(step.assignment)) {
      if (step.assignment.some((r) => r.length > LIMITS.replicationFactor))
        return {
          field: 'assignment',
          code: 'tooMany',
          params: { max: LIMITS.replicationFactor },
          message: `a partition may have at most ${LIMITS.replicationFactor} replicas`,
        };
      for (const r of step.assignment)
        for (const b of r)
          if (!known.brokers.has(b)) return { field: 'assignment', code: 'unknownName', params: { kind: 'broker', name: b }, message: `unknown broker ${b}` };
    }
    return step.config === undefined ? null : checkTopicConfig(step.config, 'config');
  },
  execute(run, step, i) {
    const c = run.cluster;
    const r = createTopic(c, step.topic, step.partitions, step.replicationFactor, step.assignment, parseTopicConfig(step.config));
    if (r.error) return refuse(run, i, step.do, r.error);
    const n = Array.isArray(step.assignment) ? step.assignment.length : step.partitions;
    run.runUntil(() => topicReady(c, step.topic, n), PROPAGATION_TIMEOUT_MS);
  },
});
