// The transaction APIs a producer sends its transaction coordinator (KafkaApis.handleAddPartitionsToTxnRequest,
// handleEndTxnRequest → TransactionCoordinator.handleAddPartitionsToTransaction, handleEndTransaction), served by
// the engine's coordinator. A client of these versions runs transaction version 0 (EndTxn v5+ would mean 2, KIP-890),
// so it adds its partitions itself before it writes to them. Kafka answers the newer PRODUCER_FENCED as
// INVALID_PRODUCER_EPOCH to a request older than v2, which such a client understands.
import { errorCode } from '../protocol/errors';
import { tpKey } from '../../engine/broker/requests';
import { call } from '../../engine/sim/call';
import type { ResponseOf } from '../../engine/apis';
import type { Respond, Translation } from './context';

type Topics = { name: string; partitions: number[] }[];

/** KafkaApis: "For older clients, they could not understand the new PRODUCER_FENCED error code". */
export function olderClientError(version: number, fencedBefore: number, error: string | null): string | null {
  return version < fencedBefore && error === 'PRODUCER_FENCED' ? 'INVALID_PRODUCER_EPOCH' : error;
}

export const addPartitionsToTxn: Translation = (ctx, req, respond) => {
  const topics = req.v3AndBelowTopics as Topics;
  ctx.send(
    'AddPartitionsToTxn',
    {
      transactionalId: req.v3AndBelowTransactionalId as string,
      producerId: req.v3AndBelowProducerId as number,
      producerEpoch: req.v3AndBelowProducerEpoch as number,
      partitions: topics.flatMap((t) => t.partitions.map((p) => tpKey(t.name, p))),
    },
    call(null, addPartitionsAnswer, respond, ctx.version, topics),
  );
};

/** One error for every partition (the coordinator adds all or none); a partition the broker does not know fails
 *  the request, the others OPERATION_NOT_ATTEMPTED (AddPartitionsToTxnResponse.resultForTransaction). */
function addPartitionsAnswer(respond: Respond, version: number, topics: Topics, r: ResponseOf<'AddPartitionsToTxn'>): void {
  const unknown = new Set(r.unknownPartitions ?? []);
  const error = olderClientError(version, 2, r.error);
  const codeOf = (tp: string) => errorCode(unknown.size === 0 ? error : unknown.has(tp) ? 'UNKNOWN_TOPIC_OR_PARTITION' : 'OPERATION_NOT_ATTEMPTED');
  respond({
    throttleTimeMs: 0,
    resultsByTopicV3AndBelow: topics.map((t) => ({
      name: t.name,
      resultsByPartition: t.partitions.map((p) => ({ partitionIndex: p, partitionErrorCode: codeOf(tpKey(t.name, p)) })),
    })),
  });
}

export const endTxn: Translation = (ctx, req, respond) => {
  ctx.send(
    'EndTxn',
    {
      transactionalId: req.transactionalId as string,
      producerId: req.producerId as number,
      producerEpoch: req.producerEpoch as number,
      committed: req.committed as boolean,
      // KafkaApis.handleEndTxnRequest: "if (endTxnRequest.version() > 4) TransactionVersion.TV_2 else TransactionVersion.TV_0"
      transactionVersion: 0,
    },
    call(null, endTxnAnswer, respond, ctx.version),
  );
};

function endTxnAnswer(respond: Respond, version: number, r: ResponseOf<'EndTxn'>): void {
  respond({ throttleTimeMs: 0, errorCode: errorCode(olderClientError(version, 2, r.error)) });
}
