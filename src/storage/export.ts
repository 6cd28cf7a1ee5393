// Writes simulated disks to a real directory (Node only), as Kafka lays out its log dirs:
// DIR/broker-<id>/<topic>-<partition>/<20-digit base>.log|.index|.timeindex (+ leader-epoch-checkpoint and the
// log dir's checkpoint files). Index files are written trimmed to their entries, as Kafka leaves them on close.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { SimDisk } from './disk/SimDisk';

export interface ExportOptions {
  /** write what reached the disk (as after a power loss) instead of what the process sees */
  durableOnly?: boolean;
}

/** Returns the paths written, relative to outDir. */
export function exportDisks(disks: Map<number, SimDisk>, outDir: string, opts: ExportOptions = {}): string[] {
  const written: string[] = [];
  for (const [id, disk] of [...disks].sort((a, b) => a[0] - b[0])) {
    for (const path of disk.list('')) {
      if (/\.(cleaned|swap|deleted)$/.test(path)) continue; // transient cleaner/retention files
      const snap = disk.snapshotFile(path);
      if (!snap) continue;
      const bytes = opts.durableOnly ? snap.durable : snap.cache;
      if (!bytes) continue;
      const rel = join(`broker-${id}`, path);
      const full = join(outDir, rel);
      mkdirSync(dirname(full), { recursive: true });
      writeFileSync(full, bytes);
      written.push(rel);
    }
  }
  return written;
}
