// Fetch and ListOffsets on the wire (KafkaApis.handleFetchRequest → ReplicaManager.fetchMessages with replicaId -1:
// reads stop at the high watermark; handleListOffsetRequest → Partition.fetchOffsetForTimestamp). Fetch sessions
// (KIP-227) are never created: every fetch is a full one and the response's session id is 0.
import { errorCode } from '../protocol/errors';
import type { Message } from '../codec/schema';
import type { FetchPartitionResponse } from '../../engine/broker/requests';
import { call } from '../../engine/sim/call';
import type { ResponseOf } from '../../engine/apis';
import type { Respond, Translation } from './context';

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

const EMPTY = new Uint8Array(0);

export const fetch: Translation = (ctx, req, respond) => {
  const sessionId = req.sessionId as number;
  const epoch = req.sessionEpoch as number;
  const topics = req.topics as { topic: string; partitions: FetchPartition[] }[];
  const wanted = topics.flatMap((t) => t.partitions.map((p) => ({ topic: t.topic, p })));
  // an incremental fetch of a session the broker never created: refused after the round trip, nothing read
  const noSession = sessionId !== 0 || (epoch !== 0 && epoch !== -1);
  const partitions = noSession
    ? []
    : wanted.map((w) => ({ topic: w.topic, partition: w.p.partition, fetchOffset: w.p.fetchOffset, currentLeaderEpoch: w.p.currentLeaderEpoch }));
  // isolation_level 1 (v4+): read_committed, reads stop at the last stable offset and aborted transactions are listed
  const isolation = (req.isolationLevel as number) === 1 ? { isolationLevel: 'read_committed' as const } : {};
  ctx.send(
    'Fetch',
    { replicaId: -1, maxWaitMs: noSession ? 0 : (req.maxWaitMs as number), minBytes: req.minBytes as number, isolation: 'consumer', partitions, ...isolation },
    call(null, fetchAnswer, respond, noSession, wanted, req.maxBytes as number),
  );
};

function fetchAnswer(
  respond: Respond,
  noSession: boolean,
  wanted: { topic: string; p: FetchPartition }[],
  maxBytes: number,
  got: FetchPartitionResponse[],
): void {
  if (noSession) return respond({ throttleTimeMs: 0, errorCode: errorCode('FETCH_SESSION_ID_NOT_FOUND'), sessionId: 0, responses: [] });
  const byTp = new Map(got.map((r) => [`${r.topic}-${r.partition}`, r]));
  let budget = maxBytes;
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
      // the engine reports the last stable offset (and aborted transactions) to a read_committed fetch; to another one
      // the high watermark stands for it
      lastStableOffset: r && !r.error ? (r.lastStableOffset ?? hw) : -1,
      logStartOffset: r && !r.error ? r.logStartOffset : -1,
      abortedTransactions:
        r && !r.error && r.abortedTransactions ? r.abortedTransactions.map((a) => ({ producerId: a.producerId, firstOffset: a.firstOffset })) : null,
      preferredReadReplica: -1,
      // empty, never null: Kafka answers MemoryRecords.EMPTY (librdkafka refuses a size of -1)
      records: recs ?? EMPTY,
    });
    out.set(w.topic, list);
  }
  respond({ throttleTimeMs: 0, errorCode: 0, sessionId: 0, responses: [...out].map(([topic, partitions]) => ({ topic, partitions })) });
}

export const listOffsets: Translation = (ctx, req, respond) => {
  const topics = req.topics as ListOffsetsTopic[];
  const partitions = topics.flatMap((t) =>
    t.partitions.map((q) => ({ topic: t.name, partition: q.partitionIndex, timestamp: q.timestamp, currentLeaderEpoch: q.currentLeaderEpoch })),
  );
  // v2+ isolation_level 1: read_committed, the latest offset is the last stable offset
  const isolation = ctx.version >= 2 && (req.isolationLevel as number) === 1 ? { isolationLevel: 'read_committed' as const } : {};
  ctx.send('ListOffsets', { replicaId: req.replicaId as number, partitions, ...isolation }, call(null, listOffsetsAnswer, respond, topics));
};

type ListOffsetsTopic = { name: string; partitions: { partitionIndex: number; currentLeaderEpoch: number; timestamp: number }[] };

function listOffsetsAnswer(respond: Respond, topics: ListOffsetsTopic[], rs: ResponseOf<'ListOffsets'>): void {
  let i = 0;
  respond({
    throttleTimeMs: 0,
    topics: topics.map((t) => ({
      name: t.name,
      partitions: t.partitions.map((q) => {
        const r = rs[i++];
        return { partitionIndex: q.partitionIndex, errorCode: errorCode(r.error), timestamp: r.timestamp, offset: r.offset, leaderEpoch: r.leaderEpoch };
      }),
    })),
  });
}
