// Translation entry point: t(key, params) bound to the current language from the store.
import type { Lang, ScenarioProblem, Text } from '../../scenario/types';
import { useStore } from '../store';
import { fill, type Params } from './format';
import { problemMessage } from './problems';
import { strings, type StringKey } from './strings';

export type { StringKey } from './strings';
export type T = (key: StringKey, params?: Params) => string;

export function translate(lang: Lang, key: StringKey, params?: Params): string {
  return fill(strings[lang][key] ?? strings.en[key] ?? key, params, lang);
}

export function makeT(lang: Lang): T {
  return (key, params) => translate(lang, key, params);
}

export function useT(): T {
  const lang = useStore((s) => s.prefs.lang);
  return makeT(lang);
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
