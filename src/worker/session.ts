// The saved clusters (each: scenario = seed + command log, and the timeline position) in IndexedDB, and which
// one is current in each space: '' is the app's own; a link or an embedded frame has its own (embed contract
// v1.1), so opening one never changes the learner's current cluster. A record that could not be opened is kept
// aside (its `aside` field says why) until the learner exports or deletes it. Version 1 kept one session under
// 'session'/'current'; opening at version 2 moves it into 'sessions' as "Cluster 1" and makes it current.
import { openDB, type IDBPDatabase } from 'idb';
import type { AsideInfo, SessionInfo } from './protocol';
import type { SavedSession, SessionStore } from './savedSessions';

export const SESSION_DB = 'kafka-anatomy-session';
const LEGACY = 'session';
const SESSIONS = 'sessions';
const META = 'meta';
const KEY = 'current';

const currentKey = (space: string) => (space ? `${KEY}:${space}` : KEY);

/** A stored value read back as a record, whatever it is (a record is data from an older version, or damaged). */
function asRecord(v: unknown): (SavedSession & Record<string, unknown>) | undefined {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as SavedSession & Record<string, unknown>) : undefined;
}

const str = (v: unknown, or: string) => (typeof v === 'string' ? v : or);

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

  /** The current saved cluster of a space; its id is the key it is stored under, whatever the record says. */
  async load(space = ''): Promise<SavedSession | undefined> {
    const db = await this.open();
    const id = (await db.get(META, currentKey(space))) as unknown;
    if (typeof id !== 'string') return undefined;
    const v = (await db.get(SESSIONS, id)) as unknown;
    if (v === undefined) return undefined;
    const r = asRecord(v);
    if (r?.aside) return undefined;
    // not even an object: handed over as a record whose scenario is that value, so the host keeps it aside
    return r ? { ...r, id } : { id, name: id, scenario: v, cursor: 0, savedAt: 0 };
  }

  /** Saves a cluster (by its id) and makes it current in its space, in one transaction. */
  async save(session: SavedSession, makeCurrent = true): Promise<void> {
    const db = await this.open();
    const id = session.id ?? 'c1';
    const tx = db.transaction([SESSIONS, META], 'readwrite');
    void tx.objectStore(SESSIONS).put({ ...session, id, name: session.name ?? id }, id);
    if (makeCurrent) void tx.objectStore(META).put(id, currentKey(session.space ?? ''));
    await tx.done;
  }

  async get(id: string): Promise<SavedSession | undefined> {
    const db = await this.open();
    const r = asRecord(await db.get(SESSIONS, id));
    return r && !r.aside ? { ...r, id } : undefined;
  }

  /** The saved clusters of a space (newest first), and those of every space kept aside. */
  async list(space = ''): Promise<{ sessions: SessionInfo[]; current: string | null; aside: AsideInfo[] }> {
    const db = await this.open();
    const keys = (await db.getAllKeys(SESSIONS)) as string[];
    const all = (await db.getAll(SESSIONS)) as unknown[];
    const current = (await db.get(META, currentKey(space))) as unknown;
    const sessions: SessionInfo[] = [];
    const aside: AsideInfo[] = [];
    all.forEach((v, i) => {
      const r = asRecord(v);
      const id = String(keys[i]);
      const name = str(r?.name, id);
      if (!r || r.aside) {
        aside.push({
          id,
          name,
          reason: asideReason(r?.aside),
          at: typeof (r?.aside as { at?: unknown })?.at === 'number' ? (r!.aside as { at: number }).at : 0,
        });
        return;
      }
      if (str(r.space, '') !== space) return;
      sessions.push({
        id,
        name,
        savedAt: typeof r.savedAt === 'number' ? r.savedAt : 0,
        steps: stepCount(r.scenario),
        ...(typeof r.source === 'string' ? { source: r.source } : {}),
        ...(r.branchOf ? { branchOf: r.branchOf as SessionInfo['branchOf'] } : {}),
      });
    });
    sessions.sort((a, b) => b.savedAt - a.savedAt || a.name.localeCompare(b.name));
    aside.sort((a, b) => b.at - a.at);
    return { sessions, current: typeof current === 'string' ? current : null, aside };
  }

  async rename(id: string, name: string): Promise<boolean> {
    const db = await this.open();
    const tx = db.transaction(SESSIONS, 'readwrite');
    const s = asRecord(await tx.store.get(id));
    if (s) await tx.store.put({ ...s, name }, id);
    await tx.done;
    return !!s;
  }

  async remove(id: string): Promise<void> {
    const db = await this.open();
    const tx = db.transaction([SESSIONS, META], 'readwrite');
    void tx.objectStore(SESSIONS).delete(id);
    const meta = tx.objectStore(META);
    for (const k of (await meta.getAllKeys()) as string[]) if ((await meta.get(k)) === id) void meta.delete(k);
    await tx.done;
  }

  /** Keeps a record aside (it stays stored as it was, with the reason) and makes no cluster current in its space. */
  async putAside(id: string, reason: AsideInfo['reason']): Promise<void> {
    const db = await this.open();
    const tx = db.transaction([SESSIONS, META], 'readwrite');
    const raw = (await tx.objectStore(SESSIONS).get(id)) as unknown;
    const r = asRecord(raw);
    // a value that is not even an object is wrapped, so the export gives back exactly what was stored
    void tx.objectStore(SESSIONS).put({ ...(r ?? { stored: raw }), aside: { ...reason, at: Date.now() } }, id);
    const meta = tx.objectStore(META);
    for (const k of (await meta.getAllKeys()) as string[]) if ((await meta.get(k)) === id) void meta.delete(k);
    await tx.done;
  }

  /** Takes a record back from aside: stored as it was before, without the note. */
  async restoreAside(id: string): Promise<SavedSession | undefined> {
    const r = await this.raw(id);
    const rec = asRecord(r);
    if (!rec) return undefined;
    const db = await this.open();
    await db.put(SESSIONS, rec, id);
    return { ...rec, id };
  }

  /** A record as it is stored (for the learner to export), without the note saying why it was kept aside. */
  async raw(id: string): Promise<unknown> {
    const db = await this.open();
    const r = asRecord(await db.get(SESSIONS, id));
    if (!r) return undefined;
    const { aside: _aside, ...rest } = r;
    return 'stored' in rest && Object.keys(rest).length === 1 ? rest.stored : rest;
  }

  close(): void {
    void this.db?.then((d) => d.close());
    this.db = null;
  }
}

function asideReason(v: unknown): AsideInfo['reason'] {
  const a = (v ?? {}) as Record<string, unknown>;
  const out: AsideInfo['reason'] = {};
  if (typeof a.message === 'string') out.message = a.message;
  if (typeof a.problem === 'object' && a.problem !== null) out.problem = a.problem as AsideInfo['reason']['problem'];
  if (a.cancelled === true) out.cancelled = true;
  return out;
}

function stepCount(scenario: unknown): number {
  const steps = (scenario as { steps?: unknown } | null)?.steps;
  return Array.isArray(steps) ? steps.length : 0;
}
