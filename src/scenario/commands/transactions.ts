// What beginTransaction, commitTransaction and abortTransaction share: a transaction call blocks the application
// for at most max.block.ms (60 s, the Java producer's default) and then fails with a TimeoutException.
import type { RunContext } from './context';
import { Latch, type Call } from '../../engine/sim/call';

export const MAX_BLOCK_MS = 60000;

/** Runs until `start`'s callback is called, or max.block.ms passes (recorded as the call's error). */
export function blockOn(run: RunContext, errors: string[], start: (done: Call<[error: string | null]>) => void): void {
  const done = new Latch();
  start(done.signal);
  if (!run.runUntil(() => done.done, MAX_BLOCK_MS)) errors.push('TimeoutException');
}
