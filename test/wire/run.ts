// End-to-end checks with clients no one here wrote: kafkajs 2.2.4 and librdkafka 2.0.2 (Debian's kcat 1.7.1)
// against `npm run cluster`. Prints "N passed, M failed" last and exits non-zero on a failure.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from 'node:net';
import { Kafka, logLevel } from 'kafkajs';
import { decodeResponse, SUPPORTED } from '../../src/wire/protocol/apis';
import { startCluster, type RunningCluster } from './cluster';
import { appChecks } from './app';
import { assert, errorTypes, kcat, sleep } from './checks';
import { transactionChecks } from './txn';
import { runScenario } from '../../src/scenario/runner';
import { validateScenario } from '../../src/scenario/validate';

process.env.KAFKAJS_NO_PARTITIONER_WARNING = '1';

const results: { name: string; ok: boolean }[] = [];

async function check(name: string, fn: () => Promise<void>): Promise<boolean> {
  const t0 = Date.now();
  try {
    await fn();
    results.push({ name, ok: true });
    console.log(`ok   ${name} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
    return true;
  } catch (e) {
    results.push({ name, ok: false });
    console.log(`FAIL ${name}\n     ${e instanceof Error ? (e.stack ?? e.message).split('\n').slice(0, 8).join('\n     ') : String(e)}`);
    return false;
  }
}

/** The first path where two JSON values differ (for a readable failure). */
function firstDifference(a: unknown, b: unknown, path = ''): string {
  if (JSON.stringify(a) === JSON.stringify(b)) return '';
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) {
      const d = firstDifference((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${path}.${k}`);
      if (d) return d;
    }
  }
  return `${path}: ${JSON.stringify(a)?.slice(0, 200)} vs ${JSON.stringify(b)?.slice(0, 200)}`;
}

const TOPIC = 'payments';
const RECORDS = 1000;
const PER_SEND = 10;

/** The test's story: RF 3 topic, idempotent acks=all producer while the leader crashes, a group of two consumers. */
async function story(c: RunningCluster): Promise<void> {
  // what the clients went through: their warnings and errors (a refused connection, NOT_LEADER_OR_FOLLOWER)
  const felt: string[] = [];
  const logCreator =
    () =>
    ({ log }: { log: { message: string; error?: string } }) =>
      void felt.push(`${log.message} ${log.error ?? ''}`);
  const kafka = new Kafka({
    clientId: 'e2e',
    brokers: c.brokers,
    logLevel: logLevel.WARN,
    logCreator,
    retry: { retries: 12, initialRetryTime: 200, maxRetryTime: 3000 },
  });
  const admin = kafka.admin();
  await admin.connect();
  assert(await admin.createTopics({ topics: [{ topic: TOPIC, numPartitions: 3, replicationFactor: 3 }], waitForLeaders: true }), 'createTopics returned false');
  const meta = await admin.fetchTopicMetadata({ topics: [TOPIC] });
  const p0 = meta.topics[0].partitions.find((p) => p.partitionId === 0)!;
  assert(p0.replicas.length === 3 && p0.isr.length === 3, `RF 3 with a full ISR, got ${JSON.stringify(p0)}`);
  const victim = p0.leader;
  // the group coordinator's topic is made now: with a broker down, a 3-broker cluster could not create
  // __consumer_offsets at offsets.topic.replication.factor 3 (COORDINATOR_NOT_AVAILABLE, as in Kafka)
  assert((await admin.describeGroups(['audit'])).groups[0].state === 'Dead', 'the group does not exist yet');

  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  const acked = new Set<string>();
  let crashed = '';
  for (let i = 0; i < RECORDS; i += PER_SEND) {
    if (i === 300) crashed = await c.send(JSON.stringify({ do: 'crashBroker', broker: victim }));
    const messages = Array.from({ length: PER_SEND }, (_, k) => ({ key: `k${i + k}`, value: `value-${i + k}` }));
    await producer.send({ topic: TOPIC, acks: -1, messages });
    for (const m of messages) acked.add(m.value);
  }
  assert(/^ok step \d+ crashBroker/.test(crashed), `the crash step answered "${crashed}"`);
  assert(
    felt.some((l) => /ECONNREFUSED|Connection|leader/i.test(l)),
    `the producer should have felt the crash: ${felt.slice(0, 5)}`,
  );
  await producer.disconnect();
  const after = await admin.fetchTopicMetadata({ topics: [TOPIC] });
  const moved = after.topics[0].partitions.find((p) => p.partitionId === 0)!;
  assert(moved.leader !== victim, `partition 0 should have a new leader after broker ${victim} crashed, still ${moved.leader}`);
  assert(acked.size === RECORDS, `every send should be acknowledged, ${acked.size} were`);

  // a group of two consumers; both join within the initial rebalance delay (one generation)
  const seen = new Map<string, number>();
  const members = new Map<string, Set<number>>();
  const consumers = ['c1', 'c2'].map((id) => new Kafka({ clientId: id, brokers: c.brokers, logLevel: logLevel.NOTHING }).consumer({ groupId: 'audit' }));
  for (const consumer of consumers) {
    await consumer.connect();
    await consumer.subscribe({ topic: TOPIC, fromBeginning: true });
  }
  await Promise.all(
    consumers.map((consumer, n) =>
      consumer.run({
        eachMessage: async ({ partition, message }) => {
          const v = String(message.value);
          seen.set(v, (seen.get(v) ?? 0) + 1);
          const set = members.get(`c${n + 1}`) ?? new Set<number>();
          set.add(partition);
          members.set(`c${n + 1}`, set);
        },
      }),
    ),
  );
  const deadline = Date.now() + 90000;
  while ([...acked].some((v) => !seen.has(v)) && Date.now() < deadline) await sleep(200);
  await sleep(1000); // a late duplicate would show up now
  const described = await admin.describeGroups(['audit']);
  for (const consumer of consumers) await consumer.disconnect();
  const missing = [...acked].filter((v) => !seen.has(v));
  const twice = [...seen].filter(([, n]) => n > 1);
  assert(missing.length === 0, `${missing.length} acknowledged records were never consumed, e.g. ${missing.slice(0, 3)}`);
  assert(twice.length === 0, `${twice.length} records were consumed more than once, e.g. ${JSON.stringify(twice.slice(0, 3))}`);
  assert(seen.size === RECORDS, `consumed ${seen.size} distinct values, expected ${RECORDS}`);
  assert(members.size === 2, `both consumers should have received records, got ${[...members.keys()]}`);
  const g = described.groups[0];
  assert(g.state === 'Stable' && g.members.length === 2, `the group should be Stable with two members: ${g.state}, ${g.members.length}`);

  // the crashed broker comes back: kcat sees three brokers and reads the same values
  const started = await c.send(JSON.stringify({ do: 'startBroker', broker: victim }));
  assert(/^ok step \d+ startBroker/.test(started), `the restart answered "${started}"`);
  const list = kcat(['-b', c.brokers[0], '-L', '-t', TOPIC]);
  assert(list.status === 0, `kcat -L failed: ${list.stderr}`);
  for (const b of c.brokers) assert(list.stdout.includes(`at ${b}`), `kcat -L should list ${b}:\n${list.stdout}`);
  assert(/3 brokers:/.test(list.stdout) && list.stdout.includes(`topic "${TOPIC}" with 3 partitions`), `kcat -L:\n${list.stdout}`);
  const read = kcat(['-b', c.brokers[1], '-C', '-t', TOPIC, '-o', 'beginning', '-e', '-q', '-f', '%s\\n']);
  assert(read.status === 0, `kcat -C failed: ${read.stderr}`);
  const values = read.stdout.split('\n').filter(Boolean);
  assert(
    values.length === RECORDS && new Set(values).size === RECORDS && values.every((v) => acked.has(v)),
    `kcat -C -e read ${values.length} values (${new Set(values).size} distinct)`,
  );
  await admin.disconnect();
}

/** kcat: an idempotent producer (-P), a consumer group (-G) whose commits kafkajs reads back, and -C. */
async function kcatGroup(c: RunningCluster): Promise<void> {
  const kafka = new Kafka({ clientId: 'kcat-check', brokers: c.brokers, logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic: 'lines', numPartitions: 2, replicationFactor: 3 }], waitForLeaders: true });
  const lines = Array.from({ length: 50 }, (_, i) => `line-${i}`);
  const put = kcat(['-b', c.brokers[0], '-P', '-t', 'lines', '-X', 'enable.idempotence=true'], lines.join('\n') + '\n');
  assert(put.status === 0, `kcat -P failed: ${put.stderr}`);
  const got = kcat(['-b', c.brokers[0], '-G', 'liners', '-o', 'beginning', '-e', '-q', '-f', '%s\\n', 'lines']);
  assert(got.status === 0, `kcat -G failed: ${got.stderr}`);
  const read = got.stdout.split('\n').filter(Boolean).sort();
  assert(JSON.stringify(read) === JSON.stringify([...lines].sort()), `kcat -G read ${read.length} lines: ${read.slice(0, 5)}`);
  const offsets = await admin.fetchOffsets({ groupId: 'liners', topics: ['lines'] });
  // a partition the producer left empty has no commit (-1)
  const committed = offsets[0].partitions.reduce((n, p) => n + Math.max(0, Number(p.offset)), 0);
  assert(committed === 50, `librdkafka's group should have committed offsets summing to 50, got ${JSON.stringify(offsets)}`);
  const more = kcat(['-b', c.brokers[0], '-G', 'liners', '-e', '-q', '-f', '%s\\n', 'lines']);
  assert(
    more.status === 0 && more.stdout.trim() === '',
    `a second kcat -G of the group starts at its committed offsets and reads nothing: ${more.stdout.slice(0, 200)}`,
  );
  await admin.disconnect();
}

/** acks=all with fewer in-sync replicas than min.insync.replicas: NOT_ENOUGH_REPLICAS reaches the client. */
async function notEnoughReplicas(c: RunningCluster): Promise<void> {
  const kafka = new Kafka({ clientId: 'strict', brokers: c.brokers, logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({
    topics: [{ topic: 'strict', numPartitions: 1, replicationFactor: 2, configEntries: [{ name: 'min.insync.replicas', value: '2' }] }],
    waitForLeaders: true,
  });
  const p = (await admin.fetchTopicMetadata({ topics: ['strict'] })).topics[0].partitions[0];
  const follower = p.replicas.find((r) => r !== p.leader)!;
  // no retries: the first answer is the error (kafkajs would retry NOT_ENOUGH_REPLICAS, a retriable error)
  const producer = kafka.producer({ retry: { retries: 0 } });
  await producer.connect();
  await producer.send({ topic: 'strict', acks: -1, messages: [{ value: 'before' }] });
  assert(/^ok/.test(await c.send(JSON.stringify({ do: 'crashBroker', broker: follower }))), 'crash the follower');
  try {
    // the controller drops the follower from the ISR once its ZooKeeper session expires
    const deadline = Date.now() + 60000;
    for (;;) {
      const now = (await admin.fetchTopicMetadata({ topics: ['strict'] })).topics[0].partitions[0];
      if (now.isr.length === 1) break;
      assert(Date.now() < deadline, `the ISR never shrank: ${JSON.stringify(now)}`);
      await sleep(500);
    }
    // kafkajs may still try the crashed broker (a metadata refresh) and, with no retries, fail with a refused
    // connection: that is not the answer under test, so only that is tried again
    let error: unknown = null;
    for (let attempt = 0; ; attempt++) {
      try {
        await producer.send({ topic: 'strict', acks: -1, messages: [{ value: 'after' }] });
        error = null;
      } catch (e) {
        error = e;
      }
      if (attempt >= 10 || !/ECONNREFUSED|Connection|ECONNRESET/i.test(String(error))) break;
      await sleep(500);
    }
    // kafkajs wraps the protocol error (KafkaJSProtocolError, type NOT_ENOUGH_REPLICAS, code 19) in its retrier's error
    const types = errorTypes(error);
    assert(types.includes('NOT_ENOUGH_REPLICAS'), `expected NOT_ENOUGH_REPLICAS, got ${String(error)} (${types})`);
    const ok = await producer.send({ topic: 'strict', acks: 1, messages: [{ value: 'acks1' }] });
    assert(ok[0].errorCode === 0, 'acks=1 is still accepted by the leader alone');
  } finally {
    // whatever happened, the next checks (RF 3 topics) need every broker back
    await producer.disconnect().catch(() => undefined);
    await admin.disconnect().catch(() => undefined);
    assert(/^ok/.test(await c.send(JSON.stringify({ do: 'startBroker', broker: follower }))), 'restart the follower');
  }
}

/** What Kafka refuses by closing the connection closes only that one; ApiVersions of an unknown version is answered. */
async function badRequests(c: RunningCluster): Promise<void> {
  const [host, port] = c.brokers[0].split(':');
  /** Sends one frame; resolves with the reply when a whole response came back, or with closed when the server hung up. */
  const exchange = (frame: Uint8Array) =>
    new Promise<{ closed: boolean; reply: Buffer }>((resolve) => {
      const s = connect(Number(port), host);
      let reply: Buffer = Buffer.alloc(0);
      const done = (closed: boolean) => {
        clearTimeout(t);
        s.removeAllListeners('close');
        s.destroy();
        resolve({ closed, reply });
      };
      const t = setTimeout(() => done(false), 3000);
      s.on('data', (d: Buffer) => {
        reply = Buffer.concat([reply, d]);
        if (reply.length >= 4 && reply.length >= 4 + reply.readInt32BE(0)) done(false);
      });
      s.on('close', () => done(true));
      s.on('error', () => undefined);
      s.write(frame);
    });
  const head = (key: number, version: number) => {
    const client = Buffer.from('raw');
    const b = Buffer.alloc(4 + 2 + 2 + 4 + 2 + client.length);
    b.writeInt32BE(b.length - 4, 0);
    b.writeInt16BE(key, 4);
    b.writeInt16BE(version, 6);
    b.writeInt32BE(7, 8);
    b.writeInt16BE(client.length, 12);
    client.copy(b, 14);
    return b;
  };
  const unknown = await exchange(head(999, 0));
  assert(unknown.closed && unknown.reply.length === 0, 'an unknown API key closes the connection without an answer');
  const tooNew = await exchange(head(0, 99));
  assert(tooNew.closed && tooNew.reply.length === 0, 'Produce v99 closes the connection');
  const garbage = await exchange(Buffer.from([0, 0, 0, 5, 0, 3, 0, 6, 1]));
  assert(garbage.closed, 'a truncated Metadata request closes the connection');
  const av = await exchange(head(18, 99));
  assert(!av.closed && av.reply.length > 10, 'ApiVersions v99 is answered');
  const r = decodeResponse('ApiVersions', 0, new Uint8Array(av.reply.subarray(4)));
  assert(
    r.correlationId === 7 && r.body.errorCode === 35 && (r.body.apiKeys as unknown[]).length === Object.keys(SUPPORTED).length,
    `ApiVersions v99 answers UNSUPPORTED_VERSION with the ${Object.keys(SUPPORTED).length} APIs: ${JSON.stringify(r.body).slice(0, 200)}`,
  );
  const list = kcat(['-b', c.brokers[0], '-L']);
  assert(list.status === 0 && /3 brokers:/.test(list.stdout), 'the broker still serves other clients');
  assert(/malformed request: unknown API key 999/.test(c.stderr()), `the reason is logged: ${c.stderr().slice(-500)}`);
}

/**
 * kraft mode, started from a scenario (--scenario): the scenario's steps ran first (a topic and 20 records), then
 * kcat sees them, a kafkajs idempotent producer writes while the leader crashes (the KRaft controller fences the
 * broker and elects a new leader), a kafkajs group reads everything once, and the saved session replays.
 */
async function kraftFromScenario(dir: string): Promise<void> {
  const file = join(dir, 'kraft-start.json');
  writeFileSync(
    file,
    JSON.stringify({
      version: 1,
      id: 'kraft-start',
      seed: 11,
      mode: 'kraft',
      brokers: 3,
      config: {},
      steps: [
        { do: 'createTopic', topic: 'seeded', partitions: 2, replicationFactor: 3 },
        { do: 'produce', topic: 'seeded', count: 20, value: 'seed-{n}' },
      ],
    }),
  );
  const c = await startCluster(['--mode', 'kraft', '--scenario', file]);
  let ended: { code: number | null; out: string; err: string };
  try {
    const list = kcat(['-b', c.brokers[0], '-L', '-t', 'seeded']);
    assert(
      list.status === 0 && /3 brokers:/.test(list.stdout) && list.stdout.includes('topic "seeded" with 2 partitions'),
      `kcat -L in kraft mode:\n${list.stdout}${list.stderr}`,
    );
    const seeded = kcat(['-b', c.brokers[2], '-C', '-t', 'seeded', '-o', 'beginning', '-e', '-q', '-f', '%s\\n']);
    const seedValues = seeded.stdout.split('\n').filter(Boolean).sort();
    assert(
      seeded.status === 0 && seedValues.length === 20 && seedValues.every((v) => /^seed-\d+$/.test(v)),
      `kcat -C should read the scenario's 20 records: ${seedValues.length} ${seeded.stderr}`,
    );

    const kafka = new Kafka({
      clientId: 'kraft',
      brokers: c.brokers,
      logLevel: logLevel.NOTHING,
      retry: { retries: 12, initialRetryTime: 200, maxRetryTime: 3000 },
    });
    const admin = kafka.admin();
    await admin.connect();
    // the group coordinator's topic first, while all three brokers are up (offsets.topic.replication.factor 3)
    await admin.describeGroups(['kraft-readers']);
    const victim = (await admin.fetchTopicMetadata({ topics: ['seeded'] })).topics[0].partitions.find((p) => p.partitionId === 0)!.leader;
    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    const acked: string[] = [];
    for (let i = 0; i < 100; i += 10) {
      if (i === 30) assert(/^ok step \d+ crashBroker/.test(await c.send(JSON.stringify({ do: 'crashBroker', broker: victim }))), 'crash the leader');
      const messages = Array.from({ length: 10 }, (_, k) => ({ key: `k${i + k}`, value: `live-${i + k}` }));
      await producer.send({ topic: 'seeded', acks: -1, messages });
      acked.push(...messages.map((m) => m.value));
    }
    await producer.disconnect();
    const moved = (await admin.fetchTopicMetadata({ topics: ['seeded'] })).topics[0].partitions.find((p) => p.partitionId === 0)!;
    assert(moved.leader !== victim, `the KRaft controller should have moved partition 0 off broker ${victim}`);
    const seen = new Map<string, number>();
    const consumer = kafka.consumer({ groupId: 'kraft-readers' });
    await consumer.connect();
    await consumer.subscribe({ topic: 'seeded', fromBeginning: true });
    await consumer.run({ eachMessage: async ({ message }) => void seen.set(String(message.value), (seen.get(String(message.value)) ?? 0) + 1) });
    const deadline = Date.now() + 60000;
    while (seen.size < 120 && Date.now() < deadline) await sleep(200);
    await sleep(500);
    await consumer.disconnect();
    await admin.disconnect();
    assert(
      acked.every((v) => seen.get(v) === 1) && seedValues.every((v) => seen.get(v) === 1) && seen.size === 120,
      `the group should read the 20 seeded and 100 acknowledged records once each: ${seen.size} distinct, ${[...seen.values()].filter((n) => n > 1).length} twice`,
    );

    assert(/^ok paused/.test(await c.send('pause')), 'pause');
    assert(/^ok saved/.test(await c.send(`save ${join(dir, 'kraft-session.json')}`)), 'save');
    assert(/^ok wrote/.test(await c.send(`dump ${join(dir, 'kraft-dump.json')}`)), 'dump');
    const json = JSON.parse(readFileSync(join(dir, 'kraft-session.json'), 'utf8'));
    assert(
      json.mode === 'kraft' && json.steps[0].do === 'createTopic' && json.steps[1].do === 'produce',
      'the session starts with the scenario it was started from',
    );
    const v = validateScenario(json);
    assert(v.ok, `the saved kraft session is not a valid scenario: ${!v.ok && v.problem.message}`);
    const replay = runScenario(v.scenario);
    const live = JSON.parse(readFileSync(join(dir, 'kraft-dump.json'), 'utf8'));
    assert(JSON.stringify(replay.final) === JSON.stringify(live), `the kraft replay ends in another state:\n${firstDifference(replay.final, live)}`);
  } finally {
    ended = await c.stop();
  }
  assert(/Kafka Anatomy cluster \(kraft\)/.test(ended.out), `the banner should name kraft mode: ${ended.out.slice(0, 200)}`);
  assert(!/the simulation failed/.test(ended.err), `the simulation failed:\n${ended.err.slice(-2000)}`);
}

async function saveSession(c: RunningCluster, dir: string): Promise<void> {
  // without clients the clock stands still: let the restarted followers catch up first (35 simulated seconds)
  assert(/^ok step \d+ advance/.test(await c.send(JSON.stringify({ do: 'advance', ms: 35000 }))), 'advance');
  // frozen, so that the saved steps and the dump are of the same moment
  assert(/^ok paused/.test(await c.send('pause')), 'pause');
  const saved = await c.send(`save ${join(dir, 'story.json')}`);
  assert(/^ok saved \d+ steps/.test(saved), `save answered "${saved}"`);
  const dumped = await c.send(`dump ${join(dir, 'live-dump.json')}`);
  assert(/^ok wrote the state dump/.test(dumped), `dump answered "${dumped}"`);
}

/** A private build of the app (other sessions may rebuild dist/), made while the clients run. */
function buildApp(dir: string): Promise<string> {
  const dist = join(dir, 'dist');
  return new Promise((resolve, reject) => {
    const b = spawn('npx', ['vite', 'build', '--logLevel', 'warn', '--outDir', dist, '--emptyOutDir'], {
      stdio: 'inherit',
      cwd: new URL('../..', import.meta.url).pathname,
    });
    b.on('exit', (code) => (code === 0 ? resolve(dist) : reject(new Error(`vite build exited ${code}`))));
  });
}

async function main(): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'kafka-anatomy-wire-'));
  const app = process.argv.includes('--no-app') ? null : buildApp(dir);
  app?.catch(() => undefined);
  try {
    const c = await startCluster([]);
    try {
      await check(
        'kafkajs: RF 3 topic, 1,000 idempotent acks=all records while the leader crashes, a group of two consumers reads each once; kcat -L and -C -e agree',
        () => story(c),
      );
      await check('kcat: idempotent -P, a -G group whose committed offsets kafkajs reads, a second -G resumes from them', () => kcatGroup(c));
      await check('acks=all below min.insync.replicas: kafkajs gets NOT_ENOUGH_REPLICAS, acks=1 still succeeds', () => notEnoughReplicas(c));
      await check('malformed, unknown and unsupported requests close only their connection; ApiVersions v99 is answered', () => badRequests(c));
      await check('the saved live session replays in npm run scenario to the same final state', async () => {
        await saveSession(c, dir);
        const json = JSON.parse(readFileSync(join(dir, 'story.json'), 'utf8'));
        const v = validateScenario(json);
        assert(v.ok, `the saved session is not a valid scenario: ${!v.ok && v.problem.message}`);
        const steps = json.steps as { do: string }[];
        assert(steps.filter((s) => s.do === 'clientRequest').length > 100, 'the client requests should be recorded');
        const replay = runScenario(v.scenario);
        const live = JSON.parse(readFileSync(join(dir, 'live-dump.json'), 'utf8'));
        assert(
          JSON.stringify(replay.final) === JSON.stringify(live),
          `the replay ends in another state than the live cluster:\n${firstDifference(replay.final, live)}`,
        );
        const p = replay.final.topics[TOPIC].partitions;
        const total = Object.values(p).reduce((n, x) => n + (x.hw ?? 0), 0);
        assert(total === RECORDS, `the replay's partitions should hold ${RECORDS} records below their high watermarks, got ${total}`);
        const cli = spawnSync('npm', ['run', '-s', 'scenario', '--', join(dir, 'story.json')], {
          encoding: 'utf8',
          cwd: new URL('../..', import.meta.url).pathname,
          maxBuffer: 1 << 28,
        });
        assert(cli.status === 0, `npm run scenario exited ${cli.status}: ${cli.stderr}`);
        assert(JSON.stringify(JSON.parse(cli.stdout).final) === JSON.stringify(replay.final), 'npm run scenario ends in another state');
      });
      // saveSession left the cluster paused: the clock runs again for the next clients
      assert(/^ok resumed/.test(await c.send('resume')), 'resume');
      await transactionChecks(c, check);
    } finally {
      const end = await c.stop();
      if (process.env.WIRE_LOG) writeFileSync(process.env.WIRE_LOG, end.err);
      await check('Ctrl-C ends the cluster cleanly', async () => {
        assert(/\bbye\b/.test(end.out), `no goodbye: ${end.out.slice(-300)} ${end.err.slice(-500)}`);
        assert(!/the simulation failed/.test(end.err), `the simulation failed:\n${end.err.slice(-2000)}`);
      });
    }
    await check(
      'kraft mode from --scenario: kcat reads the scenario records, kafkajs writes through a leader crash, a group reads each once, the session replays',
      () => kraftFromScenario(dir),
    );
    if (app) {
      let dist = '';
      if (
        await check('the app builds', async () => {
          dist = await app;
        })
      )
        await appChecks(dist, dir, check);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const failed = results.filter((r) => !r.ok).length;
  console.log(`${results.length - failed} passed, ${failed} failed`);
  return failed ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
