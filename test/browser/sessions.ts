// Chromium checks of the saved clusters: two clusters, each with its own produced records, survive a reload;
// switching replays each one and its logs are verified byte for byte from IndexedDB; rename and delete.
import type { BrowserContext, Page } from 'playwright-core';

export interface CheckResult {
  name: string;
  ok: boolean;
  detail?: string;
}

const T = 30000;

function assert(cond: unknown, msg: string): asserts cond {
  if (!cond) throw new Error(msg);
}

async function waitText(page: Page, sel: string, re: RegExp): Promise<string> {
  const deadline = Date.now() + T;
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

/** Keys of the logs database, counted by saved cluster (the prefix before ':'). */
async function logKeys(page: Page): Promise<Record<string, number>> {
  return page.evaluate(
    () =>
      new Promise<Record<string, number>>((resolve, reject) => {
        const req = indexedDB.open('kafka-anatomy');
        req.onerror = () => reject(req.error);
        req.onsuccess = () => {
          const db = req.result;
          if (!db.objectStoreNames.contains('files')) {
            db.close();
            resolve({});
            return;
          }
          const all = db.transaction('files').objectStore('files').getAllKeys();
          all.onsuccess = () => {
            const out: Record<string, number> = {};
            for (const k of all.result as string[]) {
              const c = k.slice(0, k.indexOf(':'));
              out[c] = (out[c] ?? 0) + 1;
            }
            db.close();
            resolve(out);
          };
          all.onerror = () => reject(all.error);
        };
      }),
  );
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
  const prod = page.getByRole('form', { name: 'Produce' });
  await prod.locator('[name="count"]').fill(String(count));
  await prod.getByRole('button', { name: 'Produce' }).click();
  await waitText(page, '[data-testid="partition-hw"]', new RegExp(`^${count}$`));
}

async function openDialog(page: Page): Promise<void> {
  if (!(await page.locator('[data-testid="sessions-dialog"]').count())) await page.locator('[data-testid="open-sessions"]').click();
  await page.locator('[data-testid="sessions-list"]').waitFor({ timeout: T });
}

async function settle(page: Page, clusters: number): Promise<Record<string, number>> {
  // the logs are saved off the request path: wait until every cluster has keys
  const deadline = Date.now() + T;
  let keys: Record<string, number> = {};
  while (Date.now() < deadline) {
    keys = await logKeys(page);
    if (Object.keys(keys).length >= clusters && Object.values(keys).every((n) => n > 0)) break;
    await page.waitForTimeout(200);
  }
  await page.waitForTimeout(500);
  return keys;
}

export async function sessionChecks(baseUrl: string, ctx: BrowserContext): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  const page = await ctx.newPage();
  await page.addInitScript('globalThis.__name = (f) => f;');
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const check = async (name: string, fn: () => Promise<void>) => {
    try {
      await fn();
      results.push({ name, ok: true });
    } catch (e) {
      results.push({ name, ok: false, detail: e instanceof Error ? e.message : String(e) });
    }
  };
  let first = '',
    second = '';

  await check('cluster 1: create a topic and produce 5 records', async () => {
    await page.goto(`${baseUrl}?lang=en`);
    await page.locator('[data-testid="broker-3"]').waitFor({ timeout: T });
    await createAndProduce(page, 'orders', 5);
  });

  await check('New cluster adds a second saved cluster; produce 2 records in it', async () => {
    await page.getByRole('button', { name: 'New cluster' }).click();
    await page.getByRole('form', { name: 'New cluster' }).getByRole('button', { name: 'Create' }).click();
    await page.locator('[data-testid="partition-hw"]').waitFor({ state: 'detached', timeout: T });
    await createAndProduce(page, 'payments', 2);
    const keys = await settle(page, 2);
    assert(Object.keys(keys).length === 2, `two clusters' logs in IndexedDB, got ${JSON.stringify(keys)}`);
  });

  await check('after a reload the second cluster resumes, its logs verified from IndexedDB', async () => {
    await page.reload();
    await waitText(page, '[data-testid="partition-hw"]', /^2$/);
    await page.locator('option[value="payments"]').first().waitFor({ state: 'attached', timeout: T });
    await openDialog(page);
    const rows = page.locator('[data-testid="session"]');
    assert((await rows.count()) === 2, `two saved clusters listed, got ${await rows.count()}`);
    second = (await page.locator('[data-testid="session"][data-current="true"]').getAttribute('data-id')) ?? '';
    first = (await page.locator('[data-testid="session"][data-current="false"]').getAttribute('data-id')) ?? '';
    assert(first && second, 'one open, one not');
    const logs = page.locator('[data-testid="sessions-logs"]');
    await logs.waitFor({ timeout: T });
    assert((await logs.getAttribute('data-matched')) === 'true', `logs matched: ${await logs.textContent()}`);
    assert(/verified from IndexedDB: [1-9]\d* files/.test((await logs.textContent()) ?? ''), `logs text: ${await logs.textContent()}`);
  });

  await check('switch to the first cluster: its 5 records, its logs verified', async () => {
    await page.locator(`[data-testid="session"][data-id="${first}"] [data-testid="session-switch"]`).click();
    await waitText(page, '[data-testid="partition-hw"]', /^5$/);
    await page.locator('option[value="orders"]').first().waitFor({ state: 'attached', timeout: T });
    assert(!(await page.locator('option[value="payments"]').count()), "only the first cluster's topic");
    await page.locator(`[data-testid="session"][data-id="${first}"][data-current="true"]`).waitFor({ timeout: T });
    const logs = page.locator('[data-testid="sessions-logs"]');
    assert((await logs.getAttribute('data-matched')) === 'true', `logs matched: ${await logs.textContent()}`);
  });

  await check('switch back, reload: the second cluster again, verified', async () => {
    await page.locator(`[data-testid="session"][data-id="${second}"] [data-testid="session-switch"]`).click();
    await waitText(page, '[data-testid="partition-hw"]', /^2$/);
    await page.waitForTimeout(500);
    await page.reload();
    await waitText(page, '[data-testid="partition-hw"]', /^2$/);
    await openDialog(page);
    assert((await page.locator('[data-testid="sessions-logs"]').getAttribute('data-matched')) === 'true', 'logs matched after reload');
  });

  await check('rename with the keyboard, delete with confirmation: the deleted cluster loses its logs', async () => {
    await page.locator(`[data-testid="session"][data-id="${second}"] [data-testid="session-rename"]`).click();
    const input = page.locator('[data-testid="session-name-input"]');
    await input.fill('Payments cluster');
    await input.press('Enter');
    await waitText(page, `[data-testid="session"][data-id="${second}"] [data-testid="session-name"]`, /^Payments cluster$/);
    await page.locator(`[data-testid="session"][data-id="${first}"] [data-testid="session-delete"]`).click();
    await page.locator('[data-testid="session-delete-yes"]').click();
    await page.locator(`[data-testid="session"][data-id="${first}"]`).waitFor({ state: 'detached', timeout: T });
    const keys = await logKeys(page);
    assert(!keys[first] && (keys[second] ?? 0) > 0, `logs after delete: ${JSON.stringify(keys)}`);
    await page.keyboard.press('Escape');
    await page.locator('[data-testid="sessions-dialog"]').waitFor({ state: 'detached', timeout: T });
  });

  await check('no page errors', async () => {
    assert(!errors.length, errors.join('; '));
  });
  await page.close();
  return results;
}
