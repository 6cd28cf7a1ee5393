// The __consumer_offsets topic: created on the first group request (AutoTopicCreationManager), written
// through the ordinary produce path with acks=all (GroupMetadataManager.appendForGroup), and replayed
// when a broker becomes the leader of one of its partitions (GroupMetadataManager.loadGroupsAndOffsets).
import type { Broker } from '../broker/Broker';
import type { Partition } from '../broker/Partition';
import type { SimpleRecord } from '../../storage/log/types';
import type { ProducePartitionResponse } from '../broker/requests';
import { call, type Call } from '../sim/call';
import { decodeOffsetCommitValue, decodeOffsetsTopicKey, encodeOffsetCommitKey, encodeOffsetCommitValue, NO_LEADER_EPOCH } from './rules';
import { OFFSETS_TOPIC } from './protocol';
import type { CommittedOffset } from './GroupMetadata';
import { decodeGroupMetadataValue, encodeGroupMetadataValue, type GroupMetadataValue } from './groupMetadataRecord';
import { encodeGroupMetadataKey } from './rules';

/** __consumer_offsets' topic config (Kafka sets cleanup.policy=compact for it). */
export const OFFSETS_TOPIC_CONFIG = { 'cleanup.policy': 'compact' } as const;

/** offsets.commit.timeout.ms (Kafka's default 5000): how long an offset append may wait for acks=all. */
export const OFFSETS_COMMIT_TIMEOUT_MS = 5000;

export interface CommitEntry {
  topic: string;
  partition: number;
  offset: number;
  leaderEpoch: number;
}

/** An OffsetCommit record: key (group, topic, partition), value version 3. */
export function offsetCommitRecord(group: string, e: CommitEntry, now: number): SimpleRecord {
  return {
    key: encodeOffsetCommitKey({ group, topic: e.topic, partition: e.partition }),
    value: encodeOffsetCommitValue({ offset: e.offset, leaderEpoch: e.leaderEpoch ?? NO_LEADER_EPOCH, metadata: '', commitTimestamp: now }),
    timestamp: now,
  };
}

/** GroupMetadataManager.storeGroup's record: key (group), value GroupMetadataValue. */
export function groupMetadataRecord(group: string, v: GroupMetadataValue, now: number): SimpleRecord {
  return { key: encodeGroupMetadataKey({ group }), value: encodeGroupMetadataValue(v), timestamp: now };
}

/**
 * GroupMetadataManager.storeOffsets -> appendForGroup: an acks=all append to the leader of the
 * group's __consumer_offsets partition; errors mapped as Kafka maps them for the client.
 */
export function appendOffsets(broker: Broker, partition: number, records: SimpleRecord[], done: Call<[error: string | null]>): void {
  broker.replicaManager.appendRecords(
    {
      acks: -1,
      timeoutMs: OFFSETS_COMMIT_TIMEOUT_MS,
      producerId: -1,
      producerEpoch: -1,
      partitions: [{ topic: OFFSETS_TOPIC, partition, records, baseSequence: -1 }],
    },
    call(null, appended, done),
  );
}

function appended(done: Call<[error: string | null]>, res: ProducePartitionResponse[]): void {
  done(mapAppendError(res[0]?.error ?? null));
}

function mapAppendError(e: string | null): string | null {
  if (e === null) return null;
  if (['UNKNOWN_TOPIC_OR_PARTITION', 'NOT_ENOUGH_REPLICAS', 'NOT_ENOUGH_REPLICAS_AFTER_APPEND', 'REQUEST_TIMED_OUT'].includes(e))
    return 'COORDINATOR_NOT_AVAILABLE';
  if (e === 'NOT_LEADER_OR_FOLLOWER') return 'NOT_COORDINATOR';
  return 'UNKNOWN_SERVER_ERROR';
}

export interface LoadedGroup {
  offsets: Map<string, CommittedOffset>;
  /** the last group metadata record (null after a tombstone, undefined when there was none) */
  metadata: GroupMetadataValue | null | undefined;
}

/**
 * Replays a __consumer_offsets partition from its log start to its log end: the last record per key
 * wins, a tombstone (null value) deletes.
 */
export function replayOffsets(p: Partition): { groups: Map<string, LoadedGroup>; records: number } {
  const groups = new Map<string, LoadedGroup>();
  const log = p.log;
  if (log.logEndOffset <= log.logStartOffset) return { groups, records: 0 };
  const records = log.readRecords(log.logStartOffset, Number.MAX_SAFE_INTEGER, log.logEndOffset);
  for (const r of records) {
    if (!r.key) continue;
    const key = decodeOffsetsTopicKey(r.key);
    const g = groups.get(key.group) ?? { offsets: new Map<string, CommittedOffset>(), metadata: undefined };
    groups.set(key.group, g);
    if (key.type === 'groupMetadata') {
      g.metadata = r.value === null ? null : decodeGroupMetadataValue(r.value);
      continue;
    }
    const tp = `${key.topic}-${key.partition}`;
    if (r.value === null) g.offsets.delete(tp);
    else {
      const v = decodeOffsetCommitValue(r.value);
      g.offsets.set(tp, { offset: v.offset, leaderEpoch: v.leaderEpoch, commitTimestamp: v.commitTimestamp });
    }
  }
  return { groups, records: records.length };
}
