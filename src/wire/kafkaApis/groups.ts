// The classic group protocol on the wire (KafkaApis.handleFindCoordinatorRequest, handleJoinGroupRequest, ...):
// each request goes to the engine's GroupCoordinator of the broker it reached. Kafka keeps member metadata and
// assignments as opaque bytes: the engine keeps them decoded, so the client's bytes are kept aside (WireState)
// and handed back as sent.
import { errorCode } from '../protocol/errors';
import type { Message } from '../codec/schema';
import { decodeAssignment, decodeSubscription, encodeAssignment, encodeSubscription } from '../../engine/group/groupMetadataRecord';
import { compareTopicPartitions, type AssignorName, type TopicPartition } from '../../engine/group/rules';
import type { Subscription } from '../../engine/group/protocol';
import type { GroupCoordinator } from '../../engine/group/GroupCoordinator';
import type { ApiContext, Handler } from './context';

/** group.min.session.timeout.ms and group.max.session.timeout.ms (Kafka 3.x defaults) */
const MIN_SESSION_TIMEOUT_MS = 6000;
const MAX_SESSION_TIMEOUT_MS = 1800000;
/** An operation the client may not see (authorizedOperations not asked for). */
const OPS_NOT_REQUESTED = -2147483648;

const coordinator = (ctx: ApiContext): GroupCoordinator => ctx.groups().coordinatorAt(ctx.broker);

function subscriptionOf(ctx: ApiContext, bytes: Uint8Array): Subscription {
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

function subscriptionBytes(ctx: ApiContext, s: Subscription): Uint8Array {
  return ctx.state.subscriptionBytes.get(s) ?? encodeSubscription(s);
}

function assignmentOf(bytes: Uint8Array): TopicPartition[] {
  try {
    return decodeAssignment(bytes);
  } catch {
    return [];
  }
}

function assignmentBytes(ctx: ApiContext, group: string, generation: number, memberId: string, tps: TopicPartition[]): Uint8Array {
  const kept = ctx.state.assignmentBytes.get(group);
  const raw = kept && kept.generation === generation ? kept.byMember.get(memberId) : undefined;
  if (raw) return raw;
  return tps.length ? encodeAssignment(tps) : new Uint8Array(0);
}

// --- FindCoordinator --------------------------------------------------------------------

export const findCoordinator: Handler = (ctx, req, respond) => {
  if ((req.keyType as number) !== 0) return respond({ throttleTimeMs: 0, errorCode: errorCode('COORDINATOR_NOT_AVAILABLE'), errorMessage: 'transactions are not modelled by the simulator', nodeId: -1, host: '', port: -1 });
  const r = ctx.groups().handleFindCoordinator(ctx.broker, req.key as string);
  const l = r.error ? { host: '', port: -1 } : ctx.listener(r.nodeId);
  respond({ throttleTimeMs: 0, errorCode: errorCode(r.error), errorMessage: null, nodeId: r.error ? -1 : r.nodeId, ...l });
};

// --- JoinGroup, SyncGroup, Heartbeat, LeaveGroup ----------------------------------------------

export const joinGroup: Handler = (ctx, req, respond) => {
  const fail = (error: string, memberId = req.memberId as string) =>
    respond({ throttleTimeMs: 0, errorCode: errorCode(error), generationId: -1, protocolName: '', leader: '', memberId, members: [] });
  const session = req.sessionTimeoutMs as number;
  if (session < MIN_SESSION_TIMEOUT_MS || session > MAX_SESSION_TIMEOUT_MS) return fail('INVALID_SESSION_TIMEOUT');
  if (req.groupInstanceId !== null) return fail('UNSUPPORTED_VERSION'); // static membership is not modelled
  if ((req.groupId as string) === '') return fail('INVALID_GROUP_ID');
  const protocols = (req.protocols as { name: string; metadata: Uint8Array }[]).map((p) => ({ name: p.name as AssignorName, subscription: subscriptionOf(ctx, p.metadata) }));
  const join = (memberId: string) => coordinator(ctx).handleJoinGroup({
    groupId: req.groupId as string,
    memberId,
    clientId: ctx.clientId,
    sessionTimeoutMs: session,
    // v0 has no rebalance timeout: the session timeout is used
    rebalanceTimeoutMs: ctx.version >= 1 ? (req.rebalanceTimeoutMs as number) : session,
    protocols,
    reason: '',
  }, (r) => {
    // KIP-394 asks a new member to join again with its id from v4 on; before, the broker adds it at once
    if (r.error === 'MEMBER_ID_REQUIRED' && ctx.version < 4) return join(r.memberId);
    if (r.error) return fail(r.error, r.memberId);
    respond({
      throttleTimeMs: 0,
      errorCode: 0,
      generationId: r.generationId,
      protocolName: r.protocolName ?? '',
      leader: r.leader,
      memberId: r.memberId,
      members: r.members.map((m) => ({ memberId: m.memberId, groupInstanceId: null, metadata: subscriptionBytes(ctx, m.subscription) })),
    });
  });
  join(req.memberId as string);
};

export const syncGroup: Handler = (ctx, req, respond) => {
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
  coordinator(ctx).handleSyncGroup({ groupId, generationId: generation, memberId, assignments }, (r) => {
    const bytes = r.error ? new Uint8Array(0) : assignmentBytes(ctx, groupId, generation, memberId, r.assignment);
    respond({ throttleTimeMs: 0, errorCode: errorCode(r.error), assignment: bytes });
  });
};

export const heartbeat: Handler = (ctx, req, respond) => {
  coordinator(ctx).handleHeartbeat({ groupId: req.groupId as string, generationId: req.generationId as number, memberId: req.memberId as string }, (error) =>
    respond({ throttleTimeMs: 0, errorCode: errorCode(error) }));
};

export const leaveGroup: Handler = (ctx, req, respond) => {
  const groupId = req.groupId as string;
  const members = ctx.version >= 3 ? (req.members as { memberId: string; reason: string | null }[]) : [{ memberId: req.memberId as string, reason: null }];
  const results: Message[] = new Array(members.length);
  let top: string | null = null;
  let pending = members.length;
  const done = () => respond({ throttleTimeMs: 0, errorCode: errorCode(top), members: top === 'NOT_COORDINATOR' ? [] : results });
  if (!pending) return done();
  members.forEach((m, i) => {
    coordinator(ctx).handleLeaveGroup({ groupId, memberId: m.memberId, reason: m.reason ?? 'leave' }, (error) => {
      results[i] = { memberId: m.memberId, groupInstanceId: null, errorCode: errorCode(error) };
      // v0-2 carry the one member's error; v3+ a coordinator error at the top, member errors below
      if (error === 'NOT_COORDINATOR' || ctx.version < 3) top ??= error;
      if (--pending === 0) done();
    });
  });
};

// --- offsets -------------------------------------------------------------------------

export const offsetCommit: Handler = (ctx, req, respond) => {
  const topics = req.topics as { name: string; partitions: { partitionIndex: number; committedOffset: number; committedLeaderEpoch: number }[] }[];
  const offsets = topics.flatMap((t) => t.partitions.map((p) => ({ topic: t.name, partition: p.partitionIndex, offset: p.committedOffset, leaderEpoch: p.committedLeaderEpoch })));
  coordinator(ctx).handleOffsetCommit({ groupId: req.groupId as string, generationId: req.generationIdOrMemberEpoch as number, memberId: req.memberId as string, offsets }, (r) => {
    const err = new Map(r.partitions.map((p) => [`${p.topic}-${p.partition}`, p.error]));
    respond({
      throttleTimeMs: 0,
      topics: topics.map((t) => ({ name: t.name, partitions: t.partitions.map((p) => ({ partitionIndex: p.partitionIndex, errorCode: errorCode(err.get(`${t.name}-${p.partitionIndex}`) ?? r.error) })) })),
    });
  });
};

type FetchTopics = { name: string; partitionIndexes: number[] }[] | null;

/** One group's committed offsets: the partitions asked for, or (topics null) every partition it has one for. */
function fetchGroup(ctx: ApiContext, groupId: string, topics: FetchTopics, done: (error: string | null, topics: Message[]) => void): void {
  const c = coordinator(ctx);
  const g = c.peek(groupId);
  const tps = topics === null ? [...(g?.offsets.keys() ?? [])].sort(compareTopicPartitions) : topics.flatMap((t) => t.partitionIndexes.map((p) => `${t.name}-${p}`));
  c.handleOffsetFetch(groupId, tps, (r) => {
    if (r.error) return done(r.error, []);
    const byTopic = new Map<string, Message[]>();
    for (const o of r.offsets) {
      const list = byTopic.get(o.topic) ?? [];
      const kept = g?.offsets.get(`${o.topic}-${o.partition}`);
      list.push({ partitionIndex: o.partition, committedOffset: o.offset, committedLeaderEpoch: kept?.leaderEpoch ?? -1, metadata: '', errorCode: 0 });
      byTopic.set(o.topic, list);
    }
    done(null, [...byTopic].map(([name, partitions]) => ({ name, partitions })));
  });
}

export const offsetFetch: Handler = (ctx, req, respond) => {
  fetchGroup(ctx, req.groupId as string, req.topics as FetchTopics, (error, topics) => {
    // v1 has no top-level error: a coordinator error is given on every partition asked for
    if (error && ctx.version < 2) {
      topics = ((req.topics as FetchTopics) ?? []).map((t) => ({ name: t.name, partitions: t.partitionIndexes.map((p) => ({ partitionIndex: p, committedOffset: -1, committedLeaderEpoch: -1, metadata: '', errorCode: errorCode(error) })) }));
    }
    respond({ throttleTimeMs: 0, topics, errorCode: errorCode(error) });
  });
};

// --- DescribeGroups, ListGroups -------------------------------------------------------------

export const describeGroups: Handler = (ctx, req, respond) => {
  const c = coordinator(ctx);
  const groups = (req.groups as string[]).map((groupId) => {
    const base = { groupId, protocolType: '', protocolData: '', members: [] as Message[], authorizedOperations: OPS_NOT_REQUESTED };
    if (!c.isCoordinatorFor(groupId)) return { ...base, errorCode: errorCode('NOT_COORDINATOR'), groupState: '' };
    const g = c.peek(groupId);
    if (!g) return { ...base, errorCode: 0, groupState: 'Dead' };
    const stable = g.is('Stable');
    return {
      ...base,
      errorCode: 0,
      groupState: g.state,
      protocolType: g.members.size || g.generationId > 0 ? 'consumer' : '',
      protocolData: stable ? (g.protocolName ?? '') : '',
      // member metadata and assignments are shown once the group is stable (GroupMetadata.summary)
      members: [...g.members.values()].map((m) => ({
        memberId: m.memberId,
        groupInstanceId: null,
        clientId: m.clientId,
        clientHost: '/127.0.0.1',
        memberMetadata: stable ? subscriptionBytes(ctx, m.subscriptionFor(g.protocolName)) : new Uint8Array(0),
        memberAssignment: stable ? assignmentBytes(ctx, groupId, g.generationId, m.memberId, m.assignment) : new Uint8Array(0),
      })),
    };
  });
  respond({ throttleTimeMs: 0, groups });
};

/** The groups this broker coordinates (a client asks every broker to list them all). */
export const listGroups: Handler = (ctx, _req, respond) => {
  const c = coordinator(ctx);
  respond({ throttleTimeMs: 0, errorCode: 0, groups: c.peekGroupIds().sort().map((groupId) => ({ groupId, protocolType: 'consumer' })) });
};
