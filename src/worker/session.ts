// The saved clusters (each: scenario = seed + command log, and the timeline position) in IndexedDB, and which
// one is current. Version 1 kept one session under 'session'/'current'; opening at version 2 moves it into
// 'sessions' as "Cluster 1" and makes it current.
import { openDB, type IDBPDatabase } from 'idb';
import type { SavedSession, SessionInfo, SessionStore } from './host';
import { FRAME_PREFIX } from './scope';

export const SESSION_DB = 'kafka-anatomy-session';
const LEGACY = 'session';
const SESSIONS = 'sessions';
const META = 'meta';
const KEY = 'current';

export class IdbSessionStore implements SessionStore {
  private db: Promise<IDBPDatabase> | null = null;

  constructor(private readonly dbName = SESSION_DB) {}

  private open(): Promise<IDBPDatabase> {
    this.db ??= openDB(this.dbName, 2, {
      upgrade(db, oldVersion, _newVersion, tx) {
        if (!db.objectStoreNames.contains(LEGACY)) db.createObjectStore(LEGACY);
        if (!db.objectStoreNames.contains(SESSIONS)) db.createObjectStore(SESSIONS);
        if (!db.objectStoreNames.contains(META)) db.createObjectStore(META);
        if (oldVersion === 1) {
          const legacy = tx.objectStore(LEGACY);
          void legacy.get(KEY).then((v: SavedSession | undefined) => {
            if (!v) return;
            const s: SavedSession = { ...v, id: 'c1', name: 'Cluster 1' };
            void tx.objectStore(SESSIONS).put(s, 'c1');
            void tx.objectStore(META).put('c1', KEY);
            void legacy.delete(KEY);
          });
        }
      },
    });
    return this.db;
  }

  /** The current saved cluster. */
  async load(): Promise<SavedSession | undefined> {
    const db = await this.open();
    const id = (await db.get(META, KEY)) as string | undefined;
    return id === undefined ? undefined : ((await db.get(SESSIONS, id)) as SavedSession | undefined);
  }

  /** Saves a cluster (by its id) and makes it current (not a frame's), in one transaction. */
  async save(session: SavedSession, current = true): Promise<void> {
    const db = await this.open();
    const id = session.id ?? 'c1';
    const tx = db.transaction([SESSIONS, META], 'readwrite');
    void tx.objectStore(SESSIONS).put({ ...session, id, name: session.name ?? id }, id);
    if (current) void tx.objectStore(META).put(id, KEY);
    await tx.done;
  }

  async get(id: string): Promise<SavedSession | undefined> {
    const db = await this.open();
    return (await db.get(SESSIONS, id)) as SavedSession | undefined;
  }

  async list(): Promise<{ sessions: SessionInfo[]; current: string | null }> {
    const db = await this.open();
    // the frames' sessions (embed contract v1.1) are theirs alone: not listed in the full app
    const all = ((await db.getAll(SESSIONS)) as SavedSession[]).filter((s) => !s.id?.startsWith(FRAME_PREFIX));
    const current = ((await db.get(META, KEY)) as string | undefined) ?? null;
    const sessions = all.map((s) => ({ id: s.id ?? '', name: s.name ?? s.id ?? '', savedAt: s.savedAt, steps: stepCount(s.scenario) }));
    sessions.sort((a, b) => b.savedAt - a.savedAt || a.name.localeCompare(b.name));
    return { sessions, current };
  }

  async rename(id: string, name: string): Promise<boolean> {
    const db = await this.open();
    const tx = db.transaction(SESSIONS, 'readwrite');
    const s = (await tx.store.get(id)) as SavedSession | undefined;
    if (s) await tx.store.put({ ...s, name }, id);
    await tx.done;
    return !!s;
  }

  async remove(id: string): Promise<void> {
    const db = await this.open();
    const tx = db.transaction([SESSIONS, META], 'readwrite');
    void tx.objectStore(SESSIONS).delete(id);
    const cur = (await tx.objectStore(META).get(KEY)) as string | undefined;
    if (cur === id) void tx.objectStore(META).delete(KEY);
    await tx.done;
  }

  close(): void { void this.db?.then((d) => d.close()); this.db = null; }
}

function stepCount(scenario: unknown): number {
  const steps = (scenario as { steps?: unknown } | null)?.steps;
  return Array.isArray(steps) ? steps.length : 0;
}
