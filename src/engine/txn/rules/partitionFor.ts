/**
 * Which broker coordinates a transactional id: the leader of partition
 * `Utils.abs(transactionalId.hashCode) % transactionTopicPartitionCount` of `__transaction_state`
 * (TransactionStateManager.partitionFor; `transaction.state.log.num.partitions`, default 50). The same rule as a
 * group's `__consumer_offsets` partition, with the same Java String.hashCode.
 */
import { javaStringHashCode, kafkaUtilsAbs } from '../../group/rules/coordinator';

export const TRANSACTION_STATE_TOPIC_NAME = '__transaction_state';
/** TransactionLogConfig.TRANSACTIONS_TOPIC_PARTITIONS_DEFAULT */
export const TRANSACTION_STATE_NUM_PARTITIONS_DEFAULT = 50;
/** TransactionLogConfig.TRANSACTIONS_TOPIC_REPLICATION_FACTOR_DEFAULT and TRANSACTIONS_TOPIC_MIN_ISR_DEFAULT */
export const TRANSACTION_STATE_REPLICATION_FACTOR_DEFAULT = 3;
export const TRANSACTION_STATE_MIN_ISR_DEFAULT = 2;

export function transactionStatePartition(transactionalId: string, partitionCount = TRANSACTION_STATE_NUM_PARTITIONS_DEFAULT): number {
  if (!Number.isInteger(partitionCount) || partitionCount <= 0) {
    throw new Error(`transaction.state.log.num.partitions must be a positive integer, got ${partitionCount}`);
  }
  return kafkaUtilsAbs(javaStringHashCode(transactionalId)) % partitionCount;
}
