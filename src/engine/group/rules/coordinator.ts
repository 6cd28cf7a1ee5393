/**
 * Which broker coordinates a group: the leader of partition
 * `Utils.abs(groupId.hashCode) % groupMetadataTopicPartitionCount` of `__consumer_offsets`
 * (GroupMetadataManager.partitionFor / GroupCoordinatorService.partitionFor;
 * `offsets.topic.num.partitions`, default 50).
 */

/** Default of `offsets.topic.num.partitions`. */
export const OFFSETS_TOPIC_NUM_PARTITIONS_DEFAULT = 50;

/**
 * java.lang.String.hashCode(): s[0]*31^(n-1) + ... + s[n-1] over UTF-16 code units, in 32-bit
 * signed int arithmetic (overflow wraps).
 */
export function javaStringHashCode(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (Math.imul(h, 31) + s.charCodeAt(i)) | 0;
  return h;
}

/**
 * org.apache.kafka.common.utils.Utils.abs: `(n == Integer.MIN_VALUE) ? 0 : Math.abs(n)`.
 * (Plain Math.abs(Integer.MIN_VALUE) stays negative in Java; Kafka maps it to 0.)
 */
export function kafkaUtilsAbs(n: number): number {
  return n === -2147483648 ? 0 : Math.abs(n);
}

/** The __consumer_offsets partition whose leader is the group's coordinator. */
export function coordinatorPartition(groupId: string, offsetsTopicPartitions = OFFSETS_TOPIC_NUM_PARTITIONS_DEFAULT): number {
  if (!Number.isInteger(offsetsTopicPartitions) || offsetsTopicPartitions <= 0) {
    throw new Error(`offsets.topic.num.partitions must be a positive integer, got ${offsetsTopicPartitions}`);
  }
  return kafkaUtilsAbs(javaStringHashCode(groupId)) % offsetsTopicPartitions;
}
