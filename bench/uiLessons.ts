// Lesson figures in Chromium (issue 13):
// ui.heavyLessonOpenMs: offset-lookup-article (737k records) from navigation start to its first step drawn (the
//   lesson panel and the cluster view), median of 3 fresh profiles; ui.heavyVsLightLessonOpen: that against the
//   lesson with the fewest events, measured the same way in the same run. ui.heavyLessonReadyMs: to the whole lesson
//   there (its first step is drawn from a preview while its steps run in the worker; steps wait for them).
// ui.heavyLessonStepP95Ms: 95th percentile of every step of offset-lookup-article forward (») then back («), from
//   the click to the position line showing the new place.
// ui.longTasksDuringPlay: long tasks (over 50 ms, PerformanceObserver 'longtask') on the page's main thread while
//   opening the two lessons above (each open), stepping through the heavy one, and, for every other lesson, opening
//   it at speed 4x, playing it for PLAY_MS and taking STEPS_PER_LESSON steps forward (bounded so that the pass stays
//   near two minutes); ui.longTasksHeavyLesson those of the heavy lesson; ui.longTaskMaxMs the longest. The pages
//   are driven with plain evaluates (waitInPage, clickInPage): Playwright's waitForFunction and locators evaluate its
//   injected script in each new document first, a 37-89 ms task the observer counted as the app's. Every page here
//   is a bare one (barePage.ts: no DevTools domain on, as in a learner's browser; under Playwright each fresh
//   profile counted one more long task, V8's inspector re-parsing React DOM for the stacks of the Errors it creates).
//   LONG_TASKS=1 prints each page's long tasks on stderr.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ScenarioRun } from '../src/scenario/runner';
import { validateScenario } from '../src/scenario/validate';
import { withBarePage as withPage, type BarePage as Page } from './barePage';
import { clickInPage, longTasks, p95, position, round1, timeMove, waitInPage, watchLongTasks } from './uiPage';

const ROOT = join(import.meta.dirname, '..');
const HEAVY = 'offset-lookup-article';
const OPEN_TIMEOUT = 300_000;
const PLAY_MS = 1500;
const STEPS_PER_LESSON = 4;

interface IndexEntry {
  id: string;
}

function lessons(): string[] {
  return (JSON.parse(readFileSync(join(ROOT, 'public/lessons/index.json'), 'utf8')) as IndexEntry[]).map((e) => e.id);
}

/** The lesson with the fewest events (run headless in Node). */
function lightest(ids: string[]): string {
  let best = ids[0],
    fewest = Infinity;
  for (const id of ids) {
    if (id === HEAVY) continue;
    const v = validateScenario(JSON.parse(readFileSync(join(ROOT, `public/lessons/${id}.json`), 'utf8')));
    if (!v.ok) continue;
    const run = new ScenarioRun(v.scenario);
    run.runToEnd();
    if (run.events.length < fewest) {
      fewest = run.events.length;
      best = id;
    }
  }
  return best;
}

const watched = new WeakSet<Page>();

/**
 * Opens a lesson by its id and waits until its first step is drawn (`drawn`, ms since navigation start) and the whole
 * lesson is there (`ready`: a heavy lesson's first step is drawn from a preview while its steps run; moves wait).
 */
async function openLesson(page: Page, url: string, id: string, extra = ''): Promise<{ drawn: number; ready: number }> {
  // once per page (an init script runs on every document the page opens from then on: one per lesson would leave
  // dozens of observers at work on the later lessons' pages, counted in their long tasks); the lesson from the URL
  if (!watched.has(page)) {
    watched.add(page);
    await page.addInitScript(`(() => {
      const id = new URLSearchParams(location.search).get('scenario');
      new MutationObserver((_, obs) => {
        const pos = document.querySelector('[data-testid="position"]');
        if (document.querySelector('[data-testid="lesson-panel"][data-lesson="' + id + '"]') && document.querySelector('[data-testid="broker-1"]') && pos && pos.textContent) {
          if (window.__drawnAt === undefined) window.__drawnAt = performance.now();
          if (!pos.hasAttribute('data-preview')) {
            window.__readyAt = performance.now();
            obs.disconnect();
          }
        }
      }).observe(document, { childList: true, subtree: true, characterData: true, attributes: true, attributeFilter: ['data-preview'] });
    })()`);
  }
  await page.goto(`${url}?scenario=${id}${extra}`);
  await waitInPage(page, 'window.__readyAt !== undefined', OPEN_TIMEOUT);
  return page.evaluate('({ drawn: window.__drawnAt, ready: window.__readyAt })');
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

/** Long tasks seen on the pages measured so far. */
class Tally {
  count = 0;
  max = 0;
  async add(page: Page): Promise<void> {
    const tasks = (await longTasks(page)) ?? [];
    if (process.env.LONG_TASKS) console.error('long tasks', await page.evaluate('location.search'), JSON.stringify(tasks));
    this.count += tasks.length;
    this.max = Math.max(this.max, ...tasks);
  }
}

/** One fresh profile opening the lesson: ms to its first step drawn, and to the whole lesson there. */
function openMs(url: string, id: string, tally: Tally): Promise<{ drawn: number; ready: number }> {
  return withPage(async (page) => {
    await watchLongTasks(page);
    const ms = await openLesson(page, url, id);
    await tally.add(page);
    return ms;
  });
}

const enabled = (page: Page, testId: string) => page.evaluate<boolean>(`!document.querySelector('[data-testid="${testId}"]')?.disabled`);

/** Every step forward with », then back with «: the time of each. */
async function stepTimes(page: Page, timeoutMs = 120_000, buttons = ['next-step', 'prev-step'], most = 500): Promise<number[]> {
  const times: number[] = [];
  for (const button of buttons) {
    for (let guard = 0; guard < most && (await enabled(page, button)); guard++) {
      let ms = await timeMove(page, { click: button }, timeoutMs);
      if (ms === -2 || (button === 'next-step' && (await page.evaluate(`!!document.querySelector('[data-testid="predict"]')?.checkVisibility()`)))) {
        // a prediction: a learner picks a choice and presses Reveal, which plays the answer; that move is timed
        await page.evaluate(`document.querySelector('[data-testid="predict"] input[type="radio"]')?.click()`);
        ms = await timeMove(page, { click: 'reveal' }, timeoutMs, '[data-testid="no-such-thing"]');
      }
      if (ms < 0) {
        times.push(timeoutMs);
        break;
      }
      times.push(ms);
    }
  }
  return times;
}

export async function lessonFigures(url: string): Promise<Record<string, number>> {
  const ids = lessons();
  const light = lightest(ids);
  const all = new Tally(),
    heavyTasks = new Tally();
  // alternated, so that a change in the machine's load falls on both
  const heavy: { drawn: number; ready: number }[] = [],
    lightTimes: number[] = [];
  for (let i = 0; i < 3; i++) {
    heavy.push(await openMs(url, HEAVY, heavyTasks));
    lightTimes.push((await openMs(url, light, all)).ready);
  }
  const heavyOpen = median(heavy.map((h) => h.drawn)),
    heavyReady = median(heavy.map((h) => h.ready)),
    lightOpen = median(lightTimes);
  const steps = await withPage(async (page) => {
    await watchLongTasks(page);
    await openLesson(page, url, HEAVY);
    const times = await stepTimes(page);
    await heavyTasks.add(page);
    return times;
  });
  await withPage(async (page) => {
    await watchLongTasks(page);
    for (const id of ids) {
      if (id === HEAVY) continue; // opened and stepped through above
      await openLesson(page, url, id, '&speed=4');
      if ((await position(page)) && (await enabled(page, 'play'))) {
        await clickInPage(page, 'play');
        await new Promise((ok) => setTimeout(ok, PLAY_MS));
        if (await page.evaluate(`document.querySelector('[data-testid="play"]')?.textContent?.includes('❚❚')`)) await clickInPage(page, 'play');
      }
      await stepTimes(page, 60_000, ['next-step'], STEPS_PER_LESSON);
      await all.add(page);
    }
  });
  return {
    'ui.heavyLessonOpenMs': Math.round(heavyOpen),
    // the whole lesson there (its steps run): the first step is drawn before, from a preview
    'ui.heavyLessonReadyMs': Math.round(heavyReady),
    'ui.lightLessonOpenMs': Math.round(lightOpen),
    'ui.heavyVsLightLessonOpen': round1(heavyOpen / lightOpen),
    'ui.heavyLessonStepP95Ms': round1(p95(steps)),
    'ui.heavyLessonStepMaxMs': round1(Math.max(...steps)),
    'ui.longTasksDuringPlay': all.count + heavyTasks.count,
    'ui.longTasksHeavyLesson': heavyTasks.count,
    'ui.longTaskMaxMs': Math.max(all.max, heavyTasks.max),
  };
}

// node --import tsx bench/uiLessons.ts DIST: the lesson figures alone, on a build made beforehand
if (process.argv[1]?.endsWith('uiLessons.ts')) {
  const { serve } = await import('../test/browser/server');
  const server = await serve(process.argv[2] ?? 'dist');
  try {
    console.log(JSON.stringify(await lessonFigures(server.url)));
  } finally {
    await server.close();
  }
}
