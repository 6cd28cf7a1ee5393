// Where the main thread's time goes (issue 13): a Chromium CPU profile (CDP Profiler) and the long tasks of one
// scenario of use, printed as the functions with the most self and total time. Not part of npm run bench:
//   node --import tsx bench/uiProfile.ts DIST first|heavy|stepback|seek|play [--top N]
// first: open the app (the empty cluster); heavy: open offset-lookup-article, every step forward then back; stepback: 5 events back at the end of the
// bench's 23.8k-event history; seek: 10 scrubs in ui.seekP95Ms's 108k-event history; play: every lesson opened at 4x and played a moment.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CDPSession, Page } from 'playwright-core';
import { encodeShare } from '../src/ui/share';
import { serve } from '../test/browser/server';
import { benchScenario } from './uiFigures';
import { seekScenario } from './uiSeek';
import { longTasks, timeMove, watchLongTasks, withPage } from './uiPage';

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  children?: number[];
}
interface Profile {
  nodes: Node[];
  samples: number[];
  timeDeltas: number[];
}

/** Self and total ms per function (name @ file:line), from a CPU profile's samples. */
export function summarise(p: Profile, top = 25): { self: [string, number][]; total: [string, number][] } {
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const name = (n: Node) => `${n.callFrame.functionName || '(anon)'} @ ${n.callFrame.url.split('/').pop()}:${n.callFrame.lineNumber + 1}`;
  const self = new Map<string, number>(),
    total = new Map<string, number>();
  p.samples.forEach((id, i) => {
    const dt = (p.timeDeltas[i + 1] ?? 0) / 1000;
    const n = byId.get(id)!;
    self.set(name(n), (self.get(name(n)) ?? 0) + dt);
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const k = name(byId.get(cur)!);
      if (seen.has(k)) continue;
      seen.add(k);
      total.set(k, (total.get(k) ?? 0) + dt);
    }
  });
  const sorted = (m: Map<string, number>) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([k, v]) => [k, Math.round(v)] as [string, number]);
  return { self: sorted(self), total: sorted(total) };
}

async function profiled<T>(page: Page, fn: () => Promise<T>): Promise<{ result: T; profile: Profile }> {
  const cdp: CDPSession = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 1000 });
  await cdp.send('Profiler.start');
  const result = await fn();
  const { profile } = (await cdp.send('Profiler.stop')) as unknown as { profile: Profile };
  return { result, profile };
}

const enabled = (page: Page, t: string) => page.evaluate((id) => !(document.querySelector(`[data-testid="${id}"]`) as HTMLButtonElement | null)?.disabled, t);

async function openAndWait(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.waitForFunction(
    () => !!document.querySelector('[data-testid="broker-1"]') && !!document.querySelector('[data-testid="position"]')?.textContent,
    undefined,
    {
      timeout: 300_000,
      polling: 50,
    },
  );
}

async function main(): Promise<void> {
  const [dist, what] = process.argv.slice(2);
  const top = Number(process.argv[process.argv.indexOf('--top') + 1]) || 25;
  const server = await serve(dist);
  try {
    await withPage(async (page) => {
      page.on('crash', () => console.error('page crashed'));
      page.on('console', (m) => console.error('console:', m.text()));
      await watchLongTasks(page);
      const marks: Record<string, number | number[]> = {};
      if (what === 'stepback' || what === 'seek') {
        // the history is built before the profile starts: only the moves back are profiled
        await page.goto(`${server.url}#${encodeShare(JSON.stringify(what === 'seek' ? seekScenario() : benchScenario()), 1e9)}`);
        await page.waitForFunction(() => /Event (\d+) of \1\b/.test(document.querySelector('[data-testid="position"]')?.textContent ?? ''), undefined, {
          timeout: 300_000,
        });
        await page.waitForTimeout(3000);
      }
      const { profile } = await profiled(page, async () => {
        if (process.env.PROFILE_OUT) console.error('profile to', process.env.PROFILE_OUT);
        if (what === 'heavy') {
          const t0 = Date.now();
          await openAndWait(page, `${server.url}?scenario=offset-lookup-article`);
          marks.openMs = Date.now() - t0;
          console.error('opened', marks.openMs);
          const steps: number[] = [];
          for (const b of ['next-step', 'prev-step'])
            while (await enabled(page, b)) {
              const ms = Math.round(await timeMove(page, { click: b }, 60_000));
              if (ms < 0) break;
              steps.push(ms);
              console.error(b, steps[steps.length - 1]);
            }
          marks.steps = steps;
        } else if (what === 'seek') {
          const total = Number(/of (\d+)/.exec((await page.getByTestId('position').textContent()) ?? '')![1]);
          const times: number[] = [];
          for (let i = 1; i <= 10; i++) times.push(Math.round(await timeMove(page, { scrub: Math.floor((total * ((i * 37) % 97)) / 97) })));
          marks.seek = times;
        } else if (what === 'first') {
          await openAndWait(page, server.url);
        } else if (what === 'stepback') {
          const times: number[] = [];
          for (let i = 0; i < 5; i++) times.push(Math.round(await timeMove(page, { key: 'ArrowLeft' })));
          marks.stepBack = times;
        } else {
          const ids = (JSON.parse(readFileSync(join(import.meta.dirname, '../public/lessons/index.json'), 'utf8')) as { id: string }[]).map((e) => e.id);
          for (const id of ids) {
            if (id === 'offset-lookup-article') continue;
            await openAndWait(page, `${server.url}?scenario=${id}&speed=4`);
            if (await enabled(page, 'play')) {
              await page.getByTestId('play').click();
              await page.waitForTimeout(1500);
            }
          }
        }
      });
      marks.longTasks = (await longTasks(page)) ?? [];
      if (process.env.PROFILE_OUT) (await import('node:fs')).writeFileSync(process.env.PROFILE_OUT, JSON.stringify(profile));
      console.log(JSON.stringify(marks));
      const s = summarise(profile, top);
      console.log('--- self ms');
      for (const [k, v] of s.self) console.log(String(v).padStart(7), k);
      console.log('--- total ms');
      for (const [k, v] of s.total) console.log(String(v).padStart(7), k);
    });
  } finally {
    await server.close();
  }
}

if (process.argv[1]?.endsWith('uiProfile.ts')) await main();
