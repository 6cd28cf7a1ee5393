// What a command's answer sends of the trace (Timeline.view): only what the page does not have. A command at the end
// keeps the run's event objects, a command after a step back restores a checkpoint holding those before it; the view
// sends the trace from where it stops being the one last sent (WorkerState.eventsFrom), and the page appends it to
// the beginning it has (store.ts), keeping those event objects. Composed the page's way, the trace is a fresh run's.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ScenarioRun } from '../../src/scenario/runner';
import type { SimEvent } from '../../src/scenario/types';
import { validateScenario } from '../../src/scenario/validate';
import { useStore } from '../../src/ui/store';
import { scenarioEngine } from '../../src/worker/engineApi';
import { Timeline, type TimelineView } from '../../src/worker/timeline';

const story = {
  version: 1,
  id: 'sent',
  brokers: 3,
  steps: [
    { do: 'createTopic', topic: 't', partitions: 2, replicationFactor: 3 },
    { do: 'produce', topic: 't', count: 3, acks: 'all' },
    { do: 'advance', ms: 10_000 },
    { do: 'produce', topic: 't', count: 2, acks: 1 },
    { do: 'crashBroker', broker: 1 },
    { do: 'advance', ms: 20_000 },
  ],
};

/** A timeline that checkpoints after every step (a command in the past restores the one before it). */
function timeline(checkpoints = true): Timeline {
  const tl = new Timeline(checkpoints ? scenarioEngine : { validateScenario, createRun: (s) => new ScenarioRun(s) }, () => 0);
  tl.checkpointAfterMs = 0;
  tl.captureMs = 0;
  tl.seekCaptureMs = 0;
  tl.stepHeadStartMs = 0;
  return tl;
}

/** The page's side: the store's trace after each view (store.ts appends a trace sent from a position on). */
function page() {
  return {
    apply(v: TimelineView): SimEvent[] {
      useStore.getState().applyState({ type: 'state', id: 1, ...v });
      return useStore.getState().events;
    },
  };
}

/** A fresh run's trace of these steps (compared as JSON). */
function freshTrace(steps: unknown[]): string {
  const v = validateScenario({ ...story, steps });
  if (!v.ok) throw new Error(v.problem.message);
  const run = new ScenarioRun(v.scenario);
  run.runToEnd();
  return JSON.stringify(run.events);
}

describe('the trace a view sends', () => {
  it('whole after a load; after a command at the end, only its new events; nothing when the trace did not change', () => {
    const tl = timeline();
    const p = page();
    expect(tl.load(story)).toBeNull();
    const first = tl.view();
    expect(first.eventsFrom).toBeUndefined();
    const had = p.apply(first);
    tl.seek(3);
    expect(tl.view().events).toBeUndefined();
    tl.seek(tl.lastSeq()); // back at the end: the command extends the run
    expect(tl.command({ do: 'startBroker', broker: 1 } as never)).toBeNull();
    const v = tl.view();
    expect(v.eventsFrom).toBe(had.length);
    expect(v.events!.every((e) => e.step === story.steps.length)).toBe(true); // the new step's events only
    const now = p.apply(v);
    expect(JSON.stringify(now)).toBe(freshTrace([...story.steps, { do: 'startBroker', broker: 1 }]));
    expect(now.slice(0, had.length).every((e, i) => e === had[i])).toBe(true); // the page keeps its event objects
  });

  it('after a command in the past, from the checkpoint the branch restored (not from 0); the trace a fresh run of its steps', () => {
    const tl = timeline();
    const p = page();
    expect(tl.load(story)).toBeNull();
    const had = p.apply(tl.view());
    tl.seekStep(3); // the state after the third step: a command keeps three steps
    expect(tl.command({ do: 'crashBroker', broker: 2 } as never)).toBeNull();
    const v = tl.view();
    const dropped = had.findIndex((e) => e.step >= 3); // the first event of the steps the branch dropped
    expect(v.eventsFrom).toBeGreaterThan(0);
    expect(v.eventsFrom).toBeLessThanOrEqual(dropped);
    const now = p.apply(v);
    expect(JSON.stringify(now)).toBe(freshTrace([...story.steps.slice(0, 3), { do: 'crashBroker', broker: 2 }]));
    expect(now.slice(0, v.eventsFrom).every((e, i) => e === had[i])).toBe(true);
  });

  it('whole when nothing is shared: a branch replayed from the start, another scenario, a page attached anew', () => {
    const tl = timeline(false); // no checkpoints: a command in the past replays from the start (new event objects)
    const p = page();
    expect(tl.load(story)).toBeNull();
    p.apply(tl.view());
    tl.seekStep(3);
    expect(tl.command({ do: 'crashBroker', broker: 2 } as never)).toBeNull();
    const branched = tl.view();
    expect(branched.eventsFrom).toBeUndefined();
    expect(JSON.stringify(p.apply(branched))).toBe(freshTrace([...story.steps.slice(0, 3), { do: 'crashBroker', broker: 2 }]));
    expect(tl.command({ do: 'advance', ms: 1000 } as never)).toBeNull();
    tl.resend(); // a new page: it has nothing
    const again = tl.view();
    expect(again.eventsFrom).toBeUndefined();
    expect(again.events!.length).toBe(p.apply(again).length);
    expect(tl.load({ ...story, id: 'other', steps: story.steps.slice(0, 2) })).toBeNull();
    const other = tl.view();
    expect(other.eventsFrom).toBeUndefined();
    expect(JSON.stringify(p.apply(other))).toBe(freshTrace(story.steps.slice(0, 2)));
  });
});

describe('an event sent is never changed later', () => {
  // what the page has of the trace is not sent again: an event the engine changed after its step (the step a view is
  // sent after) would stay stale on the page. Lessons covering requests, groups, transactions, faults and the disk.
  const lessons = [
    'kafka-in-one-picture',
    'transactions',
    'consumer-protocol',
    'unclean-election',
    'zombie-controller',
    'power-loss-and-flush',
    'log-compaction',
    'eligible-leader-replicas',
  ];
  it.each(lessons)('%s: each event is as it was at the end of its step', (id) => {
    const v = validateScenario(JSON.parse(readFileSync(join(process.cwd(), `public/lessons/${id}.json`), 'utf8')));
    if (!v.ok) throw new Error(v.problem.message);
    const run = new ScenarioRun(v.scenario);
    const seen: string[] = [];
    const keep = () => {
      for (let i = seen.length; i < run.events.length; i++) seen.push(JSON.stringify(run.events[i]));
    };
    keep();
    while (run.nextStep < v.scenario.steps.length) {
      run.runStep();
      keep();
    }
    expect(run.events.map((e) => JSON.stringify(e))).toEqual(seen);
  });
});
