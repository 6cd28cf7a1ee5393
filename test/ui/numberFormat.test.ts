// The busy bar's numbers: one Intl.NumberFormat per language and precision, the same text toLocaleString gives.
import { describe, expect, it } from 'vitest';
import { formatNumber } from '../../src/ui/sessions/Notices';

describe('formatNumber', () => {
  it('writes numbers as toLocaleString does, in English and Chinese', () => {
    for (const n of [0, 7, 1234, 737337, 1234567.891, 2.25])
      for (const lang of ['en', 'zh'] as const) {
        const locale = lang === 'zh' ? 'zh-CN' : 'en-GB';
        expect(formatNumber(n, lang)).toBe(n.toLocaleString(locale));
        expect(formatNumber(n, lang, 1)).toBe(n.toLocaleString(locale, { maximumFractionDigits: 1 }));
      }
    expect(formatNumber(737337, 'en')).toBe('737,337');
  });
});
