// Messages are data: the simulated network carries {api, correlationId, from, to, sentAt, body}; each node's
// endpoint dispatches what arrives (a broker's KafkaApis, a client's in-flight requests).
import { describe, expect, it } from 'vitest';
import { Scheduler } from '../../src/engine/sim/scheduler';
import { Network, type Gate, type Message } from '../../src/engine/sim/network';
import { NetworkClient, respond } from '../../src/engine/sim/client';
import { runScenario } from '../../src/scenario/runner';
import { adhoc } from '../../src/engine/sim/call';
import { validateScenario } from '../../src/scenario/validate';
import type { Step } from '../../src/scenario/types';

function net(gates: Record<string, Gate>) {
  const s = new Scheduler();
  const sent: Message[] = [];
  const n = new Network(
    s,
    1,
    adhoc((to: string) => gates[to] ?? { kind: 'deliver', incarnation: 0 }),
    adhoc((m: Message) => {
      sent.push(m);
    }),
  );
  return {
    s,
    n,
    sent,
    run: () => {
      while (s.runNext());
    },
  };
}

describe('the simulated network', () => {
  it('delivers a request to the receiver and its response, with the same correlationId, back to the sender', () => {
    const { n, sent, run } = net({});
    const client = new NetworkClient('producer-1', n);
    const got: unknown[] = [];
    n.register('producer-1', { receive: (m) => client.receive(m) });
    n.register('broker-1', {
      receive: (m) => respond<'Metadata'>(n, m as Message<Record<string, never>>, { brokers: [], controllerId: null, partitions: [] }),
    });
    client.send(
      'broker-1',
      'Metadata',
      {},
      adhoc((r) => {
        got.push(r);
      }),
    );
    run();
    expect(got).toEqual([{ brokers: [], controllerId: null, partitions: [] }]);
    expect(sent.map((m) => [m.api, m.from, m.to, m.correlationId, m.response ?? false])).toEqual([
      ['Metadata', 'producer-1', 'broker-1', 1, false],
      ['Metadata', 'broker-1', 'producer-1', 1, true],
    ]);
  });

  it('a cut link drops the message; a down receiver refuses it (seen back at the sender); a paused one reads it later', () => {
    const gates: Record<string, Gate> = {};
    const { s, n, run } = net(gates);
    const client = new NetworkClient('broker-2', n);
    const arrived: number[] = [];
    let refused = 0;
    n.register('broker-2', { receive: (m) => client.receive(m), refused: (m) => client.refused(m) });
    n.register('broker-1', { receive: () => arrived.push(s.now) });
    n.cutLink('broker-2', 'broker-1');
    client.send(
      'broker-1',
      'Fetch',
      { replicaId: 2, maxWaitMs: 0, partitions: [], isolation: 'replica' },
      adhoc(() => undefined),
      adhoc(() => {
        refused++;
      }),
    );
    run();
    expect(arrived).toEqual([]);
    n.heal();
    gates['broker-1'] = { kind: 'drop', incarnation: 1 };
    client.send(
      'broker-1',
      'Fetch',
      { replicaId: 2, maxWaitMs: 0, partitions: [], isolation: 'replica' },
      adhoc(() => undefined),
      adhoc(() => {
        refused++;
      }),
    );
    run();
    expect(refused).toBe(1);
    gates['broker-1'] = { kind: 'defer', until: 50, incarnation: 1 };
    client.send('broker-1', 'Fetch', { replicaId: 2, maxWaitMs: 0, partitions: [], isolation: 'replica' });
    s.schedule(
      50 - s.now,
      adhoc(() => {
        gates['broker-1'] = { kind: 'deliver', incarnation: 1 };
      }),
    );
    run();
    expect(arrived).toEqual([50]);
  });

  it('a message to a process that restarted after it was sent finds its connection reset', () => {
    const gates: Record<string, Gate> = { 'broker-1': { kind: 'deliver', incarnation: 1 } };
    const { s, n, run } = net(gates);
    const client = new NetworkClient('broker-2', n);
    const arrived: string[] = [];
    let refused = 0;
    n.register('broker-2', { receive: (m) => client.receive(m), refused: (m) => client.refused(m) });
    n.register('broker-1', { receive: (m) => arrived.push(m.api) });
    client.send(
      'broker-1',
      'Fetch',
      { replicaId: 2, maxWaitMs: 0, partitions: [], isolation: 'replica' },
      adhoc(() => undefined),
      adhoc(() => {
        refused++;
      }),
    );
    s.schedule(
      0,
      adhoc(() => {
        gates['broker-1'] = { kind: 'deliver', incarnation: 2 };
      }),
    ); // crashed and started again
    run();
    expect(arrived).toEqual([]);
    expect(refused).toBe(1);
  });
});

describe('requests and responses in a run', () => {
  it("every response answers an earlier request of the same API, from that request's receiver to its sender", () => {
    const steps: Step[] = [
      { do: 'createTopic', topic: 't', partitions: 2, replicationFactor: 3 },
      { do: 'produce', topic: 't', count: 5 },
      { do: 'joinGroup', consumer: 'c1', group: 'g', topics: ['t'], autoOffsetReset: 'earliest' },
      { do: 'poll', consumer: 'c1' },
      { do: 'commit', consumer: 'c1' },
      { do: 'crashBroker', broker: 1 },
      { do: 'advance', ms: 20000 },
    ];
    const v = validateScenario({ version: 1, id: 'msgs', brokers: 3, steps });
    if (!v.ok) throw new Error(v.problem.message);
    const events = runScenario(v.scenario).events.filter((e) => e.type === 'MessageSent');
    const requests = new Map<number, (typeof events)[number]>();
    const apis = new Set<string>();
    let responses = 0;
    for (const e of events) {
      if (!e.response) {
        expect(requests.has(e.correlationId as number)).toBe(false);
        requests.set(e.correlationId as number, e);
        continue;
      }
      responses++;
      const r = requests.get(e.correlationId as number)!;
      expect(r, `response #${e.correlationId}`).toBeTruthy();
      expect([e.api, e.from, e.to]).toEqual([r.api, r.to, r.from]);
      expect(e.time).toBeGreaterThanOrEqual(r.arriveAt as number);
      apis.add(String(e.api));
    }
    expect(responses).toBeGreaterThan(50);
    expect([...apis]).toEqual(
      expect.arrayContaining([
        'Produce',
        'Fetch',
        'Metadata',
        'FindCoordinator',
        'JoinGroup',
        'SyncGroup',
        'OffsetCommit',
        'OffsetsForLeaderEpoch',
        'Heartbeat',
        'ListOffsets',
        'OffsetFetch',
      ]),
    );
  });
});
