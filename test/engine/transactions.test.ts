// Transactions end to end, in both modes (zookeeper mode: Kafka 2.x, transaction version 0; kraft mode: Kafka 4.0,
// transaction version 2). Set up as Kafka's own TransactionsTest (core integration kafka.api.TransactionsTest:
// 3 brokers, topics of 4 partitions with min.insync.replicas 2, __transaction_state with 3 partitions, replication
// factor 2, min ISR 2, the abort-timed-out check every 200 ms), with its scenarios and expected values.
import { describe, expect, it } from 'vitest';
import { ScenarioRun } from '../../src/scenario/runner';
import { validateScenario } from '../../src/scenario/validate';
import { decodeRecordBatch } from '../../src/storage/format/recordBatch';
import { endTxnMarkerOf } from '../../src/storage/format/controlRecord';
import type { EventOf, EventType } from '../../src/engine/events';

const eventsOf = <K extends EventType>(r: ScenarioRun, type: K) => r.events.filter((e) => e.type === type) as unknown as EventOf<K>[];

const MODES = ['zookeeper', 'kraft'] as const;
type Mode = (typeof MODES)[number];

/** TransactionsTest.overridingProps and topicConfig */
const CONFIG = {
  'offsets.topic.num.partitions': 1,
  'transaction.state.log.num.partitions': 3,
  'transaction.state.log.replication.factor': 2,
  'transaction.state.log.min.isr': 2,
  'group.initial.rebalance.delay.ms': 0,
  'transaction.abort.timed.out.transaction.cleanup.interval.ms': 200,
};
const TOPICS = [
  { do: 'createTopic', topic: 'topic1', partitions: 4, replicationFactor: 3, config: { 'min.insync.replicas': 2 } },
  { do: 'createTopic', topic: 'topic2', partitions: 4, replicationFactor: 3, config: { 'min.insync.replicas': 2 } },
];

function run(mode: Mode, steps: unknown[], config: Record<string, unknown> = {}): ScenarioRun {
  const v = validateScenario({ version: 1, id: 'txn', mode, brokers: 3, config: { ...CONFIG, ...config }, steps: [...TOPICS, ...steps] });
  if (!v.ok) throw new Error(v.problem.message);
  const r = new ScenarioRun(v.scenario);
  r.runToEnd();
  return r;
}

/** The batches of a partition's log at its leader: offset, control marker or record values. */
function logOf(r: ScenarioRun, topic: string, partition: number) {
  const c = r.cluster;
  const leader = c.activeController()!.states.get(`${topic}-${partition}`)!.leader!;
  const log = c.brokers.get(leader)!.replicaManager.getPartition(topic, partition)!.log;
  return log.read(0, 1 << 20).map((b) => {
    const d = decodeRecordBatch(b.bytes);
    const m = endTxnMarkerOf(d);
    return m
      ? { offset: b.baseOffset, marker: m.type }
      : { offset: b.baseOffset, transactional: d.transactional, values: d.records.map((x) => new TextDecoder().decode(x.value!)) };
  });
}

const send = (producer: string, topic: string, partition: number, value: string) => ({ do: 'produce', producer, topic, partition, value });

describe.each(MODES)('transactions in %s mode', (mode) => {
  it('abort then commit: each marker takes one offset after its records (TransactionsTest.testBasicTransactions)', () => {
    const r = run(mode, [
      { do: 'beginTransaction', producer: 'p1', transactionalId: 'transactional-producer' },
      send('p1', 'topic2', 2, '2'),
      send('p1', 'topic1', 1, '4'),
      { do: 'abortTransaction', producer: 'p1' },
      { do: 'beginTransaction', producer: 'p1', transactionalId: 'transactional-producer' },
      send('p1', 'topic1', 1, '1'),
      send('p1', 'topic2', 2, '3'),
      { do: 'commitTransaction', producer: 'p1' },
      { do: 'advance', ms: 100 },
      {
        do: 'joinGroup',
        consumer: 'committed',
        group: 'transactional-group',
        topics: ['topic1', 'topic2'],
        isolationLevel: 'read_committed',
        autoOffsetReset: 'earliest',
      },
      { do: 'joinGroup', consumer: 'uncommitted', group: 'non-transactional-group', topics: ['topic1', 'topic2'], autoOffsetReset: 'earliest' },
      { do: 'poll', consumer: 'committed' },
      { do: 'poll', consumer: 'uncommitted' },
    ]);
    // "1 record + 1 abort mark + 1 record + 1 commit mark" in each partition: offsets 0..3, markers at 1 and 3
    expect(logOf(r, 'topic1', 1)).toEqual([
      { offset: 0, transactional: true, values: ['4'] },
      { offset: 1, marker: 'ABORT' },
      { offset: 2, transactional: true, values: ['1'] },
      { offset: 3, marker: 'COMMIT' },
    ]);
    expect(logOf(r, 'topic2', 2).map((b) => ('marker' in b ? `${b.offset}:${b.marker}` : `${b.offset}`))).toEqual(['0', '1:ABORT', '2', '3:COMMIT']);
    const d = r.dump();
    expect(d.topics.topic1.partitions['1'].lso).toBe(4);
    expect(d.topics.topic1.partitions['0'].lso).toBeUndefined(); // no transactional data there
    // the aborted transaction is in each partition's .txnindex: producer id, first offset 0, ABORT at 1, and the LSO
    // just past the marker (ProducerStateManager.lastStableOffset(completedTxn): no other transaction open)
    const seg = r.cluster.brokers.get(d.topics.topic1.partitions['1'].leader!)!.replicaManager.getPartition('topic1', 1)!.log.segments[0];
    expect(seg.abortedTxns()).toEqual([{ producerId: d.producers.p1.producerId, firstOffset: 0, lastOffset: 1, lastStableOffset: 2 }]);
    // read_committed: the committed records only; read_uncommitted: all four; never a control record
    expect(d.consumers.committed.consumed.map((x) => x.value).sort()).toEqual(['1', '3']);
    expect(d.consumers.uncommitted.consumed.map((x) => x.value).sort()).toEqual(['1', '2', '3', '4']);
    expect(d.consumers.committed.position['topic1-1']).toBe(4); // moved past the COMMIT marker
    expect(d.transactions!['transactional-producer']).toMatchObject({ state: 'CompleteCommit', pendingState: null, partitions: [] });
    // transaction version 2 (kraft mode, Kafka 4.0) bumps the epoch at each EndTxn; version 0 keeps it (KIP-890)
    expect(d.producers.p1.producerEpoch).toBe(mode === 'kraft' ? 2 : 0);
  });

  it('a read_committed consumer stops at the LSO, the first offset of an open transaction (testReadCommittedConsumerShouldNotSeeUndecidedData)', () => {
    const r = run(mode, [
      { do: 'beginTransaction', producer: 'producer1', transactionalId: 'transactional-producer' },
      { do: 'beginTransaction', producer: 'producer2', transactionalId: 'other' },
      { do: 'produce', producer: 'producer2', topic: 'topic1', partition: 0, key: 'x', value: '1' },
      { do: 'produce', producer: 'producer2', topic: 'topic2', partition: 0, key: 'x', value: '1' },
      { do: 'produce', producer: 'producer1', topic: 'topic1', partition: 0, key: 'a', value: '1' },
      { do: 'produce', producer: 'producer1', topic: 'topic1', partition: 0, key: 'b', value: '2' },
      { do: 'produce', producer: 'producer1', topic: 'topic2', partition: 0, key: 'c', value: '3' },
      { do: 'produce', producer: 'producer1', topic: 'topic2', partition: 0, key: 'd', value: '4' },
      { do: 'produce', producer: 'producer2', topic: 'topic1', partition: 0, key: 'x', value: '2' },
      { do: 'produce', producer: 'producer2', topic: 'topic2', partition: 0, key: 'x', value: '2' },
      { do: 'commitTransaction', producer: 'producer2' },
      { do: 'advance', ms: 100 },
      {
        do: 'joinGroup',
        consumer: 'committed',
        group: 'transactional-group',
        topics: ['topic1', 'topic2'],
        isolationLevel: 'read_committed',
        autoOffsetReset: 'earliest',
      },
      { do: 'joinGroup', consumer: 'uncommitted', group: 'non-transactional-group', topics: ['topic1', 'topic2'], autoOffsetReset: 'earliest' },
      { do: 'poll', consumer: 'committed' },
      { do: 'poll', consumer: 'uncommitted' },
    ]);
    const d = r.dump();
    // producer1's transaction is open from offset 1 in both partitions: the LSO holds there, above it the HW moves on
    for (const t of ['topic1', 'topic2']) {
      expect(d.topics[t].partitions['0'].lso).toBe(1);
      expect(d.topics[t].partitions['0'].hw).toBe(5); // x1, a/c, b/d, x2, and producer2's COMMIT
    }
    // "we should only see the first two records which come before the undecided second transaction" (key x, value 1)
    expect(d.consumers.committed.consumed.map((x) => `${x.key}=${x.value}`)).toEqual(['x=1', 'x=1']);
    // "even if we seek to the end … the position is 1": it stays at the LSO
    expect(d.consumers.committed.position['topic1-0']).toBe(1);
    expect(d.consumers.committed.position['topic2-0']).toBe(1);
    expect(d.consumers.uncommitted.consumed).toHaveLength(8);
  });

  it('a fenced producer gets INVALID_PRODUCER_EPOCH on send, then PRODUCER_FENCED on abort (testFencingOnSend)', () => {
    const r = run(mode, [
      { do: 'beginTransaction', producer: 'producer1', transactionalId: 'transactional-producer' },
      send('producer1', 'topic1', 0, '1'),
      send('producer1', 'topic2', 0, '3'),
      // initTransactions of a second producer with the same id: the open transaction is aborted with a bumped epoch
      { do: 'beginTransaction', producer: 'producer2', transactionalId: 'transactional-producer' },
      send('producer2', 'topic1', 0, '4'),
      send('producer2', 'topic2', 0, '4'),
      send('producer1', 'topic1', 0, '5'),
      { do: 'abortTransaction', producer: 'producer1' },
      { do: 'commitTransaction', producer: 'producer2' },
      { do: 'advance', ms: 100 },
      {
        do: 'joinGroup',
        consumer: 'committed',
        group: 'transactional-group',
        topics: ['topic1', 'topic2'],
        isolationLevel: 'read_committed',
        autoOffsetReset: 'earliest',
      },
      { do: 'poll', consumer: 'committed' },
    ]);
    const d = r.dump();
    // ProducerAppendInfo.checkProducerEpoch: the send of the zombie is refused at the partition (abortable since 2.7,
    // KIP-588); its EndTxn meets the coordinator's epoch check (TransactionCoordinator.endTransaction): fatal
    expect(d.producers.producer1.failed).toEqual([{ topic: 'topic1', partition: 0, error: 'INVALID_PRODUCER_EPOCH' }]);
    expect(d.producers.producer1.transactionErrors).toEqual(['PRODUCER_FENCED']);
    expect(d.producers.producer1.transactionState).toBe('FATAL_ERROR');
    expect(d.producers.producer2.transactionState).toBe('READY');
    expect(d.consumers.committed.consumed.map((x) => x.value)).toEqual(['4', '4']);
    expect(r.events.some((e) => e.type === 'TxnFenced' && e.reason === 'initProducerId')).toBe(true);
    // the old transaction's ABORT markers carry the bumped epoch, above the zombie's
    const aborts = eventsOf(r, 'TxnMarkerWritten').filter((e) => e.marker === 'ABORT');
    expect(aborts.map((e) => `${e.topic}-${e.partition}@${e.offset}`).sort()).toEqual(['topic1-0@1', 'topic2-0@1']);
    expect(aborts.every((e) => e.producerEpoch > 0)).toBe(true);
  });

  it("a fenced producer's commit is PRODUCER_FENCED (testFencingOnCommit)", () => {
    const r = run(mode, [
      { do: 'beginTransaction', producer: 'producer1', transactionalId: 'transactional-producer' },
      send('producer1', 'topic1', 1, '1'),
      send('producer1', 'topic2', 1, '3'),
      { do: 'beginTransaction', producer: 'producer2', transactionalId: 'transactional-producer' },
      send('producer2', 'topic1', 1, '4'),
      send('producer2', 'topic2', 1, '4'),
      { do: 'commitTransaction', producer: 'producer1' },
      { do: 'commitTransaction', producer: 'producer2' },
      { do: 'advance', ms: 100 },
    ]);
    const d = r.dump();
    expect(d.producers.producer1.transactionErrors).toEqual(['PRODUCER_FENCED']);
    expect(d.producers.producer2.transactionErrors).toBeUndefined();
    expect(d.transactions!['transactional-producer'].state).toBe('CompleteCommit');
  });

  it('the coordinator aborts a transaction past transaction.timeout.ms; the next send is refused (testFencingOnTransactionExpiration)', () => {
    const r = run(
      mode,
      [
        { do: 'beginTransaction', producer: 'p', transactionalId: 'expiringProducer' },
        send('p', 'topic1', 0, '1'),
        { do: 'advance', ms: 600 },
        send('p', 'topic1', 0, '2'),
        {
          do: 'joinGroup',
          consumer: 'committed',
          group: 'transactional-group',
          topics: ['topic1'],
          isolationLevel: 'read_committed',
          autoOffsetReset: 'earliest',
        },
        { do: 'joinGroup', consumer: 'uncommitted', group: 'non-transactional-group', topics: ['topic1'], autoOffsetReset: 'earliest' },
        { do: 'poll', consumer: 'committed' },
        { do: 'poll', consumer: 'uncommitted' },
      ],
      { 'transaction.timeout.ms': 100 },
    );
    const d = r.dump();
    expect(r.events.some((e) => e.type === 'TxnFenced' && e.reason === 'timeout')).toBe(true);
    expect(d.producers.p.failed).toHaveLength(1);
    expect(['INVALID_PRODUCER_EPOCH', 'PRODUCER_FENCED']).toContain(d.producers.p.failed[0].error);
    expect(d.consumers.uncommitted.consumed.map((x) => x.value)).toEqual(['1']); // the second never written
    expect(d.consumers.committed.consumed).toEqual([]);
    expect(logOf(r, 'topic1', 0)).toEqual([
      { offset: 0, transactional: true, values: ['1'] },
      { offset: 1, marker: 'ABORT' },
    ]);
  });

  it('the same scenario twice gives the same dump and trace', () => {
    const steps = [
      { do: 'beginTransaction', producer: 'p', transactionalId: 't' },
      send('p', 'topic1', 0, 'a'),
      { do: 'abortTransaction', producer: 'p' },
      { do: 'beginTransaction', producer: 'p', transactionalId: 't' },
      send('p', 'topic1', 0, 'b'),
      { do: 'commitTransaction', producer: 'p' },
    ];
    const a = run(mode, steps);
    const b = run(mode, steps);
    expect(JSON.stringify(a.dump())).toBe(JSON.stringify(b.dump()));
    expect(JSON.stringify(a.events)).toBe(JSON.stringify(b.events));
  });
});

describe('transaction calls out of turn', () => {
  it('are IllegalStateException, and a transactional producer must be idempotent with acks=all', () => {
    const r = run('kraft', [
      { do: 'commitTransaction', producer: 'plain' },
      { do: 'beginTransaction', producer: 'p', transactionalId: 'x' },
      { do: 'beginTransaction', producer: 'p', transactionalId: 'x' },
      { do: 'produce', producer: 'p', topic: 'topic1', partition: 0, acks: 1 },
      { do: 'commitTransaction', producer: 'p' },
      send('p', 'topic1', 0, 'outside'),
    ]);
    const d = r.dump();
    expect(d.producers.plain.transactionErrors).toEqual(['IllegalStateException']);
    expect(d.producers.p.transactionErrors).toEqual(['IllegalStateException']);
    expect(d.errors).toEqual([{ step: 5, do: 'produce', error: 'INVALID_CONFIG' }]);
    expect(d.producers.p.failed).toEqual([{ topic: 'topic1', partition: 0, error: 'IllegalStateException' }]);
    // an empty transaction ends without EndTxn (Sender: nothing was added)
    expect(r.events.some((e) => e.type === 'TransactionEnding')).toBe(false);
  });
});
