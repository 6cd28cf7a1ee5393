import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve } from './server';
import { launchChromium } from './chromium';
import { concat, gzipBatchWith, gzipZeros } from '../storage/gzipBomb';
import { encodeRecordBatch } from '../../src/storage/format/recordBatch';

const [dist, out] = process.argv.slice(2);
const server = await serve(dist);
const bombPath = join(mkdtempSync(join(tmpdir(), 'b-')), '00000000000000000000.log');
writeFileSync(bombPath, concat([encodeRecordBatch({ baseOffset: 0, records: [{ key: null, value: new TextEncoder().encode('before the bomb'), timestamp: 1 }] }), gzipBatchWith(gzipZeros(1536 << 20), 1)]));
const sizes = { desk: { width: 1440, height: 900 }, phone: { width: 390, height: 844 } } as const;
for (const lang of ['en', 'zh'] as const) for (const [sz, vp] of Object.entries(sizes)) {
  const ctx = await launchChromium(mkdtempSync(join(tmpdir(), 'shot-')), { viewport: vp });
  const page = ctx.pages()[0] ?? (await ctx.newPage());
  page.on('pageerror', (e) => console.log('pageerror', e.message));
  const shot = async (n: string) => { await page.screenshot({ path: join(out, `${n}-${lang}-${sz}.png`) }); console.log('shot', n, lang, sz); };
  await page.goto(server.url + `index.html?lang=${lang}`);
  await page.locator('[data-testid="broker-3"]').waitFor({ timeout: 60000 });
  await page.waitForTimeout(1500);
  await shot('offline-ready');
  // free play: topic, produce, add a consumer form visible
  const f = page.locator('form').first();
  await f.locator('button[type=submit]').click();
  await page.waitForTimeout(800);
  await page.locator('form').nth(1).locator('button[type=submit]').click();
  await page.waitForTimeout(1500);
  await page.evaluate(() => document.querySelector('aside.controls')?.scrollTo(0, 0));
  await shot('after-produce');
  await page.evaluate(() => { const el = document.querySelector('[name="autoOffsetReset"]'); el?.scrollIntoView({ block: 'center' }); });
  await page.locator('[data-testid="advance-until"]').focus();
  await page.keyboard.press('Shift+Tab'); await page.keyboard.press('Tab');
  await page.waitForTimeout(300);
  await shot('controls-time-consumer');
  await page.evaluate(() => { const el = document.querySelector('[name="autoOffsetReset"]'); el?.scrollIntoView({ block: 'center' }); });
  await page.waitForTimeout(300);
  await shot('controls-consumer');
  // inspect: checkpoints + bomb
  await page.goto(server.url + `index.html?lang=${lang}`);
  await page.locator('[data-testid="broker-3"]').waitFor({ timeout: 60000 });
  await page.locator('.ix-open').click();
  await page.getByTestId('inspect-input').setInputFiles(['/tmp/exp2/broker-2/replication-offset-checkpoint', '/tmp/exp2/broker-2/orders-0/leader-epoch-checkpoint', '/tmp/exp2/broker-2/.kafka_cleanshutdown', '/tmp/exp2/broker-2/recovery-point-offset-checkpoint']);
  await page.getByTestId('inspect-file').waitFor();
  await page.locator('.ix-chip', { hasText: 'replication-offset-checkpoint' }).click();
  await page.waitForTimeout(300);
  await shot('inspect-checkpoint');
  await page.getByTestId('inspect-input').setInputFiles(bombPath);
  await page.getByTestId('inspect-error').waitFor({ timeout: 60000 });
  await page.waitForTimeout(300);
  await shot('inspect-bomb');
  await ctx.close();
}
await server.close();
process.exit(0);
