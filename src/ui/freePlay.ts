// Free play's defaults, derived from the scenario and the trace: how long "Advance" waits by default, and
// which partition a produce wrote to (so the partition log opens where the records went).
import { BROKER_KEYS } from '../engine/config';
import type { Scenario, SimEvent } from '../scenario/types';

/** "Advance until something happens" gives up after this much simulated time. */
export const UNTIL_BOUND_MS = 60000;

const MARGIN_MS = 2000;

/**
 * Long enough for a crashed broker to be noticed: its ZooKeeper session expires after
 * zookeeper.session.timeout.ms (zookeeper mode), or the controller fences it after broker.session.timeout.ms
 * (kraft); the elections follow within milliseconds. 18 000 + 2 000 = 20 000 ms with Kafka's defaults.
 */
export function defaultAdvanceMs(scenario: Pick<Scenario, 'mode' | 'config'> | null): number {
  const key = scenario?.mode === 'kraft' ? 'broker.session.timeout.ms' : 'zookeeper.session.timeout.ms';
  const v = scenario?.config[key];
  const timeout = typeof v === 'number' ? v : (BROKER_KEYS[key].def as number);
  return Math.ceil((timeout + MARGIN_MS) / 1000) * 1000;
}

/** The partition the produce step `step` wrote to last (acknowledged, else appended, else tried), or null. */
export function lastProducedPartition(events: readonly SimEvent[], step: number): { topic: string; partition: number } | null {
  let acked: SimEvent | null = null,
    appended: SimEvent | null = null,
    failed: SimEvent | null = null;
  for (let i = events.length - 1; i >= 0 && events[i].step >= step; i--) {
    const e = events[i];
    if (e.step !== step) continue;
    if (e.type === 'ProduceAcked') {
      acked = e;
      break;
    }
    if (e.type === 'Appended' && e.asLeader !== false && !appended) appended = e;
    if (e.type === 'ProduceFailed' && Number(e.partition) >= 0 && !failed) failed = e;
  }
  const e = acked ?? appended ?? failed;
  return e ? { topic: String(e.topic), partition: Number(e.partition) } : null;
}
