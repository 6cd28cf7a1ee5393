// The one translator: t(key, params) over a pair of tables, English and Chinese. Each feature keeps its own pair
// (strings.ts, stage.ts, lessons/, inspect/, sessions/, offline/) typed `Tables<K>`, so the Chinese table must
// have every English key or the type check fails; the {name} placeholders are filled by format.ts.
import type { Lang } from '../../scenario/types';
import { useStore } from '../store';
import { fill, type Params } from './format';

export type Tables<K extends string> = Record<Lang, Record<K, string>>;
export type Translator<K extends string> = (key: K, params?: Params) => string;

const made = new WeakMap<object, Map<Lang, Translator<string>>>();

/** The translator of `tables` in `lang`: one function per pair and language, so memoised views see the same one. */
export function translator<K extends string>(tables: Tables<K>, lang: Lang): Translator<K> {
  let byLang = made.get(tables);
  if (!byLang) made.set(tables, (byLang = new Map()));
  let t = byLang.get(lang);
  if (!t) {
    // a key built at run time (`group_${id}`, a problem code) may be missing: English, else the key itself
    const own = tables[lang] as Record<string, string | undefined>,
      en = tables.en as Record<string, string | undefined>;
    t = (key, params) => fill(own[key] ?? en[key] ?? key, params, lang);
    byLang.set(lang, t);
  }
  return t as Translator<K>;
}

/** The translator of `tables` in the app's current language. */
export function useTranslator<K extends string>(tables: Tables<K>): Translator<K> {
  return translator(
    tables,
    useStore((s) => s.prefs.lang),
  );
}
