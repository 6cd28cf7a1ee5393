// FileStore on IndexedDB (through idb). One database holds every saved cluster; each cluster's keys carry the
// prefix `<cluster>:`. putMany runs in one readwrite transaction: a QuotaExceededError (thrown by put, or as the
// transaction's abort reason) aborts it, so nothing is half-written, and surfaces as StoreError QUOTA_EXCEEDED. Its
// puts are placed a piece at a time (PUTS_PER_TASK), so a big save never holds the worker's thread for long.
import { openDB, type IDBPDatabase } from 'idb';
import { StoreError, type FileStore } from './FileStore';

const STORE = 'files';
/** puts placed in one task (8 KB pages: 512 KB cloned) */
export const PUTS_PER_TASK = 64;
export const DEFAULT_DB = 'kafka-anatomy';

function isQuota(e: unknown): boolean {
  const name = (e as { name?: string } | null)?.name;
  return name === 'QuotaExceededError' || name === 'NS_ERROR_DOM_QUOTA_REACHED';
}

function storeError(e: unknown, what: string): StoreError {
  if (e instanceof StoreError) return e;
  if (isQuota(e)) return new StoreError('QUOTA_EXCEEDED', `browser storage quota exceeded while ${what}; nothing was written`, e);
  return new StoreError('STORE_FAILED', `IndexedDB failed while ${what}: ${(e as Error)?.message ?? String(e)}`, e);
}

async function open(dbName: string): Promise<IDBPDatabase> {
  return openDB(dbName, 1, {
    upgrade(db) {
      db.createObjectStore(STORE);
    },
  });
}

export class IdbFileStore implements FileStore {
  private constructor(
    private readonly db: IDBPDatabase,
    readonly cluster: string,
  ) {}

  static async open(cluster: string, dbName = DEFAULT_DB): Promise<IdbFileStore> {
    if (cluster.includes(':')) throw new Error(`cluster name "${cluster}" must not contain ':'`);
    return new IdbFileStore(await open(dbName), cluster);
  }

  /** Names of the clusters saved in the database. */
  static async clusters(dbName = DEFAULT_DB): Promise<string[]> {
    const db = await open(dbName);
    const names = new Set<string>();
    for (const k of (await db.getAllKeys(STORE)) as string[]) names.add(k.slice(0, k.indexOf(':')));
    db.close();
    return [...names].sort();
  }

  private k(key: string): string {
    return `${this.cluster}:${key}`;
  }

  async get(key: string): Promise<Uint8Array | null> {
    const v = (await this.db.get(STORE, this.k(key))) as Uint8Array | undefined;
    return v ? new Uint8Array(v) : null;
  }

  async put(key: string, value: Uint8Array): Promise<void> {
    await this.putMany([{ key, value }]);
  }

  async delete(key: string): Promise<void> {
    await this.putMany([], [key]);
  }

  async list(prefix: string): Promise<string[]> {
    const lo = this.k(prefix);
    const keys = (await this.db.getAllKeys(STORE, IDBKeyRange.bound(lo, lo + '\uffff'))) as string[];
    return keys.map((k) => k.slice(this.cluster.length + 1)).sort();
  }

  /** Keys and values under prefix from one read transaction (getAllKeys and getAll walk the same range in order). */
  async entries(prefix: string): Promise<[string, Uint8Array][]> {
    const lo = this.k(prefix);
    const range = IDBKeyRange.bound(lo, lo + '\uffff');
    const tx = this.db.transaction(STORE, 'readonly');
    const [keys, values] = await Promise.all([tx.store.getAllKeys(range), tx.store.getAll(range)]);
    await tx.done;
    return (keys as string[]).map((k, i) => [k.slice(this.cluster.length + 1), values[i] as Uint8Array]);
  }

  /** Removes every key of this cluster. */
  async clear(): Promise<void> {
    await this.putMany([], await this.list(''));
  }

  async putMany(puts: { key: string; value: Uint8Array }[], deletes: string[] = []): Promise<void> {
    const errors: unknown[] = [];
    const pending: Promise<unknown>[] = [];
    const track = (p: Promise<unknown>) => pending.push(p.catch((e: unknown) => errors.push(e)));
    const tx = this.db.transaction(STORE, 'readwrite');
    try {
      for (const key of deletes) track(tx.store.delete(this.k(key)));
      // put clones the value at once: a few at a time, the next ones placed when the last of these succeeded (the
      // transaction is still active then), so the worker answers requests between them (13 MB in one go: 160 ms)
      for (let i = 0; i < puts.length; i += PUTS_PER_TASK) {
        let last: Promise<unknown> | null = null;
        for (const { key, value } of puts.slice(i, i + PUTS_PER_TASK)) track((last = tx.store.put(value, this.k(key))));
        if (last && i + PUTS_PER_TASK < puts.length) await last;
      }
    } catch (e) {
      errors.push(e); // a synchronous throw (e.g. QuotaExceededError from put): undo everything
      try {
        tx.abort();
      } catch {
        // already aborted
      }
    }
    try {
      await tx.done;
    } catch (e) {
      errors.push(tx.error ?? e);
    }
    await Promise.all(pending);
    if (errors.length) throw storeError(errors.find(isQuota) ?? errors[0], `saving ${puts.length} files`);
  }

  close(): void {
    this.db.close();
  }
}
