// The worker's idle work (Timeline.prefetch): at the end, the positions before it; elsewhere, the positions after the
// cursor from the run the seek stopped with — never a long replay in the way of the learner's next press (issue 13).
// The dumps the timeline shows stay those of a fresh run.
import { describe, expect, it, vi } from 'vitest';
import { ScenarioRun } from '../../src/scenario/runner';
import type { Scenario } from '../../src/scenario/types';
import { validateScenario } from '../../src/scenario/validate';
import { scenarioEngine } from '../../src/worker/engineApi';
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
  it('in the middle, goes on with the run the seek stopped: the step forward is ready, and no run replays from the start', () => {
    const api = counting();
    // a clock that does not move: the idle piece's budget never runs out, whatever the machine's load
    const tl = new Timeline(api, () => 0);
    tl.checkpointing = false;
    tl.stepHeadStartMs = 0; // a seek that stops at the end of its step, as a scrub does
    expect(tl.load(story)).toBeNull();
    tl.seekStep(1);
    const runs = api.runs;
    // the seek stopped at the end of its step (the learner waits); the idle work captures the next ones
    expect(tl.prefetch()).toBe(true);
    expect(api.runs).toBe(runs);
    tl.seekStep(2);
    tl.seekStep(3);
    expect(api.runs).toBe(runs);
    expect(JSON.stringify(tl.view().dump)).toBe(freshDump(tl.cursor));
  });

  it('in the middle, with no run to go on from, replays nothing longer than an idle piece', () => {
    const api = counting();
    const now = 0;
    const tl = new Timeline(api, () => now);
    tl.checkpointing = false;
    expect(tl.load(story)).toBeNull();
    tl.seekStep(3);
    // a new trace (a command at the end) leaves no parked run: the steps before the cursor would have to run again
    expect(tl.command({ do: 'advance', ms: 1000 })).toBeNull();
    tl.seekStep(3);
    (tl as unknown as { parked: null }).parked = null;
    (tl as unknown as { cps: { stepMs: number[] } }).cps.stepMs = [500, 500, 500, 500, 500, 500];
    const runs = api.runs;
    expect(tl.prefetch()).toBe(false);
    expect(api.runs).toBe(runs);
  });

  it('at the end, prepares the position before it: stepping back then replays nothing', () => {
    const api = counting();
    // a clock that does not move: the steps cost nothing, so a piece in a hurry replays them, whatever the load
    const tl = new Timeline(api, () => 0);
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

describe('a seek to the end of a step (», Play)', () => {
  it('goes on past it while quick: the next step ends are ready without idle time; a scrub elsewhere, or to a step end far away, stops at its step', () => {
    const ready = (headStart: boolean, to: (tl: Timeline) => void) => {
      const tl = new Timeline(counting(), () => 0); // a clock that does not move: always quick
      tl.checkpointing = false;
      if (!headStart) tl.stepHeadStartMs = 0;
      tl.load(story);
      to(tl);
      const cache = (tl as unknown as { cache: Map<number, unknown> }).cache;
      const ends = (tl as unknown as { stepEnds: number[] }).stepEnds.slice(2, 4);
      return ends.map((c) => cache.has(c));
    };
    expect(ready(true, (tl) => tl.seekStep(1))).toEqual([true, true]);
    expect(ready(false, (tl) => tl.seekStep(1))).toEqual([false, false]);
    const ends = (tl: Timeline) => (tl as unknown as { stepEnds: number[] }).stepEnds;
    // a position inside step 0 (not its end): no head start
    expect(ready(true, (tl) => tl.seek(ends(tl)[0] - 1))).toEqual([false, false]);
    // », from the end of step 0 to the end of step 1: a head start
    expect(
      ready(true, (tl) => {
        tl.seek(ends(tl)[0]);
        tl.seek(ends(tl)[1]);
      }),
    ).toEqual([true, true]);
    // a scrub from the last step that lands on the end of step 1: not stepping, no head start
    expect(ready(true, (tl) => tl.seek(ends(tl)[1]))).toEqual([false, false]);
  });
});

describe('Timeline.prefetch at the end, when a dump costs more than an idle piece', () => {
  it('still prepares where the arrow lands (not only the network request just before the end)', () => {
    const api = counting();
    const tl = new Timeline(api, () => 0); // the steps cost nothing (a piece in a hurry replays them)
    tl.checkpointing = false;
    tl.load(story);
    // a dump as costly as a 9-broker cluster's next to a piece (what load measured, made large)
    (tl as unknown as { dumpMs: number }).dumpMs = 10 * tl.captureMs;
    tl.seek(tl.lastSeq());
    tl.prefetch();
    const ev = tl.run!.events;
    let k = tl.lastSeq() - 1;
    while (ev[k].type === 'MessageSent' || ev[k].type === 'StepStarted') k--;
    expect(k).toBeLessThan(tl.lastSeq() - 1);
    const runs = api.runs;
    tl.seek(k);
    expect(api.runs).toBe(runs);
    expect(JSON.stringify(tl.view().dump)).toBe(freshDump(k));
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

/** A clock the steps move: step 2 (index 1) costs the full run 1000 ms, the others 1 ms; `run` counts the steps run,
 *  `long` the runs of step 2. `restore` takes the spy off. */
function longSecondStep() {
  const steps = { now: 0, run: 0, long: 0 };
  const runStep = ScenarioRun.prototype.runStep;
  const spy = vi.spyOn(ScenarioRun.prototype, 'runStep').mockImplementation(function (this: ScenarioRun) {
    if (this.nextStep === 1) steps.long++;
    steps.now += this.nextStep === 1 ? 1000 : 1;
    steps.run++;
    runStep.call(this);
  });
  return { steps, restore: () => spy.mockRestore() };
}

describe('a capture and the cost of steps', () => {
  it('starts no step that cost the full run more than the time left: opening at step 1 does not run the long step 2', () => {
    const { steps, restore } = longSecondStep();
    try {
      const tl = new Timeline(counting(), () => steps.now);
      tl.checkpointing = false;
      expect(tl.load(story)).toBeNull();
      const before = steps.run;
      tl.seekStep(0);
      expect(steps.run - before).toBe(1); // step 1 (a head start for ») but not the long one
      expect(JSON.stringify(tl.view().dump)).toBe(freshDump(tl.cursor));
      for (const k of [1, 2, 3]) {
        tl.seekStep(k);
        expect(JSON.stringify(tl.view().dump), `step ${k}`).toBe(freshDump(tl.cursor));
      }
    } finally {
      restore();
    }
  });
});

describe('Timeline.prefetch and a long step', () => {
  it('starts no long step until the worker has been idle a while (prefetch(true)): the next » is ready meanwhile', () => {
    const { steps, restore } = longSecondStep(); // checkpoints follow the long step
    try {
      const tl = new Timeline({ ...counting(), restoreRun: scenarioEngine.restoreRun }, () => steps.now);
      expect(tl.load(story)).toBeNull();
      expect(tl.checkpointSteps).toContain(2);
      tl.seekStep(1); // the end of the first step: the long one is next
      const ends = (tl as unknown as { stepEnds: number[] }).stepEnds;
      expect(tl.cursor).toBe(ends[0]);
      const cache = (tl as unknown as { cache: Map<number, unknown> }).cache;
      const inside = ends[0] + 2; // a position inside the long step
      expect(ends[1]).toBeGreaterThan(inside);
      const before = steps.long;
      // the pieces a press may meet: the long step's positions are left, the end of the next step is ready
      while (tl.prefetch());
      expect(steps.long).toBe(before);
      expect(cache.has(inside)).toBe(false);
      expect(cache.has(ends[2])).toBe(true);
      // once idle a while: one piece runs the long step and captures inside it
      expect(tl.prefetch(true)).toBe(true);
      expect(steps.long).toBe(before + 1);
      expect(cache.has(inside)).toBe(true);
      for (const c of [inside, ends[2]]) {
        tl.seek(c);
        expect(JSON.stringify(tl.view().dump), `position ${c}`).toBe(freshDump(c));
      }
    } finally {
      restore();
    }
  });
});

describe("a seek with Play's next moves (ahead)", () => {
  /** A timeline that captures only what a seek asks for (no neighbours), its step ends, and where step 3 runs. */
  function setup() {
    const api = counting();
    const tl = new Timeline(api, () => 0); // a clock that does not move: a dump costs nothing, room for every move
    tl.checkpointing = false;
    tl.window = 0; // no neighbours: only the positions asked for (and the step ends) are captured
    expect(tl.load(story)).toBeNull();
    const ends = (tl as unknown as { stepEnds: number[] }).stepEnds;
    const ev = tl.run!.events;
    // step 3 (20 s after the crash): five moves through it, as Play makes them, and its end
    const inside = Array.from({ length: ev.length }, (_, i) => i).filter((i) => ev[i].step === 3 && ev[i].type !== 'MessageSent');
    const moves = [1, 2, 3, 4, 5].map((j) => inside[Math.floor((j * inside.length) / 6)]);
    return { api, tl, ends, moves: [...moves, ends[3]] };
  }

  it("captures its step's next moves with it: the moves after the first replay nothing and show a fresh run's dumps", () => {
    const { api, tl, moves } = setup();
    tl.seek(moves[0], false, moves.slice(1));
    const runs = api.runs;
    for (const c of moves.slice(1)) {
      tl.seek(c);
      expect(api.runs).toBe(runs);
      expect(JSON.stringify(tl.view().dump)).toBe(freshDump(c));
    }
  });

  it('without them each move replays its step; a move in another step is not prepared; none when a dump is slow', () => {
    const plain = setup();
    plain.tl.seek(plain.moves[0]);
    let runs = plain.api.runs;
    plain.tl.seek(plain.moves[2]);
    expect(plain.api.runs).toBe(runs + 1);
    // the next step's first move: its step is not the one the seek runs
    const other = setup();
    const next = other.ends[3] + 1 + other.tl.run!.events.slice(other.ends[3] + 1).findIndex((e) => e.type !== 'MessageSent' && e.type !== 'StepStarted');
    other.tl.seek(other.moves[0], false, [next, other.moves[1]]);
    const cache = (other.tl as unknown as { cache: Map<number, unknown> }).cache;
    expect([cache.has(next), cache.has(other.moves[1])]).toEqual([false, true]);
    // a dump that costs more than a step end's head start (the 737k-record lesson's): the seek takes none
    const slow = setup();
    (slow.tl as unknown as { dumpMs: number }).dumpMs = 2 * slow.tl.stepHeadStartMs;
    slow.tl.seek(slow.moves[0], false, slow.moves.slice(1));
    runs = slow.api.runs;
    slow.tl.seek(slow.moves[1]);
    expect(slow.api.runs).toBe(runs + 1);
  });
});
