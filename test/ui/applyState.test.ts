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
});
