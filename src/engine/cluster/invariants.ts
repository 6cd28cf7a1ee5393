// The invariant monitor: watches the trace as it is written and adds an InvariantViolated event the moment
// a committed record is lost (a leader starts with a log shorter than the highest high watermark the
// partition ever had) or two live brokers lead the same partition in the same leader epoch.
import type { EventMap, EventOf } from '../events';
import type { InvariantViolation } from '../stateDump';
import type { Cluster } from './Cluster';
import { tpKey } from '../broker/requests';

export class InvariantMonitor {
  /** highest HW any leader of the partition has reached: everything below it was committed */
  private committed = new Map<string, number>();
  /** every violation so far, for the state dump */
  readonly violations: InvariantViolation[] = [];

  constructor(private c: Cluster) {}

  observe(e: EventOf<'HighWatermarkAdvanced'> | EventOf<'BecameLeader'>): void {
    const key = tpKey(e.topic, e.partition);
    if (e.type === 'HighWatermarkAdvanced') {
      const b = this.c.brokers.get(e.broker);
      const p = b?.replicaManager.getPartition(e.topic, e.partition);
      if (p?.isLeader && e.hw > (this.committed.get(key) ?? 0)) this.committed.set(key, e.hw);
    } else {
      const committed = this.committed.get(key) ?? 0;
      if (e.leo < committed) this.violate('CommittedRecordsLost', { topic: e.topic, partition: e.partition, broker: e.broker, from: e.leo, to: committed });
      for (const other of this.c.brokers.values()) {
        if (other.id === e.broker || !other.isUp) continue;
        const p = other.replicaManager.getPartition(e.topic, e.partition);
        if (p?.isLeader && p.leaderEpoch === e.leaderEpoch)
          this.violate('TwoLeadersSameEpoch', { topic: e.topic, partition: e.partition, brokers: [other.id, e.broker], leaderEpoch: e.leaderEpoch });
      }
    }
  }

  /** A deleted topic's records are gone by design; a topic created later under its name starts anew. */
  forgetTopic(topic: string): void {
    for (const key of [...this.committed.keys()]) if (key.slice(0, key.lastIndexOf('-')) === topic) this.committed.delete(key);
  }

  private violate(kind: string, fields: Omit<EventMap['InvariantViolated'], 'kind'>): void {
    this.violations.push({ kind, ...fields, time: this.c.ctx.scheduler.now });
    this.c.ctx.emit('InvariantViolated', { kind, ...fields });
  }
}
