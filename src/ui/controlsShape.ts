// What the control panel shows of the cluster: names, partition lists and statuses. The controls read this instead
// of the whole dump, so that they re-render when one of these changes, not at every move of the timeline (the dump
// is a new object at each one: re-rendering the six forms cost a move up to 90 ms while a lesson played).
import type { StateDump } from '../scenario/types';
import type { BrokerDump } from '../engine/stateDump';
import { brokerIds, topicNames } from './selectors';
import { useStore } from './store';

export interface ControlsShape {
  topics: string[];
  brokers: string[];
  /** broker id → its status */
  status: Record<string, BrokerDump['status']>;
  /** topic → its partition numbers, in order */
  partitions: Record<string, number[]>;
  /** the consumers by name, and those neither closed nor crashed */
  consumers: string[];
  live: string[];
}

export function controlsShape(dump: StateDump | null): ControlsShape {
  const brokers = brokerIds(dump);
  const topics = topicNames(dump);
  const consumers = Object.keys(dump?.consumers ?? {}).sort();
  return {
    topics,
    brokers,
    status: Object.fromEntries(brokers.map((b) => [b, dump!.brokers[b].status])),
    partitions: Object.fromEntries(
      topics.map((t) => [
        t,
        Object.keys(dump!.topics[t].partitions)
          .map(Number)
          .sort((a, b) => a - b),
      ]),
    ),
    consumers,
    live: consumers.filter((n) => dump!.consumers[n].status === 'active'),
  };
}

const sameList = <T>(a: T[], b: T[]) => a.length === b.length && a.every((x, i) => x === b[i]);
const sameRecord = <T>(a: Record<string, T>, b: Record<string, T>, same: (x: T, y: T) => boolean) => {
  const ka = Object.keys(a);
  return sameList(ka, Object.keys(b)) && ka.every((k) => same(a[k], b[k]));
};

export function sameShape(a: ControlsShape, b: ControlsShape): boolean {
  return (
    sameList(a.topics, b.topics) &&
    sameList(a.brokers, b.brokers) &&
    sameList(a.consumers, b.consumers) &&
    sameList(a.live, b.live) &&
    sameRecord(a.status, b.status, (x, y) => x === y) &&
    sameRecord(a.partitions, b.partitions, sameList)
  );
}

let cached: { dump: StateDump | null; shape: ControlsShape } = { dump: null, shape: controlsShape(null) };

/**
 * The cluster's shape for the controls: worked out once per dump for all six forms (the selector runs at every change
 * of the store), and the same object while nothing in it changed.
 */
export function useControlsShape(): ControlsShape {
  return useStore((s) => {
    if (s.dump !== cached.dump) {
      const next = controlsShape(s.dump);
      cached = { dump: s.dump, shape: sameShape(cached.shape, next) ? cached.shape : next };
    }
    return cached.shape;
  });
}
