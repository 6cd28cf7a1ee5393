// The wire benchmark: kafkajs producing through npm run cluster's stack (TCP listeners, the protocol codec, the live
// clock, the engine) against the same records through scenario steps, measured in the same run.
import { createServer } from 'node:net';
import { Kafka, logLevel } from 'kafkajs';
import { ScenarioRun } from '../src/scenario/runner';
import { validateScenario } from '../src/scenario/validate';
import type { Scenario, Step } from '../src/scenario/types';
import { LiveCluster, TICK_MS } from '../src/cli/live/LiveCluster';
import { SocketServer } from '../src/cli/live/SocketServer';

const engine = { validateScenario, createRun: (s: Scenario) => new ScenarioRun(s) };

function free(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createServer();
    s.once('error', () => resolve(false));
    s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
  });
}

async function basePort(): Promise<number> {
  for (;;) {
    const base = 30000 + Math.floor(Math.random() * 20000);
    if ((await free(base)) && (await free(base + 1)) && (await free(base + 2))) return base;
  }
}

/** Records per second of wall time that kafkajs gets acknowledged (acks=all, RF 3, 100 records per send). */
async function kafkajsProduce(records: number, batch: number): Promise<number> {
  const base = await basePort();
  const live = new LiveCluster(engine, { brokers: 3, mode: 'zookeeper', wallNow: () => Date.now(), listenAt: { host: '127.0.0.1', basePort: base } });
  const sockets = new SocketServer(
    live,
    '127.0.0.1',
    (b) => base + b - 1,
    () => undefined,
  );
  await sockets.start();
  const ticker = setInterval(() => live.tick(), TICK_MS);
  process.env.KAFKAJS_NO_PARTITIONER_WARNING = '1';
  const kafka = new Kafka({ clientId: 'bench', brokers: [`127.0.0.1:${base}`], logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  const producer = kafka.producer();
  try {
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: 'bench', numPartitions: 3, replicationFactor: 3 }], waitForLeaders: true });
    await producer.connect();
    const send = (n: number) => producer.send({ topic: 'bench', acks: -1, messages: Array.from({ length: batch }, (_, k) => ({ value: `value-${n + k}` })) });
    await send(-batch); // warm-up: metadata and connections
    const t0 = performance.now();
    for (let n = 0; n < records; n += batch) await send(n);
    return (records / (performance.now() - t0)) * 1000;
  } finally {
    await producer.disconnect();
    await admin.disconnect();
    clearInterval(ticker);
    await sockets.close();
  }
}

/** The same records as scenario steps (produce, count 100, acks=all), per second of wall time. */
function scenarioProduce(records: number, batch: number): number {
  const steps: Step[] = [{ do: 'createTopic', topic: 'bench', partitions: 3, replicationFactor: 3 }];
  for (let n = 0; n < records; n += batch) steps.push({ do: 'produce', topic: 'bench', count: batch, value: 'value-{n}', acks: 'all' });
  const v = validateScenario({ version: 1, id: 'bench-wire', seed: 1, brokers: 3, steps });
  if (!v.ok) throw new Error(v.problem.message);
  const run = new ScenarioRun(v.scenario);
  run.runStep();
  const t0 = performance.now();
  run.runToEnd();
  const ms = performance.now() - t0;
  const acked = run.cluster.producers.get('producer-1')!.acked.length;
  if (acked !== records) throw new Error(`only ${acked} of ${records} acknowledged`);
  return (records / ms) * 1000;
}

export async function wireBench(records = 10_000, batch = 100): Promise<Record<string, number>> {
  const wire = await kafkajsProduce(records, batch);
  const inProcess = scenarioProduce(records, batch);
  return { 'wire.kafkajsProduceRecordsPerSec': Math.round(wire), 'wire.vsInProcessRatio': Number((wire / inProcess).toFixed(4)) };
}
