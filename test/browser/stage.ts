// Chromium checks of the stage's eye (issue 9), called from test/browser/stageRun.ts: every lesson is stepped
// through with the » button; at every step whose focus names a view, the stage shows it (data-view); at every
// prediction, the answer is not on the page before the learner answers (no later narration, no feedback, no
// event after the frozen step), and Reveal lands on the step that answers with the feedback of the choice.
// Also: the first lesson in Chinese, hints that fit where they appear, and kafka-anatomy:answer to a course page.
import type { BrowserContext, Frame, Page } from 'playwright-core';

export interface CheckResult {
  name: string;
  ok: boolean;
  detail?: string;
}

type Lang = 'en' | 'zh';
type Text = string | { en: string; zh: string };
interface Focus {
  view?: string;
  metric?: string;
}
interface Choice {
  text: Text;
  feedback: Text;
}
interface LessonStep {
  do: string;
  say?: Text;
  label?: string;
  focus?: Focus;
  freeze?: string;
  choices?: Choice[];
  answer?: number;
}
interface LessonJson {
  id: string;
  steps: LessonStep[];
}

const OPEN_MS = 120_000; // opening runs the whole lesson in the worker (offset-lookup-article writes ~737k records)
const STEP_MS = 60_000; // a step may need the worker to replay the lesson up to it
const T = 15_000;

function assert(cond: unknown, msg: string): asserts cond {
  if (!cond) throw new Error(msg);
}

const say = (t: Text | undefined, lang: Lang) => (t === undefined ? '' : typeof t === 'string' ? t : t[lang]);
const squash = (s: string) => s.replace(/\s+/g, ' ').trim();

/** The view in effect at step k: the last `focus.view` of steps 0..k. */
function viewAt(steps: LessonStep[], k: number): string | undefined {
  let v: string | undefined;
  // (project) focus.metric puts the metrics view in focus
  for (let i = 0; i <= k; i++) v = steps[i].focus?.view ?? (steps[i].focus?.metric !== undefined ? 'metrics' : undefined) ?? v;
  return v;
}

function answerStep(steps: LessonStep[], p: number): number {
  for (let k = p + 1; k < steps.length; k++) if (steps[k].label === 'reveal') return k;
  return p + 1;
}

interface PanelState {
  step: number;
  predict: number | null;
  atEnd: boolean;
  view: string;
  asking: boolean;
}

/** A page or a frame: the app runs in either. */
type Target = Page | Frame;

async function state(page: Target): Promise<PanelState> {
  return page.evaluate(() => {
    const p = document.querySelector<HTMLElement>('[data-testid="lesson-panel"]');
    const stage = document.querySelector<HTMLElement>('[data-testid="stage"]');
    return {
      step: Number(p?.dataset.step ?? -1),
      predict: p?.dataset.predict ? Number(p.dataset.predict) : null,
      atEnd: p?.dataset.atEnd === 'true',
      view: stage?.dataset.view ?? '',
      asking: stage?.dataset.asking !== undefined,
    };
  });
}

const sleep = (ms: number) => new Promise((ok) => setTimeout(ok, ms));

async function until<T>(_page: Target, get: () => Promise<T>, ok: (v: T) => boolean, what: string, ms = T): Promise<T> {
  const deadline = Date.now() + ms;
  let last: T | undefined;
  while (Date.now() < deadline) {
    last = await get().catch(() => undefined);
    if (last !== undefined && ok(last)) return last;
    await sleep(50);
  }
  throw new Error(`timed out waiting for ${what} (last: ${JSON.stringify(last)})`);
}

/** Whether the view's root starts above the fold and its first highlighted element (if any) is on screen. */
async function inSight(f: Target, view: string): Promise<{ ok: boolean; detail: string }> {
  return f.evaluate((v) => {
    const root = document.querySelector(`[data-view-root="${v}"]`);
    if (!root) return { ok: false, detail: 'no view root' };
    const r = root.getBoundingClientRect();
    const h = root.querySelector('.hl')?.getBoundingClientRect();
    const vh = innerHeight;
    const ok = r.top < vh - 40 && (!h || (h.top < vh && h.bottom > 0 && h.top >= r.top - 1 && h.height > 0));
    return { ok, detail: `root ${Math.round(r.top)}, highlight ${h ? `${Math.round(h.top)}..${Math.round(h.bottom)}` : 'none'}, height ${vh}` };
  }, view);
}

/** The largest 1-based step number among the events the log lists. */
async function lastListedStep(page: Target): Promise<number> {
  return page.evaluate(() =>
    Math.max(0, ...[...document.querySelectorAll('.events .ev-meta')].map((m) => Number(/(?:step|第) (\d+)/.exec(m.textContent ?? '')?.[1] ?? 0))),
  );
}

/** At an open prediction: nothing of the answer is on the page; then answer it right and land on the answer. */
async function checkPrediction(page: Target, lesson: LessonJson, p: number, lang: Lang): Promise<void> {
  const steps = lesson.steps;
  const st = steps[p];
  const r = answerStep(steps, p);
  const where = `${lesson.id} step ${p + 1}`;
  const body = squash((await page.locator('body').textContent()) ?? '');
  assert(body.includes(squash(say(st.say, lang)).slice(0, 60)), `${where}: the question is shown`);
  for (let k = p + 1; k <= r; k++) {
    const later = squash(say(steps[k].say, lang));
    assert(later === '' || !body.includes(later), `${where}: step ${k + 1}'s narration is on the page before the answer: "${later.slice(0, 80)}"`);
  }
  for (const c of st.choices ?? []) assert(!body.includes(squash(say(c.feedback, lang))), `${where}: feedback shown before the answer`);
  assert((await page.locator('[data-testid="lesson-feedback"]').count()) === 0, `${where}: a feedback block before the answer`);
  assert((await page.locator('.events li.future').count()) === 0, `${where}: the event log lists what happens next`);
  // the picture is held where the situation is: before the prediction's own step, or at its end
  const limit = st.freeze === 'after' ? p + 1 : p;
  const listed = await lastListedStep(page);
  assert(listed <= limit, `${where}: the event log shows events of step ${listed} (at most ${limit})`);
  const s = await state(page);
  assert(s.asking, `${where}: the stage is marked as held (data-asking)`);
  // answer it (right), and Reveal goes to the answering step
  const choices = st.choices ?? [];
  assert(choices.length >= 2, `${where}: choices`);
  const form = page.getByTestId('predict');
  assert(await form.getByTestId('reveal').isDisabled(), `${where}: Reveal waits for a choice`);
  await form.getByRole('radio', { name: say(choices[st.answer ?? 0].text, lang) }).check();
  await form.getByTestId('reveal').click();
  await until(
    page,
    () => state(page),
    (x) => x.predict === null && x.step >= r,
    `${where}: Reveal lands on step ${r + 1}`,
    STEP_MS,
  );
  const fb = page.getByTestId('lesson-feedback');
  assert((await fb.getAttribute('data-correct', { timeout: T })) === 'true', `${where}: the right answer is acknowledged`);
  const text = squash((await fb.textContent()) ?? '');
  assert(text.includes(squash(say(choices[st.answer ?? 0].feedback, lang))), `${where}: its feedback: ${text.slice(0, 100)}`);
  const shown = squash((await page.getByTestId('lesson-say').textContent()) ?? '');
  assert(shown.includes(squash(say(steps[r].say, lang))), `${where}: the answering step's narration after Reveal`);
}

/**
 * Steps through a whole lesson with », checking views at every step and every prediction. The app runs in `frame`
 * of a course page (`host`), loaded with kafka-anatomy:load: nothing is saved, so only the stepping is timed.
 */
export async function walkLesson(host: Page, frame: Frame, lesson: LessonJson, lang: Lang): Promise<{ views: number; predictions: number }> {
  await host.evaluate(([id, l]) => (window as unknown as { open(id: string, lang: string): void }).open(id, l), [lesson.id, lang]);
  const f = await until(
    host,
    async () => host.frame({ name: 'f' }) ?? frame,
    (x) => x.url().includes(`lang=${lang}`),
    'the frame',
  );
  await f.locator(`[data-testid="lesson-panel"][data-lesson="${lesson.id}"]`).waitFor({ timeout: OPEN_MS });
  let views = 0,
    predictions = 0;
  let s = await state(f);
  for (let guard = 0; guard < lesson.steps.length * 3 && !s.atEnd; guard++) {
    const before = s;
    await f.getByTestId('next-step').click();
    s = await until(
      f,
      () => state(f),
      (x) => x.step !== before.step || x.predict !== before.predict || x.atEnd,
      `${lesson.id}: a step after ${before.step + 1}`,
      STEP_MS,
    );
    const want = viewAt(lesson.steps, s.predict ?? s.step);
    if (want) {
      const at = (s.predict ?? s.step) + 1;
      s = await until(
        f,
        () => state(f),
        (x) => x.view === want,
        `${lesson.id} step ${at}: data-view="${want}"`,
        T,
      );
      // in sight at 1280×720: the view's top, and its first highlighted element
      await until(
        f,
        () => inSight(f, want),
        (x) => x.ok,
        `${lesson.id} step ${at}: the ${want} view and its highlight in sight`,
        T,
      );
      views++;
    }
    if (s.predict !== null) {
      await checkPrediction(f, lesson, s.predict, lang);
      predictions++;
      s = await state(f);
    }
  }
  assert(s.atEnd, `${lesson.id}: reached the end`);
  return { views, predictions };
}

/** A course page whose frame (name "f") opens embed.html in a language and loads a lesson by message. */
export const WALK_HOST = `<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,"><title>walk</title>
<iframe id="f" name="f" width="1280" height="720" style="border:0"></iframe>
<script>
  window.open = function (id, lang) {
    var f = document.getElementById('f');
    var go = function () { f.removeEventListener('load', go); };
    window.__ready = false;
    addEventListener('message', function on(e) {
      if (e.source === f.contentWindow && e.data && e.data.type === 'kafka-anatomy:ready') { removeEventListener('message', on); f.contentWindow.postMessage({ type: 'kafka-anatomy:load', scenario: id }, '*'); }
    });
    f.src = './embed.html?lang=' + lang + '&n=' + Math.random();
  };
</script>`;

/** Walks the lessons in one course page of its own (a page per group of lessons: they run side by side). */
async function walkAll(
  ctx: BrowserContext,
  base: string,
  lessons: LessonJson[],
  lang: Lang,
  out: CheckResult[],
  name: (l: LessonJson) => string,
): Promise<void> {
  const host = await ctx.newPage();
  const errors: string[] = [];
  host.on('pageerror', (e) => errors.push(e.message));
  host.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  await host.goto(new URL('__walk.html', base).href);
  for (const lesson of lessons) {
    errors.splice(0);
    const t0 = Date.now();
    try {
      const r = await walkLesson(host, host.mainFrame(), lesson, lang);
      assert(errors.length === 0, `console errors: ${errors.join(' | ').slice(0, 500)}`);
      out.push({ name: name(lesson), ok: true, detail: `${r.views} views, ${r.predictions} predictions, ${Date.now() - t0} ms` });
    } catch (e) {
      out.push({ name: name(lesson), ok: false, detail: (e instanceof Error ? e.message : String(e)).split('\n').slice(0, 6).join('\n') });
    }
  }
  await host.close();
}

/** Issue 16: the metrics view shows what a kill step changed, then what the controller failover changed. */
export async function metricsDeltaCheck(page: Page, base: string): Promise<void> {
  // opened at step 12, the kill: broker 1, the controller, crashed; then » plays step 13, the failover
  await page.goto(new URL('?scenario=broker-metrics&lang=en&step=12', base).href);
  await page.locator('[data-testid="lesson-panel"][data-lesson="broker-metrics"]').waitFor({ timeout: OPEN_MS });
  await until(
    page,
    () => state(page),
    (x) => x.view === 'metrics',
    'data-view="metrics"',
  );
  const cell = (metric: string, node: string) => page.locator(`[data-metric="${metric}"] [data-node="${node}"]`);
  await until(
    page,
    async () => (await cell('ActiveControllerCount', '1').textContent()) ?? '',
    (t) => /went down/.test(t),
    'broker 1 went down in the kill step',
  );
  const cluster = (await cell('ActiveControllerCount', 'cluster').textContent()) ?? '';
  assert(/^Cluster0▼ −1$/.test(cluster), `the cluster's ActiveControllerCount after the kill: ${cluster}`);
  assert((await page.locator('[data-metric="ActiveControllerCount"].hl').count()) === 1, 'focus.metric highlights its row');
  await page.getByTestId('next-step').click();
  const b2 = await until(
    page,
    async () => (await cell('ActiveControllerCount', '2').textContent()) ?? '',
    (t) => /▲ \+1/.test(t),
    "broker 2's ActiveControllerCount ▲ +1 after the failover",
    STEP_MS,
  );
  assert((await cell('ActiveControllerCount', '2').getAttribute('data-changed')) === 'true', `changed: ${b2}`);
  const unclean = (await cell('UncleanLeaderElectionsPerSec', '2').textContent()) ?? '';
  assert(/Count 1▲ \+1/.test(unclean), `the unclean election counted on the controller: ${unclean}`);
  const box = await page.locator('[data-metric="ActiveControllerCount"]').boundingBox();
  assert(box && box.y + 20 <= page.viewportSize()!.height, `the focused metric in sight: ${JSON.stringify(box)}`);
}

export async function stageChecks(base: string, ctx: BrowserContext, hostUrl: string | null, slow = false): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  const consoleErrors: string[] = [];
  const page = await ctx.newPage();
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(m.text());
  });
  page.on('pageerror', (e) => consoleErrors.push(e.message));
  const check = async (name: string, fn: () => Promise<string | void>) => {
    consoleErrors.splice(0);
    const t0 = Date.now();
    try {
      const detail = await fn();
      assert(consoleErrors.length === 0, `console errors: ${consoleErrors.join(' | ').slice(0, 500)}`);
      results.push({ name, ok: true, detail: `${detail ? detail + ', ' : ''}${Date.now() - t0} ms` });
    } catch (e) {
      results.push({ name, ok: false, detail: (e instanceof Error ? e.message : String(e)).split('\n').slice(0, 6).join('\n') });
    }
  };

  const index = (await (await fetch(new URL('lessons/index.json', base))).json()) as { id: string }[];
  const lessons = new Map<string, LessonJson>();
  for (const e of index) lessons.set(e.id, (await (await fetch(new URL(`lessons/${e.id}.json`, base))).json()) as LessonJson);

  // every lesson in English, then the first one in Chinese. The 737k-record lesson is walked only with `slow`:
  // each of its positions is a dump of 368k-737k acknowledged records, cloned to the page (minutes in all) until
  // dumps keep to their first 10,000 records (contract v1.1, issue 13); its focus is checked in Node
  // (test/lessons/focus.test.ts) and its lookup steps below.
  const skip = slow ? [] : ['offset-lookup-article'];
  const label = (l: LessonJson) => `${l.id}: every step shows its focus view; no prediction shows its answer before the learner answers`;
  await walkAll(
    ctx,
    base,
    index.map((e) => lessons.get(e.id)!).filter((l) => !skip.includes(l.id)),
    'en',
    results,
    label,
  );
  await walkAll(
    ctx,
    base,
    ['kafka-in-one-picture', 'broker-metrics', 'racks'].map((id) => lessons.get(id)!),
    'zh',
    results,
    (l) => `${l.id} in Chinese: views, the prediction, the feedback in Chinese`,
  );

  await check('the metrics view shows what a kill step changed, then what the failover changed (issue 16)', () => metricsDeltaCheck(page, base));

  await check("offset-lookup-article at step 22 shows the lookup view in sight, with step 20's lookup (not a later one)", async () => {
    await page.goto(new URL('?scenario=offset-lookup-article&lang=en&step=22', base).href);
    await page.locator('[data-testid="lesson-panel"][data-lesson="offset-lookup-article"][data-step="21"]').waitFor({ timeout: OPEN_MS });
    await until(
      page,
      () => state(page),
      (x) => x.view === 'lookup',
      'data-view="lookup"',
    );
    const result = page.getByTestId('lookup-result');
    await result.waitFor({ timeout: T });
    const text = (await result.textContent()) ?? '';
    assert(/Offset 368776 is in 00000000000000368769\.log/.test(text), `the lookup shown: ${text}`);
    const box = await page.getByTestId('lookup').boundingBox();
    const vp = page.viewportSize()!;
    assert(box && box.y >= 0 && box.y + 60 <= vp.height, `the lookup panel is in sight: ${JSON.stringify(box)} in ${vp.height}`);
  });

  await check(
    'transactions at step 10, in Chinese: the ABORT marker at offset 1, the open transaction pending, the LSO line left of the HW line, in sight',
    async () => {
      await page.goto(new URL('?scenario=transactions&lang=zh&step=10', base).href);
      await page.locator('[data-testid="lesson-panel"][data-lesson="transactions"][data-step="9"]').waitFor({ timeout: OPEN_MS });
      await until(
        page,
        () => state(page),
        (x) => x.view === 'log',
        'data-view="log"',
      );
      const marker = page.locator('g.txn-cell[data-kind="marker"]');
      await marker.first().waitFor({ timeout: T });
      const cells = await page.locator('g.txn-cell').evaluateAll((gs) => gs.map((g) => `${g.getAttribute('data-offset')}:${g.getAttribute('data-kind')}`));
      assert(JSON.stringify(cells) === JSON.stringify(['0:aborted', '1:marker', '2:open']), `cells: ${cells.join(' ')}`);
      assert((await marker.locator('.marker-letter').textContent()) === 'A', 'the marker says A (ABORT)');
      const lso = await page.locator('[data-testid="txn-lso"] line').boundingBox();
      const hw = await page.locator('[data-testid="txn-hw"] line').boundingBox();
      assert(lso && hw && lso.width < 4 && lso.height > 20 && hw.x - lso.x > 10, `the LSO line drawn left of the HW line: ${JSON.stringify({ lso, hw })}`);
      assert((await page.getByTestId('txn-lso').textContent()) === 'LSO 2', 'the LSO label');
      assert(/LSO 2 < HW 3：位移 2 处还有一个未结束的事务/.test((await page.getByTestId('lso-explain').textContent()) ?? ''), 'the LSO explained in Chinese');
      const vp = page.viewportSize()!;
      assert(lso.y >= 0 && lso.y + lso.height <= vp.height, `the LSO line in sight: ${JSON.stringify(lso)} in ${vp.height}`);
    },
  );

  await check('hints fit where they appear: "Start here" and "Time → Until something happens" in free play only, never in a lesson or the player', async () => {
    await page.goto(new URL('?scenario=controller-election&lang=en&step=7', base).href);
    await page.locator('[data-testid="lesson-panel"][data-lesson="controller-election"]').waitFor({ timeout: OPEN_MS });
    const stale = (await page.getByTestId('stale-hint').textContent({ timeout: T })) ?? '';
    assert(/still shown as leader/.test(stale) && !/Advance/.test(stale), `the lesson's stale-leader hint: ${stale}`);
    assert((await page.getByTestId('getting-started').count()) === 0, 'no "Start here" in a lesson');
    await page.goto(new URL('embed.html?lang=en', base).href);
    await page.getByTestId('stage').waitFor({ timeout: OPEN_MS });
    await page.waitForTimeout(300);
    assert((await page.getByTestId('getting-started').count()) === 0, 'no "Start here" in the player');
    await page.goto(new URL('?lang=en', base).href);
    await page.getByTestId('stage').waitFor({ timeout: OPEN_MS });
    await page.getByRole('button', { name: 'New cluster' }).click();
    await page.getByRole('form', { name: 'New cluster' }).getByRole('button', { name: 'Create' }).click();
    await page.getByTestId('getting-started').waitFor({ timeout: T });
  });

  await check('the event log numbers steps from 1 and leaves out the runner bookkeeping by default', async () => {
    await page.goto(new URL('?scenario=acks&lang=en', base).href);
    await page.locator('[data-testid="lesson-panel"][data-lesson="acks"]').waitFor({ timeout: OPEN_MS });
    await page.keyboard.press('End');
    await page.locator('[data-testid="lesson-panel"][data-at-end="true"]').waitFor({ timeout: OPEN_MS });
    const metas = await page.locator('.events .ev-meta').allTextContents();
    assert(metas.length > 0 && metas.every((m) => !/step -1|step 0\b/.test(m)), `numbering: ${metas.slice(0, 3).join(' | ')}`);
    assert((await page.getByText(/begins: /).count()) === 0, 'no "Step N begins" by default');
    await page.getByTestId('show-runner').check();
    await page.getByText('Step 17 begins: expect.').first().waitFor({ timeout: T });
    await page.getByTestId('show-runner').uncheck();
  });

  if (hostUrl) {
    await check('a course page receives kafka-anatomy:answer {index, answer, correct} from an embedded lesson', async () => {
      await page.goto(hostUrl);
      const frame = page.frameLocator('#f');
      await frame.locator('[data-testid="lesson-panel"][data-lesson="kafka-in-one-picture"]').waitFor({ timeout: OPEN_MS });
      await frame.locator('[data-testid="predict"]').waitFor({ timeout: OPEN_MS }); // opened at the prediction's end (freeze after)
      const text = await frame.locator('body').textContent();
      assert(!/Start here|Time → /.test(text ?? ''), 'no free-play hints in the player');
      await frame.getByRole('radio', { name: 'Partition 0 is unavailable until broker 1 comes back' }).check();
      await frame.getByTestId('reveal').click();
      const msg = await until(
        page,
        () => page.evaluate(() => (window as unknown as { __msgs: { type: string }[] }).__msgs.filter((m) => m.type === 'kafka-anatomy:answer')),
        (m) => m.length > 0,
        'kafka-anatomy:answer',
        T,
      );
      assert(
        JSON.stringify(msg) === JSON.stringify([{ type: 'kafka-anatomy:answer', index: 9, answer: 1, correct: false }]),
        `message: ${JSON.stringify(msg)}`,
      );
      await frame.locator('[data-testid="lesson-feedback"][data-correct="false"]').waitFor({ timeout: STEP_MS });
    });
  }

  await page.close();
  return results;
}
