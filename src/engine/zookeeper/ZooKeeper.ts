// A ZooKeeper ensemble as one node: sessions with a timeout, persistent and ephemeral znodes, and watches.
// Clients reach it over the simulated network; a session expires when no ping arrives within its timeout,
// and its ephemeral znodes are deleted, firing the watches (the way Kafka 2.x brokers and controller work).
import type { SimContext } from '../sim/context';
import { ZK_NODE } from '../sim/context';
import type { Timer } from '../sim/scheduler';
import type { Endpoint, Message } from '../sim/network';
import type { RequestOf } from '../apis';
import { call, type Call } from '../sim/call';

export interface Znode {
  data: string;
  version: number;
  ephemeralOwner: number | null; // session id
  czxid: number; // the transaction that created it (Kafka's broker epoch, KIP-380)
}

interface Session {
  id: number;
  owner: string; // network node name of the client
  timeoutMs: number;
  expiry: Timer | null;
  alive: boolean;
  onExpired: Call | null; // delivered to the client over the network
}

export type WatchKind = 'data' | 'children';
type Watcher = { id: number; sessionId: number; fire: Call<[path: string]> };

export class ZkError extends Error {
  constructor(
    public code: 'NODEEXISTS' | 'NONODE' | 'BADVERSION' | 'SESSIONEXPIRED' | 'CONNECTIONLOSS',
    path: string,
  ) {
    super(`${code} ${path}`);
  }
}

export class ZooKeeper implements Endpoint {
  readonly znodes = new Map<string, Znode>();
  private sessions = new Map<number, Session>();
  private nextSessionId = 1;
  private watches = new Map<string, Watcher[]>(); // key: kind + path
  /** every watch by id: a notification already on its way is delivered even if the session expired since */
  private watchById = new Map<number, Watcher>();
  private nextWatchId = 1;
  private zxid = 0;

  constructor(private ctx: SimContext) {
    this.znodes.set('/brokers/ids', { data: '', version: 0, ephemeralOwner: null, czxid: this.zxid++ });
    this.znodes.set('/brokers/topics', { data: '', version: 0, ephemeralOwner: null, czxid: this.zxid++ });
    ctx.network.register(ZK_NODE, this);
  }

  /** A client's ping arrived. */
  receive(m: Message): void {
    if (m.api === 'Ping') this.touch((m.body as RequestOf<'Ping'>).session);
  }

  /** A notification arrived at the client: the client library runs the callback registered for it. */
  deliver(m: Message): void {
    if (m.api === 'SessionExpired') this.sessions.get((m.body as RequestOf<'SessionExpired'>).session)?.onExpired?.();
    else if (m.api === 'WatchedEvent') {
      const w = m.body as RequestOf<'WatchedEvent'>;
      this.watchById.get(w.watch)?.fire(w.path);
    }
  }

  /** A client's ping (a one-way message: the session's expiry moves on when it arrives). */
  ping(from: string, session: number): void {
    this.ctx.network.send({ api: 'Ping', from, to: ZK_NODE, body: { session } });
  }

  // --- sessions -------------------------------------------------------------

  openSession(owner: string, timeoutMs: number, onExpired: Call | null): number {
    const id = this.nextSessionId++;
    const s: Session = { id, owner, timeoutMs, expiry: null, alive: true, onExpired };
    this.sessions.set(id, s);
    this.touch(id);
    return id;
  }

  /** What the client runs when it learns its session expired (set after opening, when it needs the session's id). */
  onSessionExpired(sessionId: number, onExpired: Call): void {
    const s = this.sessions.get(sessionId);
    if (s) s.onExpired = onExpired;
  }

  isAlive(sessionId: number | null): boolean {
    return sessionId !== null && (this.sessions.get(sessionId)?.alive ?? false);
  }

  /** A ping from the client arrived: push the expiry out by the session timeout. */
  touch(sessionId: number): void {
    const s = this.sessions.get(sessionId);
    if (!s) return;
    if (!s.alive) {
      // A client that reconnects after its session expired is told so (and only then, if it was cut off).
      this.ctx.network.send({ api: 'SessionExpired', from: ZK_NODE, to: s.owner, body: { session: s.id } });
      return;
    }
    this.ctx.scheduler.cancel(s.expiry);
    s.expiry = this.ctx.scheduler.schedule(s.timeoutMs, call(this, this.expire, s, 'timeout'));
  }

  /** A clean close (controlled shutdown): ephemeral znodes go at once. */
  closeSession(sessionId: number): void {
    const s = this.sessions.get(sessionId);
    if (s && s.alive) this.expire(s, 'closed');
  }

  private expire(s: Session, why: 'timeout' | 'closed'): void {
    s.alive = false;
    this.ctx.scheduler.cancel(s.expiry);
    if (why === 'timeout') this.ctx.emit('ZkSessionExpired', { session: s.id, node: s.owner });
    for (const [path, z] of [...this.znodes].sort(([a], [b]) => (a < b ? -1 : 1))) {
      if (z.ephemeralOwner === s.id) this.deleteNode(path);
    }
    for (const [k, ws] of this.watches)
      this.watches.set(
        k,
        ws.filter((w) => w.sessionId !== s.id),
      );
    if (why === 'timeout') this.ctx.network.send({ api: 'SessionExpired', from: ZK_NODE, to: s.owner, body: { session: s.id } });
  }

  // --- znodes ---------------------------------------------------------------

  private check(sessionId: number, path: string): void {
    const s = this.sessions.get(sessionId);
    if (!s || !s.alive) throw new ZkError('SESSIONEXPIRED', path);
    if (!this.ctx.network.connected(s.owner, ZK_NODE)) throw new ZkError('CONNECTIONLOSS', path);
  }

  create(sessionId: number, path: string, data: string, ephemeral: boolean): void {
    this.check(sessionId, path);
    if (this.znodes.has(path)) throw new ZkError('NODEEXISTS', path);
    this.znodes.set(path, { data, version: 0, ephemeralOwner: ephemeral ? sessionId : null, czxid: this.zxid++ });
    this.ctx.emit('ZnodeCreated', { path, ephemeral, data });
    this.fire('data', path);
    this.fire('children', parentOf(path));
  }

  /** Conditional update: `expectedVersion` -1 means any. */
  setData(sessionId: number, path: string, data: string, expectedVersion = -1): number {
    this.check(sessionId, path);
    const z = this.znodes.get(path);
    if (!z) throw new ZkError('NONODE', path);
    if (expectedVersion >= 0 && z.version !== expectedVersion) throw new ZkError('BADVERSION', path);
    z.data = data;
    z.version += 1;
    this.ctx.emit('ZnodeChanged', { path, data, version: z.version });
    this.fire('data', path);
    return z.version;
  }

  /** Create or overwrite a persistent znode (admin and controller writes). */
  upsert(sessionId: number, path: string, data: string): number {
    if (this.znodes.has(path)) return this.setData(sessionId, path, data);
    this.create(sessionId, path, data, false);
    return 0;
  }

  delete(sessionId: number, path: string): void {
    this.check(sessionId, path);
    if (!this.znodes.has(path)) throw new ZkError('NONODE', path);
    this.deleteNode(path);
  }

  private deleteNode(path: string): void {
    this.znodes.delete(path);
    this.ctx.emit('ZnodeDeleted', { path });
    this.fire('data', path);
    this.fire('children', parentOf(path));
  }

  get(path: string): Znode | undefined {
    return this.znodes.get(path);
  }

  children(path: string): string[] {
    const prefix = path.endsWith('/') ? path : path + '/';
    const out: string[] = [];
    for (const p of this.znodes.keys()) {
      if (p.startsWith(prefix) && !p.slice(prefix.length).includes('/')) out.push(p.slice(prefix.length));
    }
    return out.sort();
  }

  /** Watches stay registered (Kafka re-registers each one-shot watch at once; the effect is the same). */
  watch(sessionId: number, kind: WatchKind, path: string, fire: Call<[path: string]>): void {
    const k = kind + path;
    const list = this.watches.get(k) ?? [];
    const w = { id: this.nextWatchId++, sessionId, fire };
    list.push(w);
    this.watchById.set(w.id, w);
    this.watches.set(k, list);
  }

  private fire(kind: WatchKind, path: string): void {
    const ws = this.watches.get(kind + path);
    if (!ws) return;
    for (const w of ws) {
      const s = this.sessions.get(w.sessionId);
      if (s && s.alive) this.ctx.network.send({ api: 'WatchedEvent', from: ZK_NODE, to: s.owner, body: { session: s.id, watch: w.id, path } });
    }
  }

  /** The znode tree for the state dump: {path: data}. */
  dump(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const p of [...this.znodes.keys()].sort()) out[p] = this.znodes.get(p)!.data;
    return out;
  }
}

function parentOf(path: string): string {
  const i = path.lastIndexOf('/');
  return i <= 0 ? '/' : path.slice(0, i);
}
