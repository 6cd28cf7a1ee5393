import type { UnifiedLog } from './UnifiedLog';
export function cleanLog(_log: UnifiedLog, _nowMs: number): { cleaned: boolean; removedRecords: number } {
  return { cleaned: false, removedRecords: 0 };
}
