// A zustand store's hook whose worker-fed changes React renders in slices (issue 13).
// zustand's own hook reads the store through useSyncExternalStore, which renders every change in one piece: a step of
// a big lesson re-rendered the whole page inside Worker.onmessage, a 50-70 ms task. Here each component keeps the
// store state it last rendered; a change it selects differently is set in a transition when `sliced()` says so (the
// worker's messages), so React renders it between frames and commits it whole; any other change (a click, a key)
// renders at once, as before.
import { startTransition, useEffect, useRef, useState } from 'react';
import type { StoreApi } from 'zustand/vanilla';

export type SlicedHook<S> = (<T>(selector: (s: S) => T) => T) & StoreApi<S>;

export function slicedHook<S>(api: StoreApi<S>, sliced: () => boolean): SlicedHook<S> {
  function useSlicedStore<T>(selector: (s: S) => T): T {
    const [state, setState] = useState(api.getState);
    // the state last seen from the store, the last one set (perhaps not rendered yet), the current selector
    const seen = useRef({ state, sent: state, selector });
    seen.current.selector = selector;
    const selected = selector(state);
    useEffect(() => {
      const onChange = (next: S) => {
        const { state: last, selector: select } = seen.current;
        seen.current.state = next;
        if (Object.is(select(next), select(last))) return;
        seen.current.sent = next;
        if (sliced()) startTransition(() => setState(next));
        else setState(next);
      };
      // a change between this render and the subscription
      onChange(api.getState());
      return api.subscribe(onChange);
    }, []);
    // a selector that depends on props may select differently from a state this component skipped
    useEffect(() => {
      const now = api.getState();
      if (now === state || now === seen.current.sent || Object.is(selector(now), selected)) return;
      seen.current.sent = now;
      setState(now);
    });
    return selected;
  }
  return Object.assign(useSlicedStore, api);
}
