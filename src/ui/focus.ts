// A step's `focus` (scenario contract v1.1): where the learner should look while its narration is shown. The view,
// topic, partition, group and broker carry over to later steps until one names them again; `highlight` (state-dump
// paths) holds for its own step. useFocusSync puts the view in focus and selects what it names when the narrated
// step changes; views ask useHighlighted(path) whether to mark an element (see src/ui/README.md).
import { startTransition, useEffect, useState } from 'react';
import type { Step } from '../scenario/types';
import type { Focus } from '../scenario/stepFields';
import { answerStep, narrated, narratedStep } from './lessons/predict';
import { applyingWorkerState, type UiState, type ViewName, useStore } from './store';
import { viewDef } from './views/registry';
import { afterFrame } from './afterFrame';

const CARRIED = ['view', 'topic', 'partition', 'group', 'broker'] as const;

/** The focus in effect at step k: the carried fields of steps 0..k, and step k's own highlight. */
export function focusAt(steps: Step[], k: number): Focus {
  const out: Focus = {};
  for (let i = 0; i <= k && i < steps.length; i++) {
    const f = steps[i].focus as Focus | undefined;
    if (!f) continue;
    for (const key of CARRIED) if (f[key] !== undefined) (out as Record<string, unknown>)[key] = f[key];
    // (project) a metric is shown in the metrics view: naming one puts that view in focus
    if (f.metric !== undefined && f.view === undefined) out.view = 'metrics';
  }
  const own = steps[k]?.focus as Focus | undefined;
  if (own?.highlight) out.highlight = own.highlight;
  if (own?.metric) out.metric = own.metric;
  return out;
}

/**
 * Whether the element at `path` is marked: a highlighted path names it exactly, or, with `contains`, lies inside
 * it (a replica's row for its `leo`). Only the element that shows the named thing is marked, not everything in it.
 */
export function isHighlighted(list: readonly string[], path: string, contains = false): boolean {
  for (const h of list) {
    if (h === path) return true;
    if (contains && h.startsWith(path + '.')) return true;
  }
  return false;
}

const NONE: readonly string[] = [];
let memo: { key: unknown[]; out: readonly string[] } = { key: [], out: NONE };

/** The highlighted dump paths at the cursor (the narrated step's `focus.highlight`). */
export function highlights(s: UiState): readonly string[] {
  const key = [s.scenario, s.cursor, s.stepEnds, s.predict, s.events];
  if (key.every((v, i) => v === memo.key[i])) return memo.out;
  const steps = s.scenario?.steps ?? [];
  const k = narratedStep(s);
  const out = k >= 0 ? ((steps[k]?.focus as Focus | undefined)?.highlight ?? NONE) : NONE;
  memo = { key, out };
  return out;
}

/** (project) The metric the narrated step points at (`focus.metric`, for its own step only), or null. */
export function focusMetric(s: UiState): string | null {
  const k = narratedStep(s);
  return k >= 0 ? ((s.scenario?.steps[k]?.focus as Focus | undefined)?.metric ?? null) : null;
}

/** For views: is the element at this dump path highlighted now? (class `hl` marks it; see styles.css) */
export function useHighlighted(path: string, contains = false): boolean {
  return useStore((s) => isHighlighted(highlights(s), path, contains));
}

/** The class a highlighted element carries. */
export const hl = (on: boolean): string => (on ? ' hl' : '');

/** Puts the focus's view in front (if the page shows it) and selects what it names. */
export function applyFocus(f: Focus): void {
  const st = useStore.getState();
  const v = f.view as ViewName | undefined;
  if (v && st.views.includes(v)) st.setView(v, viewDef(v)?.slot === 'tabs');
  const sel: Partial<UiState['selection']> = {};
  if (f.topic !== undefined) sel.topic = f.topic;
  if (f.partition !== undefined) sel.partition = f.partition;
  if (f.broker !== undefined) sel.broker = String(f.broker);
  else if (f.topic !== undefined || f.partition !== undefined) sel.broker = null; // the partition's leader
  if (f.group !== undefined) sel.group = f.group;
  if (Object.keys(sel).length) st.select(sel);
}

/** Scrolls the view in focus into sight, then its first highlighted (or selected) element. */
export function scrollToFocus(doc: Document = document): void {
  const view = useStore.getState().view;
  const root = doc.querySelector<HTMLElement>(`[data-view-root="${view}"]`);
  if (!root || typeof root.scrollIntoView !== 'function') return;
  root.scrollIntoView({ block: 'nearest', inline: 'nearest' });
  const target = root.querySelector<Element>('.hl') ?? root.querySelector<Element>('[data-selected="true"]') ?? doc.querySelector<Element>('.hl');
  if (target && typeof (target as HTMLElement).scrollIntoView === 'function') target.scrollIntoView({ block: 'nearest', inline: 'nearest' });
  // the cluster drawn 1:1 in a shorter box (a tab view in focus): its brokers in sight rather than its top
  const fig = doc.querySelector<HTMLElement>('[data-testid="cluster-stage"]');
  const broker = fig?.querySelector('.broker');
  if (fig && broker && view !== 'cluster' && fig.scrollHeight > fig.clientHeight + 4 && !fig.querySelector('.hl')) {
    fig.scrollTop += broker.getBoundingClientRect().top - fig.getBoundingClientRect().top - 28;
  }
}

/** Follows the narrated step: applies its focus when it changes (or the step names a view itself), then scrolls. */
export function useFocusSync(): void {
  // the scrolls asked for: one is done after the commit that draws its state, a worker's drawn in slices and
  // perhaps frames later (slicedStore.ts), so counted in the same transition
  const [due, setDue] = useState(0);
  useEffect(() => {
    let lastStep = '';
    let lastFocus = '';
    const sync = (s: UiState) => {
      if (!s.scenario) return;
      const k = narratedStep(s);
      const stepKey = `${s.traceVersion}|${k}`;
      if (stepKey === lastStep) return;
      lastStep = stepKey;
      // before the first step: the cluster, whatever the last lesson looked at
      const step = s.scenario.steps[k];
      const named = (step?.focus as Focus | undefined)?.view !== undefined || (step?.focus as Focus | undefined)?.metric !== undefined;
      // a lookup that names no view of its own is shown where it happens (free play, scenarios without focus)
      const lookup: Focus | null = step?.do === 'lookup' && !named ? { view: 'lookup', topic: step.topic, partition: step.partition } : null;
      const f: Focus = k < 0 ? { view: 'cluster' } : { ...focusAt(s.scenario.steps, k), ...lookup };
      const own = named || lookup !== null;
      const key = JSON.stringify({ ...f, highlight: undefined });
      if (key !== lastFocus || own) applyFocus(f);
      lastFocus = key;
      if (key === '{}' && !f.highlight) return;
      const ask = () => setDue((n) => n + 1);
      if (applyingWorkerState()) startTransition(ask);
      else ask();
    };
    sync(useStore.getState());
    return useStore.subscribe(sync);
  }, []);
  useEffect(() => {
    if (due === 0) return;
    // after the browser has laid out the new picture (a view whose code loads draws a frame later; afterFrame)
    return afterFrame(() => afterFrame(() => scrollToFocus()));
  }, [due]);
}

/**
 * Whether a replica glyph is highlighted: its partition or its replica list, its own log, or the ISR / leader
 * when it is in the ISR / the leader. `role` as selectors.roleOf gives it.
 */
export function replicaHighlighted(list: readonly string[], topic: string, partition: number, broker: number | string, role: string): boolean {
  if (list.length === 0) return false;
  const base = `topics.${topic}.partitions.${partition}`;
  return (
    isHighlighted(list, `topics.${topic}`) ||
    isHighlighted(list, base) ||
    isHighlighted(list, `${base}.replicas`) ||
    isHighlighted(list, `${base}.logs.${broker}`, true) ||
    ((role === 'leader' || role === 'follower') && isHighlighted(list, `${base}.isr`)) ||
    (role === 'leader' && isHighlighted(list, `${base}.leader`))
  );
}

let concealMemo: { key: unknown[]; out: readonly string[] } = { key: [], out: NONE };

/**
 * While a prediction is open: the dump paths the steps up to its answer check (`expect` / `waitFor`), so that
 * views can dim an element that would give the answer away even in the frozen picture.
 */
export function concealed(s: UiState): readonly string[] {
  const key = [s.scenario, s.cursor, s.stepEnds, s.predict, s.events];
  if (key.every((v, i) => v === concealMemo.key[i])) return concealMemo.out;
  const steps = s.scenario?.steps ?? [];
  const { asking } = narrated(s);
  const out: string[] = [];
  if (asking !== null) {
    for (let k = asking + 1; k <= answerStep(steps, asking); k++) {
      const st = steps[k];
      if ((st.do === 'expect' || st.do === 'waitFor') && typeof st.path === 'string') out.push(st.path);
    }
  }
  concealMemo = { key, out: out.length ? out : NONE };
  return concealMemo.out;
}

/** The class an element carries when it would give an open prediction's answer away. */
export const cc = (on: boolean): string => (on ? ' concealed' : '');
