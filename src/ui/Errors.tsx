// Translated error messages (invalid scenario, bad URL parameter, engine failure), and the error boundary.
import { Component, type ReactNode } from 'react';
import type { Lang } from '../scenario/types';
import { describeProblem, translate, useLang, useT } from './i18n';
import { stepAtCursor } from './selectors';
import { sessionsText } from './sessions/strings';
import { type UiError, useStore } from './store';

const NONE: never[] = [];

export function errorText(e: UiError, lang: Lang): string {
  switch (e.kind) {
    case 'problem':
      return translate(lang, 'invalidScenario', { detail: describeProblem(e.problem, lang) });
    case 'param':
      return translate(lang, 'badParam', { name: e.name, message: translate(lang, e.code, { value: e.value, allowed: e.allowed ?? '' }) });
    case 'import':
      return translate(lang, 'importBadJson', { message: e.message });
    case 'engine':
      return translate(lang, 'engineError', { message: e.message });
    case 'text':
      return sessionsText(lang, e.key, e.params);
  }
}

export function Errors() {
  const t = useT();
  const lang = useLang();
  const errors = useStore((s) => s.errors);
  const clear = useStore((s) => s.clearErrors);
  const allRefused = useStore((s) => s.dump?.errors ?? NONE);
  const allFailures = useStore((s) => s.failures);
  const step = useStore((s) => stepAtCursor(s.events, s.cursor));
  // what Kafka refused in the step on screen; expectations failed so far
  const refused = allRefused.filter((r) => r.step === step);
  const failures = allFailures.filter((f) => f.step <= step);
  if (!errors.length && !refused.length && !failures.length) return null;
  return (
    <div className="errors" role="alert">
      {errors.map((e, i) => (
        <p key={i} className="error" data-testid="error">
          {errorText(e, lang)}
        </p>
      ))}
      {refused.slice(-3).map((r, i) => (
        <p key={`r${i}`} className="refused">
          {t('refused', { error: r.error, step: r.step, do: r.do })}
        </p>
      ))}
      {failures.length > 0 && <p className="refused">{t('failures', { n: failures.length })}</p>}
      {errors.length > 0 && (
        <button type="button" onClick={clear}>
          {t('errorDismiss')}
        </button>
      )}
    </div>
  );
}

export class ErrorBoundary extends Component<{ children: ReactNode }, { error: Error | null }> {
  override state: { error: Error | null } = { error: null };
  static getDerivedStateFromError(error: Error) {
    return { error };
  }
  override render() {
    if (!this.state.error) return this.props.children;
    const lang = useStore.getState().prefs.lang;
    return (
      <div className="crash" role="alert">
        <h2>{translate(lang, 'errorTitle')}</h2>
        <p>{translate(lang, 'engineError', { message: this.state.error.message })}</p>
        <button type="button" onClick={() => this.setState({ error: null })}>
          {translate(lang, 'errorDismiss')}
        </button>
        <button type="button" onClick={() => location.reload()}>
          {translate(lang, 'errorReload')}
        </button>
      </div>
    );
  }
}
