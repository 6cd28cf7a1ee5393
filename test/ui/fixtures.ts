// Small state dumps and traces for the component tests, and a recording fake worker port.
import type { Scenario, SimEvent, StateDump } from '../../src/scenario/types';
import { EngineClient, setClient, type PortLike } from '../../src/ui/client';
import { initialPrefs, noPredictions, useStore, ALL_VIEWS } from '../../src/ui/store';
import type { WorkerRequest } from '../../src/worker/protocol';
import { afterEach, beforeEach } from 'vitest';

const seg = (base: number, size: number) => ({ baseOffset: base, file: String(base).padStart(20, '0') + '.log', sizeBytes: size, indexEntries: 0 });

export function dump(over: Partial<StateDump> = {}): StateDump {
  return {
    time: 1234,
    controller: { id: 1, epoch: 2 },
    brokers: { '1': { status: 'online' }, '2': { status: 'online' }, '3': { status: 'crashed' } },
    topics: {
      orders: {
        partitions: {
          '0': {
            leader: 1,
            leaderEpoch: 1,
            replicas: [1, 2, 3],
            isr: [1, 2],
            hw: 5,
            logs: {
              '1': { logStartOffset: 0, leo: 7, hw: 5, segments: [seg(0, 420), seg(5, 140)] },
              '2': { logStartOffset: 0, leo: 5, hw: 5, segments: [seg(0, 420)] },
              '3': { logStartOffset: 0, leo: 3, hw: 3, segments: [seg(0, 210)] },
            },
          },
          '1': {
            leader: 2,
            leaderEpoch: 0,
            replicas: [2, 3, 1],
            isr: [2, 1],
            hw: 0,
            logs: { '1': { logStartOffset: 0, leo: 0, hw: 0, segments: [seg(0, 0)] }, '2': { logStartOffset: 0, leo: 0, hw: 0, segments: [seg(0, 0)] } },
          },
          '2': { leader: null, leaderEpoch: 3, replicas: [3], isr: [3], hw: null, logs: {} },
        },
      },
    },
    groups: {},
    consumers: {},
    producers: {},
    errors: [],
    lookups: [],
    zookeeper: { '/controller': '{"brokerid":1}', '/controller_epoch': '2', '/brokers/ids/1': '', '/brokers/ids/2': '' },
    ...over,
  };
}

export function events(): SimEvent[] {
  const ev: Omit<SimEvent, 'seq'>[] = [
    {
      time: 0,
      step: 0,
      type: 'TopicCreated',
      topic: 'orders',
      partitions: 3,
      replicationFactor: 3,
      assignment: [
        [1, 2, 3],
        [2, 3, 1],
        [3, 1, 2],
      ],
    },
    { time: 1, step: 0, type: 'LeaderElected', topic: 'orders', partition: 0, leader: 1, leaderEpoch: 0, isr: [1, 2, 3], reason: 'new' },
    { time: 5, step: 1, type: 'MessageSent', from: 'producer-1', to: 'broker-1', api: 'Produce', arriveAt: 6 },
    { time: 6, step: 1, type: 'Appended', broker: 1, topic: 'orders', partition: 0, firstOffset: 0, lastOffset: 4, bytes: 120, leaderEpoch: 0, asLeader: true },
    { time: 8, step: 1, type: 'IsrShrunk', topic: 'orders', partition: 0, leader: 1, isr: [1, 2], removed: [3] },
    { time: 9, step: 2, type: 'LinkCut', a: 'broker-2', b: 'broker-3' },
    { time: 9, step: 2, type: 'SomethingNew', foo: 'bar' },
  ];
  return ev.map((e, seq) => ({ seq, ...e }) as SimEvent);
}

export function scenario(): Scenario {
  return {
    version: 1,
    id: 'test',
    seed: 1,
    mode: 'zookeeper',
    brokers: [1, 2, 3],
    config: {},
    steps: [
      { do: 'createTopic', topic: 'orders', partitions: 3, replicationFactor: 3, say: { en: 'Make a topic.', zh: '创建主题。' } },
      { do: 'produce', topic: 'orders', count: 5 },
      { do: 'isolate', broker: 2, from: [3] },
    ],
  };
}

/** Puts a dump and a trace in the store and installs a client whose worker only records requests. */
export function setup(opts: { cursor?: number; d?: StateDump; ev?: SimEvent[]; lang?: 'en' | 'zh' } = {}) {
  const sent: WorkerRequest[] = [];
  const port: PortLike = {
    onmessage: null,
    postMessage: (m) => {
      sent.push((m as { req: WorkerRequest }).req);
    },
  };
  setClient(new EngineClient(port));
  const ev = opts.ev ?? events();
  useStore.setState({
    // from the initial state: a field another file's test left (the files of a worker share the store) is reset
    ...useStore.getInitialState(),
    ready: true,
    scenario: scenario(),
    events: ev,
    traceVersion: 1,
    stepEnds: [1, 4, 6],
    cursor: opts.cursor ?? ev.length - 1,
    prevCursor: opts.cursor ?? ev.length - 1,
    dump: opts.d ?? dump(),
    failures: [],
    playing: false,
    errors: [],
    prefs: { ...initialPrefs(), lang: opts.lang ?? 'en' },
    controls: 'full',
    views: ALL_VIEWS,
    selection: { topic: null, partition: 0, broker: null, group: null },
    view: 'cluster',
    tab: 'log',
    predict: noPredictions(),
  });
  return { sent, port };
}

/**
 * The course page around the frame, for the embed API's tests (call in a describe): `window.parent` records what
 * the API posts; after each test the API is stopped (`host.stop`, set from startEmbedApi) and the window restored.
 */
export function embedHost(): { posted: { type: string }[]; stop: () => void } {
  const parent = Object.getOwnPropertyDescriptor(window, 'parent');
  const host = { posted: [] as { type: string }[], stop: () => {} };
  beforeEach(() => {
    host.posted = [];
    Object.defineProperty(window, 'parent', { configurable: true, value: { postMessage: (m: { type: string }) => host.posted.push(m) } });
  });
  afterEach(() => {
    host.stop();
    host.stop = () => {};
    if (parent) Object.defineProperty(window, 'parent', parent);
  });
  return host;
}
