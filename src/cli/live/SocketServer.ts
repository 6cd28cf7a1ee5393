// The brokers' TCP listeners (Kafka's SocketServer): one per broker on 127.0.0.1, open while the broker's process
// is up. Each connection's bytes are cut into size-prefixed requests (int32 size, then the request); a size that is
// negative or over socket.request.max.bytes closes the connection, as Kafka's NetworkReceive refuses it.
import { createServer, type Server, type Socket } from 'node:net';
import type { LiveCluster } from './LiveCluster';

/** socket.request.max.bytes (Kafka's default, 100 MiB) */
export const MAX_REQUEST_BYTES = 104857600;

export class SocketServer {
  private servers = new Map<number, Server>();
  private sockets = new Map<number, Set<Socket>>();

  constructor(
    private live: LiveCluster,
    readonly host: string,
    private port: (broker: number) => number,
    private log: (line: string) => void,
  ) {}

  /** Opens a listener for every broker that is up; later status changes open and close them. */
  async start(): Promise<void> {
    this.live.onBrokerStatus = (b, up) => {
      if (!up) return this.shut(b);
      this.open(b).catch((e: Error) => this.log(e.message));
    };
    for (const b of this.live.cluster.sortedBrokers()) if (b.isUp) await this.open(b.id);
  }

  private open(broker: number): Promise<void> {
    if (this.servers.has(broker)) return Promise.resolve();
    const server = createServer((socket) => this.accept(broker, socket));
    this.servers.set(broker, server);
    return new Promise((resolve, reject) => {
      server.once('error', (e) => {
        this.servers.delete(broker);
        reject(new Error(`broker ${broker} cannot listen on ${this.host}:${this.port(broker)}: ${(e as Error).message}`));
      });
      server.listen(this.port(broker), this.host, () => resolve());
    });
  }

  /** The process is down: no more connections (clients get "connection refused") and the open ones close. */
  private shut(broker: number): void {
    this.servers.get(broker)?.close();
    this.servers.delete(broker);
    for (const s of this.sockets.get(broker) ?? []) s.destroy();
    this.sockets.delete(broker);
  }

  private accept(broker: number, socket: Socket): void {
    if (!this.live.isUp(broker)) return void socket.destroy();
    socket.setNoDelay(true);
    const set = this.sockets.get(broker) ?? new Set<Socket>();
    set.add(socket);
    this.sockets.set(broker, set);
    const id = this.live.connect(broker, {
      send: (bytes) => {
        if (!socket.destroyed) socket.write(bytes);
      },
      close: () => socket.destroy(),
    });
    let buf: Buffer = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      buf = buf.length ? Buffer.concat([buf, chunk]) : chunk;
      while (buf.length >= 4) {
        const size = buf.readInt32BE(0);
        if (size < 0 || size > MAX_REQUEST_BYTES) {
          this.live.disconnect(id, `invalid request size ${size} (socket.request.max.bytes is ${MAX_REQUEST_BYTES})`, true);
          return;
        }
        if (buf.length < 4 + size) break;
        this.live.receive(id, new Uint8Array(buf.subarray(4, 4 + size)));
        buf = buf.subarray(4 + size);
      }
    });
    const gone = () => {
      set.delete(socket);
      this.live.disconnect(id, null);
    };
    socket.on('close', gone);
    socket.on('error', (e) => this.log(`connection ${id} to broker ${broker}: ${e.message}`));
  }

  async close(): Promise<void> {
    for (const b of [...this.servers.keys()]) this.shut(b);
  }
}
