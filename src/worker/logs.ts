// Log persistence: each saved cluster's logs (its brokers' disks) in a file store under the cluster's id. Saves
// run one at a time off the request path, incremental when the store already holds the same run's bytes;
// after a replay the stored logs are compared with the replayed disks byte for byte.
import type { FileStore } from '../storage/backend/FileStore';
import type { SimDisk } from '../storage/disk/SimDisk';
import { loadDisks, saveDisks } from '../storage/persist';
import type { LogsCheck } from './protocol';
import type { RunLike } from './timeline';

/** Where each saved cluster's logs (its brokers' disks) are stored. */
export interface LogStores {
  open(session: string): Promise<FileStore>;
  remove(session: string): Promise<void>;
}

export function disksOf(run: RunLike): Map<number, SimDisk> {
  const m = new Map<number, SimDisk>();
  for (const b of run.cluster?.sortedBrokers() ?? []) m.set(b.id, b.disk);
  return m;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Compares the replayed disks with the loaded ones, file by file (page cache and durable bytes). */
export function compareDisks(run: Map<number, SimDisk>, saved: Map<number, SimDisk>): LogsCheck {
  let files = 0,
    bytes = 0,
    matched = true;
  for (const id of saved.keys()) if (!run.has(id) && saved.get(id)!.list('').length) matched = false;
  for (const [id, disk] of run) {
    const other = saved.get(id);
    const paths = disk.list('');
    if ((other?.list('').length ?? 0) !== paths.length) matched = false;
    for (const path of paths) {
      files++;
      const size = disk.size(path);
      bytes += size;
      if (!matched || !other || !other.exists(path)) {
        matched = false;
        continue;
      }
      if (!sameBytes(disk.read(path), other.read(path))) {
        matched = false;
        continue;
      }
      const d = disk.shape(path),
        o = other.shape(path);
      if (!d || !o || d.durableLen !== o.durableLen || !sameBytes(disk.copyOut(path, true, 0, d.durableLen), other.copyOut(path, true, 0, o.durableLen)))
        matched = false;
    }
  }
  return { files, bytes, matched };
}

export class LogPersistence {
  /** the run whose disks the log store holds (journals drained since), and for which cluster */
  private savedRun: RunLike | null = null;
  private savedFor: string | null = null;
  /** log saves, one at a time, off the request path */
  private chain: Promise<void> = Promise.resolve();
  private stores = new Map<string, Promise<FileStore>>();

  /** `report` is told of a failed save (a full quota) after the request that caused it was answered. */
  constructor(
    private logs: LogStores,
    private report: (e: unknown, what: string) => void,
  ) {}

  /** Resolves when the saves queued so far are done. */
  settled(): Promise<void> {
    return this.chain;
  }

  private open(session: string): Promise<FileStore> {
    let p = this.stores.get(session);
    if (!p) {
      p = this.logs.open(session);
      this.stores.set(session, p);
      p.catch(() => this.stores.delete(session));
    }
    return p;
  }

  /** Queues a save of the run's disks into the cluster's log store: incremental when it holds this run. */
  queueSave(run: RunLike | null, session: string | null): void {
    if (!run || !session || !run.cluster) return;
    this.chain = this.chain.then(async () => {
      const full = this.savedRun !== run || this.savedFor !== session;
      try {
        await saveDisks(await this.open(session), disksOf(run), { full });
        this.savedRun = run;
        this.savedFor = session;
      } catch (e) {
        if (full) {
          this.savedRun = null;
          this.savedFor = null;
        }
        this.report(e, 'saving the logs');
      }
    });
  }

  /** After a replay: the saved logs compared with the run's disks; when they differ, the next save is in full. */
  async verify(run: RunLike | null, session: string | null): Promise<LogsCheck | undefined> {
    if (!run || !session || !run.cluster) return undefined;
    await this.chain;
    const disks = disksOf(run);
    let check: LogsCheck;
    try {
      check = compareDisks(disks, await loadDisks(await this.open(session)));
    } catch {
      check = { ...compareDisks(disks, new Map()), matched: false };
    }
    if (check.matched) {
      for (const d of disks.values()) d.drainJournal(); // the store holds these bytes: later saves are incremental
      this.savedRun = run;
      this.savedFor = session;
    } else {
      this.savedRun = null;
    }
    return check;
  }

  /** Removes a cluster's stored logs. */
  async remove(session: string): Promise<void> {
    await this.chain;
    this.stores.delete(session);
    await this.logs.remove(session);
  }
}
