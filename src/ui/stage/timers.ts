// Countdowns the cluster runs on simulated time, derived from the trace:
// - zkSession: ZooKeeper expires a silent broker's session zookeeper.session.timeout.ms after its last ping
//   (ZooKeeper's SessionTrackerImpl; the broker pings every third of the timeout);
// - heartbeat: the KRaft controller fences a broker silent for broker.session.timeout.ms
//   (BrokerHeartbeatManager; checked on the controller's periodic work, so the fence may come a little later);
// - replicaLag: a leader drops a follower that has not caught up for replica.lag.time.max.ms
//   (Partition.isFollowerOutOfSync: now - lastCaughtUpTimeMs > replicaLagTimeMaxMs).
import type { Scenario, SimEvent } from '../../scenario/types';
import { brokerOfNode, configAt, positionsOf, tpOf } from './trace';
import { sharedPrefix } from '../sharedTrace';

export type CountdownKind = 'zkSession' | 'heartbeat' | 'replicaLag';

export interface Countdown {
  kind: CountdownKind;
  broker: number;
  /** replicaLag: the partition and its leader */
  tp?: string;
  leader?: number;
  timeoutMs: number;
  /** simulated ms: the countdown runs from start to deadline (start = last contact) */
  start: number;
  deadline: number;
  /** trace positions: shown from `fromIdx` (the broker fell silent) until `toIdx` (fired or cancelled) */
  fromIdx: number;
  toIdx: number;
  fired: boolean;
}

/** The broker a silence event silences (a crash, a pause, a link cut to the metadata node or to everyone). */
function silenced(e: SimEvent, metaNode: (n: string) => boolean): number | null {
  if (e.type === 'BrokerCrashed' || e.type === 'BrokerPaused') return Number(e.broker);
  if (e.type === 'LinkCut') {
    const a = String(e.a),
      b = String(e.b);
    if (brokerOfNode(a) !== null && (b === '*' || metaNode(b))) return brokerOfNode(a);
    if (brokerOfNode(b) !== null && (a === '*' || metaNode(a))) return brokerOfNode(b);
  }
  return null;
}

function resumed(e: SimEvent, broker: number, metaNode: (n: string) => boolean): boolean {
  if (e.type === 'BrokerResumed' && Number(e.broker) === broker) return true;
  if (e.type === 'LinkHealed') {
    const a = String(e.a),
      b = String(e.b),
      me = `broker-${broker}`;
    return (a === me && (b === '*' || metaNode(b))) || (b === me && (a === '*' || metaNode(a)));
  }
  return false;
}

/** The arrival time of the broker's last request of `api` sent before `stop` (its last contact), or -1. */
function lastContact(events: SimEvent[], stop: number, broker: number, api: string, to: (n: string) => boolean, since = -1): number {
  const last = since;
  const me = `broker-${broker}`;
  for (let k = stop - 1; k >= 0; k--) {
    const e = events[k];
    if (e.type === 'MessageSent' && e.from === me && e.api === api && to(String(e.to))) return Math.max(last, Number(e.arriveAt ?? e.time));
    if (e.type === 'BrokerRegistered' && Number(e.broker) === broker) return Math.max(last, e.time);
  }
  return last;
}

/**
 * The countdowns of a trace, and what carries them over to a new trace that begins the same (the store appends and
 * branches: the same event objects up to a point): a command at the end of a long history scans its new events only.
 */
export interface CountdownScan {
  events: SimEvent[];
  list: Countdown[];
  /** per countdown: the position the scan made it at, and its last contact (an expiry moves `start`) */
  madeAt: number[];
  contact: number[];
}

/** The events a countdown starts, ends or is made at: the scan reads their positions from the trace index (the trace
 *  is mostly requests). */
const COUNTED = ['BrokerCrashed', 'BrokerPaused', 'LinkCut', 'BrokerResumed', 'LinkHealed', 'BrokerFenced', 'ZkSessionExpired', 'IsrShrunk'];

/** Every countdown of the trace. */
export function allCountdowns(events: SimEvent[], scenario: Pick<Scenario, 'config' | 'mode'> | null): Countdown[] {
  return scanCountdowns(events, scenario, null).list;
}

/** Every countdown of the trace, carrying over those `prev` (a scan with the same settings) made in a shared beginning. */
export function scanCountdowns(events: SimEvent[], scenario: Pick<Scenario, 'config' | 'mode'> | null, prev: CountdownScan | null): CountdownScan {
  const scan: CountdownScan = { events, list: [], madeAt: [], contact: [] };
  const out = scan.list;
  const kraft = scenario?.mode === 'kraft';
  const metaNode = kraft ? (n: string) => n.startsWith('controller') : (n: string) => n === 'zookeeper';
  const open = new Map<number, number>(); // broker -> index of its countdown in `out` still running
  const make = (c: Countdown, at: number, contact: number) => {
    out.push(c);
    scan.madeAt.push(at);
    scan.contact.push(contact);
  };
  const from = prev ? sharedPrefix(prev.events, events) : 0;
  // copies (countdowns handed out before stay as they were); one still running at the shared end runs on
  for (let k = 0; prev && k < prev.list.length && prev.madeAt[k] < from; k++) {
    const c = { ...prev.list[k] };
    if (c.kind !== 'replicaLag' && c.toIdx >= from) {
      Object.assign(c, { toIdx: events.length, fired: false, start: prev.contact[k], deadline: prev.contact[k] + c.timeoutMs });
      open.set(c.broker, out.length);
    }
    make(c, prev.madeAt[k], prev.contact[k]);
  }
  for (const i of positionsOf(events, COUNTED, from)) {
    const e = events[i];
    const b = silenced(e, metaNode);
    if (b !== null && !open.has(b)) {
      const key = kraft ? 'broker.session.timeout.ms' : 'zookeeper.session.timeout.ms';
      const timeoutMs = configAt(events, i, scenario, key);
      const contact = lastContact(events, i, b, kraft ? 'BrokerHeartbeat' : 'Ping', metaNode);
      if (contact >= 0) {
        open.set(b, out.length);
        const kind = kraft ? 'heartbeat' : 'zkSession';
        make({ kind, broker: b, timeoutMs, start: contact, deadline: contact + timeoutMs, fromIdx: i, toIdx: events.length, fired: false }, i, contact);
      }
      continue;
    }
    for (const [broker, at] of open) {
      const c = out[at];
      const fired = kraft ? e.type === 'BrokerFenced' && Number(e.broker) === broker : e.type === 'ZkSessionExpired' && brokerOfNode(e.node) === broker;
      if (fired || resumed(e, broker, metaNode)) {
        c.toIdx = i;
        c.fired = fired;
        // ZooKeeper's expiry is exact: it is the deadline (the arc shows the whole timeout before it)
        if (fired && !kraft) {
          c.deadline = e.time;
          c.start = e.time - c.timeoutMs;
        }
        open.delete(broker);
      }
    }
    if (e.type === 'IsrShrunk') for (const c of lagCountdowns(events, i, scenario)) make(c, i, c.start);
  }
  return scan;
}

/** The followers an ISR shrink removed after they went silent: their replica.lag.time.max.ms countdowns. */
function lagCountdowns(events: SimEvent[], i: number, scenario: Pick<Scenario, 'config'> | null): Countdown[] {
  const e = events[i];
  const leader = Number(e.leader);
  const lagMs = configAt(events, i, scenario, 'replica.lag.time.max.ms');
  const out: Countdown[] = [];
  for (const f of ((e.removed as unknown[] | undefined) ?? []).map(Number)) {
    let stop = -1;
    for (let k = i - 1; k >= 0 && events[i].time - events[k].time <= lagMs * 3; k--) {
      const s = events[k];
      if ((s.type === 'BrokerCrashed' || s.type === 'BrokerPaused') && Number(s.broker) === f) {
        stop = k;
        break;
      }
      if (s.type === 'LinkCut' && (s.a === `broker-${f}` || s.b === `broker-${f}`)) {
        stop = k;
        break;
      }
    }
    if (stop < 0) continue;
    const start = lastContact(events, stop, f, 'Fetch', (n) => n === `broker-${leader}`);
    if (start < 0) continue;
    out.push({ kind: 'replicaLag', broker: f, tp: tpOf(e), leader, timeoutMs: lagMs, start, deadline: start + lagMs, fromIdx: stop, toIdx: i, fired: true });
  }
  return out;
}

/** The countdowns running at a trace position. */
export function countdownsAt(all: Countdown[], cursor: number): Countdown[] {
  return all.filter((c) => c.fromIdx <= cursor && cursor < c.toIdx);
}

/** What is left of a countdown at simulated time `now`, as a fraction of its timeout (1 = full, 0 = empty). */
export function remaining(c: Countdown, now: number): number {
  return Math.max(0, Math.min(1, (c.deadline - now) / c.timeoutMs));
}
