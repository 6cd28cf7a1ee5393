// @vitest-environment jsdom
// Consumer groups, driven by a state dump from the real engine.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ScenarioRun } from '../../src/scenario/runner';
import type { SimEvent, StateDump } from '../../src/scenario/types';
import { validateScenario } from '../../src/scenario/validate';
import { Controls } from '../../src/ui/Controls';
import { ClusterView } from '../../src/ui/views/ClusterView';
import { Groups } from '../../src/ui/views/Groups';
import { setup } from './fixtures';

let d: StateDump;
let ev: SimEvent[];

beforeAll(() => {
  const json = JSON.parse(readFileSync(join(process.cwd(), 'public/scenarios/range-assignor.json'), 'utf8'));
  json.steps.push(
    { do: 'produce', topic: 't', partition: 0, count: 4 },
    { do: 'poll', consumer: 'c1' },
    { do: 'commit', consumer: 'c1' },
    { do: 'advance', ms: 1000 },
  );
  const v = validateScenario(json);
  if (!v.ok) throw new Error(v.problem.message);
  const run = new ScenarioRun(v.scenario);
  run.runToEnd();
  d = run.dump();
  ev = run.events;
});

afterEach(cleanup);

describe('Consumer groups view (real engine dump)', () => {
  it('shows state, generation, coordinator, members and lag per partition', () => {
    setup({ d, ev });
    render(<Groups />);
    const g = screen.getByTestId('group-g');
    expect(g.querySelector('[aria-current="step"]')!.textContent).toBe('Stable');
    expect(g.textContent).toContain('c1');
    expect(g.textContent).toMatch(/t-0, t-1/);
    const rows = [...g.querySelectorAll('table.lag tbody tr')].map((r) => [...r.querySelectorAll('td')].map((c) => c.textContent));
    expect(rows.length).toBe(4);
    expect(rows[0][0]).toBe('t-0');
    expect(rows[0][1]).toBe('c1');
    expect(rows[0][4]).toBe('4'); // high watermark
  });

  it('draws each consumer on the stage with a line to the leader replica of every partition it owns, and badges the coordinator', () => {
    setup({ d, ev });
    const { container } = render(<ClusterView />);
    const members = [...container.querySelectorAll('[data-group="g"] [data-member]')].map((m) => m.getAttribute('data-member'));
    expect(members).toEqual(['c1', 'c2', 'c3']);
    const owned = (d.consumers as Record<string, { assignment: string[] }>).c1.assignment;
    expect(owned.length).toBeGreaterThan(0);
    const lines = [...container.querySelectorAll('line.owns')]
      .filter((l) => l.getAttribute('data-owns')!.startsWith('c1>'))
      .map((l) => l.getAttribute('data-owns'));
    expect(lines).toEqual(owned.map((tp) => `c1>${tp}`));
    // each line ends on the partition's leader replica
    const leader = d.topics.t.partitions['0'].leader;
    const glyph = container.querySelector(`[data-broker="${leader}"] [data-replica="t-0"] .glyph`)!;
    const line = [...container.querySelectorAll('line.owns')].find((l) => l.getAttribute('data-owns')!.endsWith('>t-0'))!;
    const gx = Number(glyph.getAttribute('x') ?? glyph.getAttribute('cx')) + (glyph.getAttribute('x') ? 6 : 0);
    expect(Math.abs(Number(line.getAttribute('x2')) - gx)).toBeLessThan(1);
    const coordinator = (d.groups as Record<string, { coordinator: number }>).g.coordinator;
    expect(screen.getByTestId('coordinator-g').textContent).toMatch(/g: __consumer_offsets-\d+/);
    // under the coordinator's broker box
    const box = container.querySelector(`[data-broker="${coordinator}"] rect.broker-box`)!;
    const lx = Number(screen.getByTestId('coordinator-g').getAttribute('x')),
      ly = Number(screen.getByTestId('coordinator-g').getAttribute('y'));
    expect(lx).toBeGreaterThanOrEqual(Number(box.getAttribute('x')));
    expect(lx).toBeLessThan(Number(box.getAttribute('x')) + Number(box.getAttribute('width')));
    expect(ly).toBeGreaterThan(Number(box.getAttribute('y')) + Number(box.getAttribute('height')));
  });
});

describe('Consumer controls', () => {
  it('adds a consumer, polls, commits, seeks, leaves and crashes', () => {
    const { sent } = setup({ d, ev });
    render(<Controls />);
    const join = screen.getByRole('form', { name: 'Add a consumer' });
    fireEvent.change(join.querySelector('[name="assignor"]')!, { target: { value: 'cooperative-sticky' } });
    fireEvent.submit(join);
    const group = screen.getByRole('group', { name: 'Consumers' });
    for (const name of ['Poll', 'Commit', 'Leave']) fireEvent.click([...group.querySelectorAll('button')].find((b) => b.textContent === name)!);
    fireEvent.change(group.querySelector('[name="offset"]')!, { target: { value: '2' } });
    fireEvent.click([...group.querySelectorAll('button')].find((b) => b.textContent === 'Seek')!);
    expect(sent.map((r) => (r.type === 'command' ? r.step : r))).toEqual([
      { do: 'joinGroup', consumer: 'c4', group: 'g1', topics: ['t'], assignor: 'cooperative-sticky', autoOffsetReset: 'earliest' },
      { do: 'poll', consumer: 'c1' },
      { do: 'commit', consumer: 'c1' },
      { do: 'leaveGroup', consumer: 'c1' },
      { do: 'seek', consumer: 'c1', topic: 't', partition: 0, offset: 2 },
    ]);
  });
});

describe('Consumer groups view: a consumer-protocol group (KIP-848) beside a classic one', () => {
  const lessonRun = (extra: unknown[] = [], upTo?: number) => {
    const v = validateScenario(JSON.parse(readFileSync(join(process.cwd(), 'public/lessons/consumer-protocol.json'), 'utf8')));
    if (!v.ok) throw new Error(v.problem.message);
    const steps = [...v.scenario.steps.slice(0, upTo), ...extra] as typeof v.scenario.steps;
    const run = new ScenarioRun({ ...v.scenario, steps });
    run.runToEnd();
    return run;
  };

  it('labels the protocol, shows the group epoch, the consumer-protocol states, and each member epoch', () => {
    const run = lessonRun();
    setup({ d: run.dump(), ev: run.events });
    render(<Groups />);
    const modern = screen.getByTestId('group-modern');
    expect(screen.getByTestId('protocol-modern').textContent).toBe('consumer protocol (KIP-848)');
    expect(screen.getByTestId('protocol-classic').textContent).toBe('classic protocol, eager');
    expect([...modern.querySelectorAll('ol.states li')].map((li) => li.textContent)).toEqual(['Empty', 'Assigning', 'Reconciling', 'Stable', 'Dead']);
    expect(modern.querySelector('[aria-current="step"]')!.textContent).toBe('Stable');
    expect(modern.textContent).toContain('Group epoch4');
    expect(modern.textContent).toContain('Target assignment epoch4');
    expect(modern.textContent).toContain('none: the coordinator assigns');
    expect(modern.textContent).toMatch(/n1 \(active, member epoch 4\): t-0, t-1, t-3 · at its target/);
    expect(modern.textContent).toMatch(/n3 \(active, member epoch 4\): t-2, t-4, t-5 · at its target/);
    // the classic group keeps its generation, its leader member and its barrier states
    const classic = screen.getByTestId('group-classic');
    expect(classic.textContent).toContain('Generation4');
    expect(classic.textContent).not.toContain('member epoch');
    expect([...classic.querySelectorAll('ol.states li')].map((li) => li.textContent)).toContain('CompletingRebalance');
  });

  it('shows a member on its way to its target: it owns less than its target and waits for a released partition (English and Chinese)', () => {
    // n2 has left and n1 has taken t-3 at its heartbeat; n3 (still at member epoch 3) gets t-4 only at its own
    const run = lessonRun([{ do: 'waitFor', path: 'groups.modern.members.n1.assignment', equals: ['t-0', 't-1', 't-3'], timeoutMs: 10000 }], 14);
    const d2 = run.dump();
    setup({ d: d2, ev: run.events });
    const { unmount } = render(<Groups />);
    const modern = screen.getByTestId('group-modern');
    expect(modern.querySelector('[aria-current="step"]')!.textContent).toBe('Reconciling');
    const n3 = [...modern.querySelectorAll('ul.members li')].find((li) => li.textContent!.startsWith('n3'))!;
    expect(n3.textContent).toBe('n3 (active, member epoch 3): t-2, t-5 · waits for t-4 · target t-2, t-4, t-5');
    unmount();
    setup({ d: d2, ev: run.events, lang: 'zh' });
    render(<Groups />);
    const zh = screen.getByTestId('group-modern');
    expect(screen.getByTestId('protocol-modern').textContent).toBe('消费者协议（KIP-848）');
    expect(zh.textContent).toContain('组纪元');
    expect(zh.textContent).toContain('成员纪元 3');
    expect(zh.textContent).toContain('等待 t-4');
  });

  it('on the stage: the protocol on each frame, group epoch and member epochs, and the no-reader line, all 6 against 2 of 6', () => {
    const run = lessonRun([], 9); // through n3's join
    setup({ d: run.dump(), ev: run.events });
    const { container } = render(<ClusterView />);
    const modern = container.querySelector('[data-group="modern"]')!;
    const classic = container.querySelector('[data-group="classic"]')!;
    expect(modern.getAttribute('data-protocol')).toBe('consumer');
    expect(classic.getAttribute('data-protocol')).toBe('classic');
    expect(modern.querySelector('.group-title')!.textContent).toBe('group modern · Stable · group epoch 3 · consumer (KIP-848)');
    expect(classic.querySelector('.group-title')!.textContent).toBe('group classic · Stable · generation 3 · classic, eager');
    expect([...modern.querySelectorAll('[data-member]')].map((m) => `${m.getAttribute('data-member')}@${m.getAttribute('data-epoch')}`)).toEqual([
      'n1@3',
      'n2@3',
      'n3@3',
    ]);
    expect(classic.querySelector('[data-member] .member-epoch')).toBeNull();
    expect(screen.getByTestId('gaps-classic').textContent).toBe('last rebalance: all 6 partitions had no reader, ≤ 6 ms');
    expect(screen.getByTestId('gaps-modern').textContent).toBe('last rebalance: 2 of 6 partitions had no reader (≤ 1.0 s), 4 kept theirs');
  });
});
