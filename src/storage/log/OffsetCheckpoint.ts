// Kafka's OffsetCheckpointFile, one per log directory: `recovery-point-offset-checkpoint` holds
// "0\n<count>\n<topic> <partition> <offset>\n..." for every partition in that directory. After an unclean
// shutdown, recovery starts at this offset; everything below it was flushed.
import type { SimDisk } from '../disk/SimDisk';
import { utf8Decoder, utf8Encoder } from '../format/bytes';

export const RECOVERY_POINT_CHECKPOINT = 'recovery-point-offset-checkpoint';

function splitDir(dir: string): { root: string; name: string } {
  const slash = dir.lastIndexOf('/');
  return slash < 0 ? { root: '', name: dir } : { root: dir.slice(0, slash + 1), name: dir.slice(slash + 1) };
}

function read(disk: SimDisk, path: string): Map<string, number> {
  const m = new Map<string, number>();
  if (!disk.exists(path)) return m;
  let text: string;
  try {
    text = utf8Decoder.decode(disk.read(path));
  } catch {
    return m; // unreadable checkpoint: recover everything, which is always safe
  }
  const lines = text.split('\n').filter((l) => l);
  for (const l of lines.slice(2)) {
    const parts = l.split(' ');
    const off = Number(parts[2]);
    if (parts.length === 3 && Number.isInteger(off)) m.set(`${parts[0]}-${parts[1]}`, off);
  }
  return m;
}

export function readRecoveryPoint(disk: SimDisk, dir: string, file = RECOVERY_POINT_CHECKPOINT): number | null {
  const { root, name } = splitDir(dir);
  return read(disk, root + file).get(name) ?? null;
}

/** Rewrites the checkpoint with this partition's recovery point (null removes it) and makes it durable. */
export function writeRecoveryPoint(disk: SimDisk, dir: string, offset: number | null, file = RECOVERY_POINT_CHECKPOINT): void {
  const { root, name } = splitDir(dir);
  const path = root + file;
  const m = read(disk, path);
  if (offset === null) m.delete(name);
  else m.set(name, offset);
  const lines = ['0', String(m.size)];
  for (const [tp, off] of [...m].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    const dash = tp.lastIndexOf('-');
    lines.push(`${tp.slice(0, dash)} ${tp.slice(dash + 1)} ${off}`);
  }
  disk.writeFile(path, utf8Encoder.encode(lines.join('\n') + '\n'));
  disk.fsync(path);
}
