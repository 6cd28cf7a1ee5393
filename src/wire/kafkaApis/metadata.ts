// ApiVersions and Metadata on the wire (KafkaApis.handleApiVersionsRequest, handleTopicMetadataRequest): the
// broker's metadata cache as the engine answers it, in MetadataResponse's fields.
import { apiVersionsList } from '../protocol/apis';
import { errorCode } from '../protocol/errors';
import { ZERO_UUID } from '../codec/primitives';
import type { Message } from '../codec/schema';
import type { MetadataResponse } from '../../engine/apis';
import { OFFSETS_TOPIC } from '../../engine/group/protocol';
import { call } from '../../engine/sim/call';
import type { Respond, Translation, WireContext } from './context';

/** ApiVersionsRequest.isValid: the client's software name and version (v3+) must match Kafka's pattern. */
const SOFTWARE = /^[a-zA-Z0-9](?:[a-zA-Z0-9\-.]*[a-zA-Z0-9])?$/;

/** The versions a broker serves are those of its wire codec (protocol/versions.ts). */
export const apiVersions: Translation = (ctx, req, respond) => {
  const bad = ctx.version >= 3 && (!SOFTWARE.test(req.clientSoftwareName as string) || !SOFTWARE.test(req.clientSoftwareVersion as string));
  ctx.send('ApiVersions', {}, call(null, apiVersionsAnswer, respond, bad));
};

function apiVersionsAnswer(respond: Respond, bad: boolean): void {
  respond({ errorCode: errorCode(bad ? 'INVALID_REQUEST' : null), apiKeys: apiVersionsList(), throttleTimeMs: 0 });
}

/** The cluster id every broker reports (Kafka's is a random UUID kept in meta.properties; ours is fixed). */
export const CLUSTER_ID = 'kafka-anatomy';

/**
 * The controller a client should send admin requests to: in zookeeper mode the broker acting as controller;
 * in kraft mode controllers are not reachable by clients, so Kafka names a live broker (which forwards,
 * KIP-590) — the lowest one here, where Kafka picks one at random.
 */
function controllerFor(r: MetadataResponse, live: number[]): number {
  if (r.controllerId !== null && live.includes(r.controllerId)) return r.controllerId;
  return live.length ? live[0] : -1;
}

function topicMetadata(r: MetadataResponse, name: string, live: Set<number>): Message {
  const parts = r.partitions.filter((s) => s.topic === name).sort((x, y) => x.partition - y.partition);
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
        offlineReplicas: s.replicas.filter((x) => !live.has(x)),
      };
    }),
  };
}

/** MetadataResponse.brokers: the live brokers with the address each listens on. */
export function brokerList(ctx: WireContext, live: number[]): Message[] {
  return live.map((id) => ({ nodeId: id, ...ctx.listener(id), rack: null }));
}

export const metadata: Translation = (ctx, req, respond) => {
  const requested = req.topics as { name: string }[] | null;
  ctx.send('Metadata', {}, call(null, metadataAnswer, ctx, respond, requested));
};

function metadataAnswer(ctx: WireContext, respond: Respond, requested: { name: string }[] | null, r: MetadataResponse): void {
  const live = [...r.brokers].sort((a, b) => a - b);
  // null asks for every topic (v1+)
  const names = requested === null ? [...new Set(r.partitions.map((s) => s.topic))].sort() : requested.map((t) => t.name);
  respond({
    throttleTimeMs: 0,
    brokers: brokerList(ctx, live),
    clusterId: CLUSTER_ID,
    controllerId: controllerFor(r, live),
    topics: names.map((n) => topicMetadata(r, n, new Set(live))),
    clusterAuthorizedOperations: -2147483648,
  });
}
