/**
 * The four consumer assignors of Kafka's Java client (`partition.assignment.strategy`), by the
 * name each returns from ConsumerPartitionAssignor.name().
 */
import { CooperativeStickyAssignor } from './cooperativeStickyAssignor';
import { RangeAssignor } from './rangeAssignor';
import { RoundRobinAssignor } from './roundRobinAssignor';
import { StickyAssignor } from './stickyAssignor';
import type { Assignor } from './types';

export const assignors: Record<Assignor['name'], Assignor> = {
  range: RangeAssignor,
  roundrobin: RoundRobinAssignor,
  sticky: StickyAssignor,
  'cooperative-sticky': CooperativeStickyAssignor,
};

export type { Assignment, Assignor, AssignorName, MemberSubscription, RebalanceProtocol, TopicPartition } from './types';
export { cooperativeRevocations } from './cooperativeStickyAssignor';
export { RangeAssignor, RoundRobinAssignor, StickyAssignor, CooperativeStickyAssignor };
