// What a consumer needs from its group membership, whichever way the group is kept: the group
// coordinator protocol (ConsumerCoordinator) or the article's ZooKeeper model (ZkConsumerCoordinator).
import type { TopicPartition } from './rules';
import type { Call } from '../sim/call';

export type MemberState = 'unjoined' | 'joining' | 'syncing' | 'stable' | 'left';

export interface Membership {
  state: MemberState;
  memberId: string;
  generation: number;
  /** the coordinator broker (null in the ZooKeeper model, which has none) */
  coordinatorId: number | null;
  owned: TopicPartition[];
  /** rebalances completed by this member */
  joinCount: number;
  fatalError: string | null;
  readonly rebalancing: boolean;
  joinGroup(): void;
  requestRejoin(reason: string): void;
  ensureActiveGroup(): void;
  checkMetadata(): void;
  commitOffsets(offsets: { topic: string; partition: number; offset: number }[], done: Call<[error: string | null]>, deadline: number): void;
  fetchCommitted(partitions: TopicPartition[], done: Call<[offsets: Map<TopicPartition, number> | null, error: string | null]>, deadline: number): void;
  leaveGroup(done: Call): void;
}
