// A deep copy of the engine's object graph, for checkpoints (docs/engine.md "Snapshots"). Class instances keep
// their prototypes; Map, Set, arrays, typed arrays and cycles are copied as they are; Calls are bound again to the
// copied target and arguments; frozen objects and pure functions are shared. A class may copy itself its own way by
// a [SNAPSHOT] method (the simulated disk's bytes are copy-on-write: a copy shares every chunk until one side
// writes). Objects given in `keep` map to what they are given (the scenario, which never changes; the event trace,
// which the copy gets as a prefix of the recorded one). Any other function is a closure over some run's objects:
// the copy throws, naming the path where it was found.
import { CALL, callOf, isPure, type CallData } from './call';

/** A registered symbol: storage (which imports nothing from the engine) defines the same hook for its bytes. */
export const SNAPSHOT: unique symbol = Symbol.for('kafka-anatomy.snapshot') as typeof SNAPSHOT;

/** A class with its own way of being copied (it must not reach back to objects that reach it). */
export interface SelfCopying {
  [SNAPSHOT](copy: <T>(v: T) => T): unknown;
}

export class SnapshotError extends Error {}

/**
 * Copies `root` and everything it reaches; `keep` maps objects to their stand-ins (shared as they are when mapped to
 * themselves). `stats.objects` is set to the number of objects the copy made (what it takes in memory, roughly).
 */
export function deepCopy<T>(root: T, keep?: Map<object, unknown>, stats?: { objects: number }): T {
  const memo = new Map<unknown, unknown>(keep);
  const copy = <V>(v: V): V => {
    if (v === null || (typeof v !== 'object' && typeof v !== 'function')) return v;
    // frozen objects are shared as they are, before the memo (a history's frozen records are most of what a copy meets)
    if (typeof v === 'object' && Object.isFrozen(v) && !keep?.has(v)) return v;
    const hit = memo.get(v);
    if (hit !== undefined) return hit as V;
    if (typeof v === 'function') {
      if (isPure(v)) return v;
      const d = (v as { [CALL]?: CallData })[CALL];
      if (!d || d.adhoc) throw new SnapshotError('a closure');
      const nd: CallData = { target: undefined, fn: d.fn, bound: [] };
      const f = callOf(nd);
      memo.set(v, f);
      nd.target = copy(d.target);
      nd.bound = d.bound.map(copy);
      return f as V;
    }
    const o = v as object;
    if (Array.isArray(o)) {
      const out = new Array(o.length);
      memo.set(o, out);
      for (let i = 0; i < o.length; i++) out[i] = copy(o[i]);
      return out as V;
    }
    if (o instanceof Map) {
      const out = new Map();
      memo.set(o, out);
      for (const [k, x] of o) out.set(copy(k), copy(x));
      return out as V;
    }
    if (o instanceof Set) {
      const out = new Set();
      memo.set(o, out);
      for (const x of o) out.add(copy(x));
      return out as V;
    }
    if (ArrayBuffer.isView(o)) {
      const out = o instanceof DataView ? new DataView(o.buffer.slice(o.byteOffset, o.byteOffset + o.byteLength)) : (o as Uint8Array).slice();
      memo.set(o, out);
      return out as V;
    }
    if (o instanceof ArrayBuffer) {
      const out = o.slice(0);
      memo.set(o, out);
      return out as V;
    }
    const own = (o as Partial<SelfCopying>)[SNAPSHOT];
    if (typeof own === 'function') {
      const out = own.call(o, copy);
      memo.set(o, out);
      return out as V;
    }
    const out = Object.create(Object.getPrototypeOf(o)) as Record<string, unknown>;
    memo.set(o, out);
    const src = o as Record<string, unknown>;
    const keys = o instanceof Error ? Object.getOwnPropertyNames(o) : Object.keys(o);
    for (const k of keys) out[k] = copy(src[k]);
    return out as V;
  };
  try {
    const out = copy(root);
    if (stats) stats.objects = memo.size - (keep?.size ?? 0);
    return out;
  } catch (e) {
    if (e instanceof SnapshotError)
      throw new SnapshotError(
        `engine state holds a closure at ${closurePath(root, keep) ?? '?'}: keep callbacks as call(target, method, ...args) (src/engine/sim/call.ts)`,
      );
    throw e;
  }
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
