// CreateTopics and DeleteTopics on the wire (KafkaApis.handleCreateTopicsRequest, handleDeleteTopicsRequest): the
// engine's broker validates, hands them to the controller and answers once its metadata cache shows the outcome.
import { errorCode } from '../protocol/errors';
import type { CreatableTopic } from '../../engine/apis';
import { call } from '../../engine/sim/call';
import type { ResponseOf } from '../../engine/apis';
import type { Respond, Translation } from './context';

interface Creatable {
  name: string;
  numPartitions: number;
  replicationFactor: number;
  assignments: { partitionIndex: number; brokerIds: number[] }[];
  configs: { name: string; value: string | null }[];
}

export const createTopics: Translation = (ctx, req, respond) => {
  const topics = (req.topics as Creatable[]).map((t): CreatableTopic => ({
    name: t.name,
    partitions: t.numPartitions,
    replicationFactor: t.replicationFactor,
    assignment: t.assignments.length ? [...t.assignments].sort((a, b) => a.partitionIndex - b.partitionIndex).map((a) => a.brokerIds) : null,
    configs: t.configs,
  }));
  ctx.send('CreateTopics', { topics, timeoutMs: req.timeoutMs as number, validateOnly: req.validateOnly as boolean }, call(null, createTopicsAnswer, respond));
};

function createTopicsAnswer(respond: Respond, r: ResponseOf<'CreateTopics'>): void {
  respond({ throttleTimeMs: 0, topics: r.map((t) => ({ name: t.name, errorCode: errorCode(t.error), errorMessage: t.message })) });
}

export const deleteTopics: Translation = (ctx, req, respond) => {
  ctx.send('DeleteTopics', { topics: req.topicNames as string[], timeoutMs: req.timeoutMs as number }, call(null, deleteTopicsAnswer, respond));
};

function deleteTopicsAnswer(respond: Respond, r: ResponseOf<'DeleteTopics'>): void {
  respond({ throttleTimeMs: 0, responses: r.map((t) => ({ name: t.name, errorCode: errorCode(t.error) })) });
}
