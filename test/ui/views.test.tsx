// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { SimEvent } from '../../src/scenario/types';
import { ClusterView } from '../../src/ui/views/ClusterView';
import { Announcer, EventLog } from '../../src/ui/views/EventLog';
import { FAR, NEAR, REST_MS, WIDE } from '../../src/ui/views/listWindow';
import { rowKeys } from '../../src/ui/views/rowKeys';
import { PartitionLog } from '../../src/ui/views/PartitionLog';
import { Placement } from '../../src/ui/views/Placement';
import { StageHints } from '../../src/ui/Hints';
import { useStore } from '../../src/ui/store';
import { dump, events, scenario, setup } from './fixtures';
import { resetDirector, useStage } from '../../src/ui/stage/director';

afterEach(cleanup);

/**
 * The frame after which the rows after the cursor of a newly drawn trace are listed (listWindow.useFutureHeld: a frame,
 * then a task). Waited for the same way, so that it runs after the view's own (a fixed delay lost that race under load).
 */
const nextFrame = () =>
  act(
    () =>
      new Promise<void>((ok) => {
        const task = () => setTimeout(() => setTimeout(ok, 0), 0);
        if (typeof requestAnimationFrame === 'function') requestAnimationFrame(task);
        else task();
      }),
  );

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

  it('animates requests sent since the last position as labelled dots, and fades them in place with reduced motion', () => {
    setup({ cursor: 1 });
    resetDirector();
    const { container } = render(<ClusterView />);
    act(() => useStore.setState({ prevCursor: 1, cursor: 3 }));
    expect(container.querySelectorAll('g.flights circle.flight').length).toBe(1);
    expect(container.querySelector('g.flights .flight-label')?.textContent).toBe('Produce');
    act(() => useStore.setState({ cursor: 1 }));
    act(() => useStore.setState({ prefs: { ...useStore.getState().prefs, reducedMotion: true } }));
    act(() => useStore.setState({ prevCursor: 1, cursor: 3 }));
    expect(container.querySelectorAll('g.flights circle.flight').length).toBe(0);
    expect(container.querySelector('.flights-faded .flight-fade')?.textContent).toBe('Produce');
    act(() => useStore.setState({ prefs: { ...useStore.getState().prefs, reducedMotion: false } }));
  });

  it('labels every replica with its whole partition number, a long topic name abbreviated by the legend', () => {
    const d = dump();
    d.topics['events-of-the-day'] = d.topics.orders;
    setup({ d });
    const { container } = render(<ClusterView />);
    const labels = [...container.querySelectorAll('[data-broker="1"] .replica-label')].map((n) => n.textContent);
    expect(labels).toContain('A-0');
    expect(labels).toContain('B-1');
    expect(screen.getByTestId('legend-topic-events-of-the-day').textContent).toContain('A = events-of-the-day');
    expect(screen.getByTestId('legend-topic-orders').textContent).toContain('B = orders');
  });

  it('draws two controller badges when two brokers act as controller, the old epoch dimmed', () => {
    const d = dump();
    d.brokers['1'] = { status: 'online', actsAsController: 1 } as never;
    d.brokers['2'] = { status: 'online', actsAsController: 2 } as never;
    setup({ d });
    render(<ClusterView />);
    const badges = screen.getAllByTestId('controller-badge');
    expect(badges.map((b) => [b.closest('[data-broker]')!.getAttribute('data-broker'), b.getAttribute('data-epoch'), b.getAttribute('data-zombie')])).toEqual([
      ['1', '1', 'true'],
      ['2', '2', null],
    ]);
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

  it("a far seek writes a replica's new batches into the chips drawn; a step keeps all chips but the one leaving", () => {
    // 200 one-record batches of orders-0 on broker 1 (its leader): the last 40 up to the cursor are drawn
    const appends = Array.from(
      { length: 200 },
      (_, i) =>
        ({
          seq: i,
          time: i,
          step: 0,
          type: 'Appended',
          broker: 1,
          topic: 'orders',
          partition: 0,
          firstOffset: i,
          lastOffset: i,
          bytes: 70,
          leaderEpoch: 0,
        }) as unknown as SimEvent,
    );
    const d = dump();
    d.topics.orders.partitions['0'].logs['1'] = { ...d.topics.orders.partitions['0'].logs['1'], leo: 200, hw: 200 };
    setup({ ev: appends, cursor: 60, d });
    render(<PartitionLog />);
    const chips = () => [...screen.getByTestId('batches').querySelectorAll('.chip')];
    const before = chips();
    expect(before.length).toBe(40);
    expect(before[0].textContent).toContain('21–21');
    act(() => useStore.setState({ cursor: 180 }));
    const after = chips();
    expect(after[0].textContent).toContain('141–141');
    expect(after[39].textContent).toContain('180–180');
    // the same elements, in the same order (no element made or removed: the seek's work on the page)
    expect(after.every((c, i) => c === before[i])).toBe(true);
    act(() => useStore.setState({ cursor: 181 }));
    const stepped = chips();
    expect(stepped[39].textContent).toContain('181–181');
    for (const c of stepped.slice(0, 39)) expect(after.includes(c)).toBe(true);
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
  const cell = (c: Element, grid: string, i: number, j: number) =>
    c.querySelector(`[data-testid="${grid}"] [data-cell="${i}-${j}"]`)?.getAttribute('data-broker');

  it("fills the (i + j) mod n grid and Kafka's beside it, and lands every replica in its broker", () => {
    setup();
    const { container } = render(<Placement />);
    expect(cell(container, 'placement-grid', 0, 0)).toBe('1');
    expect(cell(container, 'placement-grid', 1, 0)).toBe('2');
    expect(cell(container, 'placement-grid', 2, 2)).toBe('2'); // (2 + 2) mod 3 = 1 → broker 2
    expect(container.querySelector('[data-testid="placement-kafka"]')).toBeTruthy();
    // 3 partitions × 3 replicas: every broker box holds three
    expect(container.querySelectorAll('[data-broker="1"] [data-landed]').length).toBe(3);
    expect(container.querySelector('[data-testid="placement"]')!.getAttribute('data-anim')).toBeNull();
  });

  it('an explicit assignment is drawn as given, each row checked against (i + j) mod n', () => {
    const ev = events();
    ev[0] = {
      ...ev[0],
      assignment: [
        [1, 2, 3],
        [3, 1, 2],
        [3, 1, 2],
      ],
      mode: 'explicit',
    };
    setup({ ev });
    const { container } = render(<Placement />);
    expect(cell(container, 'placement-grid', 1, 0)).toBe('3');
    const rows = [...container.querySelectorAll('[data-testid="placement-grid"] [data-row]')].map((r) => r.textContent);
    expect(rows[0]).toContain('✓');
    expect(rows[1]).toContain('≠');
  });

  it('while a topic creation plays, the view carries data-anim="placement" and rows fill one after another', () => {
    setup({ cursor: -1 });
    resetDirector();
    const { container } = render(<Placement />);
    act(() => useStore.setState({ prevCursor: -1, cursor: 1 }));
    const root = container.querySelector('[data-testid="placement"]')!;
    expect(root.getAttribute('data-anim')).toBe('placement');
    // at the start nothing is computed yet
    expect(container.querySelectorAll('.place-cell.lit').length).toBe(0);
    resetDirector();
  });

  it("a worker's move plays from the commit that draws it: its scene's clock waits for its state (useDirector)", async () => {
    setup({ cursor: -1 });
    resetDirector();
    const { container } = render(<Placement />);
    const env = globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean };
    env.IS_REACT_ACT_ENVIRONMENT = false;
    try {
      const st = useStore.getState();
      // as the worker sends it: rendered in slices, a task or more later (slicedStore.ts)
      st.applyState({ type: 'state', id: 0, traceVersion: st.traceVersion, cursor: 1, minCursor: -1, dump: st.dump!, failures: [] });
      expect(useStore.getState().cursor).toBe(1);
      // its scene is set with it, its clock not started
      expect(useStage.getState().scene).not.toBeNull();
      expect(useStage.getState().startedAt).toBe(Infinity);
      const root = container.querySelector('[data-testid="placement"]')!;
      expect(root.hasAttribute('data-anim')).toBe(false);
      for (let i = 0; i < 100 && !root.hasAttribute('data-anim'); i++) await new Promise((ok) => setTimeout(ok, 5));
      // drawn: the scene plays from here
      expect(root.getAttribute('data-anim')).toBe('placement');
      expect(useStage.getState().startedAt).toBeLessThanOrEqual(performance.now());
    } finally {
      env.IS_REACT_ACT_ENVIRONMENT = true;
      resetDirector();
    }
  });
});

describe('EventLog', () => {
  it('tells every event in words with its Kafka code path, and unknown types generically', () => {
    setup();
    render(
      <>
        <EventLog />
        <Announcer />
      </>,
    );
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
    render(
      <>
        <EventLog />
        <Announcer />
      </>,
    );
    expect(screen.getByTestId('narration').textContent).toContain('appended offsets 0–4');
    expect(screen.queryByTestId('say')).toBeNull();
    fireEvent.click(screen.getByText(/became|is the leader of orders-0/));
    expect(sent).toEqual([{ type: 'seek', cursor: 1 }]);
    expect(useStore.getState().selection).toMatchObject({ topic: 'orders', partition: 0 }); // the partition log follows
  });

  it('lists a screenful after a far move, the wider window once still a moment or reached into, and keeps it on a near move', () => {
    vi.useFakeTimers();
    try {
      const ev = Array.from({ length: 1000 }, (_, seq) => ({ seq, time: seq, step: 0, type: 'BrokerStarted', broker: 1 }) as SimEvent);
      setup({ ev, cursor: 100 });
      const { container } = render(<EventLog />);
      act(() => vi.advanceTimersByTime(40)); // the rows after the cursor, a frame later
      const seqs = () => [...container.querySelectorAll('ol.events button')].map((b) => Number(b.getAttribute('data-seq')));
      const span = (c: number, w: { before: number; after: number }) => [c - w.before + 1, c + w.after];
      const ends = () => [seqs()[0], seqs()[seqs().length - 1]];
      expect(ends()).toEqual(span(100, WIDE));
      // a near move (a step) keeps the wide window
      act(() => useStore.setState({ cursor: 100 + FAR }));
      expect(ends()).toEqual(span(100 + FAR, WIDE));
      // a far one lists a screenful; still a moment, the wide window
      act(() => useStore.setState({ cursor: 500 }));
      expect(ends()).toEqual(span(500, NEAR));
      act(() => vi.advanceTimersByTime(REST_MS - 50));
      expect(ends()).toEqual(span(500, NEAR));
      act(() => vi.advanceTimersByTime(100));
      expect(ends()).toEqual(span(500, WIDE));
      // far moves in a row (a scrub) stay a screenful; scrolling the list (a wheel) widens it at once
      act(() => useStore.setState({ cursor: 800 }));
      act(() => vi.advanceTimersByTime(REST_MS / 2));
      act(() => useStore.setState({ cursor: 300 }));
      act(() => vi.advanceTimersByTime(REST_MS / 2 + 50));
      expect(ends()).toEqual(span(300, NEAR));
      fireEvent.wheel(container.querySelector('ol.events')!);
      expect(ends()).toEqual(span(300, WIDE));
      // a focus in the list (a keyboard, a screen reader) too
      act(() => useStore.setState({ cursor: 700 }));
      expect(ends()).toEqual(span(700, NEAR));
      fireEvent.focus(container.querySelector('ol.events button')!);
      expect(ends()).toEqual(span(700, WIDE));
    } finally {
      vi.useRealTimers();
    }
  });

  it('keys rows so that a row staying listed keeps its key and a row coming in takes a freed one, in list order', () => {
    const ev = (seqs: number[]) => seqs.map((seq) => ({ seq }) as SimEvent);
    const first = rowKeys(ev([10, 11, 12]), new Map());
    expect([...first]).toEqual([
      [10, 0],
      [11, 1],
      [12, 2],
    ]);
    // a step: 10 leaves, 13 comes in with its key; 11 and 12 keep theirs
    const step = rowKeys(ev([11, 12, 13]), first);
    expect([...step]).toEqual([
      [11, 1],
      [12, 2],
      [13, 0],
    ]);
    // a far seek: every row new, each takes the key of the row listed at its place (no element moves)
    expect([...rowKeys(ev([500, 501, 502, 503]), step)]).toEqual([
      [500, 1],
      [501, 2],
      [502, 0],
      [503, 3],
    ]);
  });

  it('a far seek draws the new rows in the elements of the old ones; the current row is the one marked', async () => {
    const many: SimEvent[] = [];
    for (let i = 0; i < 400; i++) many.push({ seq: i, time: i, step: 0, type: 'LinkCut', a: 'broker-1', b: 'broker-2' } as unknown as SimEvent);
    setup({ ev: many, cursor: 60 });
    const { container } = render(<EventLog />);
    await nextFrame();
    const rows = () => [...container.querySelectorAll('ol.events li')];
    const before = rows();
    expect(before.length).toBe(WIDE.before + WIDE.after); // up to the cursor, and after it
    const n = NEAR.before + NEAR.after; // a screenful after a far seek (listWindow.ts)
    act(() => useStore.setState({ cursor: 300 }));
    const after = rows();
    const first = 300 - NEAR.before + 1;
    expect(after.map((li) => li.querySelector('button')!.getAttribute('data-seq'))).toEqual(Array.from({ length: n }, (_, i) => String(first + i)));
    // the same elements (the first of them), in the same order, with the new events' words
    expect(after.every((li, i) => li === before[i])).toBe(true);
    // a row's line of numbers is one text node (three made a far seek rewrite three times as many)
    expect(after.every((li) => li.querySelector('.ev-meta')!.childNodes.length === 1)).toBe(true);
    expect(after[0].querySelector('.ev-meta')!.textContent).toBe(`#${first} · ${first} ms · step 1`);
    expect(container.querySelector('[aria-current="true"] button')!.getAttribute('data-seq')).toBe('300');
    expect(container.querySelectorAll('[aria-current="true"]').length).toBe(1);
    // one step on: the rows still listed keep their elements
    act(() => useStore.setState({ cursor: 301 }));
    const stepped = rows();
    for (const li of stepped.slice(0, n - 1)) expect(after.includes(li)).toBe(true);
    expect(stepped[NEAR.before - 1].querySelector('button')!.getAttribute('data-seq')).toBe('301');
    expect(stepped[NEAR.before - 1].getAttribute('aria-current')).toBe('true');
  });

  it('lists the rows after the cursor of a newly drawn trace a frame after the others; a move in the trace lists them at once', async () => {
    const ev = Array.from({ length: 60 }, (_, seq) => ({ seq, time: seq, step: 0, type: 'BrokerStarted', broker: 1 }) as SimEvent);
    setup({ ev, cursor: 9 });
    const { container } = render(<EventLog />);
    const seqs = () => [...container.querySelectorAll('ol.events button')].map((b) => Number(b.getAttribute('data-seq')));
    const future = () => container.querySelectorAll('ol.events li.future').length;
    // the page's first frame: the rows up to the cursor only
    expect(seqs()).toEqual(Array.from({ length: 10 }, (_, i) => i));
    await nextFrame();
    expect(future()).toBe(WIDE.after);
    // a step: the rows after the new cursor at once
    act(() => useStore.setState({ cursor: 12 }));
    expect(seqs().at(-1)).toBe(12 + WIDE.after);
    // a new trace where the list had rows after the cursor (a command, a lesson switched): at once, nothing blinks
    act(() => useStore.setState({ events: ev.slice() }));
    expect(future()).toBe(WIDE.after);
    // a trace whose future comes later (a heavy lesson's preview, then its whole trace): held for a frame again
    act(() => useStore.setState({ events: ev.slice(0, 13) }));
    expect(future()).toBe(0);
    act(() => useStore.setState({ events: ev.slice() }));
    expect(future()).toBe(0);
    expect(seqs().at(-1)).toBe(12);
    await nextFrame();
    expect(future()).toBe(WIDE.after);
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
    const { container } = render(
      <>
        <ClusterView />
        <PartitionLog />
        <Controls />
      </>,
    );
    fireEvent.click(container.querySelector('[data-broker="2"] [data-replica="orders-1"]')!);
    expect(useStore.getState().selection).toEqual({ broker: '2', topic: 'orders', partition: 1, group: null });
    expect(screen.getByTestId('partition-leader').textContent).toBe('Broker 2');
    expect((screen.getByLabelText('Broker') as HTMLSelectElement).value).toBe('2');
  });

  it('draws the KRaft voters with the active controller and fenced brokers', () => {
    setup({
      d: dump({
        zookeeper: undefined,
        controller: { id: 3001, epoch: 4 },
        quorum: {
          voters: { '3000': { role: 'follower', epoch: 4, status: 'online' }, '3001': { role: 'leader', epoch: 4, status: 'online' } },
          metadataLogEndOffset: 9,
          fencedBrokers: [2],
        },
      }),
    });
    useStore.setState((s) => ({ scenario: { ...s.scenario!, mode: 'kraft' } }));
    const { container } = render(<ClusterView />);
    expect(container.querySelector('[data-voter="3001"]')!.textContent).toContain('active');
    expect(screen.getByTestId('kraft').textContent).toContain('metadata log end 9');
    expect(screen.getByTestId('broker-2').textContent).toContain('fenced');
  });
});

describe("Placement under Kafka's algorithm", () => {
  it('shows the comparison grid (start index 0, shift 0), differences from (i + j) mod n outlined', () => {
    const ev = events();
    // 3 brokers, 4 partitions: partition 3 wraps and Kafka's shift grows to 1: [1, 3, 2] where (i + j) mod n gives [1, 2, 3]
    ev[0] = {
      ...ev[0],
      partitions: 4,
      assignment: [
        [1, 2, 3],
        [2, 3, 1],
        [3, 1, 2],
        [1, 2, 3],
      ],
    };
    setup({ ev });
    const { container } = render(<Placement />);
    const k = (i: number, j: number) => container.querySelector(`[data-testid="placement-kafka"] [data-cell="${i}-${j}"]`)!;
    expect(k(0, 0).getAttribute('data-broker')).toBe('1');
    expect([0, 1, 2].map((j) => k(3, j).getAttribute('data-broker'))).toEqual(['1', '3', '2']);
    expect(k(3, 1).getAttribute('data-diff')).toBe('true');
    expect(k(0, 1).getAttribute('data-diff')).toBeNull();
  });
});

describe('invariant flags in the event log', () => {
  it('marks the violating event and offers to jump to it', async () => {
    const base = (setup(), useStore.getState().events);
    const ev = [
      ...base,
      {
        seq: base.length,
        time: 99,
        step: 2,
        type: 'InvariantViolated',
        kind: 'CommittedRecordsLost',
        topic: 'orders',
        partition: 0,
        broker: 2,
        from: 3,
        to: 5,
      },
    ];
    const { sent } = setup({ ev, cursor: 1 });
    render(<EventLog />);
    await nextFrame();
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
    expect(screen.getByTestId('stale-hint').textContent).toMatch(
      /Broker 3 is down but still shown as leader.*ZooKeeper session.*Time → Until something happens/,
    );
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
