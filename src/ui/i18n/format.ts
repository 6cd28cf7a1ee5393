// Small helpers for the translation tables: fill {name} placeholders, format values.
import type { Lang } from '../../scenario/types';

export type Params = Record<string, unknown>;

export function fmt(v: unknown, lang: Lang = 'en'): string {
  if (v === null || v === undefined) return lang === 'zh' ? '无' : 'none';
  if (Array.isArray(v)) return '[' + v.map((x) => fmt(x, lang)).join(', ') + ']';
  if (typeof v === 'boolean') return lang === 'zh' ? (v ? '是' : '否') : v ? 'yes' : 'no';
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

export function fill(template: string, params: Params = {}, lang: Lang = 'en'): string {
  return template.replace(/\{(\w+)\}/g, (m, k: string) => (k in params ? fmt(params[k], lang) : m));
}

/** "broker-2" → "2", 2 → "2": node names in events may be either. */
export function nodeLabel(v: unknown, lang: Lang): string {
  if (typeof v === 'number') return (lang === 'zh' ? 'Broker ' : 'broker ') + v;
  const s = String(v ?? '?');
  const m = /^broker-(\d+)$/.exec(s);
  if (m) return (lang === 'zh' ? 'Broker ' : 'broker ') + m[1];
  if (s === 'zookeeper') return 'ZooKeeper';
  if (s === 'controller') return lang === 'zh' ? '控制器' : 'the controller';
  return s;
}
