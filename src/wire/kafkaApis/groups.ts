// The classic group protocol on the wire (KafkaApis.handleFindCoordinatorRequest, handleJoinGroupRequest, ...):
// each request goes to the engine's GroupCoordinator of the broker it reached. Kafka keeps member metadata and
// assignments as opaque bytes; the engine keeps them decoded, so the client's bytes are kept aside (WireState) and
// handed back as sent.
import { errorCode } from '../protocol/errors';
import type { Message } from '../codec/schema';
import { decodeAssignment, decodeSubscription, encodeAssignment, encodeSubscription } from '../../engine/group/groupMetadataRecord';
import type { AssignorName, TopicPartition } from '../../engine/group/rules';
import type { Subscription } from '../../engine/group/protocol';
import { call } from '../../engine/sim/call';
import type { ResponseOf } from '../../engine/apis';
import type { Respond, Translation, WireContext } from './context';

/** An operation the client may not see (authorizedOperations not asked for). */
const OPS_NOT_REQUESTED = -2147483648;

function subscriptionOf(ctx: WireContext, bytes: Uint8Array): Subscription {
  let s: Subscription;
  try {
    s = decodeSubscription(bytes);
  } catch {
    // a protocol that is not the consumer's: the coordinator does not need to read it
    s = { topics: [], ownedPartitions: [], generation: -1 };
  }
  ctx.state.subscriptionBytes.set(s, bytes.slice());
  return s;
}

function subscriptionBytes(ctx: WireContext, s: Subscription): Uint8Array {
  return ctx.state.subscriptionBytes.get(s) ?? encodeSubscription(s);
}

function assignmentOf(bytes: Uint8Array): TopicPartition[] {
  try {
    return decodeAssignment(bytes);
  } catch {
    return [];
  }
}

function assignmentBytes(ctx: WireContext, group: string, generation: number, memberId: string, tps: TopicPartition[]): Uint8Array {
  const kept = ctx.state.assignmentBytes.get(group);
  const raw = kept && kept.generation === generation ? kept.byMember.get(memberId) : undefined;
  if (raw) return raw;
  return tps.length ? encodeAssignment(tps) : new Uint8Array(0);
}

// --- FindCoordinator --------------------------------------------------------------------

export const findCoordinator: Translation = (ctx, req, respond) => {
  // CoordinatorType.forId: key_type 0 is GROUP, 1 TRANSACTION (v1+; v0 has none: a group); anything else is invalid
  const type = req.keyType as number;
  if (type !== 0 && type !== 1)
    return respond({
      throttleTimeMs: 0,
      errorCode: errorCode('INVALID_REQUEST'),
      errorMessage: `Unknown coordinator type received: ${type}`,
      nodeId: -1,
      host: '',
      port: -1,
    });
  ctx.send('FindCoordinator', { groupId: req.key as string, keyType: type === 0 ? 'GROUP' : 'TRANSACTION' }, call(null, findCoordinatorAnswer, ctx, respond));
};

function findCoordinatorAnswer(ctx: WireContext, respond: Respond, r: ResponseOf<'FindCoordinator'>): void {
  const l = r.error ? { host: '', port: -1 } : ctx.listener(r.nodeId);
  respond({ throttleTimeMs: 0, errorCode: errorCode(r.error), errorMessage: null, nodeId: r.error ? -1 : r.nodeId, ...l });
}

// --- JoinGroup, SyncGroup, Heartbeat, LeaveGroup ----------------------------------------------

/** Static membership (group.instance.id, KIP-345) is not modelled: such a member joins as a dynamic one. */
export const joinGroup: Translation = (ctx, req, respond) => {
  const session = req.sessionTimeoutMs as number;
  const protocols = (req.protocols as { name: string; metadata: Uint8Array }[]).map((p) => ({
    name: p.name as AssignorName,
    subscription: subscriptionOf(ctx, p.metadata),
  }));
  ctx.send(
    'JoinGroup',
    {
      groupId: req.groupId as string,
      memberId: req.memberId as string,
      clientId: ctx.clientId,
      sessionTimeoutMs: session,
      // v0 has no rebalance timeout: the session timeout is used
      rebalanceTimeoutMs: ctx.version >= 1 ? (req.rebalanceTimeoutMs as number) : session,
      protocols,
      reason: '',
      // KIP-394: from v4 on a new member first gets its id with MEMBER_ID_REQUIRED
      requireKnownMemberId: ctx.version >= 4,
    },
    call(null, joinGroupAnswer, ctx, respond),
  );
};

function joinGroupAnswer(ctx: WireContext, respond: Respond, r: ResponseOf<'JoinGroup'>): void {
  if (r.error)
    return respond({ throttleTimeMs: 0, errorCode: errorCode(r.error), generationId: -1, protocolName: '', leader: '', memberId: r.memberId, members: [] });
  respond({
    throttleTimeMs: 0,
    errorCode: 0,
    generationId: r.generationId,
    protocolName: r.protocolName ?? '',
    leader: r.leader,
    memberId: r.memberId,
    members: r.members.map((m) => ({ memberId: m.memberId, groupInstanceId: null, metadata: subscriptionBytes(ctx, m.subscription) })),
  });
}

export const syncGroup: Translation = (ctx, req, respond) => {
  const groupId = req.groupId as string;
  const generation = req.generationId as number;
  const memberId = req.memberId as string;
  const list = req.assignments as { memberId: string; assignment: Uint8Array }[];
  const assignments: Record<string, TopicPartition[]> = {};
  if (list.length) {
    const byMember = new Map<string, Uint8Array>();
    for (const a of list) {
      assignments[a.memberId] = assignmentOf(a.assignment);
      byMember.set(a.memberId, a.assignment.slice());
    }
    ctx.state.assignmentBytes.set(groupId, { generation, byMember });
  }
  ctx.send('SyncGroup', { groupId, generationId: generation, memberId, assignments }, call(null, syncGroupAnswer, ctx, respond, groupId, generation, memberId));
};

function syncGroupAnswer(ctx: WireContext, respond: Respond, groupId: string, generation: number, memberId: string, r: ResponseOf<'SyncGroup'>): void {
  const bytes = r.error ? new Uint8Array(0) : assignmentBytes(ctx, groupId, generation, memberId, r.assignment);
  respond({ throttleTimeMs: 0, errorCode: errorCode(r.error), assignment: bytes });
}

export const heartbeat: Translation = (ctx, req, respond) => {
  ctx.send(
    'Heartbeat',
    { groupId: req.groupId as string, generationId: req.generationId as number, memberId: req.memberId as string },
    call(null, heartbeatAnswer, respond),
  );
};

function heartbeatAnswer(respond: Respond, error: string | null): void {
  respond({ throttleTimeMs: 0, errorCode: errorCode(error) });
}

/** A LeaveGroup v3+ batch: one engine LeaveGroup per member, answered together. */
interface LeaveBatch {
  /** whether the request listed its members (v3+ answers them one by one) */
  listed: boolean;
  results: Message[];
  top: string | null;
  pending: number;
}

/** v3+ carries several members: one engine LeaveGroup each (the engine's coordinator takes one at a time). */
export const leaveGroup: Translation = (ctx, req, respond) => {
  const groupId = req.groupId as string;
  const members = ctx.version >= 3 ? (req.members as { memberId: string; reason: string | null }[]) : [{ memberId: req.memberId as string, reason: null }];
  const batch: LeaveBatch = { listed: ctx.version >= 3 && members.length > 0, results: [], top: null, pending: 0 };
  // an empty batch still reaches the coordinator (v3+ answers it with no member results)
  if (!members.length) members.push({ memberId: '', reason: null });
  batch.results = new Array(members.length);
  batch.pending = members.length;
  members.forEach((m, i) =>
    ctx.send('LeaveGroup', { groupId, memberId: m.memberId, reason: m.reason ?? 'leave' }, call(null, memberLeft, ctx, respond, batch, i, m.memberId)),
  );
};

function memberLeft(ctx: WireContext, respond: Respond, batch: LeaveBatch, i: number, memberId: string, error: string | null): void {
  batch.results[i] = { memberId, groupInstanceId: null, errorCode: errorCode(error) };
  // v0-2 carry the one member's error; v3+ a coordinator error at the top, member errors below
  if (error === 'NOT_COORDINATOR' || ctx.version < 3) batch.top ??= error;
  if (--batch.pending > 0) return;
  respond({ throttleTimeMs: 0, errorCode: errorCode(batch.top), members: batch.top === 'NOT_COORDINATOR' || !batch.listed ? [] : batch.results });
}

// --- offsets -------------------------------------------------------------------------

type CommitTopic = { name: string; partitions: { partitionIndex: number; committedOffset: number; committedLeaderEpoch: number }[] };

export const offsetCommit: Translation = (ctx, req, respond) => {
  const topics = req.topics as CommitTopic[];
  const offsets = topics.flatMap((t) =>
    t.partitions.map((p) => ({ topic: t.name, partition: p.partitionIndex, offset: p.committedOffset, leaderEpoch: p.committedLeaderEpoch })),
  );
  ctx.send(
    'OffsetCommit',
    { groupId: req.groupId as string, generationId: req.generationIdOrMemberEpoch as number, memberId: req.memberId as string, offsets },
    call(null, offsetCommitAnswer, respond, topics),
  );
};

function offsetCommitAnswer(respond: Respond, topics: CommitTopic[], r: ResponseOf<'OffsetCommit'>): void {
  const err = new Map(r.partitions.map((p) => [`${p.topic}-${p.partition}`, p.error]));
  respond({
    throttleTimeMs: 0,
    topics: topics.map((t) => ({
      name: t.name,
      partitions: t.partitions.map((p) => ({ partitionIndex: p.partitionIndex, errorCode: errorCode(err.get(`${t.name}-${p.partitionIndex}`) ?? r.error) })),
    })),
  });
}

type FetchTopics = { name: string; partitionIndexes: number[] }[] | null;

export const offsetFetch: Translation = (ctx, req, respond) => {
  const asked = req.topics as FetchTopics;
  const partitions = asked === null ? null : asked.flatMap((t) => t.partitionIndexes.map((p) => `${t.name}-${p}`));
  ctx.send('OffsetFetch', { groupId: req.groupId as string, partitions }, call(null, offsetFetchAnswer, ctx, respond, asked));
};

function offsetFetchAnswer(ctx: WireContext, respond: Respond, asked: FetchTopics, r: ResponseOf<'OffsetFetch'>): void {
  let topics: Message[];
  if (r.error && ctx.version < 2) {
    // v1 has no top-level error: a coordinator error is given on every partition asked for
    topics = (asked ?? []).map((t) => ({
      name: t.name,
      partitions: t.partitionIndexes.map((p) => ({
        partitionIndex: p,
        committedOffset: -1,
        committedLeaderEpoch: -1,
        metadata: '',
        errorCode: errorCode(r.error),
      })),
    }));
  } else {
    const byTopic = new Map<string, Message[]>();
    for (const o of r.offsets) {
      const list = byTopic.get(o.topic) ?? [];
      list.push({ partitionIndex: o.partition, committedOffset: o.offset, committedLeaderEpoch: o.leaderEpoch ?? -1, metadata: '', errorCode: 0 });
      byTopic.set(o.topic, list);
    }
    topics = [...byTopic].map(([name, partitions]) => ({ name, partitions }));
  }
  respond({ throttleTimeMs: 0, topics, errorCode: errorCode(r.error) });
}

// --- DescribeGroups, ListGroups -------------------------------------------------------------

export const describeGroups: Translation = (ctx, req, respond) => {
  ctx.send('DescribeGroups', { groups: req.groups as string[] }, call(null, describeGroupsAnswer, ctx, respond));
};

function describeGroupsAnswer(ctx: WireContext, respond: Respond, gs: ResponseOf<'DescribeGroups'>): void {
  respond({
    throttleTimeMs: 0,
    groups: gs.map((g) => ({
      groupId: g.groupId,
      errorCode: errorCode(g.error),
      groupState: g.state,
      protocolType: g.protocolType,
      protocolData: g.protocolName,
      authorizedOperations: OPS_NOT_REQUESTED,
      members: g.members.map((m) => ({
        memberId: m.memberId,
        groupInstanceId: null,
        clientId: m.clientId,
        clientHost: '/127.0.0.1',
        memberMetadata: m.subscription ? subscriptionBytes(ctx, m.subscription) : new Uint8Array(0),
        memberAssignment: m.assignment ? assignmentBytes(ctx, g.groupId, g.generationId, m.memberId, m.assignment) : new Uint8Array(0),
      })),
    })),
  });
}

/** The groups this broker coordinates (a client asks every broker to list them all). */
export const listGroups: Translation = (ctx, _req, respond) => {
  ctx.send('ListGroups', {}, call(null, listGroupsAnswer, respond));
};

function listGroupsAnswer(respond: Respond, gs: ResponseOf<'ListGroups'>): void {
  respond({ throttleTimeMs: 0, errorCode: 0, groups: gs });
}
