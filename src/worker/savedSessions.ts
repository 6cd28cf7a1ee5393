// The saved clusters as the worker sees them: which one is open (id, name, space), saving it after each change,
// and the list, rename and delete of the others. The records live in a SessionStore (IndexedDB: session.ts).
// A cluster open in another tab (its lock is held there) is not saved from here: the first change makes a copy.
import type { AsideInfo, AsideReason, SessionInfo } from './protocol';

export interface SavedSession {
  id?: string;
  name?: string;
  scenario: unknown;
  cursor: number;
  savedAt: number;
  /** the space it belongs to ('' = the app's own; a link's or a frame's otherwise) */
  space?: string;
  /** a digest of the scenario it started from, when it started from a lesson, a link or an embedding's scenario */
  source?: string;
  branchOf?: SessionInfo['branchOf'];
}

export interface SessionStore {
  /** the current saved cluster of a space */
  load(space?: string): Promise<SavedSession | undefined>;
  /** saves a cluster by its id and (unless told not to) makes it current in its space */
  save(session: SavedSession, makeCurrent?: boolean): Promise<void>;
  get?(id: string): Promise<SavedSession | undefined>;
  list?(space?: string): Promise<{ sessions: SessionInfo[]; current: string | null; aside?: AsideInfo[] }>;
  rename?(id: string, name: string): Promise<boolean>;
  remove?(id: string): Promise<void>;
  putAside?(id: string, reason: AsideReason): Promise<void>;
  restoreAside?(id: string): Promise<SavedSession | undefined>;
  raw?(id: string): Promise<unknown>;
}

/** Exclusive locks shared by the tabs of a browser (Web Locks); `hold` gives a release, or null when held elsewhere. */
export interface Locks {
  /** waits up to `waitMs` (0: not at all) for the lock to be free */
  hold(name: string, waitMs?: number): Promise<(() => void) | null>;
}

/** A storage failure's code (StoreError.code), if any. */
export function errorCode(e: unknown): string | undefined {
  const c = (e as { code?: unknown } | null)?.code;
  return typeof c === 'string' ? c : undefined;
}

export function newSessionId(): string {
  return 'c' + Date.now().toString(36) + Math.random().toString(36).slice(2, 6);
}

/** A short digest of a scenario's JSON (FNV-1a, 52 bits): which lesson or link a saved cluster started from. */
export function sourceOf(json: unknown): string {
  const s = JSON.stringify(json) ?? '';
  let h1 = 0x811c9dc5,
    h2 = 0x01000193;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193) >>> 0;
    h2 = Math.imul(h2 ^ c, 0x5bd1e995) >>> 0;
  }
  return h1.toString(36) + (h2 & 0xfffff).toString(36);
}

export class SavedSessions {
  /** the open saved cluster: null when nothing is saved (before start-up, or a page's embedding drives it) */
  id: string | null = null;
  name = '';
  space = '';
  source: string | undefined;
  branchOf: SessionInfo['branchOf'];
  /** false when another tab holds the open cluster: nothing is saved from here */
  owned = true;
  private release: (() => void) | null = null;
  /** the app's current record, read as soon as the worker starts (before the UI asks), used by the first restore */
  private early: Promise<SavedSession | undefined> | undefined;

  constructor(
    private store: SessionStore | undefined,
    private report: (e: unknown, what: string) => void,
    private locks?: Locks,
  ) {
    this.early = store?.load('').catch(() => undefined);
  }

  /** Whether several clusters can be kept (a store with a list). */
  get named(): boolean {
    return !!this.store?.list;
  }

  /** The current record of a space: for the app's own space the one read at start-up, the first time. */
  async current(space: string): Promise<SavedSession | undefined> {
    const pending = this.early;
    this.early = undefined;
    if (pending && space === '') return pending;
    return this.store ? this.store.load(space).catch(() => undefined) : undefined;
  }

  get(id: string): Promise<SavedSession | undefined> {
    return this.store?.get?.(id) ?? Promise.resolve(undefined);
  }

  /** how long the next open may wait for its cluster's lock (set after the worker holding it was ended) */
  lockWaitMs = 0;

  /** Opens a saved cluster: takes its lock, or finds it held by another tab (then nothing is saved from here). */
  async open(id: string, name: string, space: string, source?: string, branchOf?: SessionInfo['branchOf']): Promise<void> {
    this.release?.();
    this.release = null;
    this.id = id;
    this.name = name;
    this.space = space;
    this.source = source;
    this.branchOf = branchOf;
    this.owned = true;
    if (this.locks && this.store) {
      this.release = await this.locks.hold(`kafka-anatomy-session:${id}`, this.lockWaitMs).catch(() => null);
      this.lockWaitMs = 0;
      this.owned = this.release !== null;
    }
  }

  /** Saves nothing until the next open (an embedding page drives the timeline). */
  detach(): void {
    this.release?.();
    this.release = null;
    this.id = null;
  }

  /** A new cluster in a space, named `name` or the next free "Cluster N". */
  async openNew(space: string, name?: string, source?: string, branchOf?: SessionInfo['branchOf']): Promise<void> {
    await this.open(newSessionId(), name ?? (await this.nextName(space)), space, source, branchOf);
  }

  /** The open cluster is held by another tab: from now on this tab works on a copy of it. */
  async fork(): Promise<{ name: string; from: string }> {
    const from = this.name;
    await this.openNew(this.space, `${from} (copy)`, this.source, this.branchOf);
    return { name: this.name, from };
  }

  async nextName(space: string): Promise<string> {
    const l = (await this.store?.list?.(space).catch(() => undefined)) ?? { sessions: [] };
    const used = new Set(l.sessions.map((s) => s.name));
    let n = l.sessions.length + 1;
    while (used.has(`Cluster ${n}`)) n++;
    return `Cluster ${n}`;
  }

  /** Whether a space has saved clusters. */
  async hasSaved(space: string): Promise<boolean> {
    const l = await this.store?.list?.(space).catch(() => undefined);
    return !!l?.sessions.length;
  }

  async list(): Promise<{ sessions: SessionInfo[]; current: string | null; aside: AsideInfo[] }> {
    const l = (await this.store?.list?.(this.space)) ?? { sessions: [], current: null };
    return { sessions: l.sessions, current: this.id ?? l.current, aside: l.aside ?? [] };
  }

  async rename(id: string, name: string): Promise<void> {
    await this.store?.rename?.(id, name);
    if (id === this.id) this.name = name;
  }

  async remove(id: string): Promise<void> {
    await this.store?.remove?.(id);
  }

  async putAside(id: string, reason: AsideReason): Promise<void> {
    await this.store?.putAside?.(id, reason);
  }

  restoreAside(id: string): Promise<SavedSession | undefined> {
    return this.store?.restoreAside?.(id) ?? Promise.resolve(undefined);
  }

  raw(id: string): Promise<unknown> {
    return this.store?.raw?.(id) ?? Promise.resolve(undefined);
  }

  /** Saves the open cluster (its scenario and position) and makes it current in its space. */
  async persist(scenario: unknown, cursor: number): Promise<void> {
    if (!this.store || !this.id || !this.owned) return;
    try {
      const s: SavedSession = { id: this.id, name: this.name, scenario, cursor, savedAt: Date.now(), space: this.space };
      if (this.source) s.source = this.source;
      if (this.branchOf) s.branchOf = this.branchOf;
      await this.store.save(s);
    } catch (e) {
      // private mode: the session just does not survive a reload; a full quota is told to the UI
      if (errorCode(e) === 'QUOTA_EXCEEDED' || (e as { name?: string } | null)?.name === 'QuotaExceededError')
        this.report(
          Object.assign(new Error('browser storage quota exceeded while saving the session; nothing was written'), { code: 'QUOTA_EXCEEDED' }),
          'saving the session',
        );
    }
  }

  /** Saves a cluster that is not the open one (a future replaced by a command in the past): not made current. */
  async saveOther(s: SavedSession): Promise<void> {
    await this.store?.save(s, false);
  }
}
