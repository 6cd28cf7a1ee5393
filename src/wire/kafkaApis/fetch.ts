// Fetch and ListOffsets from a consumer (KafkaApis.handleFetchRequest -> ReplicaManager.fetchMessages with
// replicaId -1: reads stop at the high watermark; handleListOffsetRequest -> Partition.fetchOffsetForTimestamp).
// Fetch sessions (KIP-227) are never created: every fetch is a full one and the response's session id is 0.
import { errorCode } from '../protocol/errors';
import type { Message } from '../codec/schema';
import type { FetchPartitionResponse } from '../../engine/broker/requests';
import { knowsPartition, type Handler } from './context';

interface FetchPartition {
  partition: number;
  currentLeaderEpoch: number;
  fetchOffset: number;
  partitionMaxBytes: number;
}

/** Concatenated batches, at most `max` bytes, but always the first batch (KIP-74: a fetch makes progress). */
function records(r: FetchPartitionResponse, max: number, first: boolean): Uint8Array | null {
  if (!r.batches.length) return null;
  const keep = [];
  let size = 0;
  for (const b of r.batches) {
    if (size + b.bytes.length > max && !(first && keep.length === 0)) break;
    keep.push(b.bytes);
    size += b.bytes.length;
  }
  const out = new Uint8Array(size);
  let p = 0;
  for (const b of keep) {
    out.set(b, p);
    p += b.length;
  }
  return out;
}

export const fetch: Handler = (ctx, req, respond) => {
  const b = ctx.broker;
  const sessionId = req.sessionId as number;
  const epoch = req.sessionEpoch as number;
  if (sessionId !== 0 || (epoch !== 0 && epoch !== -1))
    return respond({ throttleTimeMs: 0, errorCode: errorCode('FETCH_SESSION_ID_NOT_FOUND'), sessionId: 0, responses: [] });
  const topics = req.topics as { topic: string; partitions: FetchPartition[] }[];
  const wanted: { topic: string; p: FetchPartition }[] = [];
  const unknown = new Set<string>();
  for (const t of topics) for (const p of t.partitions) {
    wanted.push({ topic: t.topic, p });
    if (!knowsPartition(b, t.topic, p.partition)) unknown.add(`${t.topic}-${p.partition}`);
  }
  const known = wanted.filter((w) => !unknown.has(`${w.topic}-${w.p.partition}`));
  const answer = (got: FetchPartitionResponse[]) => {
    const byTp = new Map(got.map((r) => [`${r.topic}-${r.partition}`, r]));
    let budget = req.maxBytes as number;
    let firstWithData = true;
    const out = new Map<string, Message[]>();
    for (const w of wanted) {
      const r = byTp.get(`${w.topic}-${w.p.partition}`);
      const error = r ? r.error : 'UNKNOWN_TOPIC_OR_PARTITION';
      let recs: Uint8Array | null = null;
      if (r && !r.error && budget > 0) {
        recs = records(r, Math.min(w.p.partitionMaxBytes, budget), firstWithData);
        if (recs) {
          budget -= recs.length;
          firstWithData = false;
        }
      }
      const hw = r && !r.error ? r.highWatermark : -1;
      const list = out.get(w.topic) ?? [];
      list.push({
        partitionIndex: w.p.partition,
        errorCode: errorCode(error),
        highWatermark: hw,
        // no transactions: the last stable offset is the high watermark
        lastStableOffset: hw,
        logStartOffset: r && !r.error ? r.logStartOffset : -1,
        abortedTransactions: null,
        preferredReadReplica: -1,
        // empty, never null: Kafka answers MemoryRecords.EMPTY (librdkafka refuses a size of -1)
        records: recs ?? EMPTY,
      });
      out.set(w.topic, list);
    }
    respond({ throttleTimeMs: 0, errorCode: 0, sessionId: 0, responses: [...out].map(([topic, partitions]) => ({ topic, partitions })) });
  };
  if (!known.length) return answer([]);
  b.replicaManager.fetchMessages({
    replicaId: -1,
    maxWaitMs: req.maxWaitMs as number,
    isolation: 'consumer',
    partitions: known.map((w) => ({ topic: w.topic, partition: w.p.partition, fetchOffset: w.p.fetchOffset, currentLeaderEpoch: w.p.currentLeaderEpoch })),
  }, answer);
};

const EMPTY = new Uint8Array(0);
const LATEST = -1;
const EARLIEST = -2;

export const listOffsets: Handler = (ctx, req, respond) => {
  const b = ctx.broker;
  const topics = req.topics as { name: string; partitions: { partitionIndex: number; currentLeaderEpoch: number; timestamp: number }[] }[];
  const fromConsumer = (req.replicaId as number) < 0;
  respond({
    throttleTimeMs: 0,
    topics: topics.map((t) => ({
      name: t.name,
      partitions: t.partitions.map((q) => {
        const res = (error: string | null, offset = -1, timestamp = -1, leaderEpoch = -1): Message => ({
          partitionIndex: q.partitionIndex, errorCode: errorCode(error), timestamp, offset, leaderEpoch,
        });
        if (!knowsPartition(b, t.name, q.partitionIndex)) return res('UNKNOWN_TOPIC_OR_PARTITION');
        const p = b.replicaManager.getPartition(t.name, q.partitionIndex);
        if (!p || !p.isLeader) return res('NOT_LEADER_OR_FOLLOWER');
        if (q.currentLeaderEpoch >= 0 && q.currentLeaderEpoch !== p.leaderEpoch) return res(q.currentLeaderEpoch < p.leaderEpoch ? 'FENCED_LEADER_EPOCH' : 'UNKNOWN_LEADER_EPOCH');
        const log = p.log;
        if (q.timestamp === LATEST) return res(null, fromConsumer ? log.highWatermark : log.logEndOffset, -1, p.leaderEpoch);
        if (q.timestamp === EARLIEST) return res(null, log.logStartOffset, -1, epochAt(log, log.logStartOffset));
        const found = log.lookupByTimestamp(q.timestamp);
        // a consumer only sees offsets below the high watermark
        if (found.offset === null || (fromConsumer && found.offset >= log.highWatermark)) return res(null, -1, -1, -1);
        const rec = log.readRecords(found.offset, 1, found.offset + 1).find((r) => r.offset === found.offset);
        return res(null, found.offset, rec?.timestamp ?? q.timestamp, epochAt(log, found.offset));
      }),
    })),
  });
};

/** The leader epoch that wrote `offset`: the last epoch-cache entry starting at or before it. */
function epochAt(log: { epochEntries(): { epoch: number; startOffset: number }[] }, offset: number): number {
  let epoch = -1;
  for (const e of log.epochEntries()) if (e.startOffset <= offset) epoch = e.epoch;
  return epoch;
}
