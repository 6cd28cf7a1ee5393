// Chromium checks that saved work is never replaced without the learner's say (issue 15, embed contract v1.1),
// in one browser profile (one IndexedDB, one set of Web Locks) with real workers:
// - a lesson link opens in its own space, says so (English and Chinese), and the learner's cluster stays theirs;
// - a stored record that cannot be opened is kept aside: the app starts, a message names it (English and
//   Chinese), Export gives the record as stored, Delete removes it; the learner's cluster is still there;
// - two tabs on one saved cluster: the second says so (English and Chinese), its first change goes to a copy,
//   the first tab's work is intact;
// - a long command shows its progress; stepping back works meanwhile; Cancel leaves the cluster as it was;
// - two frames of one page each keep their own cluster across a reload; a frame with no scenario opens the empty
//   cluster, not the learner's;
// - a scenario URL that never answers gives up after 10 s, a 404 names the status; the app opens either way.
// With SHOTS_DIR set, each message is photographed in English and Chinese at 1440x900 and 390x844.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';

export interface CheckResult {
  name: string;
  ok: boolean;
  detail?: string;
}

const T = 30_000;

function assert(cond: unknown, msg: string): asserts cond {
  if (!cond) throw new Error(msg);
}

async function waitText(page: Page, sel: string, re: RegExp, ms = T): Promise<string> {
  const deadline = Date.now() + ms;
  let last = '';
  while (Date.now() < deadline) {
    last = (
      (await page
        .locator(sel)
        .first()
        .textContent()
        .catch(() => null)) ?? ''
    ).trim();
    if (re.test(last)) return last;
    await page.waitForTimeout(100);
  }
  throw new Error(`${sel}: expected ${re}, last text "${last}"`);
}

async function createAndProduce(page: Page, topic: string, count: number): Promise<void> {
  const form = page.getByRole('form', { name: 'Create topic' });
  await form.locator('[name="topic"]').fill(topic);
  await form.locator('[name="partitions"]').fill('1');
  await form.locator('[name="replicationFactor"]').fill('3');
  await form.getByRole('button', { name: 'Create' }).click();
  await page
    .getByText(new RegExp(`Topic ${topic} created`))
    .first()
    .waitFor({ timeout: T });
  await produce(page, count, count);
}

async function produce(page: Page, count: number, hw: number, label = 'Produce'): Promise<void> {
  const prod = page.getByRole('form', { name: label });
  await prod.locator('[name="count"]').fill(String(count));
  await prod.getByRole('button', { name: label }).click();
  await waitText(page, '[data-testid="partition-hw"]', new RegExp(`^${hw}$`));
}

/** The saved clusters' records in IndexedDB, by id. */
async function records(page: Page): Promise<Record<string, { name?: string; space?: string; aside?: unknown; scenario?: { steps?: unknown[] } }>> {
  return page.evaluate(
    () =>
      new Promise((resolve, reject) => {
        const req = indexedDB.open('kafka-anatomy-session');
        req.onerror = () => reject(req.error);
        req.onsuccess = () => {
          const db = req.result;
          const tx = db.transaction('sessions');
          const keys = tx.objectStore('sessions').getAllKeys();
          const vals = tx.objectStore('sessions').getAll();
          tx.oncomplete = () => {
            const out: Record<string, unknown> = {};
            (keys.result as string[]).forEach((k, i) => {
              out[k] = vals.result[i];
            });
            db.close();
            resolve(out as never);
          };
        };
      }),
  );
}

/** Stores a record as the app's current saved cluster (what a damaged or older version could leave). */
async function storeCurrent(page: Page, id: string, record: unknown): Promise<void> {
  await page.evaluate(
    ({ id, record }) =>
      new Promise<void>((resolve, reject) => {
        const req = indexedDB.open('kafka-anatomy-session');
        req.onerror = () => reject(req.error);
        req.onsuccess = () => {
          const db = req.result;
          const tx = db.transaction(['sessions', 'meta'], 'readwrite');
          tx.objectStore('sessions').put(record, id);
          tx.objectStore('meta').put(id, 'current');
          tx.oncomplete = () => {
            db.close();
            resolve();
          };
          tx.onerror = () => reject(tx.error);
        };
      }),
    { id, record },
  );
}

async function setLang(page: Page, lang: 'en' | 'zh'): Promise<void> {
  await page.getByTestId('lang').selectOption(lang);
  await page.waitForTimeout(200);
}

async function openDialog(page: Page): Promise<void> {
  if (!(await page.locator('[data-testid="sessions-dialog"]').count())) await page.locator('[data-testid="open-sessions"]').click();
  await page.locator('[data-testid="sessions-list"]').waitFor({ timeout: T });
}

export async function safeSessionChecks(baseUrl: string, ctx: BrowserContext, shotsDir?: string): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  const page = await ctx.newPage();
  await page.addInitScript('globalThis.__name = (f) => f;');
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const check = async (name: string, fn: () => Promise<string | void>) => {
    const t0 = Date.now();
    try {
      const note = await fn();
      results.push({ name, ok: true, detail: `${Date.now() - t0} ms${note ? `; ${note}` : ''}` });
    } catch (e) {
      results.push({ name, ok: false, detail: e instanceof Error ? e.message.split('\n').slice(0, 6).join('\n') : String(e) });
    }
  };
  /** Photographs the page at desktop and phone sizes (when SHOTS_DIR is set). */
  const shoot = async (p: Page, name: string) => {
    if (!shotsDir) return;
    const size = p.viewportSize();
    await p.waitForTimeout(300);
    await p.screenshot({ path: join(shotsDir, `${name}-1440.png`) });
    await p.setViewportSize({ width: 390, height: 844 });
    await p.waitForTimeout(400);
    await p.screenshot({ path: join(shotsDir, `${name}-390.png`) });
    if (size) await p.setViewportSize(size);
  };
  let mine = '';

  await check("a lesson link opens in its own space and says so (English, Chinese); the learner's cluster stays theirs", async () => {
    await page.goto(`${baseUrl}?lang=en`);
    await page.locator('[data-testid="broker-3"]').waitFor({ timeout: T });
    await createAndProduce(page, 'orders', 5);
    await page.waitForTimeout(500);
    mine = Object.entries(await records(page)).find(([, r]) => !r.space)![0];
    await page.goto(`${baseUrl}?scenario=acks-1-data-loss&lang=en`);
    await page.locator('[data-testid="lesson-panel"][data-lesson="acks-1-data-loss"]').waitFor({ timeout: T });
    const en = await waitText(page, '[data-testid="notice-ownSpace"]', /space of its own: your saved clusters are untouched/);
    await shoot(page, 'own-space-en');
    await page.goto(`${baseUrl}?scenario=acks-1-data-loss&lang=zh`);
    const zh = await waitText(page, '[data-testid="notice-ownSpace"]', /在自己的空间中打开：你保存的集群不受影响/);
    await shoot(page, 'own-space-zh');
    await page.waitForTimeout(300);
    await page.goto(`${baseUrl}?lang=en`);
    await waitText(page, '[data-testid="partition-hw"]', /^5$/);
    await page.locator('option[value="orders"]').first().waitFor({ state: 'attached', timeout: T });
    assert(!(await page.locator('[data-testid="notice-ownSpace"]').count()), 'no notice in the app itself');
    await openDialog(page);
    const ids = await page.locator('[data-testid="session"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-id')));
    assert(ids.length === 1 && ids[0] === mine, `the app lists the learner's cluster only: ${JSON.stringify(ids)}`);
    await page.keyboard.press('Escape');
    return `${en.slice(0, 60)}… | ${zh.slice(0, 30)}…`;
  });

  const broken = {
    id: 'bad1',
    name: 'Broken cluster',
    scenario: { version: 1, id: 'x', brokers: 3, steps: [{ do: 'createTopic', topic: 't', partitions: 1, replicationFactor: 3 }, { do: 'explode' }] },
    cursor: 'abc',
    savedAt: 5,
  };
  await check(
    'a stored record that cannot be opened is kept aside: the app starts, says so (English, Chinese), exports it as stored, deletes it; nothing else is lost',
    async () => {
      await storeCurrent(page, 'bad1', broken);
      await page.reload();
      await page.locator('[data-testid="broker-3"]').waitFor({ timeout: T });
      const en = await waitText(
        page,
        '[data-testid="notice-aside"]',
        /The saved cluster “Broken cluster” could not be opened: .*explode.* kept aside, unchanged/,
      );
      await shoot(page, 'aside-en');
      const [download] = await Promise.all([
        page.waitForEvent('download', { timeout: T }),
        page.locator('[data-testid="notice-aside"] [data-testid="aside-export"]').click(),
      ]);
      const exported = JSON.parse(readFileSync((await download.path())!, 'utf8')) as unknown;
      assert(JSON.stringify(exported) === JSON.stringify(broken), `the export is the record as stored: ${JSON.stringify(exported).slice(0, 200)}`);
      await setLang(page, 'zh');
      const zh = await waitText(page, '[data-testid="notice-aside"]', /无法打开保存的集群“Broken cluster”.*已原样搁置/);
      await shoot(page, 'aside-zh');
      await setLang(page, 'en');
      // the learner's cluster is still there: switch to it
      await openDialog(page);
      await page.locator('[data-testid="aside-list"] [data-id="bad1"]').waitFor({ timeout: T });
      await page.locator(`[data-testid="session"][data-id="${mine}"] [data-testid="session-switch"]`).click();
      await waitText(page, '[data-testid="partition-hw"]', /^5$/);
      await page.locator('[data-testid="aside-list"] [data-id="bad1"] [data-testid="aside-delete"]').click();
      await page.locator('[data-testid="aside-list"] [data-id="bad1"] [data-testid="aside-delete-yes"]').click();
      await page.locator('[data-testid="aside-list"] [data-id="bad1"]').waitFor({ state: 'detached', timeout: T });
      assert(!(await records(page)).bad1, 'deleted from IndexedDB');
      await page.keyboard.press('Escape');
      return `${en.slice(0, 70)}… | ${zh.slice(0, 30)}…`;
    },
  );

  await check('two tabs on one saved cluster: the second says so (English, Chinese), its change goes to a copy, the first keeps its work', async () => {
    await page.reload();
    await waitText(page, '[data-testid="partition-hw"]', /^5$/);
    const second = await ctx.newPage();
    second.on('pageerror', (e) => errors.push(e.message));
    await second.goto(`${baseUrl}?lang=en`);
    const en = await waitText(second, '[data-testid="notice-otherTab"]', /is open in another tab/);
    await shoot(second, 'other-tab-en');
    await waitText(second, '[data-testid="partition-hw"]', /^5$/);
    await produce(second, 1, 6);
    const copied = await waitText(second, '[data-testid="notice-copied"]', /Saved as a copy, “.* \(copy\)”/);
    await shoot(second, 'copied-en');
    // the first tab goes on with its own cluster
    await produce(page, 2, 7);
    await page.waitForTimeout(500);
    const recs = await records(page);
    const steps = (id: string) => recs[id]?.scenario?.steps?.length ?? -1;
    const copy = Object.keys(recs).find((k) => recs[k].name?.endsWith('(copy)'));
    const last = (id: string) => (recs[id]?.scenario?.steps?.at(-1) as { count?: number } | undefined)?.count;
    assert(
      copy && steps(mine) === 3 && last(mine) === 2 && steps(copy) === 3 && last(copy) === 1,
      `the first tab's cluster ends with its produce of 2, the copy with the second tab's produce of 1: ${JSON.stringify(Object.fromEntries(Object.keys(recs).map((k) => [recs[k].name, recs[k].scenario?.steps])))}`,
    );
    const third = await ctx.newPage();
    await third.goto(`${baseUrl}?lang=zh`);
    const zh = await waitText(third, '[data-testid="notice-otherTab"]', /已在另一个标签页中打开/);
    await shoot(third, 'other-tab-zh');
    await setLang(second, 'zh');
    await shoot(second, 'copied-zh');
    await third.close();
    await second.close();
    return `${en.slice(0, 50)}… | ${copied.slice(0, 50)}… | ${zh.slice(0, 30)}…`;
  });

  await check('a command in the past keeps the replaced future (English, Chinese); Restore the other future brings it back; both stay saved', async () => {
    await page.reload();
    await waitText(page, '[data-testid="partition-hw"]', /^7$/);
    await page.locator('body').click({ position: { x: 700, y: 5 } });
    await page.keyboard.press('Shift+ArrowLeft'); // one scenario step back: after the produce of 5
    await waitText(page, '[data-testid="partition-hw"]', /^5$/);
    await produce(page, 3, 8);
    const en = await waitText(
      page,
      '[data-testid="notice-branch"]',
      /You changed the past\. The later command is not lost: it is kept in Saved clusters as Other future of “Cluster 1” \(from step 3\)\./,
    );
    await shoot(page, 'branch-en');
    await setLang(page, 'zh');
    const zh = await waitText(page, '[data-testid="notice-branch"]', /你修改了过去。之后的那条命令没有丢失/);
    await shoot(page, 'branch-zh');
    await setLang(page, 'en');
    const now = Object.keys(await records(page));
    await page.getByRole('button', { name: 'Restore the other future' }).click();
    await waitText(page, '[data-testid="partition-hw"]', /^5$/); // where the learner was
    await page.keyboard.press('End');
    await waitText(page, '[data-testid="partition-hw"]', /^7$/);
    await page.waitForTimeout(500);
    const recs = await records(page);
    const counts = Object.values(recs)
      .map((r) => (r.scenario?.steps ?? []).map((s) => (s as { count?: number }).count ?? '').join(','))
      .sort();
    assert(counts.includes(',5,2') && counts.includes(',5,3'), `both futures saved: ${JSON.stringify(counts)}`);
    assert(Object.keys(recs).length === now.length, 'switching saved nothing new');
    await openDialog(page);
    const names = await page.locator('[data-testid="session-name"]').allTextContents();
    assert(names.includes('Other future of “Cluster 1” (from step 3)'), `listed by its translated name: ${JSON.stringify(names)}`);
    await page.keyboard.press('Escape');
    return `${en.slice(0, 70)}… | ${zh.slice(0, 30)}…`;
  });

  await check('a long command shows its progress; stepping back works meanwhile; Cancel leaves the cluster as it was', async () => {
    // a cluster of its own: five advances of a simulated day each (the limit of one step), queued
    await page.getByRole('button', { name: 'New cluster' }).click();
    await page.getByRole('form', { name: 'New cluster' }).getByRole('button', { name: 'Create' }).click();
    await page.locator('[data-testid="partition-hw"]').waitFor({ state: 'detached', timeout: T });
    await createAndProduce(page, 'slow', 2);
    const before = await waitText(page, '[data-testid="position"]', /./);
    const time = page.getByRole('group', { name: 'Time' });
    await time.locator('[name="advanceMs"]').fill('86400000');
    for (let i = 0; i < 5; i++) await time.getByRole('button', { name: 'Advance', exact: true }).click();
    const bar = await waitText(page, '[data-testid="busy"]', /Working: [\d,]+ events/);
    await shoot(page, 'busy-en');
    await page.getByTestId('step-back').click();
    await waitText(page, '[data-testid="position"]', new RegExp(`^(?!${before.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$)`));
    assert((await page.locator('[data-testid="busy"]').count()) === 1, 'still busy while stepping back');
    await setLang(page, 'zh');
    await waitText(page, '[data-testid="busy"]', /正在计算/);
    await shoot(page, 'busy-zh');
    await setLang(page, 'en');
    await page.getByTestId('busy-cancel').click();
    await page.locator('[data-testid="busy"]').waitFor({ state: 'detached', timeout: T });
    const note = await waitText(page, '[data-testid="notice-cancelled"]', /Cancelled\. The cluster is as it was before that command\./);
    await shoot(page, 'cancelled-en');
    await waitText(page, '[data-testid="partition-hw"]', /^2$/);
    assert(!(await page.locator('[data-testid="notice-otherTab"]').count()), 'the new worker holds the cluster (the ended one let it go)');
    // what is shown is what is saved: whole commands only, and not all five advances (the running one was cancelled)
    await page.waitForTimeout(500);
    const recs = Object.values(await records(page)).filter((r) => (r.scenario?.steps as { topic?: string }[] | undefined)?.[0]?.topic === 'slow');
    assert(recs.length === 1, `one saved cluster with the topic "slow": ${recs.length}`);
    const saved = (recs[0].scenario!.steps as { do: string }[]).map((st) => st.do);
    const advances = saved.length - 2;
    assert(saved.slice(0, 2).join() === 'createTopic,produce' && advances < 5 && saved.slice(2).every((d) => d === 'advance'), `saved: ${saved.join()}`);
    const pos = await waitText(page, '[data-testid="position"]', new RegExp(`of ${saved.length}\\b`));
    return `${bar.slice(0, 60)} | ${note} | ${advances} of 5 advances done before the cancel | ${pos}`;
  });

  await check('two frames of one page each keep their own cluster across a reload; a frame with no scenario opens the empty cluster', async () => {
    await page.goto(`${baseUrl}__frames.html`);
    const frameAt = async (id: string) => page.frameLocator(`#${id}`);
    const a = await frameAt('fa'),
      b = await frameAt('fb'),
      c = await frameAt('fc');
    await a.locator('[data-testid="lesson-panel"][data-lesson="acks"]').waitFor({ timeout: 60_000 });
    await b.locator('[data-testid="lesson-panel"][data-lesson="high-watermark"]').waitFor({ timeout: 60_000 });
    await c.locator('[data-testid="broker-3"]').waitFor({ timeout: 60_000 });
    await page.evaluate(() => {
      const send = (id: string, m: unknown) => (document.getElementById(id) as HTMLIFrameElement).contentWindow!.postMessage(m, '*');
      send('fa', { type: 'kafka-anatomy:seek', step: 5 });
      send('fb', { type: 'kafka-anatomy:seek', step: 9 });
    });
    const stepOf = (id: string) => page.evaluate((i) => (window as unknown as { __last: Record<string, number> }).__last[i], id);
    const deadline = Date.now() + T;
    while (Date.now() < deadline && !((await stepOf('fa')) === 4 && (await stepOf('fb')) === 8)) await page.waitForTimeout(100);
    assert((await stepOf('fa')) === 4 && (await stepOf('fb')) === 8, `frames at steps ${await stepOf('fa')}, ${await stepOf('fb')}`);
    await page.waitForTimeout(500);
    await page.reload();
    const d2 = Date.now() + 60_000;
    while (Date.now() < d2 && !((await stepOf('fa')) === 4 && (await stepOf('fb')) === 8)) await page.waitForTimeout(100);
    assert((await stepOf('fa')) === 4 && (await stepOf('fb')) === 8, `after a reload each frame is where it was: ${await stepOf('fa')}, ${await stepOf('fb')}`);
    await c.locator('[data-testid="broker-3"]').waitFor({ timeout: T });
    assert((await c.locator('option[value="orders"]').count()) === 0, "the frame with no scenario does not show the learner's cluster");
    assert(!(await c.locator('[data-testid="notice-ownSpace"]').count()), 'a frame is not told about spaces');
  });

  await check(
    'a scenario URL that never answers gives up after 10 s with a translated error, and one that answers 404 names the status; the app opens',
    async () => {
      const hang = `${baseUrl}hang/never.json`;
      await page.route(hang, () => undefined); // never fulfilled: a server that does not answer
      const t0 = Date.now();
      await page.goto(`${baseUrl}?scenario=${encodeURIComponent(hang)}&lang=en`);
      const en = await waitText(page, '[data-testid="error"]', /could not read the scenario .*never\.json: no answer within 10 s/, 40_000);
      const waited = Date.now() - t0;
      await page.locator('[data-testid="broker-3"]').waitFor({ timeout: T });
      await page.goto(`${baseUrl}?scenario=${encodeURIComponent(hang)}&lang=zh`);
      const zh = await waitText(page, '[data-testid="error"]', /无法读取场景 .*never\.json：10 秒内没有应答/, 40_000);
      await page.unroute(hang);
      await page.goto(`${baseUrl}?scenario=./missing/none.json&lang=en`);
      const e404 = await waitText(page, '[data-testid="error"]', /could not read the scenario \.\/missing\/none\.json: the server answered HTTP 404/);
      await page.locator('[data-testid="broker-3"]').waitFor({ timeout: T });
      return `${Math.round(waited / 1000)} s; ${en.slice(0, 90)} | ${zh.slice(0, 40)} | ${e404.slice(0, 100)}`;
    },
  );

  await check('no page errors', async () => {
    assert(!errors.length, errors.join('; '));
  });
  await page.close();
  return results;
}

/** A page with three frames: two lessons and one with no scenario; the last step each reported, by frame id. */
export const FRAMES_HTML = `<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,"><title>frames</title>
<iframe id="fa" src="./embed.html?scenario=acks&lang=en" width="700" height="500"></iframe>
<iframe id="fb" src="./embed.html?scenario=high-watermark&lang=en" width="700" height="500"></iframe>
<iframe id="fc" src="./embed.html?lang=en&controls=full" width="700" height="500"></iframe>
<script>window.__last = {};
addEventListener('message', function (e) { ['fa', 'fb', 'fc'].forEach(function (id) {
  if (e.source === document.getElementById(id).contentWindow && e.data && e.data.type === 'kafka-anatomy:step') window.__last[id] = e.data.index; }); });</script>`;
