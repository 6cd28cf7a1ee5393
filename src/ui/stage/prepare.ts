// While the page is idle after a new trace arrives, the folds a move reads (the consumers' ownership, the KIP-848
// groups) are built to its end, a stretch at a time within each idle period: the first move then starts from a
// snapshot instead of folding the whole history in the task that answers the key (a step back at the end of a
// 23.8k-event history: its scene took 8-10 ms of that task).
import type { SimEvent } from '../../scenario/types';
import { modernGroupsAt } from './consumerGroup';
import { ownedAt } from './trace';
import type { TraceFold } from './traceFold';

const STRETCH = 2048;

interface Idle {
  timeRemaining(): number;
}

/**
 * Builds `folds` to the end of `events` in idle periods; stops when `current()` is another trace. Where the browser
 * has no idle callbacks (jsdom), nothing: the first move folds what it needs.
 */
export function prepareTrace(
  events: SimEvent[],
  current: () => SimEvent[],
  folds: readonly TraceFold<unknown>[] = [ownedAt, modernGroupsAt],
  whenIdle: ((f: (d: Idle) => void) => void) | null = typeof requestIdleCallback === 'function' ? (f) => requestIdleCallback(f) : null,
): void {
  if (!whenIdle) return;
  let k = -1;
  const slice = (d: Idle) => {
    if (current() !== events) return;
    while (k < events.length - 1 && d.timeRemaining() > 4) {
      k = Math.min(events.length - 1, k + STRETCH);
      for (const fold of folds) fold(events, k);
    }
    if (k < events.length - 1) whenIdle(slice);
  };
  whenIdle(slice);
}
