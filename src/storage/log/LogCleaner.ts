// Log compaction (Kafka's LogCleaner / Cleaner.doClean, simplified to one pass per call): keep the latest record
// per key, drop tombstones once delete.retention.ms has passed, never touch the active segment or anything at or
// above the high watermark, keep offsets (the log gets gaps). A segment is rewritten as `<base>.log.cleaned`,
// renamed to `.swap`, then into place; loading completes or discards a half-done swap.
import type { SimDisk } from '../disk/SimDisk';
import { decodeRecordBatch, encodeRecordBatch, type DecodedBatch } from '../format/recordBatch';
import { LogSegment } from './LogSegment';
import type { UnifiedLog } from './UnifiedLog';

const SUFFIXES = ['.log', '.index', '.timeindex'];

function keyOf(k: Uint8Array): string {
  let s = '';
  for (let i = 0; i < k.length; i++) s += String.fromCharCode(k[i]);
  return s;
}

export function cleanLog(log: UnifiedLog, nowMs: number): { cleaned: boolean; removedRecords: number } {
  const none = { cleaned: false, removedRecords: 0 };
  if (!log.config.cleanupPolicy.includes('compact')) return none;
  const segs = log.segments;
  const dirtyStart = Math.max(log.firstDirtyOffset ?? log.logStartOffset, log.logStartOffset);
  // cleanable: whole non-active segments wholly below the high watermark
  let end = 0;
  while (end < segs.length - 1 && segs[end + 1].baseOffset <= log.highWatermark) end++;
  if (end === 0) return none;
  const firstUncleanable = segs[end].baseOffset;
  let cleanBytes = 0;
  let dirtyBytes = 0;
  for (let i = 0; i < end; i++) {
    if (segs[i].nextOffset <= dirtyStart) cleanBytes += segs[i].size;
    else dirtyBytes += segs[i].size;
  }
  if (dirtyBytes === 0 || dirtyBytes / (cleanBytes + dirtyBytes) < log.config.minCleanableDirtyRatio) return none;

  const decoded: { batch: DecodedBatch; bytes: Uint8Array }[][] = [];
  const latest = new Map<string, number>(); // the offset map, built over everything cleanable
  for (let i = 0; i < end; i++) {
    const batches: { batch: DecodedBatch; bytes: Uint8Array }[] = [];
    for (const ref of segs[i].batchesFrom(0)) {
      const bytes = segs[i].readBytes(ref.position, ref.size);
      const batch = decodeRecordBatch(bytes);
      batches.push({ batch, bytes });
      // transactional batches and their markers are kept whole (see below): they never enter the offset map
      if (!batch.transactional && !batch.control) for (const r of batch.records) if (r.key) latest.set(keyOf(r.key), r.offset);
    }
    decoded.push(batches);
  }

  let removed = 0;
  for (let i = 0; i < end; i++) {
    const seg = segs[i];
    const tombstonesExpire = nowMs - seg.largestTimestamp > log.config.deleteRetentionMs;
    const cleaned = new LogSegment(log.disk, log.dir, seg.baseOffset, nowMs, '.cleaned');
    let segRemoved = 0;
    for (const { batch: b, bytes } of decoded[i]) {
      // null keys cannot be compacted: Kafka's cleaner discards them. Simplified: transactional data and COMMIT /
      // ABORT markers are kept as they are (Kafka removes aborted data, and markers after delete.retention.ms)
      const kept =
        b.transactional || b.control
          ? b.records
          : b.records.filter((r) => r.key !== null && latest.get(keyOf(r.key)) === r.offset && !(r.value === null && tombstonesExpire));
      segRemoved += b.records.length - kept.length;
      if (kept.length === 0) continue;
      const h = b.header;
      let maxTs = -1;
      for (const r of kept) if (r.timestamp > maxTs) maxTs = r.timestamp;
      const out =
        kept.length === b.records.length
          ? bytes
          : encodeRecordBatch({
              baseOffset: h.baseOffset,
              partitionLeaderEpoch: h.partitionLeaderEpoch,
              compression: b.compression,
              logAppendTime: b.timestampType === 'LogAppendTime',
              transactional: b.transactional,
              control: b.control,
              producerId: h.producerId,
              producerEpoch: h.producerEpoch,
              baseSequence: h.baseSequence,
              lastOffsetDelta: h.lastOffsetDelta, // the batch keeps its last offset, so offsets never go back
              baseTimestamp: h.baseTimestamp,
              maxTimestamp: b.timestampType === 'LogAppendTime' ? h.maxTimestamp : maxTs,
              records: kept.map((r) => ({ key: r.key, value: r.value, timestamp: r.timestamp, headers: r.headers, offsetDelta: r.offsetDelta })),
            });
      cleaned.append(out, h.baseOffset + h.lastOffsetDelta, b.timestampType === 'LogAppendTime' ? h.maxTimestamp : maxTs, log.config.indexIntervalBytes);
    }
    if (segRemoved === 0) {
      cleaned.deleteFiles();
      continue;
    }
    removed += segRemoved;
    cleaned.maybeAppendTimeIndex();
    cleaned.flush();
    swapIn(log.disk, log.dir, seg.baseOffset);
    const replacement = new LogSegment(log.disk, log.dir, seg.baseOffset, seg.createdMs);
    replacement.reloadState();
    segs[i] = replacement;
  }
  log.firstDirtyOffset = firstUncleanable;
  return { cleaned: true, removedRecords: removed };
}

/** `.cleaned` -> `.swap` -> final name, as Kafka's replaceSegments; each rename is atomic. */
function swapIn(disk: SimDisk, dir: string, base: number): void {
  const name = String(base).padStart(20, '0');
  for (const s of SUFFIXES) disk.rename(`${dir}/${name}${s}.cleaned`, `${dir}/${name}${s}.swap`);
  for (const s of SUFFIXES) disk.rename(`${dir}/${name}${s}.swap`, `${dir}/${name}${s}`);
}

/**
 * On load: finish a swap the cleaner started and drop `.cleaned` leftovers. Returns the base offsets whose .log
 * was swapped in here: their indexes may be the old ones and must be rebuilt.
 */
export function completeSwaps(disk: SimDisk, dir: string): Set<number> {
  const rebuild = new Set<number>();
  for (const p of disk.list(dir + '/')) {
    if (p.endsWith('.cleaned')) disk.delete(p);
    else if (p.endsWith('.swap')) {
      const final = p.slice(0, -'.swap'.length);
      disk.rename(p, final);
      if (final.endsWith('.log')) rebuild.add(Number(final.slice(dir.length + 1, dir.length + 21)));
    }
  }
  return rebuild;
}
