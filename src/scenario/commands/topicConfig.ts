// Topic-level config in a step (createTopic's `config`, setConfig with a topic): every key one the engine
// models, every value of its kind.
import { TOPIC_KEYS, checkConfigValue, parseValue, type ConfigValue } from '../../engine/config';
import type { StepProblem } from './spec';

export function checkTopicConfig(cfg: Record<string, unknown>, field: 'config' | 'key'): StepProblem | null {
  for (const [k, v] of Object.entries(cfg)) {
    const kind = Object.hasOwn(TOPIC_KEYS, k) ? TOPIC_KEYS[k] : undefined;
    if (!kind)
      return {
        field: field === 'config' ? `config.${k}` : field,
        code: 'unknownConfig',
        params: { key: k },
        message: `topic config key "${k}" is not one the engine models`,
      };
    const r = checkConfigValue(k, kind, v);
    const at = field === 'config' ? `config.${k}` : 'value';
    if (!r.ok && r.range)
      return {
        field: at,
        code: 'outOfRange',
        params: { key: k, min: r.range[0], max: r.range[1] },
        message: `topic config "${k}" must be from ${r.range[0]} to ${r.range[1]}`,
      };
    if (!r.ok) return { field: at, code: 'badConfigValue', params: { key: k, expected: r.reason }, message: `topic config "${k}" must be ${r.reason}` };
  }
  return null;
}

/** The topic config of a createTopic step, parsed (the validator has checked it). */
export function parseTopicConfig(raw: Record<string, unknown> | undefined): Record<string, ConfigValue> {
  const out: Record<string, ConfigValue> = {};
  for (const [k, v] of Object.entries(raw ?? {})) {
    const r = parseValue(TOPIC_KEYS[k], v);
    if (r.ok) out[k] = r.value;
  }
  return out;
}
