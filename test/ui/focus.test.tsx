// @vitest-environment jsdom
// Focus (src/ui/focus.ts, views/registry.ts): a step's focus puts its view in front (the stage's data-view),
// selects what it names, and marks the highlighted dump paths in the views; predictions (lessons/predict.ts)
// stop forward moves before the answer.
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { Scenario, Step } from '../../src/scenario/types';
import { App } from '../../src/ui/App';
import { focusAt, isHighlighted, replicaHighlighted } from '../../src/ui/focus';
import { answerStep, freezeCursor, gate, narrated } from '../../src/ui/lessons/predict';
import { parseParams } from '../../src/ui/params';
import { ALL_VIEWS, noPredictions, useStore } from '../../src/ui/store';
import { preloadViews, VIEWS, viewsIn } from '../../src/ui/views/registry';
import { dump, events, setup } from './fixtures';

afterEach(cleanup);

const steps: Step[] = [
  { do: 'createTopic', topic: 'orders', partitions: 3, replicationFactor: 3, say: 'Make a topic.', focus: { view: 'placement', topic: 'orders' } },
  { do: 'produce', topic: 'orders', count: 5, say: 'Five records.', focus: { view: 'log', partition: 0, highlight: ['topics.orders.partitions.0.isr'] } },
  { do: 'expect', path: 'time', equals: 1, say: 'Checked.' },
  { do: 'isolate', broker: 2, from: [3], say: 'Cut.', focus: { view: 'groups', group: 'g1', highlight: ['groups.g1.members.c2', 'brokers.2'] } },
];

describe('focusAt', () => {
  it('carries view, topic, partition, group and broker to later steps; highlight holds for its own step', () => {
    expect(focusAt(steps, 0)).toEqual({ view: 'placement', topic: 'orders' });
    expect(focusAt(steps, 1)).toEqual({ view: 'log', topic: 'orders', partition: 0, highlight: ['topics.orders.partitions.0.isr'] });
    expect(focusAt(steps, 2)).toEqual({ view: 'log', topic: 'orders', partition: 0 });
    expect(focusAt(steps, 3)).toMatchObject({ view: 'groups', group: 'g1', highlight: ['groups.g1.members.c2', 'brokers.2'] });
    expect(focusAt(steps, -1)).toEqual({});
  });

  it('an element is highlighted when a path names it exactly; with contains, also when the path lies inside it', () => {
    const list = ['topics.t.partitions.0', 'groups.g.members.c1.assignment'];
    expect(isHighlighted(list, 'topics.t.partitions.0')).toBe(true);
    expect(isHighlighted(list, 'topics.t.partitions.0.isr')).toBe(false); // not everything inside it
    expect(isHighlighted(list, 'topics.t.partitions.1')).toBe(false);
    expect(isHighlighted(list, 'topics.t.partitions.01')).toBe(false);
    expect(isHighlighted(list, 'groups.g.members.c1')).toBe(false);
    expect(isHighlighted(list, 'groups.g.members.c1', true)).toBe(true);
    expect(isHighlighted(list, 'groups.g.members.c11', true)).toBe(false);
    expect(replicaHighlighted(['topics.t.partitions.0.isr'], 't', 0, 2, 'follower')).toBe(true);
    expect(replicaHighlighted(['topics.t.partitions.0.isr'], 't', 0, 3, 'outOfSync')).toBe(false);
    expect(replicaHighlighted(['topics.t.partitions.0.leader'], 't', 0, 1, 'leader')).toBe(true);
    expect(replicaHighlighted(['topics.t.partitions.0.logs.3.leo'], 't', 0, 3, 'outOfSync')).toBe(true);
    expect(replicaHighlighted(['topics.t'], 't', 2, 3, 'follower')).toBe(true);
    expect(replicaHighlighted(['topics.t.partitions.1'], 't', 2, 3, 'follower')).toBe(false);
  });
});

describe('focus.metric (project)', () => {
  it('puts the metrics view in focus; the view carries over, the metric holds for its own step', () => {
    const st: Step[] = [
      { do: 'expect', path: 'time', equals: 0, focus: { view: 'log', topic: 't' } },
      { do: 'expect', path: 'time', equals: 0, focus: { metric: 'LeaderCount' } },
      { do: 'expect', path: 'time', equals: 0 },
      { do: 'expect', path: 'time', equals: 0, focus: { view: 'cluster' } },
    ];
    expect(focusAt(st, 1)).toEqual({ view: 'metrics', topic: 't', metric: 'LeaderCount' });
    expect(focusAt(st, 2)).toEqual({ view: 'metrics', topic: 't' });
    expect(focusAt(st, 3)).toEqual({ view: 'cluster', topic: 't' });
  });
});

describe('the view registry', () => {
  it('lists every view once, with its place; the URL names them all', () => {
    expect(VIEWS.map((v) => v.name).sort()).toEqual(['cluster', 'compare', 'events', 'failover', 'groups', 'log', 'lookup', 'metrics', 'placement']);
    expect([...ALL_VIEWS].sort()).toEqual(VIEWS.map((v) => v.name).sort());
    expect(parseParams('?views=cluster,log').views).toEqual(['cluster', 'log', 'lookup']); // the lookup was part of the log
    expect(parseParams('?views=cluster,lookup').views).toEqual(['cluster', 'lookup']);
    expect(viewsIn('stage', ['cluster', 'log', 'events']).map((v) => v.name)).toEqual(['cluster']);
    expect(viewsIn('tabs', ['cluster', 'groups', 'log', 'events']).map((v) => v.name)).toEqual(['log', 'groups']);
  });
});

function lesson(): Scenario {
  return { version: 1, id: 'focus-lesson', seed: 1, mode: 'zookeeper', brokers: [1, 2, 3], config: {}, steps: structuredClone(steps) };
}

describe('the app follows the narrated step', () => {
  it('switches the view in focus (data-view, the tab), selects what the step names, and marks highlights', async () => {
    setup({ cursor: 1 });
    const d = dump({
      groups: {
        g1: {
          state: 'Stable',
          generation: 2,
          assignor: 'range',
          coordinator: 1,
          members: { c1: { assignment: ['orders-0'], memberId: 'c1-1' }, c2: { assignment: ['orders-1'], memberId: 'c2-1' } },
          committed: {},
          leader: 'c1',
          lag: {},
        },
      },
    });
    act(() => useStore.setState({ scenario: lesson(), stepEnds: [1, 4, 4, 6], minCursor: -1, dump: d }));
    await act(async () => {
      render(<App />);
    });
    // the tabs outside the start-up code load on their own (as the app preloads them once drawn); Vitest transforms
    // that chunk on its first import, which took over 5 s in a clean clone's full run (the snapshot test busy beside)
    expect(await screen.findByTestId('placement', {}, { timeout: 30_000 })).toBeTruthy();
    await act(() => preloadViews());
    const stage = screen.getByTestId('stage');
    expect(stage.getAttribute('data-view')).toBe('placement');
    expect(screen.getByRole('tab', { name: 'Placement' }).getAttribute('aria-selected')).toBe('true');
    expect(useStore.getState().selection.topic).toBe('orders');

    act(() => useStore.setState({ cursor: 3 })); // in step 1
    expect(stage.getAttribute('data-view')).toBe('log');
    expect(screen.getByRole('tab', { name: 'Partition log' }).getAttribute('aria-selected')).toBe('true');
    expect(screen.getByTestId('isr-list').className).toContain('hl');
    // replicas in the ISR [1, 2] are marked on the cluster, broker 3's (out of sync) is not
    expect(document.querySelector('[data-broker="1"] [data-replica="orders-0"]')!.getAttribute('class')).toContain('hl');
    expect(document.querySelector('[data-broker="3"] [data-replica="orders-0"]')!.getAttribute('class')).not.toContain('hl');

    // the learner picks another tab; a step without a focus of its own leaves it there, and drops the highlight
    fireEvent.click(screen.getByRole('tab', { name: 'Compare' }));
    expect(stage.getAttribute('data-view')).toBe('compare');
    act(() => useStore.setState({ cursor: 4 })); // steps 1 and 2 end here: step 2 is narrated last
    expect(stage.getAttribute('data-view')).toBe('compare');
    expect(document.querySelectorAll('.hl')).toHaveLength(0);

    act(() => useStore.setState({ cursor: 6 })); // step 3: groups, group g1, member c2 and broker 2
    expect(stage.getAttribute('data-view')).toBe('groups');
    expect(useStore.getState().selection.group).toBe('g1');
    const member = (m: string) =>
      [...screen.getByTestId('group-g1').querySelectorAll('.members li')].find((li) => li.querySelector('strong')?.textContent === m)!;
    expect(member('c2').className).toContain('hl');
    expect(member('c1').className).not.toContain('hl');
    expect(document.querySelector('[data-broker="2"]')!.getAttribute('class')).toContain('hl');
    expect(screen.getByTestId('group-g1').getAttribute('data-selected')).toBe('true');

    act(() => useStore.setState({ cursor: 1 })); // back: the focus of step 0 again
    expect(stage.getAttribute('data-view')).toBe('placement');
  });

  it('a lookup step that names no view shows the lookup view on its partition (free play, scenarios without focus)', async () => {
    setup({ cursor: 3 });
    const plain: Scenario = {
      version: 1,
      id: 'plain',
      seed: 1,
      mode: 'zookeeper',
      brokers: [1, 2, 3],
      config: {},
      steps: [
        { do: 'createTopic', topic: 'orders', partitions: 2, replicationFactor: 1 },
        { do: 'lookup', topic: 'orders', partition: 1, offset: 0 },
      ],
    };
    act(() => useStore.setState({ scenario: plain, stepEnds: [1, 4], minCursor: -1 }));
    await act(async () => {
      render(<App />);
    });
    const stage = screen.getByTestId('stage');
    expect(stage.getAttribute('data-view')).toBe('lookup');
    expect(useStore.getState().selection.partition).toBe(1);
  });

  it('a focus on a view the page does not show changes nothing', async () => {
    setup({ cursor: 3 });
    act(() => useStore.setState({ scenario: lesson(), stepEnds: [1, 4, 4, 6], minCursor: -1, views: ['cluster', 'events'], view: 'cluster' }));
    await act(async () => {
      render(<App />);
    });
    expect(screen.getByTestId('stage').getAttribute('data-view')).toBe('cluster');
    expect(screen.queryByRole('tab')).toBeNull();
    act(() => useStore.getState().setLayout('player', ['log', 'events'])); // views=log,events: no cluster on the page
    expect(screen.getByTestId('stage').getAttribute('data-view')).toBe('log');
  });
});

describe('predictions: where the picture stops', () => {
  const p: Step[] = [
    { do: 'createTopic', topic: 't', partitions: 1, replicationFactor: 1 },
    { do: 'produce', topic: 't', label: 'predict' }, // its records would give the answer away
    { do: 'advance', ms: 10 },
    { do: 'expect', path: 'time', equals: 1, label: 'reveal' },
    { do: 'crashBroker', broker: 1, label: 'predict', freeze: 'after' }, // the crash is the situation
    { do: 'advance', ms: 10 },
  ];
  const ends = [3, 6, 8, 8, 10, 12];

  it('the answering step is the next one labelled reveal, else the next step', () => {
    expect(answerStep(p, 1)).toBe(3);
    expect(answerStep(p, 4)).toBe(5);
  });

  it('freeze "before" holds at the end of the previous step, "after" at the end of the prediction', () => {
    expect(freezeCursor(p, ends, -1, 1)).toBe(3);
    expect(freezeCursor(p, ends, -1, 4)).toBe(10);
  });

  it('a forward move past an unanswered prediction stops at its frozen position; answered ones let it pass', () => {
    expect(gate(p, ends, -1, 0, 5, () => false)).toEqual({ to: 3, asking: 1 });
    expect(gate(p, ends, -1, 3, 4, () => false)).toEqual({ to: 3, asking: 1 }); // even one event into the step
    expect(gate(p, ends, -1, 2, 3, () => false)).toBeNull(); // reaching the frozen position is fine
    expect(gate(p, ends, -1, 3, 11, (k) => k === 1)).toEqual({ to: 10, asking: 4 });
    expect(gate(p, ends, -1, 9, 10, (k) => k === 1)).toBeNull(); // lands on its end: the panel asks there
    expect(gate(p, ends, -1, 11, 12, () => false)).toBeNull(); // already past (the learner jumped)
    expect(gate(p, ends, -1, 5, 2, () => false)).toBeNull(); // backwards
  });

  it('narration: the prediction asked alone; after Reveal everything up to the answer; a freeze-after prediction asks at its end', () => {
    const ev = Array.from({ length: 13 }, (_, seq) => ({ seq, time: seq, step: seq <= 3 ? 0 : seq <= 6 ? 1 : seq <= 8 ? 2 : seq <= 10 ? 4 : 5, type: 'X' }));
    const base = { scenario: { steps: p }, events: ev, minCursor: -1, stepEnds: ends, predict: noPredictions() };
    expect(narrated({ ...base, cursor: 3 })).toEqual({ shown: [0], asking: null });
    expect(narrated({ ...base, cursor: 3, predict: { ...noPredictions(), asking: { step: 1, cursor: 3 } } })).toEqual({ shown: [1], asking: 1 });
    expect(narrated({ ...base, cursor: 8, predict: { answers: { 1: { answer: 'x' } }, asking: null, revealed: { step: 1, cursor: 8 } } })).toEqual({
      shown: [2, 3],
      asking: null,
    });
    expect(narrated({ ...base, cursor: 10 })).toEqual({ shown: [4], asking: 4 });
    expect(narrated({ ...base, cursor: 10, predict: { answers: { 4: { answer: 0 } }, asking: null, revealed: null } })).toEqual({ shown: [4], asking: null });
  });
});

describe('concealment', () => {
  it('while a prediction is open, what its answering step checks is dimmed in the views; not once answered', async () => {
    setup({ cursor: 1 });
    const s = lesson();
    s.steps[1] = { do: 'produce', topic: 'orders', count: 5, label: 'predict', say: 'Predict the high watermark.' };
    s.steps[2] = { do: 'expect', path: 'topics.orders.partitions.0.hw', equals: 5, label: 'reveal', say: 'HW 5.' };
    act(() => useStore.setState({ scenario: s, stepEnds: [1, 4, 4, 6], minCursor: -1, predict: { ...noPredictions(), asking: { step: 1, cursor: 1 } } }));
    const { PartitionLog } = await import('../../src/ui/views/PartitionLog');
    render(<PartitionLog />);
    const hw = screen.getByTestId('partition-hw').parentElement!;
    expect(hw.className).toContain('concealed');
    expect(screen.getByTestId('partition-leader').parentElement!.className).not.toContain('concealed');
    act(() => useStore.getState().setPredict({ answers: { 1: { answer: 'x' } }, asking: null }));
    expect(hw.className).not.toContain('concealed');
  });
});

describe('the event log', () => {
  it('numbers steps from 1, names start-up, and hides the runner bookkeeping unless asked', async () => {
    const ev = events();
    const all = [
      { seq: 0, time: 0, step: -1, type: 'BrokerStarted', broker: 1 },
      { seq: 1, time: 0, step: 0, type: 'StepStarted', index: 0, do: 'createTopic', label: null },
      ...ev.map((e) => ({ ...e, seq: e.seq + 2 })),
    ];
    setup({ ev: all, cursor: all.length - 1 });
    act(() => useStore.setState({ stepEnds: [3, 6, 8] }));
    const { EventLog } = await import('../../src/ui/views/EventLog');
    render(<EventLog />);
    const metas = [...document.querySelectorAll('.ev-meta')].map((m) => m.textContent);
    expect(metas[0]).toBe('#0 · 0 ms · start-up');
    expect(metas[1]).toBe('#2 · 0 ms · step 1');
    expect(screen.queryByText(/Step 1 begins/)).toBeNull();
    fireEvent.click(screen.getByTestId('show-runner'));
    expect(screen.getByText('Step 1 begins: createTopic.')).toBeTruthy();
  });
});
