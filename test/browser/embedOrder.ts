// Chromium checks of embed contract v1.1 (issue 17), from a course page on another origin: commands take effect
// in the order they arrive, a command posted while a load, seek or run is in progress waits for it, none is
// dropped. Called by embedChecks (embed.ts) with its page on the host.
// - every lesson (public/lessons), by id, and a scenario object: load + run + get-state posted back to back give
//   the Node runner's final state, byte for byte (JSON);
// - every lesson as an object: load + seek k + get-state give the state after k steps (a fresh Node run);
// - 200 mixed commands in one burst: the replies (states and errors) are the ones their order implies, computed
//   by a model of the contract over Node runs;
// - seek past the end: an error naming the number of steps, in the frame's language.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { ScenarioRun } from '../../src/scenario/runner';
import type { Scenario, SimEvent } from '../../src/scenario/types';
import { validateScenario } from '../../src/scenario/validate';

type Msg = { type: string; [k: string]: unknown };
type Check = (name: string, fn: () => Promise<string | void>) => Promise<void>;

const RUN_MS = 180_000; // offset-lookup-article writes ~737k records: about 15 s in the worker on an idle machine

function assert(cond: unknown, msg: string): asserts cond {
  if (!cond) throw new Error(msg);
}

const readJson = (rel: string): unknown => JSON.parse(readFileSync(join(process.cwd(), rel), 'utf8')) as unknown;

const digest = (v: unknown): string => {
  const j = JSON.stringify(v);
  return `${createHash('sha256').update(j).digest('hex')} (${j.length} bytes)`;
};

/**
 * What a Node run of a scenario shows: where each step ends in the trace, and the dump after k steps (as the
 * SHA-256 of its JSON: a lesson's dump can be 30 MB), for every k when `every`, else at the end and on demand.
 */
class Oracle {
  readonly steps: number;
  readonly events: SimEvent[];
  readonly minCursor: number;
  readonly stepEnds: number[] = [];
  private digests = new Map<number, string>();
  private scenario: Scenario;

  constructor(json: unknown, every: boolean) {
    const v = validateScenario(json);
    if (!v.ok) throw new Error(`invalid scenario in the test: ${JSON.stringify(v.problem)}`);
    this.scenario = v.scenario;
    this.steps = v.scenario.steps.length;
    const run = new ScenarioRun(v.scenario);
    this.minCursor = run.events.length - 1;
    if (every) this.digests.set(0, digest(run.dump()));
    for (let k = 0; k < this.steps; k++) {
      run.runStep();
      if (every) this.digests.set(k + 1, digest(run.dump()));
      this.stepEnds.push(run.events.length - 1);
    }
    this.digests.set(this.steps, digest(run.dump()));
    this.events = run.events.slice();
  }

  /** The digest of the dump after k steps. */
  after(k: number): string {
    let d = this.digests.get(k);
    if (d === undefined) {
      const run = new ScenarioRun(this.scenario);
      for (let i = 0; i < k; i++) run.runStep();
      d = digest(run.dump());
      this.digests.set(k, d);
    }
    return d;
  }
}

/**
 * The contract's timeline as a model: a position is the seq of the last event shown; a step's end is where
 * `seek` lands; `step`/`back` move to the next / previous step end; `run` to the last event. The state at a
 * position is the dump after the steps up to that event's (after all of them at the last event).
 */
class Model {
  cursor = -1;
  constructor(public o: Oracle) {
    this.cursor = o.minCursor;
  }
  get last(): number {
    return this.o.events.length - 1;
  }
  seek(k: number): void {
    this.cursor = k === 0 ? this.o.minCursor : this.o.stepEnds[k - 1];
  }
  step(): void {
    this.cursor = this.o.stepEnds.find((e) => e > this.cursor) ?? this.last;
  }
  back(): void {
    const prev = this.o.stepEnds.filter((e) => e < this.cursor && e > this.o.minCursor);
    this.cursor = prev.length ? prev[prev.length - 1] : this.o.minCursor;
  }
  run(): void {
    this.cursor = this.last;
  }
  index(): number {
    return Math.max(0, this.cursor >= 0 ? this.o.events[this.cursor].step : -1);
  }
  state(): string {
    if (this.cursor >= this.last) return this.o.after(this.o.steps);
    if (this.cursor <= this.o.minCursor) return this.o.after(0);
    return this.o.after(this.o.events[this.cursor].step + 1);
  }
}

/** A step k in the middle whose end is a position of its own (step k-1 emitted events, and later steps do too). */
function middleStep(o: Oracle): number {
  const ok = (k: number) => o.stepEnds[k - 1] > (k >= 2 ? o.stepEnds[k - 2] : o.minCursor) && o.stepEnds[k - 1] < o.events.length - 1;
  const mid = Math.ceil(o.steps / 2);
  for (let d = 0; d < o.steps; d++) for (const k of [mid - d, mid + d]) if (k >= 1 && k < o.steps && ok(k)) return k;
  throw new Error('no step with events of its own');
}

/** A small seeded generator, so a failing burst can be replayed. */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

export async function embedOrderChecks(page: Page, appUrl: string, check: Check): Promise<void> {
  /** Posts the messages one after the other in one task: no pause between them. */
  const burst = (list: unknown[]) =>
    page.evaluate((l) => {
      for (const m of l) (window as unknown as { send: (m: unknown) => void }).send(m);
    }, list);
  const count = () => page.evaluate('window.__msgs.length') as Promise<number>;
  /**
   * Waits until `n` replies (state or error) arrived after message `from`, and returns them with each state
   * replaced, in the page, by the SHA-256 of its JSON: a lesson's state can be 30 MB, too much to copy out at
   * every poll (later polls of window.__msgs then copy the digests only).
   */
  const replies = async (from: number, n: number, ms: number): Promise<Msg[]> => {
    const deadline = Date.now() + ms;
    while (Date.now() < deadline) {
      const have = await page.evaluate(
        (f) =>
          (window as unknown as { __msgs: Msg[] }).__msgs.slice(f).filter((x) => x.type === 'kafka-anatomy:state' || x.type === 'kafka-anatomy:error').length,
        from,
      );
      if (have >= n) break;
      await page.waitForTimeout(100);
    }
    const got = await page.evaluate(async (f) => {
      const all = (window as unknown as { __msgs: Msg[] }).__msgs;
      const out: Msg[] = [];
      for (let i = f; i < all.length; i++) {
        const m = all[i];
        if (m.type === 'kafka-anatomy:state' && typeof m.state !== 'string') {
          const j = JSON.stringify(m.state);
          const h = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(j)));
          all[i] = { ...m, state: `${Array.from(h, (b) => b.toString(16).padStart(2, '0')).join('')} (${j.length} bytes)` };
        }
        if (all[i].type === 'kafka-anatomy:state' || all[i].type === 'kafka-anatomy:error') out.push(all[i]);
      }
      return out;
    }, from);
    if (got.length < n) throw new Error(`${got.length} of ${n} replies: ${JSON.stringify(got).slice(0, 600)}`);
    return got;
  };
  const P = 'kafka-anatomy:';

  // EMBED_LESSONS=a,b narrows the lessons while working on this file; EMBED_VERBOSE=1 prints each one's time
  const only = process.env.EMBED_LESSONS?.split(',');
  const verbose = process.env.EMBED_VERBOSE === '1';
  const lessons = readdirSync(join(process.cwd(), 'public/lessons'))
    .filter((f) => f.endsWith('.json') && f !== 'index.json')
    .map((f) => f.slice(0, -5))
    .filter((id) => !only || only.includes(id))
    .sort();
  const oracles = new Map<string, Oracle>();
  const oracleOf = (rel: string, every = false) => {
    if (!oracles.has(rel)) oracles.set(rel, new Oracle(readJson(rel), every));
    return oracles.get(rel)!;
  };

  const targets: [string, string, unknown][] = [
    ...lessons.map((id): [string, string, unknown] => [`lesson ${id} (by id)`, `public/lessons/${id}.json`, id]),
    ['scenario acks-all-failover (an object)', 'public/scenarios/acks-all-failover.json', readJson('public/scenarios/acks-all-failover.json')],
  ];
  let nodeMs = 0;
  const slow: string[] = [];
  await check(
    `v1.1: load + run + get-state back to back give the Node runner's final state, byte for byte, for ${targets.length} scenarios (${lessons.length} lessons by id, one object)`,
    async () => {
      for (const [name, rel, scenario] of targets) {
        const t0 = Date.now();
        const o = oracleOf(rel);
        nodeMs += Date.now() - t0;
        const n = await count();
        const t1 = Date.now();
        await burst([{ type: P + 'load', scenario }, { type: P + 'run' }, { type: P + 'get-state' }]);
        const [r] = await replies(n, 1, RUN_MS);
        assert(r.type === 'kafka-anatomy:state', `${name}: ${JSON.stringify(r).slice(0, 300)}`);
        assert(r.index === o.steps - 1, `${name}: index ${String(r.index)} after run, expected ${o.steps - 1}`);
        const got = String(r.state);
        assert(got === o.after(o.steps), `${name}: the state differs from the runner's: ${got} vs ${o.after(o.steps)}`);
        if (Date.now() - t1 > 3000) slow.push(`${name.split(' ')[1]} ${Date.now() - t1} ms`);
        if (verbose) console.log(`     ${name}: Node ${t1 - t0} ms, frame ${Date.now() - t1} ms`);
      }
      return `Node runs ${nodeMs} ms; slowest in the frame: ${slow.join(', ') || 'none over 3 s'}`;
    },
  );

  await check(`v1.1: load + seek k + get-state back to back give the state after k steps, for ${lessons.length} lessons (objects)`, async () => {
    const seen: string[] = [];
    for (const id of lessons) {
      const rel = `public/lessons/${id}.json`;
      const o = oracleOf(rel);
      const k = middleStep(o);
      const n = await count();
      await burst([{ type: P + 'load', scenario: readJson(rel) }, { type: P + 'seek', step: k }, { type: P + 'get-state' }]);
      const [r] = await replies(n, 1, RUN_MS);
      assert(r.type === 'kafka-anatomy:state', `${id}: ${JSON.stringify(r).slice(0, 300)}`);
      assert(r.index === k - 1, `${id}: index ${String(r.index)} after seek ${k}, expected ${k - 1}`);
      assert(r.state === o.after(k), `${id}: the state after seek ${k} differs from a run of ${k} steps`);
      seen.push(`${id}@${k}`);
      if (verbose) console.log(`     ${id} seek ${k}: ok`);
    }
    return seen.slice(0, 4).join(', ') + ', …';
  });

  await check('v1.1: seek and a URL step past the end are errors naming the number of steps', async () => {
    const rel = 'public/lessons/record-format.json';
    const o = oracleOf(rel);
    const n = await count();
    await burst([
      { type: P + 'load', scenario: 'record-format' },
      { type: P + 'seek', step: o.steps + 1 },
      { type: P + 'seek', step: o.steps },
      { type: P + 'get-state' },
    ]);
    const [err, st] = await replies(n, 2, RUN_MS);
    assert(err.type === 'kafka-anatomy:error' && err.field === 'step', `an error on "step": ${JSON.stringify(err)}`);
    assert(
      String(err.message).includes(`${o.steps + 1}`) && String(err.message).includes(`has ${o.steps} steps`),
      `the message names the step and the count: ${String(err.message)}`,
    );
    assert(st.type === 'kafka-anatomy:state' && st.state === o.after(o.steps), 'seek to the number of steps is the end');
    // the URL parameter: the frame opens at the start and says why, in its language
    const shown: string[] = [];
    for (const lang of ['en', 'zh']) {
      const p = await page.context().newPage();
      try {
        await p.goto(new URL(`embed.html?scenario=record-format&step=99&lang=${lang}`, appUrl).href);
        const e = p.locator('[data-testid="error"]').first();
        await e.waitFor({ timeout: 30_000 });
        const t = (await e.textContent()) ?? '';
        assert(
          t.includes('99') && t.includes(String(o.steps)) && (lang === 'en' ? /has 10 steps/.test(t) : /共有 10 步/.test(t)),
          `${lang}: the error names the step and the count: ${t}`,
        );
        await p.locator('[data-testid="lesson-panel"][data-lesson="record-format"]').waitFor({ timeout: 30_000 });
        shown.push(t);
      } finally {
        await p.close();
      }
    }
    return `${String(err.message)} | ${shown.join(' | ')}`;
  });

  await check('v1.1: 200 mixed commands posted in one burst give the replies their order implies', async () => {
    const pool: [string, unknown][] = [
      ['public/lessons/segments-and-index.json', 'segments-and-index'],
      ['public/lessons/record-format.json', readJson('public/lessons/record-format.json')],
      ['public/lessons/power-loss-and-flush.json', readJson('public/lessons/power-loss-and-flush.json')],
    ];
    const rnd = lcg(17);
    const pick = <T>(xs: T[]): T => xs[Math.floor(rnd() * xs.length)];
    const cmds: unknown[] = [{ type: P + 'pause' }];
    // the replies expected, each with the command it answers
    const exp: ({ type: 'state'; index: number; state: string; at: number } | { type: 'error'; at: number })[] = [];
    let m: Model | null = null;
    const load = () => {
      const [rel, scenario] = pick(pool);
      m = new Model(oracleOf(rel, true));
      cmds.push({ type: P + 'load', scenario });
    };
    load();
    while (cmds.length < 199) {
      const r = rnd();
      const model = m!;
      if (r < 0.08) load();
      else if (r < 0.3) {
        const k = Math.floor(rnd() * (model.o.steps + 1));
        model.seek(k);
        cmds.push({ type: P + 'seek', step: k });
      } else if (r < 0.45) {
        model.step();
        cmds.push({ type: P + 'step' });
      } else if (r < 0.6) {
        model.back();
        cmds.push({ type: P + 'back' });
      } else if (r < 0.65) {
        model.run();
        cmds.push({ type: P + 'run' });
      } else if (r < 0.68) cmds.push({ type: P + 'pause' });
      else if (r < 0.71) {
        cmds.push({ type: P + 'seek', step: model.o.steps + 1 + Math.floor(rnd() * 5) });
        exp.push({ type: 'error', at: cmds.length - 1 });
      } else if (r < 0.73) {
        cmds.push({ type: P + 'no-such-command' });
        exp.push({ type: 'error', at: cmds.length - 1 });
      } else {
        cmds.push({ type: P + 'get-state' });
        exp.push({ type: 'state', index: model.index(), state: model.state(), at: cmds.length - 1 });
      }
    }
    cmds.push({ type: P + 'get-state' });
    exp.push({ type: 'state', index: m!.index(), state: m!.state(), at: cmds.length - 1 });
    assert(cmds.length === 200, `200 commands, not ${cmds.length}`);
    const n = await count();
    const t0 = Date.now();
    await burst(cmds);
    const got = await replies(n, exp.length, RUN_MS);
    const ms = Date.now() - t0;
    assert(got.length === exp.length, `${exp.length} replies, got ${got.length}`);
    exp.forEach((e, i) => {
      const g = got[i];
      assert(
        g.type === P + e.type,
        `reply ${i} (to command ${e.at}, ${JSON.stringify(cmds[e.at])}): ${g.type}, expected ${e.type}: ${JSON.stringify(g).slice(0, 200)}`,
      );
      if (e.type === 'state') {
        assert(g.index === e.index, `reply ${i} (to command ${e.at}): index ${String(g.index)}, expected ${e.index}`);
        assert(g.state === e.state, `reply ${i} (to command ${e.at}): the state is not the one the order implies`);
      }
    });
    const kinds = new Map<string, number>();
    for (const c of cmds) {
      const t = String((c as Msg).type).slice(P.length);
      kinds.set(t, (kinds.get(t) ?? 0) + 1);
    }
    return `${exp.length} replies in ${ms} ms; ${[...kinds].map(([k, v]) => `${v} ${k}`).join(', ')}`;
  });
}
