// traceFold.ts: a fold over the trace read at any position, forward or back, equal to folding from event 0, while
// the store hands over new arrays (appends and branches share their beginning's event objects): a step back folds at
// most one snapshot's stretch (256 events), and a new trace that begins the same keeps the snapshots of that beginning.
// Used for the consumers' ownership (ownedAt) and the KIP-848 groups (modernGroupsAt) the stage reads at each move;
// prepare.ts builds them to a new trace's end while the page is idle, so that the first move reads snapshots. The
// trace index keeps the positions of a new trace's shared beginning the same way, and the countdowns (timers.ts) the
// countdowns made in it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ScenarioRun } from '../../src/scenario/runner';
import type { Scenario, SimEvent } from '../../src/scenario/types';
import { validateScenario } from '../../src/scenario/validate';
import { controllerBefore, partitionStateBefore, positionsOf, znodeBefore } from '../../src/ui/stage/trace';
import { prepareTrace } from '../../src/ui/stage/prepare';
import { scanCountdowns, type CountdownScan } from '../../src/ui/stage/timers';
import { sharedPrefix } from '../../src/ui/sharedTrace';
import { traceFold } from '../../src/ui/stage/traceFold';

const ev = (n: number, seq: number): SimEvent => ({ type: 'Add', n, seq, time: seq, step: 0 });
const trace = (from: number, count: number, n = 1) => Array.from({ length: count }, (_, k) => ev(n + ((from + k) % 7), from + k));
/** the fold from event 0, the plain way */
const plain = (events: SimEvent[], i: number) => events.slice(0, i + 1).reduce((s, e) => s + Number(e.n), 0);

/** a public lesson's whole trace, and its scenario */
function lessonRun(id: string) {
  const v = validateScenario(JSON.parse(readFileSync(join(process.cwd(), `public/lessons/${id}.json`), 'utf8')));
  if (!v.ok) throw new Error(v.problem.message);
  const run = new ScenarioRun(v.scenario);
  run.runToEnd();
  return { events: run.events.slice(), scenario: v.scenario };
}
const load = (id: string) => lessonRun(id).events;

function counted() {
  let applied = 0;
  const fold = traceFold<{ sum: number }>(
    () => ({ sum: 0 }),
    (acc, e) => {
      applied++;
      acc.sum += Number(e.n);
    },
    (t) => ({ ...t }),
  );
  return {
    fold,
    at: (events: SimEvent[], i: number) => fold(events, i).sum,
    applied: () => {
      const a = applied;
      applied = 0;
      return a;
    },
  };
}

describe('sharedPrefix', () => {
  it('is the length of the beginning made of the same event objects', () => {
    const a = trace(0, 1000);
    expect(sharedPrefix(a, a)).toBe(1000);
    expect(sharedPrefix(a, a.slice(0, 600).concat(trace(600, 50, 100)))).toBe(600); // a branch at 600
    expect(sharedPrefix(a, a.concat(trace(1000, 10)))).toBe(1000); // an append
    expect(sharedPrefix(a, trace(0, 1000))).toBe(0); // equal events, other objects (a new trace from the worker)
    expect(sharedPrefix([], a)).toBe(0);
  });
});

describe('traceFold', () => {
  it('equals the fold from event 0 at every position, stepping forward and back', () => {
    const events = trace(0, 1300);
    const f = counted();
    for (let i = -1; i < events.length; i += 37) expect(f.at(events, i)).toBe(plain(events, i));
    for (let i = events.length - 1; i >= -1; i -= 41) expect(f.at(events, i)).toBe(plain(events, i));
    expect(f.at(events, 5000)).toBe(plain(events, events.length - 1)); // past the end: the whole trace
  });

  it('folds at most one snapshot stretch for a step back at the end of a long history', () => {
    const events = trace(0, 20_000);
    const f = counted();
    expect(f.at(events, 19_999)).toBe(plain(events, 19_999));
    expect(f.applied()).toBeGreaterThanOrEqual(20_000); // the first read folds the history once
    for (let i = 19_998; i > 19_990; i--) {
      expect(f.at(events, i)).toBe(plain(events, i));
      expect(f.applied()).toBeLessThanOrEqual(256);
    }
  });

  it('keeps the snapshots of the beginning a new trace shares: an append, then a branch', () => {
    const first = trace(0, 5000);
    const f = counted();
    f.at(first, 4999);
    f.applied();
    const appended = first.concat(trace(5000, 300)); // the store's new array: the same objects, then new ones
    expect(f.at(appended, 5299)).toBe(plain(appended, 5299));
    expect(f.applied()).toBeLessThan(5000 / 2);
    const branched = appended.slice(0, 3000).concat(trace(3000, 400, 50)); // a new command in the past
    expect(f.at(branched, 3399)).toBe(plain(branched, 3399));
    expect(f.applied()).toBeLessThan(1000);
    // a trace of other objects (a new scenario) starts over, and is right
    const other = trace(0, 5000, 3);
    expect(f.at(other, 4000)).toBe(plain(other, 4000));
    expect(f.applied()).toBeGreaterThan(4000);
  });

  it('gives a copy: changing what it returned changes no later answer', () => {
    const events = trace(0, 600);
    const fold = traceFold<Map<string, number>>(
      () => new Map(),
      (m, e) => m.set('sum', (m.get('sum') ?? 0) + Number(e.n)),
      (m) => new Map(m),
    );
    fold(events, 599).set('sum', -1);
    fold(events, 300).set('sum', -1);
    expect(fold(events, 599).get('sum')).toBe(plain(events, 599));
    expect(fold(events, 300).get('sum')).toBe(plain(events, 300));
  });
});

describe('prepareTrace', () => {
  /** idle periods run by hand: each gives `ms` of time, counted down by the work done (1 ms per fold call here) */
  function idle(ms: number) {
    const queue: ((d: { timeRemaining(): number }) => void)[] = [];
    let left = 0;
    return {
      whenIdle: (f: (d: { timeRemaining(): number }) => void) => void queue.push(f),
      spend: () => left--,
      /** runs the idle periods queued; how many there were */
      run(): number {
        let n = 0;
        while (queue.length) {
          n++;
          left = ms;
          queue.shift()!({ timeRemaining: () => left });
        }
        return n;
      },
    };
  }

  it('builds the folds to the end of the trace across idle periods: a read at the end then folds one stretch at most', () => {
    const events = trace(0, 20_000);
    const f = counted();
    const p = idle(8);
    const folds = [(evs: SimEvent[], i: number) => (p.spend(), f.fold(evs, i))];
    prepareTrace(events, () => events, folds, p.whenIdle);
    expect(f.applied()).toBe(0); // nothing before the page is idle
    expect(p.run()).toBeGreaterThan(1); // more than one idle period: each does what fits in it
    expect(f.applied()).toBeGreaterThanOrEqual(20_000);
    expect(f.at(events, 19_999)).toBe(plain(events, 19_999));
    expect(f.applied()).toBeLessThanOrEqual(256);
  });

  it('stops when another trace has come', () => {
    const events = trace(0, 20_000);
    let current = events;
    const f = counted();
    const p = idle(100);
    prepareTrace(events, () => current, [f.fold], p.whenIdle);
    current = events.concat(trace(20_000, 5));
    p.run();
    expect(f.applied()).toBe(0);
  });
});

describe("the trace index (trace.ts) across the store's new arrays", () => {
  // the unclean-election lesson: leader elections, ISR changes, state znodes, a controller; its answers at every
  // position from an index carried over an append and a branch equal those of an index built afresh
  const answers = (events: SimEvent[]) =>
    events.map((_, i) => JSON.stringify([controllerBefore(events, i), partitionStateBefore(events, i, 'legacy', 0), znodeBefore(events, i, '/controller')]));
  const fresh = (events: SimEvent[]) => answers(structuredClone(events)); // other objects: built from event 0

  it('keeps the positions of the shared beginning and is right after an append and after a branch', () => {
    const full = load('unclean-election');
    const other = load('zombie-controller'); // longer: a stale position of the first trace would be read
    const cut = Math.floor(full.length / 2);
    const appended = full.slice(0, cut).concat(full.slice(cut)); // the same objects, then the rest
    const branched = full.slice(0, cut).concat(other.slice(cut)); // a new future from the middle
    // the answers of indexes built afresh first (each reads a trace of other objects: the index starts over)
    const wantAppended = fresh(appended),
      wantBranched = fresh(branched);
    // then the store's sequence: the beginning, the append, the branch (each index carried over from the one before)
    answers(full.slice(0, cut));
    expect(answers(appended)).toEqual(wantAppended);
    expect(answers(branched)).toEqual(wantBranched);
  });
});

describe("the countdowns (timers.ts) across the store's new arrays", () => {
  // a zookeeper session (isr-shrink-expand: also a replica.lag.time.max.ms countdown) and a KRaft heartbeat
  // (kraft-vs-zookeeper); cut at every position where a countdown is running or ends, a scan carried over to the
  // append and to a branch equals a scan from event 0, and the lists it was carried from stay as they were
  const fresh = (events: SimEvent[], scenario: Scenario) => scanCountdowns(structuredClone(events), scenario, null).list;
  const carried = (events: SimEvent[], scenario: Scenario, prev: CountdownScan) => {
    const before = JSON.stringify(prev.list);
    const list = scanCountdowns(events, scenario, prev).list;
    expect(JSON.stringify(prev.list)).toBe(before);
    return list;
  };

  it.each(['isr-shrink-expand', 'kraft-vs-zookeeper'])('%s: an append and a branch cut while a countdown runs or as it ends', (id) => {
    const { events: full, scenario } = lessonRun(id);
    const all = fresh(full, scenario);
    expect(all.filter((c) => c.kind !== 'replicaLag').length).toBeGreaterThan(0);
    const cuts = new Set(all.flatMap((c) => [c.fromIdx + 1, c.toIdx, c.toIdx + 1, Math.floor((c.fromIdx + c.toIdx) / 2)]));
    const other = structuredClone(full).map((e) => (e.type === 'ZkSessionExpired' || e.type === 'BrokerFenced' ? { ...e, type: 'Other' } : e));
    for (const cut of cuts) {
      const head = scanCountdowns(full.slice(0, cut), scenario, null);
      // a countdown running at the cut runs to the end of the shorter trace
      for (const c of head.list)
        if (c.kind !== 'replicaLag' && c.fromIdx < cut && all.find((a) => a.fromIdx === c.fromIdx)!.toIdx >= cut) expect(c.toIdx).toBe(cut);
      const appended = full.slice(0, cut).concat(full.slice(cut));
      expect(carried(appended, scenario, head)).toEqual(all);
      // a new future from the cut in which the countdowns never fire
      const branched = full.slice(0, cut).concat(other.slice(cut));
      expect(carried(branched, scenario, scanCountdowns(full, scenario, null))).toEqual(fresh(branched, scenario));
    }
  });

  it('reads positions only of the event types the trace index keeps', () => {
    expect(() => positionsOf(trace(0, 10), ['Appended'])).toThrow(/Appended/);
  });

  it('scans the new events only after an append to a long history', () => {
    const head = trace(0, 20_000);
    const prev = scanCountdowns(head, null, null);
    let reads = 0;
    const appended = new Proxy(head.concat(trace(20_000, 5)), {
      get: (t, k, r) => (typeof k === 'string' && /^\d+$/.test(k) && reads++, Reflect.get(t, k, r)),
    });
    scanCountdowns(appended, null, prev);
    expect(reads).toBeLessThan(100); // the shared beginning's search (log2 20,000 reads) and the 5 new events
  });
});
