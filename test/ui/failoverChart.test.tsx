// @vitest-environment jsdom
// The failover chart of the lesson "Why KRaft": the worker's host measures failovers with the engine (cached, refused
// outside the lesson's partition counts), and the chart draws what the store holds: taller bars for longer failovers,
// a label per bar for the keyboard and screen readers, in both languages.
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { ScenarioRun } from '../../src/scenario/runner';
import { validateScenario } from '../../src/scenario/validate';
import { setClient } from '../../src/ui/client';
import { initialPrefs, useStore } from '../../src/ui/store';
import { FailoverChart } from '../../src/ui/views/failover/FailoverChart';
import { EngineHost } from '../../src/worker/host';
import type { FailoverFigure } from '../../src/scenario/failoverCost';

afterEach(cleanup);

const host = new EngineHost({ validateScenario, createRun: (s) => new ScenarioRun(s) });

async function measure(mode: 'zookeeper' | 'kraft', partitions: number): Promise<FailoverFigure> {
  const res = await host.handle({ type: 'measureFailover', mode, partitions }, 1);
  if (res.type !== 'failover') throw new Error(JSON.stringify(res));
  return res.figure;
}

describe('measureFailover in the worker', () => {
  it('answers from an engine run, keeps it, and refuses other partition counts', async () => {
    const a = await measure('zookeeper', 1000);
    expect(a.loadMs).toBe(202);
    expect(await measure('zookeeper', 1000)).toBe(a); // the same object: not run again
    const bad = await host.handle({ type: 'measureFailover', mode: 'kraft', partitions: 123 }, 2);
    expect(bad.type).toBe('error');
  }, 60_000);
});

describe('the failover chart', () => {
  it('draws each measured failover as a bar, zookeeper taller than kraft, with a label and a table row', async () => {
    setClient(null);
    const zk = await measure('zookeeper', 1000);
    const kr = await measure('kraft', 1000);
    useStore.setState({ prefs: { ...initialPrefs(), lang: 'en' }, failover: { 'zookeeper:1000': zk, 'kraft:1000': kr } });
    const { container } = render(<FailoverChart />);
    const bars = [...container.querySelectorAll('g.fo-bar')];
    expect(bars.map((b) => b.getAttribute('data-key'))).toEqual(['zookeeper:1000', 'kraft:1000']);
    expect(bars.every((b) => b.getAttribute('tabindex') === '0')).toBe(true);
    const height = (b: Element) => [...b.querySelectorAll('rect')].reduce((n, r) => n + Number(r.getAttribute('height')), 0);
    expect(height(bars[0])).toBeGreaterThan(3 * height(bars[1]));
    expect(bars[0].querySelector('rect.fo-load')).not.toBeNull(); // the ZooKeeper reads
    expect(bars[1].querySelector('rect.fo-load')).toBeNull(); // nothing to load in KRaft
    expect(bars[0].getAttribute('aria-label')).toContain(`${(zk.totalMs / 1000).toFixed(1)} s in all`);
    expect(container.querySelectorAll('.fo-table tbody tr')).toHaveLength(2);
    cleanup();
    useStore.setState({ prefs: { ...initialPrefs(), lang: 'zh' } });
    render(<FailoverChart />);
    expect(screen.getAllByText(/故障转移时间与分区数/).length).toBeGreaterThan(0);
  }, 60_000);
});
