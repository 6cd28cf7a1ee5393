// Where simulated disks are saved between page loads: a flat key -> bytes store. putMany is all-or-nothing so
// a saved cluster is never half old, half new.

export interface FileStore {
  get(key: string): Promise<Uint8Array | null>;
  put(key: string, value: Uint8Array): Promise<void>;
  delete(key: string): Promise<void>;
  /** keys starting with prefix, sorted */
  list(prefix: string): Promise<string[]>;
  /** [key, value] of keys starting with prefix, sorted: loading a cluster in one go (optional) */
  entries?(prefix: string): Promise<[string, Uint8Array][]>;
  /** writes every put and delete, or (on any failure) none of them */
  putMany(puts: { key: string; value: Uint8Array }[], deletes?: string[]): Promise<void>;
}

export type StoreErrorCode = 'QUOTA_EXCEEDED' | 'STORE_FAILED';

export class StoreError extends Error {
  constructor(
    readonly code: StoreErrorCode,
    message: string,
    cause?: unknown,
  ) {
    super(message, { cause });
  }
}

export class MemoryFileStore implements FileStore {
  private data = new Map<string, Uint8Array>();
  /** optional byte budget, so callers can exercise the QUOTA_EXCEEDED path without a browser */
  constructor(private readonly quotaBytes = Infinity) {}

  async get(key: string): Promise<Uint8Array | null> {
    const v = this.data.get(key);
    return v ? v.slice() : null;
  }
  async put(key: string, value: Uint8Array): Promise<void> {
    await this.putMany([{ key, value }]);
  }
  async delete(key: string): Promise<void> {
    this.data.delete(key);
  }
  async list(prefix: string): Promise<string[]> {
    return [...this.data.keys()].filter((k) => k.startsWith(prefix)).sort();
  }
  async entries(prefix: string): Promise<[string, Uint8Array][]> {
    return (await this.list(prefix)).map((k) => [k, this.data.get(k)!.slice()]);
  }
  async putMany(puts: { key: string; value: Uint8Array }[], deletes: string[] = []): Promise<void> {
    const next = new Map(this.data);
    for (const k of deletes) next.delete(k);
    for (const { key, value } of puts) next.set(key, value.slice());
    let total = 0;
    for (const v of next.values()) total += v.length;
    if (total > this.quotaBytes)
      throw new StoreError('QUOTA_EXCEEDED', `storage quota exceeded: ${total} bytes needed, ${this.quotaBytes} allowed; nothing was written`);
    this.data = next;
  }
  get totalBytes(): number {
    let n = 0;
    for (const v of this.data.values()) n += v.length;
    return n;
  }
}
