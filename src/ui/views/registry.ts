// The views, in one list: each one's name (as in `views=` and `focus.view`), its label, its component, and where
// it sits on the page ('stage': always shown above the tabs; 'tabs': one at a time below it; 'side': beside
// them). App.tsx lays them out from this list; focus.ts puts one in focus.
import type { ComponentType } from 'react';
import type { StringKey } from '../i18n';
import type { ViewName } from '../store';
import { ClusterView } from './ClusterView';
import { Compare } from './Compare';
import { EventLog } from './EventLog';
import { FailoverChart } from './failover/FailoverChart';
import { Groups } from './Groups';
import { LookupView } from './LookupView';
import { Metrics } from './Metrics';
import { PartitionLog } from './PartitionLog';
import { Placement } from './Placement';

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
  { name: 'lookup', label: 'viewLookup', slot: 'tabs', Component: LookupView },
  { name: 'placement', label: 'viewPlacement', slot: 'tabs', Component: Placement },
  { name: 'groups', label: 'viewGroups', slot: 'tabs', Component: Groups },
  { name: 'compare', label: 'viewCompare', slot: 'tabs', Component: Compare },
  { name: 'metrics', label: 'viewMetrics', slot: 'tabs', Component: Metrics },
  { name: 'failover', label: 'viewFailover', slot: 'tabs', Component: FailoverChart },
  { name: 'events', label: 'viewEvents', slot: 'side', Component: EventLog },
];

export function viewDef(name: string): ViewDef | undefined {
  return VIEWS.find((v) => v.name === name);
}

/** The views of a slot that the page shows (`views=`), in the list's order. */
export function viewsIn(slot: Slot, shown: readonly ViewName[]): ViewDef[] {
  return VIEWS.filter((v) => v.slot === slot && shown.includes(v.name));
}
