// Dumps for a window of timeline positions from ONE run of the scenario, instead of one run each.
//
// Position c means: the state a run shows when asked to stop right after event c. Whole steps run
// to completion (runStep). Inside a step, ScenarioRun.runUntilEvent stops at its first scheduler
// boundary (where it checks `this.events.length`) after event c; if the step has no boundary after
// c, the position shows the end of that step. Here the same boundaries are observed by watching
// that read on the run instance, so every captured dump equals what a fresh run to c would give
// (test/ui/host-engine.test.ts checks this on the real engine).
import type { SimEvent, StateDump } from '../scenario/types';
import type { RunLike } from './host';

/** Installs a probe called at each read of run.events; false when the run does not allow it. */
function probeEvents(run: RunLike, onRead: (events: SimEvent[]) => void): boolean {
  let proto: object | null = Object.getPrototypeOf(run);
  let desc: PropertyDescriptor | undefined;
  while (proto && !(desc = Object.getOwnPropertyDescriptor(proto, 'events'))) proto = Object.getPrototypeOf(proto);
  const get = desc?.get;
  if (!get) return false;
  Object.defineProperty(run, 'events', {
    configurable: true,
    get() {
      const ev = get.call(run) as SimEvent[];
      onRead(ev);
      return ev;
    },
  });
  return true;
}

/**
 * Runs `run` (fresh, after start-up) and returns the dumps of the positions in `wanted`
 * (ascending seqs after start-up, below the end of the trace), or null when the run cannot be probed.
 */
export function captureDumps(run: RunLike, trace: SimEvent[], stepEnds: number[], wanted: number[]): Map<number, StateDump> | null {
  const out = new Map<number, StateDump>();
  if (wanted.length === 0) return out;
  let pending: number[] = [];
  let inStep = -1;
  const ok = probeEvents(run, (ev) => {
    if (inStep < 0 || pending.length === 0) return;
    const end = stepEnds[inStep];
    if (!(pending[0] < ev.length && pending[0] < end)) return;
    const d = run.dump();
    while (pending.length && pending[0] < ev.length && pending[0] < end) out.set(pending.shift()!, d);
  });
  if (!ok) return null;
  const byStep = new Map<number, number[]>();
  for (const c of wanted) {
    const k = trace[c].step;
    if (!byStep.has(k)) byStep.set(k, []);
    byStep.get(k)!.push(c);
  }
  const lastStep = trace[wanted[wanted.length - 1]].step;
  while (run.nextStep <= lastStep) {
    const k = run.nextStep;
    pending = byStep.get(k) ?? [];
    inStep = k;
    run.runStep();
    inStep = -1;
    if (pending.length) {
      const d = run.dump();
      for (const c of pending) out.set(c, d);
      pending = [];
    }
  }
  return out;
}
