// Kafka's KafkaApis: the one place a broker handles a request that arrives for it, switching on the API, and
// sends the response back with the request's correlationId. Requests the controller answers (AlterIsr,
// ControlledShutdown) are served here when the controller runs in this broker (zookeeper mode).
import type { Message } from '../sim/network';
import { respond, replyTo } from '../sim/client';
import type { Call } from '../sim/call';
import type { ApiMap, ApiName, RequestOf, ResponseOf } from '../apis';
import type { Broker } from './Broker';
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
      handleOffsetFetch(groupId: string, partitions: string[], respond: Call<[ResponseOf<'OffsetFetch'>]>): void;
      handleConsumerGroupHeartbeat(r: RequestOf<'ConsumerGroupHeartbeat'>, respond: Call<[ResponseOf<'ConsumerGroupHeartbeat'>]>): void;
    };
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
}

export class KafkaApis {
  constructor(private broker: Broker, private host: ApisHost) {}

  handle(m: Message): void {
    const b = this.broker;
    const req = m as Message<never>;
    const answer = <A extends ApiName>(_api: A, body: ResponseOf<A>) => respond<A>(b.ctx.network, m as Message<RequestOf<A>>, body);
    const body = <A extends keyof ApiMap>(_api: A) => m.body as RequestOf<A>;
    // the answer to send later (a delayed operation keeps it): data, so it can be copied with the state
    const reply = <A extends ApiName>(_api: A) => replyTo<A>(b.ctx.network, m as Message<RequestOf<A>>);
    switch (m.api as ApiName) {
      case 'Metadata':
        return answer('Metadata', [...b.metadata.partitions.values()]);
      case 'Produce':
        // acks=0: the producer waits for nothing, and nothing is sent back
        // a transaction version 2 producer's partitions join its transaction through this leader (KIP-890)
        if (body('Produce').addPartitionsToTxn) return appendWithTxnPartitions(b, body('Produce'), reply('Produce'));
        return b.replicaManager.appendRecords(body('Produce'), reply('Produce'));
      case 'Fetch':
        return b.replicaManager.fetchMessages(body('Fetch'), reply('Fetch'));
      case 'ListOffsets': {
        // latest: the HW, or the LSO for a read_committed consumer (ReplicaManager.fetchOffsetForTimestamp)
        const r = body('ListOffsets');
        const p = b.replicaManager.getPartition(r.topic, r.partition);
        return answer('ListOffsets', p && p.isLeader ? (r.timestamp === 'earliest' ? p.log.logStartOffset : r.isolationLevel === 'read_committed' ? p.log.lastStableOffset : p.log.highWatermark) : null);
      }
      case 'OffsetsForLeaderEpoch':
        return answer('OffsetsForLeaderEpoch', b.replicaManager.lastOffsetForLeaderEpoch(body('OffsetsForLeaderEpoch').partitions));
      case 'FindCoordinator': {
        const r = body('FindCoordinator');
        return answer('FindCoordinator', r.keyType === 'TRANSACTION' ? this.host.txns.handleFindCoordinator(b, r.groupId) : this.host.groups.handleFindCoordinator(b, r.groupId));
      }
      case 'InitProducerId':
        return this.host.txns.coordinatorAt(b).handleInitProducerId(body('InitProducerId'), reply('InitProducerId'));
      case 'AddPartitionsToTxn':
        return this.host.txns.coordinatorAt(b).handleAddPartitionsToTxn(body('AddPartitionsToTxn'), reply('AddPartitionsToTxn'));
      case 'EndTxn':
        return this.host.txns.coordinatorAt(b).handleEndTxn(body('EndTxn'), reply('EndTxn'));
      case 'WriteTxnMarkers':
        return b.replicaManager.writeTxnMarkers(body('WriteTxnMarkers').markers, b.config.num('request.timeout.ms'), reply('WriteTxnMarkers'));
      case 'JoinGroup':
        return this.host.groups.coordinatorAt(b).handleJoinGroup(body('JoinGroup'), reply('JoinGroup'));
      case 'SyncGroup':
        return this.host.groups.coordinatorAt(b).handleSyncGroup(body('SyncGroup'), reply('SyncGroup'));
      case 'Heartbeat':
        return this.host.groups.coordinatorAt(b).handleHeartbeat(body('Heartbeat'), reply('Heartbeat'));
      case 'LeaveGroup':
        return this.host.groups.coordinatorAt(b).handleLeaveGroup(body('LeaveGroup'), reply('LeaveGroup'));
      case 'OffsetCommit':
        return this.host.groups.coordinatorAt(b).handleOffsetCommit(body('OffsetCommit'), reply('OffsetCommit'));
      case 'OffsetFetch': {
        const r = body('OffsetFetch');
        return this.host.groups.coordinatorAt(b).handleOffsetFetch(r.groupId, r.partitions, reply('OffsetFetch'));
      }
      case 'ConsumerGroupHeartbeat':
        return this.host.groups.coordinatorAt(b).handleConsumerGroupHeartbeat(body('ConsumerGroupHeartbeat'), reply('ConsumerGroupHeartbeat'));
      case 'LeaderAndIsr':
        return b.handleLeaderAndIsr(body('LeaderAndIsr'));
      case 'UpdateMetadata':
        return b.handleUpdateMetadata(body('UpdateMetadata'));
      case 'MetadataFetch': {
        const r = body('MetadataFetch');
        if (r.leaderAndIsr) b.handleLeaderAndIsr(r.leaderAndIsr);
        if (r.updateMetadata) b.handleUpdateMetadata(r.updateMetadata);
        return;
      }
      case 'AlterIsr':
        return answer('AlterIsr', this.host.handleControllerRequest(b.node, req as Message<RequestOf<'AlterIsr'>> & { api: 'AlterIsr' }));
      case 'ControlledShutdown':
        return answer('ControlledShutdown', this.host.handleControllerRequest(b.node, req as Message<RequestOf<'ControlledShutdown'>> & { api: 'ControlledShutdown' }));
      default:
        // a request this broker does not serve (UNSUPPORTED_VERSION in Kafka): no answer, the sender times out
        return;
    }
  }
}
