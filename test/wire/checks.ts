// What the end-to-end checks share: an assertion, kcat run to its end, a pause.
import { spawnSync } from 'node:child_process';

export function assert(cond: unknown, msg: string): asserts cond {
  if (!cond) throw new Error(msg);
}

export function kcat(args: string[], input?: string): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync('kcat', args, { input, encoding: 'utf8', timeout: 60000 });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The error types a kafkajs error carries, through its retrier's causes (KafkaJSNumberOfRetriesExceeded...). */
export function errorTypes(error: unknown): string[] {
  const types: string[] = [];
  for (let e = error as { type?: string; cause?: unknown; originalError?: unknown } | null; e; e = (e.cause ?? e.originalError) as typeof e)
    if (e.type) types.push(e.type);
  return types;
}
