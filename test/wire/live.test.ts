// The live cluster behind npm run cluster, on a fake wall clock with in-memory connections: the clock rule, one
// request per connection at a time, refused requests, crashes closing sockets, and the saved session replaying to
// the very state the live cluster reached.
import { LiveCluster, type Sink } from '../../src/cli/live/LiveCluster';
import { LiveBridge } from '../../src/cli/live/LiveBridge';
import { ScenarioRun } from '../../src/scenario/runner';
import { runScenario } from '../../src/scenario/runner';
import { validateScenario } from '../../src/scenario/validate';
import { scenarioJson } from '../../src/scenario/json';
import { decodeResponse, encodeRequest, type ApiName } from '../../src/wire/protocol/apis';
import { encodeRecordBatch } from '../../src/storage/format/recordBatch';
import type { Message } from '../../src/wire/codec/schema';
import type { WorkerResponse, WorkerState } from '../../src/worker/protocol';

const engine = { validateScenario, createRun: (s: import('../../src/scenario/types').Scenario) => new ScenarioRun(s) };

function setup(scenario?: unknown) {
  let wall = 1_000_000;
  const logs: string[] = [];
  const live = new LiveCluster(engine, {
    brokers: 3,
    mode: 'zookeeper',
    scenario,
    wallNow: () => wall,
    listenAt: { host: '127.0.0.1', basePort: 9092 },
    log: (l) => logs.push(l),
  });
  const statusChanges: [number, boolean][] = [];
  live.onBrokerStatus = (b, up) => statusChanges.push([b, up]);
  /** one client connection: what it received, and whether the cluster closed it */
  const client = (broker: number) => {
    const got: Uint8Array[] = [];
    const state = { closed: null as string | null };
    const sink: Sink = { send: (b) => got.push(b), close: (r) => (state.closed = r) };
    const id = live.connect(broker, sink);
    let corr = 0;
    return {
      id,
      got,
      state,
      send(api: ApiName, version: number, body: Message): number {
        live.receive(id, encodeRequest(api, version, ++corr, 'live-test', body).subarray(4));
        return corr;
      },
      raw: (frame: Uint8Array) => live.receive(id, frame),
      read: (api: ApiName, version: number, i: number) => decodeResponse(api, version, got[i].subarray(4)),
    };
  };
  /** wall time passes in 5 ms ticks, as the CLI's timer does */
  const pass = (ms: number) => {
    for (let t = 0; t < ms; t += 5) {
      wall += 5;
      live.tick();
    }
  };
  return { live, client, pass, logs, statusChanges, wall: () => wall };
}

const createBody = (name: string): Message => ({
  topics: [{ name, numPartitions: 1, replicationFactor: 3, assignments: [], configs: [] }],
  timeoutMs: 10000,
  validateOnly: false,
});

describe('the live clock', () => {
  it('stands still without clients, follows wall time with one, and freezes when paused', () => {
    const { live, client, pass } = setup();
    const t0 = live.now;
    pass(1000);
    expect(live.now).toBe(t0);
    const c = client(1);
    pass(1000);
    expect(live.now - t0).toBeGreaterThanOrEqual(990);
    expect(live.now - t0).toBeLessThanOrEqual(1000);
    live.paused = true;
    const t1 = live.now;
    c.send('ApiVersions', 2, {});
    pass(500);
    expect(live.now).toBe(t1);
    expect(c.got).toHaveLength(0); // a frozen cluster does not answer
    live.paused = false;
    pass(50);
    expect(c.got).toHaveLength(1);
  });
});

describe('connections', () => {
  it('let one request in at a time (a muted channel), so answers come back in order', () => {
    const { live, client, pass } = setup();
    const ctl = Number(live.cluster.controllerNode()!.replace('broker-', ''));
    const c = client(ctl);
    c.send('CreateTopics', 3, createBody('a'));
    c.send('Metadata', 6, { topics: [{ name: 'a' }], allowAutoTopicCreation: false });
    live.tick();
    const steps = () => live.host.scenario!.steps.filter((s) => s.do === 'clientRequest');
    expect(steps().map((s) => s.api)).toEqual(['CreateTopics']);
    pass(2000);
    expect(steps().map((s) => s.api)).toEqual(['CreateTopics', 'Metadata']);
    expect(c.got).toHaveLength(2);
    expect(c.read('CreateTopics', 3, 0).correlationId).toBe(1);
    const meta = c.read('Metadata', 6, 1);
    expect(meta.correlationId).toBe(2);
    // the topic was created before the Metadata request went in: it has a leader
    expect(((meta.body.topics as Message[])[0].partitions as Message[])[0].leaderId).toBeGreaterThan(0);
    const [create, metadata] = steps();
    expect(metadata.at as number).toBeGreaterThan(create.at as number);
  });

  it('a malformed or unknown request closes its connection with the reason logged, and only that one', () => {
    const { client, pass, logs } = setup();
    const good = client(1);
    const bad = client(1);
    bad.raw(new Uint8Array([3, 231, 0, 0, 0, 0, 0, 1, 0, 0]));
    good.send('ApiVersions', 2, {});
    pass(20);
    expect(bad.state.closed).toMatch(/unknown API key 999/);
    expect(logs.join('\n')).toMatch(/connection \d+ \(client → broker 1\) closed: malformed request: unknown API key 999/);
    expect(good.state.closed).toBeNull();
    expect(good.read('ApiVersions', 2, 0).body.errorCode).toBe(0);
  });

  it("a broker's crash closes its connections and its listener; a restart opens it again", () => {
    const { live, client, pass, statusChanges } = setup();
    const on1 = client(1);
    const on2 = client(2);
    pass(10);
    expect(live.step({ do: 'crashBroker', broker: 1 })).toBeNull();
    expect(on1.state.closed).toBe('broker 1 crashed');
    expect(on2.state.closed).toBeNull();
    expect(statusChanges).toEqual([[1, false]]);
    expect(live.step({ do: 'startBroker', broker: 1 })).toBeNull();
    expect(statusChanges).toEqual([
      [1, false],
      [1, true],
    ]);
    expect(live.step({ do: 'nope' } as never)?.message).toMatch(/unknown command "nope"/);
  });
});

describe('a saved live session', () => {
  it('replays in npm run scenario (runScenario) to the same state the live cluster reached', () => {
    const { live, client, pass } = setup();
    const ctl = Number(live.cluster.controllerNode()!.replace('broker-', ''));
    const admin = client(ctl);
    admin.send('CreateTopics', 3, createBody('live'));
    pass(500);
    const leader = live.cluster.activeController()!.states.get('live-0')!.leader!;
    const producer = client(leader);
    for (let i = 0; i < 5; i++) {
      const b = encodeRecordBatch({ baseOffset: 0, records: [{ key: null, value: new TextEncoder().encode(`v${i}`), timestamp: 10 + i }] });
      producer.send('Produce', 7, {
        transactionalId: null,
        acks: -1,
        timeoutMs: 5000,
        topicData: [{ name: 'live', partitionData: [{ index: 0, records: b }] }],
      });
      pass(37);
    }
    expect(live.step({ do: 'crashBroker', broker: leader })).toBeNull();
    admin.send('Metadata', 6, { topics: null, allowAutoTopicCreation: false });
    pass(25000);
    expect(producer.got.length).toBe(5);
    const json = scenarioJson(live.host.scenario!);
    const v = validateScenario(JSON.parse(JSON.stringify(json))); // as saved to a file and read back
    if (!v.ok) throw new Error(v.problem.message);
    const replay = runScenario(v.scenario);
    expect(replay.final).toEqual(live.host.run!.dump());
    expect(replay.final.topics.live.partitions['0'].hw).toBe(5);
    expect(replay.final.topics.live.partitions['0'].leader).not.toBe(leader);
    // the same trace, event for event
    expect(replay.events.map((e) => `${e.time}|${e.type}|${e.step}`)).toEqual(live.host.run!.events.map((e) => `${e.time}|${e.type}|${e.step}`));
  });
});

describe('the app over the live bridge', () => {
  it('gets the whole state once, then only what was added; commands act on the live cluster', () => {
    const { live, client, pass } = setup();
    const bridge = new LiveBridge(live, () => ({ '1': '127.0.0.1:9092' }));
    const sent: WorkerResponse[] = [];
    const peer = { send: (m: WorkerResponse) => sent.push(m) };
    bridge.attach(peer);
    bridge.handle(peer, 1, { type: 'restore', fallback: null });
    const first = sent[0] as WorkerState;
    expect(first).toMatchObject({ type: 'state', id: 1, eventsFrom: 0, stepsFrom: 0, live: { paused: false, clients: 0 } });
    expect(first.events!.length).toBe(live.host.run!.events.length);
    const c = client(1);
    c.send('ApiVersions', 2, {});
    pass(100);
    bridge.push();
    const push = sent[1] as WorkerState;
    expect(push.id).toBe(0);
    expect(push.eventsFrom).toBe(first.events!.length);
    expect(push.events!.length).toBe(live.host.run!.events.length - first.events!.length);
    expect(push.live!.clients).toBe(1);
    bridge.handle(peer, 2, { type: 'command', step: { do: 'crashBroker', broker: 2 } });
    expect(live.cluster.brokers.get(2)!.status).toBe('crashed');
    bridge.handle(peer, 3, { type: 'livePause', paused: true });
    expect(live.paused).toBe(true);
    bridge.handle(peer, 4, { type: 'newCluster', brokers: 3, mode: 'zookeeper' });
    expect(sent[sent.length - 1]).toMatchObject({ type: 'error', id: 4 });
    // appending what each push carried rebuilds the whole trace
    const events = (sent.filter((m) => m.type === 'state') as WorkerState[]).reduce<unknown[]>(
      (all, s) => [...all.slice(0, s.eventsFrom ?? 0), ...(s.events ?? [])],
      [],
    );
    expect(events).toEqual(live.host.run!.events);
  });
});
