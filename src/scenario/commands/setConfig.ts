// setConfig: kafka-configs --alter, cluster-wide, for one broker, or for one topic.
import { setConfig } from '../../engine/cluster/admin';
import { BROKER_KEYS, TOPIC_KEYS, checkConfigValue, parseValue } from '../../engine/config';
import { command, f } from './spec';
import { PROPAGATION_TIMEOUT_MS, leadershipPropagated } from './common';
import { checkTopicConfig } from './topicConfig';

export default command({
  name: 'setConfig',
  required: { key: f.str, value: f.any },
  optional: { broker: f.broker, topic: f.topic },
  doc: 'set a config key cluster-wide, for one broker, or for one topic',
  validate(step) {
    if (step.topic !== undefined && step.broker !== undefined)
      return { field: 'topic', code: 'badValue', params: { expected: 'broker or topic, not both' }, message: 'give "broker" or "topic", not both' };
    if (step.topic !== undefined) return checkTopicConfig({ [step.key]: step.value }, 'key');
    const spec = Object.hasOwn(BROKER_KEYS, step.key) ? BROKER_KEYS[step.key] : undefined;
    if (!spec) return { field: 'key', code: 'unknownConfig', params: { key: step.key }, message: `config key "${step.key}" is not one the engine models` };
    const r = checkConfigValue(step.key, spec.kind, step.value);
    if (!r.ok && r.range)
      return {
        field: 'value',
        code: 'outOfRange',
        params: { key: step.key, min: r.range[0], max: r.range[1] },
        message: `"${step.key}" must be from ${r.range[0]} to ${r.range[1]}`,
      };
    return r.ok
      ? null
      : { field: 'value', code: 'badConfigValue', params: { key: step.key, expected: r.reason }, message: `"${step.key}" must be ${r.reason}` };
  },
  execute(run, step) {
    const kind = step.topic !== undefined ? TOPIC_KEYS[step.key] : BROKER_KEYS[step.key].kind;
    const v = parseValue(kind, step.value);
    setConfig(run.cluster, step.key, v.ok ? v.value : null, { broker: step.broker, topic: step.topic });
    run.runUntil(() => leadershipPropagated(run.cluster), PROPAGATION_TIMEOUT_MS);
  },
});
