// Produce and InitProducerId (KafkaApis.handleProduceRequest -> ReplicaManager.appendRecords;
// handleInitProducerIdRequest). A partition's records arrive as one RecordBatch v2, validated as Kafka's
// LogValidator does and appended as those very bytes; acks=all waits in the engine's DelayedProduce.
import { decodeRecordBatch, CorruptRecordError, CODECS, COMPRESSION_CODEC_MASK, readBatchHeader, TRANSACTIONAL_MASK } from '../../storage/format/recordBatch';
import type { ProducePartitionData } from '../../engine/broker/requests';
import { errorCode } from '../protocol/errors';
import type { Message } from '../codec/schema';
import { knowsPartition, type Handler } from './context';

interface PartitionData {
  index: number;
  records: Uint8Array | null;
}

type Checked = { data: ProducePartitionData; producerId: number; producerEpoch: number } | { error: string; message: string };

/**
 * LogValidator for a client's batch: exactly one batch per partition (magic 2, Produce v3+), a valid CRC and
 * records, offset deltas 0..n-1. Codecs the simulator cannot decompress are refused (a simplification).
 */
export function checkBatch(topic: string, partition: number, bytes: Uint8Array | null): Checked {
  if (!bytes || bytes.length === 0) return { error: 'INVALID_RECORD', message: 'Produce request has no record batch' };
  let batch;
  try {
    batch = decodeRecordBatch(bytes, 0, bytes.length, true);
  } catch (e) {
    const codec = bytes.length > 22 ? CODECS[readBatchHeader(bytes, 0).attributes & COMPRESSION_CODEC_MASK] : undefined;
    if (codec && codec !== 'none' && codec !== 'gzip') return { error: 'UNSUPPORTED_COMPRESSION_TYPE', message: `compression ${codec} is not supported by the simulator (use none or gzip)` };
    if (e instanceof CorruptRecordError) return { error: e.message.startsWith('magic') ? 'INVALID_RECORD' : 'CORRUPT_MESSAGE', message: e.message };
    return { error: 'CORRUPT_MESSAGE', message: String(e) };
  }
  if (batch.sizeInBytes !== bytes.length) return { error: 'INVALID_RECORD', message: 'Produce requests with version 3+ must contain exactly one record batch per partition' };
  if (batch.header.attributes & TRANSACTIONAL_MASK) return { error: 'INVALID_RECORD', message: 'transactional batches are not modelled by the simulator' };
  if (batch.control) return { error: 'INVALID_RECORD', message: 'a client may not send control batches' };
  if (batch.records.length === 0 || batch.header.lastOffsetDelta !== batch.records.length - 1 || batch.records.some((r, i) => r.offsetDelta !== i))
    return { error: 'INVALID_RECORD', message: 'offset deltas of the batch are not 0..n-1' };
  const h = batch.header;
  return {
    data: { topic, partition, records: batch.records, baseSequence: h.baseSequence, batch: bytes },
    producerId: h.producerId,
    producerEpoch: h.producerEpoch,
  };
}

export const produce: Handler = (ctx, req, respond) => {
  const acks = req.acks as number;
  const b = ctx.broker;
  const results = new Map<string, Message>();
  const order: { topic: string; partition: number }[] = [];
  const byProducer = new Map<string, { producerId: number; producerEpoch: number; parts: ProducePartitionData[] }>();
  const key = (t: string, p: number) => `${t}\u0000${p}`;
  for (const t of req.topicData as { name: string; partitionData: PartitionData[] }[]) {
    for (const pd of t.partitionData) {
      order.push({ topic: t.name, partition: pd.index });
      const fail = (error: string, message: string | null = null) => results.set(key(t.name, pd.index), { index: pd.index, errorCode: errorCode(error), baseOffset: -1, logAppendTimeMs: -1, logStartOffset: -1, recordErrors: [], errorMessage: message });
      if (acks !== 0 && acks !== 1 && acks !== -1) { fail('INVALID_REQUIRED_ACKS'); continue; }
      if (req.transactionalId !== null) { fail('INVALID_REQUEST', 'transactions are not modelled by the simulator'); continue; }
      if (!knowsPartition(b, t.name, pd.index)) { fail('UNKNOWN_TOPIC_OR_PARTITION'); continue; }
      const c = checkBatch(t.name, pd.index, pd.records);
      if ('error' in c) { fail(c.error, c.message); continue; }
      const k = `${c.producerId}/${c.producerEpoch}`;
      const group = byProducer.get(k) ?? { producerId: c.producerId, producerEpoch: c.producerEpoch, parts: [] };
      group.parts.push(c.data);
      byProducer.set(k, group);
    }
  }
  // acks=0: no response; an error closes the connection so the client refreshes its metadata (KafkaApis)
  if (acks === 0) {
    const notLeader = [...byProducer.values()].some((g) => g.parts.some((d) => !b.replicaManager.getPartition(d.topic, d.partition)?.isLeader));
    for (const g of byProducer.values()) b.replicaManager.appendRecords({ acks: 0, timeoutMs: req.timeoutMs as number, producerId: g.producerId, producerEpoch: g.producerEpoch, partitions: g.parts }, () => undefined);
    if (results.size || notLeader) return respond(null, 'acks=0 produce failed for a partition: closing the connection so the client refreshes metadata');
    return respond(null);
  }
  let pending = byProducer.size;
  const answer = () => {
    const topics = new Map<string, Message[]>();
    for (const { topic, partition } of order) {
      const list = topics.get(topic) ?? [];
      list.push(results.get(key(topic, partition))!);
      topics.set(topic, list);
    }
    respond({ responses: [...topics].map(([name, partitionResponses]) => ({ name, partitionResponses })), throttleTimeMs: 0 });
  };
  if (pending === 0) return answer();
  // a request carries one producer's batches; grouping keeps the engine's one-producer-per-append shape
  for (const g of byProducer.values()) {
    b.replicaManager.appendRecords({ acks: acks as 1 | -1, timeoutMs: req.timeoutMs as number, producerId: g.producerId, producerEpoch: g.producerEpoch, partitions: g.parts }, (rs) => {
      for (const r of rs) {
        const p = b.replicaManager.getPartition(r.topic, r.partition);
        results.set(key(r.topic, r.partition), { index: r.partition, errorCode: errorCode(r.error), baseOffset: r.error ? -1 : r.baseOffset, logAppendTimeMs: -1, logStartOffset: p ? p.log.logStartOffset : -1, recordErrors: [], errorMessage: null });
      }
      if (--pending === 0) answer();
    });
  }
};

/**
 * InitProducerId without a transactional id: a new producer id at epoch 0, whatever id and epoch the client
 * sends (TransactionCoordinator.handleInitProducerId with no transactional id generates a fresh one).
 */
export const initProducerId: Handler = (ctx, req, respond) => {
  if (req.transactionalId !== null) return respond({ throttleTimeMs: 0, errorCode: errorCode('COORDINATOR_NOT_AVAILABLE'), producerId: -1, producerEpoch: -1 });
  const producerId = ctx.cluster.allocateProducerId();
  ctx.cluster.ctx.emit('ProducerIdAssigned', { producer: ctx.clientId, producerId, producerEpoch: 0 });
  respond({ throttleTimeMs: 0, errorCode: 0, producerId, producerEpoch: 0 });
};
