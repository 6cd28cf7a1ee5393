// The discrete-event queue (sim/scheduler.ts): timers run in (time, insertion) order, whatever is cancelled, and the
// cancelled ones are swept out of the heap instead of piling up there until their time.
import { describe, expect, it } from 'vitest';
import { Scheduler, type Timer } from '../../src/engine/sim/scheduler';
import { adhoc } from '../../src/engine/sim/call';
import { Prng } from '../../src/engine/sim/prng';

const heapOf = (s: Scheduler) => (s as unknown as { heap: Timer[] }).heap;

describe('Scheduler', () => {
  it('runs the live timers in (at, seq) order while most are cancelled, some from inside running timers, and keeps its heap near their number', () => {
    const s = new Scheduler();
    const rng = new Prng(7);
    const ran: number[] = [];
    const all: { id: number; t: Timer }[] = [];
    const live = new Set<number>();
    const add = (delay: number) => {
      const id = all.length;
      const t = s.schedule(
        delay,
        adhoc(() => {
          ran.push(id);
          live.delete(id);
          // a running timer schedules more (a request and its timeout) and cancels others (an answer came)
          if (id % 3 === 0) add(rng.nextInt(500));
          if (id % 3 === 0) add(30_000);
          for (const other of [...live].slice(0, 2)) cancel(other);
        }),
      );
      all.push({ id, t });
      live.add(id);
    };
    const cancel = (id: number) => {
      s.cancel(all[id].t);
      live.delete(id);
    };
    for (let i = 0; i < 2000; i++) add(rng.nextInt(60_000));
    // nine in ten cancelled before anything runs, as requests' timeouts are
    for (let i = 0; i < 2000; i++) if (i % 10 !== 0) cancel(i);
    expect(heapOf(s).length).toBeLessThanOrEqual(2 * live.size + 33);
    let lastAt = -1,
      lastSeq = -1;
    while (s.runNext()) {
      const t = all[ran[ran.length - 1]].t;
      // time never goes back; at one time, insertion order
      expect(t.at > lastAt || (t.at === lastAt && t.seq > lastSeq)).toBe(true);
      lastAt = t.at;
      lastSeq = t.seq;
      expect(heapOf(s).length).toBeLessThanOrEqual(2 * live.size + 33);
      if (ran.length > 5000) break;
    }
    // every timer not cancelled ran, once; none cancelled did
    const cancelled = new Set(all.filter((x) => x.t.cancelled && !ran.includes(x.id)).map((x) => x.id));
    expect(new Set(ran).size).toBe(ran.length);
    expect(ran.length + cancelled.size).toBe(all.length);
    expect(ran.some((id) => cancelled.has(id))).toBe(false);
    expect(s.peekTime()).toBe(Infinity);
  });
});
