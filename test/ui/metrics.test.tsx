// @vitest-environment jsdom
// The metrics view (issue 16): the change each step caused, metric by metric, per node and for the cluster, from the
// dump at the cursor and the metrics at the step's start (both from the worker); focus.metric; the explanations.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { ScenarioRun } from '../../src/scenario/runner';
import type { StateDump } from '../../src/scenario/types';
import { validateScenario } from '../../src/scenario/validate';
import { metricRows } from '../../src/ui/metrics/select';
import { useStore } from '../../src/ui/store';
import { Metrics } from '../../src/ui/views/Metrics';
import { EngineHost } from '../../src/worker/host';
import type { StepMetrics, WorkerState } from '../../src/worker/protocol';
import { stepStart } from '../../src/worker/stepMetrics';
import { dump, setup } from './fixtures';

afterEach(cleanup);

const zkMetrics = (o: Partial<Record<string, number>>) => ({
  UnderReplicatedPartitions: 0,
  PartitionCount: 3,
  LeaderCount: 1,
  IsrShrinksPerSec: 0,
  IsrExpandsPerSec: 0,
  FailedProduceRequestsPerSec: 0,
  ActiveControllerCount: 0,
  OfflinePartitionsCount: 0,
  UncleanLeaderElectionsPerSec: 0,
  LeaderElectionRateAndTimeMs: 0,
  ...o,
});
const counts = (o: Partial<Record<string, number>>) => ({
  IsrShrinksPerSec: 0,
  IsrExpandsPerSec: 0,
  FailedProduceRequestsPerSec: 0,
  UncleanLeaderElectionsPerSec: 0,
  LeaderElectionRateAndTimeMs: 0,
  ...o,
});

describe('metricRows: before and after a step, worked example', () => {
  // before: three brokers up, broker 1 the controller; the step: broker 1 shrank two ISRs, broker 3 went down
  const before: StepMetrics = {
    step: 4,
    brokers: {
      '1': { metrics: zkMetrics({ ActiveControllerCount: 1 }), metricCounts: counts({}) },
      '2': { metrics: zkMetrics({}), metricCounts: counts({}) },
      '3': { metrics: zkMetrics({ LeaderCount: 1 }), metricCounts: counts({}) },
    },
  };
  const after: StateDump = dump({
    brokers: {
      '1': {
        status: 'online',
        metrics: zkMetrics({ ActiveControllerCount: 1, UnderReplicatedPartitions: 2, LeaderCount: 2 }),
        metricCounts: counts({ IsrShrinksPerSec: 2 }),
      },
      '2': { status: 'online', metrics: zkMetrics({}), metricCounts: counts({}) },
      '3': { status: 'crashed', metrics: null, metricCounts: null },
    },
  });
  const rows = metricRows(after, before);
  const row = (n: string) => rows.find((r) => r.name === n)!;
  const cellOf = (n: string, b: string) => row(n).cells.find((c) => c.node === b)!;

  it('lists every metric by Kafka name, in the panel order', () => {
    expect(rows.map((r) => r.name)).toEqual([
      'UnderReplicatedPartitions',
      'OfflinePartitionsCount',
      'ActiveControllerCount',
      'LeaderCount',
      'PartitionCount',
      'IsrShrinksPerSec',
      'IsrExpandsPerSec',
      'FailedProduceRequestsPerSec',
      'UncleanLeaderElectionsPerSec',
      'LeaderElectionRateAndTimeMs',
    ]);
  });

  it('a gauge: after minus before per broker, and the sum over live brokers for the cluster', () => {
    expect(cellOf('UnderReplicatedPartitions', '1')).toMatchObject({ value: 2, before: 0, delta: 2, changed: true });
    expect(cellOf('UnderReplicatedPartitions', '2')).toMatchObject({ value: 0, delta: 0, changed: false });
    // LeaderCount: 1 + 1 + 1 before, 2 + 1 after (broker 3 reports nothing now)
    expect(row('LeaderCount').cluster).toMatchObject({ value: 3, delta: 0 });
    expect(cellOf('LeaderCount', '1').delta).toBe(1);
  });

  it('a broker that went down has no value, and is marked as the change', () => {
    expect(cellOf('LeaderCount', '3')).toMatchObject({ value: null, before: 1, wentDown: true, changed: true });
  });

  it("a meter's Count change shows at once, before its one-minute rate moves at the next 5-second tick", () => {
    expect(cellOf('IsrShrinksPerSec', '1')).toMatchObject({ value: 0, count: 2, countDelta: 2, changed: true });
    expect(row('IsrShrinksPerSec').cluster).toMatchObject({ count: 2, countDelta: 2, changed: true });
    // nothing expanded: only broker 3 going down changed that row
    expect(row('IsrExpandsPerSec').cluster.changed).toBe(false);
    expect(
      row('IsrExpandsPerSec')
        .cells.filter((c) => c.changed)
        .map((c) => c.node),
    ).toEqual(['3']);
  });

  it('OfflinePartitionsCount for the cluster is the active controller’s, not a sum', () => {
    const d = dump({
      brokers: {
        '1': { status: 'online', metrics: zkMetrics({ OfflinePartitionsCount: 1, ActiveControllerCount: 1 }), metricCounts: counts({}) },
        '2': { status: 'online', metrics: zkMetrics({ OfflinePartitionsCount: 1 }), metricCounts: counts({}) },
      },
    });
    expect(metricRows(d, null).find((r) => r.name === 'OfflinePartitionsCount')!.cluster.value).toBe(1);
  });

  it('in kraft mode the controller metrics are the quorum nodes’, and LeaderElectionRateAndTimeMs is not reported', () => {
    const d = dump({
      mode: 'kraft',
      zookeeper: undefined,
      brokers: { '1': { status: 'online', metrics: { UnderReplicatedPartitions: 1, LeaderCount: 1, PartitionCount: 1 }, metricCounts: {} } },
      quorum: {
        voters: { '3000': { role: 'leader', epoch: 1, status: 'online', metrics: { ActiveControllerCount: 1, OfflinePartitionsCount: 0 }, metricCounts: {} } },
        metadataLogEndOffset: 3,
        fencedBrokers: [],
      },
    });
    const rows = metricRows(d, null);
    expect(rows.find((r) => r.name === 'ActiveControllerCount')!.cells.map((c) => [c.kind, c.node, c.value])).toEqual([['controller', '3000', 1]]);
    expect(rows.find((r) => r.name === 'LeaderCount')!.cells.map((c) => c.kind)).toEqual(['broker']);
    expect(rows.find((r) => r.name === 'LeaderElectionRateAndTimeMs')!.reported).toBe(false);
  });
});

describe("stepStart: where a step's change starts", () => {
  const ev = (step: number, type: string) => ({ seq: 0, time: 0, step, type });
  // boot (0, 1), step 0 (2, 3), step 1 an expect (4), step 2 (5, 6)
  const events = [
    ev(-1, 'BrokerStarted'),
    ev(-1, 'BrokerStarted'),
    ev(0, 'StepStarted'),
    ev(0, 'TopicCreated'),
    ev(1, 'StepStarted'),
    ev(2, 'StepStarted'),
    ev(2, 'BrokerCrashed'),
  ];
  const ends = [3, 4, 6];
  it('is the end of the step before the cursor’s (the start-up for step 0)', () => {
    expect(stepStart(events, ends, 1, 6)).toEqual({ pos: 4, step: 2 });
    expect(stepStart(events, ends, 1, 3)).toEqual({ pos: 1, step: 0 });
    expect(stepStart(events, ends, 1, 1)).toBeNull();
  });
  it('a step that only checks shows the change of the last step that did something', () => {
    expect(stepStart(events, ends, 1, 4)).toEqual({ pos: 1, step: 0 });
  });
});

const lesson = JSON.parse(readFileSync(join(process.cwd(), 'public/lessons/broker-metrics.json'), 'utf8')) as unknown;
const host = () => new EngineHost({ validateScenario, createRun: (s) => new ScenarioRun(s) });
/** The worker's state at the end of step k of the lesson (opening at step k + 1 shows it). */
async function atEndOf(k: number): Promise<WorkerState> {
  return (await host().handle({ type: 'load', scenario: lesson, step: k + 1 }, 1)) as WorkerState;
}

describe('the broker-metrics lesson on the real engine', () => {
  it('the step start the worker sends is the engine’s own dump at the end of the step before', async () => {
    const r = await atEndOf(12);
    const v = validateScenario(lesson);
    if (!v.ok) throw new Error('lesson invalid');
    const run = new ScenarioRun(v.scenario);
    for (let i = 0; i <= 11; i++) run.runStep();
    const d = run.dump();
    expect(r.stepStart?.step).toBe(12);
    for (const id of ['1', '2', '3'])
      expect(r.stepStart!.brokers[id]).toEqual({ metrics: d.brokers[id].metrics ?? null, metricCounts: d.brokers[id].metricCounts ?? null });
  });

  it('the controller failover (waiting after broker 1 crashed until broker 2, the new controller, leads 2 partitions) moves what Kafka moves', async () => {
    const r = await atEndOf(12);
    const rows = metricRows(r.dump, r.stepStart!);
    const cell = (n: string, b: string) => rows.find((x) => x.name === n)!.cells.find((c) => c.node === b)!;
    // broker 2 became the controller; scratch-0 (one replica, on broker 1) has no leader; legacy-0 was elected
    // uncleanly on broker 3 (its ISR was [1]); orders-0 and legacy-0 moved (KafkaController.onBrokerFailure)
    expect(cell('ActiveControllerCount', '2')).toMatchObject({ before: 0, value: 1, delta: 1 });
    expect(rows.find((x) => x.name === 'ActiveControllerCount')!.cluster).toMatchObject({ value: 1, delta: 1 });
    expect(cell('OfflinePartitionsCount', '2')).toMatchObject({ value: 1, delta: 1 });
    expect(cell('UncleanLeaderElectionsPerSec', '2')).toMatchObject({ count: 1, countDelta: 1 });
    expect(cell('LeaderCount', '2')).toMatchObject({ before: 1, value: 2 });
    expect(cell('LeaderCount', '3')).toMatchObject({ before: 1, value: 2 });
    expect(cell('UnderReplicatedPartitions', '2')).toMatchObject({ before: 0, value: 2 });
    expect(cell('LeaderCount', '1')).toMatchObject({ value: null, wentDown: false, changed: false });
  });

  it('a command at the end (free play) compares with the end before it', async () => {
    const h = host();
    const first = (await h.handle({ type: 'load', scenario: lesson, step: 11 }, 1)) as WorkerState;
    // at the end of step 10 (the ISR shrinks): broker 1 leads, UnderReplicatedPartitions 2
    expect(first.dump.brokers['1'].metrics?.UnderReplicatedPartitions).toBe(2);
    const r = (await h.handle({ type: 'command', step: { do: 'crashBroker', broker: 1 } }, 2)) as WorkerState;
    expect(r.stepStart?.step).toBe(11);
    expect(r.stepStart?.brokers['1']).toEqual({ metrics: first.dump.brokers['1'].metrics, metricCounts: first.dump.brokers['1'].metricCounts });
    const rows = metricRows(r.dump, r.stepStart!);
    expect(rows.find((x) => x.name === 'UnderReplicatedPartitions')!.cells.find((c) => c.node === '1')).toMatchObject({
      value: null,
      before: 2,
      wentDown: true,
    });
  });

  it('the expect steps after it show that change, with the step it came from', async () => {
    const r = await atEndOf(14);
    expect(r.stepStart?.step).toBe(12);
    const rows = metricRows(r.dump, r.stepStart!);
    expect(rows.find((x) => x.name === 'UncleanLeaderElectionsPerSec')!.changed).toBe(true);
  });

  it('renders the change in the metrics view, highlights focus.metric and explains a metric on a tap, in both languages', async () => {
    const r = await atEndOf(12);
    setup({ lang: 'en' });
    act(() => useStore.getState().applyState(r));
    const { container } = render(<Metrics />);
    const row = (n: string) => container.querySelector(`[data-metric="${n}"]`) as HTMLElement;
    expect(row('ActiveControllerCount').getAttribute('data-changed')).toBe('true');
    expect(row('IsrExpandsPerSec').getAttribute('data-changed')).toBeNull();
    const b2 = row('ActiveControllerCount').querySelector('[data-node="2"]') as HTMLElement;
    expect(b2.getAttribute('data-changed')).toBe('true');
    expect(b2.textContent).toContain('▲ +1');
    expect((row('UnderReplicatedPartitions').querySelector('[data-node="1"]') as HTMLElement).textContent).toContain('down');
    expect(within(row('UncleanLeaderElectionsPerSec').querySelector('[data-node="2"]') as HTMLElement).getByText('Count 1')).toBeTruthy();
    // step 12's focus.metric: its row is highlighted and its explanation open
    expect(row('ActiveControllerCount').className).toContain('hl');
    expect(row('UnderReplicatedPartitions').className).not.toContain('hl');
    expect(within(row('ActiveControllerCount')).getByTestId('metric-explain').textContent).toContain('exactly 1 in the whole cluster');
    // any other metric's line opens from its button (keyboard and touch alike: a button)
    const btn = within(row('OfflinePartitionsCount')).getByRole('button', { name: 'What is OfflinePartitionsCount?' });
    expect(btn.getAttribute('aria-expanded')).toBe('false');
    fireEvent.click(btn);
    expect(btn.getAttribute('aria-expanded')).toBe('true');
    expect(within(row('OfflinePartitionsCount')).getByTestId('metric-explain').textContent).toContain(
      'kafka.controller:type=KafkaController,name=OfflinePartitionsCount',
    );
    act(() => useStore.getState().setPrefs({ lang: 'zh' }));
    expect(within(row('OfflinePartitionsCount')).getByTestId('metric-explain').textContent).toContain('完全没有 leader 的分区数');
    expect(screen.getByTestId('metrics-summary').textContent).toBe('这一步改变了 5 个指标。'); // URP, offline, active controller, leaders, unclean;
  });
});
