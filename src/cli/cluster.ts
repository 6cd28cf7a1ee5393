// npm run cluster -- [--brokers 3] [--mode zookeeper|kraft] [--base-port 9092] [--ui-port 5174] [--scenario FILE]
//                    [--save FILE] [--app URL]
// The simulated cluster in Node, speaking Kafka's protocol: broker i listens on 127.0.0.1:(base-port + i - 1).
// Each line on standard input is a scenario step applied live (one line of result on standard output), or one of
// pause, resume, save FILE, dump FILE, status, help. The app watches it at ?live=ws://127.0.0.1:(ui-port). Ctrl-C ends it.
import { createInterface } from 'node:readline';
import { writeFileSync } from 'node:fs';
import { WebSocketServer } from 'ws';
import { validateScenario } from '../scenario/validate';
import { ScenarioRun } from '../scenario/runner';
import { scenarioJson } from '../scenario/json';
import type { WorkerRequest } from '../worker/protocol';
import type { Step } from '../scenario/types';
import { LiveCluster, TICK_MS } from './live/LiveCluster';
import { LiveBridge, type Peer } from './live/LiveBridge';
import { SocketServer } from './live/SocketServer';
import { loadScenarioFile } from './loadScenarioFile';

const PUSH_MS = 250;
const HOST = '127.0.0.1';

interface Args {
  brokers: number;
  mode: 'zookeeper' | 'kraft';
  basePort: number;
  uiPort: number;
  scenario: string | null;
  save: string | null;
  app: string;
}

function fail(message: string): never {
  process.stderr.write(`npm run cluster: ${message}\n`);
  process.exit(2);
}

function parseArgs(argv: string[]): Args {
  const a: Args = { brokers: 3, mode: 'zookeeper', basePort: 9092, uiPort: 5174, scenario: null, save: null, app: 'http://localhost:5173/' };
  for (let i = 0; i < argv.length; i++) {
    const k = argv[i];
    const v = argv[i + 1];
    const int = (lo: number, hi: number) => {
      const n = Number(v);
      if (v === undefined || !Number.isInteger(n) || n < lo || n > hi) fail(`${k} must be an integer from ${lo} to ${hi}`);
      i++;
      return n;
    };
    if (k === '--brokers') a.brokers = int(1, 9);
    else if (k === '--base-port') a.basePort = int(1, 65000);
    else if (k === '--ui-port') a.uiPort = int(0, 65535);
    else if (k === '--mode') {
      if (v !== 'zookeeper' && v !== 'kraft') fail('--mode must be zookeeper or kraft');
      a.mode = v;
      i++;
    } else if (k === '--scenario' || k === '--save' || k === '--app') {
      if (!v) fail(`${k} needs a value`);
      if (k === '--scenario') a.scenario = v;
      else if (k === '--save') a.save = v;
      else a.app = v;
      i++;
    } else fail(`unknown option ${k} (see the comment at the top of src/cli/cluster.ts)`);
  }
  return a;
}

const args = parseArgs(process.argv.slice(2));
const log = (line: string) => process.stderr.write(`[cluster] ${line}\n`);
const port = (b: number) => args.basePort + b - 1;
const scenario = args.scenario ? scenarioJson(loadScenarioFile(args.scenario)) : undefined;
const live = new LiveCluster(
  { validateScenario, createRun: (s) => new ScenarioRun(s) },
  {
    brokers: args.brokers,
    mode: args.mode,
    scenario,
    wallNow: () => Date.now(),
    log,
    trace: process.env.KAFKA_ANATOMY_TRACE ? log : undefined,
    listenAt: { host: HOST, basePort: args.basePort },
  },
);
const listeners = () =>
  Object.fromEntries(
    live.cluster
      .sortedBrokers()
      .filter((b) => b.isUp)
      .map((b) => [String(b.id), `${HOST}:${port(b.id)}`]),
  );
const sockets = new SocketServer(live, HOST, port, log);
const bridge = new LiveBridge(live, listeners);

function save(file: string): string {
  const json = scenarioJson(live.host.scenario!);
  writeFileSync(file, JSON.stringify(json, null, 1) + '\n');
  return `saved ${json.steps instanceof Array ? json.steps.length : 0} steps to ${file}`;
}

/** One line of standard input: a JSON step or a console command; one line of result. */
function command(line: string): string {
  const text = line.trim();
  if (!text) return '';
  const [word, arg] = text.split(/\s+/, 2);
  if (word === 'pause') {
    live.paused = true;
    return `ok paused at ${live.now} ms`;
  }
  if (word === 'resume') {
    live.paused = false;
    return `ok resumed at ${live.now} ms`;
  }
  if (word === 'status')
    return `ok time ${live.now} ms, ${live.clients} client connection(s), ${live.paused ? 'paused' : 'running'}, brokers ${live.cluster
      .sortedBrokers()
      .map((b) => `${b.id}:${b.status}`)
      .join(' ')}`;
  if (word === 'save') return arg ? `ok ${save(arg)}` : 'error: save needs a file name';
  if (word === 'dump') {
    if (!arg) return 'error: dump needs a file name';
    writeFileSync(arg, JSON.stringify(live.host.run!.dump()) + '\n');
    return `ok wrote the state dump at ${live.now} ms to ${arg}`;
  }
  if (word === 'help') return 'ok a JSON scenario step (e.g. {"do":"crashBroker","broker":1}), or: pause, resume, status, save FILE, dump FILE';
  let step: Step;
  try {
    step = JSON.parse(text) as Step;
  } catch (e) {
    return `error: not JSON and not a command: ${(e as Error).message}`;
  }
  try {
    const p = live.step(step);
    if (p) return `error: ${p.message}`;
  } catch (e) {
    return `error: ${(e as Error).message}`;
  }
  const steps = live.host.scenario!.steps.length;
  return `ok step ${steps - 1} ${step.do} at ${live.now} ms`;
}

async function main(): Promise<void> {
  try {
    await sockets.start();
  } catch (e) {
    fail((e as Error).message);
  }
  const wss = new WebSocketServer({ host: HOST, port: args.uiPort });
  await new Promise<void>((resolve, reject) => {
    wss.once('listening', resolve);
    wss.once('error', (e) => reject(e));
  }).catch((e: Error) => fail(`the app's WebSocket cannot listen on ${HOST}:${args.uiPort}: ${e.message}`));
  const uiPort = (wss.address() as { port: number }).port;
  wss.on('connection', (ws) => {
    const peer: Peer = { send: (msg) => ws.send(JSON.stringify(msg)) };
    bridge.attach(peer);
    ws.on('message', (data) => {
      let msg: { id: number; req: WorkerRequest };
      try {
        msg = JSON.parse(String(data)) as { id: number; req: WorkerRequest };
      } catch {
        return;
      }
      try {
        bridge.handle(peer, msg.id, msg.req);
      } catch (e) {
        peer.send({ type: 'error', id: msg.id, message: (e as Error).message });
      }
    });
    ws.on('close', () => bridge.detach(peer));
  });

  const ticker = setInterval(() => {
    try {
      live.tick();
    } catch (e) {
      log(`the simulation failed: ${(e as Error).stack ?? e}`);
    }
  }, TICK_MS);
  const pusher = setInterval(() => bridge.push(), PUSH_MS);

  const brokers = live.cluster
    .sortedBrokers()
    .map((b) => `${HOST}:${port(b.id)}`)
    .join(',');
  // a scenario file names its own mode
  process.stdout.write(`Kafka Anatomy cluster (${live.cluster.options.mode}) — brokers ${brokers}\n`);
  process.stdout.write(`Watch it: ${args.app}?live=ws://${HOST}:${uiPort}\n`);
  process.stdout.write(`ready\n`);

  const rl = createInterface({ input: process.stdin, terminal: false });
  rl.on('line', (line) => {
    const out = command(line);
    if (out) process.stdout.write(out + '\n');
  });

  let ending = false;
  const end = async () => {
    if (ending) return;
    ending = true;
    clearInterval(ticker);
    clearInterval(pusher);
    rl.close();
    if (args.save) process.stdout.write(`${save(args.save)}\n`);
    await sockets.close();
    for (const c of wss.clients) c.terminate();
    wss.close();
    process.stdout.write('bye\n');
    process.exit(0);
  };
  process.on('SIGINT', () => void end());
  process.on('SIGTERM', () => void end());
  rl.on('close', () => {
    /* stdin closed: keep serving until a signal */
  });
}

void main();
