// The invariants of the TLA+ specification of Kafka's replication (hachikuji/kafka-specification:
// KafkaReplication.tla's LeaderInIsr, WeakIsr and StrongIsr, AsyncIsr.tla's ValidHighWatermark), and "replicas agree
// below the high watermark", checked over a read-only view of the cluster. The checker knows nothing of how
// faults are made and changes nothing: property tests (and anyone else) call it between steps.
import type { Cluster } from '../cluster/Cluster';

export interface ReplicaView {
  broker: number;
  /** the replica believes it leads (ReplicaPresumesLeadership) */
  presumesLeadership: boolean;
  leaderEpoch: number;
  /** the ISR as this replica last heard it */
  isr: number[];
  hw: number;
  logStartOffset: number;
  logEndOffset: number;
  /** a record's identity at an offset (its leader epoch and bytes), or null where the log has none */
  recordAt(offset: number): string | null;
}

export interface PartitionView {
  topic: string;
  partition: number;
  /** the controller's state (ZooKeeper's znode or the metadata log): quorumState in the specification */
  quorum: { leader: number | null; leaderEpoch: number; isr: number[] };
  /** the replicas of live broker processes */
  replicas: ReplicaView[];
}

export interface Violation {
  invariant: 'LeaderInIsr' | 'WeakIsr' | 'StrongIsr' | 'ValidHighWatermark' | 'ReplicasAgreeBelowHw';
  topic: string;
  partition: number;
  detail: string;
}

/** The first offset below `end` where two replicas hold different records (or one has none), or null. */
function firstDifference(a: ReplicaView, b: ReplicaView, from: number, end: number): number | null {
  for (let o = from; o < end; o++) if (a.recordAt(o) !== b.recordAt(o)) return o;
  return null;
}

/** LeaderInIsr, WeakIsr, StrongIsr and ValidHighWatermark for one partition. */
export function checkReplication(p: PartitionView): Violation[] {
  const out: Violation[] = [];
  const v = (invariant: Violation['invariant'], detail: string) => out.push({ invariant, topic: p.topic, partition: p.partition, detail });
  const byBroker = new Map(p.replicas.map((r) => [r.broker, r]));
  // LeaderInIsr == quorumState.leader \in quorumState.isr (Kafka never empties the ISR; an offline partition has no leader)
  if (p.quorum.leader !== null && !p.quorum.isr.includes(p.quorum.leader))
    v('LeaderInIsr', `leader ${p.quorum.leader} not in ISR ${JSON.stringify(p.quorum.isr)}`);
  for (const r1 of p.replicas) {
    if (!r1.presumesLeadership) continue;
    // WeakIsr: the members of the ISR this leader believes in hold its records below its HW
    for (const b of r1.isr) {
      const r2 = byBroker.get(b);
      if (!r2 || r2 === r1) continue;
      const o = firstDifference(r1, r2, Math.max(r1.logStartOffset, r2.logStartOffset), r1.hw);
      if (o !== null) v('WeakIsr', `broker ${b} differs from presumed leader ${r1.broker} at offset ${o} below its HW ${r1.hw}`);
    }
    // StrongIsr: so do the members of the true (controller's) ISR
    for (const b of p.quorum.isr) {
      const r2 = byBroker.get(b);
      if (!r2 || r2 === r1) continue;
      const o = firstDifference(r1, r2, Math.max(r1.logStartOffset, r2.logStartOffset), r1.hw);
      if (o !== null) v('StrongIsr', `broker ${b} of the ISR differs from presumed leader ${r1.broker} at offset ${o} below its HW ${r1.hw}`);
    }
  }
  // ValidHighWatermark: every member of the controller's ISR has reached the true leader's HW
  const leader = p.quorum.leader === null ? undefined : byBroker.get(p.quorum.leader);
  if (leader && leader.presumesLeadership && leader.leaderEpoch === p.quorum.leaderEpoch) {
    for (const b of p.quorum.isr) {
      const r = byBroker.get(b);
      if (r && r.logEndOffset < leader.hw) v('ValidHighWatermark', `broker ${b} of the ISR ends at ${r.logEndOffset}, below the HW ${leader.hw}`);
    }
  }
  return out;
}

/** After the cluster has settled: every live replica holds the true leader's records, as far as it goes below the HW. */
export function checkAgreementBelowHw(p: PartitionView): Violation[] {
  const leader = p.quorum.leader === null ? undefined : p.replicas.find((r) => r.broker === p.quorum.leader && r.presumesLeadership);
  if (!leader) return [{ invariant: 'ReplicasAgreeBelowHw', topic: p.topic, partition: p.partition, detail: 'no leader' }];
  const out: Violation[] = [];
  for (const r of p.replicas) {
    if (r === leader) continue;
    const o = firstDifference(leader, r, Math.max(leader.logStartOffset, r.logStartOffset), Math.min(leader.hw, r.logEndOffset));
    if (o !== null)
      out.push({
        invariant: 'ReplicasAgreeBelowHw',
        topic: p.topic,
        partition: p.partition,
        detail: `broker ${r.broker} differs from leader ${leader.broker} at offset ${o} (HW ${leader.hw})`,
      });
  }
  return out;
}

/** A read-only view of every partition the controller knows, from the live brokers' replicas. */
export function viewPartitions(c: Cluster): PartitionView[] {
  const core = c.activeController();
  if (!core) return [];
  return core.allStates().map((s) => {
    const replicas: ReplicaView[] = [];
    for (const b of s.replicas) {
      const broker = c.brokers.get(b);
      const p = broker && broker.isUp ? broker.replicaManager.getPartition(s.topic, s.partition) : undefined;
      if (!p) continue;
      const log = p.log;
      let cache: Map<number, string> | null = null;
      replicas.push({
        broker: b,
        presumesLeadership: p.isLeader,
        leaderEpoch: p.leaderEpoch,
        isr: p.isr,
        hw: log.highWatermark,
        logStartOffset: log.logStartOffset,
        logEndOffset: log.logEndOffset,
        recordAt(offset) {
          if (!cache) {
            cache = new Map();
            if (log.logEndOffset > log.logStartOffset) {
              for (const batch of log.read(log.logStartOffset, Number.MAX_SAFE_INTEGER)) {
                for (let o = batch.baseOffset; o <= batch.lastOffset; o++)
                  cache.set(o, `${batch.partitionLeaderEpoch}:${batch.baseOffset}:${batch.bytes.length}:${checksum(batch.bytes)}`);
              }
            }
          }
          return cache.get(offset) ?? null;
        },
      });
    }
    return { topic: s.topic, partition: s.partition, quorum: { leader: s.leader, leaderEpoch: s.leaderEpoch, isr: s.isr }, replicas };
  });
}

/** The batch's CRC-32C field (bytes 17-20 of a RecordBatch v2): the record's identity with its offsets and epoch. */
function checksum(bytes: Uint8Array): number {
  return ((bytes[17] << 24) | (bytes[18] << 16) | (bytes[19] << 8) | bytes[20]) >>> 0;
}
