// The group APIs' request and response bodies (Kafka's JoinGroup, SyncGroup, Heartbeat, LeaveGroup,
// OffsetCommit, OffsetFetch, FindCoordinator), trimmed to the fields the simulation uses.
import type { AssignorName, TopicPartition } from './rules';

export const OFFSETS_TOPIC = '__consumer_offsets';
/** JoinGroupRequest.UNKNOWN_MEMBER_ID */
export const UNKNOWN_MEMBER_ID = '';
/** OffsetCommitRequest.DEFAULT_GENERATION_ID / JoinGroupResponse.UNKNOWN_GENERATION_ID */
export const NO_GENERATION = -1;

/** ConsumerProtocolSubscription: what a member sends with each JoinGroup. */
export interface Subscription {
  topics: string[];
  ownedPartitions: TopicPartition[];
  generation: number;
}

export interface JoinGroupRequest {
  groupId: string;
  memberId: string;
  /** the consumer's client.id (the scenario's consumer name) */
  clientId: string;
  sessionTimeoutMs: number;
  rebalanceTimeoutMs: number;
  /** the protocols (assignor names) the member supports, in preference order, each with its subscription */
  protocols: { name: AssignorName; subscription: Subscription }[];
  reason: string;
  /** KIP-394 (JoinGroup v4+): a new member first gets its id with MEMBER_ID_REQUIRED; older clients are added at
   *  once (default true) */
  requireKnownMemberId?: boolean;
}

export interface JoinGroupResponse {
  error: string | null;
  generationId: number;
  protocolName: AssignorName | null;
  leader: string;
  memberId: string;
  /** only in the leader's response: every member's id, client id and subscription */
  members: { memberId: string; clientId: string; subscription: Subscription }[];
}

export interface SyncGroupRequest {
  groupId: string;
  generationId: number;
  memberId: string;
  /** only the leader sends the group's assignment */
  assignments: Record<string, TopicPartition[]>;
}

export interface SyncGroupResponse {
  error: string | null;
  assignment: TopicPartition[];
}

export interface HeartbeatRequest {
  groupId: string;
  generationId: number;
  memberId: string;
}

export interface LeaveGroupRequest {
  groupId: string;
  memberId: string;
  reason: string;
}

export interface OffsetCommitRequest {
  groupId: string;
  generationId: number;
  memberId: string;
  offsets: { topic: string; partition: number; offset: number; leaderEpoch: number }[];
}

export interface OffsetCommitResponse {
  error: string | null;
  partitions: { topic: string; partition: number; error: string | null }[];
}

export interface OffsetFetchResponse {
  error: string | null;
  /** -1 when the group has no committed offset for the partition; the leader epoch committed with it (or -1) */
  offsets: { topic: string; partition: number; offset: number; leaderEpoch?: number }[];
}

export interface FindCoordinatorResponse {
  error: string | null;
  nodeId: number;
}

/** Errors after which the client looks the coordinator up again (AbstractCoordinator). */
export const COORDINATOR_ERRORS = new Set(['NOT_COORDINATOR', 'COORDINATOR_NOT_AVAILABLE', 'COORDINATOR_LOAD_IN_PROGRESS', 'NETWORK_EXCEPTION', 'REQUEST_TIMED_OUT']);
