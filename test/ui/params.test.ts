import { describe, expect, it } from 'vitest';
import { errorText } from '../../src/ui/Errors';
import { fetchScenario, parseParams, SCENARIO_MAX_BYTES, SCENARIO_TIMEOUT_MS, spaceOf } from '../../src/ui/params';

describe('URL parameters', () => {
  it('reads every parameter of embed-api.md', () => {
    const p = parseParams('?scenario=acks-all-failover&lang=zh&step=3&autoplay=1&speed=4&controls=player&views=cluster,events&theme=dark', 'en-US');
    expect(p).toMatchObject({
      scenario: 'acks-all-failover',
      lang: 'zh',
      step: 3,
      autoplay: true,
      speed: 4,
      controls: 'player',
      views: ['cluster', 'events'],
      theme: 'dark',
      errors: [],
    });
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

  const fakeFetch = (status: number, body: string, statusText = '') =>
    (async () => ({ ok: status === 200, status, statusText, text: async () => body })) as unknown as typeof fetch;

  it('fetches built-in scenarios by id and reports unknown ones', async () => {
    expect(await fetchScenario('x-y', 'http://h/app/', fakeFetch(200, '{"a":1}'))).toEqual({ ok: true, json: { a: 1 } });
    const r = await fetchScenario('nope', 'http://h/', fakeFetch(404, ''));
    expect(r).toMatchObject({ ok: false, error: { name: 'scenario', code: 'paramUnknownScenario', value: 'nope' } });
    const html = await fetchScenario('nope', 'http://h/', fakeFetch(200, '<!doctype html>'));
    expect(html).toMatchObject({ ok: false, error: { code: 'paramUnknownScenario' } });
  });

  it('reports unreadable and invalid JSON URLs, naming the HTTP status', async () => {
    const e500 = await fetchScenario('http://h/s.json', 'http://h/', fakeFetch(500, '', 'Internal Server Error'));
    expect(e500).toMatchObject({
      ok: false,
      error: { kind: 'text', key: 'scenarioHttp', params: { value: 'http://h/s.json', status: '500 Internal Server Error' } },
    });
    const e404 = await fetchScenario('./missing.json', 'http://h/', fakeFetch(404, ''));
    if (e404.ok) throw new Error('a 404 is an error');
    expect(errorText(e404.error, 'en')).toBe('could not read the scenario ./missing.json: the server answered HTTP 404');
    expect(errorText(e404.error, 'zh')).toBe('无法读取场景 ./missing.json：服务器返回 HTTP 404');
    expect(await fetchScenario('./s.json', 'http://h/', fakeFetch(200, '{bad'))).toMatchObject({ ok: false, error: { code: 'paramBadJson' } });
    const down = (async () => {
      throw new TypeError('Failed to fetch');
    }) as unknown as typeof fetch;
    expect(await fetchScenario('http://h/s.json', 'http://h/', down)).toMatchObject({
      ok: false,
      error: { key: 'scenarioNetwork', params: { reason: 'Failed to fetch' } },
    });
  });

  it('gives up on a URL that never answers, after the time limit, with a translated error', async () => {
    let signal: AbortSignal | undefined;
    const never = ((_u: string, init?: RequestInit) => {
      signal = init?.signal ?? undefined;
      return new Promise(() => undefined);
    }) as unknown as typeof fetch;
    const r = await fetchScenario('http://slow/s.json', 'http://h/', never, 50);
    if (r.ok) throw new Error('no answer is an error');
    expect(errorText(r.error, 'en')).toBe('could not read the scenario http://slow/s.json: no answer within 1 s');
    expect(signal?.aborted).toBe(true);
    expect(SCENARIO_TIMEOUT_MS).toBe(10_000);
    // a body that starts and then stalls is cut by the same limit
    const stall = (async (_u: string, init?: RequestInit) => ({
      ok: true,
      status: 200,
      headers: new Headers(),
      body: new ReadableStream({
        start(c) {
          c.enqueue(new TextEncoder().encode('{"a"'));
          init?.signal?.addEventListener('abort', () => c.error(new Error('aborted')));
        },
      }),
    })) as unknown as typeof fetch;
    expect(await fetchScenario('http://slow/s.json', 'http://h/', stall, 50)).toMatchObject({ ok: false, error: { key: 'scenarioTimeout' } });
  });

  it('refuses a scenario larger than the cap, declared or streamed', async () => {
    const big = SCENARIO_MAX_BYTES + 1;
    const declared = (async () => ({
      ok: true,
      status: 200,
      headers: new Headers({ 'content-length': String(big) }),
      text: async () => {
        throw new Error('not read');
      },
    })) as unknown as typeof fetch;
    const r = await fetchScenario('http://h/big.json', 'http://h/', declared);
    expect(r).toMatchObject({ ok: false, error: { key: 'scenarioTooLarge', params: { max: 4 } } });
    if (!r.ok) expect(errorText(r.error, 'en')).toBe('the scenario http://h/big.json is larger than 4 MB');
    const chunk = new Uint8Array(1024 * 1024).fill(32);
    let sent = 0;
    const streamed = (async () => ({
      ok: true,
      status: 200,
      headers: new Headers(),
      body: new ReadableStream({
        pull(c) {
          if (sent++ < 6) c.enqueue(chunk);
          else c.close();
        },
      }),
    })) as unknown as typeof fetch;
    expect(await fetchScenario('http://h/big.json', 'http://h/', streamed)).toMatchObject({ ok: false, error: { key: 'scenarioTooLarge' } });
    expect(sent).toBeLessThanOrEqual(6);
    const small = (async () => ({ ok: true, status: 200, headers: new Headers(), body: new Blob(['{"steps":[]}']).stream() })) as unknown as typeof fetch;
    expect(await fetchScenario('http://h/s.json', 'http://h/', small)).toEqual({ ok: true, json: { steps: [] } });
  });
});

describe('where a page saves its clusters (embed contract v1.1)', () => {
  it("the app on its own uses the learner's space; a link or a frame its own, keyed by page and parameters", () => {
    expect(spaceOf('', false, '/index.html', null)).toBe('');
    expect(spaceOf('?lang=zh&theme=dark', false, '/index.html', null)).toBe('');
    const link = spaceOf('?scenario=acks&lang=en', false, '/index.html', null);
    expect(link).not.toBe('');
    expect(spaceOf('?lang=en&scenario=acks', false, '/index.html', null)).toBe(link); // parameter order does not matter
    expect(spaceOf('?scenario=acks&lang=zh', false, '/index.html', null)).not.toBe(link);
    const a = spaceOf('?controls=player&scenario=acks', true, 'https://course.example/unit1.html', null);
    const b = spaceOf('?controls=player&scenario=high-watermark', true, 'https://course.example/unit1.html', null);
    const c = spaceOf('?controls=player&scenario=acks', true, 'https://course.example/unit2.html', null);
    expect(new Set([a, b, c, link]).size).toBe(4);
    // a frame with no scenario is still its own world, never the app's
    expect(spaceOf('?controls=player', true, 'https://course.example/unit1.html', null)).not.toBe('');
    const s1 = spaceOf('', false, '/index.html', 'eJxLTEoG');
    expect(s1).not.toBe('');
    expect(spaceOf('', false, '/index.html', 'eJxLTEoH')).not.toBe(s1);
  });
});
