// The timeline seeks from the nearest checkpoint (ScenarioRun.checkpoint, docs/engine.md "Snapshots") instead of
// replaying from the start: a seek replays what lies between that checkpoint and its position, whatever came
// before. Every position shows the dump a fresh full replay shows (compared as JSON); a command in the past starts
// from a checkpoint too; the checkpoints kept are capped and spread over the whole history.
import { readdirSync, readFileSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ScenarioRun } from '../../src/scenario/runner';
import type { Scenario } from '../../src/scenario/types';
import { validateScenario } from '../../src/scenario/validate';
import { scenarioEngine } from '../../src/worker/engineApi';
import { CHECKPOINT_OBJECTS, Checkpoints, DENSE_COST_MS, MAX_CHECKPOINTS } from '../../src/worker/checkpoints';
import { DENSE_LEAST_MS, SENT_LIST_MAX, Timeline, type EngineApi } from '../../src/worker/timeline';

/** The idle work's tests' unit of work: what DENSE_LEAST_MS is cut in ten. */
const u = DENSE_LEAST_MS / 10;

/** Steps run by any run (a closure on a run would make it impossible to checkpoint: the spy is on the class). */
let stepsRun = 0;
/** Added to the test clock by each step. */
let stepCost = 0;
/** When set, what each step costs by its number instead. */
let stepCostAt: ((step: number) => number) | null = null;
let now = 0;
const runStep = ScenarioRun.prototype.runStep;
vi.spyOn(ScenarioRun.prototype, 'runStep').mockImplementation(function (this: ScenarioRun) {
  stepsRun++;
  now += stepCostAt ? stepCostAt(this.nextStep) : stepCost;
  runStep.call(this);
});
afterEach(() => {
  stepCost = 0;
  stepCostAt = null;
});

/** The real engine, counting the runs started from the beginning and from a checkpoint. */
function counting(): EngineApi & { fresh: number; restored: number } {
  const api = {
    fresh: 0,
    restored: 0,
    validateScenario,
    createRun: (s: Scenario) => {
      api.fresh++;
      return scenarioEngine.createRun(s);
    },
    restoreRun: (...args: Parameters<NonNullable<EngineApi['restoreRun']>>) => {
      api.restored++;
      return scenarioEngine.restoreRun!(...args);
    },
  };
  return api;
}

/** A timeline that checkpoints after every step and captures no more than the position asked for. */
function everyStep(api: EngineApi = counting()): Timeline {
  const tl = new Timeline(api, () => 0);
  tl.checkpointAfterMs = 0;
  tl.captureMs = 0;
  tl.seekCaptureMs = 0;
  tl.stepHeadStartMs = 0;
  return tl;
}

const plainTimeline = () => new Timeline({ validateScenario, createRun: (s) => new ScenarioRun(s) });

const longStory = {
  version: 1,
  id: 'long',
  brokers: 3,
  steps: [
    { do: 'createTopic', topic: 't', partitions: 1, replicationFactor: 3 },
    { do: 'produce', topic: 't', count: 3, acks: 'all' },
    { do: 'advance', ms: 120_000 },
    { do: 'produce', topic: 't', count: 2, acks: 1 },
    { do: 'crashBroker', broker: 1 },
    { do: 'advance', ms: 20_000 },
    { do: 'startBroker', broker: 1 },
    { do: 'advance', ms: 5_000 },
  ],
};

/** A topic and 29 one-record produces: 30 steps of the same cost. */
function thirtySteps(id: string) {
  const steps: object[] = [{ do: 'createTopic', topic: 't', partitions: 1, replicationFactor: 3 }];
  for (let i = 0; i < 29; i++) steps.push({ do: 'produce', topic: 't', count: 1 });
  return { version: 1, id, brokers: 3, steps };
}

/** The dump a fresh run of `story` shows after `steps` steps. */
function freshDumpAt(story: object, steps: number): string {
  const v = validateScenario(story);
  if (!v.ok) throw new Error(v.problem.message);
  const fresh = new ScenarioRun(v.scenario);
  while (fresh.nextStep < steps) fresh.runStep();
  return JSON.stringify(fresh.dump(SENT_LIST_MAX));
}

const lessonsDir = new URL('../../public/lessons/', import.meta.url);
const lessons = readdirSync(lessonsDir).filter((f) => f.endsWith('.json') && f !== 'index.json');
/**
 * The 737k-record lesson's dumps are 32 MB (every acknowledged record) and a checkpoint after its long steps costs
 * half a second: the steps after its long ones, not all, and checkpoints where the timeline takes them on its own.
 */
const heavy: Record<string, number[]> = { 'offset-lookup-article.json': [2, 16, 29] };

describe('seeks from checkpoints give the dumps of a fresh full replay', () => {
  for (const f of lessons) {
    it(`${f}: every step, seeking back and forth`, () => {
      const json = JSON.parse(readFileSync(new URL(f, lessonsDir), 'utf8')) as unknown;
      const v = validateScenario(json);
      if (!v.ok) throw new Error(v.problem.message);
      const n = v.scenario.steps.length;
      const api = counting();
      const tl = heavy[f] ? new Timeline(api) : everyStep(api);
      tl.captureMs = 0;
      tl.seekCaptureMs = 0;
      tl.stepHeadStartMs = 0;
      expect(tl.load(json)).toBeNull();
      expect(tl.checkpointSteps.length).toBeGreaterThan(0);
      expect(tl.checkpointSteps.length).toBeLessThanOrEqual(MAX_CHECKPOINTS);
      // the fresh replay goes forward; the timeline is first sent to the end and to the middle, then to each step
      const steps = heavy[f] ?? Array.from({ length: n + 1 }, (_, k) => k);
      tl.seekStep(n);
      tl.seekStep(Math.floor(n / 2));
      const fresh = new ScenarioRun(v.scenario);
      for (const k of steps) {
        while (fresh.nextStep < k) fresh.runStep();
        const before = stepsRun;
        tl.seekStep(k);
        expect(JSON.stringify(tl.view().dump), `step ${k}`).toBe(JSON.stringify(fresh.dump(SENT_LIST_MAX)));
        // from the checkpoint at the end of the step before k-1: at most the steps since that checkpoint
        const cp = Math.max(0, ...tl.checkpointSteps.filter((s) => s <= k - 1));
        expect(stepsRun - before, `steps replayed for step ${k}`).toBeLessThanOrEqual(Math.max(1, k - cp));
      }
    }, 300_000);
  }
});

describe('checkpoints in the timeline', () => {
  it("the end of a step is shown from the checkpoint taken after it: no step runs (» and « through a lesson's long steps)", () => {
    const plain = plainTimeline();
    expect(plain.load(longStory)).toBeNull();
    const tl = everyStep();
    expect(tl.load(longStory)).toBeNull();
    const n = longStory.steps.length;
    for (const k of [3, 1, 5, 2, 7, 4]) {
      expect(tl.checkpointSteps).toContain(k);
      const before = stepsRun;
      tl.seekStep(k);
      expect(stepsRun - before, `steps run to show the end of step ${k}`).toBe(0);
      plain.seekStep(k);
      expect(tl.cursor).toBe(plain.cursor);
      expect(JSON.stringify(tl.view().dump), `step ${k}`).toBe(JSON.stringify(plain.view().dump));
    }
    // and Timeline.runTo (a position the cache cannot give) too
    plain.seekStep(3);
    const before = stepsRun;
    const end3 = tl.runTo(plain.cursor);
    expect(stepsRun - before).toBe(0);
    expect(JSON.stringify(end3.dump())).toBe(JSON.stringify(plain.view().dump));
    expect(n).toBeGreaterThan(7);
  });

  it('every position inside steps shows the dump of a timeline without checkpoints; stepping back does not replay the long step', () => {
    const plain = plainTimeline();
    expect(plain.load(longStory)).toBeNull();
    const api = counting();
    const tl = everyStep(api);
    expect(tl.load(longStory)).toBeNull();
    expect(tl.checkpointSteps).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    for (const t of [tl, plain]) t.window = 5;
    const longEnd = (() => {
      plain.seekStep(3);
      return plain.cursor;
    })();
    let replayed = 0;
    for (let c = tl.lastSeq() - 1; c > longEnd; c -= 9) {
      const before = stepsRun;
      tl.seek(c);
      replayed += stepsRun - before;
      plain.seek(c);
      expect(JSON.stringify(tl.view().dump), `position ${c}`).toBe(JSON.stringify(plain.view().dump));
    }
    expect(api.fresh).toBe(1); // the full run only: every capture started from a checkpoint after the long step
    expect(api.restored).toBeGreaterThan(0);
    // each capture ran the position's own step, never the long one
    expect(replayed).toBeLessThanOrEqual(api.restored);
    for (const c of [tl.view().minCursor, tl.view().minCursor + 1, longEnd - 1, longEnd]) {
      tl.seek(c);
      plain.seek(c);
      expect(JSON.stringify(tl.view().dump), `position ${c}`).toBe(JSON.stringify(plain.view().dump));
    }
  });

  it('a command in the past starts from the checkpoint before it: the same trace and dumps as a fresh run of its steps', () => {
    const api = counting();
    const tl = everyStep(api);
    expect(tl.load(longStory)).toBeNull();
    tl.seekStep(4);
    const fresh = api.fresh;
    expect(tl.command({ do: 'crashBroker', broker: 2 } as never)).toBeNull();
    expect(api.fresh).toBe(fresh); // no replay from the start
    expect(tl.scenario!.steps.map((s) => s.do)).toEqual(['createTopic', 'produce', 'advance', 'produce', 'crashBroker']);
    expect(tl.checkpointSteps).toEqual([1, 2, 3, 4, 5]);
    const v = validateScenario({ ...longStory, steps: [...longStory.steps.slice(0, 4), { do: 'crashBroker', broker: 2 }] });
    if (!v.ok) throw new Error(v.problem.message);
    const run = new ScenarioRun(v.scenario);
    run.runToEnd();
    const view = tl.view();
    expect(JSON.stringify(view.events)).toBe(JSON.stringify(run.events));
    expect(JSON.stringify(view.dump)).toBe(JSON.stringify(run.dump()));
    // and the steps after: appended to that run
    expect(tl.command({ do: 'advance', ms: 30_000 } as never)).toBeNull();
    run.scenario.steps.push({ do: 'advance', ms: 30_000 } as never);
    run.runStep();
    expect(JSON.stringify(tl.view().dump)).toBe(JSON.stringify(run.dump()));
    tl.seekStep(3);
    const at3 = new ScenarioRun(v.scenario);
    for (let i = 0; i < 3; i++) at3.runStep();
    expect(JSON.stringify(tl.view().dump)).toBe(JSON.stringify(at3.dump()));
  });

  it('a restored run refuses a scenario that does not start as the checkpointed one', () => {
    const v = validateScenario(longStory);
    if (!v.ok) throw new Error(v.problem.message);
    const run = new ScenarioRun(v.scenario);
    run.runStep();
    run.runStep();
    const cp = run.checkpoint();
    const other = validateScenario({ ...longStory, steps: [longStory.steps[0], { do: 'produce', topic: 't', count: 4, acks: 'all' }] });
    if (!other.ok) throw new Error(other.problem.message);
    expect(() => ScenarioRun.restore(cp, run.events, other.scenario)).toThrow(/first 2 steps/);
    const longer = validateScenario({ ...longStory, steps: [...longStory.steps.slice(0, 2), { do: 'crashBroker', broker: 3 }] });
    if (!longer.ok) throw new Error(longer.problem.message);
    expect(ScenarioRun.restore(cp, run.events, longer.scenario).nextStep).toBe(2);
  });

  it('the checkpoints are capped: thinned out over the whole history as it grows, the spacing doubling', () => {
    const tl = new Timeline(counting(), () => now);
    tl.checkpointAfterMs = 10;
    tl.captureMs = 0;
    tl.seekCaptureMs = 0;
    tl.stepHeadStartMs = 0;
    stepCost = 10; // every step costs 10 ms of work, a checkpoint nothing: at first one after every step
    const steps = [{ do: 'createTopic', topic: 't', partitions: 1, replicationFactor: 3 }];
    // past twice the cap: thinned twice
    for (let i = 0; i < 2 * MAX_CHECKPOINTS + 19; i++) steps.push({ do: 'produce', topic: 't', count: 1 } as never);
    expect(tl.load({ version: 1, id: 'many', brokers: 3, steps: steps.slice(0, 10) })).toBeNull();
    expect(tl.checkpointSteps).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    for (const s of steps.slice(10)) expect(tl.command(s as never)).toBeNull();
    const at = tl.checkpointSteps;
    expect(at.length).toBeLessThanOrEqual(MAX_CHECKPOINTS);
    expect(at.length).toBeGreaterThanOrEqual(MAX_CHECKPOINTS / 2);
    const gaps = at.map((s, i) => s - (i ? at[i - 1] : 0));
    // at most twice the evenly spread gap, the end included
    const even = Math.ceil(steps.length / at.length);
    expect(Math.max(...gaps)).toBeLessThanOrEqual(2 * even);
    expect(steps.length - at[at.length - 1]).toBeLessThanOrEqual(2 * even);
    // seeks stay right with the thinned checkpoints
    const v = validateScenario({ version: 1, id: 'many', brokers: 3, steps });
    if (!v.ok) throw new Error(v.problem.message);
    const fresh = new ScenarioRun(v.scenario);
    for (const k of [13, 50, 77]) {
      while (fresh.nextStep < k) fresh.runStep();
      tl.seekStep(k);
      expect(JSON.stringify(tl.view().dump), `step ${k}`).toBe(JSON.stringify(fresh.dump(SENT_LIST_MAX)));
    }
  });

  it('a run that cannot be checkpointed still runs its steps: the timeline goes on without checkpoints', () => {
    const api = counting();
    const create = api.createRun;
    api.createRun = (s) => {
      const run = create(s) as ScenarioRun;
      Object.defineProperty(run, 'checkpoint', {
        value: () => {
          throw new Error('engine state holds a closure');
        },
      });
      return run;
    };
    const tl = everyStep(api);
    expect(tl.load(longStory)).toBeNull();
    expect(tl.checkpointSteps).toEqual([]);
    expect(tl.command({ do: 'crashBroker', broker: 2 } as never)).toBeNull();
    expect(tl.scenario!.steps).toHaveLength(longStory.steps.length + 1);
    const plain = plainTimeline();
    expect(plain.load({ ...longStory, steps: [...longStory.steps, { do: 'crashBroker', broker: 2 }] })).toBeNull();
    expect(JSON.stringify(tl.view().dump)).toBe(JSON.stringify(plain.view().dump));
  });

  it('without restoreRun (or with checkpointing off) there are no checkpoints and every capture starts afresh', () => {
    const off = everyStep();
    off.checkpointing = false;
    expect(off.load(longStory)).toBeNull();
    expect(off.checkpointSteps).toEqual([]);
    const plain = plainTimeline();
    expect(plain.load(longStory)).toBeNull();
    expect(plain.checkpointSteps).toEqual([]);
    off.seekStep(4);
    plain.seekStep(4);
    expect(JSON.stringify(off.view().dump)).toBe(JSON.stringify(plain.view().dump));
  });

  it('while idle, the run a seek stopped with becomes a checkpoint where they are far apart: the next seek near it replays less', () => {
    const tl = new Timeline(counting(), () => now);
    tl.checkpointAfterMs = 100; // every step costs 10 ms: a checkpoint every 10 steps at most
    tl.captureMs = 0;
    tl.seekCaptureMs = 0;
    tl.stepHeadStartMs = 0;
    stepCost = 10;
    const story = thirtySteps('far');
    expect(tl.load(story)).toBeNull();
    const before = tl.checkpointSteps;
    expect(before).toEqual([10, 20, 30]);
    tl.seekStep(15); // from the checkpoint after step 10: the parked run is at step 15, 5 steps from each neighbour
    expect(tl.prefetch()).toBe(true);
    expect(tl.checkpointSteps).toEqual([10, 15, 20, 30]);
    // nothing more there: its neighbours are too near now
    tl.seekStep(17);
    tl.prefetch();
    expect(tl.checkpointSteps).toEqual([10, 15, 20, 30]);
    // a seek near it (the parked run elsewhere) starts from it: 3 steps instead of 8, and shows what a fresh run shows
    tl.seekStep(3);
    (tl as unknown as { cache: Map<number, unknown> }).cache.clear(); // the idle capture had reached step 18
    const ran = stepsRun;
    tl.seekStep(18);
    expect(stepsRun - ran).toBe(3);
    expect(JSON.stringify(tl.view().dump)).toBe(freshDumpAt(story, 18));
  });

  it('while idle longer, more checkpoints where they are furthest apart, a short piece at a time: a seek anywhere replays less', () => {
    const tl = new Timeline(counting(), () => now);
    // in units of DENSE_LEAST_MS / 10 (u): every step costs 4u, a checkpoint every 10 steps at load
    tl.checkpointAfterMs = 40 * u;
    tl.captureMs = 9 * u; // a piece: two steps
    tl.seekCaptureMs = 0;
    tl.stepHeadStartMs = 0;
    stepCost = 4 * u;
    const story = thirtySteps('dense');
    expect(tl.load(story)).toBeNull();
    expect(tl.checkpointSteps).toEqual([10, 20, 30]);
    let pieces = 0;
    for (;;) {
      const ran = stepsRun;
      const more = tl.densify();
      expect(stepsRun - ran).toBeLessThanOrEqual(2);
      pieces++;
      if (!more) break;
      expect(pieces).toBeLessThan(100);
    }
    // each stretch of 10 steps split in two: 20u of work on each side; 5 steps (20u) cannot be cut with
    // DENSE_LEAST_MS (10u) on each side
    expect(tl.checkpointSteps).toEqual([5, 10, 15, 20, 25, 30]);
    expect(tl.densify()).toBe(false);
    const ran = stepsRun;
    tl.seekStep(18); // from the checkpoint after step 15: 3 steps instead of 8
    expect(stepsRun - ran).toBe(3);
    expect(JSON.stringify(tl.view().dump)).toBe(freshDumpAt(story, 18));
  });
  it('while idle, a stretch whose split needs a step longer than a piece waits for a long pause; the others are split meanwhile', () => {
    const tl = new Timeline(counting(), () => now);
    tl.checkpointAfterMs = 40 * u; // in units of DENSE_LEAST_MS / 10, as above
    tl.captureMs = 9 * u; // a piece: two steps of 4u
    tl.seekCaptureMs = 0;
    tl.stepHeadStartMs = 0;
    // every step costs 4u but step 10, 30u (a produce that met a garbage collection)
    stepCostAt = (k) => (k === 10 ? 30 : 4) * u;
    const story = thirtySteps('long-step');
    expect(tl.load(story)).toBeNull();
    // [0,10) 40u, [10,14) 42u (the widest: its middle is after step 10), [14,24) 40u, [24,30) 24u
    expect(tl.checkpointSteps).toEqual([10, 14, 24]);
    let ran = stepsRun;
    for (let pieces = 0; tl.densify(); pieces++) {
      expect(stepsRun - ran).toBeLessThanOrEqual(2);
      expect(pieces).toBeLessThan(100);
      ran = stepsRun;
    }
    // the other stretches were split although the widest waits (it stopped them all: no checkpoint added)
    expect(tl.checkpointSteps).toEqual([5, 10, 14, 19, 24, 27]);
    // a long pause: a piece may run step 10
    while (tl.densify(true));
    expect(tl.checkpointSteps).toEqual([5, 10, 11, 14, 19, 24, 27]);
    const before = stepsRun;
    tl.seekStep(13); // from the checkpoint after step 11: 2 steps
    expect(stepsRun - before).toBe(2);
    expect(JSON.stringify(tl.view().dump)).toBe(freshDumpAt(story, 13));
  });
});

describe('Checkpoints.widestSplit', () => {
  const at = (stepMs: number[], kept: number[], least: number, longestStep?: number) => {
    const c = new Checkpoints(40, () => 0);
    c.stepMs = stepMs;
    c.list = kept.map((nextStep) => ({ nextStep }) as never);
    return c.widestSplit(stepMs.length, least, longestStep);
  };

  it('splits the widest stretch nearest the middle of its work, with `least` on each side', () => {
    // eight steps of 10 ms, no checkpoint: after step 4 (40 | 40)
    expect(at([10, 10, 10, 10, 10, 10, 10, 10], [], 20)).toEqual({ from: 0, at: 4 });
    // checkpoints after steps 2 and 4: [0,2) 20 ms, [2,4) 20 ms, [4,8) 40 ms: the last, after step 6
    expect(at([10, 10, 10, 10, 10, 10, 10, 10], [2, 4], 20)).toEqual({ from: 4, at: 6 });
    // uneven work: 5 + 5 + 30 + 40: the middle (40) falls at the end of the third step
    expect(at([5, 5, 30, 40], [], 20)).toEqual({ from: 0, at: 3 });
    // [0,4) 40 ms, [4,8) 70 ms whose middle is after its first step (40 ms): with steps up to 15 ms, the other
    expect(at([10, 10, 10, 10, 40, 10, 10, 10], [4], 20)).toEqual({ from: 4, at: 5 });
    expect(at([10, 10, 10, 10, 40, 10, 10, 10], [4], 20, 15)).toEqual({ from: 0, at: 2 });
  });

  it('none where a stretch cannot be cut with enough on each side (one long step), or when one more would thin them', () => {
    expect(at([100], [], 20)).toBeNull();
    expect(at([90, 5, 5], [], 20)).toBeNull(); // 90 | 10: not 20 on the right
    expect(at([10, 10, 10], [], 20)).toBeNull(); // 30 ms: not 20 on each side
    const many = Array.from({ length: MAX_CHECKPOINTS - 1 }, (_, i) => i + 1);
    expect(at(Array(200).fill(10), many, 20)).toBeNull();
    // checkpoints that cost a third of DENSE_COST_MS each (a big cluster's): four would cost more; at a fifth they may
    const c = new Checkpoints(40, () => 0);
    c.stepMs = Array(200).fill(10);
    c.list = [{ nextStep: 100 }, { nextStep: 150 }, { nextStep: 180 }] as never;
    (c as unknown as { cost: number }).cost = DENSE_COST_MS / 3;
    expect(c.widestSplit(200, 20)).toBeNull();
    (c as unknown as { cost: number }).cost = DENSE_COST_MS / 5;
    expect(c.widestSplit(200, 20)).toEqual({ from: 0, at: 50 });
  });

  it("the objects they hold stay within CHECKPOINT_OBJECTS: the full run's are thinned out, idle work adds none past it", () => {
    const size = CHECKPOINT_OBJECTS / 10; // a big cluster's: ten fit
    const run = { nextStep: 0, halted: false, checkpoint: () => ({ nextStep: run.nextStep, events: 0, objects: size }) };
    const c = new Checkpoints(10, () => 0); // a checkpoint after every step (10 ms of work) at first
    for (let k = 1; k <= 40; k++) {
      run.nextStep = k;
      c.afterStep(run as never, 10, 0, true);
      expect(c.objects(), `after step ${k}`).toBeLessThanOrEqual(CHECKPOINT_OBJECTS);
    }
    // thinned, not emptied, and spread over the history
    expect(c.list.length).toBeGreaterThanOrEqual(5);
    expect(c.list[0].nextStep).toBeLessThanOrEqual(8);
    expect(c.list[c.list.length - 1].nextStep).toBeGreaterThanOrEqual(32);
    // idle work: none more once ten are kept; one more when nine are
    const idle = new Checkpoints(40, () => 0);
    idle.stepMs = Array(200).fill(10);
    idle.list = Array.from({ length: 10 }, (_, i) => ({ nextStep: 100 + 10 * i, events: 0, objects: size }));
    expect(idle.widestSplit(200, 20)).toBeNull();
    run.nextStep = 50;
    expect(idle.offer(run as never, 200, 20)).toBe(false);
    idle.list.pop();
    expect(idle.widestSplit(200, 20)).toEqual({ from: 0, at: 50 });
    expect(idle.offer(run as never, 200, 20)).toBe(true);
    expect(idle.objects()).toBe(CHECKPOINT_OBJECTS);
    // one bigger than the whole budget stays (the latest), never none
    const huge = { nextStep: 0, halted: false, checkpoint: () => ({ nextStep: huge.nextStep, events: 0, objects: 2 * CHECKPOINT_OBJECTS }) };
    const big = new Checkpoints(10, () => 0);
    for (let k = 1; k <= 5; k++) {
      huge.nextStep = k;
      big.afterStep(huge as never, 10, 0, true);
      expect(big.list.length, `after step ${k}`).toBe(1);
    }
    expect(big.list[0].nextStep).toBeGreaterThanOrEqual(4);
  });
});
