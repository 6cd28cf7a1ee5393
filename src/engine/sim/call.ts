// Callbacks as data, so the engine's state can be copied (checkpoints, docs/engine.md "Snapshots"). Whatever the
// engine keeps to run later (a scheduler timer, a response handler, a continuation) is a Call: a target object, a
// method (or a module-level function) and plain-data arguments bound first; the snapshot cloner copies the target and
// the arguments and binds the same method again. A closure would keep pointing at the objects of the run it was
// made in, so state must never hold one: the type `Call` is only made by `call`, and the cloner throws on any
// other function it meets, naming where it found it.

export const CALL: unique symbol = Symbol('call');

export interface CallData {
  target: unknown;
  fn: (...args: never[]) => unknown;
  bound: readonly unknown[];
  /** made by `adhoc`: a closure, which a snapshot refuses */
  adhoc?: true;
}

/** A callback that can be copied: `call(target, method, ...bound)`; calling it runs `method.call(target, ...bound, ...args)`. */
export type Call<A extends unknown[] = [], R = void> = ((...args: A) => R) & { readonly [CALL]: CallData };

/** Makes the function of a CallData (also used by the cloner to bind the copied target and arguments). */
export function callOf<A extends unknown[], R>(d: CallData): Call<A, R> {
  // d is read when called: the cloner fills in the copied target and arguments after making the function
  const f = bind<A, R>(d);
  (f as unknown as { [CALL]: CallData })[CALL] = d;
  return f as Call<A, R>;
}

// The function returned directly, not assigned to a name: tsx (esbuild's keepNames) would otherwise define a `name`
// property on every Call made, one of the engine's hottest allocations.
function bind<A extends unknown[], R>(d: CallData): (...rest: A) => R {
  return (...rest: A) =>
    (d.fn as (...a: unknown[]) => R).apply(d.target, d.bound.length === 0 ? rest : rest.length === 0 ? (d.bound as unknown[]) : [...d.bound, ...rest]);
}

/**
 * A copyable callback: `fn` must be a method of `target`'s class (`call(this, this.expire, s)`) or a module-level
 * function (`call(null, respond, network, m)`), never a closure; `bound` are its first arguments (data, objects of
 * the engine's state, or other Calls), the caller supplies the rest.
 */
export function call<T, const B extends readonly unknown[], A extends unknown[], R>(
  target: T,
  fn: (this: T, ...args: [...B, ...A]) => R,
  ...bound: B
): Call<A, R> {
  return callOf<A, R>({ target, fn: fn as CallData['fn'], bound });
}

/**
 * A closure typed as a Call, for tests and code outside the engine's state: it runs like any Call, but a snapshot
 * that meets it fails (it cannot be copied).
 */
export function adhoc<A extends unknown[], R>(fn: (...args: A) => R): Call<A, R> {
  return callOf<A, R>({ target: null, fn: fn as unknown as CallData['fn'], bound: [], adhoc: true });
}

export function isCall(f: unknown): f is Call<unknown[], unknown> {
  return typeof f === 'function' && CALL in f;
}

const PURE: unique symbol = Symbol('pure');

/** Marks a module-level function that holds no state (a no-op, a comparator): snapshots share it as it is. */
export function pure<F extends (...args: never[]) => unknown>(fn: F): F & Call<Parameters<F>, ReturnType<F>> {
  (fn as unknown as { [PURE]: true })[PURE] = true;
  (fn as unknown as { [CALL]: CallData })[CALL] = { target: null, fn, bound: [] };
  return fn as F & Call<Parameters<F>, ReturnType<F>>;
}

export function isPure(f: unknown): boolean {
  return typeof f === 'function' && PURE in f;
}

/** A flag a step waits on (`runUntil(() => latch.done)`), set by a copyable callback: `latch.signal`. */
export class Latch {
  done = false;
  readonly signal: Call = call(this, this.set);
  private set(): void {
    this.done = true;
  }
}

/** A callback that does nothing (an answer nobody waits for). */
export const NOOP: Call<unknown[]> = pure((..._: unknown[]) => {});

/** Runs `then` after `tick` was called `n` times (n answers awaited together). */
export class Countdown {
  constructor(
    private n: number,
    private then: Call,
  ) {}
  tick(): void {
    if (--this.n === 0) this.then();
  }
}
