// `advance` with `until: "change"` (a project extension of the contract): let simulated time pass until
// something happens — the first event, other than a request on the wire, after which the state dump differs —
// then let that cascade run on until the state has been quiet for SETTLE_MS (a failover is one "something":
// the session expiry, the new controller, the elections and the LeaderAndIsr that follow). Bounded by `ms`.
import type { RunContext } from './commands/context';
import type { SimEvent, StateDump } from './types';

/** How long the state must stay unchanged after a change for the cascade to count as over. */
export const SETTLE_MS = 1000;

/** What "the state" means here: the dump without the clock (time alone is not something happening). */
export function stateFingerprint(dump: StateDump): string {
  const { time: _time, ...rest } = dump;
  // per-second metrics decay with time alone; the state they count shows elsewhere in the dump
  return JSON.stringify(rest, (k, v) => (k === 'metrics' ? undefined : v));
}

/** Runs until the first state change and its cascade are over, at most `maxMs`; true if something changed. */
export function advanceUntilChange(run: RunContext, events: readonly SimEvent[], maxMs: number): boolean {
  const deadline = run.now + maxMs;
  let seen = events.length;
  let last = stateFingerprint(run.dump());
  const changed = (): boolean => {
    if (events.length === seen) return false;
    let onlyRequests = true;
    for (let i = seen; i < events.length; i++)
      if (events[i].type !== 'MessageSent') {
        onlyRequests = false;
        break;
      }
    seen = events.length;
    if (onlyRequests) return false;
    const f = stateFingerprint(run.dump());
    if (f === last) return false;
    last = f;
    return true;
  };
  if (!run.runUntil(changed, maxMs)) return false;
  while (run.now < deadline && run.runUntil(changed, Math.min(SETTLE_MS, deadline - run.now)));
  return true;
}
