// Kafka's AddPartitionsToTxnManager for transaction version 2 (KIP-890 part 2, Kafka 4.0): a 4.0 producer no longer
// sends AddPartitionsToTxn itself; the leader of a partition that receives the first transactional write of a
// transaction asks the coordinator to add the partition (AddPartitionsToTxn from the broker) before appending.
// The coordinator's retriable errors reach the producer as NOT_ENOUGH_REPLICAS, PRODUCER_FENCED as
// INVALID_PRODUCER_EPOCH (ReplicaManager.appendRecords' verification callback).
import type { Broker } from './Broker';
import type { ProducePartitionResponse, ProduceRequest } from './requests';
import { tpKey } from './requests';
import { brokerNode } from '../sim/context';
import { transactionStatePartition } from '../txn/rules/partitionFor';
import { TRANSACTION_STATE_TOPIC } from '../txn/protocol';
import { call, type Call } from '../sim/call';
import type { Message } from '../sim/network';

const TO_NOT_ENOUGH_REPLICAS = new Set([
  'CONCURRENT_TRANSACTIONS',
  'NETWORK_EXCEPTION',
  'COORDINATOR_LOAD_IN_PROGRESS',
  'COORDINATOR_NOT_AVAILABLE',
  'NOT_COORDINATOR',
  'REQUEST_TIMED_OUT',
]);

function produceError(coordinatorError: string): string {
  if (coordinatorError === 'PRODUCER_FENCED') return 'INVALID_PRODUCER_EPOCH';
  return TO_NOT_ENOUGH_REPLICAS.has(coordinatorError) ? 'NOT_ENOUGH_REPLICAS' : coordinatorError;
}

/** The Produce request of a transaction version 2 producer: add the partitions new to its transaction, then append. */
export function appendWithTxnPartitions(b: Broker, req: ProduceRequest, respond: Call<[r: ProducePartitionResponse[]]>): void {
  const id = req.transactionalId!;
  const rm = b.replicaManager;
  // a partition whose log already has this producer's transaction open, in this epoch, needs nothing
  const fresh = req.partitions.filter((d) => {
    const p = rm.getPartition(d.topic, d.partition);
    return p?.isLeader && !(p.log.txns.isOpen(req.producerId) && p.producerState.epochOf(req.producerId) === req.producerEpoch);
  });
  if (!fresh.length) return rm.appendRecords(req, respond);
  const partition = transactionStatePartition(id, b.config.num('transaction.state.log.num.partitions'));
  const coordinator = b.metadata.partitions.get(tpKey(TRANSACTION_STATE_TOPIC, partition))?.leader ?? null;
  const verify = new TxnVerification(
    b,
    req,
    fresh.map((d) => tpKey(d.topic, d.partition)),
    respond,
  );
  if (coordinator === null) return verify.proceed('COORDINATOR_NOT_AVAILABLE');
  verify.sent = b.client.send(
    brokerNode(coordinator),
    'AddPartitionsToTxn',
    { transactionalId: id, producerId: req.producerId, producerEpoch: req.producerEpoch, partitions: verify.fresh, fromBroker: true },
    call(verify, verify.answered),
    call(verify, verify.once, 'NETWORK_EXCEPTION'),
  );
  b.timer(b.config.num('request.timeout.ms'), call(verify, verify.timedOut));
}

/** One verification in flight: the coordinator's answer, a refusal or the timeout, whichever comes first. */
class TxnVerification {
  private done = false;
  sent: Message | null = null;
  constructor(
    private b: Broker,
    private req: ProduceRequest,
    readonly fresh: string[],
    private respond: Call<[r: ProducePartitionResponse[]]>,
  ) {}

  answered(r: { error: string | null }): void {
    this.once(r.error);
  }

  timedOut(): void {
    if (!this.done && this.sent) this.b.client.forget(this.sent);
    this.once('REQUEST_TIMED_OUT');
  }

  once(e: string | null): void {
    if (this.done) return;
    this.done = true;
    this.proceed(e);
  }

  /** Appends what was verified; the partitions that were not are refused with the coordinator's error. */
  proceed(error: string | null): void {
    const req = this.req;
    const failed = new Set(error ? this.fresh : []);
    const rest = req.partitions.filter((d) => !failed.has(tpKey(d.topic, d.partition)));
    const refused: ProducePartitionResponse[] = req.partitions
      .filter((d) => failed.has(tpKey(d.topic, d.partition)))
      .map((d) => ({ topic: d.topic, partition: d.partition, error: produceError(error!), baseOffset: -1 }));
    if (!rest.length) return req.acks === 0 ? undefined : this.respond(refused);
    this.b.replicaManager.appendRecords({ ...req, partitions: rest }, call(null, answerWith, this.respond, refused));
  }
}

function answerWith(respond: Call<[r: ProducePartitionResponse[]]>, refused: ProducePartitionResponse[], r: ProducePartitionResponse[]): void {
  respond([...r, ...refused]);
}
