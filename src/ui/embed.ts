// The postMessage API of embed-api.md: a host page drives the frame; the frame reports back.
import { loadScenario, seek, seekStep, stepByStep } from './actions';
import { errorText } from './Errors';
import { describeProblem, text } from './i18n';
import { fetchScenario } from './params';
import { stepAtCursor } from './selectors';
import { useStore } from './store';

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

async function onMessage(e: MessageEvent): Promise<void> {
  const m = e.data as unknown;
  if (e.source === window) return;
  if (typeof m !== 'object' || m === null || typeof (m as { type?: unknown }).type !== 'string') {
    postError('a message must be an object with a "type"');
    return;
  }
  const msg = m as { type: string; scenario?: unknown; step?: unknown };
  if (!msg.type.startsWith(P)) return; // not for us
  const st = useStore.getState();
  switch (msg.type.slice(P.length)) {
    case 'load': {
      let json = msg.scenario;
      if (typeof json === 'string') {
        const r = await fetchScenario(json, location.href);
        if (!r.ok) { postError(errorText(r.error, st.prefs.lang), 'scenario'); return; }
        json = r.json;
      }
      const before = useStore.getState().errors.length;
      const ok = await loadScenario(json, 0, false, false);
      if (!ok) {
        const errs = useStore.getState().errors;
        const last = errs[errs.length - 1];
        const lang = useStore.getState().prefs.lang;
        if (errs.length > before && last?.kind === 'problem') {
          postError(describeProblem(last.problem, lang), last.problem.field);
          useStore.setState({ errors: errs.slice(0, before) }); // an invalid message changes nothing
        } else postError('the scenario could not be loaded');
      }
      return;
    }
    case 'play': st.setPlaying(true); return;
    case 'pause': st.setPlaying(false); return;
    // step and back move one scenario step: the unit the host sees in kafka-anatomy:step (index, say)
    case 'step': stepByStep(1); return;
    case 'back': stepByStep(-1); return;
    case 'seek':
      if (typeof msg.step !== 'number' || !Number.isInteger(msg.step) || msg.step < 0) { postError('"step" must be a step index', 'step'); return; }
      seekStep(msg.step);
      return;
    case 'run': seek(Number.MAX_SAFE_INTEGER); return;
    case 'get-state': post({ type: P + 'state', index: stepIndex(), state: st.dump }); return;
    default: postError(`unknown message type "${msg.type}"`, 'type');
  }
}

/** Starts listening; reports ready and every change of step to the host page. */
export function startEmbedApi(): void {
  window.addEventListener('message', (e) => void onMessage(e));
  post({ type: P + 'ready', version: 1 });
  let last = -2;
  let lastTrace = -2;
  useStore.subscribe((s) => {
    if (!s.ready || !s.scenario) return;
    const i = stepAtCursor(s.events, s.cursor);
    if (i === last && s.traceVersion === lastTrace) return; // a newly loaded scenario is reported even at the same index
    last = i;
    lastTrace = s.traceVersion;
    post({ type: P + 'step', index: Math.max(0, i), total: s.scenario.steps.length, say: text(s.scenario.steps[Math.max(0, i)]?.say, s.prefs.lang) });
  });
}

/** v1.1: the learner answered the prediction at step `index` (a choice's index, or the text typed). */
export function postAnswer(index: number, answer: number | string, correct?: boolean): void {
  post({ type: P + 'answer', index, answer, ...(correct === undefined ? {} : { correct }) });
}
