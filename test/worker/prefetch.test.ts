// The worker's idle work (Timeline.prefetch) prepares the positions before the end only when the cursor is at the
// end: a lesson opened at its first step gets no replay to the end in the way of its first step (issue 13), and the
// dumps the timeline shows stay those of a fresh run.
import { describe, expect, it, vi } from 'vitest';
import { ScenarioRun } from '../../src/scenario/runner';
import type { Scenario } from '../../src/scenario/types';
import { validateScenario } from '../../src/scenario/validate';
import { Timeline, type EngineApi } from '../../src/worker/timeline';

function counting(): EngineApi & { runs: number } {
  const api = {
    runs: 0,
    validateScenario,
    createRun: (s: Scenario) => {
      api.runs++;
      return new ScenarioRun(s);
    },
  };
  return api;
}

const story = {
  version: 1,
  id: 'prefetch',
  brokers: 3,
  steps: [
    { do: 'createTopic', topic: 'orders', partitions: 2, replicationFactor: 3 },
    { do: 'produce', topic: 'orders', count: 20, key: 'k{n}' },
    { do: 'crashBroker', broker: 2 },
    { do: 'advance', ms: 20000 },
    { do: 'produce', topic: 'orders', count: 5 },
  ],
};

/** The dump a fresh run shows at position c (Timeline.runTo on a timeline that caches nothing). */
function freshDump(c: number): string {
  const tl = new Timeline({ validateScenario, createRun: (s) => new ScenarioRun(s) });
  tl.load(story);
  return JSON.stringify(tl.runTo(c).dump());
}

describe('Timeline.prefetch', () => {
  it('does nothing while the cursor is not at the end (a lesson opened at its first step)', () => {
    const api = counting();
    const tl = new Timeline(api);
    tl.checkpointing = false;
    expect(tl.load(story)).toBeNull();
    tl.seekStep(1);
    const runs = api.runs;
    tl.prefetch();
    expect(api.runs).toBe(runs);
    // the step forward still shows what a fresh run shows there
    tl.seekStep(2);
    expect(JSON.stringify(tl.view().dump)).toBe(freshDump(tl.cursor));
  });

  it('at the end, prepares the position before it: stepping back then replays nothing', () => {
    const api = counting();
    const tl = new Timeline(api);
    tl.checkpointing = false;
    tl.load(story);
    tl.seek(tl.lastSeq());
    tl.prefetch();
    const runs = api.runs;
    tl.seek(tl.lastSeq() - 1);
    expect(api.runs).toBe(runs);
    expect(JSON.stringify(tl.view().dump)).toBe(freshDump(tl.lastSeq() - 1));
  });
});

describe('Timeline.fillList', () => {
  /** The position `n` events back from c that the arrows land on (network requests and step bookkeeping skipped). */
  function back(tl: Timeline, c: number): number {
    const ev = tl.run!.events;
    let k = c - 1;
    while (k > 0 && (ev[k].type === 'MessageSent' || ev[k].type === 'StepStarted')) k--;
    return k;
  }

  it('with room for a few dumps only, keeps those the arrows land on: five presses back from the end replay nothing', () => {
    const api = counting();
    let t = 0;
    const tl = new Timeline(api, () => t++); // every clock read one "ms": a dump costs 1, a capture may spend 8
    tl.checkpointing = false;
    tl.load(story);
    tl.captureMs = 8;
    tl.seek(tl.lastSeq());
    tl.prefetch();
    const runs = api.runs;
    let c = tl.lastSeq();
    const seen: number[] = [];
    for (let i = 0; i < 5; i++) {
      c = back(tl, c);
      tl.seek(c);
      seen.push(c);
      expect(JSON.stringify(tl.view().dump)).toBe(freshDump(c));
    }
    expect(api.runs).toBe(runs);
    // the history has requests between those events: the raw neighbours alone would not have reached them
    expect(tl.lastSeq() - seen[4]).toBeGreaterThan(8);
  });
});

describe('a capture and the cost of steps', () => {
  it('starts no step that cost the full run more than the time left: opening at step 1 does not run the long step 2', () => {
    // a clock that the steps move: step 2 (index 1) costs 1000 ms, the others 1 ms
    let now = 0,
      stepsRun = 0;
    const runStep = ScenarioRun.prototype.runStep;
    const spy = vi.spyOn(ScenarioRun.prototype, 'runStep').mockImplementation(function (this: ScenarioRun) {
      now += this.nextStep === 1 ? 1000 : 1;
      stepsRun++;
      runStep.call(this);
    });
    try {
      const tl = new Timeline(counting(), () => now);
      tl.checkpointing = false;
      expect(tl.load(story)).toBeNull();
      const before = stepsRun;
      tl.seekStep(0);
      expect(stepsRun - before).toBe(1); // step 1 (a head start for ») but not the long one
      expect(JSON.stringify(tl.view().dump)).toBe(freshDump(tl.cursor));
      for (const k of [1, 2, 3]) {
        tl.seekStep(k);
        expect(JSON.stringify(tl.view().dump), `step ${k}`).toBe(freshDump(tl.cursor));
      }
    } finally {
      spy.mockRestore();
    }
  });
});
