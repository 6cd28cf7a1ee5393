// @vitest-environment jsdom
// The store hook whose worker-fed changes React renders in slices (src/ui/slicedStore.ts, issue 13).
import { createElement, Fragment, useLayoutEffect } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { act } from 'react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createStore } from 'zustand/vanilla';
import { slicedHook } from '../../src/ui/slicedStore';

interface S {
  a: number;
  b: number;
}

const env = globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean };
let host: HTMLElement;
let root: Root;
beforeEach(() => {
  env.IS_REACT_ACT_ENVIRONMENT = true;
  host = document.createElement('div');
  document.body.append(host);
  root = createRoot(host);
});
afterEach(() => {
  env.IS_REACT_ACT_ENVIRONMENT = true;
  act(() => root.unmount());
  host.remove();
});

const busy = (ms: number) => {
  for (const end = performance.now() + ms; performance.now() < end;);
};

describe('slicedHook', () => {
  it("renders a worker's change in slices, the page's tasks running between them; a click's at once", async () => {
    // React's own scheduler, as in the browser: no act() to flush the work in one go
    env.IS_REACT_ACT_ENVIRONMENT = false;
    let fromWorker = false;
    const api = createStore<S>()(() => ({ a: 0, b: 0 }));
    const useS = slicedHook(api, () => fromWorker);
    // a timer task of the page's, counted: each row notes how many had run when it rendered
    let ticks = 0;
    const tickedAt: number[] = [];
    // 40 rows of 2 ms each: an 80 ms render in one piece; React yields to the page every 5 ms when it may
    function Row({ i }: { i: number }) {
      const a = useS((s) => s.a);
      busy(2);
      tickedAt[i] = ticks;
      return createElement('span', null, String(a));
    }
    root.render(
      createElement(
        Fragment,
        null,
        Array.from({ length: 40 }, (_, i) => createElement(Row, { key: i, i })),
      ),
    );
    const shown = () => [...host.querySelectorAll('span')].map((s) => s.textContent);
    const until = async (ok: () => boolean) => {
      for (let i = 0; i < 400 && !ok(); i++) await new Promise((r) => setTimeout(r, 5));
    };
    await until(() => shown().length === 40);
    /** The distinct counts of page tasks seen by the rows as they rendered `change`. */
    const slices = async (change: () => void, a: number) => {
      let on = true;
      const tick = () => {
        ticks++;
        if (on) setTimeout(tick, 0);
      };
      setTimeout(tick, 0);
      change();
      await until(() => shown().every((x) => x === String(a)));
      on = false;
      expect(shown()).toEqual(Array(40).fill(String(a)));
      return new Set(tickedAt).size;
    };
    fromWorker = true;
    expect(await slices(() => api.setState({ a: 1 }), 1)).toBeGreaterThan(4);
    fromWorker = false;
    expect(await slices(() => api.setState({ a: 2 }), 2)).toBe(1);
  });

  it('re-renders only the components whose selection changed', () => {
    const api = createStore<S>()(() => ({ a: 0, b: 0 }));
    const useS = slicedHook(api, () => true);
    const renders = { a: 0, b: 0 };
    function Show({ k }: { k: keyof S }) {
      const v = useS((s) => s[k]);
      renders[k]++;
      return createElement('i', { 'data-k': k }, String(v));
    }
    act(() => root.render(createElement(Fragment, null, createElement(Show, { k: 'a' }), createElement(Show, { k: 'b' }))));
    const before = { ...renders };
    act(() => api.setState({ b: 5 }));
    expect(host.querySelector('[data-k="b"]')!.textContent).toBe('5');
    expect(renders.a).toBe(before.a);
    expect(renders.b).toBe(before.b + 1);
  });

  it('a selector that changes with its props selects from the latest state, not from one it skipped', () => {
    const api = createStore<S>()(() => ({ a: 0, b: 0 }));
    const useS = slicedHook(api, () => true);
    function Show({ k }: { k: keyof S }) {
      return createElement('i', null, String(useS((s) => s[k])));
    }
    act(() => root.render(createElement(Show, { k: 'a' })));
    // b changes while the component selects a: it does not render for that
    act(() => api.setState({ b: 7 }));
    act(() => root.render(createElement(Show, { k: 'b' })));
    expect(host.textContent).toBe('7');
  });

  it('a change between the first render and the subscription is not missed', () => {
    const api = createStore<S>()(() => ({ a: 0, b: 0 }));
    const useS = slicedHook(api, () => false);
    function Show() {
      return createElement('i', null, String(useS((s) => s.a)));
    }
    // a sibling's layout effect runs after Show rendered and before it subscribed (a passive effect)
    function Change() {
      useLayoutEffect(() => api.setState({ a: 3 }), []);
      return null;
    }
    act(() => root.render(createElement(Fragment, null, createElement(Show), createElement(Change))));
    expect(host.textContent).toBe('3');
  });
});
