// Requests from real clients inside the simulation (Kafka's SocketServer + RequestChannel, seen from the engine):
// the scenario step `clientRequest` (a project extension) puts one request's bytes on the simulated network from
// the client's connection to a broker; the broker's KafkaApis answers it and the response travels back. Live
// (npm run cluster) the response bytes go to the client's socket; in a replay they are only encoded.
import type { Step } from '../scenario/types';
import type { RunContext } from '../scenario/commands';
import type { StepExtension } from '../scenario/extensions';
import { GroupsExtension } from '../scenario/groups';
import { GroupSystem } from '../engine/group/GroupSystem';
import { brokerNode } from '../engine/sim/context';
import { apiVersionsList, decodeRequest, encodeResponse, type DecodedRequest } from './protocol/apis';
import { errorCode } from './protocol/errors';
import { fromBase64 } from './codec/base64';
import { handle } from './kafkaApis/KafkaApis';
import { WireState, type ApiContext, type Listener } from './kafkaApis/context';
import type { Message } from './codec/schema';

export const CLIENT_REQUEST = 'clientRequest';

/** Where responses go: bytes for the connection, null when the request has none (acks=0), or a reason to close. */
export interface Outbox {
  response(connection: number, bytes: Uint8Array): void;
  noResponse(connection: number): void;
  close(connection: number, reason: string): void;
}

/** The simulated node of a client connection (the app draws it with the producers). */
export const clientNode = (connection: number) => `client-${connection}`;

export class RequestChannel implements StepExtension {
  readonly state = new WireState();
  outbox: Outbox | null = null;
  listener: (broker: number) => Listener = (id) => ({ host: '127.0.0.1', port: 9092 + id - 1 });
  private groupSystem: GroupSystem | null = null;

  constructor(private run: RunContext) {}

  handles(command: string): boolean {
    return command === CLIENT_REQUEST;
  }

  execute(step: Step): void {
    const at = step.at as number | undefined;
    if (at !== undefined && at > this.run.now) this.run.runFor(at - this.run.now);
    const bytes = fromBase64(step.bytes as string);
    if (!bytes) throw new Error('clientRequest: "bytes" is not base64');
    this.inject(step.broker as number, step.connection as number, bytes);
  }

  dump(): Record<string, unknown> {
    return {};
  }

  /** The consumer groups of this run: the group commands' GroupSystem, shared (one coordinator per broker). */
  private groups(): GroupSystem {
    if (!this.groupSystem) {
      const ext = (this.run as { ext?: StepExtension[] }).ext ?? [];
      const g = ext.find((e): e is GroupsExtension => e instanceof GroupsExtension);
      this.groupSystem = g ? g.system : new GroupSystem(this.run.cluster);
    }
    this.groupSystem.attach();
    return this.groupSystem;
  }

  /** One request frame (without its size prefix) from `connection`, sent now to `broker`. Throws on a malformed frame. */
  inject(broker: number, connection: number, frame: Uint8Array): void {
    const req = decodeRequest(frame);
    const api = req.kind === 'request' ? req.api : 'ApiVersions';
    this.run.cluster.ctx.network.send(clientNode(connection), brokerNode(broker), api, () => this.arrive(broker, connection, req));
  }

  private arrive(brokerId: number, connection: number, req: DecodedRequest): void {
    const c = this.run.cluster;
    const b = c.brokers.get(brokerId);
    if (!b || !b.isUp) return;
    const from = brokerNode(brokerId);
    const to = clientNode(connection);
    const head = req.head;
    const api = req.kind === 'request' ? req.api : 'ApiVersions';
    const version = req.kind === 'request' ? head.apiVersion : 0;
    // a response is sent by this process: if it died meanwhile, its sockets are gone
    const inc = b.incarnation;
    const reply = <A extends unknown[]>(fn: (...a: A) => void) => (...a: A) => {
      if (b.incarnation === inc && b.isUp) fn(...a);
    };
    if (req.kind === 'unsupportedApiVersions') {
      const bytes = encodeResponse('ApiVersions', 0, head.correlationId, { errorCode: errorCode('UNSUPPORTED_VERSION'), apiKeys: apiVersionsList() });
      c.ctx.network.send(from, to, 'ApiVersionsResponse', reply(() => this.outbox?.response(connection, bytes)));
      return;
    }
    const ctx: ApiContext = { cluster: c, groups: () => this.groups(), broker: b, version, clientId: head.clientId ?? '', listener: this.listener, state: this.state };
    let answered = false;
    const respond = reply((body: Message | null, close?: string) => {
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
      c.ctx.network.send(from, to, `${api}Response`, reply(() => this.outbox?.response(connection, bytes)));
    });
    try {
      handle(ctx, req.api, req.body, respond);
    } catch (e) {
      // a handler's failure closes this connection only (Kafka answers UNKNOWN_SERVER_ERROR and logs it)
      respond(null, `internal error handling ${api} v${version}: ${(e as Error).message}`);
    }
  }
}

export const requestChannel = (run: RunContext): StepExtension => new RequestChannel(run);

