// Dumps for a window of timeline positions from ONE run of the scenario, instead of one run each.
//
// Position c means: the state a run shows when asked to stop right after event c. Whole steps run
// to completion (runStep). Inside a step, ScenarioRun.runUntilEvent stops at its first scheduler
// boundary after event c; if the step has no boundary after c, the position shows the end of that
// step. The run reports the same boundaries through its onBoundary hook, so every captured dump
// equals what a fresh run to c would give (test/ui/host-engine.test.ts checks this on the real engine).
import type { SimEvent, StateDump } from '../scenario/types';
import type { RunLike } from './timeline';

/**
 * Runs `run` (fresh, after start-up, or restored from a checkpoint) and returns the dumps of the positions in
 * `wanted` (ascending seqs after start-up, below the end of the trace; those of steps before the run's next step
 * must be the end of the step just before it: the run shows them as it is), or null when the run has no boundary hook. `more`,
 * asked before each step after the first with the dumps so far: false ends the capture there (the rest is not captured).
 * `listMax`: the dumps' lists bounded so (ScenarioRun.dump).
 */
export function captureDumps(
  run: RunLike,
  trace: SimEvent[],
  stepEnds: number[],
  wanted: number[],
  more?: (got: Map<number, StateDump>) => boolean,
  listMax?: number,
): Map<number, StateDump> | null {
  const out = new Map<number, StateDump>();
  if (wanted.length === 0) return out;
  if (!('onBoundary' in run)) return null;
  let pending: number[] = [];
  let end = -1;
  const outer = run.onBoundary ?? null;
  run.onBoundary = (events) => {
    outer?.(events);
    if (pending.length === 0 || !(pending[0] < events && pending[0] < end)) return;
    const d = run.dump(listMax);
    while (pending.length && pending[0] < events && pending[0] < end) out.set(pending.shift()!, d);
  };
  const byStep = new Map<number, number[]>();
  for (const c of wanted) {
    const k = trace[c].step;
    if (!byStep.has(k)) byStep.set(k, []);
    byStep.get(k)!.push(c);
  }
  const lastStep = trace[wanted[wanted.length - 1]].step;
  // a run restored from a checkpoint after step k shows the end of step k as it is: nothing to run for it
  const done = wanted.filter((c) => trace[c].step < run.nextStep);
  if (done.length) {
    const d = run.dump(listMax);
    for (const c of done) out.set(c, d);
  }
  try {
    for (let first = true; run.nextStep <= lastStep; first = false) {
      if (!first && more && !more(out)) break;
      const k = run.nextStep;
      pending = byStep.get(k) ?? [];
      end = stepEnds[k];
      run.runStep();
      if (pending.length) {
        const d = run.dump(listMax);
        for (const c of pending) out.set(c, d);
      }
      pending = [];
    }
  } finally {
    run.onBoundary = outer;
  }
  return out;
}
