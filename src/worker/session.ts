// The session (scenario = seed + command log, and the timeline position) in IndexedDB.
import { openDB, type IDBPDatabase } from 'idb';
import type { SavedSession, SessionStore } from './host';

export const SESSION_DB = 'kafka-anatomy-session';
const STORE = 'session';
const KEY = 'current';

export class IdbSessionStore implements SessionStore {
  private db: Promise<IDBPDatabase> | null = null;

  private open(): Promise<IDBPDatabase> {
    this.db ??= openDB(SESSION_DB, 1, {
      upgrade(db) { if (!db.objectStoreNames.contains(STORE)) db.createObjectStore(STORE); },
    });
    return this.db;
  }

  async load(): Promise<SavedSession | undefined> {
    const db = await this.open();
    return (await db.get(STORE, KEY)) as SavedSession | undefined;
  }

  async save(session: SavedSession): Promise<void> {
    const db = await this.open();
    await db.put(STORE, session, KEY);
  }
}
