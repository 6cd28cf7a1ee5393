// What a translation sees: the request's version and client, where each broker listens, the state the wire layer
// keeps with the cluster, and `send`, which puts an engine request on the simulated network from the client's
// connection to the broker it reached (answered there by the engine's KafkaApis.handle).
import type { ApiName as EngineApi, RequestOf, ResponseOf } from '../../engine/apis';
import type { Message } from '../codec/schema';
import type { Call } from '../../engine/sim/call';

export interface Listener {
  host: string;
  port: number;
}

/** State that lives with the simulated cluster (replayed and copied with it), not with a connection. Kafka keeps a
 *  member's metadata and assignment as opaque bytes; the engine keeps them decoded, so the client's bytes are kept
 *  here and handed back as sent. */
export class WireState {
  /** the member metadata bytes a client sent with JoinGroup, by the subscription object the coordinator keeps (a
   *  Map, not a WeakMap: a checkpoint copies it, keys mapped to the copied subscriptions) */
  readonly subscriptionBytes = new Map<object, Uint8Array>();
  /** the assignment bytes the leader sent with SyncGroup: group -> generation -> member -> bytes */
  readonly assignmentBytes = new Map<string, { generation: number; byMember: Map<string, Uint8Array> }>();
}

export interface WireContext {
  version: number;
  clientId: string;
  listener(brokerId: number): Listener;
  state: WireState;
  /** One engine request to the broker; `done` runs with its response (omitted: none is expected, as for acks=0).
   *  `done` is a Call (call(null, fn, ctx, respond, ...data)): it waits in the run's state, which checkpoints copy. */
  send<A extends EngineApi>(api: A, body: RequestOf<A>, done?: Call<[r: ResponseOf<A>]>): void;
}

/** A translation answers once: a body, or null for no response (acks=0); `close` drops the connection instead. */
export type Respond = Call<[body: Message | null, close?: string]>;

/** One API's translation: the wire request into engine requests (at least one goes out), their answers into the
 *  wire response. */
export type Translation = (ctx: WireContext, req: Message, respond: Respond) => void;
