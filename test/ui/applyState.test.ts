// The worker sends the scenario and the trace only with a new trace (traceVersion bumped): a move keeps the ones the
// store has, the same objects, so the views that depend on them do not recompute (issue 13: a 1,550-step scenario
// cloned at every seek).
import { describe, expect, it } from 'vitest';
import type { Scenario, SimEvent, StateDump } from '../../src/scenario/types';
import { useStore } from '../../src/ui/store';
import type { WorkerState } from '../../src/worker/protocol';

const scenario = { version: 1, id: 's', seed: 1, brokers: 3, steps: [{ do: 'advance', ms: 1 }] } as unknown as Scenario;
const events = [
  { seq: 0, time: 0, step: -1, type: 'BrokerStarted' },
  { seq: 1, time: 1, step: 0, type: 'StepStarted' },
] as SimEvent[];
const state = (over: Partial<WorkerState>): WorkerState =>
  ({ type: 'state', id: 1, traceVersion: 1, cursor: 1, minCursor: 0, dump: {} as StateDump, failures: [], ...over }) as WorkerState;

describe('applyState', () => {
  it('keeps the scenario and the trace it has when a state comes without them (a move in the same trace)', () => {
    useStore.getState().applyState(state({ scenario, events, stepEnds: [1] }));
    const before = useStore.getState();
    expect(before.scenario).toBe(scenario);
    useStore.getState().applyState(state({ cursor: 0 }));
    const after = useStore.getState();
    expect(after.cursor).toBe(0);
    expect(after.scenario).toBe(before.scenario);
    expect(after.events).toBe(before.events);
    expect(after.stepEnds).toBe(before.stepEnds);
    // a new trace brings its own
    const next = { ...scenario, id: 't' } as Scenario;
    useStore.getState().applyState(state({ traceVersion: 2, scenario: next, events: events.slice(0, 1), stepEnds: [0] }));
    expect(useStore.getState().scenario).toBe(next);
  });

  it('appends a trace sent from a position on to the beginning it has, the same event objects (a command at the end)', () => {
    useStore.getState().applyState(state({ traceVersion: 3, scenario, events, stepEnds: [1] }));
    const had = useStore.getState().events;
    const added = [{ seq: 2, time: 5, step: 1, type: 'StepStarted' }] as SimEvent[];
    useStore.getState().applyState(state({ traceVersion: 4, scenario, events: added, eventsFrom: 2, stepEnds: [1, 2], cursor: 2 }));
    const now = useStore.getState().events;
    expect(now.map((e) => e.seq)).toEqual([0, 1, 2]);
    expect(now[0]).toBe(had[0]);
    expect(now[1]).toBe(had[1]);
    // a branch: the trace from position 1 on replaces what the page had from there
    const branched = [{ seq: 1, time: 1, step: 0, type: 'BrokerCrashed' }] as SimEvent[];
    useStore.getState().applyState(state({ traceVersion: 5, scenario, events: branched, eventsFrom: 1, stepEnds: [1], cursor: 1 }));
    expect(useStore.getState().events.map((e) => e.type)).toEqual(['BrokerStarted', 'BrokerCrashed']);
    expect(useStore.getState().events[0]).toBe(had[0]);
  });
});
