// A simulated cluster with a client on its request channel: requests encoded as a client would, answers decoded.
import { ScenarioRun } from '../../src/scenario/runner';
import { validateScenario } from '../../src/scenario/validate';
import type { Step } from '../../src/scenario/types';
import { requestChannel } from '../../src/wire/RequestChannel';
import { decodeResponse, encodeRequest, type ApiName } from '../../src/wire/protocol/apis';
import type { Message } from '../../src/wire/codec/schema';

export interface Answer {
  body: Message | null;
  /** why the broker closed the connection instead */
  closed: string | null;
}

export function harness(opts: { mode?: 'zookeeper' | 'kraft'; config?: Record<string, unknown>; brokers?: number; steps?: Step[] } = {}) {
  const v = validateScenario({
    version: 1,
    id: 'wire-test',
    seed: 7,
    mode: opts.mode ?? 'zookeeper',
    brokers: opts.brokers ?? 3,
    config: opts.config ?? {},
    steps: opts.steps ?? [],
  });
  if (!v.ok) throw new Error(v.problem.message);
  const run = new ScenarioRun(v.scenario);
  run.runToEnd();
  const channel = requestChannel(run.cluster);
  const replies = new Map<number, Uint8Array | null | string>();
  channel.keepSent = true;
  /** what the channel sent since the last look, by connection */
  const collect = () => {
    for (const s of channel.takeSent()) replies.set(s.connection, s.kind === 'response' ? s.bytes : s.kind === 'none' ? null : `closed: ${s.reason}`);
  };
  let correlation = 0;
  let connection = 1000;
  const cluster = run.cluster;

  /** Sends a request without letting time run; `answer` then runs simulated time until it is answered (or
   *  `waitMs` passes); `answered` looks without running it. */
  function send(broker: number, api: ApiName, version: number, body: Message, opt: { clientId?: string } = {}) {
    const conn = ++connection;
    const id = ++correlation;
    channel.inject(broker, conn, encodeRequest(api, version, id, opt.clientId ?? 'test-client', body).subarray(4));
    const answered = () => (collect(), replies.has(conn));
    const answer = (waitMs = 60000, thenMs = 0): Answer => {
      run.runUntil(answered, waitMs);
      if (thenMs) run.runFor(thenMs);
      collect();
      const r = replies.get(conn);
      if (r === undefined) throw new Error(`${api} v${version} to broker ${broker}: no answer within ${waitMs} ms`);
      if (typeof r === 'string') return { body: null, closed: r };
      if (r === null) return { body: null, closed: null };
      const d = decodeResponse(api, version, r.subarray(4));
      if (d.correlationId !== id) throw new Error('correlation id mismatch');
      return { body: d.body, closed: null };
    };
    return { answer, answered };
  }

  /** Sends a request and lets simulated time run until it is answered (or `waitMs` passes). */
  /** `thenMs`: simulated time to let pass after the answer (a connection closed after an acks=0 produce). */
  function call(broker: number, api: ApiName, version: number, body: Message, opt: { waitMs?: number; clientId?: string; thenMs?: number } = {}): Answer {
    return send(broker, api, version, body, opt).answer(opt.waitMs, opt.thenMs);
  }

  /** A scenario step, run on the same simulation. */
  function step(s: Step): void {
    run.scenario.steps.push(s);
    run.runStep();
  }

  const controllerBroker = () => cluster.brokers.get(Number(cluster.controllerNode()?.replace('broker-', '')))!;

  return { run, cluster, channel, call, send, step, controllerBroker, now: () => run.now };
}
