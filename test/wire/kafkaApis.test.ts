// Requests on the wire mapped onto the engine, checked against Kafka's behaviour (KafkaApis, ReplicaManager,
// Partition, LogValidator, GroupCoordinator in Kafka 3.x) with a client written here from Kafka's schemas.
import { harness } from './harness';
import { decodeRecordBatch, encodeRecordBatch, TRANSACTIONAL_MASK } from '../../src/storage/format/recordBatch';
import { errorCode } from '../../src/wire/protocol/errors';
import { SUPPORTED } from '../../src/wire/protocol/versions';
import type { Message } from '../../src/wire/codec/schema';
import { decodeResponse, encodeRequest } from '../../src/wire/protocol/apis';
import { requestChannel } from '../../src/wire/RequestChannel';
import { ScenarioRun } from '../../src/scenario/runner';

const enc = new TextEncoder();
const E = (name: string) => errorCode(name);

function batch(values: string[], producer = { producerId: -1, producerEpoch: -1, baseSequence: -1 }, t = 1_000): Uint8Array {
  return encodeRecordBatch({
    baseOffset: 0,
    records: values.map((v) => ({ key: null, value: enc.encode(v), timestamp: t })),
    partitionLeaderEpoch: -1,
    ...producer,
  });
}

const produceBody = (topic: string, partition: number, records: Uint8Array | null, acks = -1): Message => ({
  transactionalId: null,
  acks,
  timeoutMs: 30000,
  topicData: [{ name: topic, partitionData: [{ index: partition, records }] }],
});
const partResp = (b: Message | null) => (b!.responses as { partitionResponses: Message[] }[])[0].partitionResponses[0];

/** A 3-broker cluster with `orders` (1 partition, RF 3) and the partition's leader and followers. */
function withTopic(opts: Parameters<typeof harness>[0] = {}, rf = 3, config: Record<string, unknown> = {}) {
  const h = harness({ ...opts, steps: [{ do: 'createTopic', topic: 'orders', partitions: 1, replicationFactor: rf, config }] });
  const s = h.cluster.activeController()!.states.get('orders-0')!;
  return { ...h, leader: s.leader!, followers: s.replicas.filter((r) => r !== s.leader) };
}

describe('ApiVersions and Metadata', () => {
  it('ApiVersions lists the served ranges; v3 refuses a client software name Kafka would refuse (ApiVersionsRequest.isValid)', () => {
    const h = harness();
    const r = h.call(1, 'ApiVersions', 2, {}).body!;
    expect(r.errorCode).toBe(0);
    const list = r.apiKeys as { apiKey: number; minVersion: number; maxVersion: number }[];
    expect(list.find((k) => k.apiKey === 0)).toEqual({ apiKey: 0, minVersion: SUPPORTED.Produce[0], maxVersion: SUPPORTED.Produce[1] });
    expect(list).toHaveLength(Object.keys(SUPPORTED).length);
    expect(h.call(1, 'ApiVersions', 3, { clientSoftwareName: 'librdkafka', clientSoftwareVersion: '2.0.2' }).body!.errorCode).toBe(0);
    expect(h.call(1, 'ApiVersions', 3, { clientSoftwareName: 'bad name!', clientSoftwareVersion: '1' }).body!.errorCode).toBe(E('INVALID_REQUEST'));
  });

  it('Metadata answers from the broker metadata cache: live brokers, leaders, ISR; a crashed leader is replaced once the controller sees it', () => {
    const h = withTopic();
    const meta = (b: number) => h.call(b, 'Metadata', 6, { topics: [{ name: 'orders' }, { name: 'nope' }], allowAutoTopicCreation: true }).body!;
    const m = meta(1);
    expect((m.brokers as Message[]).map((b) => [b.nodeId, b.port])).toEqual([
      [1, 9092],
      [2, 9093],
      [3, 9094],
    ]);
    expect(m.controllerId).toBe(Number(h.cluster.controllerNode()!.replace('broker-', '')));
    const [orders, nope] = m.topics as Message[];
    expect(nope.errorCode).toBe(E('UNKNOWN_TOPIC_OR_PARTITION'));
    expect((orders.partitions as Message[])[0]).toMatchObject({
      errorCode: 0,
      leaderId: h.leader,
      isrNodes: expect.arrayContaining([1, 2, 3]),
      offlineReplicas: [],
    });
    h.step({ do: 'crashBroker', broker: h.leader });
    // zookeeper.session.timeout.ms later the controller elects a new leader and tells every broker
    h.step({ do: 'advance', ms: 20000 });
    const asker = h.followers[0];
    const p = ((meta(asker).topics as Message[])[0].partitions as Message[])[0];
    expect(h.followers).toContain(p.leaderId);
    expect(p.offlineReplicas).toEqual([h.leader]);
    expect((meta(asker).brokers as Message[]).map((b) => b.nodeId)).not.toContain(h.leader);
  });
});

describe('Produce', () => {
  it('keeps the producer batch byte for byte; the leader stamps only the base offset and its epoch (LogValidator in place)', () => {
    const h = withTopic();
    h.call(h.leader, 'Produce', 7, produceBody('orders', 0, batch(['a', 'b'])));
    const sent = batch(['c', 'd', 'e'], undefined, 2_000);
    const r = partResp(h.call(h.leader, 'Produce', 7, produceBody('orders', 0, sent)).body);
    expect(r).toMatchObject({ errorCode: 0, baseOffset: 2 });
    const p = h.cluster.brokers.get(h.leader)!.replicaManager.getPartition('orders', 0)!;
    const stored = p.log.read(2, 1 << 20)[0].bytes;
    expect(stored.length).toBe(sent.length);
    expect(Buffer.from(stored.subarray(16)).equals(Buffer.from(sent.subarray(16)))).toBe(true); // magic, CRC, attributes, records
    expect(Buffer.from(stored.subarray(8, 12)).equals(Buffer.from(sent.subarray(8, 12)))).toBe(true); // batch length
    expect(new DataView(stored.buffer, stored.byteOffset).getBigInt64(0)).toBe(2n);
    expect(new DataView(stored.buffer, stored.byteOffset).getInt32(12)).toBe(p.leaderEpoch);
  });

  it('refuses what Kafka refuses: a follower, an unknown topic, two batches, a bad CRC, a codec it cannot read, bad acks', () => {
    const h = withTopic();
    const code = (b: number, body: Message) => partResp(h.call(b, 'Produce', 7, body).body).errorCode;
    expect(code(h.followers[0], produceBody('orders', 0, batch(['x'])))).toBe(E('NOT_LEADER_OR_FOLLOWER'));
    expect(code(h.leader, produceBody('nope', 0, batch(['x'])))).toBe(E('UNKNOWN_TOPIC_OR_PARTITION'));
    const one = batch(['x']);
    expect(code(h.leader, produceBody('orders', 0, new Uint8Array([...one, ...one])))).toBe(E('INVALID_RECORD'));
    const bad = batch(['x']);
    bad[bad.length - 1] ^= 0xff;
    expect(code(h.leader, produceBody('orders', 0, bad))).toBe(E('CORRUPT_MESSAGE'));
    const snappy = encodeRecordBatch({ baseOffset: 0, records: [{ key: null, value: enc.encode('x'), timestamp: 1 }] });
    snappy[22] = (snappy[22] & ~7) | 2; // attributes: codec snappy (the CRC no longer matches either)
    expect(code(h.leader, produceBody('orders', 0, snappy))).toBe(E('UNSUPPORTED_COMPRESSION_TYPE'));
    expect(code(h.leader, produceBody('orders', 0, batch(['x']), 2))).toBe(E('INVALID_REQUIRED_ACKS'));
    expect(h.cluster.brokers.get(h.leader)!.replicaManager.getPartition('orders', 0)!.log.logEndOffset).toBe(0);
  });

  it('acks=0 gets no response; to a follower it closes the connection so the client refreshes metadata (KafkaApis.handleProduceRequest)', () => {
    const h = withTopic();
    expect(h.call(h.leader, 'Produce', 7, produceBody('orders', 0, batch(['x']), 0))).toEqual({ body: null, closed: null });
    // no response at once (the channel unmutes), then the broker closes the connection: the client sees it reset
    expect(h.call(h.followers[0], 'Produce', 7, produceBody('orders', 0, batch(['x']), 0))).toEqual({ body: null, closed: null });
    expect(h.call(h.followers[0], 'Produce', 7, produceBody('orders', 0, batch(['x']), 0), { thenMs: 10 }).closed).toMatch(
      /broker-\d closed the connection or refused it \(Produce\)/,
    );
    h.step({ do: 'advance', ms: 1000 });
    expect(h.cluster.brokers.get(h.leader)!.replicaManager.getPartition('orders', 0)!.log.logEndOffset).toBe(1);
  });

  it('acks=all with fewer in-sync replicas than min.insync.replicas is NOT_ENOUGH_REPLICAS before the append (Partition.appendRecordsToLeader)', () => {
    const h = withTopic({}, 2, { 'min.insync.replicas': 2 });
    expect(partResp(h.call(h.leader, 'Produce', 7, produceBody('orders', 0, batch(['ok']))).body).errorCode).toBe(0);
    h.step({ do: 'crashBroker', broker: h.followers[0] });
    h.step({ do: 'advance', ms: 20000 }); // the controller removes it from the ISR
    expect(h.cluster.activeController()!.states.get('orders-0')!.isr).toEqual([h.leader]);
    const r = partResp(h.call(h.leader, 'Produce', 7, produceBody('orders', 0, batch(['no']))).body);
    expect(r.errorCode).toBe(E('NOT_ENOUGH_REPLICAS'));
    expect(h.run.events.some((e) => e.type === 'ProduceRejected' && e.error === 'NOT_ENOUGH_REPLICAS')).toBe(true);
    expect(partResp(h.call(h.leader, 'Produce', 7, produceBody('orders', 0, batch(['one']), 1)).body).errorCode).toBe(0);
  });

  it('an idempotent producer retrying a batch the new leader already has gets its first offset back, not a second copy', () => {
    const h = withTopic();
    const pid = h.call(1, 'InitProducerId', 1, { transactionalId: null, transactionTimeoutMs: 60000 }).body!;
    expect(pid).toMatchObject({ errorCode: 0, producerEpoch: 0 });
    const id = { producerId: pid.producerId as number, producerEpoch: 0 };
    const b0 = batch(['a', 'b'], { ...id, baseSequence: 0 });
    expect(partResp(h.call(h.leader, 'Produce', 7, produceBody('orders', 0, b0)).body).baseOffset).toBe(0);
    h.step({ do: 'crashBroker', broker: h.leader });
    h.step({ do: 'advance', ms: 20000 });
    const next = h.cluster.activeController()!.states.get('orders-0')!.leader!;
    expect(partResp(h.call(next, 'Produce', 7, produceBody('orders', 0, b0)).body)).toMatchObject({ errorCode: 0, baseOffset: 0 });
    expect(h.cluster.brokers.get(next)!.replicaManager.getPartition('orders', 0)!.log.logEndOffset).toBe(2);
    expect(h.run.events.some((e) => e.type === 'DuplicateBatchIgnored')).toBe(true);
    const gap = batch(['z'], { ...id, baseSequence: 5 });
    expect(partResp(h.call(next, 'Produce', 7, produceBody('orders', 0, gap)).body).errorCode).toBe(E('OUT_OF_ORDER_SEQUENCE_NUMBER'));
    expect(h.call(2, 'InitProducerId', 4, { transactionalId: null, transactionTimeoutMs: 60000, producerId: -1, producerEpoch: -1 }).body!.producerId).toBe(
      id.producerId + 1,
    );
  });
});

describe('Fetch and ListOffsets', () => {
  const fetchBody = (offset: number, maxWaitMs = 500, partitionMaxBytes = 1 << 20): Message => ({
    replicaId: -1,
    maxWaitMs,
    minBytes: 1,
    maxBytes: 50 << 20,
    isolationLevel: 0,
    sessionId: 0,
    sessionEpoch: -1,
    topics: [{ topic: 'orders', partitions: [{ partition: 0, currentLeaderEpoch: -1, fetchOffset: offset, logStartOffset: -1, partitionMaxBytes }] }],
    forgottenTopicsData: [],
    rackId: '',
  });
  const part = (b: Message | null) => ((b!.responses as Message[])[0].partitions as Message[])[0];

  it('a consumer reads below the high watermark; at the end it waits maxWaitMs and gets empty records, never null', () => {
    const h = withTopic();
    h.call(h.leader, 'Produce', 7, produceBody('orders', 0, batch(['a', 'b'])));
    h.call(h.leader, 'Produce', 7, produceBody('orders', 0, batch(['c'])));
    const all = part(h.call(h.leader, 'Fetch', 11, fetchBody(0)).body);
    expect(all).toMatchObject({ errorCode: 0, highWatermark: 3, lastStableOffset: 3, logStartOffset: 0 });
    expect((all.records as Uint8Array).length).toBe(batch(['a', 'b']).length + batch(['c']).length);
    const small = part(h.call(h.leader, 'Fetch', 11, fetchBody(0, 500, 10)).body);
    expect((small.records as Uint8Array).length).toBe(batch(['a', 'b']).length); // the first batch, though over 10 bytes (KIP-74)
    const t0 = h.now();
    const end = part(h.call(h.leader, 'Fetch', 11, fetchBody(3, 400)).body);
    expect(h.now() - t0).toBeGreaterThanOrEqual(400);
    expect(end.records).toEqual(new Uint8Array(0));
    expect(part(h.call(h.followers[0], 'Fetch', 11, fetchBody(0)).body).errorCode).toBe(E('NOT_LEADER_OR_FOLLOWER'));
    expect(h.call(h.leader, 'Fetch', 11, { ...fetchBody(0), sessionId: 5, sessionEpoch: 1 }).body!.errorCode).toBe(E('FETCH_SESSION_ID_NOT_FOUND'));
  });

  // DelayedFetch.tryComplete counts only the bytes the fetch could return: below the high watermark for a consumer
  // (FetchIsolation.HIGH_WATERMARK), below the last stable offset for read_committed (TXN_COMMITTED)
  it('a waiting consumer fetch is not answered by an append the high watermark has not reached: it waits and returns the record (DelayedFetch)', () => {
    const h = withTopic();
    h.call(h.leader, 'Produce', 7, produceBody('orders', 0, batch(['a'])));
    const log = h.cluster.brokers.get(h.leader)!.replicaManager.getPartition('orders', 0)!.log;
    expect(log.highWatermark).toBe(1);
    const waiting = h.send(h.leader, 'Fetch', 11, fetchBody(1, 5000));
    h.run.runFor(100);
    expect(waiting.answered()).toBe(false);
    // acks=1: the leader appends and answers; the followers' fetches move the high watermark later
    const t0 = h.now();
    h.call(h.leader, 'Produce', 7, produceBody('orders', 0, batch(['b']), 1));
    const got = part(waiting.answer().body);
    expect(got).toMatchObject({ errorCode: 0, highWatermark: 2 });
    expect((got.records as Uint8Array).length).toBe(batch(['b']).length);
    expect(h.now() - t0).toBeLessThan(5000);
  });

  it('minBytes: the fetch waits until that many bytes are readable, else maxWaitMs, and then returns what there is (DelayedFetch Case G)', () => {
    const h = withTopic();
    const waiting = h.send(h.leader, 'Fetch', 11, { ...fetchBody(0, 1500), minBytes: 3 * batch(['x']).length });
    const t0 = h.now();
    h.call(h.leader, 'Produce', 7, produceBody('orders', 0, batch(['x'])));
    h.call(h.leader, 'Produce', 7, produceBody('orders', 0, batch(['y'])));
    h.run.runFor(200);
    expect(waiting.answered()).toBe(false); // two batches below the high watermark: not enough
    const got = part(waiting.answer().body);
    expect(h.now() - t0).toBeGreaterThanOrEqual(1500);
    expect((got.records as Uint8Array).length).toBe(2 * batch(['x']).length);
    // a third batch reaches minBytes before maxWaitMs
    const again = h.send(h.leader, 'Fetch', 11, { ...fetchBody(0, 5000), minBytes: 3 * batch(['x']).length });
    const t1 = h.now();
    h.call(h.leader, 'Produce', 7, produceBody('orders', 0, batch(['z'])));
    expect((part(again.answer().body).records as Uint8Array).length).toBe(3 * batch(['x']).length);
    expect(h.now() - t1).toBeLessThan(5000);
  });

  it('ListOffsets: earliest, latest (the high watermark for a consumer) and by timestamp', () => {
    const h = withTopic();
    h.call(h.leader, 'Produce', 7, produceBody('orders', 0, batch(['a'], undefined, 1000)));
    h.call(h.leader, 'Produce', 7, produceBody('orders', 0, batch(['b'], undefined, 5000)));
    const at = (timestamp: number) => {
      const b = h.call(h.leader, 'ListOffsets', 3, {
        replicaId: -1,
        isolationLevel: 0,
        topics: [{ name: 'orders', partitions: [{ partitionIndex: 0, timestamp }] }],
      }).body!;
      return ((b.topics as Message[])[0].partitions as Message[])[0];
    };
    expect(at(-2)).toMatchObject({ errorCode: 0, offset: 0 });
    expect(at(-1)).toMatchObject({ errorCode: 0, offset: 2, timestamp: -1 });
    expect(at(3000)).toMatchObject({ offset: 1, timestamp: 5000 });
    expect(at(9000)).toMatchObject({ offset: -1 });
  });
});

describe('CreateTopics and DeleteTopics', () => {
  const create = (topic: string, partitions: number, rf: number, extra: Message = {}): Message => ({
    topics: [{ name: topic, numPartitions: partitions, replicationFactor: rf, assignments: [], configs: [], ...extra }],
    timeoutMs: 30000,
    validateOnly: false,
  });
  const result = (b: Message | null) => (b!.topics as Message[])[0];

  it('zookeeper mode: only the controller creates (NOT_CONTROLLER elsewhere); the answer waits for leaders in its metadata cache', () => {
    const h = harness();
    const ctl = h.controllerBroker();
    const other = [1, 2, 3].find((b) => b !== ctl.id)!;
    expect(result(h.call(other, 'CreateTopics', 3, create('t', 2, 2)).body).errorCode).toBe(E('NOT_CONTROLLER'));
    expect(result(h.call(ctl.id, 'CreateTopics', 3, create('t', 2, 2)).body)).toMatchObject({ name: 't', errorCode: 0, errorMessage: null });
    expect([0, 1].every((p) => ctl.metadata.partitions.get(`t-${p}`)?.leader !== null && ctl.metadata.partitions.has(`t-${p}`))).toBe(true);
    expect(result(h.call(ctl.id, 'CreateTopics', 3, create('t', 1, 1)).body)).toMatchObject({
      errorCode: E('TOPIC_ALREADY_EXISTS'),
      errorMessage: "Topic 't' already exists.",
    });
    expect(result(h.call(ctl.id, 'CreateTopics', 3, create('u', 1, 4)).body)).toMatchObject({
      errorCode: E('INVALID_REPLICATION_FACTOR'),
      errorMessage: 'Replication factor: 4 larger than available brokers: 3.',
    });
    expect(result(h.call(ctl.id, 'CreateTopics', 3, create('v', 1, 1, { configs: [{ name: 'no.such.key', value: '1' }] })).body).errorCode).toBe(
      E('INVALID_CONFIG'),
    );
    expect(result(h.call(ctl.id, 'CreateTopics', 3, { ...create('w', 1, 1), validateOnly: true }).body).errorCode).toBe(0);
    expect(h.cluster.activeController()!.topics.has('w')).toBe(false);
    expect(result(h.call(ctl.id, 'CreateTopics', 3, create('x', -1, -1, { assignments: [{ partitionIndex: 0, brokerIds: [3, 1] }] })).body).errorCode).toBe(0);
    expect(h.cluster.activeController()!.topics.get('x')).toEqual([[3, 1]]);
  });

  it('kraft mode: any broker takes the request (forwarded to the controller, KIP-590)', () => {
    const h = harness({ mode: 'kraft' });
    expect(result(h.call(2, 'CreateTopics', 3, create('k', 3, 3)).body).errorCode).toBe(0);
    expect(h.cluster.activeController()!.topics.get('k')).toHaveLength(3);
  });

  it('DeleteTopics removes the replicas and their logs, the metadata, and the znodes; the name can be used again', () => {
    const h = withTopic();
    h.call(h.leader, 'Produce', 7, produceBody('orders', 0, batch(['a'])));
    const ctl = h.controllerBroker();
    const r = h.call(ctl.id, 'DeleteTopics', 1, { topicNames: ['orders', 'nope'], timeoutMs: 30000 }).body!;
    expect((r.responses as Message[]).map((x) => [x.name, x.errorCode])).toEqual([
      ['orders', 0],
      ['nope', E('UNKNOWN_TOPIC_OR_PARTITION')],
    ]);
    for (const b of h.cluster.brokers.values()) {
      expect(b.disk.list('orders-0/')).toEqual([]);
      expect(b.metadata.partitions.has('orders-0')).toBe(false);
    }
    expect(Object.keys(h.cluster.zk!.dump()).filter((p) => p.includes('orders'))).toEqual([]);
    expect(h.run.dump().topics.orders).toBeUndefined();
    expect(
      h.run.events
        .filter((e) => e.type === 'ReplicaDeleted')
        .map((e) => e.broker)
        .sort(),
    ).toEqual([1, 2, 3]);
    expect(result(h.call(ctl.id, 'CreateTopics', 3, create('orders', 1, 3)).body).errorCode).toBe(0);
  });

  it('kraft mode: the deletion is a RemoveTopicRecord in the metadata log; a new active controller does not bring the topic back', () => {
    const h = withTopic({ mode: 'kraft' });
    expect((h.call(2, 'DeleteTopics', 1, { topicNames: ['orders'], timeoutMs: 30000 }).body!.responses as Message[])[0].errorCode).toBe(0);
    expect(h.cluster.quorum!.log.some((r) => r.type === 'RemoveTopicRecord' && r.name === 'orders')).toBe(true);
    for (const b of h.cluster.brokers.values()) expect(b.disk.list('orders-0/')).toEqual([]);
    const active = h.cluster.quorum!.active!.id;
    h.cluster.quorum!.voters.find((v) => v.id === active)!.status = 'crashed'; // the quorum's leader dies: another replays the log
    h.step({ do: 'advance', ms: 10000 });
    expect(h.cluster.quorum!.active!.id).not.toBe(active);
    expect(h.cluster.activeController()!.topics.has('orders')).toBe(false);
    expect(h.run.dump().topics.orders).toBeUndefined();
  });
});

describe('consumer groups', () => {
  const sub = new Uint8Array([0, 0, 0, 0, 0, 1, 0, 6, ...enc.encode('orders'), 0, 0, 0, 0]); // ConsumerProtocolSubscription v0
  const join = (memberId: string) => ({
    groupId: 'g',
    sessionTimeoutMs: 10000,
    rebalanceTimeoutMs: 30000,
    memberId,
    groupInstanceId: null,
    protocolType: 'consumer',
    protocols: [{ name: 'RoundRobinAssigner', metadata: sub }],
    reason: null,
  });

  it('v5: MEMBER_ID_REQUIRED first (KIP-394), then a generation; the leader sees the member metadata as sent; SyncGroup hands back the leader bytes', () => {
    const h = withTopic();
    const coord = h.call(1, 'FindCoordinator', 2, { key: 'g', keyType: 0 }).body!;
    expect(coord.errorCode).toBe(E('COORDINATOR_NOT_AVAILABLE')); // __consumer_offsets is created on first use
    h.step({ do: 'advance', ms: 2000 });
    const found = h.call(1, 'FindCoordinator', 2, { key: 'g', keyType: 0 }).body!;
    expect(found).toMatchObject({ errorCode: 0, host: '127.0.0.1' });
    const c = found.nodeId as number;
    expect(found.port).toBe(9092 + c - 1);
    const first = h.call(c, 'JoinGroup', 5, join('')).body!;
    expect(first.errorCode).toBe(E('MEMBER_ID_REQUIRED'));
    expect(first.memberId).toMatch(/^test-client-/);
    const joined = h.call(c, 'JoinGroup', 5, join(first.memberId as string)).body!;
    expect(joined).toMatchObject({ errorCode: 0, generationId: 1, protocolName: 'RoundRobinAssigner', leader: first.memberId });
    expect((joined.members as Message[])[0].metadata).toEqual(sub);
    const assignment = new Uint8Array([0, 0, 0, 0, 0, 1, 0, 6, ...enc.encode('orders'), 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 3, 9, 9, 9]); // with 3 bytes of user data
    const synced = h.call(c, 'SyncGroup', 3, {
      groupId: 'g',
      generationId: 1,
      memberId: first.memberId,
      groupInstanceId: null,
      assignments: [{ memberId: first.memberId, assignment }],
    }).body!;
    expect(synced).toMatchObject({ errorCode: 0, assignment });
    expect(h.run.dump().groups.g).toMatchObject({ state: 'Stable', generation: 1, coordinator: c });
    expect(h.call(c, 'Heartbeat', 3, { groupId: 'g', generationId: 1, memberId: first.memberId, groupInstanceId: null }).body!.errorCode).toBe(0);
    expect(h.call(c, 'Heartbeat', 3, { groupId: 'g', generationId: 9, memberId: first.memberId, groupInstanceId: null }).body!.errorCode).toBe(
      E('ILLEGAL_GENERATION'),
    );
    const other = [1, 2, 3].find((b) => b !== c)!;
    expect(h.call(other, 'Heartbeat', 3, { groupId: 'g', generationId: 1, memberId: first.memberId, groupInstanceId: null }).body!.errorCode).toBe(
      E('NOT_COORDINATOR'),
    );
    const described = (h.call(c, 'DescribeGroups', 2, { groups: ['g'] }).body!.groups as Message[])[0];
    expect(described).toMatchObject({ groupState: 'Stable', protocolData: 'RoundRobinAssigner', protocolType: 'consumer' });
    expect((described.members as Message[])[0]).toMatchObject({ clientId: 'test-client', memberMetadata: sub, memberAssignment: assignment });
    expect(h.call(c, 'ListGroups', 2, {}).body!.groups).toEqual([{ groupId: 'g', protocolType: 'consumer' }]);
    const commit = h.call(c, 'OffsetCommit', 7, {
      groupId: 'g',
      generationIdOrMemberEpoch: 1,
      memberId: first.memberId,
      groupInstanceId: null,
      topics: [{ name: 'orders', partitions: [{ partitionIndex: 0, committedOffset: 42, committedLeaderEpoch: 0, committedMetadata: null }] }],
    }).body!;
    expect(((commit.topics as Message[])[0].partitions as Message[])[0].errorCode).toBe(0);
    const fetched = h.call(c, 'OffsetFetch', 7, { groupId: 'g', topics: null, requireStable: false }).body!;
    expect(((fetched.topics as Message[])[0].partitions as Message[])[0]).toMatchObject({ partitionIndex: 0, committedOffset: 42, committedLeaderEpoch: 0 });
    expect(h.call(c, 'LeaveGroup', 3, { groupId: 'g', members: [{ memberId: first.memberId, groupInstanceId: null }] }).body!).toMatchObject({
      errorCode: 0,
      members: [{ memberId: first.memberId, errorCode: 0 }],
    });
    expect(h.run.dump().groups.g).toMatchObject({ state: 'Empty', committed: { 'orders-0': 42 } });
  });

  it('v0-3 join at once (no KIP-394 round trip); v1 of OffsetFetch gives a coordinator error on each partition', () => {
    const h = withTopic();
    h.call(1, 'FindCoordinator', 0, { key: 'g' });
    h.step({ do: 'advance', ms: 2000 });
    const c = h.call(1, 'FindCoordinator', 0, { key: 'g' }).body!.nodeId as number;
    const j = h.call(c, 'JoinGroup', 3, join(''), { waitMs: 10000 }).body!;
    expect(j).toMatchObject({ errorCode: 0, generationId: 1 });
    const other = [1, 2, 3].find((b) => b !== c)!;
    const f = h.call(other, 'OffsetFetch', 1, { groupId: 'g', topics: [{ name: 'orders', partitionIndexes: [0] }] }).body!;
    expect(((f.topics as Message[])[0].partitions as Message[])[0]).toMatchObject({ committedOffset: -1, errorCode: E('NOT_COORDINATOR') });
    expect(h.call(c, 'JoinGroup', 5, { ...join(''), sessionTimeoutMs: 1000 }).body!.errorCode).toBe(E('INVALID_SESSION_TIMEOUT'));
  });
});

describe('requests travel the simulated network to the engine broker (KafkaApis.handle)', () => {
  const clientMessages = (events: { type: string; [k: string]: unknown }[]) =>
    events
      .filter((e) => e.type === 'MessageSent' && (/^client-/.test(String(e.from)) || /^client-/.test(String(e.to))))
      .map((e) => [e.api, String(e.from).replace(/\d+$/, 'N'), String(e.to).replace(/\d+$/, 'N'), e.response ?? false, e.lost ?? false]);

  it('a request and its response are messages between the connection (client-<n>) and the broker, named by API', () => {
    const h = withTopic();
    const from = h.run.events.length;
    expect(partResp(h.call(h.leader, 'Produce', 7, produceBody('orders', 0, batch(['a']))).body).errorCode).toBe(0);
    h.call(h.leader, 'Metadata', 6, { topics: null, allowAutoTopicCreation: false });
    expect(clientMessages(h.run.events.slice(from))).toEqual([
      ['Produce', 'client-N', 'broker-N', false, false],
      ['Produce', 'broker-N', 'client-N', true, false],
      ['Metadata', 'client-N', 'broker-N', false, false],
      ['Metadata', 'broker-N', 'client-N', true, false],
    ]);
  });

  it('a broker cut off from everyone never gets the request; after the heal it answers', () => {
    const h = withTopic();
    h.step({ do: 'isolate', broker: h.leader });
    expect(() => h.call(h.leader, 'Metadata', 6, { topics: null, allowAutoTopicCreation: false }, { waitMs: 5000 })).toThrow(/no answer/);
    h.step({ do: 'heal' });
    expect(h.call(h.leader, 'Metadata', 6, { topics: null, allowAutoTopicCreation: false }).body!.brokers).toBeDefined();
  });

  it('loseResponses loses the acknowledgement on its way back: the batch was appended all the same', () => {
    const h = withTopic();
    h.step({ do: 'loseResponses', broker: h.leader, api: 'Produce', count: 1 });
    const from = h.run.events.length;
    expect(() => h.call(h.leader, 'Produce', 7, produceBody('orders', 0, batch(['once']), 1), { waitMs: 5000 })).toThrow(/no answer/);
    expect(clientMessages(h.run.events.slice(from))).toEqual([
      ['Produce', 'client-N', 'broker-N', false, false],
      ['Produce', 'broker-N', 'client-N', true, true],
    ]);
    expect(h.cluster.brokers.get(h.leader)!.replicaManager.getPartition('orders', 0)!.log.logEndOffset).toBe(1);
  });

  it("a request to a broker whose process is down is refused: the client's connection closes", () => {
    const h = withTopic();
    h.step({ do: 'crashBroker', broker: h.leader });
    expect(h.call(h.leader, 'Metadata', 6, { topics: null, allowAutoTopicCreation: false }).closed).toMatch(
      new RegExp(`broker-${h.leader} closed the connection or refused it \\(Metadata\\)`),
    );
  });
});

describe('checkpoints (docs/engine.md, Snapshots)', () => {
  it('a run copied while a client fetch long-polls and an acks=all produce waits answers both connections with the same bytes as the original', () => {
    const h = withTopic();
    const fetch: Message = {
      replicaId: -1,
      maxWaitMs: 500,
      minBytes: 1,
      maxBytes: 50 << 20,
      isolationLevel: 0,
      sessionId: 0,
      sessionEpoch: -1,
      topics: [{ topic: 'orders', partitions: [{ partition: 0, currentLeaderEpoch: -1, fetchOffset: 0, logStartOffset: -1, partitionMaxBytes: 1 << 20 }] }],
      forgottenTopicsData: [],
      rackId: '',
    };
    h.channel.inject(h.leader, 501, encodeRequest('Fetch', 11, 1, 'reader', fetch).subarray(4));
    h.channel.inject(h.leader, 502, encodeRequest('Produce', 7, 2, 'writer', produceBody('orders', 0, batch(['x', 'y']))).subarray(4));
    h.run.runFor(1);
    // both wait inside the engine with the wire's continuations as Calls: the fetch in a DelayedFetch, the produce
    // in a DelayedProduce until the followers have the batch
    expect(h.channel.takeSent()).toEqual([]);
    const cp = h.run.checkpoint();
    const copy = ScenarioRun.restore(cp, h.run.events);
    h.run.runFor(1000);
    copy.runFor(1000);
    const sent = h.channel.takeSent();
    // the high watermark's move completes both: the DelayedProduce, then the DelayedFetch with the records
    expect(sent.map((s) => [s.connection, s.kind])).toEqual([
      [502, 'response'],
      [501, 'response'],
    ]);
    const copied = requestChannel(copy.cluster);
    expect(copied).not.toBe(h.channel);
    expect(copied.takeSent()).toEqual(sent);
    const fetched = decodeResponse('Fetch', 11, (sent[1] as { bytes: Uint8Array }).bytes.subarray(4));
    expect((((fetched.body.responses as Message[])[0].partitions as Message[])[0].records as Uint8Array).length).toBe(batch(['x', 'y']).length);
    const produced = decodeResponse('Produce', 7, (sent[0] as { bytes: Uint8Array }).bytes.subarray(4));
    expect(produced.correlationId).toBe(2);
    expect(partResp(produced.body)).toMatchObject({ errorCode: 0, baseOffset: 0 });
  });
});

/** A transactional producer on the wire as kafkajs runs one (transaction version 0: it adds its partitions itself). */
function txnClient(h: ReturnType<typeof withTopic>, transactionalId: string) {
  h.call(1, 'FindCoordinator', 2, { key: transactionalId, keyType: 1 });
  h.step({ do: 'advance', ms: 2000 }); // __transaction_state is created on first use
  const coordinator = h.call(1, 'FindCoordinator', 2, { key: transactionalId, keyType: 1 }).body!.nodeId as number;
  const id = { producerId: -1, producerEpoch: -1 };
  let sequence = 0;
  const c = {
    coordinator,
    id,
    init() {
      const r = h.call(coordinator, 'InitProducerId', 1, { transactionalId, transactionTimeoutMs: 60000 }).body!;
      Object.assign(id, { producerId: r.producerId, producerEpoch: r.producerEpoch });
      sequence = 0;
      return r;
    },
    /** AddPartitionsToTxn: the error code of each partition, in request order */
    add(partitions: { topic: string; partition: number }[], version = 1, as = id) {
      const b = h.call(coordinator, 'AddPartitionsToTxn', version, {
        v3AndBelowTransactionalId: transactionalId,
        v3AndBelowProducerId: as.producerId,
        v3AndBelowProducerEpoch: as.producerEpoch,
        v3AndBelowTopics: [...new Set(partitions.map((p) => p.topic))].map((name) => ({
          name,
          partitions: partitions.filter((p) => p.topic === name).map((p) => p.partition),
        })),
      }).body!;
      return (b.resultsByTopicV3AndBelow as Message[]).flatMap((t) => (t.resultsByPartition as Message[]).map((p) => p.partitionErrorCode));
    },
    produce(values: string[], as = id) {
      const records = encodeRecordBatch({
        baseOffset: 0,
        records: values.map((v) => ({ key: null, value: enc.encode(v), timestamp: 1_000 })),
        partitionLeaderEpoch: -1,
        producerId: as.producerId,
        producerEpoch: as.producerEpoch,
        baseSequence: sequence,
        transactional: true,
      });
      const r = partResp(h.call(h.leader, 'Produce', 7, { ...produceBody('orders', 0, records), transactionalId }).body);
      if (r.errorCode === 0) sequence += values.length;
      return r;
    },
    end(committed: boolean, version = 1, as = id) {
      return h.call(coordinator, 'EndTxn', version, { transactionalId, producerId: as.producerId, producerEpoch: as.producerEpoch, committed }).body!
        .errorCode as number;
    },
  };
  return c;
}

describe('a whole transaction on the wire (TransactionCoordinator.handleAddPartitionsToTransaction, handleEndTransaction)', () => {
  const fetchAll = (h: ReturnType<typeof withTopic>, isolationLevel: number) => {
    const b = h.call(h.leader, 'Fetch', 11, {
      replicaId: -1,
      maxWaitMs: 0,
      minBytes: 1,
      maxBytes: 1 << 20,
      isolationLevel,
      sessionId: 0,
      sessionEpoch: -1,
      topics: [{ topic: 'orders', partitions: [{ partition: 0, currentLeaderEpoch: -1, fetchOffset: 0, logStartOffset: -1, partitionMaxBytes: 1 << 20 }] }],
      forgottenTopicsData: [],
      rackId: '',
    }).body!;
    return ((b.responses as Message[])[0].partitions as Message[])[0];
  };
  const batchesOf = (records: Uint8Array) => {
    const out = [];
    for (let pos = 0; pos < records.length;) {
      const d = decodeRecordBatch(records, pos);
      out.push(d);
      pos += d.sizeInBytes;
    }
    return out;
  };

  it('commit then abort: each marker takes one offset; read_committed is told which producer aborted from where', () => {
    const h = withTopic();
    const c = txnClient(h, 'tx');
    expect(c.init()).toMatchObject({ errorCode: 0, producerEpoch: 0 });
    expect(c.add([{ topic: 'orders', partition: 0 }])).toEqual([0]);
    expect(c.produce(['a', 'b'])).toMatchObject({ errorCode: 0, baseOffset: 0 });
    expect(c.end(true)).toBe(0);
    h.step({ do: 'advance', ms: 1000 });
    expect(c.add([{ topic: 'orders', partition: 0 }])).toEqual([0]);
    expect(c.produce(['c'])).toMatchObject({ errorCode: 0, baseOffset: 3 });
    expect(c.end(false)).toBe(0);
    h.step({ do: 'advance', ms: 1000 });
    const log = h.cluster.brokers.get(h.leader)!.replicaManager.getPartition('orders', 0)!.log;
    // a, b, COMMIT, c, ABORT: every offset below the high watermark is stable again
    expect([log.logEndOffset, log.highWatermark, log.lastStableOffset]).toEqual([5, 5, 5]);
    const committed = fetchAll(h, 1);
    expect(committed.abortedTransactions).toEqual([{ producerId: c.id.producerId, firstOffset: 3 }]);
    const batches = batchesOf(committed.records as Uint8Array);
    expect(batches.map((b) => [b.header.baseOffset, b.control, (b.header.attributes & TRANSACTIONAL_MASK) !== 0])).toEqual([
      [0, false, true],
      [2, true, true],
      [3, false, true],
      [4, true, true],
    ]);
    // the coordinator's record of it: CompleteAbort, nothing pending
    expect(h.cluster.txns.dump().tx).toMatchObject({ state: 'CompleteAbort', pendingState: null, producerId: c.id.producerId, partitions: [] });
  });

  it('errors as Kafka returns them: INVALID_TXN_STATE, CONCURRENT_TRANSACTIONS while markers are out, an unknown partition', () => {
    const h = withTopic();
    const c = txnClient(h, 'tx');
    c.init();
    // endTransaction on Empty: nothing to commit
    expect(c.end(true)).toBe(E('INVALID_TXN_STATE'));
    // KafkaApis.handleAddPartitionsToTxnRequest: an unknown partition fails the request, the others are not attempted
    expect(
      c.add([
        { topic: 'orders', partition: 0 },
        { topic: 'orders', partition: 7 },
      ]),
    ).toEqual([E('OPERATION_NOT_ATTEMPTED'), E('UNKNOWN_TOPIC_OR_PARTITION')]);
    expect(c.add([{ topic: 'orders', partition: 0 }])).toEqual([0]);
    c.produce(['x']);
    expect(c.end(true)).toBe(0);
    // PrepareCommit until every marker is written: a new transaction must wait (retriable)
    expect(c.add([{ topic: 'orders', partition: 0 }])).toEqual([E('CONCURRENT_TRANSACTIONS')]);
    // so must an EndTxn: the transition to CompleteCommit is pending (pendingTransitionInProgress)
    expect(c.end(false)).toBe(E('CONCURRENT_TRANSACTIONS'));
    h.step({ do: 'advance', ms: 1000 });
    // once complete: the same commit again is answered NONE (a retry), an abort of it INVALID_TXN_STATE
    expect(c.end(true)).toBe(0);
    expect(c.end(false)).toBe(E('INVALID_TXN_STATE'));
    expect(c.add([{ topic: 'orders', partition: 0 }])).toEqual([0]);
  });

  it('a zombie is fenced: the new producer aborts its transaction; its writes and EndTxn get INVALID_PRODUCER_EPOCH (v1) or PRODUCER_FENCED (v2+)', () => {
    const h = withTopic();
    const zombie = txnClient(h, 'tx');
    zombie.init();
    zombie.add([{ topic: 'orders', partition: 0 }]);
    expect(zombie.produce(['zombie'])).toMatchObject({ errorCode: 0 });
    const old = { ...zombie.id };
    // the same transactional id starts again: handleInitProducerId fences the ongoing transaction and aborts it
    // (CONCURRENT_TRANSACTIONS until the abort is complete, then the bumped epoch)
    const fresh = txnClient(h, 'tx');
    expect(fresh.init().errorCode).toBe(E('CONCURRENT_TRANSACTIONS'));
    h.step({ do: 'advance', ms: 1000 });
    expect(fresh.init()).toMatchObject({ errorCode: 0, producerId: old.producerId });
    expect(fresh.id.producerEpoch).toBeGreaterThan(old.producerEpoch);
    expect(zombie.add([{ topic: 'orders', partition: 0 }], 1, old)).toEqual([E('INVALID_PRODUCER_EPOCH')]);
    expect(zombie.add([{ topic: 'orders', partition: 0 }], 2, old)).toEqual([E('PRODUCER_FENCED')]);
    expect(zombie.end(true, 1, old)).toBe(E('INVALID_PRODUCER_EPOCH'));
    expect(zombie.end(true, 3, old)).toBe(E('PRODUCER_FENCED'));
    // the ABORT marker carried the new epoch to the partition: an old-epoch batch is refused there
    expect(zombie.produce(['late'], old).errorCode).toBe(E('INVALID_PRODUCER_EPOCH'));
    const committed = fetchAll(h, 1);
    expect(committed.abortedTransactions).toEqual([{ producerId: old.producerId, firstOffset: 0 }]);
  });

  it('a waiting read_committed fetch counts bytes below the last stable offset only: answered by the commit, not the transaction writes (DelayedFetch)', () => {
    const h = withTopic();
    const c = txnClient(h, 'tx');
    c.init();
    c.add([{ topic: 'orders', partition: 0 }]);
    const body = (isolationLevel: number) => ({
      replicaId: -1,
      maxWaitMs: 20000,
      minBytes: 1,
      maxBytes: 1 << 20,
      isolationLevel,
      sessionId: 0,
      sessionEpoch: -1,
      topics: [{ topic: 'orders', partitions: [{ partition: 0, currentLeaderEpoch: -1, fetchOffset: 0, logStartOffset: -1, partitionMaxBytes: 1 << 20 }] }],
      forgottenTopicsData: [],
      rackId: '',
    });
    const committed = h.send(h.leader, 'Fetch', 11, body(1));
    const uncommitted = h.send(h.leader, 'Fetch', 11, body(0));
    c.produce(['a']);
    h.run.runFor(1000);
    const log = h.cluster.brokers.get(h.leader)!.replicaManager.getPartition('orders', 0)!.log;
    expect([log.highWatermark, log.lastStableOffset]).toEqual([1, 0]);
    expect(uncommitted.answered()).toBe(true);
    expect(committed.answered()).toBe(false);
    expect(c.end(true)).toBe(0);
    const got = ((committed.answer().body!.responses as Message[])[0].partitions as Message[])[0];
    expect(got).toMatchObject({ errorCode: 0, lastStableOffset: 2 });
    expect(batchesOf(got.records as Uint8Array).map((b) => [b.header.baseOffset, b.control])).toEqual([
      [0, false],
      [1, true],
    ]);
  });

  it('transactional records without a transactional id are refused (KafkaApis.handleProduceRequest)', () => {
    const h = withTopic();
    const records = encodeRecordBatch({
      baseOffset: 0,
      records: [{ key: null, value: enc.encode('x'), timestamp: 1 }],
      partitionLeaderEpoch: -1,
      producerId: 5,
      producerEpoch: 0,
      baseSequence: 0,
      transactional: true,
    });
    expect(partResp(h.call(h.leader, 'Produce', 7, produceBody('orders', 0, records)).body).errorCode).toBe(E('TRANSACTIONAL_ID_AUTHORIZATION_FAILED'));
  });
});

describe('transactions on the wire (the engine transaction coordinator, Kafka 4.0)', () => {
  const listLatest = (h: ReturnType<typeof harness>, broker: number, isolationLevel: number) => {
    const b = h.call(broker, 'ListOffsets', 3, {
      replicaId: -1,
      isolationLevel,
      topics: [{ name: 'orders', partitions: [{ partitionIndex: 0, currentLeaderEpoch: -1, timestamp: -1 }] }],
    }).body!;
    return ((b.topics as Message[])[0].partitions as Message[])[0];
  };

  it('FindCoordinator key_type 1 finds the transaction coordinator (CoordinatorType TRANSACTION); an unknown key type is INVALID_REQUEST', () => {
    const h = withTopic();
    expect(h.call(1, 'FindCoordinator', 2, { key: 'tx', keyType: 1 }).body!.errorCode).toBe(E('COORDINATOR_NOT_AVAILABLE')); // __transaction_state is created on first use
    h.step({ do: 'advance', ms: 2000 });
    const found = h.call(1, 'FindCoordinator', 2, { key: 'tx', keyType: 1 }).body!;
    expect(found.errorCode).toBe(0);
    const partition = h.cluster.txns.partitionFor('tx');
    expect(found.nodeId).toBe(h.cluster.activeController()!.states.get(`__transaction_state-${partition}`)!.leader);
    expect(found.port).toBe(9092 + (found.nodeId as number) - 1);
    expect(h.call(1, 'FindCoordinator', 2, { key: 'tx', keyType: 2 }).body).toMatchObject({ errorCode: E('INVALID_REQUEST'), nodeId: -1 });
  });

  it('InitProducerId with a transactional id goes to the coordinator: a new id, then the same id with a bumped epoch; elsewhere NOT_COORDINATOR', () => {
    const h = withTopic();
    h.call(1, 'FindCoordinator', 2, { key: 'tx', keyType: 1 });
    h.step({ do: 'advance', ms: 2000 });
    const c = h.call(1, 'FindCoordinator', 2, { key: 'tx', keyType: 1 }).body!.nodeId as number;
    const init = (b: number) => h.call(b, 'InitProducerId', 4, { transactionalId: 'tx', transactionTimeoutMs: 60000, producerId: -1, producerEpoch: -1 }).body!;
    const first = init(c);
    expect(first).toMatchObject({ errorCode: 0, producerEpoch: 0 });
    expect(first.producerId as number).toBeGreaterThanOrEqual(0);
    // TransactionCoordinator.handleInitProducerId on an Empty transaction: prepareIncrementProducerEpoch
    expect(init(c)).toMatchObject({ errorCode: 0, producerId: first.producerId, producerEpoch: 1 });
    expect(init([1, 2, 3].find((b) => b !== c)!).errorCode).toBe(E('NOT_COORDINATOR'));
    expect(h.run.events.some((e) => e.type === 'TxnStateChanged' && e.transactionalId === 'tx')).toBe(true);
    // without a transactional id: a fresh id, named after the wire client
    const plain = h.call(c, 'InitProducerId', 4, { transactionalId: null, transactionTimeoutMs: 60000, producerId: -1, producerEpoch: -1 }).body!;
    expect(plain).toMatchObject({ errorCode: 0, producerEpoch: 0 });
    expect(h.run.events.some((e) => e.type === 'ProducerIdAssigned' && e.producer === 'test-client' && e.producerId === plain.producerId)).toBe(true);
  });

  it('read_committed ListOffsets and Fetch stop at the last stable offset while a transaction is open (Partition.fetchOffsetForTimestamp)', () => {
    const h = withTopic({}, 3, {});
    h.step({ do: 'beginTransaction', producer: 'p', transactionalId: 'tx-open' });
    h.step({ do: 'produce', producer: 'p', topic: 'orders', partition: 0, value: 'open' });
    h.step({ do: 'advance', ms: 500 });
    const log = h.cluster.brokers.get(h.leader)!.replicaManager.getPartition('orders', 0)!.log;
    expect([log.highWatermark, log.lastStableOffset]).toEqual([1, 0]);
    expect(listLatest(h, h.leader, 0)).toMatchObject({ errorCode: 0, offset: 1 });
    expect(listLatest(h, h.leader, 1)).toMatchObject({ errorCode: 0, offset: 0 });
    const fetch = (isolationLevel: number) => {
      const b = h.call(h.leader, 'Fetch', 11, {
        replicaId: -1,
        maxWaitMs: 0,
        minBytes: 1,
        maxBytes: 1 << 20,
        isolationLevel,
        sessionId: 0,
        sessionEpoch: -1,
        topics: [{ topic: 'orders', partitions: [{ partition: 0, currentLeaderEpoch: -1, fetchOffset: 0, logStartOffset: -1, partitionMaxBytes: 1 << 20 }] }],
        forgottenTopicsData: [],
        rackId: '',
      }).body!;
      return ((b.responses as Message[])[0].partitions as Message[])[0];
    };
    expect(fetch(1)).toMatchObject({ errorCode: 0, highWatermark: 1, lastStableOffset: 0, records: new Uint8Array(0) });
    expect((fetch(0).records as Uint8Array).length).toBeGreaterThan(0);
    h.step({ do: 'commitTransaction', producer: 'p' });
    h.step({ do: 'advance', ms: 500 });
    // the COMMIT marker takes offset 1: everything up to it is stable
    expect(listLatest(h, h.leader, 1)).toMatchObject({ errorCode: 0, offset: 2 });
    expect(fetch(1)).toMatchObject({ highWatermark: 2, lastStableOffset: 2 });
  });
});
