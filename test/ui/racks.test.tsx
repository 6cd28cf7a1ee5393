// @vitest-environment jsdom
// Racks on the stage (issue 16): brokers grouped rack by rack in labelled bands, in both languages; the placement
// view's rack per broker and distinct racks per partition; nothing changes without racks.
import { cleanup, render } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { rackRows, stageLayout } from '../../src/ui/stage/layout';
import { ClusterView } from '../../src/ui/views/ClusterView';
import { Placement } from '../../src/ui/views/Placement';
import { useStore } from '../../src/ui/store';
import { dump, setup } from './fixtures';
import type { StateDump } from '../../src/scenario/types';

afterEach(cleanup);

const SIX = ['1', '2', '3', '4', '5', '6'];
const RACKS = { '1': 'a', '2': 'a', '3': 'b', '4': 'b', '5': 'c', '6': 'c' };

describe('rackRows', () => {
  it('keeps a rack together, starting a new row when it does not fit in what is left', () => {
    const rows = rackRows(SIX, RACKS, 5).map((r) => r.map((x) => `${x.rack}:${x.ids.join(',')}`));
    expect(rows).toEqual([['a:1,2', 'b:3,4'], ['c:5,6']]);
  });
  it('a rack wider than a row continues on the next; brokers without a rack come last', () => {
    const rows = rackRows(['1', '2', '3', '4'], { '1': 'z', '2': 'z', '3': 'z' }, 2).map((r) => r.map((x) => `${x.rack}:${x.ids.join(',')}`));
    expect(rows).toEqual([['z:1,2'], ['z:3', ':4']]);
  });
});

describe('stageLayout with racks', () => {
  const base = { voters: [], kraft: false, maxReplicas: 3, groups: [] };
  it('puts every broker inside its rack band, the bands apart, at 3 to 12 brokers and phone to desktop widths', () => {
    for (const width of [370, 720, 1100])
      for (const n of [3, 6, 9, 12]) {
        const brokers = Array.from({ length: n }, (_, i) => String(i + 1));
        const racks = Object.fromEntries(brokers.map((b, i) => [b, 'abc'[i % 3]]));
        const L = stageLayout({ ...base, width, brokers, racks });
        for (const b of brokers) {
          const box = L.boxes.get(b)!;
          const band = L.racks.find((r) => r.rack === racks[b] && box.x >= r.x && box.x + box.w <= r.x + r.w && box.y >= r.y && box.y + box.h <= r.y + r.h);
          expect(band, `${n} brokers at ${width} px: broker ${b} in rack ${racks[b]}`).toBeTruthy();
          expect(box.x + box.w, `${n} at ${width}: inside the stage`).toBeLessThanOrEqual(L.W);
          expect(box.x).toBeGreaterThanOrEqual(0);
        }
        // no two bands overlap
        for (const a of L.racks)
          for (const b of L.racks)
            if (a !== b) expect(a.x + a.w <= b.x || b.x + b.w <= a.x || a.y + a.h <= b.y || b.y + b.h <= a.y, `${n} at ${width}`).toBe(true);
      }
  });
  it('without racks: no band, the same boxes as before', () => {
    const L = stageLayout({ ...base, width: 720, brokers: ['1', '2', '3'] });
    expect(L.racks).toEqual([]);
    // rack-less boxes as they were before racks existed (checked against the layout of main)
    expect([...L.boxes.values()].map((b) => b.x)).toEqual([29, 255, 481]);
  });
});

function rackDump(): StateDump {
  const d = dump();
  d.brokers = { '1': { status: 'online', rack: 'a' }, '2': { status: 'online', rack: 'b' }, '3': { status: 'crashed', rack: 'a' } };
  return d;
}

describe('ClusterView with racks', () => {
  it('draws a labelled band per rack holding its brokers, in English and Chinese', () => {
    setup({ d: rackDump() });
    const { container, unmount } = render(<ClusterView />);
    const bands = [...container.querySelectorAll('[data-testid="rack-band"]')];
    expect(bands.map((b) => [b.getAttribute('data-rack'), b.textContent])).toEqual([
      ['a', 'rack a'],
      ['b', 'rack b'],
    ]);
    // brokers 1 and 3 side by side inside rack a's band, broker 2 in rack b's
    const x = (id: string) => Number(container.querySelector(`[data-broker="${id}"] rect.broker-box`)!.getAttribute('x'));
    const band = (r: string) => {
      const rect = container.querySelector(`[data-rack="${r}"] rect`)!;
      return [Number(rect.getAttribute('x')), Number(rect.getAttribute('x')) + Number(rect.getAttribute('width'))];
    };
    for (const [id, r] of [
      ['1', 'a'],
      ['3', 'a'],
      ['2', 'b'],
    ]) {
      expect(x(id)).toBeGreaterThan(band(r)[0]);
      expect(x(id)).toBeLessThan(band(r)[1]);
    }
    unmount();
    setup({ d: rackDump(), lang: 'zh' });
    const zh = render(<ClusterView />);
    expect([...zh.container.querySelectorAll('[data-testid="rack-band"] text')].map((t) => t.textContent)).toEqual(['机架 a', '机架 b']);
  });

  it('draws no band when no broker has a rack', () => {
    setup();
    const { container } = render(<ClusterView />);
    expect(container.querySelector('[data-testid="rack-band"]')).toBeNull();
  });
});

describe('Placement with racks', () => {
  it("shows each broker's rack and every partition's racks, checked distinct", () => {
    const d = rackDump();
    d.brokers['3'].status = 'online';
    // a rack-aware assignment: no partition twice in a rack while there are enough racks (2 racks, RF 2)
    d.topics.orders.partitions = {
      '0': { leader: 1, leaderEpoch: 0, replicas: [1, 2], isr: [1, 2], hw: 0, logs: {} },
      '1': { leader: 2, leaderEpoch: 0, replicas: [2, 3], isr: [2, 3], hw: 0, logs: {} },
      '2': { leader: 3, leaderEpoch: 0, replicas: [3, 1], isr: [3, 1], hw: 0, logs: {} },
    };
    setup({ d, ev: [] });
    useStore.setState({ selection: { topic: 'orders', partition: 0, broker: null, group: null } });
    const { container } = render(<Placement />);
    expect([...container.querySelectorAll('.place-broker .rack-label')].map((t) => t.textContent)).toEqual(['rack a', 'rack b', 'rack a']);
    const rows = [...container.querySelectorAll('[data-racks]')];
    expect(rows.map((r) => [r.getAttribute('data-racks'), r.getAttribute('data-distinct')])).toEqual([
      ['a,b', '2'],
      ['b,a', '2'],
      ['a,a', '1'],
    ]);
    expect(rows[0].textContent).toBe('✓ 2 racks: a b');
    expect(rows[2].textContent).toBe('⚠ 1 racks for 2 replicas: a a');
  });
});
