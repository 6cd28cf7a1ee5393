// @vitest-environment jsdom
// The entry chunk keeps a course page's messages that arrive while the app's code loads (main.tsx); the embed API
// applies them first, in order, when it starts (embed-api.md v1.1: commands take effect in the order they arrive).
import { describe, expect, it, vi } from 'vitest';
import { setClient } from '../../src/ui/client';
import { startEmbedApi } from '../../src/ui/embed';
import { embedHost } from './fixtures';

describe('startEmbedApi with messages kept before it started', () => {
  const host = embedHost();

  it('answers them, in order, before the ones that come after', async () => {
    const { posted } = host;
    setClient(null); // no worker: get-state answers from the store (another file's test may have left a client)
    const early = [
      new MessageEvent('message', { data: { type: 'kafka-anatomy:no-such-command' } }),
      new MessageEvent('message', { data: { type: 'kafka-anatomy:get-state' } }),
    ];
    host.stop = startEmbedApi(Promise.resolve(), early);
    window.dispatchEvent(new MessageEvent('message', { data: { type: 'kafka-anatomy:also-unknown' } }));
    await vi.waitFor(() => expect(posted.length).toBeGreaterThanOrEqual(4));
    const types = posted.map((m) => m.type);
    expect(types.filter((t) => t !== 'kafka-anatomy:ready' && t !== 'kafka-anatomy:step')).toEqual([
      'kafka-anatomy:error',
      'kafka-anatomy:state',
      'kafka-anatomy:error',
    ]);
    expect(JSON.stringify(posted[types.indexOf('kafka-anatomy:error')])).toContain('no-such-command');
  });
});
