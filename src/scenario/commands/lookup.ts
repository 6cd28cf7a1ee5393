// lookup: find an offset in a replica's segments (segment by base offset, then the sparse index, then a scan of
// the .log); the trace goes to the dump's `lookups`.
import type { LookupDump } from '../../engine/stateDump';
import { LIMITS } from '../limits';
import { command, f } from './spec';

export default command({
  name: 'lookup',
  required: { topic: f.topic, partition: f.int(0, LIMITS.partitions - 1), offset: f.int(0, Number.MAX_SAFE_INTEGER) },
  optional: { broker: f.broker },
  doc: "find an offset in a replica's segments: segment by base offset, then the sparse index, then a scan of the .log",
  execute(run, step, i) {
    const c = run.cluster;
    const { topic, partition, offset } = step;
    const leader = c.activeController()?.states.get(`${topic}-${partition}`)?.leader ?? null;
    const brokerId = step.broker ?? leader;
    const p = brokerId === null ? undefined : c.brokers.get(brokerId)?.replicaManager.getPartition(topic, partition);
    if (brokerId === null || !p) {
      const entry: LookupDump = {
        topic,
        partition,
        offset,
        broker: brokerId,
        segment: null,
        indexEntry: null,
        scannedBytes: 0,
        position: null,
        error: brokerId === null ? 'LEADER_NOT_AVAILABLE' : 'REPLICA_NOT_AVAILABLE',
      };
      run.lookups.push(entry);
      c.ctx.emit('Lookup', { ...entry, indexEntry: null, index: i });
      return;
    }
    const t = p.log.lookup(offset);
    run.lookups.push({
      topic,
      partition,
      offset,
      broker: brokerId,
      segment: t.segment,
      indexEntry: t.indexEntry,
      scannedBytes: t.scannedBytes,
      position: t.position,
      error: t.error,
      segmentsProbed: t.segmentsProbed,
      indexProbed: t.indexProbed,
      scanned: t.scanned,
    });
    c.ctx.emit('Lookup', { broker: brokerId, topic, partition, offset, segment: t.segment, position: t.position, error: t.error });
  },
});
