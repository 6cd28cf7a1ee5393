// Starts `npm run cluster` as a child process (its own process group) and talks to it through standard input.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { createInterface } from 'node:readline';

export interface RunningCluster {
  basePort: number;
  brokers: string[];
  /** the app's WebSocket URL */
  ws: string;
  /** one stdin line; resolves with its one line of result */
  send(line: string): Promise<string>;
  /** Ctrl-C; resolves with the exit code and everything printed */
  stop(): Promise<{ code: number | null; out: string; err: string }>;
  stderr(): string;
}

function free(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createServer();
    s.once('error', () => resolve(false));
    s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
  });
}

/** `count` consecutive free ports. */
export async function freePorts(count: number): Promise<number> {
  for (let tries = 0; tries < 50; tries++) {
    const base = 20000 + Math.floor(Math.random() * 30000);
    let ok = true;
    for (let i = 0; i < count && ok; i++) ok = await free(base + i);
    if (ok) return base;
  }
  throw new Error('no free ports');
}

export async function startCluster(args: string[], brokers = 3): Promise<RunningCluster> {
  const basePort = await freePorts(brokers);
  const child: ChildProcess = spawn(
    'npm',
    ['run', '-s', 'cluster', '--', '--brokers', String(brokers), '--base-port', String(basePort), '--ui-port', '0', ...args],
    {
      cwd: new URL('../..', import.meta.url).pathname,
      stdio: ['pipe', 'pipe', 'pipe'],
      detached: true,
    },
  );
  let out = '';
  let err = '';
  child.stderr!.on('data', (d) => (err += String(d)));
  const lines = createInterface({ input: child.stdout! });
  const waiting: ((l: string) => void)[] = [];
  const backlog: string[] = [];
  lines.on('line', (l) => {
    out += l + '\n';
    const w = waiting.shift();
    if (w) w(l);
    else backlog.push(l);
  });
  const next = (timeoutMs = 120000) =>
    new Promise<string>((resolve, reject) => {
      const b = backlog.shift();
      if (b !== undefined) return resolve(b);
      const t = setTimeout(() => reject(new Error(`no output from the cluster within ${timeoutMs} ms; stderr:\n${err.slice(-2000)}`)), timeoutMs);
      waiting.push((l) => {
        clearTimeout(t);
        resolve(l);
      });
    });
  let ws = '';
  for (;;) {
    const l = await next(60000);
    const m = /live=(ws:\/\/\S+)/.exec(l);
    if (m) ws = m[1];
    if (l === 'ready') break;
  }
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    basePort,
    brokers: Array.from({ length: brokers }, (_, i) => `127.0.0.1:${basePort + i}`),
    ws,
    async send(line) {
      child.stdin!.write(line + '\n');
      return next();
    },
    async stop() {
      // the process group: npm and the node process it started
      try {
        process.kill(-child.pid!, 'SIGINT');
      } catch {
        /* already gone */
      }
      const code = await exited;
      return { code, out, err };
    },
    stderr: () => err,
  };
}
