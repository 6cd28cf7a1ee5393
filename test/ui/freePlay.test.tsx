// @vitest-environment jsdom
// Free play that works first time (issue 10 item 5): the controls on the real engine (the worker's host, no worker).
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { ScenarioRun } from '../../src/scenario/runner';
import type { SimEvent } from '../../src/scenario/types';
import { validateScenario } from '../../src/scenario/validate';
import { newCluster } from '../../src/ui/actions';
import { EngineClient, setClient, type PortLike } from '../../src/ui/client';
import { Controls } from '../../src/ui/Controls';
import { defaultAdvanceMs, lastProducedPartition } from '../../src/ui/freePlay';
import { ALL_VIEWS, initialPrefs, useStore } from '../../src/ui/store';
import { PartitionLog } from '../../src/ui/views/PartitionLog';
import { EngineHost } from '../../src/worker/host';
import type { WorkerRequest } from '../../src/worker/protocol';

afterEach(cleanup);

/** The UI's client talking to the real engine host, as the worker does, one request at a time. */
function realEngine(lang: 'en' | 'zh' = 'en') {
  const host = new EngineHost({ validateScenario, createRun: (s) => new ScenarioRun(s) });
  const sent: WorkerRequest[] = [];
  const port: PortLike = {
    onmessage: null,
    postMessage: (m) => {
      const { id, req } = m as { id: number; req: WorkerRequest };
      sent.push(req);
      void host.handle(req, id).then((res) => port.onmessage?.({ data: res } as MessageEvent));
    },
  };
  useStore.setState({
    ready: false,
    scenario: null,
    events: [],
    dump: null,
    cursor: -1,
    minCursor: -1,
    prevCursor: -1,
    errors: [],
    failures: [],
    prefs: { ...initialPrefs(), lang },
    controls: 'full',
    views: ALL_VIEWS,
    selection: { topic: null, partition: 0, broker: null, group: null },
  });
  setClient(new EngineClient(port));
  return { sent };
}

/** Waits until the host answered everything sent (its answers arrive as microtasks). */
async function settle(): Promise<void> {
  for (let i = 0; i < 20; i++)
    await act(async () => {
      await new Promise((r) => setTimeout(r, 0));
    });
}

const form = (name: string) => screen.getByRole('form', { name });
const group = (name: string) => screen.getByRole('group', { name });
const button = (within: HTMLElement, name: string) => [...within.querySelectorAll('button')].find((b) => b.textContent === name)!;

describe('free play on the real engine', () => {
  it('crash the leader, press Advance with its default time: the failover is visible', async () => {
    realEngine();
    newCluster(3);
    await settle();
    render(<Controls />);
    fireEvent.submit(form('Create topic'));
    await settle();
    const leader = useStore.getState().dump!.topics.orders.partitions['0'].leader!;
    fireEvent.change(group('Break a broker').querySelector('[name="broker"]')!, { target: { value: String(leader) } });
    fireEvent.click(button(group('Break a broker'), 'Crash'));
    await settle();
    expect(useStore.getState().dump!.topics.orders.partitions['0'].leader).toBe(leader); // nobody noticed yet
    // the default time outlasts zookeeper.session.timeout.ms (18 000): 10 000 ms (the old default) showed nothing
    expect((group('Time').querySelector('[name="advanceMs"]') as HTMLInputElement).value).toBe('20000');
    fireEvent.click(button(group('Time'), 'Advance'));
    await settle();
    const p = useStore.getState().dump!.topics.orders.partitions['0'];
    expect(p.leader).not.toBe(leader);
    expect(p.leader).not.toBeNull();
  });

  it('"Until something happens" stops right after the failover, not at a fixed time', async () => {
    const { sent } = realEngine();
    newCluster(3);
    await settle();
    render(<Controls />);
    fireEvent.submit(form('Create topic'));
    await settle();
    fireEvent.click(button(group('Break a broker'), 'Crash')); // broker 1
    await settle();
    const before = useStore.getState().dump!.time;
    fireEvent.click(screen.getByTestId('advance-until'));
    await settle();
    expect(sent.at(-1)).toEqual({ type: 'command', step: { do: 'advance', ms: 60000, until: 'change' } });
    const d = useStore.getState().dump!;
    expect(d.controller.id).not.toBe(1);
    for (const p of Object.values(d.topics.orders.partitions)) expect(p.leader).not.toBe(1);
    expect(d.time - before).toBeGreaterThanOrEqual(18000);
    expect(d.time - before).toBeLessThan(60000);
  });

  it('the partition log opens on the partition the sticky partitioner wrote to', async () => {
    realEngine();
    newCluster(3);
    await settle();
    render(
      <>
        <Controls />
        <PartitionLog />
      </>,
    );
    fireEvent.submit(form('Create topic'));
    await settle();
    fireEvent.submit(form('Produce'));
    await settle();
    const acked = useStore.getState().dump!.producers['producer-1'].acked;
    const wrote = acked[acked.length - 1].partition;
    expect(useStore.getState().selection).toMatchObject({ topic: 'orders', partition: wrote });
    const log = screen.getByRole('region', { name: 'Partition log' });
    expect((log.querySelector('select') as HTMLSelectElement).value).toBe(`orders-${wrote}`);
    // what this test is about: with seed 1 the sticky partitioner does not pick partition 0
    expect(wrote).not.toBe(0);
  });

  it('Add a consumer reads what was produced before it joined (auto.offset.reset = earliest), or only new records (latest)', async () => {
    const { sent } = realEngine();
    newCluster(3);
    await settle();
    render(<Controls />);
    fireEvent.submit(form('Create topic'));
    await settle();
    fireEvent.submit(form('Produce'));
    await settle();
    fireEvent.submit(form('Add a consumer'));
    await settle();
    expect(sent.at(-1)).toEqual({ type: 'command', step: { do: 'joinGroup', consumer: 'c1', group: 'g1', topics: ['orders'], autoOffsetReset: 'earliest' } });
    fireEvent.click(button(group('Consumers'), 'Poll'));
    await settle();
    const consumers = useStore.getState().dump!.consumers as Record<string, { consumed: unknown[] }>;
    expect(consumers.c1.consumed.length).toBe(5);
    // latest: a second group's consumer starts at the high watermark and reads nothing old
    const join = form('Add a consumer');
    fireEvent.change(join.querySelector('[name="group"]')!, { target: { value: 'g2' } });
    fireEvent.change(join.querySelector('[name="autoOffsetReset"]')!, { target: { value: 'latest' } });
    fireEvent.submit(join);
    await settle();
    expect(sent.at(-1)).toMatchObject({ step: { consumer: 'c2', group: 'g2', autoOffsetReset: 'latest' } });
    fireEvent.change(group('Consumers').querySelector('[name="consumerSel"]')!, { target: { value: 'c2' } });
    fireEvent.click(button(group('Consumers'), 'Poll'));
    await settle();
    const after = useStore.getState().dump!.consumers as Record<string, { consumed: unknown[] }>;
    expect(after.c2.consumed.length).toBe(0);
  });

  it('the choices are there in Chinese too', async () => {
    realEngine('zh');
    newCluster(3);
    await settle();
    render(<Controls />);
    fireEvent.submit(form('创建主题'));
    await settle();
    expect(screen.getByRole('button', { name: '直到有事发生' })).toBeTruthy();
    const reset = form('添加消费者').querySelector('[name="autoOffsetReset"]') as HTMLSelectElement;
    expect([...reset.options].map((o) => o.textContent)).toEqual(['earliest', 'latest（默认）']);
    expect(screen.getByTestId('reset-hint').textContent).toBe('从每个分区最早的消息开始读。');
    fireEvent.change(reset, { target: { value: 'latest' } });
    expect(screen.getByTestId('reset-hint').textContent).toBe('只读它加入之后写入的消息（Kafka 的默认值）。');
  });
});

describe('free play defaults', () => {
  it("Advance's default outlasts the session timeout of the cluster's mode and config", () => {
    expect(defaultAdvanceMs(null)).toBe(20000);
    expect(defaultAdvanceMs({ mode: 'zookeeper', config: {} })).toBe(20000); // 18 000 + 2 000
    expect(defaultAdvanceMs({ mode: 'zookeeper', config: { 'zookeeper.session.timeout.ms': 6000 } })).toBe(8000);
    expect(defaultAdvanceMs({ mode: 'kraft', config: {} })).toBe(11000); // broker.session.timeout.ms 9 000
    expect(defaultAdvanceMs({ mode: 'kraft', config: { 'broker.session.timeout.ms': 4500 } })).toBe(7000);
  });

  it('the partition a produce step wrote to comes from its own events: acknowledged first, then appended, then tried', () => {
    const ev = (step: number, type: string, partition: number, more: Record<string, unknown> = {}): SimEvent => ({
      seq: 0,
      time: 0,
      step,
      type,
      topic: 't',
      partition,
      ...more,
    });
    expect(lastProducedPartition([ev(1, 'ProduceAcked', 2), ev(2, 'Appended', 1, { asLeader: true }), ev(2, 'Appended', 0, { asLeader: false })], 2)).toEqual({
      topic: 't',
      partition: 1,
    });
    expect(lastProducedPartition([ev(2, 'ProduceAcked', 2), ev(2, 'ProduceAcked', 1), ev(2, 'Appended', 0, { asLeader: true })], 2)).toEqual({
      topic: 't',
      partition: 1,
    });
    expect(lastProducedPartition([ev(2, 'ProduceFailed', -1), ev(2, 'ProduceFailed', 2)], 2)).toEqual({ topic: 't', partition: 2 });
    expect(lastProducedPartition([ev(2, 'ProduceFailed', -1)], 2)).toBeNull();
    expect(lastProducedPartition([ev(1, 'ProduceAcked', 2)], 2)).toBeNull();
  });
});
