// End-to-end checks with clients no one here wrote: kafkajs 2.2.4 and librdkafka 2.0.2 (Debian's kcat 1.7.1)
// against `npm run cluster`. Prints "N passed, M failed" last and exits non-zero on a failure.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { startCluster, type RunningCluster } from './cluster';
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

function assert(cond: unknown, msg: string): asserts cond {
  if (!cond) throw new Error(msg);
}

function kcat(args: string[], input?: string): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync('kcat', args, { input, encoding: 'utf8', timeout: 60000 });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
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

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const TOPIC = 'payments';
const RECORDS = 1000;
const PER_SEND = 10;

/** The test's story: RF 3 topic, idempotent acks=all producer while the leader crashes, a group of two consumers. */
async function story(c: RunningCluster, dir: string): Promise<void> {
  const kafka = new Kafka({ clientId: 'e2e', brokers: c.brokers, logLevel: logLevel.NOTHING, retry: { retries: 12, initialRetryTime: 200, maxRetryTime: 3000 } });
  const admin = kafka.admin();
  await admin.connect();
  assert(await admin.createTopics({ topics: [{ topic: TOPIC, numPartitions: 3, replicationFactor: 3 }], waitForLeaders: true }), 'createTopics returned false');
  const meta = await admin.fetchTopicMetadata({ topics: [TOPIC] });
  const p0 = meta.topics[0].partitions.find((p) => p.partitionId === 0)!;
  assert(p0.replicas.length === 3 && p0.isr.length === 3, `RF 3 with a full ISR, got ${JSON.stringify(p0)}`);
  const victim = p0.leader;

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
  await Promise.all(consumers.map((consumer, n) => consumer.run({
    eachMessage: async ({ partition, message }) => {
      const v = String(message.value);
      seen.set(v, (seen.get(v) ?? 0) + 1);
      const set = members.get(`c${n + 1}`) ?? new Set<number>();
      set.add(partition);
      members.set(`c${n + 1}`, set);
    },
  })));
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
  assert(values.length === RECORDS && new Set(values).size === RECORDS && values.every((v) => acked.has(v)), `kcat -C -e read ${values.length} values (${new Set(values).size} distinct)`);
  await admin.disconnect();
  // frozen, so that the saved steps and the dump are of the same moment
  assert(/^ok paused/.test(await c.send('pause')), 'pause');
  const saved = await c.send(`save ${join(dir, 'story.json')}`);
  assert(/^ok saved \d+ steps/.test(saved), `save answered "${saved}"`);
  const dumped = await c.send(`dump ${join(dir, 'live-dump.json')}`);
  assert(/^ok wrote the state dump/.test(dumped), `dump answered "${dumped}"`);
}

async function main(): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'kafka-anatomy-wire-'));
  try {
    const c = await startCluster([]);
    try {
      await check('kafkajs: RF 3 topic, 1,000 idempotent acks=all records while the leader crashes, a group of two consumers reads each once; kcat -L and -C -e agree', () => story(c, dir));
      await check('the saved live session replays in npm run scenario to the same final state', async () => {
        const json = JSON.parse(readFileSync(join(dir, 'story.json'), 'utf8'));
        const v = validateScenario(json);
        assert(v.ok, `the saved session is not a valid scenario: ${!v.ok && v.problem.message}`);
        const steps = json.steps as { do: string }[];
        assert(steps.filter((s) => s.do === 'clientRequest').length > 100, 'the client requests should be recorded');
        const replay = runScenario(v.scenario);
        const live = JSON.parse(readFileSync(join(dir, 'live-dump.json'), 'utf8'));
        assert(JSON.stringify(replay.final) === JSON.stringify(live), `the replay ends in another state than the live cluster:\n${firstDifference(replay.final, live)}`);
        const p = replay.final.topics[TOPIC].partitions;
        const total = Object.values(p).reduce((n, x) => n + (x.hw ?? 0), 0);
        assert(total === RECORDS, `the replay's partitions should hold ${RECORDS} records below their high watermarks, got ${total}`);
        const cli = spawnSync('npm', ['run', '-s', 'scenario', '--', join(dir, 'story.json')], { encoding: 'utf8', cwd: new URL('../..', import.meta.url).pathname, maxBuffer: 1 << 28 });
        assert(cli.status === 0, `npm run scenario exited ${cli.status}: ${cli.stderr}`);
        assert(JSON.stringify(JSON.parse(cli.stdout).final) === JSON.stringify(replay.final), 'npm run scenario ends in another state');
      });
    } finally {
      const end = await c.stop();
      if (process.env.WIRE_LOG) writeFileSync(process.env.WIRE_LOG, end.err);
      await check('Ctrl-C ends the cluster cleanly', async () => {
        assert(/\bbye\b/.test(end.out), `no goodbye: ${end.out.slice(-300)} ${end.err.slice(-500)}`);
        assert(!/the simulation failed/.test(end.err), `the simulation failed:\n${end.err.slice(-2000)}`);
      });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const failed = results.filter((r) => !r.ok).length;
  console.log(`${results.length - failed} passed, ${failed} failed`);
  return failed ? 1 : 0;
}

main().then((code) => process.exit(code), (e) => {
  console.error(e);
  process.exit(1);
});
