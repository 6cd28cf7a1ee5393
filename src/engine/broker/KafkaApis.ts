// Kafka's KafkaApis: the one place a broker handles a request that arrives for it, switching on the API, and
// sends the response back with the request's correlationId. Requests the controller answers (AlterIsr,
// ControlledShutdown) are served here when the controller runs in this broker (zookeeper mode); admin requests
// from clients (CreateTopics, DeleteTopics) are handed to the controller (adminApis.ts).
import type { Message, Network } from '../sim/network';
import { respond, replyTo } from '../sim/client';
import { call, type Call } from '../sim/call';
import type { ApiMap, ApiName, RequestOf, ResponseOf } from '../apis';
import type { Broker } from './Broker';
import { handleCreateTopics, handleDeleteTopics, type AdminHost } from './adminApis';
import { joinGroupError, type DescribedGroup, type ListedGroup } from '../group/describeGroups';
import { appendWithTxnPartitions } from './AddPartitionsToTxnManager';

/** What a broker's request handlers need from the rest of the cluster. */
export interface ApisHost {
  /** the group coordinator system (FindCoordinator and the group APIs) */
  groups: {
    handleFindCoordinator(b: Broker, groupId: string): ResponseOf<'FindCoordinator'>;
    coordinatorAt(b: Broker): {
      handleJoinGroup(r: RequestOf<'JoinGroup'>, respond: Call<[ResponseOf<'JoinGroup'>]>): void;
      handleSyncGroup(r: RequestOf<'SyncGroup'>, respond: Call<[ResponseOf<'SyncGroup'>]>): void;
      handleHeartbeat(r: RequestOf<'Heartbeat'>, respond: Call<[ResponseOf<'Heartbeat'>]>): void;
      handleLeaveGroup(r: RequestOf<'LeaveGroup'>, respond: Call<[ResponseOf<'LeaveGroup'>]>): void;
      handleOffsetCommit(r: RequestOf<'OffsetCommit'>, respond: Call<[ResponseOf<'OffsetCommit'>]>): void;
      handleOffsetFetch(groupId: string, partitions: string[] | null, respond: Call<[ResponseOf<'OffsetFetch'>]>): void;
      handleConsumerGroupHeartbeat(r: RequestOf<'ConsumerGroupHeartbeat'>, respond: Call<[ResponseOf<'ConsumerGroupHeartbeat'>]>): void;
    };
    describeGroup(b: Broker, groupId: string): DescribedGroup;
    listGroups(b: Broker): ListedGroup[];
  };
  /** the transaction coordinators (FindCoordinator for a transactional id and the transaction APIs) */
  txns: {
    handleFindCoordinator(b: Broker, transactionalId: string): ResponseOf<'FindCoordinator'>;
    coordinatorAt(b: Broker): {
      handleInitProducerId(r: RequestOf<'InitProducerId'>, respond: Call<[ResponseOf<'InitProducerId'>]>): void;
      handleAddPartitionsToTxn(r: RequestOf<'AddPartitionsToTxn'>, respond: Call<[ResponseOf<'AddPartitionsToTxn'>]>): void;
      handleEndTxn(r: RequestOf<'EndTxn'>, respond: Call<[ResponseOf<'EndTxn'>]>): void;
    };
  };
  /** AlterIsr and ControlledShutdown, answered by the controller at `node` (or refused: NOT_CONTROLLER) */
  handleControllerRequest<A extends 'AlterIsr' | 'ControlledShutdown'>(node: string, req: Message<RequestOf<A>> & { api: A }): ResponseOf<A>;
  /** CreateTopics and DeleteTopics, handed to the active controller */
  admin: AdminHost;
}

export class KafkaApis {
  constructor(
    private broker: Broker,
    private host: ApisHost,
  ) {}

  handle(m: Message): void {
    const b = this.broker;
    const req = m as Message<never>;
    const answer = <A extends ApiName>(_api: A, body: ResponseOf<A>) => respond<A>(b.ctx.network, m as Message<RequestOf<A>>, body);
    const body = <A extends keyof ApiMap>(_api: A) => m.body as RequestOf<A>;
    // the answer to send later (a delayed operation keeps it): data, so it can be copied with the state
    const reply = <A extends ApiName>(_api: A) => replyTo<A>(b.ctx.network, m as Message<RequestOf<A>>);
    const coordinator = () => this.host.groups.coordinatorAt(b);
    switch (m.api as ApiName) {
      case 'ApiVersions':
        return answer('ApiVersions', {});
      case 'Metadata':
        return answer('Metadata', { brokers: b.metadata.liveBrokers, controllerId: b.metadata.controllerId, partitions: [...b.metadata.partitions.values()] });
      case 'Produce': {
        const r = body('Produce');
        // acks=0: nothing is sent back, but an error closes the connection so the client refreshes its metadata
        const respondTo = r.acks !== 0 ? reply('Produce') : call(null, closeOnError, b.ctx.network, m);
        // a transaction version 2 producer's partitions join its transaction through this leader (KIP-890)
        if (r.addPartitionsToTxn) return appendWithTxnPartitions(b, r, respondTo);
        return b.replicaManager.appendRecords(r, respondTo);
      }
      case 'Fetch':
        return b.replicaManager.fetchMessages(body('Fetch'), reply('Fetch'));
      case 'ListOffsets':
        return answer('ListOffsets', b.replicaManager.fetchOffsets(body('ListOffsets')));
      case 'OffsetsForLeaderEpoch':
        return answer('OffsetsForLeaderEpoch', b.replicaManager.lastOffsetForLeaderEpoch(body('OffsetsForLeaderEpoch').partitions));
      case 'CreateTopics':
        return handleCreateTopics(b, this.host.admin, body('CreateTopics'), reply('CreateTopics'));
      case 'DeleteTopics':
        return handleDeleteTopics(b, this.host.admin, body('DeleteTopics'), reply('DeleteTopics'));
      case 'FindCoordinator': {
        const r = body('FindCoordinator');
        return answer(
          'FindCoordinator',
          r.keyType === 'TRANSACTION' ? this.host.txns.handleFindCoordinator(b, r.groupId) : this.host.groups.handleFindCoordinator(b, r.groupId),
        );
      }
      case 'InitProducerId':
        // TransactionCoordinator.handleInitProducerId: without a transactional id, a fresh id at epoch 0
        return this.host.txns.coordinatorAt(b).handleInitProducerId(body('InitProducerId'), reply('InitProducerId'));
      case 'AddPartitionsToTxn': {
        const r = body('AddPartitionsToTxn');
        // KafkaApis.handleAddPartitionsToTxnRequest: a client's partition the metadata cache does not know fails the
        // whole request before the coordinator sees it (the others: OPERATION_NOT_ATTEMPTED)
        const unknownPartitions = r.fromBroker ? [] : r.partitions.filter((tp) => !b.metadata.partitions.has(tp));
        if (unknownPartitions.length) return answer('AddPartitionsToTxn', { error: 'UNKNOWN_TOPIC_OR_PARTITION', unknownPartitions });
        return this.host.txns.coordinatorAt(b).handleAddPartitionsToTxn(r, reply('AddPartitionsToTxn'));
      }
      case 'EndTxn':
        return this.host.txns.coordinatorAt(b).handleEndTxn(body('EndTxn'), reply('EndTxn'));
      case 'WriteTxnMarkers':
        return b.replicaManager.writeTxnMarkers(body('WriteTxnMarkers').markers, b.config.num('request.timeout.ms'), reply('WriteTxnMarkers'));
      case 'JoinGroup': {
        const r = body('JoinGroup');
        const error = joinGroupError(r.groupId, r.sessionTimeoutMs, b.config.num('group.min.session.timeout.ms'), b.config.num('group.max.session.timeout.ms'));
        if (error) return answer('JoinGroup', { error, generationId: -1, protocolName: null, leader: '', memberId: r.memberId, members: [] });
        return coordinator().handleJoinGroup(r, reply('JoinGroup'));
      }
      case 'SyncGroup':
        return coordinator().handleSyncGroup(body('SyncGroup'), reply('SyncGroup'));
      case 'Heartbeat':
        return coordinator().handleHeartbeat(body('Heartbeat'), reply('Heartbeat'));
      case 'LeaveGroup':
        return coordinator().handleLeaveGroup(body('LeaveGroup'), reply('LeaveGroup'));
      case 'OffsetCommit':
        return coordinator().handleOffsetCommit(body('OffsetCommit'), reply('OffsetCommit'));
      case 'OffsetFetch': {
        const r = body('OffsetFetch');
        return coordinator().handleOffsetFetch(r.groupId, r.partitions, reply('OffsetFetch'));
      }
      case 'DescribeGroups':
        return answer(
          'DescribeGroups',
          body('DescribeGroups').groups.map((g) => this.host.groups.describeGroup(b, g)),
        );
      case 'ListGroups':
        return answer('ListGroups', this.host.groups.listGroups(b));
      case 'ConsumerGroupHeartbeat':
        return coordinator().handleConsumerGroupHeartbeat(body('ConsumerGroupHeartbeat'), reply('ConsumerGroupHeartbeat'));
      case 'LeaderAndIsr':
        return b.handleLeaderAndIsr(body('LeaderAndIsr'));
      case 'UpdateMetadata':
        return b.handleUpdateMetadata(body('UpdateMetadata'));
      case 'StopReplica':
        return b.handleStopReplica(body('StopReplica'));
      case 'MetadataFetch': {
        const r = body('MetadataFetch');
        if (r.leaderAndIsr) b.handleLeaderAndIsr(r.leaderAndIsr);
        if (r.updateMetadata) b.handleUpdateMetadata(r.updateMetadata);
        if (r.stopReplica) b.handleStopReplica(r.stopReplica);
        return;
      }
      case 'AlterIsr':
        return answer('AlterIsr', this.host.handleControllerRequest(b.node, req as Message<RequestOf<'AlterIsr'>> & { api: 'AlterIsr' }));
      case 'ControlledShutdown':
        return answer(
          'ControlledShutdown',
          this.host.handleControllerRequest(b.node, req as Message<RequestOf<'ControlledShutdown'>> & { api: 'ControlledShutdown' }),
        );
      default:
        // a request this broker does not serve (UNSUPPORTED_VERSION in Kafka): no answer, the sender times out
        return;
    }
  }
}

/** acks=0: nothing is sent back, but an error closes the connection so the client refreshes its metadata
 *  (KafkaApis.handleProduceRequest: closeConnection). */
function closeOnError(network: Network, m: Message, res: ResponseOf<'Produce'>): void {
  if (res.some((x) => x.error)) network.reset(m);
}
