// Transactions in a cluster: one TransactionCoordinator per broker (as every Kafka broker runs one), the
// FindCoordinator lookup for a transactional id with the creation of __transaction_state on first use, producer
// ids, and the transaction version the cluster runs.
import type { Cluster } from '../cluster/Cluster';
import type { Broker } from '../broker/Broker';
import { createTopic } from '../cluster/admin';
import type { FindCoordinatorResponse } from '../group/protocol';
import { TransactionCoordinator, type TxnCoordinatorHost } from './TransactionCoordinator';
import { transactionStatePartition } from './rules/partitionFor';
import type { TransactionVersion } from './rules/transactionMetadata';
import { TRANSACTION_STATE_TOPIC } from './protocol';
import type { TransactionDump } from '../stateDump';
import { nameMap } from '../names';
import { call } from '../sim/call';

/** TransactionLog's enforced topic config: compacted, no unclean election (min.insync.replicas from its own key). */
const TRANSACTION_STATE_CONFIG = { 'cleanup.policy': 'compact', 'unclean.leader.election.enable': false } as const;

export class TransactionSystem implements TxnCoordinatorHost {
  private coordinators = new Map<number, TransactionCoordinator>();

  constructor(readonly cluster: Cluster) {
    this.attach();
  }

  get ctx() {
    return this.cluster.ctx;
  }

  partitionFor(transactionalId: string): number {
    return transactionStatePartition(transactionalId, this.ctx.config.num('transaction.state.log.num.partitions'));
  }

  /** transaction.version: kraft mode follows Kafka 4.0 (2, KIP-890 on by default); zookeeper mode Kafka 2.x (0). */
  transactionVersion(): TransactionVersion {
    const v = this.ctx.config.num('transaction.version');
    return (v >= 0 ? v : this.ctx.mode === 'kraft' ? 2 : 0) as TransactionVersion;
  }

  attach(): void {
    for (const b of this.cluster.sortedBrokers()) {
      if (this.coordinators.has(b.id)) continue;
      const c = new TransactionCoordinator(b, this);
      this.coordinators.set(b.id, c);
      b.leadershipListeners.push(call(c, c.sync));
    }
  }

  peekProducerId(): number {
    return this.cluster.peekProducerId();
  }

  takeProducerId(): number {
    return this.cluster.allocateProducerId();
  }

  coordinatorAt(b: Broker): TransactionCoordinator {
    this.attach();
    return this.coordinators.get(b.id)!;
  }

  /** FindCoordinator(TRANSACTION): the leader of the id's __transaction_state partition in the broker's metadata. */
  handleFindCoordinator(b: Broker, transactionalId: string): FindCoordinatorResponse {
    const s = b.metadata.partitions.get(`${TRANSACTION_STATE_TOPIC}-${this.partitionFor(transactionalId)}`);
    if (!s) {
      this.createTransactionStateTopic();
      return { error: 'COORDINATOR_NOT_AVAILABLE', nodeId: -1 };
    }
    return s.leader === null ? { error: 'COORDINATOR_NOT_AVAILABLE', nodeId: -1 } : { error: null, nodeId: s.leader };
  }

  /** KafkaApis.createInternalTopic: needs transaction.state.log.replication.factor live brokers, as Kafka refuses with fewer. */
  private createTransactionStateTopic(): void {
    const core = this.cluster.activeController();
    if (!core || core.topics.has(TRANSACTION_STATE_TOPIC)) return;
    const rf = this.ctx.config.num('transaction.state.log.replication.factor');
    if (core.liveBrokers.size < rf) return;
    const config = { ...TRANSACTION_STATE_CONFIG, 'min.insync.replicas': this.ctx.config.num('transaction.state.log.min.isr') };
    const r = createTopic(this.cluster, TRANSACTION_STATE_TOPIC, this.ctx.config.num('transaction.state.log.num.partitions'), rf, 'kafka', config);
    if (!r.error) this.ctx.emit('OffsetsTopicCreated', { topic: TRANSACTION_STATE_TOPIC, replicationFactor: rf });
  }

  /** Every transactional id a coordinator holds now, as that coordinator sees it. */
  dump(): Record<string, TransactionDump> {
    const out = nameMap<TransactionDump>();
    const found: [string, TransactionDump][] = [];
    for (const b of this.cluster.sortedBrokers()) {
      const c = this.coordinators.get(b.id);
      if (!c) continue;
      for (const id of c.txns.keys()) {
        const p = c.peek(id);
        if (!p) continue;
        const md = p.metadata;
        found.push([
          id,
          {
            coordinator: b.id,
            partition: this.partitionFor(id),
            coordinatorEpoch: p.coordinatorEpoch,
            state: md.state,
            pendingState: md.pendingState,
            producerId: md.producerId,
            producerEpoch: md.producerEpoch,
            partitions: [...md.topicPartitions],
            timeoutMs: md.txnTimeoutMs,
          },
        ]);
      }
    }
    for (const [id, d] of found.sort(([a], [b]) => (a < b ? -1 : 1))) out[id] = d;
    return out;
  }
}
