// (project) The metrics of a dump, and the position a step starts from: what the metrics view compares the dump at
// the cursor with. The UI cannot rebuild them from the trace (a KRaft controller's ISR-only change and a broker's
// own view of its partitions leave no event), so the worker sends them from the dump it already has for that place.
import type { SimEvent, StateDump } from '../scenario/types';
import type { NodeMetricsDump, StepMetrics } from './protocol';

export function metricsOf(dump: StateDump, step: number): StepMetrics {
  const node = (m: { metrics?: Record<string, number> | null; metricCounts?: Record<string, number> | null }): NodeMetricsDump => ({
    metrics: m.metrics ?? null,
    metricCounts: m.metricCounts ?? null,
  });
  const out: StepMetrics = { step, brokers: {} };
  for (const [id, b] of Object.entries(dump.brokers)) out.brokers[id] = node(b);
  if (dump.quorum) {
    out.controllers = {};
    for (const [id, v] of Object.entries(dump.quorum.voters)) out.controllers[id] = node(v);
  }
  return out;
}

/** The runner's bookkeeping: a step made of these only (an `expect`) changed nothing in the cluster. */
const BOOKKEEPING = new Set(['StepStarted', 'ExpectFailed', 'AdminRequestFailed']);

/**
 * Where the change on screen starts: the end of the step before the cursor's (or the cluster's start-up for step 0);
 * a step that only checked something (an `expect`) shows the change of the last step that did something. Null
 * before the first step.
 */
export function stepStart(events: SimEvent[], stepEnds: number[], bootEnd: number, cursor: number): { pos: number; step: number } | null {
  if (cursor <= bootEnd || cursor >= events.length) return null;
  let k = events[cursor].step;
  if (k < 0) return null;
  const startOf = (j: number) => (j === 0 ? bootEnd : Math.max(bootEnd, stepEnds[j - 1] ?? bootEnd));
  let end = cursor;
  for (;;) {
    const from = startOf(k);
    let busy = false;
    for (let i = from + 1; i <= end && !busy; i++) busy = !BOOKKEEPING.has(events[i].type);
    if (busy || k === 0) return { pos: from, step: k };
    end = from;
    k = events[from]?.step ?? 0;
    if (end <= bootEnd || k < 0) return { pos: from, step: Math.max(0, k) };
  }
}
