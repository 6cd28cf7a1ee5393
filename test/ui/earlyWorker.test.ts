// @vitest-environment jsdom
// The built page starts the engine worker from an inline script in its head (vite.config.ts), 150-250 ms before the
// entry chunk would (issue 13, the first paint); src/ui/earlyWorker.ts takes it over, or starts its own when there is
// none (dev, tests) or it failed before the app's code ran.
import { afterEach, describe, expect, it, vi } from 'vitest';

class FakeWorker {
  static made: FakeWorker[] = [];
  onerror: unknown = null;
  terminated = false;
  failed?: boolean;
  constructor(
    readonly url: URL | string,
    readonly opts?: WorkerOptions,
  ) {
    FakeWorker.made.push(this);
  }
  terminate(): void {
    this.terminated = true;
  }
}

async function load(started?: FakeWorker): Promise<typeof import('../../src/ui/earlyWorker')> {
  FakeWorker.made = [];
  vi.stubGlobal('Worker', FakeWorker);
  (window as { __engineWorker?: FakeWorker }).__engineWorker = started;
  vi.resetModules();
  return import('../../src/ui/earlyWorker');
}

afterEach(() => {
  vi.unstubAllGlobals();
  delete (window as { __engineWorker?: FakeWorker }).__engineWorker;
  vi.resetModules();
});

describe('the engine worker started by the page', () => {
  it('is taken over: no second worker, its start-up error handler removed, the global cleared', async () => {
    const head = new FakeWorker('./assets/engine.worker-x.js');
    head.onerror = () => undefined;
    FakeWorker.made = [];
    const m = await load(head);
    expect(m.earlyWorker).toBe(head);
    expect(FakeWorker.made).toHaveLength(0);
    expect(head.onerror).toBeNull();
    expect((window as { __engineWorker?: unknown }).__engineWorker).toBeUndefined();
  });

  it('one that failed before the app ran is ended, and a new one started', async () => {
    const head = new FakeWorker('./assets/engine.worker-x.js');
    head.failed = true;
    const m = await load(head);
    expect(head.terminated).toBe(true);
    expect(FakeWorker.made).toHaveLength(1);
    expect(m.earlyWorker).toBe(FakeWorker.made[0]);
    expect(String(FakeWorker.made[0].url)).toMatch(/\/src\/worker\/engine\.worker\.ts/);
  });

  it('none (dev, tests): the app starts its own', async () => {
    const m = await load();
    expect(FakeWorker.made).toHaveLength(1);
    expect(m.earlyWorker).toBe(FakeWorker.made[0]);
    expect(FakeWorker.made[0].opts).toEqual({ type: 'module' });
  });
});
