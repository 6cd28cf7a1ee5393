// Scenario validation error codes (ScenarioProblem.code from src/scenario/validate.ts) in English and Chinese.
// The tables are typed by the engine's ProblemCode: a code without words fails the type check. A code this build
// does not know (from another version's engine) falls back to the engine's English message.
import type { Lang, ProblemCode, ScenarioProblem } from '../../scenario/types';
import { fill } from './format';

type Table = { [C in ProblemCode | 'noScenario']: string };

const en: Table = {
  json: 'not valid JSON ({reason})',
  notObject: 'must be a JSON object',
  unknownKey: 'unknown key “{key}”',
  missingField: 'the field “{field}” is required',
  badType: 'must be {expected}',
  badValue: 'must be {expected}',
  badConfigValue: 'config “{key}” must be {expected}',
  unknownConfig: 'the engine does not model the config key “{key}”',
  unknownCommand: 'unknown command “{command}”',
  unknownName: 'there is no {kind} {name}',
  outOfRange: 'must be from {min} to {max}',
  tooLong: 'may be at most {max} characters long',
  tooMany: 'may have at most {max} items',
  tooDeep: 'values may be nested at most {max} levels deep',
  tooLarge: 'is too large (at most {max})',
  badTopicName: '“{name}” is not a legal Kafka topic name: {rule}',
  noScenario: 'no scenario is loaded',
  predictOnly: '“{field}” is only allowed on a step labelled “predict”',
};

const zh: Table = {
  json: '不是有效的 JSON（{reason}）',
  notObject: '必须是一个 JSON 对象',
  unknownKey: '未知的键“{key}”',
  missingField: '缺少必需字段“{field}”',
  badType: '应为{expected}',
  badValue: '应为{expected}',
  badConfigValue: '配置“{key}”应为{expected}',
  unknownConfig: '引擎不支持配置项“{key}”',
  unknownCommand: '未知命令“{command}”',
  unknownName: '不存在{kind} {name}',
  outOfRange: '应在 {min} 到 {max} 之间',
  tooLong: '最多 {max} 个字符',
  tooMany: '最多 {max} 项',
  tooDeep: '嵌套最多 {max} 层',
  tooLarge: '太大了（最多 {max}）',
  badTopicName: '“{name}”不是合法的 Kafka 主题名：{rule}',
  noScenario: '尚未加载场景',
  predictOnly: '“{field}”只能用在标为“predict”（预测）的步骤上',
};

/** The engine gives `expected` and `kind` in English; the common ones in Chinese. */
const zhWords: Record<string, string> = {
  'an integer': '整数',
  'a list': '列表',
  'an object': '对象',
  'kebab-case': 'kebab-case（用“-”连接的小写单词）',
  'a new broker id': '一个新的 Broker id',
  'broker or topic, not both': 'broker 或 topic 之一，不能同时给出',
  'a non-empty string': '非空字符串',
  'a string or null': '字符串或 null',
  'true or false': 'true 或 false',
  'a non-empty list of strings': '非空的字符串列表',
  'a string or {"en": …, "zh": …}': '字符串或 {"en": …, "zh": …}',
  'a count from 1 to 128 or a list of distinct broker ids': '1 到 128 的数量，或互不相同的 Broker id 列表',
  broker: ' Broker',
  topic: '主题',
  consumer: '消费者',
  '1': '1',
  'given with "view": "metrics" or no view': '与 "view": "metrics" 一起给出，或不写 view',
  'a list of 2 to 6 choices': '含 2 到 6 个选项的列表',
  'an object {"text": …, "feedback": …}': '对象 {"text": …, "feedback": …}',
  'at most 249 characters': '最多 249 个字符',
  'not "." or ".."': '不能是“.”或“..”',
  'only the characters a-z, A-Z, 0-9, ".", "_" and "-"': '只能包含 a-z、A-Z、0-9、“.”、“_”和“-”',
};

function zhWord(v: string): string {
  if (Object.hasOwn(zhWords, v)) return zhWords[v];
  const m = /^an integer ≥ (-?\d+)$/.exec(v);
  if (m) return `≥ ${m[1]} 的整数`;
  const r = /^an integer from (\d+) to (\d+)$/.exec(v);
  if (r) return `${r[1]} 到 ${r[2]} 之间的整数`;
  const one = /^one of (.+)$/.exec(v);
  if (one) return `以下之一：${one[1]}`;
  return ' ' + v;
}

const tables: Record<Lang, Table> = { en, zh };

export function problemCodes(): string[] {
  return Object.keys(en);
}

/** The problem's message (without its location) in the given language. */
export function problemMessage(p: ScenarioProblem, lang: Lang): string {
  const tpl = Object.hasOwn(tables[lang], p.code) ? tables[lang][p.code as ProblemCode] : undefined;
  if (tpl === undefined) return p.message;
  const params: Record<string, unknown> = { ...p.params };
  if (lang === 'zh') for (const k of ['expected', 'kind', 'rule']) if (typeof params[k] === 'string') params[k] = zhWord(params[k] as string);
  if (p.code === 'unknownName' && typeof params.name === 'string' && params.kind !== undefined) params.name = `“${params.name}”`;
  return fill(tpl, params, lang).replace(/\s+/g, (s) => (s.length > 1 ? ' ' : s));
}
