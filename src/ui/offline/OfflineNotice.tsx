// The notices of the service worker (register.ts): offline ready, or a new version to reload into. Shown in
// the app's own window only: an embedded lesson on a course page stays quiet (it updates when no tab uses
// the old version any more).
import { useEffect } from 'react';
import { useTranslator } from '../i18n/translator';
import { useOffline } from './register';
import { useAboveTimeline } from '../timelineHeight';
import { offlineStrings } from './strings';
import './offline.css';

const READY_SHOWN_MS = 8000;

export function OfflineNotice() {
  const t = useTranslator(offlineStrings);
  const { notice, update, dismiss } = useOffline();
  const above = useAboveTimeline();
  // "works offline now" is news, not a question: it goes away by itself
  useEffect(() => {
    if (notice !== 'offlineReady') return;
    const timer = setTimeout(dismiss, READY_SHOWN_MS);
    return () => clearTimeout(timer);
  }, [notice, dismiss]);
  if (!notice || window.top !== window.self) return null;
  return (
    <div className="offline-notice" style={above} role="status" data-testid="offline-notice" data-kind={notice}>
      <span>{t(notice)}</span>
      {notice === 'updateReady' && update && (
        <button type="button" onClick={update}>
          {t('reload')}
        </button>
      )}
      <button type="button" onClick={dismiss} aria-label={notice === 'updateReady' ? t('later') : t('close')}>
        {notice === 'updateReady' ? t('later') : '×'}
      </button>
    </div>
  );
}
