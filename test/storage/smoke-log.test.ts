import { describe, it, expect } from 'vitest';
import { SimDisk } from '../../src/storage/disk/SimDisk';
import { UnifiedLog } from '../../src/storage/log/UnifiedLog';
import { config, rec, NO_PRODUCER, td } from './helpers';

describe('UnifiedLog smoke', () => {
  it('appends, reads, rolls, truncates', () => {
    const disk = new SimDisk();
    const log = UnifiedLog.create('orders-0', config({ segmentBytes: 700, indexIntervalBytes: 100 }), disk, 0);
    const info = log.appendAsLeader([rec('k', 'v')], 0, NO_PRODUCER, 0);
    expect(info).toEqual({ firstOffset: 0, lastOffset: 0, batchSizeBytes: 70, rolled: false });
    for (let i = 1; i < 30; i++) log.appendAsLeader([rec('k', 'v' + i, 1000 + i)], i < 15 ? 0 : 1, NO_PRODUCER, i);
    expect(log.logEndOffset).toBe(30);
    console.log(log.segmentsInfo(), disk.list());
    const b = log.read(12, 1);
    expect(b[0].baseOffset).toBe(12);
    expect(log.readRecords(12, 3, 30).map((r) => td.decode(r.value!))).toEqual(['v12', 'v13', 'v14']);
    console.log(JSON.stringify(log.lookup(25)));
    expect(log.endOffsetForEpoch(0)).toEqual({ epoch: 0, endOffset: 15 });
    log.truncateTo(20);
    expect(log.logEndOffset).toBe(20);
    const other = UnifiedLog.create('orders-1', config(), disk, 0);
    other.appendAsFollower(log.read(0, 1e9), 0);
    expect(other.logEndOffset).toBe(20);
    expect(other.endOffsetForEpoch(0)).toEqual({ epoch: 0, endOffset: 15 });
  });
});
