// ApiVersions and Metadata (KafkaApis.handleApiVersionsRequest, handleTopicMetadataRequest): answered by any
// broker from its own metadata cache, the one the controller keeps up to date with UpdateMetadata.
import { apiVersionsList } from '../protocol/apis';
import { errorCode } from '../protocol/errors';
import { ZERO_UUID } from '../codec/primitives';
import type { Message } from '../codec/schema';
import { cachedPartitions, cachedTopics, type ApiContext, type Handler } from './context';
import { OFFSETS_TOPIC } from '../../engine/group/protocol';

/** ApiVersionsRequest.isValid: the client's software name and version (v3+) must match Kafka's pattern. */
const SOFTWARE = /^[a-zA-Z0-9](?:[a-zA-Z0-9\-.]*[a-zA-Z0-9])?$/;

export const apiVersions: Handler = (ctx, req, respond) => {
  const bad = ctx.version >= 3 && (!SOFTWARE.test(req.clientSoftwareName as string) || !SOFTWARE.test(req.clientSoftwareVersion as string));
  respond({ errorCode: errorCode(bad ? 'INVALID_REQUEST' : null), apiKeys: apiVersionsList(), throttleTimeMs: 0 });
};

/** The cluster id every broker reports (Kafka's is a random UUID kept in meta.properties; ours is fixed). */
export const CLUSTER_ID = 'kafka-anatomy';

/**
 * The controller a client should send admin requests to: in zookeeper mode the broker acting as controller;
 * in kraft mode controllers are not reachable by clients, so Kafka names a live broker (which forwards,
 * KIP-590) — the lowest one here, where Kafka picks one at random.
 */
function controllerFor(ctx: ApiContext, live: number[]): number {
  const id = ctx.broker.metadata.controllerId;
  if (id !== null && ctx.cluster.brokers.has(id)) return id;
  return live.length ? live[0] : -1;
}

export function brokerList(ctx: ApiContext): Message[] {
  const live = [...ctx.broker.metadata.liveBrokers].sort((a, b) => a - b);
  return live.map((id) => ({ nodeId: id, ...ctx.listener(id), rack: null }));
}

function topicMetadata(ctx: ApiContext, name: string, live: Set<number>): Message {
  const parts = cachedPartitions(ctx.broker, name);
  if (!parts.length) return { errorCode: errorCode('UNKNOWN_TOPIC_OR_PARTITION'), name, topicId: ZERO_UUID, isInternal: false, partitions: [] };
  return {
    errorCode: 0,
    name,
    topicId: ZERO_UUID,
    isInternal: name === OFFSETS_TOPIC,
    partitions: parts.map((s) => {
      const leaderUp = s.leader !== null && live.has(s.leader);
      return {
        errorCode: errorCode(leaderUp ? null : 'LEADER_NOT_AVAILABLE'),
        partitionIndex: s.partition,
        leaderId: leaderUp ? s.leader : -1,
        leaderEpoch: s.leaderEpoch,
        replicaNodes: s.replicas,
        isrNodes: s.isr,
        offlineReplicas: s.replicas.filter((r) => !live.has(r)),
      };
    }),
  };
}

export const metadata: Handler = (ctx, req, respond) => {
  const requested = req.topics as { name: string }[] | null;
  const live = new Set(ctx.broker.metadata.liveBrokers);
  // null asks for every topic (v1+)
  const names = requested === null ? cachedTopics(ctx.broker) : requested.map((t) => t.name);
  respond({
    throttleTimeMs: 0,
    brokers: brokerList(ctx),
    clusterId: CLUSTER_ID,
    controllerId: controllerFor(ctx, [...live].sort((a, b) => a - b)),
    topics: names.map((n) => topicMetadata(ctx, n, live)),
    clusterAuthorizedOperations: -2147483648,
  });
};
