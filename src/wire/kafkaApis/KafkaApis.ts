// The translation of each API a client sends on the wire: its request into engine requests, which travel the
// simulated network to the broker's KafkaApis.handle (src/engine/broker/KafkaApis.ts), and their answers back into
// the wire response's fields.
import type { ApiName } from '../protocol/apis';
import type { Translation } from './context';
import { apiVersions, metadata } from './metadata';
import { createTopics, deleteTopics } from './topics';
import { initProducerId, produce } from './produce';
import { fetch, listOffsets } from './fetch';
import { addPartitionsToTxn, endTxn } from './txn';
import { describeGroups, findCoordinator, heartbeat, joinGroup, leaveGroup, listGroups, offsetCommit, offsetFetch, syncGroup } from './groups';

export const TRANSLATIONS: Record<ApiName, Translation> = {
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
  AddPartitionsToTxn: addPartitionsToTxn,
  EndTxn: endTxn,
};
