// A page in Chromium driven over its DevTools pipe with the few commands the long-task benchmark needs, and none of
// Playwright's set-up. Why: Playwright enables the Runtime domain on every page, and with it V8's inspector captures
// a detailed stack (line and column of every frame) for each Error the page creates. React DOM creates five at its
// module's evaluation, with its whole bundled factory on the stack: V8 then re-parses that factory and its chunk to
// find the positions (CollectSourcePositions, 45-75 ms in a trace), a long task on every fresh profile that a
// learner's browser, with no DevTools open, never runs (measured: 7 of 7 Playwright opens had it, 0 of 7 bare ones).
// Runtime.evaluate and Page.addScriptToEvaluateOnNewDocument need no domain enabled; Page.enable (for the load
// event) does not turn the stack capture on.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { CHROMIUM_ARGS } from '../test/browser/chromium';
import { settled, type PageLike } from './uiPage';

interface Message {
  id?: number;
  method?: string;
  sessionId?: string;
  params?: Record<string, unknown>;
  result?: Record<string, unknown>;
  error?: { message: string };
}

/** Chromium's DevTools protocol over --remote-debugging-pipe: JSON messages ended by a NUL byte on fds 3 and 4. */
class Pipe {
  private next = 1;
  private pending = new Map<number, { ok: (r: Record<string, unknown>) => void; fail: (e: Error) => void }>();
  private listeners: ((m: Message) => void)[] = [];
  private buffer = '';

  constructor(
    private readonly out: Writable,
    input: Readable,
  ) {
    input.setEncoding('utf8');
    input.on('data', (chunk: string) => {
      this.buffer += chunk;
      for (let end = this.buffer.indexOf('\0'); end >= 0; end = this.buffer.indexOf('\0')) {
        const m = JSON.parse(this.buffer.slice(0, end)) as Message;
        this.buffer = this.buffer.slice(end + 1);
        this.receive(m);
      }
    });
    // a browser that ends (a crash) fails what waits on it, rather than leaving the benchmark waiting
    input.on('close', () => {
      for (const w of this.pending.values()) w.fail(new Error('Chromium closed its DevTools pipe'));
      this.pending.clear();
    });
  }

  private receive(m: Message): void {
    const waiting = m.id === undefined ? undefined : this.pending.get(m.id);
    if (waiting) {
      this.pending.delete(m.id!);
      if (m.error) waiting.fail(new Error(m.error.message));
      else waiting.ok(m.result ?? {});
    } else for (const l of this.listeners) l(m);
  }

  send(method: string, params: Record<string, unknown> = {}, sessionId?: string): Promise<Record<string, unknown>> {
    const id = this.next++;
    this.out.write(JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) }) + '\0');
    return new Promise((ok, fail) => this.pending.set(id, { ok, fail }));
  }

  /** The next event `method` of the session. */
  once(method: string, sessionId: string): Promise<Message> {
    return new Promise((ok) => {
      const l = (m: Message) => {
        if (m.method !== method || m.sessionId !== sessionId) return;
        this.listeners = this.listeners.filter((x) => x !== l);
        ok(m);
      };
      this.listeners.push(l);
    });
  }
}

/** A page with no DevTools domain but Page enabled: navigation, evaluation (expressions only) and init scripts. */
export class BarePage implements PageLike {
  constructor(
    private readonly pipe: Pipe,
    private readonly sessionId: string,
  ) {}

  async goto(url: string): Promise<void> {
    const loaded = this.pipe.once('Page.loadEventFired', this.sessionId);
    const r = await this.pipe.send('Page.navigate', { url }, this.sessionId);
    if (typeof r.errorText === 'string' && r.errorText) throw new Error(`navigation to ${url} failed: ${r.errorText}`);
    await loaded;
  }

  /** The value of `expression` in the page (a promise is awaited), returned by value. */
  async evaluate<T = unknown>(expression: string): Promise<T> {
    const r = (await this.pipe.send('Runtime.evaluate', { expression, awaitPromise: true, returnByValue: true }, this.sessionId)) as {
      result?: { value?: unknown };
      exceptionDetails?: { text?: string; exception?: { description?: string } };
    };
    if (r.exceptionDetails) throw new Error(r.exceptionDetails.exception?.description ?? r.exceptionDetails.text ?? 'evaluation failed');
    return r.result?.value as T;
  }

  async addInitScript(script: string): Promise<void> {
    await this.pipe.send('Page.addScriptToEvaluateOnNewDocument', { source: script }, this.sessionId);
  }
}

/** Like uiPage's withPage: a fresh profile in a browser done starting, 1280×800, closed afterwards. */
export async function withBarePage<T>(fn: (page: BarePage) => Promise<T>): Promise<T> {
  const profile = mkdtempSync(join(tmpdir(), 'ka-ui-bare-'));
  const browser: ChildProcess = spawn(
    '/usr/bin/chromium',
    [...CHROMIUM_ARGS, '--remote-debugging-pipe', `--user-data-dir=${profile}`, '--window-size=1280,800', 'about:blank'],
    // its own process group, so that its renderers end with it
    { stdio: ['ignore', 'ignore', 'ignore', 'pipe', 'pipe'], detached: true },
  );
  const exited = new Promise((ok) => browser.once('exit', ok));
  const pipe = new Pipe(browser.stdio[3] as Writable, browser.stdio[4] as Readable);
  try {
    const { targetInfos } = (await pipe.send('Target.getTargets')) as { targetInfos: { targetId: string; type: string }[] };
    const target = targetInfos.find((t) => t.type === 'page');
    if (!target) throw new Error('Chromium opened no page');
    const { sessionId } = (await pipe.send('Target.attachToTarget', { targetId: target.targetId, flatten: true })) as { sessionId: string };
    await pipe.send('Page.enable', {}, sessionId);
    await settled(profile);
    return await fn(new BarePage(pipe, sessionId));
  } finally {
    await Promise.race([pipe.send('Browser.close').catch(() => undefined), new Promise((ok) => setTimeout(ok, 5000))]);
    await Promise.race([exited, new Promise((ok) => setTimeout(ok, 5000))]);
    try {
      process.kill(-browser.pid!, 'SIGKILL');
    } catch {
      /* the group has ended */
    }
    rmSync(profile, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
  }
}
