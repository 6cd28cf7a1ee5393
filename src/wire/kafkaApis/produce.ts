// Produce and InitProducerId on the wire (KafkaApis.handleProduceRequest → ReplicaManager.appendRecords;
// handleInitProducerIdRequest). Each partition's RecordBatch goes to the engine as the client's bytes: the leader
// validates it (LogValidator) and appends those very bytes; acks=all waits in the engine's DelayedProduce.
import { errorCode } from '../protocol/errors';
import type { Message } from '../codec/schema';
import type { ProducePartitionData, ProducePartitionResponse } from '../../engine/broker/requests';
import { call } from '../../engine/sim/call';
import type { ResponseOf } from '../../engine/apis';
import type { Respond, Translation } from './context';
import { HEADER_SIZE, readBatchHeader, TRANSACTIONAL_MASK } from '../../storage/format/recordBatch';
import { olderClientError } from './txn';

interface PartitionData {
  index: number;
  records: Uint8Array | null;
}

const key = (t: string, p: number) => `${t}\u0000${p}`;

/** RequestUtils.hasTransactionalRecords: the first batch's transactional attribute. */
function isTransactional(records: Uint8Array | null): boolean {
  return records !== null && records.length >= HEADER_SIZE && (readBatchHeader(records, 0).attributes & TRANSACTIONAL_MASK) !== 0;
}

function partitionResponse(index: number, error: string | null, r?: ProducePartitionResponse, message: string | null = null): Message {
  return {
    index,
    errorCode: errorCode(error),
    baseOffset: error || !r ? -1 : r.baseOffset,
    logAppendTimeMs: -1,
    logStartOffset: r?.logStartOffset ?? -1,
    recordErrors: [],
    errorMessage: r?.message ?? message,
  };
}

export const produce: Translation = (ctx, req, respond) => {
  const acks = req.acks as number;
  const order: { topic: string; partition: number }[] = [];
  /** refusals decided here, before the engine: acks out of range, transactional records without a transactional id */
  const local = new Map<string, { error: string; message: string | null }>();
  const partitions: ProducePartitionData[] = [];
  const transactionalId = req.transactionalId as string | null;
  // KafkaApis.handleProduceRequest: transactional records need a transactional id the client may write for
  const unauthorized =
    transactionalId === null && (req.topicData as { partitionData: PartitionData[] }[]).some((t) => t.partitionData.some((pd) => isTransactional(pd.records)));
  for (const t of req.topicData as { name: string; partitionData: PartitionData[] }[]) {
    for (const pd of t.partitionData) {
      order.push({ topic: t.name, partition: pd.index });
      const k = key(t.name, pd.index);
      if (acks !== 0 && acks !== 1 && acks !== -1) local.set(k, { error: 'INVALID_REQUIRED_ACKS', message: null });
      else if (unauthorized) local.set(k, { error: 'TRANSACTIONAL_ID_AUTHORIZATION_FAILED', message: null });
      // the producer's id, epoch and sequence (and whether the batch is transactional) are read from the batch by the leader
      else partitions.push({ topic: t.name, partition: pd.index, records: [], baseSequence: -1, batch: pd.records ?? new Uint8Array(0) });
    }
  }
  const body = {
    acks: (acks === 0 || acks === 1 ? acks : -1) as 0 | 1 | -1,
    timeoutMs: req.timeoutMs as number,
    producerId: -1,
    producerEpoch: -1,
    partitions,
    ...(transactionalId !== null ? { transactionalId } : {}),
  };
  // acks=0: no response (a failed append closes the connection: the broker resets it, see RequestChannel)
  if (acks === 0) {
    ctx.send('Produce', body);
    return respond(null);
  }
  ctx.send('Produce', body, call(null, produceAnswer, respond, order, local));
};

function produceAnswer(
  respond: Respond,
  order: { topic: string; partition: number }[],
  local: Map<string, { error: string; message: string | null }>,
  rs: ProducePartitionResponse[],
): void {
  const got = new Map(rs.map((r) => [key(r.topic, r.partition), r]));
  const topics = new Map<string, Message[]>();
  for (const { topic, partition } of order) {
    const k = key(topic, partition);
    const l = local.get(k);
    const r = got.get(k);
    const list = topics.get(topic) ?? [];
    list.push(l ? partitionResponse(partition, l.error, undefined, l.message) : partitionResponse(partition, r ? r.error : 'UNKNOWN_SERVER_ERROR', r));
    topics.set(topic, list);
  }
  respond({ responses: [...topics].map(([name, partitionResponses]) => ({ name, partitionResponses })), throttleTimeMs: 0 });
}

/** InitProducerId at the broker's transaction coordinator: without a transactional id a new producer id at epoch 0,
 *  whatever id and epoch the client sends; with one, the coordinator's own answer (a new id or a bumped epoch,
 *  NOT_COORDINATOR, CONCURRENT_TRANSACTIONS...). v3+ carries the id and epoch the producer holds (KIP-360). */
export const initProducerId: Translation = (ctx, req, respond) => {
  const held = ctx.version >= 3;
  ctx.send(
    'InitProducerId',
    {
      clientId: ctx.clientId,
      transactionalId: req.transactionalId as string | null,
      transactionTimeoutMs: req.transactionTimeoutMs as number,
      producerId: held ? (req.producerId as number) : -1,
      producerEpoch: held ? (req.producerEpoch as number) : -1,
    },
    call(null, initProducerIdAnswer, respond, ctx.version),
  );
};

function initProducerIdAnswer(respond: Respond, version: number, r: ResponseOf<'InitProducerId'>): void {
  respond({ throttleTimeMs: 0, errorCode: errorCode(olderClientError(version, 4, r.error)), producerId: r.producerId, producerEpoch: r.producerEpoch });
}
