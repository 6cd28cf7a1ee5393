// The saved clusters as the worker sees them: which one is open (id, name), saving it after each change, and
// the list, rename and delete of the others. The records live in a SessionStore (IndexedDB: session.ts).
import type { SessionInfo } from './protocol';

export interface SavedSession { id?: string; name?: string; scenario: unknown; cursor: number; savedAt: number }

export interface SessionStore {
  /** the current saved cluster */
  load(): Promise<SavedSession | undefined>;
  /** saves a cluster by its id and makes it current */
  save(session: SavedSession): Promise<void>;
  get?(id: string): Promise<SavedSession | undefined>;
  list?(): Promise<{ sessions: SessionInfo[]; current: string | null }>;
  rename?(id: string, name: string): Promise<boolean>;
  remove?(id: string): Promise<void>;
}

/** A storage failure's code (StoreError.code), if any. */
export function errorCode(e: unknown): string | undefined {
  const c = (e as { code?: unknown } | null)?.code;
  return typeof c === 'string' ? c : undefined;
}

export function newSessionId(): string {
  return 'c' + Date.now().toString(36) + Math.random().toString(36).slice(2, 6);
}

export class SavedSessions {
  /** the open saved cluster */
  id: string | null = null;
  name = '';
  /** the current record, read as soon as the worker starts (before the UI asks), used by the first restore */
  private early: Promise<SavedSession | undefined> | undefined;

  constructor(private store: SessionStore | undefined, private report: (e: unknown, what: string) => void) {
    this.early = store?.load().catch(() => undefined);
  }

  /** Whether several clusters can be kept (a store with a list). */
  get named(): boolean { return !!this.store?.list; }

  /** The current record: the one read at start-up the first time, else read now. */
  async current(): Promise<SavedSession | undefined> {
    const pending = this.early;
    this.early = undefined;
    if (pending) return pending;
    return this.store ? this.store.load().catch(() => undefined) : undefined;
  }

  get(id: string): Promise<SavedSession | undefined> {
    return this.store?.get?.(id) ?? Promise.resolve(undefined);
  }

  open(id: string, name: string): void {
    this.id = id;
    this.name = name;
  }

  /** A new cluster gets the next free "Cluster N" name. */
  async openNew(): Promise<void> {
    if (this.named) this.open(newSessionId(), await this.nextName());
  }

  async nextName(): Promise<string> {
    const l = (await this.store?.list?.().catch(() => undefined)) ?? { sessions: [] };
    const used = new Set(l.sessions.map((s) => s.name));
    let n = l.sessions.length + 1;
    while (used.has(`Cluster ${n}`)) n++;
    return `Cluster ${n}`;
  }

  async list(): Promise<{ sessions: SessionInfo[]; current: string | null }> {
    const l = (await this.store?.list?.()) ?? { sessions: [], current: null };
    return { sessions: l.sessions, current: this.id ?? l.current };
  }

  async rename(id: string, name: string): Promise<void> {
    await this.store?.rename?.(id, name);
    if (id === this.id) this.name = name;
  }

  async remove(id: string): Promise<void> {
    await this.store?.remove?.(id);
  }

  /** Saves the open cluster (its scenario and position) and makes it current. */
  async persist(scenario: unknown, cursor: number): Promise<void> {
    if (!this.store) return;
    try {
      const s: SavedSession = { scenario, cursor, savedAt: Date.now() };
      if (this.id) { s.id = this.id; s.name = this.name; }
      await this.store.save(s);
    } catch (e) {
      // private mode: the session just does not survive a reload; a full quota is told to the UI
      if (errorCode(e) === 'QUOTA_EXCEEDED' || (e as { name?: string } | null)?.name === 'QuotaExceededError') this.report(Object.assign(new Error('browser storage quota exceeded while saving the session; nothing was written'), { code: 'QUOTA_EXCEEDED' }), 'saving the session');
    }
  }
}
