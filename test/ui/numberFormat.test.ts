// The busy bar's numbers: written by hand (no Intl at start-up), the same text toLocaleString gives.
import { describe, expect, it } from 'vitest';
import { formatNumber } from '../../src/ui/sessions/Notices';

describe('formatNumber', () => {
  it('writes numbers as toLocaleString does, in English and Chinese', () => {
    for (const n of [0, 7, 1234, 737337, 1234567.891, 2.25, -1234.5, -0.0001, -0, 0.0005, 999.9996, 1.005, 12345678901234, 0.1 + 0.2, 1e20])
      for (const lang of ['en', 'zh'] as const) {
        const locale = lang === 'zh' ? 'zh-CN' : 'en-GB';
        expect(formatNumber(n, lang)).toBe(n.toLocaleString(locale));
        expect(formatNumber(n, lang, 1)).toBe(n.toLocaleString(locale, { maximumFractionDigits: 1 }));
      }
    expect(formatNumber(737337, 'en')).toBe('737,337');
  });
});
