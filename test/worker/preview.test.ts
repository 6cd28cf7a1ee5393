// A heavy scenario's start is shown while its steps run (issue 13: the 737k-record lesson opens fast): the host
// sends a preview of the start-up (an unsolicited state) before the load's own answer, and that preview is the very
// position the answer then shows, byte for byte. Counted, not timed: a scenario gets one always or never.
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { IdbSessionStore } from '../../src/worker/session';
import { ScenarioRun } from '../../src/scenario/runner';
import { validateScenario } from '../../src/scenario/validate';
import { EngineHost } from '../../src/worker/host';
import type { WorkerResponse, WorkerState } from '../../src/worker/protocol';
import { PREVIEW_RECORDS, previewWorth, type EngineApi } from '../../src/worker/timeline';
import type { Scenario } from '../../src/scenario/types';

const heavy = (records = PREVIEW_RECORDS) => ({
  version: 1,
  id: 'heavy',
  seed: 1,
  brokers: 1,
  config: { 'batch.size': 1000000 },
  steps: [
    { do: 'createTopic', topic: 't', partitions: 1, replicationFactor: 1 },
    { do: 'produce', topic: 't', count: records - 1, value: null, acks: 1 },
    { do: 'produce', topic: 't', count: 1, acks: 1 },
  ],
});

const engine: EngineApi = { validateScenario, createRun: (s) => new ScenarioRun(s) };

function hostWithNotes(api: EngineApi = engine) {
  const notes: WorkerResponse[] = [];
  const h = new EngineHost(api, undefined, undefined, { notify: (r) => notes.push(r) });
  return { h, notes, states: () => notes.filter((n): n is WorkerState => n.type === 'state') };
}

const scenarioOf = (json: unknown): Scenario => {
  const v = validateScenario(json);
  if (!v.ok) throw new Error(v.problem.message);
  return v.scenario;
};

describe('previewWorth', () => {
  it('counts the records the produce steps write: 100,000 or more is worth a preview', () => {
    expect(previewWorth(scenarioOf(heavy()))).toBe(true);
    expect(previewWorth(scenarioOf(heavy(PREVIEW_RECORDS - 1)))).toBe(false);
    // a produce step without a count writes one record
    const s = scenarioOf(heavy());
    expect(previewWorth({ ...s, steps: s.steps.filter((x) => x.do !== 'produce' || x.count === 1) })).toBe(false);
  });
});

describe('EngineHost: the preview of a heavy scenario', () => {
  it('is sent before the answer, is the start the answer shows, and has a trace version of its own', async () => {
    const { h, notes, states } = hostWithNotes();
    const res = (await h.handle({ type: 'load', scenario: heavy(), step: 0 }, 7)) as WorkerState;
    expect(res.type).toBe('state');
    const previews = states().filter((s) => s.preview);
    expect(previews).toHaveLength(1);
    const p = previews[0];
    expect(p.id).toBe(0);
    expect(notes.indexOf(p)).toBe(notes.findIndex((n) => n.type === 'state')); // the first state sent
    expect(p.cursor).toBe(res.cursor);
    expect(p.minCursor).toBe(res.minCursor);
    expect(JSON.stringify(p.dump)).toBe(JSON.stringify(res.dump));
    expect(p.events).toEqual(res.events!.slice(0, p.cursor + 1));
    // no step has ended yet: the page narrates no step at the start (as at the whole trace's start)
    expect(p.stepEnds).toEqual([]);
    expect(res.stepEnds!.every((end) => end > p.cursor)).toBe(true);
    expect(p.scenario).toEqual(res.scenario);
    expect(p.traceVersion).not.toBe(res.traceVersion);
    expect(res.preview).toBeUndefined();
    expect(res.events!.length).toBeGreaterThan(p.events!.length);
  });

  it('is not sent for a lighter scenario, nor when the load opens at a later step', async () => {
    for (const [json, step] of [
      [heavy(PREVIEW_RECORDS - 1), 0],
      [heavy(), 2],
    ] as const) {
      const { h, states } = hostWithNotes();
      expect((await h.handle({ type: 'load', scenario: json, step }, 1)).type).toBe('state');
      expect(states().filter((s) => s.preview)).toHaveLength(0);
    }
  });

  it('comes with a restore that opens a scenario at its start, not with one that opens at a position', async () => {
    const a = hostWithNotes();
    expect((await a.h.handle({ type: 'restore', fallback: heavy(), scenario: heavy() }, 1)).type).toBe('state');
    expect(a.states().filter((s) => s.preview)).toHaveLength(1);
    const b = hostWithNotes();
    expect((await b.h.handle({ type: 'restore', fallback: heavy(), scenario: heavy(), cursor: 1e9 }, 1)).type).toBe('state');
    expect(b.states().filter((s) => s.preview)).toHaveLength(0);
  });

  it('when the load fails after it, the timeline the UI had comes back whole (the preview is not left on screen)', async () => {
    let failing = false;
    const api: EngineApi = {
      validateScenario,
      createRun: (s) => {
        const run = new ScenarioRun(s);
        if (!failing) return run;
        const step = run.runStep.bind(run);
        run.runStep = () => {
          if (run.nextStep === 1) throw new Error('the engine broke');
          step();
        };
        return run;
      },
    };
    const { h, states } = hostWithNotes(api);
    const light = heavy(10);
    const first = (await h.handle({ type: 'load', scenario: light, step: 0 }, 1)) as WorkerState;
    failing = true;
    const res = await h.handle({ type: 'load', scenario: heavy(), step: 0 }, 2);
    expect(res.type).toBe('error');
    const sent = states();
    expect(sent.map((s) => s.preview === true)).toEqual([true, false]);
    const back = sent[1];
    expect(back.events).toEqual(first.events);
    expect(back.scenario).toEqual(first.scenario);
    expect(back.traceVersion).not.toBe(sent[0].traceVersion);
  });

  it('comes with a saved record opened again where it was left at its start, not with one left further on', async () => {
    let db = 0;
    for (const [moved, previews] of [
      [false, 1],
      [true, 0],
    ] as const) {
      const name = `preview-test-${++db}`;
      const first = new EngineHost(engine, new IdbSessionStore(name));
      expect((await first.handle({ type: 'restore', fallback: heavy(), scenario: heavy() }, 1)).type).toBe('state');
      if (moved) await first.handle({ type: 'seek', cursor: 1e9 }, 2);
      await first.handle({ type: 'sessions' }, 3); // waits for the save of the position
      // the page is reloaded: the same link opens the saved record
      const notes: WorkerResponse[] = [];
      const again = new EngineHost(engine, new IdbSessionStore(name), undefined, { notify: (r) => notes.push(r) });
      const res = (await again.handle({ type: 'restore', fallback: heavy(), scenario: heavy() }, 1)) as WorkerState;
      expect(res.type).toBe('state');
      expect(res.cursor).toBe(moved ? res.events!.length - 1 : res.minCursor);
      expect(notes.filter((n) => n.type === 'state' && n.preview)).toHaveLength(previews);
    }
  });
});

describe('EngineHost: the load after a preview waits for the page to draw it', () => {
  const tick = (ms = 0) => new Promise((r) => setTimeout(r, ms));

  it('goes on when the page says it has drawn the preview, and answers what an unpaced load answers', async () => {
    const notes: WorkerResponse[] = [];
    const h = new EngineHost(engine, undefined, undefined, { notify: (r) => notes.push(r), previewWaitMs: 60_000 });
    let answered: WorkerResponse | null = null;
    const pending = h.handle({ type: 'load', scenario: heavy(), step: 0 }, 1).then((r) => (answered = r));
    while (!notes.some((n) => n.type === 'state' && n.preview)) await tick();
    // the steps (99,999 records) wait: the page has the cores to draw the preview
    await tick(30);
    expect(answered).toBeNull();
    h.previewDrawn();
    const res = (await pending) as WorkerState;
    const unpaced = (await hostWithNotes().h.handle({ type: 'load', scenario: heavy(), step: 0 }, 1)) as WorkerState;
    expect(res.type).toBe('state');
    expect(res.events).toEqual(unpaced.events);
    expect(JSON.stringify(res.dump)).toBe(JSON.stringify(unpaced.dump));
  });

  it('goes on after previewWaitMs when the page never says so (a hidden tab draws nothing)', async () => {
    const h = new EngineHost(engine, undefined, undefined, { previewWaitMs: 20 });
    expect((await h.handle({ type: 'restore', fallback: heavy(), scenario: heavy() }, 1)).type).toBe('state');
    // a drawn preview that comes late, or a load with no preview, lets nothing go on by mistake
    h.previewDrawn();
    expect((await h.handle({ type: 'load', scenario: heavy(10), step: 0 }, 2)).type).toBe('state');
  });
});
