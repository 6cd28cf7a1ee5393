// Checkpoints (docs/engine.md "Snapshots"): the engine's state copied between steps, restored instead of replaying
// from the start. A restored run must be indistinguishable from the run it was taken from: same events, same dumps,
// byte for byte, for every lesson and every scenario of the repository, and neither side may change the other.
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { deepCopy, Frozen, SNAPSHOT, Slot, SnapshotError } from '../../src/engine/sim/snapshot';
import { AppendOnly, CHUNK } from '../../src/engine/sim/appendOnly';
import { adhoc, call, pure, type Call } from '../../src/engine/sim/call';
import { Bytes } from '../../src/storage/disk/Bytes';
import { SimDisk } from '../../src/storage/disk/SimDisk';
import { ScenarioRun } from '../../src/scenario/runner';
import { validateScenario } from '../../src/scenario/validate';
import type { Scenario } from '../../src/scenario/types';

class Counter {
  n = 0;
  peers = new Map<string, Counter>();
  later: Call | null = null;
  add(k: number): void {
    this.n += k;
  }
}

describe('deepCopy', () => {
  it('keeps prototypes, copies Map, Set, arrays, typed arrays and cycles', () => {
    const a = new Counter();
    const b = new Counter();
    a.peers.set('b', b);
    b.peers.set('a', a);
    const root = { a, set: new Set([a, 7]), list: [a, b, [1, 2]], bytes: new Uint8Array([1, 2, 3]) };
    const c = deepCopy(root);
    expect(c.a).toBeInstanceOf(Counter);
    expect(c.a).not.toBe(a);
    expect(c.a.peers.get('b')!.peers.get('a')).toBe(c.a); // the cycle closes on the copy
    expect(c.set.has(c.a)).toBe(true);
    expect(c.list[0]).toBe(c.a);
    c.bytes[0] = 9;
    expect(root.bytes[0]).toBe(1);
    c.a.add(5);
    expect(a.n).toBe(0);
  });

  it('binds a Call again to the copied target and arguments', () => {
    const a = new Counter();
    const other = new Counter();
    a.later = call(other, other.add, 3);
    a.peers.set('o', other);
    const c = deepCopy(a);
    c.later!();
    expect(c.peers.get('o')!.n).toBe(3);
    expect(other.n).toBe(0);
    a.later!();
    expect(other.n).toBe(3);
  });

  it('shares pure functions, frozen objects and what `keep` maps; refuses a closure, naming where it is', () => {
    const noop = pure(() => {});
    const frozen = Object.freeze({ x: 1 });
    const kept = { big: true };
    const root = { noop, frozen, kept, list: [1] };
    const c = deepCopy(root, new Map([[kept, kept]]));
    expect(c.noop).toBe(noop);
    expect(c.frozen).toBe(frozen);
    expect(c.kept).toBe(kept);
    const bad = new Counter();
    bad.peers.set('x', Object.assign(new Counter(), { later: adhoc(() => {}) }));
    expect(() => deepCopy({ bad })).toThrow(SnapshotError);
    expect(() => deepCopy({ bad })).toThrow(/root\.bad<Counter>\.peers\.get\(x\)<Counter>\.later/);
    expect(() => deepCopy({ f: () => 1 })).toThrow(/root\.f/);
  });

  it('maps a frozen object or a pure function given in `keep` to its stand-in (both are otherwise shared as they are)', () => {
    const scenario = Object.freeze({ steps: Object.freeze([1]) });
    const other = { steps: [2] };
    const c = deepCopy({ scenario, again: scenario }, new Map<object, unknown>([[scenario, other]]));
    expect(c.scenario).toBe(other);
    expect(c.again).toBe(other);
    // a pure function too (an observer of a run is left out of its copy so)
    const observer = pure(() => {});
    expect(deepCopy({ observer }, new Map<object, unknown>([[observer, null]])).observer).toBeNull();
  });
});

/** A class with its own copy (as the simulated disk): its hook hands its fields to `copy`, shares its own `big`. */
class OwnCopy {
  big = { bytes: 1 };
  constructor(public stats: { n: number }) {}
  [SNAPSHOT](copy: <T>(v: T) => T): OwnCopy {
    const c = Object.create(OwnCopy.prototype) as OwnCopy;
    c.stats = copy(this.stats);
    c.big = this.big;
    return c;
  }
}

describe('Frozen (a checkpoint: a copy kept as the plan of its objects)', () => {
  it('thaws a new copy each time, untouched by what the original did after it was frozen', () => {
    const a = new Counter();
    a.peers.set('self', a);
    const root = { a, list: [a, 1, 'x'], map: new Map([[a, new Set([2])]]) };
    const frozen = Frozen.of(root);
    expect(frozen.objects).toBe(6); // root, a, a.peers, list, map, the set
    a.add(4);
    root.list.push(9);
    const one = frozen.thaw(),
      two = frozen.thaw();
    expect(one).not.toBe(two);
    expect(one.a).not.toBe(two.a);
    expect(one.a.n).toBe(0);
    expect(one.list).toEqual([one.a, 1, 'x']);
    expect(one.a.peers.get('self')).toBe(one.a);
    expect(one.map.get(one.a)).toEqual(new Set([2]));
    one.a.add(1);
    expect(two.a.n).toBe(0);
  });

  it('puts what a Slot stands for, given at each thaw, wherever the object was', () => {
    const trace = [1, 2, 3];
    const root = { trace, again: { trace }, n: 1 };
    const frozen = Frozen.of(root, new Map<object, unknown>([[trace, new Slot(0)]]));
    const given: number[] = [];
    const c = frozen.thaw([given]);
    expect(c.trace).toBe(given);
    expect(c.again.trace).toBe(given);
    expect(frozen.thaw([trace]).trace).toBe(trace);
  });

  it("maps what a self-copying class's hook copies to the objects the rest of the copy holds", () => {
    const stats = { n: 1 };
    const root = { disk: new OwnCopy(stats), stats };
    const frozen = Frozen.of(root);
    const c = frozen.thaw();
    expect(c.disk).toBeInstanceOf(OwnCopy);
    expect(c.stats).not.toBe(stats);
    expect(c.disk.stats).toBe(c.stats); // one object, as in the original
    expect(c.disk.big).toBe(root.disk.big); // what the hook shares
    c.stats.n = 5;
    expect(frozen.thaw().disk.stats.n).toBe(1);
  });
});

describe("AppendOnly (a list that grows with the history: what a consumer consumed, a producer's acks)", () => {
  const filled = (n: number) => {
    const l = new AppendOnly<{ i: number }>();
    for (let i = 0; i < n; i += 7) l.push(...Array.from({ length: Math.min(7, n - i) }, (_, k) => Object.freeze({ i: i + k })));
    return l;
  };

  it('reads as the array it replaces: length, at, slice, iteration, JSON', () => {
    const n = 2 * CHUNK + 5;
    const l = filled(n);
    const plain = Array.from({ length: n }, (_, i) => ({ i }));
    expect(l.length).toBe(n);
    expect(l.at(0)).toEqual({ i: 0 });
    expect(l.at(CHUNK)).toEqual({ i: CHUNK });
    expect(l.at(n - 1)).toEqual({ i: n - 1 });
    expect(l.at(n)).toBeUndefined();
    expect(l.at(-1)).toBeUndefined();
    expect(l.slice(CHUNK - 2, CHUNK + 3)).toEqual(plain.slice(CHUNK - 2, CHUNK + 3));
    expect(l.slice(0, 10_000)).toEqual(plain);
    expect(l.slice(n - 3)).toEqual(plain.slice(n - 3));
    expect([...l]).toEqual(plain);
    expect(JSON.parse(JSON.stringify(l))).toEqual(plain);
  });

  it('a copy shares its full chunks and copies the open one: neither side sees what the other adds', () => {
    const l = filled(3 * CHUNK + 10);
    const c = deepCopy(l);
    const chunks = (x: AppendOnly<unknown>) => (x as unknown as { chunks: unknown[][] }).chunks;
    const tail = (x: AppendOnly<unknown>) => (x as unknown as { tail: unknown[] }).tail;
    expect(chunks(c)).toHaveLength(3);
    chunks(c).forEach((chunk, i) => expect(chunk).toBe(chunks(l)[i]));
    expect(tail(c)).not.toBe(tail(l));
    c.push(Object.freeze({ i: -1 }));
    expect(l.length).toBe(3 * CHUNK + 10);
    expect(c.length).toBe(3 * CHUNK + 11);
    l.push(...Array.from({ length: CHUNK }, () => Object.freeze({ i: -2 })));
    expect(c.at(3 * CHUNK + 10)).toEqual({ i: -1 });
    expect(l.at(3 * CHUNK + 10)).toEqual({ i: -2 });
  });
});

describe('copy-on-write file bytes', () => {
  it('a copy shares the bytes; appends, writes and truncations on either side stay on that side', () => {
    for (const chunkBytes of [4, 16, 1 << 20]) {
      const a = new Bytes(chunkBytes);
      a.append(new Uint8Array([1, 2, 3, 4, 5, 6]));
      const b = deepCopy(a);
      a.append(new Uint8Array([7, 8]));
      b.append(new Uint8Array([70, 80, 90]));
      expect([...a.copy(0, a.len)]).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
      expect([...b.copy(0, b.len)]).toEqual([1, 2, 3, 4, 5, 6, 70, 80, 90]);
      b.write(1, new Uint8Array([20]));
      a.truncate(3);
      a.append(new Uint8Array([40]));
      expect([...a.copy(0, a.len)]).toEqual([1, 2, 3, 40]);
      expect([...b.copy(0, b.len)]).toEqual([1, 20, 3, 4, 5, 6, 70, 80, 90]);
      const c = deepCopy(b);
      c.truncate(0);
      expect(b.len).toBe(9);
    }
  });

  it("a copy's appends never copy the chunk it shares, and do not split into a chunk per append either", () => {
    const a = new Bytes(1 << 20);
    a.append(new Uint8Array(300_000).fill(1));
    const b = deepCopy(a);
    const chunks = (x: Bytes) => (x as unknown as { chunks: Uint8Array[] }).chunks;
    for (let i = 0; i < 1000; i++) b.append(new Uint8Array([i & 255]));
    // the shared 300 kB stay the original's memory (the copy's first append used to copy them into a grown chunk)
    expect(chunks(b)[0].buffer).toBe(chunks(a)[0].buffer);
    expect(chunks(b).length).toBe(2);
    expect(b.len).toBe(301_000);
    expect(b.copy(300_000, 3)).toEqual(new Uint8Array([0, 1, 2]));
    // the original fills its spare room, then grows a new chunk by doubling
    for (let i = 0; i < 1000; i++) a.append(new Uint8Array(1000).fill(2));
    expect(a.len).toBe(1_300_000);
    expect(chunks(a).length).toBeLessThanOrEqual(3);
    expect(b.copy(299_999, 2)).toEqual(new Uint8Array([1, 0]));
  });

  it('a disk copy shares every file until one side changes it; no change on one side shows on the other', () => {
    const states = (d: SimDisk) => (d as unknown as { files: Map<string, object> }).files;
    const fill = (d: SimDisk) => {
      d.append('t-0/0.log', new Uint8Array(20).fill(1));
      d.fsync('t-0/0.log');
      d.append('t-0/0.log', new Uint8Array(5).fill(2));
      d.writeFile('t-0/0.index', new Uint8Array([9, 9, 9]));
      d.append('t-1/0.log', new Uint8Array(3).fill(3));
      d.append('t-1/1.log', new Uint8Array(3).fill(4));
    };
    const picture = (d: SimDisk) => JSON.stringify(d.list().map((p) => [p, [...d.read(p)], d.isSynced(p), d.shape(p)]));
    // each change a run makes, on the original or on the copy
    const changes: [string, (d: SimDisk) => void][] = [
      ['append', (d) => d.append('t-0/0.log', new Uint8Array([7]))],
      ['append to a file in the journal', (d) => d.append('t-1/0.log', new Uint8Array([7]))],
      ['write', (d) => d.write('t-0/0.log', 2, new Uint8Array([8, 8]))],
      ['writeFile', (d) => d.writeFile('t-0/0.index', new Uint8Array([1]))],
      ['truncate', (d) => d.truncate('t-0/0.log', 4)],
      ['fsync', (d) => d.fsync('t-0/0.log')],
      ['writeBack', (d) => d.writeBack('t-0/0.log', 22)],
      ['corrupt', (d) => d.corrupt('t-0/0.log', 1)],
      ['rename', (d) => d.rename('t-1/0.log', 't-1/0.log.deleted')],
      ['delete', (d) => d.delete('t-1/1.log')],
      ['power loss', (d) => d.crash(true)],
      ['restoreFile', (d) => d.restoreFile('t-0/0.log', { cache: new Uint8Array([5]), durable: null })],
    ];
    for (const [name, change] of changes) {
      for (const side of ['original', 'copy'] as const) {
        const a = new SimDisk({ chunkBytes: 8 });
        fill(a);
        a.drainJournal();
        a.append('t-1/0.log', new Uint8Array([6])); // a journal entry both sides hold
        const b = deepCopy(a);
        // nothing copied yet: the same file states on both sides
        for (const [p, f] of states(a)) expect(states(b).get(p), `${name}: ${p}`).toBe(f);
        const [changed, kept] = side === 'original' ? [a, b] : [b, a];
        const before = picture(kept);
        change(changed);
        expect(picture(kept), `${name} on the ${side}`).toBe(before);
        // the kept side's journal holds only its own change; the changed side's shows the change too
        expect(
          kept.drainJournal().map((c) => [c.path, c.cacheDirty]),
          `${name} on the ${side}`,
        ).toEqual([['t-1/0.log', [[3, 4]]]]);
        expect(changed.drainJournal().length).toBeGreaterThanOrEqual(1);
        // the changed side goes on changing as a disk never copied would
        const fresh = new SimDisk({ chunkBytes: 8 });
        fill(fresh);
        fresh.append('t-1/0.log', new Uint8Array([6]));
        change(fresh);
        expect(picture(changed), `${name} on the ${side}`).toBe(picture(fresh));
      }
    }
  });

  it('a disk copied before a power loss keeps its page cache', () => {
    const d = new SimDisk({ chunkBytes: 8 });
    d.append('t-0/0.log', new Uint8Array(20).fill(1));
    d.fsync('t-0/0.log');
    d.append('t-0/0.log', new Uint8Array(5).fill(2));
    const copy = deepCopy(d);
    d.crash(true);
    expect(d.size('t-0/0.log')).toBe(20);
    expect(copy.size('t-0/0.log')).toBe(25);
    expect([...copy.read('t-0/0.log', 20, 5)]).toEqual([2, 2, 2, 2, 2]);
  });
});

// Every lesson and scenario of the repository (the 737k-record lesson joins once its produce steps are fast).
const SLOW = new Set(['offset-lookup-article.json']);
function scenarios(): [string, Scenario][] {
  const dirs = ['public/lessons', 'test/scenarios', 'test/contract'].map((d) => join(__dirname, '../..', d));
  const out: [string, Scenario][] = [];
  for (const dir of dirs) {
    for (const f of readdirSync(dir)
      .filter((x) => x.endsWith('.json') && x !== 'index.json' && !SLOW.has(x))
      .sort()) {
      const v = validateScenario(JSON.parse(readFileSync(join(dir, f), 'utf8')));
      if (v.ok) out.push([`${dir.split('/').slice(-2).join('/')}/${f}`, v.scenario]);
    }
  }
  return out;
}

describe('checkpoints give the dumps and events of a full replay, for every lesson and scenario', () => {
  const all = scenarios();
  it('there are lessons and scenarios to check', () => expect(all.length).toBeGreaterThan(30));
  for (const [name, scenario] of all) {
    it(
      name,
      () => {
        const plain = new ScenarioRun(scenario);
        plain.runToEnd();
        const finalDump = JSON.stringify(plain.dump());
        const trace = JSON.stringify(plain.events);

        // a run checkpointed before every step ends as one that never was
        const run = new ScenarioRun(scenario);
        const cps = [];
        const stepDumps: string[] = [];
        const stepEvents: number[] = [];
        while (run.nextStep < scenario.steps.length) {
          cps.push(run.checkpoint());
          run.runStep();
          stepDumps.push(JSON.stringify(run.dump()));
          stepEvents.push(run.events.length);
        }
        expect(JSON.stringify(run.dump())).toBe(finalDump);
        expect(JSON.stringify(run.events)).toBe(trace);

        // each checkpoint, restored, runs its step to the same dump and the same events
        for (let k = 0; k < cps.length; k++) {
          const r = ScenarioRun.restore(cps[k], run.events);
          expect(r.nextStep).toBe(k);
          r.runStep();
          expect(JSON.stringify(r.dump()), `${name}: step ${k}`).toBe(stepDumps[k]);
          expect(r.events.length).toBe(stepEvents[k]);
          expect(JSON.stringify(r.events.slice(cps[k].events))).toBe(JSON.stringify(run.events.slice(cps[k].events, stepEvents[k])));
        }

        // restored twice from the middle, run to the end: the checkpoint did not change the first time
        const mid = cps[cps.length >> 1];
        for (let i = 0; i < 2; i++) {
          const r = ScenarioRun.restore(mid, run.events);
          r.runToEnd();
          expect(JSON.stringify(r.dump())).toBe(finalDump);
          expect(JSON.stringify(r.events)).toBe(trace);
        }
        // and without the trace's prefix (the timeline's seeks): the events after the checkpoint, numbered on
        const tail = ScenarioRun.restore(mid, run.events, scenario, true);
        expect(tail.events).toEqual([]);
        tail.runToEnd();
        expect(JSON.stringify(tail.dump())).toBe(finalDump);
        expect(tail.firstSeq).toBe(mid.events);
        expect(JSON.stringify(tail.events)).toBe(JSON.stringify(plain.events.slice(mid.events)));
      },
      120_000,
    );
  }
});

describe('the brokers by id the cluster keeps (Cluster.sortedBrokers, asked at every client request)', () => {
  it('take in a broker added later, and a restored run has its own', () => {
    const v = validateScenario({
      version: 1,
      id: 'brokers-by-id',
      brokers: [3, 1, 2],
      steps: [
        { do: 'advance', ms: 1000 },
        { do: 'addBroker', broker: 0 },
        { do: 'advance', ms: 1000 },
      ],
    });
    if (!v.ok) throw new Error(v.problem.message);
    const run = new ScenarioRun(v.scenario);
    run.runStep();
    expect(run.cluster.sortedBrokers().map((b) => b.id)).toEqual([1, 2, 3]);
    const cp = run.checkpoint();
    run.runStep();
    expect(run.cluster.sortedBrokers().map((b) => b.id)).toEqual([0, 1, 2, 3]);
    // the checkpoint's copy: its own brokers, not the first run's, and none added since
    const back = ScenarioRun.restore(cp, run.events);
    expect(back.cluster.sortedBrokers().map((b) => b.id)).toEqual([1, 2, 3]);
    expect(back.cluster.sortedBrokers().every((b) => back.cluster.brokers.get(b.id) === b)).toBe(true);
    back.runStep();
    expect(back.cluster.sortedBrokers().map((b) => b.id)).toEqual([0, 1, 2, 3]);
    expect(back.cluster.sortedBrokers().every((b) => back.cluster.brokers.get(b.id) === b && run.cluster.brokers.get(b.id) !== b)).toBe(true);
  });
});
