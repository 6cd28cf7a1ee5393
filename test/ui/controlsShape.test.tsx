// @vitest-environment jsdom
// The control panel reads the cluster's shape (controlsShape.ts), not the dump: a move that changes offsets,
// high watermarks or the clock leaves its forms alone; a new topic, a broker's status or a consumer changes them.
import { act, cleanup, render } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { controlsShape, useControlsShape, type ControlsShape } from '../../src/ui/controlsShape';
import { useStore } from '../../src/ui/store';
import { dump, setup } from './fixtures';

afterEach(cleanup);

describe('controlsShape', () => {
  it('lists topics, partitions, brokers with their status, and the consumers still active', () => {
    const d = dump();
    const s = controlsShape({
      ...d,
      consumers: { c2: { status: 'closed' }, c1: { status: 'active' } } as unknown as typeof d.consumers,
    });
    expect(s.topics).toEqual(
      Object.keys(d.topics)
        .filter((t) => !t.startsWith('__'))
        .sort(),
    );
    expect(s.partitions.orders).toEqual([0, 1, 2]);
    expect(s.brokers).toEqual(['1', '2', '3']);
    expect(s.status).toEqual({ '1': 'online', '2': 'online', '3': 'crashed' });
    expect(s.consumers).toEqual(['c1', 'c2']);
    expect(s.live).toEqual(['c1']);
  });

  it('keeps the same object while the shape is the same, so that the controls do not re-render', () => {
    setup();
    const seen: ControlsShape[] = [];
    function Probe() {
      seen.push(useControlsShape());
      return null;
    }
    render(<Probe />);
    const d = useStore.getState().dump!;
    // a move: a new dump object, other offsets and time, the same topics, partitions, brokers and statuses
    const moved = structuredClone(d);
    moved.time += 500;
    moved.topics.orders.partitions['0'].hw = 6;
    act(() => useStore.setState({ dump: moved, cursor: 2 }));
    expect(seen.length).toBe(1);
    act(() => useStore.setState({ dump: { ...moved, brokers: { ...moved.brokers, '3': { ...moved.brokers['3'], status: 'online' } } } }));
    expect(seen.length).toBe(2);
    expect(seen[1].status['3']).toBe('online');
    const more = structuredClone(moved);
    more.topics.orders.partitions['3'] = structuredClone(more.topics.orders.partitions['2']);
    act(() => useStore.setState({ dump: more }));
    expect(seen.length).toBe(3);
    expect(seen[2].partitions.orders).toEqual([0, 1, 2, 3]);
  });
});
