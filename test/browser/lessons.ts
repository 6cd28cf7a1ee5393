// Chromium checks of the guided lessons (issue 6), called from test/browser/run.ts or issue6Run.ts:
// every lesson of lessons/index.json opens by id (?scenario=<id>&lang=..), runs to its end with the End key
// in English and in Chinese with no failed expectation, no error and no console error, and shows its last
// narration in that language; then the picker (groups, progress that survives a reload, Chinese), the
// predict-then-reveal checkpoint (keyboard), playback pausing at a checkpoint, and the Embed dialog's snippet.
import type { BrowserContext, Page } from 'playwright-core';

export interface CheckResult {
  name: string;
  ok: boolean;
  detail?: string;
}

interface IndexEntry {
  id: string;
  group: string;
  minutes: number;
  title: { en: string; zh: string };
}
type Lang = 'en' | 'zh';
type Say = string | { en?: string; zh?: string } | undefined;
interface LessonJson {
  id: string;
  steps: { do: string; say?: Say; label?: string }[];
}

const OPEN_MS = 120_000; // loading runs the whole lesson in the worker; offset-lookup-article writes ~737k records
const END_MS = 180_000;
const T = 15_000;

function assert(cond: unknown, msg: string): asserts cond {
  if (!cond) throw new Error(msg);
}

const sayText = (s: Say, lang: Lang): string => (s === undefined ? '' : typeof s === 'string' ? s : (s[lang] ?? s.en ?? ''));
const squash = (s: string) => s.replace(/\s+/g, ' ').trim();

async function getJson<T>(url: string): Promise<T> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
  return (await res.json()) as T;
}

async function panelData(page: Page): Promise<Record<string, string>> {
  return page.locator('[data-testid="lesson-panel"]').evaluate((el) => ({ ...(el as HTMLElement).dataset }) as Record<string, string>);
}

async function until(page: Page, pred: () => Promise<boolean>, what: string, ms = T): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await pred().catch(() => false)) return;
    await page.waitForTimeout(100);
  }
  throw new Error(`timed out waiting for ${what}`);
}

export async function lessonChecks(baseUrl: string, ctx: BrowserContext): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  const consoleErrors: string[] = [];
  const page = await ctx.newPage();
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(m.text());
  });
  page.on('pageerror', (e) => consoleErrors.push(e.message));

  const check = async (name: string, fn: () => Promise<void>) => {
    consoleErrors.splice(0);
    const t0 = Date.now();
    try {
      await fn();
      assert(consoleErrors.length === 0, `console errors: ${consoleErrors.join(' | ').slice(0, 500)}`);
      results.push({ name, ok: true, detail: `${Date.now() - t0} ms` });
    } catch (e) {
      results.push({ name, ok: false, detail: (e instanceof Error ? e.message : String(e)).split('\n').slice(0, 6).join('\n') });
    }
  };

  let index: IndexEntry[] = [];
  const lessons = new Map<string, LessonJson>();
  await check('lessons/index.json and every lesson file are served by the build', async () => {
    index = await getJson<IndexEntry[]>(new URL('lessons/index.json', baseUrl).href);
    assert(index.length >= 16, `${index.length} lessons`);
    for (const e of index) lessons.set(e.id, await getJson<LessonJson>(new URL(`lessons/${e.id}.json`, baseUrl).href));
  });

  // every lesson to its end, every other one in Chinese: both languages' titles, narrations and end in the browser
  // (the stage walk steps through every lesson in English; test/lessons checks every text in both languages)
  for (const [i, e] of index.entries()) {
    const lang: Lang = i % 2 === 0 ? 'en' : 'zh';
    await check(`lesson ${e.id} (${lang}) plays to its end`, async () => {
      const json = lessons.get(e.id)!;
      await page.goto(new URL(`?scenario=${e.id}&lang=${lang}`, baseUrl).href);
      await page.locator(`[data-testid="lesson-panel"][data-lesson="${e.id}"]`).waitFor({ timeout: OPEN_MS });
      const htmlLang = await page.evaluate(() => document.documentElement.lang);
      assert(htmlLang === (lang === 'zh' ? 'zh-CN' : 'en'), `<html lang> is ${htmlLang}`);
      const heading = squash((await page.locator('[data-testid="lesson-panel"] h2').textContent()) ?? '');
      assert(heading.includes(squash(e.title[lang])), `the lesson's ${lang} title is shown: "${heading}"`);
      await page.keyboard.press('End');
      await page.locator('[data-testid="lesson-panel"][data-at-end="true"]').waitFor({ timeout: END_MS });
      const d = await panelData(page);
      assert(d.failures === '0', `${d.failures} expectations failed in the browser`);
      assert(Number(d.step) === json.steps.length - 1, `at the last step: ${d.step} of ${json.steps.length}`);
      const lastSay = squash(sayText(json.steps[json.steps.length - 1].say, lang));
      const shown = squash((await page.getByTestId('lesson-say').textContent()) ?? '');
      assert(lastSay === '' || shown.includes(lastSay), `the last narration in ${lang}: "${shown.slice(0, 120)}"`);
      assert(shown.includes(lang === 'zh' ? '本课结束' : 'End of the lesson'), 'the end is announced');
      const errs = await page.locator('[data-testid="error"]').allTextContents();
      assert(errs.length === 0, `errors shown: ${errs.join(' | ')}`);
    });
  }

  await check(
    'the 737k-record lesson draws its first step from a preview while its steps run; Play waits; an End pressed meanwhile is made once they are there',
    async () => {
      const id = 'offset-lookup-article';
      const p = await ctx.newPage();
      try {
        // what the page showed while the preview was up (recorded in the page: the preview may last well under a second)
        await p.addInitScript(() => {
          const w = window as unknown as { __preview?: { seen: boolean; playDisabled: boolean; panel: boolean } };
          w.__preview = { seen: false, playDisabled: true, panel: false };
          new MutationObserver(() => {
            const pos = document.querySelector('[data-testid="position"]');
            if (!pos?.hasAttribute('data-preview')) return;
            w.__preview!.seen = true;
            w.__preview!.panel ||= !!document.querySelector('[data-testid="lesson-panel"][data-lesson="offset-lookup-article"]');
            w.__preview!.playDisabled &&= (document.querySelector('[data-testid="play"]') as HTMLButtonElement | null)?.disabled === true;
          }).observe(document, { childList: true, subtree: true, attributes: true });
        });
        // a space of its own (the parameters differ from the walk's above): nothing saved there, the lesson opens at its start
        await p.goto(new URL(`?scenario=${id}&lang=en&speed=2`, baseUrl).href);
        await p.locator(`[data-testid="lesson-panel"][data-lesson="${id}"]`).waitFor({ timeout: OPEN_MS });
        await p.keyboard.press('End');
        await p.locator('[data-testid="lesson-panel"][data-at-end="true"]').waitFor({ timeout: END_MS });
        const seen = await p.evaluate(() => (window as unknown as { __preview: { seen: boolean; playDisabled: boolean; panel: boolean } }).__preview);
        assert(seen.seen, 'the position line never showed the preview (data-preview)');
        assert(seen.panel, 'the lesson panel was not shown at its start during the preview');
        assert(seen.playDisabled, 'Play was enabled during the preview');
        assert((await p.getByTestId('position').getAttribute('data-preview')) === null, 'the preview is still marked at the end');
        const d = await p.locator('[data-testid="lesson-panel"]').evaluate((el) => ({ ...(el as HTMLElement).dataset }));
        assert(Number(d.step) === lessons.get(id)!.steps.length - 1, `End went to step ${d.step} of ${lessons.get(id)!.steps.length}`);
      } finally {
        await p.close();
      }
    },
  );

  await check('progress is remembered per lesson in localStorage and survives a reload', async () => {
    await page.reload();
    await page.locator('[data-testid="lesson-panel"]').waitFor({ timeout: OPEN_MS });
    const stored = await page.evaluate(() => localStorage.getItem('kafka-anatomy-progress'));
    const p = JSON.parse(stored ?? '{}') as Record<string, { step: number; steps: number; done: boolean }>;
    const notDone = index.filter((e) => !p[e.id]?.done).map((e) => e.id);
    const ok = results.filter((r) => r.ok && r.name.startsWith('lesson ')).map((r) => r.name.split(' ')[1]);
    assert(
      ok.every((id) => p[id]?.done === true),
      `lessons played to the end but not marked done: ${notDone.join(', ')}`,
    );
    const first = index[0];
    assert(p[first.id]?.step === lessons.get(first.id)!.steps.length - 1, `furthest step of ${first.id}: ${JSON.stringify(p[first.id])}`);
  });

  await check('the lesson picker: reachable from the header, grouped, with time and a completed mark; Escape closes it', async () => {
    await page.goto(new URL('?lang=en', baseUrl).href);
    await page.getByTestId('open-lessons').click();
    const dlg = page.getByRole('dialog', { name: 'Guided lessons' });
    await dlg.waitFor({ timeout: T });
    await dlg.locator('.lesson-item').first().waitFor({ timeout: T }); // the list is fetched when the dialog opens
    const groups = [...new Set(index.map((e) => e.group))];
    assert((await dlg.locator('.lesson-group').count()) === groups.length, `${groups.length} groups`);
    assert((await dlg.locator('.lesson-item').count()) === index.length, `${index.length} lessons listed`);
    const item = dlg.getByTestId(`lesson-${index[0].id}`);
    const itemText = (await item.textContent()) ?? '';
    assert(itemText.includes(index[0].title.en) && itemText.includes(`${index[0].minutes} min`), `title and minutes: ${itemText.slice(0, 160)}`);
    assert(/✓ Completed/.test(itemText), `the completed mark: ${itemText.slice(0, 200)}`);
    assert((await dlg.locator('[data-progress="done"]').count()) >= 1, 'completed lessons are marked');
    const focused = await page.evaluate(() => document.activeElement?.closest('[role="dialog"]') !== null);
    assert(focused, 'focus moved into the dialog');
    await page.keyboard.press('Escape');
    await dlg.waitFor({ state: 'detached', timeout: T });
  });

  await check('the lesson picker in Chinese opens a lesson, which the URL and a reload keep', async () => {
    await page.keyboard.press('Escape'); // in case the previous check left the dialog open
    await page.getByTestId('lang').selectOption('zh');
    await page.getByTestId('open-lessons').click();
    const dlg = page.getByRole('dialog', { name: '引导课程' });
    await dlg.waitFor({ timeout: T });
    const target = index.find((e) => e.id === 'high-watermark') ?? index[1];
    const item = dlg.getByTestId(`lesson-${target.id}`);
    assert(((await item.textContent()) ?? '').includes(target.title.zh), 'the Chinese title');
    await item.getByRole('button', { name: /^(开始|重新开始)[:：]/ }).click();
    await dlg.waitFor({ state: 'detached', timeout: OPEN_MS });
    await page.locator(`[data-testid="lesson-panel"][data-lesson="${target.id}"]`).waitFor({ timeout: OPEN_MS });
    assert(page.url().includes(`scenario=${target.id}`), `the URL names the lesson: ${page.url()}`);
    await page.reload();
    await page.locator(`[data-testid="lesson-panel"][data-lesson="${target.id}"]`).waitFor({ timeout: OPEN_MS });
    await page.getByTestId('lang').selectOption('en');
  });

  await check('predict-then-reveal: the checkpoint asks first; a choice and Enter reveal; Reveal goes to the answering step with the feedback', async () => {
    await page.goto(new URL('?scenario=acks-1-data-loss&lang=en&step=10', baseUrl).href);
    const form = page.getByRole('form', { name: 'Predict, then reveal' });
    await form.waitFor({ timeout: OPEN_MS });
    const d = await panelData(page);
    assert(d.predict === '9', `the checkpoint is step 9: ${JSON.stringify(d)}`);
    await form.getByRole('radio').nth(1).check();
    await form.getByRole('radio').nth(1).press('Enter');
    await until(page, async () => (await panelData(page)).step === '12', 'the answering step (labelled reveal)');
    assert((await form.count()) === 0, 'the checkpoint is gone once revealed');
    const fb = (await page.getByTestId('lesson-feedback').textContent({ timeout: T })) ?? '';
    assert(fb.startsWith('✓ Right.'), `the feedback: ${fb}`);
    const said = (await page.getByTestId('lesson-say').textContent()) ?? '';
    assert(
      said.includes('The followers can talk again.') && said.includes('Broker 2 leads, and its log ends at 5.'),
      `what happened in between is narrated: ${said.slice(0, 200)}`,
    );
  });

  await check('playback stops at a predict checkpoint before its step, and the Reveal button works from the keyboard', async () => {
    await page.goto(new URL('?scenario=preferred-leader&lang=en&step=4&speed=16', baseUrl).href);
    await page.locator('[data-testid="lesson-panel"][data-lesson="preferred-leader"]').waitFor({ timeout: OPEN_MS });
    await page.getByTestId('play').click();
    await page.getByRole('form', { name: 'Predict, then reveal' }).waitFor({ timeout: 60_000 });
    await page.waitForTimeout(1500); // at 16x, several events would have passed if it kept playing
    const d = await panelData(page);
    assert(d.predict === '5', `stopped at the checkpoint: ${JSON.stringify(d)}`);
    assert(/Play/.test((await page.getByTestId('play').textContent()) ?? ''), 'the player is paused');
    await page.getByRole('radio').first().check();
    await page.getByTestId('reveal').focus();
    await page.keyboard.press('Enter');
    await until(page, async () => (await panelData(page)).step === '6', 'the reveal step');
  });

  await check('the Embed dialog gives the iframe snippet for this lesson and step, and the snippet opens there', async () => {
    await page.goto(new URL('?scenario=high-watermark&lang=en&step=3', baseUrl).href);
    await page.locator('[data-testid="lesson-panel"][data-lesson="high-watermark"][data-step="2"]').waitFor({ timeout: OPEN_MS });
    await page.getByTestId('open-embed').click();
    const dlg = page.getByRole('dialog', { name: 'Embed in a course page' });
    await dlg.waitFor({ timeout: T });
    const snippet = await dlg.getByTestId('embed-snippet').inputValue();
    const src = new URL('embed.html?scenario=high-watermark&lang=en&step=3', baseUrl).href;
    const want = `<iframe src="${src}" width="960" height="600" title="Kafka Anatomy" style="border:0"></iframe>`;
    assert(snippet === want, `snippet:\n${snippet}\nwanted:\n${want}`);
    await dlg.getByTestId('embed-copy').click();
    await until(page, async () => ((await dlg.getByTestId('embed-copy-status').textContent()) ?? '') !== '', 'a copy status');
    await page.keyboard.press('Escape');
    await page.goto(src);
    await page.locator('[data-testid="lesson-panel"][data-lesson="high-watermark"][data-step="2"]').waitFor({ timeout: OPEN_MS });
    assert(await page.getByTestId('play').isVisible(), 'the player');
    assert((await page.getByTestId('open-lessons').count()) === 0, 'no lesson picker in the embedded player');
  });

  await page.close();
  return results;
}
