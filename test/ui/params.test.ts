import { describe, expect, it } from 'vitest';
import { fetchScenario, parseParams } from '../../src/ui/params';

describe('URL parameters', () => {
  it('reads every parameter of embed-api.md', () => {
    const p = parseParams('?scenario=acks-all-failover&lang=zh&step=3&autoplay=1&speed=4&controls=player&views=cluster,events&theme=dark', 'en-US');
    expect(p).toMatchObject({ scenario: 'acks-all-failover', lang: 'zh', step: 3, autoplay: true, speed: 4, controls: 'player', views: ['cluster', 'events'], theme: 'dark', errors: [] });
  });

  it('defaults: the browser language if zh*, full controls, all views', () => {
    const p = parseParams('', 'zh-CN');
    expect(p).toMatchObject({ scenario: null, lang: 'zh', step: null, autoplay: false, speed: 1, controls: 'full', theme: 'system', errors: [] });
    expect(parseParams('', 'fr').lang).toBe('en');
  });

  it('names each bad parameter', () => {
    const p = parseParams('?lang=fr&step=x&speed=99&controls=some&views=cluster,nope&theme=pink&autoplay=yes', 'en');
    expect(p.errors.map((e) => (e.kind === 'param' ? e.name : ''))).toEqual(['lang', 'step', 'autoplay', 'speed', 'controls', 'views', 'theme']);
    expect(p.lang).toBe('en');
  });

  const fakeFetch = (status: number, body: string) => (async () => ({ ok: status === 200, text: async () => body })) as unknown as typeof fetch;

  it('fetches built-in scenarios by id and reports unknown ones', async () => {
    expect(await fetchScenario('x-y', 'http://h/app/', fakeFetch(200, '{"a":1}'))).toEqual({ ok: true, json: { a: 1 } });
    const r = await fetchScenario('nope', 'http://h/', fakeFetch(404, ''));
    expect(r).toMatchObject({ ok: false, error: { name: 'scenario', code: 'paramUnknownScenario', value: 'nope' } });
    const html = await fetchScenario('nope', 'http://h/', fakeFetch(200, '<!doctype html>'));
    expect(html).toMatchObject({ ok: false, error: { code: 'paramUnknownScenario' } });
  });

  it('reports unreadable and invalid JSON URLs', async () => {
    expect(await fetchScenario('http://h/s.json', 'http://h/', fakeFetch(500, ''))).toMatchObject({ ok: false, error: { code: 'paramFetchFailed' } });
    expect(await fetchScenario('./s.json', 'http://h/', fakeFetch(200, '{bad'))).toMatchObject({ ok: false, error: { code: 'paramBadJson' } });
  });
});
