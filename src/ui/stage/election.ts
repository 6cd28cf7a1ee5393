// Leader election as beats (design/stage.md, "Leader election"): a broker goes down, its session or heartbeat
// countdown runs out, the watch fires, a controller is elected, it reads the ISR and picks the first live
// replica in it (PartitionStateMachine / Election.leaderForOffline), writes the new state (the ZooKeeper state
// znode or a PartitionChangeRecord), sends LeaderAndIsr and UpdateMetadata, and the leader mark moves.
import type { SimEvent } from '../../scenario/types';
import type { BeatBody, LeaderMove } from './types';
import { brokerOfNode, controllerBefore, partitionStateBefore, replicasBefore, tpOf, znodeBefore, type PState } from './trace';

export interface ElectionCtx {
  events: SimEvent[];
  kraft: boolean;
  /** elections already drawn in full in this scene (after two, the rest are summed up) */
  fullElections: number;
  pendingMoves: Map<string, LeaderMove>;
}

const STATE_PATH = /^\/brokers\/topics\/([^/]+)\/partitions\/(\d+)\/state$/;

/** The brokers that received the watch on /controller since it was deleted: they race to create it again. */
function contenders(events: SimEvent[], i: number, winner: number): number[] {
  const out = new Set<number>([winner]);
  for (let k = i - 1; k >= 0 && k > i - 400; k--) {
    const e = events[k];
    if (e.type === 'ZnodeDeleted' && e.path === '/controller') break;
    if (e.type === 'MessageSent' && e.from === 'zookeeper' && e.api === 'WatchedEvent') {
      const b = brokerOfNode(e.to);
      if (b !== null) out.add(b);
    }
  }
  return [...out].sort((a, b) => a - b);
}

/** Is a LeaderElected for this state znode's partition coming right after it (same instant)? */
function electionFollows(events: SimEvent[], i: number, topic: string, partition: number): boolean {
  for (let k = i + 1; k < events.length && events[k].time === events[i].time && k < i + 80; k++) {
    const e = events[k];
    if (e.type === 'LeaderElected' && e.topic === topic && Number(e.partition) === partition) return true;
  }
  return false;
}

export function electionBeats(e: SimEvent, i: number, ctx: ElectionCtx): BeatBody[] {
  const { events, kraft } = ctx;
  switch (e.type) {
    case 'BrokerCrashed':
    case 'BrokerPaused':
    case 'BrokerStopped':
      return [
        {
          kind: 'down',
          broker: Number(e.broker),
          how: e.type === 'BrokerCrashed' ? (e.loseUnflushed ? 'powerLoss' : 'crashed') : e.type === 'BrokerPaused' ? 'paused' : 'stopped',
        },
      ];
    case 'BrokerResumed':
      return [{ kind: 'up', broker: Number(e.broker), from: 'paused' }];
    case 'BrokerStarted': {
      // a restart: what it was before (the initial start at time 0 is not a beat)
      for (let k = i - 1; k >= 0; k--) {
        const d = events[k];
        if (Number(d.broker) !== Number(e.broker)) continue;
        if (d.type === 'BrokerCrashed') return [{ kind: 'up', broker: Number(e.broker), from: 'crashed' }];
        if (d.type === 'BrokerStopped') return [{ kind: 'up', broker: Number(e.broker), from: 'stopped' }];
        if (d.type === 'BrokerStarted' || d.type === 'BrokerAdded') break;
      }
      return [];
    }
    case 'LinkCut': {
      const b = brokerOfNode(e.a);
      return b !== null && e.b === '*' ? [{ kind: 'down', broker: b, how: 'isolated' }] : [];
    }
    case 'ZkSessionExpired': {
      const b = brokerOfNode(e.node);
      return b !== null ? [{ kind: 'expired', broker: b, timer: 'zkSession' }] : [];
    }
    case 'ZnodeDeleted': {
      const path = String(e.path);
      return [{ kind: 'znodeGone', path, znodes: [{ path, before: znodeBefore(events, i, path), after: null }] }];
    }
    case 'ZnodeChanged': {
      const m = STATE_PATH.exec(String(e.path));
      if (m && electionFollows(events, i, m[1], Number(m[2]))) return []; // drawn with the election
      const path = String(e.path);
      return m ? [{ kind: 'znodeSet', path, data: String(e.data), znodes: [{ path, before: znodeBefore(events, i, path), after: String(e.data) }] }] : [];
    }
    case 'ZnodeCreated': {
      const path = String(e.path);
      return /^\/brokers\/ids\/\d+$/.test(path) && e.time > 0
        ? [{ kind: 'znodeSet', path, data: String(e.data), znodes: [{ path, before: znodeBefore(events, i, path), after: String(e.data) }] }]
        : [];
    }
    case 'ControllerElected': {
      const to = Number(e.broker),
        prev = controllerBefore(events, i);
      // the winner created /controller and bumped /controller_epoch just before (KafkaController.elect)
      let created = i;
      while (created > 0 && events[created - 1].time === e.time && !(events[created].type === 'ZnodeCreated' && events[created].path === '/controller'))
        created--;
      const znodes = kraft
        ? []
        : ['/controller', '/controller_epoch'].map((path) => ({ path, before: znodeBefore(events, created, path), after: znodeBefore(events, i + 1, path) }));
      return [
        {
          kind: 'controller',
          from: prev?.id ?? null,
          to,
          epochFrom: prev?.epoch ?? 0,
          epochTo: Number(e.epoch),
          contenders: kraft ? [to] : contenders(events, i, to),
          kraft,
          znodes,
        },
      ];
    }
    case 'LeaderElected':
    case 'PartitionOffline':
      return e.reason === 'new' ? [] : election(e, i, ctx);
    case 'BecameLeader': {
      const tp = tpOf(e),
        move = ctx.pendingMoves.get(tp);
      if (!move) return [];
      ctx.pendingMoves.delete(tp);
      return [{ kind: 'leaderMove', moves: [move] }];
    }
    case 'BrokerFenced':
      return [
        { kind: 'fenced', broker: Number(e.broker), controller: Number(e.controller) },
        { kind: 'record', record: 'FenceBrokerRecord', detail: `broker ${String(e.broker)}` },
      ];
    case 'ZombieController':
      return [{ kind: 'zombie', broker: Number(e.broker), epoch: Number(e.epoch) }];
    case 'ControllerWriteFailed':
      return [{ kind: 'bounce', from: `broker-${String(e.broker)}`, to: 'zookeeper', error: String(e.error), count: 1 }];
    case 'StaleControllerEpochRejected':
      return [
        {
          kind: 'bounce',
          from: `broker-${String(e.from)}`,
          to: `broker-${String(e.broker)}`,
          error: `controller epoch ${String(e.epoch)} < ${String(e.currentEpoch)}`,
          count: 1,
        },
      ];
    case 'IsrShrunk':
      return [{ kind: 'expired', broker: Number((e.removed as unknown[] | undefined)?.[0] ?? -1), timer: 'replicaLag', tp: tpOf(e) }];
    default:
      return [];
  }
}

/** The controller's choice for one partition: the ISR card, the state it writes, and the move to come. */
function election(e: SimEvent, i: number, ctx: ElectionCtx): BeatBody[] {
  const topic = String(e.topic),
    partition = Number(e.partition),
    tp = tpOf(e);
  // in ZooKeeper mode the controller writes the state znode just before it announces the election
  const path = `/brokers/topics/${topic}/partitions/${partition}/state`;
  let write = -1;
  for (let k = i - 1; k >= 0 && ctx.events[k].time === e.time; k--) {
    const z = ctx.events[k];
    if (z.type === 'ZnodeChanged' && z.path === path) {
      write = k;
      break;
    }
  }
  const traced: PState = partitionStateBefore(ctx.events, write >= 0 ? write : i, topic, partition) ?? { leader: null, isr: [], epoch: 0 };
  // the controller's own ISR changes (a controlled shutdown in KRaft mode) leave no event: it says what it read
  const before: PState = Array.isArray(e.isrBefore) ? { ...traced, isr: e.isrBefore.map(Number) } : traced;
  const after: PState = {
    leader: e.type === 'PartitionOffline' ? null : Number(e.leader),
    isr: Array.isArray(e.isr) ? e.isr.map(Number) : before.isr,
    epoch: Number(e.leaderEpoch),
  };
  const controller = Number(e.controller ?? -1);
  ctx.pendingMoves.set(tp, {
    tp,
    from: before.leader,
    to: after.leader,
    epochFrom: before.epoch,
    epochTo: after.epoch,
    isrBefore: before.isr,
    isrAfter: after.isr,
  });
  ctx.fullElections += 1;
  if (ctx.fullElections > 2) return [{ kind: 'isrMore', count: 1, controller, kraft: ctx.kraft }];
  const struck = before.isr.filter((b) => !after.isr.includes(b));
  const data = write >= 0 ? String(ctx.events[write].data) : JSON.stringify({ leader: after.leader ?? -1, leader_epoch: after.epoch, isr: after.isr });
  return [
    {
      kind: 'isr',
      tp,
      controller,
      before,
      after,
      replicas: replicasBefore(ctx.events, i, topic, partition),
      struck,
      reason: e.type === 'PartitionOffline' ? 'none' : String(e.reason),
      kraft: ctx.kraft,
      ...(Array.isArray(e.elrBefore) && Array.isArray(e.elr) ? { elr: { before: e.elrBefore.map(Number), after: e.elr.map(Number) } } : {}),
    },
    ctx.kraft
      ? { kind: 'record', record: 'PartitionChangeRecord', detail: `${tp} leader ${after.leader ?? -1} epoch ${after.epoch} ISR [${after.isr.join(', ')}]` }
      : { kind: 'znodeSet', path, data, znodes: [{ path, before: znodeBefore(ctx.events, write >= 0 ? write : i, path), after: data }] },
  ];
}
