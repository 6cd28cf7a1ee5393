// @vitest-environment jsdom
// Commands come from the host page (embed-api.md: the host posts to frame.contentWindow). A frame inside the page
// itself — the Embed dialog's live preview — posts its events (kafka-anatomy:step, …) to this page as its parent:
// they are not commands. Before, the preview's "step" report moved the app one step forward.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { startEmbedApi } from '../../src/ui/embed';
import { embedHost, setup } from './fixtures';

describe('the embed API and messages from a frame inside the page', () => {
  const host = embedHost();
  afterEach(() => {
    document.body.innerHTML = '';
  });

  it("ignores a child frame's events, and still takes the host's commands", async () => {
    const { posted } = host;
    const { sent } = setup({ cursor: 1 });
    host.stop = startEmbedApi(Promise.resolve());
    await vi.waitFor(() => expect(posted.some((m) => m.type === 'kafka-anatomy:ready')).toBe(true));
    const frame = document.createElement('iframe');
    document.body.append(frame);
    const child = frame.contentWindow!;
    expect(window.frames[0]).toBe(child);
    // the preview's report of its step, as it posts it to its parent
    window.dispatchEvent(new MessageEvent('message', { data: { type: 'kafka-anatomy:step', index: 2, total: 3 }, source: child }));
    await new Promise((r) => setTimeout(r, 20));
    expect(sent.filter((r) => r.type === 'seek')).toEqual([]);
    expect(posted.filter((m) => m.type === 'kafka-anatomy:error')).toEqual([]);
    // the host's command (no frame of this page sent it) moves one step forward
    window.dispatchEvent(new MessageEvent('message', { data: { type: 'kafka-anatomy:step' } }));
    await vi.waitFor(() => expect(sent.filter((r) => r.type === 'seek')).toEqual([{ type: 'seek', cursor: 4 }]));
  });
});
