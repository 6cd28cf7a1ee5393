// A deep copy of the engine's object graph, for checkpoints (docs/engine.md "Snapshots"). Class instances keep
// their prototypes; Map, Set, arrays, typed arrays and cycles are copied as they are; Calls are bound again to the
// copied target and arguments; frozen objects and pure functions are shared. A class may copy itself its own way by
// a [SNAPSHOT] method (the simulated disk's bytes are copy-on-write: a copy shares every chunk until one side
// writes). Objects given in `keep` map to what they are given (the scenario, which never changes; the event trace,
// which the copy gets as a prefix of the recorded one), or to a Slot given at each thaw. Any other function is a
// closure over some run's objects: the copy throws, naming the path where it was found. A checkpoint is kept as a
// plan of its objects (Frozen), which a restore thaws.
import { CALL, callOf, isPure, type CallData } from './call';

/** A registered symbol: storage (which imports nothing from the engine) defines the same hook for its bytes. */
export const SNAPSHOT: unique symbol = Symbol.for('kafka-anatomy.snapshot') as typeof SNAPSHOT;

/** A class with its own way of being copied (it must not reach back to objects that reach it). */
export interface SelfCopying {
  [SNAPSHOT](copy: <T>(v: T) => T): unknown;
}

export class SnapshotError extends Error {}

/** A typed array's copy, with bytes of its own. */
const copyView = (v: ArrayBufferView): ArrayBufferView =>
  v instanceof DataView ? new DataView(v.buffer.slice(v.byteOffset, v.byteOffset + v.byteLength)) : (v as Uint8Array).slice();

const sameKeys = (a: readonly string[], b: readonly string[]) => {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
};

/** The arrays a plan's values are gathered in, while no plan is being made (Frozen.of). */
let spare: { vals: unknown[]; refs: Int32Array } | null = null;

/** A stand-in given when the frozen copy is thawed (Frozen.thaw's `slots`), in place of an object `keep` names. */
export class Slot {
  constructor(readonly index: number) {}
}

/** In a self-copying class's frozen copy: a value its hook handed to `copy`, which the thaw makes anew. */
class Ref {
  constructor(readonly node: number) {}
}

const OBJ = 0,
  ARR = 1,
  MAP = 2,
  SET = 3,
  VIEW = 4,
  BUF = 5,
  CALLED = 6,
  SELF = 7;
/** refs[s]: a node's index, or LITERAL (vals[s] as it is), or KEPT - 1 - k (the thaw's k-th slot) */
const LITERAL = -1,
  KEPT = -2;

/**
 * A copy of an object graph kept as the plan of its objects rather than as objects (a checkpoint): each object once,
 * in the order a thaw makes them, as its kind, its prototype (or function, length, typed array), its keys (one list
 * per shape) and its values, which are in flat arrays, references as indexes. A thaw makes every object first, then
 * fills them in order: no memo of what was copied, no type tests, no key lists (issue 13: a checkpoint of the
 * 108k-event history of ui.seekP95Ms restored in 1.0-1.2 ms in Node against 2.5 as a deep copy of a deep copy, and
 * took 3.3-3.7 against 3.0); and it is a few arrays to the garbage collector instead of 5k objects (405 KB, 648 as
 * objects), whose marking in the worker held up seeks.
 */
export class Frozen<T> {
  private constructor(
    private readonly kinds: Uint8Array,
    private readonly heads: unknown[],
    private readonly shapes: (readonly string[] | undefined)[],
    private readonly counts: Uint32Array,
    private readonly vals: unknown[],
    private readonly refs: Int32Array,
  ) {}

  /** the objects a thaw makes (what the copy takes in memory, roughly) */
  get objects(): number {
    return this.kinds.length;
  }

  /**
   * Plans a copy of `root` and everything it reaches. `keep` maps objects to what the copy holds instead: a value,
   * shared as it is, or a Slot, given at each thaw. Throws a SnapshotError naming where a closure is.
   */
  static of<T>(root: T, keep?: Map<object, unknown>): Frozen<T> {
    const index = new Map<object, number>();
    const queue: object[] = [];
    const shapeOf = new Map<string, string[]>();
    const lastShape = new Map<object | null, string[]>();
    const kinds: number[] = [],
      heads: unknown[] = [],
      shapes: (readonly string[] | undefined)[] = [],
      counts: number[] = [];
    // the values in arrays kept from one plan to the next (grown one push at a time, 24k values took half the time)
    const scratch = spare ?? { vals: [], refs: new Int32Array(1024) };
    spare = null;
    const { vals } = scratch;
    let refs = scratch.refs,
      n = 0;
    /** the node of an object to copy; LITERAL: held as it is; KEPT: `keep`'s stand-in; below: a slot's */
    const refOf = (v: unknown): number => {
      if (v === null) return LITERAL;
      if (typeof v === 'object') {
        // frozen objects (a history's records: most of what a copy meets) are shared as they are, before the index
        if (Object.isFrozen(v) && !keep?.has(v)) return LITERAL;
      } else if (typeof v !== 'function' || (isPure(v) && !keep?.has(v))) return LITERAL;
      let i = index.get(v as object);
      if (i === undefined) {
        i = queue.length;
        index.set(v as object, i);
        queue.push(v as object);
      }
      return i;
    };
    // what `keep` names is found in the index as what stands in for it
    if (keep) for (const [o, k] of keep) index.set(o, k instanceof Slot ? KEPT - 1 - k.index : KEPT);
    const put = (v: unknown) => {
      const r = refOf(v);
      if (n === refs.length) {
        const grown = new Int32Array(refs.length * 2);
        grown.set(refs);
        refs = scratch.refs = grown;
      }
      refs[n] = r === KEPT ? LITERAL : r;
      vals[n++] = r === LITERAL ? v : r === KEPT ? keep!.get(v as object) : undefined;
    };
    put(root); // slot 0: the root
    try {
      for (let i = 0; i < queue.length; i++) {
        const o = queue[i];
        const before = n;
        let kind = OBJ,
          head: unknown,
          shape: string[] | undefined;
        if (typeof o === 'function') {
          const d = (o as { [CALL]?: CallData })[CALL];
          if (!d || d.adhoc) throw new SnapshotError('a closure');
          kind = CALLED;
          head = d.fn;
          put(d.target);
          for (const b of d.bound) put(b);
        } else if (Array.isArray(o)) {
          kind = ARR;
          for (let j = 0; j < o.length; j++) put(o[j]);
        } else if (o instanceof Map) {
          kind = MAP;
          for (const [k, x] of o) {
            put(k);
            put(x);
          }
        } else if (o instanceof Set) {
          kind = SET;
          for (const x of o) put(x);
        } else if (ArrayBuffer.isView(o)) {
          kind = VIEW;
          head = copyView(o);
        } else if (o instanceof ArrayBuffer) {
          kind = BUF;
          head = o.slice(0);
        } else if (typeof (o as Partial<SelfCopying>)[SNAPSHOT] === 'function') {
          // its own copy, whose references the thaw maps to the objects it makes
          kind = SELF;
          head = (o as SelfCopying)[SNAPSHOT](<V>(v: V): V => {
            const r = refOf(v);
            if (r < KEPT) throw new Error('a self-copying class refers to an object given at thaw');
            return (r >= 0 ? new Ref(r) : r === KEPT ? keep!.get(v as object) : v) as V;
          });
        } else {
          const proto = Object.getPrototypeOf(o) as object | null;
          head = proto;
          const keys = o instanceof Error ? Object.getOwnPropertyNames(o) : Object.keys(o);
          // one key list per shape: most objects have their class's last one (compared before a lookup by name)
          const last = lastShape.get(proto);
          if (last && sameKeys(last, keys)) shape = last;
          else {
            const id = keys.join('\0');
            shape = shapeOf.get(id);
            if (!shape) shapeOf.set(id, (shape = keys));
            lastShape.set(proto, shape);
          }
          for (const k of keys) put((o as Record<string, unknown>)[k]);
        }
        kinds.push(kind);
        heads.push(head);
        shapes.push(shape);
        counts.push(n - before);
      }
      return new Frozen<T>(Uint8Array.from(kinds), heads, shapes, Uint32Array.from(counts), vals.slice(0, n), refs.slice(0, n));
    } catch (e) {
      if (e instanceof SnapshotError)
        throw new SnapshotError(
          `engine state holds a closure at ${closurePath(root, keep) ?? '?'}: keep callbacks as call(target, method, ...args) (src/engine/sim/call.ts)`,
        );
      throw e;
    } finally {
      vals.fill(undefined, 0, n); // nothing kept alive by the spare arrays
      spare = scratch;
    }
  }

  /** A new copy; `slots`: what stands in for the objects `keep` mapped to Slots. */
  thaw(slots: readonly unknown[] = []): T {
    const { kinds, heads, shapes, counts, vals, refs } = this;
    const n = kinds.length;
    const nodes = new Array<unknown>(n);
    const calls: { d: CallData; bound: unknown[] }[] = [];
    for (let i = 0; i < n; i++) {
      const k = kinds[i];
      if (k === OBJ) nodes[i] = Object.create(heads[i] as object | null);
      else if (k === ARR) nodes[i] = new Array(counts[i]);
      else if (k === MAP) nodes[i] = new Map();
      else if (k === SET) nodes[i] = new Set();
      else if (k === VIEW) nodes[i] = copyView(heads[i] as ArrayBufferView);
      else if (k === BUF) nodes[i] = (heads[i] as ArrayBuffer).slice(0);
      else if (k === CALLED) {
        const bound = new Array<unknown>(counts[i] - 1);
        const d: CallData = { target: undefined, fn: heads[i] as CallData['fn'], bound };
        calls.push({ d, bound });
        nodes[i] = callOf(d);
      }
    }
    // a self-copying class copies its frozen copy again, the objects it refers to made above (one it refers to was
    // planned after it: the last first)
    for (let i = n - 1; i >= 0; i--)
      if (kinds[i] === SELF) nodes[i] = (heads[i] as SelfCopying)[SNAPSHOT](<V>(v: V): V => (v instanceof Ref ? nodes[v.node] : v) as V);
    const value = (s: number): unknown => {
      const r = refs[s];
      return r >= 0 ? nodes[r] : r === LITERAL ? vals[s] : slots[KEPT - 1 - r];
    };
    let s = 1,
      c = 0;
    for (let i = 0; i < n; i++) {
      const k = kinds[i],
        m = counts[i];
      if (k === OBJ) {
        const o = nodes[i] as Record<string, unknown>,
          keys = shapes[i]!;
        for (let j = 0; j < m; j++) o[keys[j]] = value(s++);
      } else if (k === ARR) {
        const a = nodes[i] as unknown[];
        for (let j = 0; j < m; j++) a[j] = value(s++);
      } else if (k === MAP) {
        const map = nodes[i] as Map<unknown, unknown>;
        for (let j = 0; j < m; j += 2, s += 2) map.set(value(s), value(s + 1));
      } else if (k === SET) {
        const set = nodes[i] as Set<unknown>;
        for (let j = 0; j < m; j++) set.add(value(s++));
      } else if (k === CALLED) {
        const { d, bound } = calls[c++];
        d.target = value(s++);
        for (let j = 1; j < m; j++) bound[j - 1] = value(s++);
      }
    }
    return value(0) as T;
  }
}

/** Copies `root` and everything it reaches; `keep` maps objects to their stand-ins (shared as they are when mapped to
 *  themselves). */
export function deepCopy<T>(root: T, keep?: Map<object, unknown>): T {
  return Frozen.of(root, keep).thaw();
}

/** Where the first closure is, as a path from the root (slow: only after a copy failed). */
export function closurePath(root: unknown, keep?: Map<object, unknown>): string | null {
  const seen = new Set<unknown>(keep?.keys());
  const stack: [unknown, string][] = [[root, 'root']];
  while (stack.length) {
    const [v, path] = stack.pop()!;
    if (v === null || (typeof v !== 'object' && typeof v !== 'function') || seen.has(v)) continue;
    seen.add(v);
    if (typeof v === 'function') {
      if (isPure(v)) continue;
      const d = (v as { [CALL]?: CallData })[CALL];
      if (!d || d.adhoc) return `${path} (${(d?.fn ?? v).toString().slice(0, 80)})`;
      stack.push([d.target, `${path}→${d.fn.name || 'fn'}.this`]);
      d.bound.forEach((b, i) => stack.push([b, `${path}→${d.fn.name || 'fn'}(#${i})`]));
      continue;
    }
    if (ArrayBuffer.isView(v) || v instanceof ArrayBuffer || Object.isFrozen(v)) continue;
    if (v instanceof Map) {
      for (const [k, x] of v) stack.push([x, `${path}.get(${String(k)})`], [k, `${path}.key(${String(k)})`]);
      continue;
    }
    if (v instanceof Set) {
      let i = 0;
      for (const x of v) stack.push([x, `${path}{${i++}}`]);
      continue;
    }
    const name = Array.isArray(v) ? '' : (Object.getPrototypeOf(v)?.constructor?.name ?? '');
    for (const k of Object.keys(v)) stack.push([(v as Record<string, unknown>)[k], `${path}${name && name !== 'Object' ? `<${name}>` : ''}.${k}`]);
  }
  return null;
}
