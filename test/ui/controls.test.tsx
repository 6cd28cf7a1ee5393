// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { App } from '../../src/ui/App';
import { Controls } from '../../src/ui/Controls';
import { Header } from '../../src/ui/Header';
import { MAX_STEP_MARKS, stepMarks, Timeline, useTimelineKeys } from '../../src/ui/Timeline';
import { useStore } from '../../src/ui/store';
import { dump, setup } from './fixtures';

afterEach(cleanup);

describe('Controls', () => {
  it('create topic appends a createTopic command', () => {
    const { sent } = setup({ d: dump({ topics: {} }) });
    render(<Controls />);
    fireEvent.change(screen.getByLabelText('Topic'), { target: { value: 'clicks' } });
    fireEvent.change(screen.getByLabelText('Partitions'), { target: { value: '4' } });
    fireEvent.change(screen.getByLabelText('Replication factor'), { target: { value: '2' } });
    fireEvent.click(screen.getByRole('button', { name: 'Create' }));
    expect(sent).toEqual([{ type: 'command', step: { do: 'createTopic', topic: 'clicks', partitions: 4, replicationFactor: 2 } }]);
  });

  it("a blank topic name takes the suggested one; Kafka's algorithm can be chosen", () => {
    const { sent } = setup();
    render(<Controls />);
    fireEvent.change(screen.getByLabelText('Placement'), { target: { value: 'kafka' } });
    fireEvent.click(screen.getByRole('button', { name: 'Create' }));
    expect(sent[0]).toEqual({ type: 'command', step: { do: 'createTopic', topic: 'payments', partitions: 3, replicationFactor: 3, assignment: 'kafka' } });
  });

  it('produce sends key, value, count, acks and partition', () => {
    const { sent } = setup();
    render(<Controls />);
    const form = screen.getByRole('form', { name: 'Produce' });
    fireEvent.change(form.querySelector('[name="partition"]')!, { target: { value: '1' } });
    fireEvent.change(form.querySelector('[name="key"]')!, { target: { value: 'k{n}' } });
    fireEvent.change(form.querySelector('[name="count"]')!, { target: { value: '3' } });
    fireEvent.change(form.querySelector('[name="acks"]')!, { target: { value: '1' } });
    fireEvent.submit(form);
    expect(sent).toEqual([{ type: 'command', step: { do: 'produce', topic: 'orders', count: 3, acks: 1, partition: 1, key: 'k{n}', value: 'v{n}' } }]);
  });

  it('breaks and repairs brokers', () => {
    const { sent } = setup();
    render(<Controls />);
    fireEvent.click(screen.getByRole('button', { name: 'Crash' }));
    fireEvent.click(screen.getByRole('button', { name: 'Power loss' }));
    fireEvent.click(screen.getByRole('button', { name: 'Stop' }));
    fireEvent.click(screen.getByRole('button', { name: 'Isolate' }));
    fireEvent.click(screen.getByRole('button', { name: 'Heal' }));
    fireEvent.click(screen.getByRole('button', { name: 'Pause' }));
    fireEvent.click(screen.getByRole('button', { name: 'Advance' }));
    fireEvent.click(screen.getByRole('button', { name: 'Add broker 4' }));
    fireEvent.click(screen.getByRole('button', { name: 'Heal all links' }));
    expect(sent.map((r) => (r.type === 'command' ? r.step : null))).toEqual([
      { do: 'crashBroker', broker: 1 },
      { do: 'crashBroker', broker: 1, loseUnflushed: true },
      { do: 'stopBroker', broker: 1 },
      { do: 'isolate', broker: 1 },
      { do: 'heal', broker: 1 },
      { do: 'pauseBroker', broker: 1, ms: 15000 },
      { do: 'advance', ms: 20000 },
      { do: 'addBroker', broker: 4 },
      { do: 'heal' },
    ]);
  });

  it('a crashed broker can only be restarted', () => {
    const { sent } = setup();
    render(<Controls />);
    fireEvent.change(screen.getByLabelText('Broker'), { target: { value: '3' } });
    expect((screen.getByRole('button', { name: 'Crash' }) as HTMLButtonElement).disabled).toBe(true);
    fireEvent.click(screen.getByRole('button', { name: 'Restart' }));
    expect(sent).toEqual([{ type: 'command', step: { do: 'startBroker', broker: 3 } }]);
  });

  it('warns that acting in the past replaces the future', () => {
    setup({ cursor: 2 });
    render(<Controls />);
    expect(screen.getByRole('note').textContent).toMatch(/starts a new future; what came after is kept in Saved clusters/);
  });
});

function KeyHost() {
  useTimelineKeys();
  return <Timeline />;
}

describe('Timeline', () => {
  it('steps back and forward one event and scrubs', () => {
    const { sent } = setup({ cursor: 3 });
    render(<Timeline />);
    expect(screen.getByTestId('position').textContent).toContain('Event 4 of 7');
    fireEvent.click(screen.getByTestId('step-back'));
    // event 2 is a network request: skipped unless the user shows them
    expect(sent).toEqual([{ type: 'seek', cursor: 1 }]);
  });

  it('steps through network requests when they are shown', () => {
    const { sent } = setup({ cursor: 3 });
    useStore.getState().setPrefs({ showNet: true });
    render(<Timeline />);
    fireEvent.click(screen.getByTestId('step-back'));
    expect(sent).toEqual([{ type: 'seek', cursor: 2 }]);
  });

  it('moves a whole scenario step back and forward', () => {
    const a = setup({ cursor: 3 }); // step ends: [1, 4, 6]
    render(<Timeline />);
    fireEvent.click(screen.getByTestId('next-step'));
    expect(a.sent).toEqual([{ type: 'seek', cursor: 4 }]);
    cleanup();
    const b = setup({ cursor: 3 });
    render(<Timeline />);
    fireEvent.click(screen.getByTestId('prev-step'));
    expect(b.sent).toEqual([{ type: 'seek', cursor: 1 }]);
  });

  it('marks the ends of the steps on the scrub bar, none when there are too many to tell apart', () => {
    setup({ cursor: 3 }); // step ends: [1, 4, 6]
    const { container } = render(<Timeline />);
    expect([...container.querySelectorAll('datalist option')].map((o) => (o as HTMLOptionElement).value)).toEqual(['1', '4', '6']);
    expect(screen.getByTestId('scrub').getAttribute('list')).toBe('step-marks');
    const many = Array.from({ length: MAX_STEP_MARKS + 1 }, (_, i) => i * 3);
    expect(stepMarks(many, -1)).toEqual([]);
    expect(stepMarks(many.slice(0, MAX_STEP_MARKS), -1)).toHaveLength(MAX_STEP_MARKS);
    // a step with no events of its own ends where the one before did: one mark
    expect(stepMarks([1, 1, 4], -1)).toEqual([1, 4]);
  });

  it('scrubs to a position', () => {
    const { sent } = setup({ cursor: 3 });
    render(<Timeline />);
    fireEvent.change(screen.getByTestId('scrub'), { target: { value: '0' } });
    expect(sent).toEqual([{ type: 'seek', cursor: 0 }]);
  });

  it('keyboard: arrows step, space plays, keys in form fields are left alone', () => {
    const { sent } = setup({ cursor: 3 });
    render(<KeyHost />);
    fireEvent.keyDown(window, { key: 'ArrowRight' });
    expect(sent).toEqual([{ type: 'seek', cursor: 4 }]);
    fireEvent.keyDown(window, { key: ' ' });
    expect(useStore.getState().playing).toBe(true);
    fireEvent.keyDown(window, { key: ' ' });
    expect(useStore.getState().playing).toBe(false);
    fireEvent.keyDown(screen.getByTestId('scrub'), { key: ' ' });
    expect(useStore.getState().playing).toBe(false);
  });

  it('changes speed from 0.25x to 16x', () => {
    setup();
    render(<Timeline />);
    fireEvent.change(screen.getByLabelText('Speed'), { target: { value: '16' } });
    expect(useStore.getState().prefs.speed).toBe(16);
    expect(screen.getByText('0.25×')).toBeTruthy();
  });
});

describe('Header and language', () => {
  it('switches to Chinese without a reload, everywhere', async () => {
    setup();
    render(<App />);
    expect(screen.getByRole('button', { name: 'New cluster' })).toBeTruthy();
    await screen.findByLabelText('Controls', undefined, { timeout: 30_000 }); // the panels come a frame after the stage (jsdom under load: seconds)
    act(() => {
      fireEvent.change(screen.getByTestId('lang'), { target: { value: 'zh' } });
    });
    expect(screen.getByRole('button', { name: '新集群' })).toBeTruthy();
    expect(screen.getByText('同步副本 2 / 3')).toBeTruthy();
    expect(screen.getAllByText(/Broker 1 作为 leader向 orders-0 追加了位移 0–4/).length).toBeGreaterThan(0);
  });

  it('new cluster asks for brokers and metadata mode', () => {
    const { sent } = setup();
    render(<Header />);
    fireEvent.click(screen.getByRole('button', { name: 'New cluster' }));
    fireEvent.change(screen.getByLabelText('Brokers'), { target: { value: '5' } });
    fireEvent.change(screen.getByLabelText('Metadata'), { target: { value: 'kraft' } });
    fireEvent.click(screen.getByRole('button', { name: 'Create' }));
    expect(sent).toEqual([{ type: 'newCluster', brokers: 5, mode: 'kraft' }]);
  });

  it('player controls hide the header actions and the controls panel', () => {
    setup();
    useStore.setState({ controls: 'player', views: ['cluster', 'events'] });
    render(<App />);
    expect(screen.queryByRole('button', { name: 'New cluster' })).toBeNull();
    expect(screen.queryByLabelText('Controls')).toBeNull();
    expect(screen.queryByRole('tablist')).toBeNull();
    expect(screen.getByTestId('play')).toBeTruthy();
  });
});
