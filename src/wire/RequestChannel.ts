// Requests from real clients inside the simulation (Kafka's SocketServer and RequestChannel, seen from the engine).
// A client's connection is a node of the simulated network (client-<connection>); each request frame it sends is
// decoded, translated into engine requests (kafkaApis/) that travel to the broker's KafkaApis.handle like any
// client's, so cuts, lost responses and crashes touch real clients too, and the answers are encoded back. Live
// (npm run cluster) the response bytes are queued for the client's socket (`sent`, drained by LiveCluster); in a
// replay (the scenario step clientRequest) they are only encoded. The channel is kept with the cluster
// (Cluster.attachments) and holds data and Calls only, so checkpoints copy it with the run.
import type { Cluster } from '../engine/cluster/Cluster';
import type { ApiName as EngineApi, RequestOf, ResponseOf } from '../engine/apis';
import { NetworkClient } from '../engine/sim/client';
import { call, type Call } from '../engine/sim/call';
import type { Endpoint, Message as SimMessage } from '../engine/sim/network';
import { brokerNode } from '../engine/sim/context';
import { apiVersionsList, decodeRequest, encodeResponse, type ApiName } from './protocol/apis';
import { errorCode } from './protocol/errors';
import type { Message } from './codec/schema';
import { TRANSLATIONS } from './kafkaApis/KafkaApis';
import { WireState, type Listener, type Respond, type WireContext } from './kafkaApis/context';

/** What the channel sent a connection: response bytes, nothing (acks=0), or a reason to close it. */
export type Sent =
  { connection: number; kind: 'response'; bytes: Uint8Array } | { connection: number; kind: 'none' } | { connection: number; kind: 'close'; reason: string };

/** The simulated node of a client connection (the app draws it with the producers). */
export const clientNode = (connection: number) => `client-${connection}`;

/** The connection a client node stands for (null: not a client connection). */
export function connectionOf(node: string): number | null {
  const m = /^client-(\d+)$/.exec(node);
  return m ? Number(m[1]) : null;
}

/** The cluster's request channel (one per cluster, made on first use: replays and live sessions alike). */
export function requestChannel(c: Cluster): RequestChannel {
  let ch = c.attachments.get('wire') as RequestChannel | undefined;
  if (!ch) {
    ch = new RequestChannel(c);
    c.attachments.set('wire', ch);
  }
  return ch;
}

/** A connection's node on the network: responses go to its in-flight requests; a refusal closes it. */
class ClientConnection implements Endpoint {
  readonly client: NetworkClient;
  constructor(
    private channel: RequestChannel,
    readonly connection: number,
  ) {
    this.client = new NetworkClient(clientNode(connection), channel.cluster.ctx.network);
  }
  receive(m: SimMessage): void {
    if (m.response) this.client.receive(m);
  }
  /** the broker's process was down or restarted, or it closed the connection (a failed acks=0 produce) */
  refused(m: SimMessage): void {
    this.client.refused(m);
    this.channel.emit({ connection: this.connection, kind: 'close', reason: `${m.to} closed the connection or refused it (${m.api})` });
  }
}

/** One request from a client, being translated: what a translation sees (WireContext), and its one answer. */
class WireRequest implements WireContext {
  private answered = false;
  readonly respond: Respond = call(this, this.answer);
  constructor(
    private channel: RequestChannel,
    private conn: ClientConnection,
    private to: string,
    private api: ApiName,
    readonly version: number,
    private correlationId: number,
    readonly clientId: string,
  ) {}

  get state(): WireState {
    return this.channel.state;
  }

  listener(brokerId: number): Listener {
    return this.channel.listener(brokerId);
  }

  send<A extends EngineApi>(api: A, body: RequestOf<A>, done?: Call<[r: ResponseOf<A>]>): void {
    this.conn.client.send(this.to, api, body, done && call(this, this.guarded<ResponseOf<A>>, done));
  }

  /** an engine answer, handed to the translation's continuation */
  private guarded<R>(done: Call<[r: R]>, r: R): void {
    try {
      done(r);
    } catch (e) {
      this.failed(e);
    }
  }

  /** a translation's failure closes this connection only (Kafka answers UNKNOWN_SERVER_ERROR and logs it) */
  private failed(e: unknown): void {
    this.answer(null, `internal error handling ${this.api} v${this.version}: ${(e as Error).message}`);
  }

  translate(body: Message): void {
    try {
      TRANSLATIONS[this.api](this, body, this.respond);
    } catch (e) {
      this.failed(e);
    }
  }

  private answer(body: Message | null, close?: string): void {
    if (this.answered) return;
    this.answered = true;
    const connection = this.conn.connection;
    if (close !== undefined) return this.channel.emit({ connection, kind: 'close', reason: close });
    if (body === null) return this.channel.emit({ connection, kind: 'none' });
    let bytes: Uint8Array;
    try {
      bytes = encodeResponse(this.api, this.version, this.correlationId, body);
    } catch (e) {
      return this.channel.emit({ connection, kind: 'close', reason: `internal error encoding ${this.api} v${this.version}: ${(e as Error).message}` });
    }
    this.channel.emit({ connection, kind: 'response', bytes });
  }
}

/** KIP-511: an ApiVersions request of a version not served is answered with v0 and UNSUPPORTED_VERSION. */
function unsupportedApiVersions(respond: Respond): void {
  respond({ errorCode: errorCode('UNSUPPORTED_VERSION'), apiKeys: apiVersionsList() });
}

export class RequestChannel {
  readonly state = new WireState();
  /** where brokers listen: broker b at basePort + b - 1 */
  listenAt = { host: '127.0.0.1', basePort: 9092 };
  /** live: what was sent to connections, until LiveCluster takes it (a replay keeps nothing) */
  keepSent = false;
  private sent: Sent[] = [];
  private connections = new Map<number, ClientConnection>();

  constructor(readonly cluster: Cluster) {}

  listener(broker: number): Listener {
    return { host: this.listenAt.host, port: this.listenAt.basePort + broker - 1 };
  }

  emit(s: Sent): void {
    if (this.keepSent) this.sent.push(s);
  }

  /** What was sent since the last call, in order. */
  takeSent(): Sent[] {
    const out = this.sent;
    this.sent = [];
    return out;
  }

  /** The connection's node on the network, with its requests in flight. */
  private connection(connection: number): ClientConnection {
    let c = this.connections.get(connection);
    if (!c) {
      c = new ClientConnection(this, connection);
      this.cluster.ctx.network.register(clientNode(connection), c);
      this.connections.set(connection, c);
    }
    return c;
  }

  /** One request frame (without its size prefix) from `connection`, sent now to `broker`. Throws on a malformed frame. */
  inject(broker: number, connection: number, frame: Uint8Array): void {
    const req = decodeRequest(frame);
    const head = req.head;
    const api: ApiName = req.kind === 'request' ? req.api : 'ApiVersions';
    const version = req.kind === 'request' ? head.apiVersion : 0;
    const w = new WireRequest(this, this.connection(connection), brokerNode(broker), api, version, head.correlationId, head.clientId ?? '');
    if (req.kind === 'unsupportedApiVersions') return w.send('ApiVersions', {}, call(null, unsupportedApiVersions, w.respond));
    w.translate(req.body);
  }
}
