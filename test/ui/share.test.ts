import { describe, expect, it } from 'vitest';
import { decodeShare, encodeShare, shareUrl } from '../../src/ui/share';

describe('share links', () => {
  it('round-trips a scenario and a position', () => {
    const scenario = { version: 1, id: 'x', steps: [{ do: 'produce', topic: 't', value: '消息 {n}', count: 3 }] };
    const url = shareUrl('http://h/app/?lang=zh#old', JSON.stringify(scenario), 42);
    expect(url.startsWith('http://h/app/?lang=zh#s=')).toBe(true);
    expect(decodeShare(new URL(url).hash)).toEqual({ scenario, cursor: 42 });
  });

  it('ignores a hash without a session and reports a damaged one', () => {
    expect(decodeShare('')).toBeNull();
    expect(decodeShare('#foo=1')).toBeNull();
    expect(decodeShare('#s=AAAA')).toBeInstanceOf(Error);
    expect(encodeShare('{}', 0)).toMatch(/^s=[A-Za-z0-9_-]+&at=0$/);
  });
});
