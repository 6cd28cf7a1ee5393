// Kafka's LogLoader: opens a partition directory after a restart. Clean shutdown: the files are trusted (indexes
// rebuilt only if implausible). Unclean: every segment from the one holding the recovery point is validated batch
// by batch (LogSegment.recover); the log is cut at the first invalid byte and later segments are deleted. A
// corrupt batch with valid data after it is also reported in `corrupt`: it is never served.
import type { SimDisk } from '../disk/SimDisk';
import { completeSwaps } from './LogCleaner';
import { LogSegment } from './LogSegment';
import { readRecoveryPoint } from './OffsetCheckpoint';
import type { LogConfig, RecoveryReport } from './types';

const SEGMENT_LOG = /^(\d{20})\.log$/;

export function loadSegments(
  dir: string,
  config: LogConfig,
  disk: SimDisk,
  nowMs: number,
  cleanShutdown: boolean,
): { segments: LogSegment[]; report: RecoveryReport; recoveryPoint: number } {
  const report: RecoveryReport = { truncated: [], corrupt: [], logEndOffset: 0 };
  const swapped = completeSwaps(disk, dir);
  for (const p of disk.list(dir + '/')) if (p.endsWith('.deleted')) disk.delete(p);
  const bases: number[] = [];
  for (const p of disk.list(dir + '/')) {
    const m = SEGMENT_LOG.exec(p.slice(dir.length + 1));
    if (m) bases.push(Number(m[1]));
  }
  bases.sort((a, b) => a - b);
  const checkpointRp = readRecoveryPoint(disk, dir);
  const rp = checkpointRp ?? 0;
  const segments = bases.map((base) => new LogSegment(disk, dir, base, nowMs));
  if (segments.length === 0) segments.push(new LogSegment(disk, dir, rp, nowMs));
  let prevNext = -1;
  for (let i = 0; i < segments.length; i++) {
    const seg = segments[i];
    const next = segments[i + 1];
    // Kafka recovers logSegments(recoveryPoint, ∞): the segment holding the recovery point and all after it
    const needsRecovery = swapped.has(seg.baseOffset) || (!cleanShutdown && (next === undefined || next.baseOffset > rp));
    if (!needsRecovery) {
      seg.reloadState();
      if (seg.indexesSane()) {
        prevNext = seg.nextOffset;
        continue;
      }
    }
    const res = seg.recover(config.indexIntervalBytes, prevNext);
    prevNext = seg.nextOffset;
    if (!res.error) continue;
    report.truncated.push({ file: seg.logPath, position: res.validBytes, bytes: res.truncatedBytes, reason: res.error.message });
    const later = segments.slice(i + 1);
    if (res.validAfter || later.some((s) => disk.size(s.logPath) > 0))
      report.corrupt.push({ file: seg.logPath, position: res.error.batchPosition, reason: res.error.message });
    for (const s of later) {
      const bytes = disk.size(s.logPath);
      if (bytes > 0) report.truncated.push({ file: s.logPath, position: 0, bytes, reason: `follows a corrupt batch in ${seg.fileName}` });
      s.deleteFiles();
    }
    segments.length = i + 1;
    break;
  }
  const last = segments[segments.length - 1];
  report.logEndOffset = Math.max(last.nextOffset, last.baseOffset);
  const start = segments[0].baseOffset;
  const recoveryPoint = cleanShutdown ? report.logEndOffset : Math.min(Math.max(rp, start), report.logEndOffset);
  return { segments, report, recoveryPoint };
}
