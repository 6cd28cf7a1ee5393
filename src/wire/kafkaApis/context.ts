// What a request handler sees: the broker the request reached, the cluster behind it, the request's version
// and client, where each broker listens, and the connection-independent state the wire layer keeps.
import type { Broker } from '../../engine/broker/Broker';
import type { Cluster } from '../../engine/cluster/Cluster';
import type { GroupSystem } from '../../engine/group/GroupSystem';
import type { Message } from '../codec/schema';

export interface Listener {
  host: string;
  port: number;
}

/** State that lives with the simulated cluster (replayed with it), not with a connection. */
export class WireState {
  /** the member metadata bytes a client sent with JoinGroup, by the subscription object the coordinator keeps */
  readonly subscriptionBytes = new WeakMap<object, Uint8Array>();
  /** the assignment bytes the leader sent with SyncGroup: group -> generation -> member -> bytes */
  readonly assignmentBytes = new Map<string, { generation: number; byMember: Map<string, Uint8Array> }>();
}

export interface ApiContext {
  cluster: Cluster;
  groups(): GroupSystem;
  broker: Broker;
  version: number;
  clientId: string;
  listener(brokerId: number): Listener;
  state: WireState;
}

/** A handler answers once: a body, or null for no response (acks=0); `close` drops the connection instead. */
export type Respond = (body: Message | null, close?: string) => void;

export type Handler = (ctx: ApiContext, req: Message, respond: Respond) => void;

/** The partitions of a topic as this broker's metadata cache knows them, by partition. */
export function cachedPartitions(b: Broker, topic: string) {
  const out = [];
  for (const s of b.metadata.partitions.values()) if (s.topic === topic) out.push(s);
  return out.sort((x, y) => x.partition - y.partition);
}

export function cachedTopics(b: Broker): string[] {
  const names = new Set<string>();
  for (const s of b.metadata.partitions.values()) names.add(s.topic);
  return [...names].sort();
}

/** The broker's metadata cache knows this partition (otherwise Kafka answers UNKNOWN_TOPIC_OR_PARTITION). */
export function knowsPartition(b: Broker, topic: string, partition: number): boolean {
  return b.metadata.partitions.has(`${topic}-${partition}`);
}
