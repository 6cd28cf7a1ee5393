// Transactions end to end with clients no one here wrote: kafkajs's producer.transaction() commits and aborts
// through the engine's transaction coordinator (TransactionCoordinator.handleAddPartitionsToTransaction and
// handleEndTransaction behind KafkaApis), read_committed consumers (kafkajs, and librdkafka through kcat) read only
// committed records, and a second producer with the same transactional id fences the first.
import { Kafka, logLevel, type Consumer } from 'kafkajs';
import type { RunningCluster } from './cluster';
import { assert, errorTypes, kcat, sleep } from './checks';

type Check = (name: string, fn: () => Promise<void>) => Promise<boolean>;

const TOPIC = 'ledger';

/** Every value a kafkajs consumer of `groupId` reads from the start, once `expected` came (or 30 s passed) and 1.5 s more. */
async function consume(kafka: Kafka, groupId: string, readUncommitted: boolean, expected: number): Promise<string[]> {
  const consumer: Consumer = kafka.consumer({ groupId, readUncommitted, maxWaitTimeInMs: 500 });
  const values: string[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topic: TOPIC, fromBeginning: true });
    await consumer.run({ eachMessage: async ({ message }) => void values.push(String(message.value)) });
    const deadline = Date.now() + 30000;
    while (values.length < expected && Date.now() < deadline) await sleep(200);
    await sleep(1500); // an aborted or control record would show up now
  } finally {
    await consumer.disconnect();
  }
  return values.sort();
}

export async function transactionChecks(c: RunningCluster, check: Check): Promise<void> {
  const kafka = new Kafka({ clientId: 'txn', brokers: c.brokers, logLevel: logLevel.NOTHING, retry: { retries: 10, initialRetryTime: 200 } });
  const admin = kafka.admin();
  await admin.connect();
  try {
    // RF 3 needs all three brokers registered (an earlier check restarts one)
    for (const deadline = Date.now() + 30000; (await admin.describeCluster()).brokers.length < c.brokers.length;) {
      if (Date.now() > deadline) throw new Error('not every broker registered again within 30 s');
      await new Promise((r) => setTimeout(r, 300));
    }
    await admin.createTopics({ topics: [{ topic: TOPIC, numPartitions: 2, replicationFactor: 3 }], waitForLeaders: true });
    const committed = ['c1', 'c2', 'c3', 'c4'];
    const aborted = ['a1', 'a2', 'a3'];

    await check('kafkajs transactions: commit, abort, commit (AddPartitionsToTxn, transactional Produce, EndTxn)', async () => {
      const producer = kafka.producer({ transactionalId: 'ledger-writer', maxInFlightRequests: 1, idempotent: true });
      await producer.connect();
      const t1 = await producer.transaction();
      await t1.send({
        topic: TOPIC,
        messages: [
          { value: 'c1', partition: 0 },
          { value: 'c2', partition: 1 },
        ],
      });
      await t1.commit();
      const t2 = await producer.transaction();
      await t2.send({
        topic: TOPIC,
        messages: [
          { value: 'a1', partition: 0 },
          { value: 'a2', partition: 1 },
        ],
      });
      await t2.send({ topic: TOPIC, messages: [{ value: 'a3', partition: 0 }] });
      await t2.abort();
      const t3 = await producer.transaction();
      await t3.send({
        topic: TOPIC,
        messages: [
          { value: 'c3', partition: 0 },
          { value: 'c4', partition: 1 },
        ],
      });
      await t3.commit();
      await producer.disconnect();
      // every record and marker is in the logs: 7 records and 6 markers (one per partition per transaction)
      const offsets = await admin.fetchTopicOffsets(TOPIC);
      const end = offsets.reduce((n, p) => n + Number(p.high), 0);
      assert(end === committed.length + aborted.length + 6, `the log ends should add up to 7 records and 6 markers, got ${JSON.stringify(offsets)}`);
    });

    await check('a read_committed kafkajs consumer reads only committed records; read_uncommitted also the aborted; no control record', async () => {
      const rc = await consume(kafka, 'ledger-rc', false, committed.length);
      assert(JSON.stringify(rc) === JSON.stringify(committed), `read_committed read ${JSON.stringify(rc)}`);
      const ru = await consume(kafka, 'ledger-ru', true, committed.length + aborted.length);
      assert(JSON.stringify(ru) === JSON.stringify([...aborted, ...committed].sort()), `read_uncommitted read ${JSON.stringify(ru)}`);
    });

    await check('kcat -C -X isolation.level=read_committed (librdkafka) skips the aborted records', async () => {
      const read = (level: string) =>
        kcat(['-b', c.brokers[0], '-C', '-t', TOPIC, '-o', 'beginning', '-e', '-q', '-f', '%s\\n', '-X', `isolation.level=${level}`]);
      const rc = read('read_committed');
      assert(rc.status === 0, `kcat failed: ${rc.stderr}`);
      const values = rc.stdout.split('\n').filter(Boolean).sort();
      assert(JSON.stringify(values) === JSON.stringify(committed), `kcat read_committed read ${JSON.stringify(values)}`);
      const ru = read('read_uncommitted').stdout.split('\n').filter(Boolean);
      assert(ru.length === committed.length + aborted.length, `kcat read_uncommitted read ${JSON.stringify(ru)}`);
    });

    await check(
      'a zombie is fenced: the same transactional id starts again, the old producer gets INVALID_PRODUCER_EPOCH, its records stay unread',
      async () => {
        const zombie = kafka.producer({ transactionalId: 'ledger-zombie', maxInFlightRequests: 1, idempotent: true, retry: { retries: 2 } });
        await zombie.connect();
        const old = await zombie.transaction();
        await old.send({ topic: TOPIC, messages: [{ value: 'zombie-1', partition: 0 }] });
        // InitProducerId for the same id bumps the epoch and aborts the open transaction
        const fresh = kafka.producer({ transactionalId: 'ledger-zombie', maxInFlightRequests: 1, idempotent: true });
        await fresh.connect();
        const t = await fresh.transaction();
        await t.send({ topic: TOPIC, messages: [{ value: 'fresh-1', partition: 0 }] });
        await t.commit();
        let error: unknown = null;
        try {
          await old.send({ topic: TOPIC, messages: [{ value: 'zombie-2', partition: 1 }] });
          await old.commit();
        } catch (e) {
          error = e;
        }
        const types = errorTypes(error);
        assert(types.includes('INVALID_PRODUCER_EPOCH'), `the zombie should be fenced (INVALID_PRODUCER_EPOCH), got ${String(error)} (${types})`);
        await zombie.disconnect();
        await fresh.disconnect();
        const rc = await consume(kafka, 'ledger-after-zombie', false, committed.length + 1);
        assert(JSON.stringify(rc) === JSON.stringify([...committed, 'fresh-1'].sort()), `read_committed after the fencing read ${JSON.stringify(rc)}`);
      },
    );
  } finally {
    await admin.disconnect();
  }
}
