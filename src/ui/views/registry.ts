// The views, in one list: each one's name (as in `views=` and `focus.view`), its label, its component, and where
// it sits on the page ('stage': always shown above the tabs; 'tabs': one at a time below it; 'side': beside
// them). App.tsx lays them out from this list; focus.ts puts one in focus.
// The views a page shows first (the cluster, the first tab, the event log) are in the start-up code; the other
// tabs load on their own (React.lazy), and are fetched once the page has drawn its first state (preloadViews).
import { type ComponentType, createElement, lazy } from 'react';
import type { StringKey } from '../i18n';
import type { ViewName } from '../store';
import { ClusterView } from './ClusterView';
import { EventLog } from './EventLog';
import { PartitionLog } from './PartitionLog';

type Loader = () => Promise<{ default: ComponentType }>;

/**
 * A view loaded on demand: drawn at once when its code is here already (preloaded), else through React.lazy
 * (which suspends once even for a loaded module, showing the fallback for a frame).
 */
function onDemand(load: Loader): { Component: ComponentType; preload: () => Promise<unknown> } {
  let loaded: ComponentType | null = null;
  const get = () =>
    load().then((m) => {
      loaded = m.default;
      return m;
    });
  const Lazy = lazy(get);
  return { Component: () => createElement(loaded ?? Lazy), preload: get };
}

const later = {
  lookup: onDemand(() => import('./LookupView').then((m) => ({ default: m.LookupView }))),
  placement: onDemand(() => import('./Placement').then((m) => ({ default: m.Placement }))),
  groups: onDemand(() => import('./Groups').then((m) => ({ default: m.Groups }))),
  compare: onDemand(() => import('./Compare').then((m) => ({ default: m.Compare }))),
  metrics: onDemand(() => import('./Metrics').then((m) => ({ default: m.Metrics }))),
  failover: onDemand(() => import('./failover/FailoverChart').then((m) => ({ default: m.FailoverChart }))),
};

/** While the page is idle: one view at a time (each chunk evaluated in a task of its own, none long). */
const whenIdle = (fn: () => void) => (typeof requestIdleCallback === 'function' ? requestIdleCallback(fn, { timeout: 2000 }) : setTimeout(fn, 50));

/**
 * Loads the views not in the start-up code, one at a time while the page is idle (a tab opened later then draws at
 * once). Not the failover chart: its code runs the engine (the lesson "Why KRaft" loads it when it shows it).
 */
export function preloadViews(): Promise<unknown> {
  const queue = Object.entries(later).filter(([name]) => name !== 'failover');
  return new Promise<void>((done) => {
    const next = () => {
      const v = queue.shift();
      if (!v) return done();
      void v[1]
        .preload()
        .catch(() => undefined)
        .then(() => whenIdle(next));
    };
    whenIdle(next);
  });
}

export type Slot = 'stage' | 'tabs' | 'side';

export interface ViewDef {
  name: ViewName;
  label: StringKey;
  slot: Slot;
  Component: ComponentType;
}

export const VIEWS: readonly ViewDef[] = [
  { name: 'cluster', label: 'viewCluster', slot: 'stage', Component: ClusterView },
  { name: 'log', label: 'viewLog', slot: 'tabs', Component: PartitionLog },
  { name: 'lookup', label: 'viewLookup', slot: 'tabs', Component: later.lookup.Component },
  { name: 'placement', label: 'viewPlacement', slot: 'tabs', Component: later.placement.Component },
  { name: 'groups', label: 'viewGroups', slot: 'tabs', Component: later.groups.Component },
  { name: 'compare', label: 'viewCompare', slot: 'tabs', Component: later.compare.Component },
  { name: 'metrics', label: 'viewMetrics', slot: 'tabs', Component: later.metrics.Component },
  { name: 'failover', label: 'viewFailover', slot: 'tabs', Component: later.failover.Component },
  { name: 'events', label: 'viewEvents', slot: 'side', Component: EventLog },
];

export function viewDef(name: string): ViewDef | undefined {
  return VIEWS.find((v) => v.name === name);
}

/** The views of a slot that the page shows (`views=`), in the list's order. */
export function viewsIn(slot: Slot, shown: readonly ViewName[]): ViewDef[] {
  return VIEWS.filter((v) => v.slot === slot && shown.includes(v.name));
}
