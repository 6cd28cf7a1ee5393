// ui.seekP95Ms: 95th percentile of random seeks (the scrub bar) in a history of 100,000 events, from the input to
// the position line showing the new place; 40 positions from a fixed pseudo-random sequence. ui.seekMainCpuMs,
// ui.seekWorkerCpuMs, ui.seekBackgroundCpuMs: CPU time per seek of the page's main thread, the engine worker and
// V8's background threads (read from /proc: it hardly grows when the machine is shared, unlike wall time).
import { encodeShare } from '../src/ui/share';
import { p95, rendererCpuMs, round1, timeMove, withPage } from './uiPage';

const CYCLES = 500; // about 104,000 events

export function seekScenario(): Record<string, unknown> {
  const steps: object[] = [
    { do: 'createTopic', topic: 'orders', partitions: 6, replicationFactor: 3 },
    { do: 'joinGroup', consumer: 'c1', group: 'g', topics: ['orders'] },
  ];
  for (let i = 0; i < CYCLES; i++) {
    steps.push({ do: 'produce', topic: 'orders', count: 20, key: 'k{n}' }, { do: 'poll', consumer: 'c1' }, { do: 'advance', ms: 5000 });
    if (i % 40 === 20)
      steps.push({ do: 'crashBroker', broker: 2 }, { do: 'advance', ms: 20000 }, { do: 'startBroker', broker: 2 }, { do: 'advance', ms: 5000 });
  }
  return { version: 1, id: 'seek-bench', brokers: 3, steps };
}

export async function seekFigures(url: string): Promise<Record<string, number>> {
  return withPage(async (page, _ctx, profile) => {
    await page.goto(`${url}#${encodeShare(JSON.stringify(seekScenario()), 1e9)}`);
    await page.waitForFunction(() => /Event (\d+) of \1\b/.test(document.querySelector('[data-testid="position"]')?.textContent ?? ''), undefined, {
      timeout: 900_000,
      polling: 500,
    });
    const total = Number(/of (\d+)/.exec((await page.getByTestId('position').textContent()) ?? '')![1]);
    await page.waitForTimeout(3000);
    let x = 12345;
    const times: number[] = [];
    const cpu0 = rendererCpuMs(profile);
    for (let i = 0; i < 40; i++) {
      x = (x * 1103515245 + 12345) % 2147483648;
      const target = Math.floor((x / 2147483648) * (total - 1));
      const ms = await timeMove(page, { scrub: target }, 300_000);
      if (ms >= 0) times.push(ms);
    }
    const cpu1 = rendererCpuMs(profile);
    const perSeek = (thread: string) => round1(((cpu1.get(thread) ?? 0) - (cpu0.get(thread) ?? 0)) / 40);
    return {
      'ui.seekP95Ms': round1(p95(times)),
      'ui.seekMedianMs': round1([...times].sort((a, b) => a - b)[times.length >> 1] ?? 0),
      'ui.seekHistoryEvents': total,
      // CPU per seek (mean): the page's main thread, the engine worker, V8's background threads (garbage collection)
      'ui.seekMainCpuMs': perSeek('chromium'),
      'ui.seekWorkerCpuMs': perSeek('DedicatedWorker'),
      'ui.seekBackgroundCpuMs': perSeek('ThreadPoolForeg'),
    };
  });
}
