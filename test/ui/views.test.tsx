// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { ClusterView } from '../../src/ui/views/ClusterView';
import { EventLog } from '../../src/ui/views/EventLog';
import { PartitionLog } from '../../src/ui/views/PartitionLog';
import { Placement } from '../../src/ui/views/Placement';
import { StageHints } from '../../src/ui/Hints';
import { useStore } from '../../src/ui/store';
import { dump, scenario, setup } from './fixtures';

afterEach(cleanup);

describe('ClusterView', () => {
  it('shows every broker with its status, the controller with its epoch, and replicas by role', () => {
    setup();
    const { container } = render(<ClusterView />);
    expect(screen.getByTestId('broker-1').textContent).toContain('Broker 1');
    expect(screen.getByTestId('broker-3').textContent).toContain('crashed');
    expect(screen.getByTestId('controller-badge').textContent).toContain('epoch 2');
    expect(within(screen.getByTestId('broker-1')).getByTestId('controller-badge')).toBeTruthy();
    const r = (b: number, tp: string) => container.querySelector(`[data-broker="${b}"] [data-replica="${tp}"]`)?.getAttribute('data-role');
    expect(r(1, 'orders-0')).toBe('leader');
    expect(r(2, 'orders-0')).toBe('follower');
    expect(r(3, 'orders-0')).toBe('outOfSync');
    expect(r(3, 'orders-2')).toBe('offline');
    // shapes differ, not only colours
    expect(container.querySelector('[data-broker="1"] [data-replica="orders-0"] rect.glyph-leader')).toBeTruthy();
    expect(container.querySelector('[data-broker="2"] [data-replica="orders-0"] circle.glyph-follower')).toBeTruthy();
    expect(container.querySelector('[data-broker="3"] [data-replica="orders-0"] polygon.glyph-out')).toBeTruthy();
  });

  it('lists znodes in zookeeper mode and marks cut links', () => {
    setup();
    const { container } = render(<ClusterView />);
    expect(screen.getByTestId('zookeeper').textContent).toContain('/controller');
    expect(container.querySelectorAll('path.link.cut').length).toBe(1);
  });

  it('animates requests sent since the last position, unless reduced motion is asked for', () => {
    setup({ cursor: 3 });
    useStore.setState({ prevCursor: 1 });
    const { container, rerender } = render(<ClusterView />);
    expect(container.querySelectorAll('circle.flight animateMotion').length).toBe(1);
    act(() => useStore.setState({ prefs: { ...useStore.getState().prefs, reducedMotion: true } }));
    rerender(<ClusterView />);
    expect(container.querySelectorAll('circle.flight animateMotion').length).toBe(0);
  });

  it('shows the KRaft quorum in kraft mode', () => {
    setup({ d: dump({ zookeeper: undefined }) });
    useStore.setState((s) => ({ scenario: { ...s.scenario!, mode: 'kraft' } }));
    render(<ClusterView />);
    expect(screen.getByTestId('kraft').textContent).toContain('KRaft quorum');
  });

  it('renders a cluster with no topics and no controller', () => {
    setup({ d: dump({ topics: {}, controller: { id: null, epoch: 0 } }) });
    render(<ClusterView />);
    expect(screen.queryByTestId('controller-badge')).toBeNull();
    expect(screen.getAllByText('no replicas').length).toBe(3);
  });
});

describe('PartitionLog', () => {
  it("shows operators' numbers, every replica's LEO and HW, and the leader's segment files", () => {
    setup();
    render(<PartitionLog />);
    expect(screen.getByTestId('isr-count').textContent).toBe('In Sync Replicas 2 of 3');
    expect(screen.getByText('under-replicated')).toBeTruthy();
    expect(screen.getByTestId('partition-leader').textContent).toBe('Broker 1');
    expect(screen.getByTestId('partition-hw').textContent).toBe('5');
    expect(screen.getByTestId('replica-row-1').textContent).toContain('LEO 7 · HW 5');
    expect(screen.getByTestId('replica-row-3').textContent).toContain('LEO 3 · HW 3');
    expect(screen.getByText('00000000000000000005.log')).toBeTruthy();
    expect(screen.getByTestId('batches').textContent).toContain('0–4 · 120 B · e0');
  });

  it('switches partition and replica', () => {
    setup();
    render(<PartitionLog />);
    fireEvent.change(screen.getByLabelText('Partition'), { target: { value: 'orders-2' } });
    expect(screen.getByText('offline')).toBeTruthy();
    expect(screen.getByTestId('partition-leader').textContent).toBe('—');
  });

  it('says so when there is no topic', () => {
    setup({ d: dump({ topics: {} }) });
    render(<PartitionLog />);
    expect(screen.getByText(/No topic yet/)).toBeTruthy();
  });
});

describe('Placement', () => {
  it('fills a partitions × brokers grid with replica indexes and checks (i + j) mod n', () => {
    setup();
    render(<Placement />);
    const grid = screen.getByTestId('placement-grid');
    const rows = grid.querySelectorAll('tbody tr');
    expect(rows.length).toBe(3);
    expect(rows[0].textContent).toContain('(0 + 0) mod 3 = 0');
    expect(rows[1].querySelectorAll('td')[1].textContent).toContain('(1 + 0) mod 3 = 1');
    expect(rows[0].textContent).toContain('✓');
    expect(rows[2].textContent).toContain('✓');
  });

  it('flags an assignment that differs from (i + j) mod n', () => {
    const d = dump();
    d.topics.orders.partitions['1'].replicas = [3, 1, 2];
    setup({ d });
    render(<Placement />);
    expect(screen.getByTestId('placement-grid').querySelectorAll('tbody tr')[1].textContent).toContain('≠');
  });
});

describe('EventLog', () => {
  it('tells every event in words with its Kafka code path, and unknown types generically', () => {
    setup();
    render(<EventLog />);
    expect(screen.getByText(/Broker 1 appended offsets 0–4 \(120 bytes\) to orders-0 as leader/)).toBeTruthy();
    expect(screen.getAllByText(/ReplicaManager\.appendRecords/).length).toBeGreaterThan(0);
    expect(screen.getByText(/Partition\.maybeShrinkIsr/)).toBeTruthy();
    expect(screen.getAllByText('SomethingNew: foo=bar').length).toBe(2); // the entry and the narration
    // network requests are hidden until asked for
    expect(screen.queryByText(/: Produce\./)).toBeNull();
    fireEvent.click(screen.getByLabelText('Network requests too (list and step)'));
    expect(screen.getByText(/producer-1 → broker 1: Produce\./)).toBeTruthy();
  });

  it('narrates the current event for screen readers and jumps the timeline on click', () => {
    const { sent } = setup({ cursor: 3 });
    render(<EventLog />);
    expect(screen.getByTestId('narration').textContent).toContain('appended offsets 0–4');
    expect(screen.queryByTestId('say')).toBeNull();
    fireEvent.click(screen.getByText(/became|is the leader of orders-0/));
    expect(sent).toEqual([{ type: 'seek', cursor: 1 }]);
    expect(useStore.getState().selection).toMatchObject({ topic: 'orders', partition: 0 }); // the partition log follows
  });

  it('leaves the step narration (say) to the lesson panel beside it', () => {
    setup({ cursor: 0 });
    render(<EventLog />);
    expect(screen.queryByText('Make a topic.')).toBeNull();
  });
});

describe('picking on the cluster', () => {
  it('clicking a replica opens its partition log on that broker; the broker controls follow', async () => {
    setup();
    const { Controls } = await import('../../src/ui/Controls');
    const { container } = render(<><ClusterView /><PartitionLog /><Controls /></>);
    fireEvent.click(container.querySelector('[data-broker="2"] [data-replica="orders-1"]')!);
    expect(useStore.getState().selection).toEqual({ broker: '2', topic: 'orders', partition: 1, group: null });
    expect(screen.getByTestId('partition-leader').textContent).toBe('Broker 2');
    expect((screen.getByLabelText('Broker') as HTMLSelectElement).value).toBe('2');
  });

  it('draws the KRaft voters with the active controller and fenced brokers', () => {
    setup({ d: dump({ zookeeper: undefined, controller: { id: 3001, epoch: 4 },
      quorum: { voters: { '3000': { role: 'follower', epoch: 4, status: 'online' }, '3001': { role: 'leader', epoch: 4, status: 'online' } }, metadataLogEndOffset: 9, fencedBrokers: [2] } }) });
    useStore.setState((s) => ({ scenario: { ...s.scenario!, mode: 'kraft' } }));
    const { container } = render(<ClusterView />);
    expect(container.querySelector('[data-voter="3001"]')!.textContent).toContain('active');
    expect(screen.getByTestId('kraft').textContent).toContain('metadata log end 9');
    expect(screen.getByTestId('broker-2').textContent).toContain('fenced');
  });
});

describe("Placement under Kafka's algorithm", () => {
  it('shows the comparison grid (start index 0, shift 0)', () => {
    setup();
    render(<Placement />);
    const rows = screen.getByTestId('placement-kafka').querySelectorAll('tbody tr');
    expect(rows.length).toBe(3);
    // p0 [1,2,3]: broker 1 holds replica 0
    expect(rows[0].querySelectorAll('td')[0].textContent).toContain('0');
  });
});

describe('invariant flags in the event log', () => {
  it('marks the violating event and offers to jump to it', () => {
    const base = (setup(), useStore.getState().events);
    const ev = [...base, { seq: base.length, time: 99, step: 2, type: 'InvariantViolated', kind: 'CommittedRecordsLost', topic: 'orders', partition: 0, broker: 2, from: 3, to: 5 }];
    const { sent } = setup({ ev, cursor: 1 });
    render(<EventLog />);
    expect(screen.getByTestId('flags').textContent).toContain('1 warning(s)');
    expect(screen.getByText(/committed records are lost/)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Go to the first' }));
    expect(sent).toEqual([{ type: 'seek', cursor: base.length }]);
  });
});

describe('hints', () => {
  const freePlay = () => useStore.setState((s) => ({ scenario: { ...s.scenario!, steps: s.scenario!.steps.map(({ say: _say, ...st }) => st) } }));

  it('explains why a crashed broker still leads: the controller has not noticed yet; Time → Until something happens only in free play', () => {
    const d = dump();
    d.topics.orders.partitions['2'].leader = 3; // broker 3 is crashed in the fixture
    setup({ d });
    freePlay();
    render(<StageHints />);
    expect(screen.getByTestId('stale-hint').textContent).toMatch(/Broker 3 is down but still shown as leader.*ZooKeeper session.*Time → Until something happens/);
    act(() => useStore.setState({ controls: 'player' })); // an embedded player has no Time controls
    expect(screen.getByTestId('stale-hint').textContent).not.toMatch(/Advance/);
    act(() => useStore.setState({ controls: 'full', scenario: scenario() })); // a lesson (narrated) neither
    expect(screen.getByTestId('stale-hint').textContent).toMatch(/still shown as leader/);
    expect(screen.getByTestId('stale-hint').textContent).not.toMatch(/Advance/);
  });

  it('shows how to start when there is no topic, in free play only (not in a lesson, not in the player)', () => {
    setup({ d: dump({ topics: {} }) });
    freePlay();
    render(<StageHints />);
    expect(screen.getByTestId('getting-started').textContent).toMatch(/create a topic/);
    act(() => useStore.setState({ controls: 'player' }));
    expect(screen.queryByTestId('getting-started')).toBeNull();
    act(() => useStore.setState({ controls: 'full', scenario: scenario() }));
    expect(screen.queryByTestId('getting-started')).toBeNull();
  });
});

describe('broker menu', () => {
  it('a click on a broker opens its actions; an action issues the command and closes the menu', () => {
    const { sent } = setup();
    const { container } = render(<ClusterView />);
    fireEvent.click(container.querySelector('[data-broker="2"] rect.broker-box')!);
    const menu = screen.getByTestId('broker-menu');
    expect(menu.textContent).toContain('Broker 2');
    fireEvent.click(within(menu).getByRole('menuitem', { name: 'Crash' }));
    expect(sent).toEqual([{ type: 'command', step: { do: 'crashBroker', broker: 2 } }]);
    expect(screen.queryByTestId('broker-menu')).toBeNull();
  });

  it('a crashed broker offers Restart; Escape closes; the player mode has no menu', () => {
    setup();
    const { container, unmount } = render(<ClusterView />);
    fireEvent.click(container.querySelector('[data-broker="3"] rect.broker-box')!);
    expect(within(screen.getByTestId('broker-menu')).getByRole('menuitem', { name: 'Restart' })).toBeTruthy();
    fireEvent.keyDown(window, { key: 'Escape' });
    expect(screen.queryByTestId('broker-menu')).toBeNull();
    unmount();
    setup();
    useStore.setState({ controls: 'player' });
    const r = render(<ClusterView />);
    fireEvent.click(r.container.querySelector('[data-broker="3"] rect.broker-box')!);
    expect(screen.queryByTestId('broker-menu')).toBeNull();
  });
});
