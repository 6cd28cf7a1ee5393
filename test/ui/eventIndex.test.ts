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

  it("keeps the positions of the beginning a new trace shares with the last one (the store's appends and branches)", () => {
    let read = 0;
    const counted = (e: SimEvent) => (read++, byGroup(e));
    const byType = (e: SimEvent) => (e.type === 'Fetch' ? 'fetch' : null);
    const head = Array.from({ length: 1000 }, (_, i) => ev(i, i % 3 ? 'Fetch' : 'PartitionsAssigned', i % 2 ? 'g' : 'h'));
    const before = eventsBy(head, counted);
    eventsBy(head, byType);
    const g = before.get('g')!.slice();
    // an append: only the new events are read, by each key function
    read = 0;
    const appended = head.concat([ev(1000, 'PartitionsAssigned', 'g'), ev(1001, 'Fetch')]);
    expect(eventsBy(appended, byType).get('fetch')!.at(-1)).toBe(1001);
    expect(eventsBy(appended, counted).get('g')!.at(-1)).toBe(1000);
    expect(read).toBe(2);
    expect(before.get('g')).toEqual(g); // the lists handed out before stay as they were
    // a branch at 500: the positions from there are the new trace's, as an index built afresh has them
    const branched = head.slice(0, 500).concat([ev(500, 'PartitionsAssigned', 'x'), ev(501, 'PartitionsAssigned', 'g')]);
    const fresh = structuredClone(branched); // other objects: indexed from event 0
    expect(Object.fromEntries(eventsBy(branched, counted))).toEqual(Object.fromEntries(eventsBy(fresh, counted)));
    expect(Object.fromEntries(eventsBy(branched, byType))).toEqual(Object.fromEntries(eventsBy(structuredClone(branched), byType)));
  });
});
