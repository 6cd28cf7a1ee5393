// The invariant monitor: watches the trace as it is written and adds an InvariantViolated event the moment
// a committed record is lost (a leader starts with a log shorter than the highest high watermark the
// partition ever had) or two live brokers lead the same partition in the same leader epoch.
import type { SimEvent } from '../../scenario/types';
import type { Cluster } from './Cluster';

export class InvariantMonitor {
  /** highest HW any leader of the partition has reached: everything below it was committed */
  private committed = new Map<string, number>();
  /** every violation so far, for the state dump */
  readonly violations: Record<string, unknown>[] = [];

  constructor(private c: Cluster) {}

  observe(e: SimEvent): void {
    if (e.type === 'HighWatermarkAdvanced') {
      const key = `${e.topic}-${e.partition}`;
      const b = this.c.brokers.get(e.broker as number);
      const p = b?.replicaManager.getPartition(e.topic as string, e.partition as number);
      if (p?.isLeader && (e.hw as number) > (this.committed.get(key) ?? 0)) this.committed.set(key, e.hw as number);
    } else if (e.type === 'BecameLeader') {
      const key = `${e.topic}-${e.partition}`;
      const committed = this.committed.get(key) ?? 0;
      const leo = e.leo as number;
      if (leo < committed) this.violate('CommittedRecordsLost', { topic: e.topic, partition: e.partition, broker: e.broker, from: leo, to: committed });
      for (const other of this.c.brokers.values()) {
        if (other.id === e.broker || !other.isUp) continue;
        const p = other.replicaManager.getPartition(e.topic as string, e.partition as number);
        if (p?.isLeader && p.leaderEpoch === e.leaderEpoch) this.violate('TwoLeadersSameEpoch', { topic: e.topic, partition: e.partition, brokers: [other.id, e.broker], leaderEpoch: e.leaderEpoch });
      }
    }
  }

  private violate(kind: string, fields: Record<string, unknown>): void {
    this.violations.push({ kind, ...fields, time: this.c.ctx.scheduler.now });
    this.c.ctx.emit('InvariantViolated', { kind, ...fields });
  }
}
