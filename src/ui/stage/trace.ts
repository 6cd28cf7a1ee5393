// Reading the event trace: what a partition, a consumer or a setting was just before a given event.
// Pure functions over the events the worker sent (the trace is data: type + fields).
import { BROKER_KEYS } from '../../engine/config';
import type { Scenario, SimEvent } from '../../scenario/types';
import { positionsBefore, sharedPrefix } from '../sharedTrace';
import { traceFold } from './traceFold';

export interface PState {
  leader: number | null;
  isr: number[];
  epoch: number;
}

const num = (v: unknown): number => Number(v);

/**
 * Where in a trace each partition's state, each topic's assignment, each znode and the controller changed:
 * built once per trace, so "what was it just before event i" is a binary search, not a scan of the history. A new
 * trace that begins as the last one did (the store's appends and branches) keeps the positions of that beginning.
 */
let indexMemo: { events: SimEvent[] | null; at: Map<string, number[]> } = { events: null, at: new Map() };
function traceIndex(events: SimEvent[]): Map<string, number[]> {
  if (indexMemo.events === events) return indexMemo.at;
  const from = indexMemo.events ? sharedPrefix(indexMemo.events, events) : 0;
  const at = positionsBefore(indexMemo.at, from);
  const add = (k: string, i: number) => {
    const l = at.get(k);
    if (l) l.push(i);
    else at.set(k, [i]);
  };
  for (let i = from; i < events.length; i++) {
    const e = events[i];
    if (typeof e.path === 'string') {
      add(`path:${e.path}`, i);
      const m = /^\/brokers\/topics\/([^/]+)\/partitions\/(\d+)\/state$/.exec(e.path);
      if (m) add(`tp:${m[1]}-${m[2]}`, i);
    } else if (e.type === 'LeaderElected' || e.type === 'PartitionOffline' || e.type === 'IsrShrunk' || e.type === 'IsrExpanded')
      add(`tp:${String(e.topic)}-${String(e.partition)}`, i);
    else if (e.type === 'TopicCreated' || e.type === 'PartitionsAdded') add(`topic:${String(e.topic)}`, i);
    else if (e.type === 'ControllerElected') add('controller', i);
    if (TYPED.has(e.type)) add(`type:${e.type}`, i);
  }
  indexMemo = { events, at };
  return at;
}

/** Event types whose positions the index keeps (the countdowns' events, the settings' changes). */
const TYPED = new Set([
  'BrokerCrashed',
  'BrokerPaused',
  'LinkCut',
  'BrokerResumed',
  'LinkHealed',
  'BrokerFenced',
  'ZkSessionExpired',
  'IsrShrunk',
  'ConfigChanged',
]);

/** The positions (from `from` on, in order) of the events of these types (of those TYPED). */
export function positionsOf(events: SimEvent[], types: readonly string[], from = 0): number[] {
  const at = traceIndex(events);
  const out: number[] = [];
  for (const t of types) {
    if (!TYPED.has(t)) throw new Error(`the trace index does not keep the positions of ${t} events`);
    for (const i of at.get(`type:${t}`) ?? []) if (i >= from) out.push(i);
  }
  return out.sort((a, b) => a - b);
}

/** The positions (before `i`, latest first) where `key` changed. */
function* before(events: SimEvent[], key: string, i: number): Generator<number> {
  const l = traceIndex(events).get(key);
  if (!l) return;
  let lo = 0,
    hi = l.length; // first index with l[x] >= i
  while (lo < hi) {
    const m = (lo + hi) >> 1;
    if (l[m] < i) lo = m + 1;
    else hi = m;
  }
  for (let x = lo - 1; x >= 0; x--) yield l[x];
}
const nums = (v: unknown): number[] => (Array.isArray(v) ? v.map(Number) : []);
export const tpOf = (e: SimEvent) => `${String(e.topic)}-${String(e.partition)}`;
const statePath = (topic: string, partition: number) => `/brokers/topics/${topic}/partitions/${partition}/state`;

/** Broker id of a network node name ("broker-2" → 2), or null. */
export function brokerOfNode(node: unknown): number | null {
  const m = /^broker-(\d+)$/.exec(String(node));
  return m ? Number(m[1]) : null;
}

/**
 * The partition's leader, ISR and leader epoch just before event `i`, from the last events that set them:
 * LeaderElected, the ZooKeeper state znode (KafkaController writes it), IsrShrunk / IsrExpanded, PartitionOffline.
 */
export function partitionStateBefore(events: SimEvent[], i: number, topic: string, partition: number): PState | null {
  let leader: number | null | undefined, isr: number[] | undefined, epoch: number | undefined;
  const path = statePath(topic, partition);
  for (const k of before(events, `tp:${topic}-${partition}`, Math.min(i, events.length))) {
    const e = events[k];
    if ((e.type === 'ZnodeCreated' || e.type === 'ZnodeChanged') && e.path === path) {
      try {
        const s = JSON.parse(String(e.data)) as { leader: number; leader_epoch: number; isr: number[] };
        leader ??= s.leader < 0 ? null : s.leader;
        isr ??= s.isr;
        epoch ??= s.leader_epoch;
      } catch {
        /* not JSON: ignore */
      }
    } else if (e.topic === topic && Number(e.partition) === partition) {
      if (e.type === 'LeaderElected') {
        leader ??= num(e.leader);
        isr ??= nums(e.isr);
        epoch ??= num(e.leaderEpoch);
      } else if (e.type === 'PartitionOffline') {
        leader ??= null;
        if (Array.isArray(e.isr)) isr ??= nums(e.isr);
        epoch ??= num(e.leaderEpoch);
      } else if (e.type === 'IsrShrunk' || e.type === 'IsrExpanded') {
        isr ??= nums(e.isr);
        leader ??= num(e.leader);
      }
    }
    if (leader !== undefined && isr !== undefined && epoch !== undefined) break;
  }
  if (leader === undefined && isr === undefined) return null;
  return { leader: leader ?? null, isr: isr ?? [], epoch: epoch ?? 0 };
}

/** A partition's replica list from the last TopicCreated / PartitionsAdded before event `i`. */
export function replicasBefore(events: SimEvent[], i: number, topic: string, partition: number): number[] {
  for (const k of before(events, `topic:${topic}`, Math.min(i, events.length))) {
    const e = events[k];
    if (!Array.isArray(e.assignment)) continue;
    if (e.type === 'TopicCreated') return nums((e.assignment as unknown[])[partition]);
    if (e.type === 'PartitionsAdded' && partition >= num(e.from)) return nums((e.assignment as unknown[])[partition - num(e.from)]);
  }
  return [];
}

/** The controller (broker id and epoch) elected last before event `i`. */
export function controllerBefore(events: SimEvent[], i: number): { id: number; epoch: number } | null {
  for (const k of before(events, 'controller', Math.min(i, events.length))) return { id: num(events[k].broker), epoch: num(events[k].epoch) };
  return null;
}

/**
 * The partitions each consumer owns right after event `i` (-1: none yet), as the consumer sees them (traceFold.ts:
 * snapshots, cheap at any position of a long history).
 */
export const ownedAt = traceFold<Map<string, string[]>>(
  () => new Map(),
  applyOwnership,
  (m) => new Map(m),
);

/** One event's effect on ownership; true if it changed something. */
export function applyOwnership(owned: Map<string, string[]>, e: SimEvent): boolean {
  if (e.type === 'PartitionsAssigned') {
    owned.set(String(e.member), (e.assignment as string[] | undefined) ?? []);
    return true;
  }
  if (e.type === 'PartitionsRevoked') {
    const gone = new Set(e.partitions as string[]);
    owned.set(
      String(e.member),
      (owned.get(String(e.member)) ?? []).filter((tp) => !gone.has(tp)),
    );
    return true;
  }
  if (e.type === 'ConsumerClosed' || e.type === 'ConsumerCrashed') {
    owned.set(String(e.consumer), []);
    return true;
  }
  return false;
}

/** The group's state and generation right before event `i`. */
export function groupStateBefore(events: SimEvent[], i: number, group: string): { state: string; generation: number } {
  for (let k = Math.min(i, events.length) - 1; k >= 0; k--) {
    const e = events[k];
    if (e.group !== group) continue;
    if (e.type === 'GroupStateChanged') return { state: String(e.to), generation: num(e.generation) };
    if (e.type === 'GroupStable') return { state: 'Stable', generation: num(e.generation) };
  }
  return { state: 'Empty', generation: 0 };
}

/** A broker setting in force at event `i`: the last setConfig before it, else the scenario's config, else Kafka's default. */
export function configAt(events: SimEvent[], i: number, scenario: Pick<Scenario, 'config'> | null, key: string): number {
  for (const k of before(events, 'type:ConfigChanged', Math.min(i, events.length - 1) + 1)) {
    const e = events[k];
    if (e.key === key && e.topic == null) return num(e.value);
  }
  const v = scenario?.config?.[key];
  if (typeof v === 'number') return v;
  return Number(BROKER_KEYS[key]?.def ?? 0);
}

/** A znode's data just before event `i` (null: it did not exist), from the ZooKeeper events of the trace. */
export function znodeBefore(events: SimEvent[], i: number, path: string): string | null {
  for (const k of before(events, `path:${path}`, Math.min(i, events.length))) {
    const e = events[k];
    if (e.type === 'ZnodeCreated' || e.type === 'ZnodeChanged') return String(e.data ?? '');
    if (e.type === 'ZnodeDeleted') return null;
  }
  return null;
}
