// Scenario validation error codes (ScenarioProblem.code) in English and Chinese.
// An unknown code falls back to the engine's English message.
import type { Lang, ScenarioProblem } from '../../scenario/types';
import { fill } from './format';

const en: Record<string, string> = {
  notObject: 'the scenario must be a JSON object',
  badJson: 'not valid JSON',
  unknownKey: 'unknown key “{key}”',
  unknownField: 'unknown field “{key}”',
  missingField: 'this field is required',
  required: 'this field is required',
  badType: 'expected {expected}',
  wrongType: 'expected {expected}',
  badValue: 'the value {value} is not allowed',
  outOfRange: 'must be between {min} and {max}',
  badVersion: 'version must be 1',
  badId: 'the id must be kebab-case (lowercase words joined by “-”)',
  unknownCommand: 'unknown command “{do}”',
  unknownBroker: 'there is no broker {broker}',
  unknownTopic: 'there is no topic “{topic}”',
  unknownPartition: 'topic “{topic}” has no partition {partition}',
  unknownConsumer: 'there is no consumer “{consumer}”',
  unknownConfig: 'the engine does not model the config key “{key}”',
  duplicateTopic: 'topic “{topic}” already exists',
  duplicateBroker: 'broker {broker} already exists',
  badText: 'expected a string or {"en": …, "zh": …}',
  badAssignment: 'the assignment is not valid for this topic',
  noScenario: 'no scenario is loaded',
};

const zh: Record<string, string> = {
  notObject: '场景必须是一个 JSON 对象',
  badJson: '不是有效的 JSON',
  unknownKey: '未知的键“{key}”',
  unknownField: '未知的字段“{key}”',
  missingField: '缺少此字段',
  required: '缺少此字段',
  badType: '应为 {expected}',
  wrongType: '应为 {expected}',
  badValue: '不允许的值 {value}',
  outOfRange: '必须在 {min} 与 {max} 之间',
  badVersion: 'version 必须为 1',
  badId: 'id 必须是 kebab-case（用“-”连接的小写单词）',
  unknownCommand: '未知命令“{do}”',
  unknownBroker: '不存在 Broker {broker}',
  unknownTopic: '不存在主题“{topic}”',
  unknownPartition: '主题“{topic}”没有分区 {partition}',
  unknownConsumer: '不存在消费者“{consumer}”',
  unknownConfig: '引擎不支持配置项“{key}”',
  duplicateTopic: '主题“{topic}”已存在',
  duplicateBroker: 'Broker {broker} 已存在',
  badText: '应为字符串或 {"en": …, "zh": …}',
  badAssignment: '该副本分配对这个主题无效',
  noScenario: '尚未加载场景',
};

const tables: Record<Lang, Record<string, string>> = { en, zh };

export function problemCodes(): string[] { return Object.keys(en); }

/** The problem's message (without its location) in the given language. */
export function problemMessage(p: ScenarioProblem, lang: Lang): string {
  const tpl = tables[lang][p.code];
  if (tpl === undefined) return p.message;
  return fill(tpl, { ...p.params }, lang);
}
