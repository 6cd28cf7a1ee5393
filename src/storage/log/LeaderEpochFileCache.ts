// Kafka's LeaderEpochFileCache: (epoch, start offset) pairs, kept in `<dir>/leader-epoch-checkpoint` in Kafka's
// checkpoint text format ("0\n<count>\n<epoch> <startOffset>\n..."). Used by OffsetsForLeaderEpoch (KIP-101/279)
// so a returning replica truncates to where its last epoch ended on the leader, not to its own HW.
import type { SimDisk } from '../disk/SimDisk';
import { utf8Decoder, utf8Encoder } from '../format/bytes';

export interface EpochEntry {
  epoch: number;
  startOffset: number;
}

export const UNDEFINED_EPOCH = -1;
export const UNDEFINED_EPOCH_OFFSET = -1;

export class LeaderEpochFileCache {
  private epochs: EpochEntry[] = [];

  constructor(
    private readonly disk: SimDisk,
    readonly path: string,
  ) {
    if (disk.exists(path)) this.epochs = parseCheckpoint(disk.read(path), path);
  }

  entries(): EpochEntry[] {
    return this.epochs.map((e) => ({ ...e }));
  }

  latestEpoch(): number | null {
    return this.epochs.length ? this.epochs[this.epochs.length - 1].epoch : null;
  }

  /** Kafka's assign: a new epoch, or an earlier start for the latest; removes entries it makes non-monotonic. */
  assign(epoch: number, startOffset: number): void {
    if (epoch < 0 || startOffset < 0) throw new Error(`invalid epoch entry (${epoch}, ${startOffset})`);
    const latest = this.epochs[this.epochs.length - 1];
    if (latest && latest.epoch === epoch && startOffset >= latest.startOffset) return;
    this.epochs = this.epochs.filter((e) => e.epoch < epoch && e.startOffset < startOffset);
    this.epochs.push({ epoch, startOffset });
    this.flush();
  }

  /**
   * OffsetsForLeaderEpoch: the largest epoch <= requested and the start offset of the next higher epoch (or the
   * log end offset when requested is the latest). Unknown (higher than any we know, or -1): (-1, -1).
   */
  endOffsetFor(requested: number, logEndOffset: number): EpochEntry & { endOffset: number } {
    const undef = { epoch: UNDEFINED_EPOCH, startOffset: UNDEFINED_EPOCH_OFFSET, endOffset: UNDEFINED_EPOCH_OFFSET };
    if (requested === UNDEFINED_EPOCH || this.epochs.length === 0) return undef;
    const latest = this.epochs[this.epochs.length - 1];
    if (requested === latest.epoch) return { epoch: requested, startOffset: latest.startOffset, endOffset: logEndOffset };
    const higher = this.epochs.find((e) => e.epoch > requested);
    if (!higher) return undef;
    let floor: EpochEntry | undefined;
    for (const e of this.epochs) if (e.epoch <= requested) floor = e;
    return floor
      ? { epoch: floor.epoch, startOffset: floor.startOffset, endOffset: higher.startOffset }
      : { epoch: requested, startOffset: UNDEFINED_EPOCH_OFFSET, endOffset: higher.startOffset };
  }

  /** Drops entries starting at or after `endOffset` (log truncation). */
  truncateFromEnd(endOffset: number): void {
    const before = this.epochs.length;
    this.epochs = this.epochs.filter((e) => e.startOffset < endOffset);
    if (this.epochs.length !== before) this.flush();
  }

  /** logStartOffset moved up: the epoch in force at it now starts there; older entries go. */
  truncateFromStart(startOffset: number): void {
    let keepFrom = 0;
    for (let i = 0; i < this.epochs.length; i++) if (this.epochs[i].startOffset <= startOffset) keepFrom = i;
    const first = this.epochs[keepFrom];
    if (!first || (keepFrom === 0 && first.startOffset >= startOffset)) return;
    this.epochs = this.epochs.slice(keepFrom);
    this.epochs[0] = { epoch: first.epoch, startOffset };
    this.flush();
  }

  clear(): void {
    this.epochs = [];
    this.flush();
  }

  /** Kafka writes a temp file, fsyncs and renames it; the effect is: the new content is durable. */
  private flush(): void {
    this.disk.writeFile(this.path, formatCheckpoint(this.epochs));
    this.disk.fsync(this.path);
  }
}

export function formatCheckpoint(entries: EpochEntry[]): Uint8Array {
  const lines = ['0', String(entries.length), ...entries.map((e) => `${e.epoch} ${e.startOffset}`)];
  return utf8Encoder.encode(lines.join('\n') + '\n');
}

export function parseCheckpoint(bytes: Uint8Array, path: string): EpochEntry[] {
  const lines = utf8Decoder
    .decode(bytes)
    .split('\n')
    .filter((l) => l.length > 0);
  if (lines.length === 0) return [];
  if (lines[0] !== '0') throw new Error(`${path}: unsupported checkpoint version ${lines[0]}`);
  const n = Number(lines[1]);
  if (!Number.isInteger(n) || lines.length !== n + 2) throw new Error(`${path}: expected ${lines[1]} entries, found ${lines.length - 2}`);
  return lines.slice(2).map((l, i) => {
    const [epoch, start] = l.split(' ').map(Number);
    if (!Number.isInteger(epoch) || !Number.isInteger(start)) throw new Error(`${path}: malformed entry on line ${i + 3}: "${l}"`);
    return { epoch, startOffset: start };
  });
}
