// Wherever a learner opens it (issue 10 items 1 and 2), in Chromium:
// - at 390×844, 768×1024, 960×600 (embed.html) and 1440×900, in English and Chinese, and at 320×640: no sideways
//   scroll (document.scrollingElement.scrollWidth <= innerWidth), every text on the cluster stage at 11 CSS px or
//   more; below 900 px the controls and the event log are drawers, reached with Tab, opened with Enter, closed with
//   Escape (focus back on their button), and the narration stays on screen near the stage; the notices sit above the
//   timeline (three rows on a phone); the cluster drawing and the event list lay out alone (relayout boundaries),
//   the list still showing rows;
// - touch (a phone with a touch screen): a tap on a broker opens its menu and a tap on Crash crashes it; a finger
//   dragged along the scrubber moves the timeline;
// - embeds keep to themselves: two frames of one course page with different scenarios each get their own cluster
//   and position back after a reload, and the full app does not restore either; a frame with no scenario or a bad
//   one opens the empty cluster (with the error shown for the bad one);
// - the Embed dialog's live preview is embed.html with the chosen parameters;
// - every face (font, size, weight) a lesson's first screen draws is one src/ui/faces.ts looks up before it.
// Prints "N passed, M failed" last and exits non-zero on a failure.
//   node --import tsx test/browser/responsiveRun.ts [--dist=DIR] [--only=text]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Frame, Page } from 'playwright-core';
import { launchChromium } from './chromium';
import { serve } from './server';
import { encodeShare } from '../../src/ui/share';
import { FIRST_SCREEN_FACES } from '../../src/ui/faces';

const T = 60000;
const results: { name: string; ok: boolean }[] = [];

async function check(name: string, fn: () => Promise<string | void>): Promise<void> {
  try {
    const detail = await fn();
    results.push({ name, ok: true });
    console.log(`ok   ${name}${detail ? `\n     ${detail}` : ''}`);
  } catch (e) {
    results.push({ name, ok: false });
    console.log(`FAIL ${name}\n     ${e instanceof Error ? e.message.split('\n').slice(0, 12).join('\n     ') : String(e)}`);
  }
}

function assert(cond: unknown, msg: string): asserts cond {
  if (!cond) throw new Error(msg);
}

async function open(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.waitForSelector('[data-testid="cluster-stage"] svg', { timeout: T });
  await page.waitForTimeout(700); // the stage measures its width, the lesson index arrives
}

/** Sideways overflow, and the smallest text on the cluster stage in CSS px (font size × the drawing's scale). */
async function measure(p: Page | Frame): Promise<{ scrollWidth: number; innerWidth: number; minText: number; texts: number; scale: number }> {
  return (await p.evaluate(`(() => {
    const svg = document.querySelector('[data-testid="cluster-stage"] svg');
    // a drawing squeezed by a max-height keeps its box's width and shrinks inside: the smaller ratio is the scale
    const r = svg.getBoundingClientRect();
    const scale = Math.min(r.width / svg.viewBox.baseVal.width, r.height / svg.viewBox.baseVal.height);
    const sizes = [...svg.querySelectorAll('text')].filter((t) => t.textContent.trim() && t.getClientRects().length).map((t) => parseFloat(getComputedStyle(t).fontSize) * scale);
    return { scrollWidth: document.scrollingElement.scrollWidth, innerWidth: window.innerWidth, minText: Math.min(...sizes), texts: sizes.length, scale };
  })()`)) as { scrollWidth: number; innerWidth: number; minText: number; texts: number; scale: number };
}

/**
 * The notices (saved work, a long request's progress, the offline card) sit above the timeline, however many rows it
 * wraps into: on a phone a fixed offset put them over its buttons. Its height is set on them (timelineHeight.ts), not on
 * the page's root, where each change restyled every element.
 */
async function noticesAboveTimeline(page: Page): Promise<string> {
  const r = (await page.evaluate(`(() => {
    const t = document.querySelector('footer.timeline');
    if (!t) return null;
    const top = t.getBoundingClientRect().top;
    const boxes = [...document.querySelectorAll('.notices, .notices > *, .offline-notice')].map((e) => [e.className, Math.round(e.getBoundingClientRect().bottom)]);
    const onRoot = document.documentElement.style.getPropertyValue('--timeline-h');
    return { top: Math.round(top), height: Math.round(t.getBoundingClientRect().height), boxes, onRoot };
  })()`)) as { top: number; height: number; boxes: [string, number][]; onRoot: string } | null;
  if (!r) return 'no timeline';
  assert(r.onRoot === '', `the timeline's height is set on the page's root (${r.onRoot})`);
  assert(r.boxes.length > 0, 'no notices stack');
  for (const [name, bottom] of r.boxes) assert(bottom <= r.top, `${name} ends at ${bottom}, over the timeline (top ${r.top}, ${r.height} px high)`);
  return `${r.boxes.length} notice box(es) above the ${r.height} px timeline`;
}

/**
 * The boxes that change while a lesson plays lay out alone (Chromium's relayout boundaries): the cluster's <svg> is no
 * flex or grid item (a moving packet relaid the whole page out: 2.7-3.9 ms a frame, against 0.7-1.2), and the event
 * list is size- and layout-contained. Contained, the list takes its height from the column around it: it must still
 * show rows, beside the stage and in the drawer.
 */
async function ownLayout(page: Page): Promise<string> {
  const r = (await page.evaluate(`(() => {
    const svg = document.querySelector('.cluster-view > svg');
    const list = document.querySelector('.event-log .events');
    const visible = list && list.getClientRects().length > 0;
    return {
      svgParent: svg ? getComputedStyle(svg.parentElement).display : null,
      contain: list ? getComputedStyle(list).contain : null,
      listHeight: visible ? Math.round(list.getBoundingClientRect().height) : null,
      rows: visible ? [...list.querySelectorAll('li')].filter((li) => { const b = li.getBoundingClientRect(), l = list.getBoundingClientRect(); return b.bottom > l.top && b.top < l.bottom; }).length : null,
    };
  })()`)) as { svgParent: string | null; contain: string | null; listHeight: number | null; rows: number | null };
  assert(r.svgParent !== null, 'no cluster drawing');
  assert(!/flex|grid/.test(r.svgParent), `the cluster's <svg> is a ${r.svgParent} item: each frame of an animation lays out the page`);
  assert(r.contain !== null && /strict|size/.test(r.contain) && /strict|layout/.test(r.contain), `the event list is not contained (contain: ${r.contain})`);
  if (r.listHeight !== null) assert(r.listHeight >= 120 && (r.rows ?? 0) >= 3, `the event list is ${r.listHeight} px high with ${r.rows} rows in sight`);
  return r.listHeight === null ? 'drawing and event list lay out alone' : `drawing and event list (${r.listHeight} px, ${r.rows} rows) lay out alone`;
}

/** Presses Tab from the skip link until `testId` has focus; returns the number of presses (throws past `max`). */
async function tabTo(page: Page, testId: string, max = 60): Promise<number> {
  await page.evaluate(() => (document.querySelector('.skip-link') as HTMLElement).focus());
  for (let i = 1; i <= max; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate((id) => document.activeElement?.getAttribute('data-testid') === id, testId)) return i;
  }
  throw new Error(`${testId} not reached in ${max} Tab presses`);
}

/** A drawer opened from the keyboard: visible, focus inside; Escape closes it and focus is back on its button. */
async function drawerByKeyboard(page: Page, name: 'controls' | 'events'): Promise<string> {
  const tabs = await tabTo(page, `open-${name}`);
  assert((await page.getByTestId(`open-${name}`).getAttribute('aria-expanded')) === 'false', `open-${name} says expanded before opening`);
  await page.keyboard.press('Enter');
  const drawer = page.getByTestId(`drawer-${name}`);
  await drawer.waitFor({ state: 'visible', timeout: 5000 });
  const vw = page.viewportSize()!.width;
  let box = await drawer.boundingBox();
  for (let i = 0; i < 20 && !(box && box.x >= -1 && box.x + box.width <= vw + 1); i++) {
    await page.waitForTimeout(50);
    box = await drawer.boundingBox();
  } // it slides in
  assert(box && box.x >= -1 && box.x + box.width <= vw + 1, `the ${name} drawer is not within the viewport: ${JSON.stringify(box)}`);
  assert(await page.evaluate((n) => !!document.activeElement?.closest(`#drawer-${n}`), name), `focus did not move into the ${name} drawer`);
  assert((await page.getByTestId(`open-${name}`).getAttribute('aria-expanded')) === 'true', 'aria-expanded not true while open');
  let inside = '';
  if (name === 'events') {
    const cur = await page.locator('#drawer-events [aria-current="true"]').boundingBox();
    assert(cur && cur.y >= 0 && cur.y + cur.height <= page.viewportSize()!.height, `the current event is not in sight: ${JSON.stringify(cur)}`);
    inside = `, ${await ownLayout(page)}`;
  }
  // Tab stays inside while it is open
  for (let i = 0; i < 30; i++) await page.keyboard.press('Tab');
  assert(await page.evaluate((n) => !!document.activeElement?.closest(`#drawer-${n}`), name), `Tab left the ${name} drawer`);
  await page.keyboard.press('Escape');
  await drawer.waitFor({ state: 'hidden', timeout: 5000 });
  assert(await page.evaluate((n) => document.activeElement?.getAttribute('data-testid') === `open-${n}`, name), 'focus did not return to the drawer button');
  return `${name}: ${tabs} Tab stops from the skip link${inside}`;
}

async function main(): Promise<number> {
  const t0 = Date.now();
  let dist = process.argv.find((a) => a.startsWith('--dist='))?.slice(7) ?? '';
  const only = process.argv.find((a) => a.startsWith('--only='))?.slice(7) ?? '';
  const own = !dist;
  if (own) {
    dist = mkdtempSync(join(tmpdir(), 'kafka-anatomy-responsive-dist-'));
    const b = spawnSync('npx', ['vite', 'build', '--logLevel', 'warn', '--outDir', dist, '--emptyOutDir'], { stdio: 'inherit' });
    if (b.status !== 0) {
      console.log('0 passed, 1 failed');
      return 1;
    }
  }
  // a course page with two frames of different lessons, and one with a frame of no scenario and one of a bad one
  const course = `<!doctype html><html lang="en"><head><title>Week 1</title></head><body><h1>Week 1</h1>
<iframe id="a" title="A" src="./embed.html?scenario=acks-1-data-loss&lang=en&step=1" width="960" height="600" style="border:0"></iframe>
<iframe id="b" title="B" src="./embed.html?scenario=consumer-groups&lang=zh&step=2" width="960" height="600" style="border:0"></iframe></body></html>`;
  const odd = `<!doctype html><html lang="en"><head><title>Week 2</title></head><body>
<iframe id="none" title="none" src="./embed.html?lang=en" width="960" height="600" style="border:0"></iframe>
<iframe id="bad" title="bad" src="./embed.html?scenario=no-such-lesson&lang=en" width="960" height="600" style="border:0"></iframe></body></html>`;
  const server = await serve(dist, { '/week1.html': course, '/week2.html': odd });
  const base = server.url;
  const profile = mkdtempSync(join(tmpdir(), 'kafka-anatomy-chromium-'));
  let ctx: BrowserContext | null = null;
  const run = (name: string, fn: () => Promise<string | void>) => (!only || name.includes(only) ? check(name, fn) : Promise.resolve());
  const errors: string[] = [];
  try {
    ctx = await launchChromium(profile, { viewport: { width: 1440, height: 900 }, locale: 'en-US', hasTouch: true });
    const page = ctx.pages()[0] ?? (await ctx.newPage());
    page.on('pageerror', (e) => errors.push(e.message));

    const sizes: [number, number, string][] = [
      [390, 844, 'index.html?scenario=consumer-groups&step=6'],
      [768, 1024, 'index.html?scenario=kafka-in-one-picture&step=8'],
      [960, 600, 'embed.html?scenario=acks-1-data-loss&step=6'],
      [1440, 900, 'index.html?scenario=consumer-groups&step=6'],
    ];
    for (const [w, h, url] of sizes) {
      for (const lang of ['en', 'zh']) {
        await run(
          `${w}×${h} ${lang} (${url.split('?')[0]}): no sideways scroll, stage text ≥ 11 px${w < 900 ? ', drawers by keyboard, the narration on screen' : ', panels beside the stage'}`,
          async () => {
            await page.setViewportSize({ width: w, height: h });
            await open(page, `${base}${url}&lang=${lang}`);
            const m = await measure(page);
            // at 960×600 the lesson's partition log is in focus: the cluster gets a shorter box, still drawn 1:1
            if (w === 960) assert((await page.getByTestId('stage').getAttribute('data-view')) === 'log', 'the partition log is not in focus');
            assert(m.scrollWidth <= m.innerWidth, `scrollWidth ${m.scrollWidth} > innerWidth ${m.innerWidth}`);
            assert(m.texts > 5, `only ${m.texts} texts on the stage`);
            assert(m.minText >= 11, `a text on the stage at ${m.minText.toFixed(1)} px (scale ${m.scale.toFixed(2)})`);
            const detail = [
              `scrollWidth ${m.scrollWidth} ≤ ${m.innerWidth}; ${m.texts} stage texts ≥ ${m.minText.toFixed(1)} px at scale ${m.scale.toFixed(2)}`,
            ];
            detail.push(await noticesAboveTimeline(page));
            const narrow = w < 900;
            const drawers = await page.locator('[data-testid^="open-"][aria-controls^="drawer-"]').count();
            if (narrow) {
              detail.push(await drawerByKeyboard(page, 'controls'));
              detail.push(await drawerByKeyboard(page, 'events'));
              // step on: the narration is on screen (not scrolled away) and directly above the stage
              await page.getByTestId('next-step').click();
              await page.waitForTimeout(400);
              await page.evaluate(() => window.scrollTo(0, document.scrollingElement!.scrollHeight));
              const say = await page.getByTestId('lesson-say').boundingBox();
              assert(say && say.y >= 0 && say.y < h / 2, `the narration is not near the top of the screen after scrolling down: ${JSON.stringify(say)}`);
              const m2 = await measure(page);
              assert(m2.scrollWidth <= m2.innerWidth, `after stepping: scrollWidth ${m2.scrollWidth} > ${m2.innerWidth}`);
            } else {
              assert(drawers === 0, `${drawers} drawer buttons at ${w} px`);
              assert(await page.locator('.event-log').isVisible(), 'the event log is not beside the stage');
              detail.push(await ownLayout(page));
              const stage = await page.getByTestId('cluster-stage').boundingBox();
              assert(stage && stage.width >= Math.min(520, w * 0.5), `the stage is ${stage?.width} px wide`);
            }
            return detail.join('; ');
          },
        );
      }
    }

    await run("1280×800, English and Chinese: every face a lesson's first screen draws is looked up before it (faces.ts)", async () => {
      await page.setViewportSize({ width: 1280, height: 800 });
      const warmed = new Set(FIRST_SCREEN_FACES.map((f) => `${f.font} ${f.size}px ${f.weight}`));
      const seen = new Map<string, string>();
      for (const id of ['kafka-in-one-picture', 'consumer-groups', 'transactions', 'broker-metrics', 'why-kraft', 'record-format']) {
        for (const lang of ['en', 'zh']) {
          await open(page, `${base}index.html?scenario=${id}&lang=${lang}`);
          const faces = (await page.evaluate(`(() => {
            const out = {};
            const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
            for (let n = walker.nextNode(); n; n = walker.nextNode()) {
              const el = n.parentElement;
              // an option's text is laid out (the menu's width) though it has no box
              if (!n.textContent.trim() || (!el.closest('select') && !el.getClientRects().length)) continue;
              const cs = getComputedStyle(el);
              const font = cs.fontFamily.includes('monospace') ? 'mono' : cs.fontFamily.startsWith('system-ui') ? 'sans' : cs.fontFamily;
              out[font + ' ' + cs.fontSize + ' ' + cs.fontWeight] = n.textContent.trim().slice(0, 20);
            }
            return out;
          })()`)) as Record<string, string>;
          for (const [face, example] of Object.entries(faces)) if (!seen.has(face)) seen.set(face, `${id} ${lang}: "${example}"`);
        }
      }
      const missing = [...seen].filter(([face]) => !warmed.has(face));
      assert(missing.length === 0, `drawn but not looked up first: ${missing.map(([f, w]) => `${f} (${w})`).join('; ')}`);
      return `${seen.size} faces drawn, all among the ${warmed.size} looked up first`;
    });

    await run("1440×900 and 390×844: the partition log's replicas drawn 1:1, each LEO and HW label inside (offsets in the thousands)", async () => {
      const json = JSON.stringify({
        version: 1,
        id: 'labels',
        brokers: 3,
        steps: [
          { do: 'createTopic', topic: 'orders', partitions: 1, replicationFactor: 3 },
          { do: 'produce', topic: 'orders', count: 12345 },
        ],
      });
      const out: string[] = [];
      for (const [w, h] of [
        [1440, 900],
        [390, 844],
      ]) {
        await page.setViewportSize({ width: w, height: h });
        await open(page, `${base}index.html?lang=en#${encodeShare(json, 1e9)}`);
        await page.waitForSelector('.replica-bars .leo-label', { timeout: T });
        const m = (await page.evaluate(`(() => {
          const svg = document.querySelector('.replica-bars');
          const labels = [...svg.querySelectorAll('.leo-label')].map((t) => {
            const box = t.getBBox();
            return { text: t.textContent, right: box.x + box.width };
          });
          return { labels, width: svg.viewBox.baseVal.width, scale: svg.getBoundingClientRect().width / svg.viewBox.baseVal.width };
        })()`)) as { labels: { text: string; right: number }[]; width: number; scale: number };
        assert(m.labels.length === 3, `${w} px: ${m.labels.length} labels`);
        // 1:1 (its 9-11px text was drawn at 7px on a phone when the 520-wide drawing was scaled down to fit)
        assert(m.scale > 0.99 && m.scale < 1.01, `${w} px: drawn at scale ${m.scale.toFixed(2)}`);
        for (const l of m.labels) assert(l.right <= m.width, `${w} px: "${l.text}" ends at ${l.right.toFixed(0)}, past the drawing's ${m.width}`);
        out.push(`${w} px: ${m.width} wide at scale ${m.scale.toFixed(2)}, "${m.labels[0].text}" ends at ${m.labels[0].right.toFixed(0)}`);
      }
      return out.join('; ');
    });

    await run(
      'the event log: a screenful right after a far seek, its wider window once still (the row read stays put) or scrolled; a row pressed is where the timeline goes',
      async () => {
        const rows = () => page.evaluate(`document.querySelectorAll('ol.events li').length`) as Promise<number>;
        await page.setViewportSize({ width: 1440, height: 900 });
        // a history of a few thousand events: far seeks in it
        const steps: object[] = [{ do: 'createTopic', topic: 'orders', partitions: 3, replicationFactor: 3 }];
        for (let i = 0; i < 30; i++) steps.push({ do: 'produce', topic: 'orders', count: 5 }, { do: 'advance', ms: 5000 });
        await open(page, `${base}index.html?lang=en#${encodeShare(JSON.stringify({ version: 1, id: 'long-log', brokers: 3, steps }), 1e9)}`);
        await page.waitForTimeout(600);
        const rest = await rows();
        assert(rest > 18, `${rest} rows at rest`);
        // a far seek through the scrub bar: a screenful at once, the wider window a moment later
        const scrub = page.getByTestId('scrub');
        const [min, max] = [Number(await scrub.getAttribute('min')), Number(await scrub.getAttribute('max'))];
        const far = async (v: number) => {
          await scrub.evaluate((el, x) => {
            const input = el as HTMLInputElement;
            Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!.call(input, String(x));
            input.dispatchEvent(new Event('input', { bubbles: true }));
          }, v);
          await page.waitForFunction(
            (x) =>
              document.querySelector('[data-testid="scrub"]')?.getAttribute('value') === String(x) ||
              (document.querySelector('[data-testid="scrub"]') as HTMLInputElement).value === String(x),
            v,
          );
        };
        await far(Math.round(min + (max - min) * 0.9));
        await far(Math.round(min + (max - min) * 0.2));
        const near = await rows();
        assert(near <= 18, `${near} rows right after a far seek`);
        const read = page.locator('ol.events li[aria-current="true"]');
        const seq = await read.locator('button').getAttribute('data-seq');
        const y0 = (await read.boundingBox())!.y;
        await page.waitForTimeout(700);
        const wide = await rows();
        const y1 = (await page.locator(`ol.events button[data-seq="${seq}"]`).boundingBox())!.y;
        assert(wide > near, `${wide} rows once still (${near} before)`);
        assert(Math.abs(y1 - y0) < 30, `row #${seq} moved from y ${y0.toFixed(0)} to ${y1.toFixed(0)} as rows came in above it`);
        // a far seek, then a wheel on the list: the wider window at once
        await far(Math.round(min + (max - min) * 0.7));
        const list = (await page.locator('ol.events').boundingBox())!;
        await page.mouse.move(list.x + list.width / 2, list.y + list.height / 2);
        await page.mouse.wheel(0, -1);
        await page.waitForTimeout(100);
        const scrolled = await rows();
        assert(scrolled > 18, `${scrolled} rows once scrolled`);
        // a press on a row moves the timeline to that event
        const target = page.locator('ol.events li button').nth(3);
        const want = await target.getAttribute('data-seq');
        await target.click();
        await page.waitForTimeout(600);
        const current = await page.evaluate(`document.querySelector('ol.events [aria-current="true"] button')?.getAttribute('data-seq')`);
        assert(current === want, `a click on row #${want} made #${current} the current one`);
        return `at rest ${rest} rows; right after a far seek ${near}, once still ${wide} (#${seq} at y ${y0.toFixed(0)} → ${y1.toFixed(0)}); scrolled ${scrolled}`;
      },
    );

    await run('320×640: no sideways scroll on the home page, a lesson and the embed, the stage text ≥ 11 px', async () => {
      await page.setViewportSize({ width: 320, height: 640 });
      const out: string[] = [];
      for (const url of [
        'index.html?lang=en',
        'index.html?lang=zh&scenario=replica-placement&step=8',
        'embed.html?lang=en&scenario=cooperative-rebalancing&step=11',
      ]) {
        await open(page, base + url);
        const m = await measure(page);
        assert(m.scrollWidth <= m.innerWidth, `${url}: scrollWidth ${m.scrollWidth} > ${m.innerWidth}`);
        assert(m.minText >= 11, `${url}: a stage text at ${m.minText.toFixed(1)} px`);
        out.push(`${url.split('&')[0]} ${m.scrollWidth}/${m.innerWidth}, ${await noticesAboveTimeline(page)}`);
      }
      return out.join('; ');
    });

    await run('390×844: the header is one row; More opens the session actions below it, and they work', async () => {
      await page.setViewportSize({ width: 390, height: 844 });
      const out: string[] = [];
      for (const lang of ['en', 'zh']) {
        await open(page, base + `index.html?lang=${lang}`);
        const header = page.locator('header.header');
        const folded = (await header.boundingBox())!.height;
        assert(folded <= 44, `${lang}: the folded header is ${folded} px tall (more than one row)`);
        assert(!(await page.getByRole('button', { name: lang === 'en' ? 'Reset' : '重置' }).isVisible()), `${lang}: Reset shows while folded`);
        await page.getByTestId('header-more').click();
        assert((await page.getByTestId('header-more').getAttribute('aria-expanded')) === 'true', 'More is not expanded');
        const open2 = (await header.boundingBox())!.height;
        assert(open2 > folded, `${lang}: More did not open (${open2} px)`);
        await page.getByRole('button', { name: lang === 'en' ? 'New cluster' : '新集群' }).click();
        assert(await page.locator('form.popover').isVisible(), `${lang}: New cluster opened nothing`);
        const m = await measure(page);
        assert(m.scrollWidth <= m.innerWidth, `${lang}: scrollWidth ${m.scrollWidth} > ${m.innerWidth} with More open`);
        out.push(`${lang} ${Math.round(folded)} px folded, ${Math.round(open2)} px open`);
      }
      return out.join('; ');
    });

    await run('touch at 390×844: a tap on a broker opens its menu, a tap on Crash crashes it; dragging the scrubber moves the timeline', async () => {
      await page.setViewportSize({ width: 390, height: 844 });
      await open(page, base + 'index.html?lang=en&scenario=acks-1-data-loss&step=2');
      const box = page.locator('[data-testid="cluster-stage"] [data-broker="3"] .broker-box');
      await box.scrollIntoViewIfNeeded();
      await box.tap();
      const menu = page.getByTestId('broker-menu');
      await menu.waitFor({ timeout: 5000 });
      await menu.getByRole('menuitem', { name: 'Crash' }).tap();
      await page.waitForFunction(
        () => /crashed/i.test(document.querySelector('[data-testid="cluster-stage"] [data-broker="3"]')?.textContent ?? ''),
        undefined,
        { timeout: T },
      );
      // a finger on the scrubber, dragged from near its start to near its end
      const scrub = page.getByTestId('scrub');
      await page.evaluate(() => (document.querySelector('[data-testid="scrub"]') as HTMLInputElement).scrollIntoView());
      const before = Number(await scrub.inputValue());
      const r = (await scrub.boundingBox())!;
      const cdp = await ctx!.newCDPSession(page);
      const y = r.y + r.height / 2;
      await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [{ x: r.x + 6, y }] });
      for (let i = 1; i <= 10; i++) {
        await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: [{ x: r.x + 6 + ((r.width - 12) * i) / 20, y }] });
        await page.waitForTimeout(30);
      }
      await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
      await page.waitForTimeout(500);
      const after = Number(await scrub.inputValue());
      const max = Number(await scrub.getAttribute('max')),
        min = Number(await scrub.getAttribute('min'));
      const mid = (min + max) / 2;
      assert(
        after !== before && Math.abs(after - mid) < (max - min) / 4,
        `the scrubber went from ${before} to ${after} (${min}…${max}); a drag to the middle was expected`,
      );
      return `Crash by tap; scrubber dragged from ${before} to ${after} of ${min}…${max}`;
    });

    await run(
      'two frames of one course page with different scenarios each get their own cluster and position back after a reload; the full app restores neither',
      async () => {
        await page.setViewportSize({ width: 1440, height: 1400 });
        // the full app's own cluster: a topic made in free play (a link with a scenario gets a saved space of its own)
        await open(page, base + 'index.html?lang=en');
        const create = page.getByRole('form', { name: 'Create topic' });
        await create.getByRole('textbox').first().fill('mine');
        await create.getByRole('button', { name: 'Create' }).click();
        await page.locator('[data-replica="mine-0"]').first().waitFor({ timeout: T });
        await page.waitForTimeout(800); // the save lands
        await page.goto(base + 'week1.html');
        const frame = async (id: string): Promise<Frame> => {
          const f = (await page.locator(`#${id}`).elementHandle())!;
          const fr = (await f.contentFrame())!;
          await fr.waitForSelector('[data-testid="lesson-panel"]', { timeout: T });
          return fr;
        };
        let a = await frame('a'),
          b = await frame('b');
        for (let i = 0; i < 3; i++) {
          await a.getByTestId('next-step').click();
          await a.waitForTimeout(500);
        }
        await b.getByTestId('next-step').click();
        await b.waitForTimeout(800);
        const posA = await a.getByTestId('scrub').inputValue(),
          posB = await b.getByTestId('scrub').inputValue();
        const stepA = await a.getByTestId('lesson-panel').getAttribute('data-step'),
          stepB = await b.getByTestId('lesson-panel').getAttribute('data-step');
        await page.waitForTimeout(800); // the saves land
        await page.reload();
        a = await frame('a');
        b = await frame('b');
        await a.waitForTimeout(800);
        const got = [
          await a.getByTestId('lesson-panel').getAttribute('data-lesson'),
          await a.getByTestId('scrub').inputValue(),
          await a.getByTestId('lesson-panel').getAttribute('data-step'),
          await b.getByTestId('lesson-panel').getAttribute('data-lesson'),
          await b.getByTestId('scrub').inputValue(),
          await b.getByTestId('lesson-panel').getAttribute('data-step'),
        ];
        const want = ['acks-1-data-loss', posA, stepA, 'consumer-groups', posB, stepB];
        assert(JSON.stringify(got) === JSON.stringify(want), `after the reload: ${JSON.stringify(got)}, expected ${JSON.stringify(want)}`);
        assert(Number(stepA) > 1, `frame A's step ${stepA} is not past its step parameter`);
        // the full app, opened afterwards, has its own (empty) cluster
        await page.goto(base + 'index.html?lang=en');
        await page.waitForSelector('[data-testid="cluster-stage"] svg', { timeout: T });
        await page.waitForTimeout(500);
        await page.locator('[data-replica="mine-0"]').first().waitFor({ timeout: T });
        const lesson = (await page.getByTestId('lesson-panel').count()) ? await page.getByTestId('lesson-panel').getAttribute('data-lesson') : null;
        assert(!lesson, `the full app restored a frame's lesson ${lesson}, not its own cluster`);
        return `A: ${want.slice(0, 3).join(' ')} / B: ${want.slice(3).join(' ')}`;
      },
    );

    await run('a frame with no scenario, and one with a bad one, open the empty cluster (the bad one saying what is wrong)', async () => {
      await page.goto(base + 'week2.html');
      const out: string[] = [];
      for (const id of ['none', 'bad']) {
        const fr = (await (await page.locator(`#${id}`).elementHandle())!.contentFrame())!;
        await fr.waitForSelector('[data-testid="cluster-stage"] svg', { timeout: T });
        await fr.waitForTimeout(500);
        const brokers = await fr.locator('[data-testid="cluster-stage"] [data-broker]').count();
        const replicas = await fr.locator('[data-testid="cluster-stage"] .replica').count();
        assert(brokers === 3 && replicas === 0, `${id}: ${brokers} brokers, ${replicas} replicas`);
        const err =
          (await fr
            .locator('.errors')
            .textContent()
            .catch(() => '')) ?? '';
        if (id === 'bad') assert(err.includes('no-such-lesson'), `the bad frame shows no error naming the scenario: "${err}"`);
        else assert(!err, `the frame with no scenario shows an error: ${err}`);
        out.push(`${id}: 3 brokers, no replicas${err ? `, "${err.trim().slice(0, 80)}"` : ''}`);
      }
      return out.join('; ');
    });

    await run('the Embed dialog: the live preview is embed.html with the chosen language, controls and size', async () => {
      await page.setViewportSize({ width: 1440, height: 900 });
      await open(page, base + 'index.html?lang=en&scenario=high-watermark&step=3');
      await page.getByTestId('open-embed').click();
      await page.getByTestId('embed-lang').selectOption('zh');
      await page.getByTestId('embed-controls').selectOption('none');
      await page.getByRole('button', { name: '390 × 700' }).click();
      const snippet = await page.getByTestId('embed-snippet').inputValue();
      assert(/embed\.html\?scenario=high-watermark&lang=zh&step=3&controls=none" width="390" height="700"/.test(snippet), `snippet: ${snippet}`);
      const fr = (await page.getByTestId('embed-preview').elementHandle())!;
      await page.waitForFunction((el) => (el as HTMLIFrameElement).src.includes('lang=zh'), fr);
      const f = (await fr.contentFrame())!;
      await f.waitForSelector('[data-testid="cluster-stage"] svg', { timeout: T });
      await f.waitForFunction(() => document.documentElement.lang === 'zh-CN' && !document.querySelector('[data-testid="play"]'), undefined, { timeout: T });
      const w = await f.evaluate(() => innerWidth);
      assert(w === 390, `the preview frame is ${w} px wide`);
      return snippet;
    });

    await run('no page errors', async () => {
      if (errors.length) throw new Error(errors.join('\n'));
    });
  } catch (e) {
    results.push({ name: 'browser session', ok: false });
    console.log('FAIL browser session', e);
  } finally {
    await ctx?.close().catch(() => undefined);
    await server.close();
    rmSync(profile, { recursive: true, force: true });
    if (own) rmSync(dist, { recursive: true, force: true });
  }
  const passed = results.filter((r) => r.ok).length;
  console.log(`(${Math.round((Date.now() - t0) / 1000)} s)`);
  console.log(`${passed} passed, ${results.length - passed} failed`);
  return results.length - passed || results.length === 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(e);
    console.log('0 passed, 1 failed');
    process.exit(1);
  },
);
