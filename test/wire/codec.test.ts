// The protocol codec: primitives against Kafka's own vectors (ByteUtilsTest), every served message version round
// trip, and bytes from two clients no one here wrote — kafkajs 2.2.4's encoders and decoders, and the frames
// librdkafka 2.0.2 (kcat) sent to npm run cluster.
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { ProtocolError, Reader, Writer } from '../../src/wire/codec/primitives';
import { decodeMessage, encodeMessage, inVersions, type FieldSchema, type Message } from '../../src/wire/codec/schema';
import { MESSAGES } from '../../src/wire/protocol/messages';
import { SUPPORTED, decodeRequest, decodeResponse, encodeRequest, encodeResponse, type ApiName } from '../../src/wire/protocol/apis';
import { fromBase64, toBase64 } from '../../src/wire/codec/base64';
import { validateClientBatch } from '../../src/engine/broker/LogValidator';
import { encodeRecordBatch } from '../../src/storage/format/recordBatch';

const require = createRequire(import.meta.url);
const kjs = (path: string) => require(`kafkajs/src/protocol/${path}`);

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
const bytes = (h: string) => new Uint8Array(Buffer.from(h, 'hex'));

describe('primitives', () => {
  it('writes unsigned varints as Kafka does (ByteUtilsTest.testUnsignedVarintSerde)', () => {
    const cases: [number, string][] = [
      [0, '00'],
      [1, '01'],
      [63, '3f'],
      [64, '40'],
      [8191, 'ff3f'],
      [8192, '8040'],
      [1048575, 'ffff3f'],
      [1048576, '808040'],
      [2147483647, 'ffffffff07'],
      // Integer.MIN_VALUE and -1 as Java writes them: their unsigned 32-bit values
      [2147483648, '8080808008'],
      [4294967295, 'ffffffff0f'],
    ];
    for (const [v, h] of cases) {
      const w = new Writer();
      w.uvarint(v);
      expect(hex(w.bytesOut())).toBe(h);
      expect(new Reader(bytes(h)).uvarint()).toBe(v);
    }
    expect(() => new Reader(bytes('ffffffffff01')).uvarint()).toThrow(ProtocolError);
  });

  it('grows its buffer for a large records field and keeps every byte', () => {
    const big = new Uint8Array(300_000).map((_, i) => i * 7);
    const w = new Writer();
    w.int16(5);
    w.bytes(big);
    w.compactBytes(big);
    const r = new Reader(w.bytesOut());
    expect(r.int16()).toBe(5);
    expect(hex(r.bytes()!)).toBe(hex(big));
    expect(hex(r.compactBytes()!)).toBe(hex(big));
    expect(r.remaining).toBe(0);
  });

  it('refuses what runs past the end or claims more elements than bytes', () => {
    expect(() => new Reader(bytes('0005616263')).string()).toThrow(/truncated/);
    expect(() => new Reader(bytes('7fffffff')).arrayLength(false)).toThrow(/elements/);
    expect(() => new Reader(bytes('0002c328')).string()).toThrow(/UTF-8/);
  });

  it('base64 round-trips every length', () => {
    for (let n = 0; n < 10; n++) {
      const b = new Uint8Array(n).map((_, i) => 250 - i * 31);
      expect(toBase64(b)).toBe(Buffer.from(b).toString('base64'));
      expect(hex(fromBase64(toBase64(b))!)).toBe(hex(b));
    }
    expect(fromBase64('not base64!')).toBeNull();
  });
});

/** A message with every field of `version` set to a non-default value (tagged fields included, so they are written). */
function filled(fields: FieldSchema[], version: number, depth = 0): Message {
  const o: Message = {};
  for (const f of fields) {
    if (!inVersions(f.v, version)) continue;
    const one = (t: string): unknown => {
      switch (t) {
        case 'int8':
          return 7;
        case 'int16':
          return -2;
        case 'int32':
          return 123456 + depth;
        case 'int64':
          return 2 ** 40 + 5;
        case 'uint16':
          return 65000;
        case 'bool':
          return true;
        case 'string':
          return `s${depth}é`;
        case 'uuid':
          return 'AQIDBAUGBwgJCgsMDQ4PEA';
        case 'bytes':
          return new Uint8Array([1, 2, 3]);
        case 'records':
          return new Uint8Array([9, 9]);
      }
      throw new Error(t);
    };
    if (f.t.startsWith('[]')) o[f.n] = [0, 1].map(() => (f.f ? filled(f.f, version, depth + 1) : one(f.t.slice(2))));
    else if (f.f) o[f.n] = filled(f.f, version, depth + 1);
    else o[f.n] = one(f.t);
  }
  return o;
}

/** The fields `version` has (decoding also sets the others, to their defaults). */
function inVersion(fields: FieldSchema[], version: number, o: Message): Message {
  const out: Message = {};
  for (const f of fields) {
    if (!inVersions(f.v, version)) continue;
    const v = o[f.n];
    out[f.n] = f.f && Array.isArray(v) ? v.map((x) => inVersion(f.f!, version, x as Message)) : f.f && v ? inVersion(f.f, version, v as Message) : v;
  }
  return out;
}

describe('every served message version', () => {
  for (const [api, [lo, hi]] of Object.entries(SUPPORTED) as [ApiName, readonly [number, number]][]) {
    it(`${api} v${lo}-${hi}: request and response round trip byte for byte`, () => {
      for (let v = lo; v <= hi; v++) {
        for (const schema of [MESSAGES[api].request, MESSAGES[api].response]) {
          const m = filled(schema.fields, v);
          const w = new Writer();
          encodeMessage(schema, v, m, w);
          const first = w.bytesOut();
          const r = new Reader(first);
          const back = decodeMessage(schema, v, r);
          expect(r.remaining).toBe(0);
          expect(inVersion(schema.fields, v, back)).toEqual(m);
          const again = new Writer();
          encodeMessage(schema, v, back, again);
          expect(hex(again.bytesOut())).toBe(hex(first));
        }
      }
    });
  }
});

describe('flexible versions (KIP-482)', () => {
  it('skips an unknown tagged field and refuses a tagged field that claims more bytes than remain (RequestResponseTest.testValid/InvalidTaggedFields...)', () => {
    const head = encodeRequest('ApiVersions', 3, 1, 'c', { clientSoftwareName: 'x', clientSoftwareVersion: '1' });
    const body = head.subarray(4, head.length - 1); // without the body's empty tag section
    const good = new Uint8Array([...body, 1, 1, 3, 1, 2, 3]); // one tag: 1, size 3
    const r = decodeRequest(good);
    expect(r.kind === 'request' && r.body.clientSoftwareName).toBe('x');
    const bad = new Uint8Array([...body, 1, 1, 0x7f, 1, 2, 3]);
    expect(() => decodeRequest(bad)).toThrow(/truncated: 127 bytes needed/);
  });

  it('writes a tagged field only when it differs from its default, sorted by tag', () => {
    const w = new Writer();
    encodeMessage(MESSAGES.ApiVersions.response, 3, { errorCode: 0, apiKeys: [], throttleTimeMs: 0, finalizedFeaturesEpoch: 5, zkMigrationReady: true }, w);
    // error 0000, apiKeys compact empty 01, throttle 00000000, tags: 2 of them: tag 1 (8 bytes int64 = 5), tag 3 (bool)
    expect(hex(w.bytesOut())).toBe('0000' + '01' + '00000000' + '02' + '0108' + '0000000000000005' + '030101');
  });
});

describe('framing', () => {
  it('refuses an unknown API, a version it does not serve, trailing bytes and a null where Kafka allows none', () => {
    expect(() => decodeRequest(bytes('03e70000000000010000'))).toThrow(/unknown API key 999/);
    expect(() =>
      decodeRequest(
        encodeRequest('Metadata', 6, 1, 'c', { topics: null })
          .subarray(4)
          .map((b, i) => (i === 3 ? 9 : b)),
      ),
    ).toThrow(/Metadata version 9 is not supported/);
    const ok = encodeRequest('Heartbeat', 3, 1, 'c', { groupId: 'g', generationId: 1, memberId: 'm', groupInstanceId: null }).subarray(4);
    expect(() => decodeRequest(new Uint8Array([...ok, 0]))).toThrow(/1 bytes left/);
    const nullName = encodeRequest('Metadata', 6, 1, 'c', { topics: [{ name: 'x' }] }).subarray(4);
    const patched = new Uint8Array(nullName);
    patched.set([0xff, 0xff], patched.length - 4); // the topic name's length becomes -1: its 'x' and allowAutoTopicCreation remain
    expect(() => decodeRequest(patched.subarray(0, patched.length - 2))).toThrow(/non-nullable field name/);
  });

  it('answers an ApiVersions version it does not serve with v0 (KIP-511)', () => {
    const r = decodeRequest(bytes('0012006300000007ffff'));
    expect(r.kind).toBe('unsupportedApiVersions');
    expect(r.head.correlationId).toBe(7);
  });
});

describe('kafkajs 2.2.4 (another implementation) agrees', () => {
  const frame = async (request: unknown) => {
    const enc = await kjs('request')({ correlationId: 42, clientId: 'kafkajs', request });
    return new Uint8Array(enc.buffer.subarray(4));
  };

  const cases: [ApiName, string, unknown][] = [
    ['Metadata', 'requests/metadata/v6/request', { topics: ['orders', 'audit'], allowAutoTopicCreation: false }],
    [
      'Fetch',
      'requests/fetch/v11/request',
      {
        replicaId: -1,
        maxWaitTime: 5000,
        minBytes: 1,
        maxBytes: 10485760,
        isolationLevel: 1,
        topics: [{ topic: 'orders', partitions: [{ partition: 2, currentLeaderEpoch: 4, fetchOffset: '77', logStartOffset: '-1', maxBytes: 1048576 }] }],
      },
    ],
    [
      'ListOffsets',
      'requests/listOffsets/v3/request',
      { replicaId: -1, isolationLevel: 1, topics: [{ topic: 'orders', partitions: [{ partition: 0, timestamp: -2 }] }] },
    ],
    ['FindCoordinator', 'requests/findCoordinator/v2/request', { coordinatorKey: 'audit', coordinatorType: 0 }],
    [
      'JoinGroup',
      'requests/joinGroup/v5/request',
      {
        groupId: 'audit',
        sessionTimeout: 30000,
        rebalanceTimeout: 60000,
        memberId: '',
        protocolType: 'consumer',
        groupProtocols: [{ name: 'RoundRobinAssigner', metadata: Buffer.from([0, 1, 0, 0, 0, 0]) }],
      },
    ],
    [
      'SyncGroup',
      'requests/syncGroup/v3/request',
      { groupId: 'audit', generationId: 3, memberId: 'm-1', groupAssignment: [{ memberId: 'm-1', memberAssignment: Buffer.from([0, 0, 0, 0, 0, 0]) }] },
    ],
    ['Heartbeat', 'requests/heartbeat/v3/request', { groupId: 'audit', groupGenerationId: 3, memberId: 'm-1', groupInstanceId: null }],
    ['LeaveGroup', 'requests/leaveGroup/v3/request', { groupId: 'audit', members: [{ memberId: 'm-1' }] }],
    [
      'OffsetCommit',
      'requests/offsetCommit/v5/request',
      { groupId: 'audit', groupGenerationId: 3, memberId: 'm-1', topics: [{ topic: 'orders', partitions: [{ partition: 1, offset: '500' }] }] },
    ],
    ['OffsetFetch', 'requests/offsetFetch/v4/request', { groupId: 'audit', topics: [{ topic: 'orders', partitions: [{ partition: 0 }, { partition: 1 }] }] }],
    ['InitProducerId', 'requests/initProducerId/v1/request', { transactionalId: null, transactionTimeout: 60000 }],
    [
      'CreateTopics',
      'requests/createTopics/v3/request',
      {
        topics: [{ topic: 'orders', numPartitions: 3, replicationFactor: 3, configEntries: [{ name: 'min.insync.replicas', value: '2' }] }],
        timeout: 5000,
        validateOnly: false,
      },
    ],
    ['DeleteTopics', 'requests/deleteTopics/v1/request', { topics: ['orders'], timeout: 5000 }],
    ['DescribeGroups', 'requests/describeGroups/v2/request', { groupIds: ['audit'] }],
    ['ListGroups', 'requests/listGroups/v2/request', {}],
    ['ApiVersions', 'requests/apiVersions/v2/request', undefined],
    [
      'AddPartitionsToTxn',
      'requests/addPartitionsToTxn/v1/request',
      { transactionalId: 'tx', producerId: '4000', producerEpoch: 3, topics: [{ topic: 'orders', partitions: [0, 2] }] },
    ],
    ['EndTxn', 'requests/endTxn/v1/request', { transactionalId: 'tx', producerId: '4000', producerEpoch: 3, transactionResult: true }],
  ];

  for (const [api, path, args] of cases) {
    it(`${api}: kafkajs's request bytes decode, and encode back to the same bytes`, async () => {
      const bytesIn = await frame(kjs(path)(args));
      const r = decodeRequest(bytesIn);
      if (r.kind !== 'request') throw new Error('not a request');
      expect(r.api).toBe(api);
      expect(r.head).toMatchObject({ correlationId: 42, clientId: 'kafkajs' });
      expect(hex(encodeRequest(api, r.head.apiVersion, 42, 'kafkajs', r.body).subarray(4))).toBe(hex(bytesIn));
    });
  }

  it('a Produce v7 request carries the RecordBatch kafkajs built; the broker accepts it as one valid batch', async () => {
    const produce = kjs('requests/produce/v7/request');
    const req = produce({
      acks: -1,
      timeout: 30000,
      producerId: require('kafkajs/src/utils/long').fromInt(12),
      producerEpoch: 0,
      topicData: [
        {
          topic: 'orders',
          partitions: [
            {
              partition: 1,
              firstSequence: 40,
              messages: [
                { key: 'k', value: 'v1', timestamp: 1700000000000 },
                { key: null, value: 'v2', timestamp: 1700000000001 },
              ],
            },
          ],
        },
      ],
    });
    const r = decodeRequest(await frame(req));
    if (r.kind !== 'request') throw new Error('not a request');
    const pd = (r.body.topicData as { partitionData: { index: number; records: Uint8Array }[] }[])[0].partitionData[0];
    const c = validateClientBatch(pd.records);
    if ('error' in c) throw new Error(c.message);
    expect(c.producerId).toBe(12);
    expect(c.baseSequence).toBe(40);
    expect(c.records.map((x) => new TextDecoder().decode(x.value!))).toEqual(['v1', 'v2']);
  });

  it("kafkajs's decoders read our Metadata, Produce, Fetch, JoinGroup and ApiVersions responses", async () => {
    const decode = async (api: ApiName, version: number, path: string, body: Message) => {
      const bytesOut = encodeResponse(api, version, 9, body);
      const payload = Buffer.from(bytesOut.subarray(8)); // size and correlation id read by kafkajs's connection
      expect(new DataView(bytesOut.buffer).getInt32(4)).toBe(9);
      const m = kjs(path);
      const d = await m.decode(payload);
      return m.parse ? m.parse(d) : d;
    };
    const meta = await decode('Metadata', 6, 'requests/metadata/v6/response', {
      throttleTimeMs: 0,
      brokers: [{ nodeId: 1, host: '127.0.0.1', port: 9092, rack: null }],
      clusterId: 'kafka-anatomy',
      controllerId: 1,
      topics: [
        {
          errorCode: 0,
          name: 'orders',
          isInternal: false,
          partitions: [{ errorCode: 0, partitionIndex: 0, leaderId: 1, replicaNodes: [1, 2], isrNodes: [1], offlineReplicas: [2] }],
        },
      ],
    });
    expect(meta.brokers).toEqual([{ nodeId: 1, host: '127.0.0.1', port: 9092, rack: null }]);
    expect(meta.topicMetadata[0].partitionMetadata[0]).toMatchObject({ partitionId: 0, leader: 1, replicas: [1, 2], isr: [1], offlineReplicas: [2] });
    const prod = await decode('Produce', 7, 'requests/produce/v7/response', {
      responses: [{ name: 'orders', partitionResponses: [{ index: 1, errorCode: 0, baseOffset: 42, logAppendTimeMs: -1, logStartOffset: 0 }] }],
      throttleTimeMs: 0,
    });
    expect(prod.topics[0].partitions[0]).toMatchObject({ partition: 1, errorCode: 0, baseOffset: '42' });
    const batch = encodeRecordBatch({
      baseOffset: 5,
      records: [{ key: null, value: new TextEncoder().encode('hello'), timestamp: 1700000000000 }],
      partitionLeaderEpoch: 0,
    });
    const fetch = await decode('Fetch', 11, 'requests/fetch/v11/response', {
      throttleTimeMs: 0,
      errorCode: 0,
      sessionId: 0,
      responses: [
        {
          topic: 'orders',
          partitions: [
            {
              partitionIndex: 0,
              errorCode: 0,
              highWatermark: 6,
              lastStableOffset: 6,
              logStartOffset: 0,
              abortedTransactions: null,
              preferredReadReplica: -1,
              records: batch,
            },
          ],
        },
      ],
    });
    expect(fetch.responses[0].partitions[0]).toMatchObject({ partition: 0, highWatermark: '6' });
    expect(String(fetch.responses[0].partitions[0].messages[0].value)).toBe('hello');
    const join = await decode('JoinGroup', 5, 'requests/joinGroup/v5/response', {
      throttleTimeMs: 0,
      errorCode: 0,
      generationId: 2,
      protocolName: 'RoundRobinAssigner',
      leader: 'a',
      memberId: 'a',
      members: [{ memberId: 'a', groupInstanceId: null, metadata: new Uint8Array([0, 1]) }],
    });
    expect(join).toMatchObject({ generationId: 2, groupProtocol: 'RoundRobinAssigner', leaderId: 'a', memberId: 'a' });
    const av = await decode('ApiVersions', 2, 'requests/apiVersions/v2/response', {
      errorCode: 0,
      apiKeys: [{ apiKey: 0, minVersion: 3, maxVersion: 7 }],
      throttleTimeMs: 0,
    });
    expect(av.apiVersions).toEqual([{ apiKey: 0, minVersion: 3, maxVersion: 7 }]);
  });

  it("kafkajs's decoders read our AddPartitionsToTxn and EndTxn responses, and raise the errors they carry", async () => {
    const read = async (api: ApiName, path: string, body: Message) => {
      const m = kjs(path);
      return m.parse(await m.decode(Buffer.from(encodeResponse(api, 1, 9, body).subarray(8))));
    };
    const added = await read('AddPartitionsToTxn', 'requests/addPartitionsToTxn/v1/response', {
      throttleTimeMs: 0,
      resultsByTopicV3AndBelow: [{ name: 'orders', resultsByPartition: [{ partitionIndex: 2, partitionErrorCode: 0 }] }],
    });
    expect(added.errors).toEqual([{ topic: 'orders', partitionErrors: [{ partition: 2, errorCode: 0 }] }]);
    await expect(
      read('AddPartitionsToTxn', 'requests/addPartitionsToTxn/v1/response', {
        throttleTimeMs: 0,
        resultsByTopicV3AndBelow: [{ name: 'orders', resultsByPartition: [{ partitionIndex: 2, partitionErrorCode: 51 }] }],
      }),
    ).rejects.toMatchObject({ type: 'CONCURRENT_TRANSACTIONS', retriable: true });
    expect(await read('EndTxn', 'requests/endTxn/v1/response', { throttleTimeMs: 0, errorCode: 0 })).toMatchObject({ errorCode: 0 });
    await expect(read('EndTxn', 'requests/endTxn/v1/response', { throttleTimeMs: 0, errorCode: 47 })).rejects.toMatchObject({
      type: 'INVALID_PRODUCER_EPOCH',
      retriable: false,
    });
  });
});

describe('librdkafka 2.0.2 (kcat 1.7.1): the frames it sent', () => {
  const { frames } = JSON.parse(readFileSync(new URL('./fixtures/librdkafka-frames.json', import.meta.url), 'utf8')) as {
    frames: { api: ApiName; version: number; hex: string }[];
  };

  it('covers the flexible versions it uses', () => {
    expect(frames.map((f) => `${f.api}${f.version}`)).toEqual(
      expect.arrayContaining(['ApiVersions3', 'InitProducerId4', 'OffsetFetch7', 'Produce7', 'Fetch11', 'JoinGroup5']),
    );
  });

  for (const f of frames) {
    it(`${f.api} v${f.version}: decodes and encodes back to librdkafka's bytes`, () => {
      const r = decodeRequest(bytes(f.hex));
      if (r.kind !== 'request') throw new Error('not a request');
      expect([r.api, r.head.apiVersion, r.head.clientId]).toEqual([f.api, f.version, 'rdkafka']);
      expect(hex(encodeRequest(r.api, f.version, r.head.correlationId, r.head.clientId, r.body).subarray(4))).toBe(f.hex);
      if (f.api === 'ApiVersions') expect(r.body).toMatchObject({ clientSoftwareName: 'librdkafka' });
      if (f.api === 'InitProducerId') expect(r.body).toMatchObject({ transactionalId: null, producerId: -1, producerEpoch: -1 });
      if (f.api === 'Produce') {
        const pd = (r.body.topicData as { name: string; partitionData: { index: number; records: Uint8Array }[] }[])[0];
        const c = validateClientBatch(pd.partitionData[0].records);
        if ('error' in c) throw new Error(c.message);
        expect(c.producerId).toBeGreaterThanOrEqual(0); // an idempotent producer's batch
        expect(c.baseSequence).toBe(0);
      }
    });
  }

  it('a response to librdkafka uses header v1 for flexible versions but v0 for ApiVersions (KIP-511)', () => {
    const flexible = decodeResponse(
      'InitProducerId',
      4,
      encodeResponse('InitProducerId', 4, 3, { throttleTimeMs: 0, errorCode: 0, producerId: 7, producerEpoch: 0 }).subarray(4),
    );
    expect(flexible).toMatchObject({ correlationId: 3, body: { producerId: 7 } });
    const av = encodeResponse('ApiVersions', 3, 3, { errorCode: 0, apiKeys: [], throttleTimeMs: 0 });
    // size, correlation id, then the body at once: no tag section in the header
    expect(hex(av.subarray(4, 10))).toBe('00000003' + '0000');
  });
});
