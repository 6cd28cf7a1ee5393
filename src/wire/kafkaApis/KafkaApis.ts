// KafkaApis.handle for requests from clients on the wire: one handler per API, each mapping the request onto the
// engine's broker, controller and group coordinator and the engine's answer back onto the response's fields.
import type { ApiName } from '../protocol/apis';
import type { ApiContext, Handler, Respond } from './context';
import type { Message } from '../codec/schema';
import { apiVersions, metadata } from './metadata';
import { createTopics, deleteTopics } from './topics';
import { initProducerId, produce } from './produce';
import { fetch, listOffsets } from './fetch';
import { describeGroups, findCoordinator, heartbeat, joinGroup, leaveGroup, listGroups, offsetCommit, offsetFetch, syncGroup } from './groups';

const HANDLERS: Record<ApiName, Handler> = {
  ApiVersions: apiVersions,
  Metadata: metadata,
  CreateTopics: createTopics,
  DeleteTopics: deleteTopics,
  Produce: produce,
  InitProducerId: initProducerId,
  Fetch: fetch,
  ListOffsets: listOffsets,
  FindCoordinator: findCoordinator,
  JoinGroup: joinGroup,
  SyncGroup: syncGroup,
  Heartbeat: heartbeat,
  LeaveGroup: leaveGroup,
  OffsetCommit: offsetCommit,
  OffsetFetch: offsetFetch,
  DescribeGroups: describeGroups,
  ListGroups: listGroups,
};

export function handle(ctx: ApiContext, api: ApiName, body: Message, respond: Respond): void {
  HANDLERS[api](ctx, body, respond);
}
