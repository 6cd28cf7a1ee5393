// Translation entry point: the page's strings (strings.ts) through the one translator (translator.ts).
import type { Lang, ScenarioProblem, Text } from '../../scenario/types';
import { useStore } from '../store';
import type { Params } from './format';
import { problemMessage } from './problems';
import { strings, type StringKey } from './strings';
import { translator, type Translator, useTranslator } from './translator';

export type { StringKey } from './strings';
export type T = Translator<StringKey>;

export function translate(lang: Lang, key: StringKey, params?: Params): string {
  return translator(strings, lang)(key, params);
}

export function makeT(lang: Lang): T {
  return translator(strings, lang);
}

export function useT(): T {
  return useTranslator(strings);
}

/** The key of a broker's (or a KRaft voter's) status in words. */
export function statusKey(s: string): 'statusOnline' | 'statusStopped' | 'statusCrashed' | 'statusPaused' {
  return s === 'crashed' ? 'statusCrashed' : s === 'stopped' ? 'statusStopped' : s === 'paused' ? 'statusPaused' : 'statusOnline';
}

export function useLang(): Lang {
  return useStore((s) => s.prefs.lang);
}

/** A scenario text (a string or {en, zh}) in the given language. */
export function text(v: Text | undefined, lang: Lang): string {
  if (v === undefined) return '';
  if (typeof v === 'string') return v;
  return v[lang] ?? v.en ?? '';
}

/** A validation problem with its location, translated; steps are numbered from 1 as everywhere in the UI. */
export function describeProblem(p: ScenarioProblem, lang: Lang): string {
  const message = problemMessage(p, lang);
  const field = p.field || '—';
  return p.step === null || p.step === undefined
    ? translate(lang, 'problemHeader', { field, message })
    : translate(lang, 'problemAt', { step: p.step + 1, field, message });
}

export function detectLang(navLang: string | undefined): Lang {
  return navLang && navLang.toLowerCase().startsWith('zh') ? 'zh' : 'en';
}
