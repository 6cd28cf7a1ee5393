// The postMessage API of embed-api.md: a host page drives the frame; the frame reports back.
// v1.1: commands apply one at a time in the order they arrive. Each waits for the one before it to take
// effect (a load, a seek or a run answered by the worker), so a host may post `load`, `run`, `get-state`
// back to back; none is dropped, and each gets its effect or a kafka-anatomy:error.
import type { WorkerRequest } from '../worker/protocol';
import { loadScenario, stepTarget } from './actions';
import { getClient } from './client';
import { errorText } from './Errors';
import { describeProblem, text } from './i18n';
import { fetchScenario } from './params';
import { stepAtCursor } from './selectors';
import { sessionsText, type SessionsKey } from './sessions/strings';
import { useStore } from './store';
import type { Params } from './i18n/format';

const P = 'kafka-anatomy:';

function post(msg: Record<string, unknown>): void {
  if (window.parent && window.parent !== window) window.parent.postMessage(msg, '*');
}

function stepIndex(): number {
  const s = useStore.getState();
  return Math.max(0, stepAtCursor(s.events, s.cursor));
}

function postError(message: string, field?: string): void {
  post(field === undefined ? { type: P + 'error', message } : { type: P + 'error', message, field });
}

/** An error in the frame's language. */
function postText(key: SessionsKey, params?: Params, field?: string): void {
  postError(sessionsText(useStore.getState().prefs.lang, key, params), field);
}

/** Sends a timeline move and waits until the store shows it (or reports the worker's refusal). */
async function move(req: WorkerRequest): Promise<void> {
  const c = getClient();
  if (!c || !useStore.getState().scenario) {
    postText('embedNoScenario');
    return;
  }
  const res = await c.request(req);
  if (res.type === 'error') postText('embedLoadFailed', { message: res.message ?? res.problem?.message ?? '' });
}

async function load(scenario: unknown): Promise<void> {
  let json = scenario;
  if (typeof json === 'string') {
    const r = await fetchScenario(json, location.href);
    if (!r.ok) {
      postError(errorText(r.error, useStore.getState().prefs.lang), 'scenario');
      return;
    }
    json = r.json;
  }
  const before = useStore.getState().errors.length;
  if (await loadScenario(json, 0, false, false)) return;
  const errs = useStore.getState().errors;
  const last = errs[errs.length - 1];
  const lang = useStore.getState().prefs.lang;
  if (errs.length > before) useStore.setState({ errors: errs.slice(0, before) }); // an invalid message changes nothing
  if (errs.length > before && last?.kind === 'problem') postError(describeProblem(last.problem, lang), last.problem.field);
  else postText('embedLoadFailed', { message: last ? errorText(last, lang) : '' });
}

async function apply(m: unknown): Promise<void> {
  if (typeof m !== 'object' || m === null || typeof (m as { type?: unknown }).type !== 'string') {
    postText('embedNotObject');
    return;
  }
  const msg = m as { type: string; scenario?: unknown; step?: unknown };
  const st = useStore.getState();
  switch (msg.type.slice(P.length)) {
    case 'load':
      return load(msg.scenario);
    case 'play':
      st.setPlaying(true);
      return;
    case 'pause':
      st.setPlaying(false);
      return;
    // step and back move one scenario step: the unit the host sees in kafka-anatomy:step (index, say)
    case 'step':
      return move({ type: 'seek', cursor: stepTarget(1) });
    case 'back':
      return move({ type: 'seek', cursor: stepTarget(-1) });
    case 'seek': {
      const total = st.scenario?.steps.length ?? 0;
      if (typeof msg.step !== 'number' || !Number.isInteger(msg.step) || msg.step < 0) {
        postText('embedBadStep', undefined, 'step');
        return;
      }
      if (msg.step > total) {
        postText('stepPastEnd', { step: msg.step, steps: total }, 'step');
        return;
      }
      return move({ type: 'seekStep', step: msg.step });
    }
    case 'run':
      return move({ type: 'seek', cursor: Number.MAX_SAFE_INTEGER });
    case 'get-state': {
      // the whole dump from the worker (the store's lists are bounded: SENT_LIST_MAX)
      const res = await getClient()?.request({ type: 'dump' });
      post({ type: P + 'state', index: stepIndex(), state: res?.type === 'dump' ? res.dump : st.dump });
      return;
    }
    default:
      postText('embedUnknownType', { type: msg.type }, 'type');
  }
}

/** Whether a message came from a frame inside this page (window.frames lists its child frames). */
function fromChildFrame(source: MessageEventSource | null): boolean {
  if (source === null) return false;
  for (let i = 0; i < window.frames.length; i++) if (window.frames[i] === source) return true;
  return false;
}

/**
 * Starts listening at once: commands that arrive before `booted` settles (the first scenario or the saved
 * session opening) wait for it, then apply in order. Reports ready after start-up, and every change of step.
 * `early`: messages the entry chunk kept while the app's code loaded (main.tsx), applied first, in order.
 * Returns what stops it (the tests: a listener left on the window would take the next test's messages too).
 */
export function startEmbedApi(booted: Promise<unknown> = Promise.resolve(), early: MessageEvent[] = []): () => void {
  let stopped = false;
  let unsubscribe = () => {};
  let queue: Promise<unknown> = booted.catch(() => undefined);
  const receive = (e: MessageEvent) => {
    // commands come from the host page: not from this page itself, nor from a frame inside it (the Embed dialog's
    // live preview posts its events, kafka-anatomy:step among them, to this page as its parent)
    if (e.source === window || fromChildFrame(e.source)) return;
    const m = e.data as unknown;
    // another library's messages on the same window are not for us (only those typed kafka-anatomy:…)
    if (typeof m === 'object' && m !== null && typeof (m as { type?: unknown }).type === 'string' && !(m as { type: string }).type.startsWith(P)) return;
    queue = queue.then(() => apply(m)).catch((err: unknown) => postError(err instanceof Error ? err.message : String(err)));
  };
  for (const e of early) receive(e);
  window.addEventListener('message', receive);
  void queue.then(() => {
    if (stopped) return;
    post({ type: P + 'ready', version: 1 });
    let last = -2;
    let lastTrace = -2;
    const report = (s: ReturnType<typeof useStore.getState>) => {
      if (!s.ready || !s.scenario || s.preview) return; // a preview's trace is not the scenario's yet
      const i = stepAtCursor(s.events, s.cursor);
      if (i === last && s.traceVersion === lastTrace) return; // a newly loaded scenario is reported even at the same index
      last = i;
      lastTrace = s.traceVersion;
      post({ type: P + 'step', index: Math.max(0, i), total: s.scenario.steps.length, say: text(s.scenario.steps[Math.max(0, i)]?.say, s.prefs.lang) });
    };
    unsubscribe = useStore.subscribe(report);
    report(useStore.getState()); // where the frame opened (a restored frame may not be at step 0)
  });
  return () => {
    stopped = true;
    window.removeEventListener('message', receive);
    unsubscribe();
  };
}

/** v1.1: the learner answered the prediction at step `index` (a choice's index, or the text typed). */
export function postAnswer(index: number, answer: number | string, correct?: boolean): void {
  post({ type: P + 'answer', index, answer, ...(correct === undefined ? {} : { correct }) });
}
