// What the controls and the timeline do: every action becomes a worker request.
import type { Step } from '../scenario/types';
import { scenarioJson } from '../scenario/json';
import { getClient } from './client';
import { visibleEvent } from './pacing';
import { lastProducedPartition } from './freePlay';
import { useStore } from './store';

export function command(step: Step): Promise<void> {
  useStore.getState().setPlaying(false);
  const req = getClient()?.request({ type: 'command', step });
  return (req ?? Promise.resolve(null)).then((res) => {
    if (res?.type === 'state' && step.do === 'produce') followProduce();
  });
}

/** The partition log follows the records: select the partition the last produce step wrote to (from the trace). */
function followProduce(): void {
  const { scenario, events, select } = useStore.getState();
  const at = scenario ? lastProducedPartition(events, scenario.steps.length - 1) : null;
  if (at) select({ topic: at.topic, partition: at.partition });
}

/**
 * Moves asked for while the state is a preview (a heavy scenario's steps still running: the trace it would move in
 * is not there yet): kept in order and made when the whole trace arrives, so that no key press or click is lost.
 */
const held: (() => void)[] = [];
const HELD_MAX = 50;

/** Runs a move now, or when the whole trace arrives (see held). */
export function whenTraced(move: () => void): void {
  if (!useStore.getState().preview) move();
  else if (held.length < HELD_MAX) held.push(move);
}

useStore.subscribe((s, prev) => {
  // after the client has taken the answer in (its busy request ended): a move made inside it would go to a standby
  if (prev.preview && !s.preview && held.length)
    void Promise.resolve().then(() => {
      for (const move of held.splice(0)) move();
    });
});

/** `ahead`: where the learner moves next (Play's next moves), for the worker to prepare with this one. */
export function seek(cursor: number, ahead?: number[]): void {
  if (useStore.getState().preview) return whenTraced(() => seek(cursor, ahead));
  const { events, minCursor } = useStore.getState();
  const c = Math.max(minCursor, Math.min(events.length - 1, cursor));
  getClient()?.seek(ahead?.length ? { type: 'seek', cursor: c, ahead } : { type: 'seek', cursor: c });
}

/** The position `delta` events away; network requests and runner bookkeeping are skipped unless the user shows them. */
export function targetBy(delta: number): number {
  const { cursor, events, prefs } = useStore.getState();
  let c = cursor;
  const dir = Math.sign(delta);
  for (let n = Math.abs(delta); n > 0; n--) {
    let next = c + dir;
    while (next > 0 && next < events.length - 1 && events[next] && !visibleEvent(events[next], prefs.showNet, prefs.showRunner)) next += dir;
    c = next;
  }
  return c;
}

export function stepBy(delta: number): void {
  whenTraced(() => seek(targetBy(delta)));
}

export function seekStep(step: number): void {
  whenTraced(() => getClient()?.seek({ type: 'seekStep', step }));
}

/** The end of the previous / next scenario step. */
export function stepTarget(delta: number): number {
  const { cursor, events, stepEnds, minCursor } = useStore.getState();
  if (delta > 0) return stepEnds.find((end) => end > cursor) ?? events.length - 1;
  const prev = stepEnds.filter((end) => end < cursor && end > minCursor);
  return prev.length ? prev[prev.length - 1] : minCursor;
}

/** To the end of the previous / next scenario step. */
export function stepByStep(delta: number): void {
  whenTraced(() => seek(stepTarget(delta)));
}

export function togglePlay(): void {
  const st = useStore.getState();
  if (st.preview) return whenTraced(togglePlay);
  if (st.playing) {
    st.setPlaying(false);
    return;
  }
  if (st.cursor >= st.events.length - 1) seek(st.minCursor);
  st.setPlaying(true);
}

export function newCluster(brokers = 3, mode: 'zookeeper' | 'kraft' = 'zookeeper'): void {
  useStore.getState().setPlaying(false);
  useStore.getState().clearErrors();
  void getClient()?.request({ type: 'newCluster', brokers, mode });
}

export function reset(): void {
  useStore.getState().setPlaying(false);
  seek(-1);
}

/** A scenario's title in the page's language (or its id): the name of the saved cluster it opens as. */
export function scenarioName(json: unknown): string | undefined {
  const j = (json ?? {}) as { title?: unknown; id?: unknown };
  const lang = useStore.getState().prefs.lang;
  const t = j.title;
  const title =
    typeof t === 'string' ? t : typeof t === 'object' && t !== null ? ((t as Record<string, unknown>)[lang] ?? (t as Record<string, unknown>).en) : undefined;
  const name = typeof title === 'string' && title.trim() ? title : typeof j.id === 'string' ? j.id : undefined;
  return name?.trim().slice(0, 80);
}

/** Opens a scenario: a new saved cluster unless the open one is empty (`persist` false: nothing saved). */
export async function loadScenario(json: unknown, step = 0, persist = true, clearErrors = true): Promise<boolean> {
  const c = getClient();
  if (!c) return false;
  useStore.getState().setPlaying(false);
  const name = scenarioName(json);
  const res = await c.request({ type: 'load', scenario: json, step, persist, ...(name ? { name } : {}) });
  if (res.type === 'state' && clearErrors) useStore.getState().clearErrors();
  return res.type === 'state';
}

export function exportText(): string {
  const s = useStore.getState().scenario;
  return s ? JSON.stringify(scenarioJson(s), null, 2) + '\n' : '';
}
