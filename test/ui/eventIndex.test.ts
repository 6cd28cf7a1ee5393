// The per-trace event index the views read instead of scanning the whole history at each move (issue 13).
import { describe, expect, it } from 'vitest';
import type { SimEvent } from '../../src/scenario/types';
import { eventsBy, indexAtOrBefore, lastAtOrBefore } from '../../src/ui/eventIndex';

const ev = (seq: number, type: string, group?: string): SimEvent => ({ seq, type, time: seq, step: 0, ...(group ? { group } : {}) }) as SimEvent;
const byGroup = (e: SimEvent) => (e.type === 'PartitionsAssigned' && typeof e.group === 'string' ? e.group : null);

describe('eventsBy', () => {
  it('lists the positions of the events a key names, and follows a trace that grows at its end', () => {
    const trace = [ev(0, 'PartitionsAssigned', 'g'), ev(1, 'Fetch'), ev(2, 'PartitionsAssigned', 'h'), ev(3, 'PartitionsAssigned', 'g')];
    expect(Object.fromEntries(eventsBy(trace, byGroup))).toEqual({ g: [0, 3], h: [2] });
    trace.push(ev(4, 'Fetch'), ev(5, 'PartitionsAssigned', 'h'));
    expect(eventsBy(trace, byGroup).get('h')).toEqual([2, 5]);
    // a new trace is indexed afresh
    expect(Object.fromEntries(eventsBy([ev(0, 'PartitionsAssigned', 'x')], byGroup))).toEqual({ x: [0] });
  });

  it('finds the last position at or before a place', () => {
    const at = [2, 5, 9];
    expect([1, 2, 4, 5, 8, 9, 100].map((i) => lastAtOrBefore(at, i))).toEqual([-1, 2, 2, 5, 5, 9, 9]);
    expect([1, 2, 100].map((i) => indexAtOrBefore(at, i))).toEqual([-1, 0, 2]);
    expect(lastAtOrBefore(undefined, 3)).toBe(-1);
  });
});
