// Requests from real clients inside the simulation (Kafka's SocketServer and RequestChannel, seen from the engine).
// A client's connection is a node of the simulated network (client-<connection>); each request frame it sends is
// decoded, translated into engine requests (kafkaApis/) that travel to the broker's KafkaApis.handle like any
// client's, so cuts, lost responses and crashes touch real clients too, and the answers are encoded back. Live
// (npm run cluster) the response bytes go to the client's socket; in a replay (the scenario step clientRequest)
// they are only encoded.
import type { Cluster } from '../engine/cluster/Cluster';
import { NetworkClient } from '../engine/sim/client';
import { brokerNode } from '../engine/sim/context';
import { apiVersionsList, decodeRequest, encodeResponse, type ApiName } from './protocol/apis';
import { errorCode } from './protocol/errors';
import { TRANSLATIONS } from './kafkaApis/KafkaApis';
import { WireState, type Listener, type Respond, type WireContext } from './kafkaApis/context';

/** Where responses go: bytes for the connection, nothing (acks=0), or a reason to close it. */
export interface Outbox {
  response(connection: number, bytes: Uint8Array): void;
  noResponse(connection: number): void;
  close(connection: number, reason: string): void;
}

/** The simulated node of a client connection (the app draws it with the producers). */
export const clientNode = (connection: number) => `client-${connection}`;

/** The connection a client node stands for (null: not a client connection). */
export function connectionOf(node: string): number | null {
  const m = /^client-(\d+)$/.exec(node);
  return m ? Number(m[1]) : null;
}

const channels = new WeakMap<Cluster, RequestChannel>();

/** The cluster's request channel (one per cluster, made on first use: replays and live sessions alike). */
export function requestChannel(c: Cluster): RequestChannel {
  let ch = channels.get(c);
  if (!ch) {
    ch = new RequestChannel(c);
    channels.set(c, ch);
  }
  return ch;
}

export class RequestChannel {
  readonly state = new WireState();
  outbox: Outbox | null = null;
  listener: (broker: number) => Listener = (id) => ({ host: '127.0.0.1', port: 9092 + id - 1 });
  private clients = new Map<number, NetworkClient>();

  constructor(private cluster: Cluster) {}

  /** The connection's node on the network, with its requests in flight. */
  private client(connection: number): NetworkClient {
    let nc = this.clients.get(connection);
    if (!nc) {
      const node = clientNode(connection);
      const client = new NetworkClient(node, this.cluster.ctx.network);
      this.cluster.ctx.network.register(node, {
        receive: (m) => m.response && client.receive(m),
        // the broker's process was down or restarted, or it closed the connection (a failed acks=0 produce)
        refused: (m) => {
          client.refused(m);
          this.outbox?.close(connection, `${m.to} closed the connection or refused it (${m.api})`);
        },
      });
      this.clients.set(connection, client);
      nc = client;
    }
    return nc;
  }

  /** One request frame (without its size prefix) from `connection`, sent now to `broker`. Throws on a malformed frame. */
  inject(broker: number, connection: number, frame: Uint8Array): void {
    const req = decodeRequest(frame);
    const head = req.head;
    const api: ApiName = req.kind === 'request' ? req.api : 'ApiVersions';
    const version = req.kind === 'request' ? head.apiVersion : 0;
    const client = this.client(connection);
    const to = brokerNode(broker);
    let answered = false;
    const respond: Respond = (body, close) => {
      if (answered) return;
      answered = true;
      if (close !== undefined) return this.outbox?.close(connection, close);
      if (body === null) return this.outbox?.noResponse(connection);
      let bytes: Uint8Array;
      try {
        bytes = encodeResponse(api, version, head.correlationId, body);
      } catch (e) {
        return this.outbox?.close(connection, `internal error encoding ${api} v${version}: ${(e as Error).message}`);
      }
      this.outbox?.response(connection, bytes);
    };
    // a translation's failure closes this connection only (Kafka answers UNKNOWN_SERVER_ERROR and logs it)
    const guarded = (fn: () => void) => {
      try {
        fn();
      } catch (e) {
        respond(null, `internal error handling ${api} v${version}: ${(e as Error).message}`);
      }
    };
    const ctx: WireContext = {
      version,
      clientId: head.clientId ?? '',
      listener: this.listener,
      state: this.state,
      send: (engineApi, body, done) => {
        client.send(to, engineApi, body, done && ((r) => guarded(() => done(r))));
      },
    };
    if (req.kind === 'unsupportedApiVersions') {
      // KIP-511: answered with v0 and UNSUPPORTED_VERSION, so the client learns what the broker serves
      return ctx.send('ApiVersions', {}, () => respond({ errorCode: errorCode('UNSUPPORTED_VERSION'), apiKeys: apiVersionsList() }));
    }
    guarded(() => TRANSLATIONS[req.api](ctx, req.body, respond));
  }
}
