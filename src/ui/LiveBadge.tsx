// The "live" badge: shown when the app watches npm run cluster (?live=ws://…); it pauses and resumes the cluster.
import { useT } from './i18n';
import { useStore } from './store';
import { getClient } from './client';

export function LiveBadge() {
  const t = useT();
  const live = useStore((s) => s.live);
  if (!live) return null;
  const listeners = Object.values(live.listeners).join(', ');
  return (
    <span className={`live-badge${live.paused ? ' paused' : ''}`} data-testid="live-badge" title={t('liveTitle', { listeners })}>
      <span className="live-dot" aria-hidden="true">
        ●
      </span>{' '}
      {t('live')}
      <span className="live-clients"> · {live.paused ? t('livePaused') : t('liveClients', { n: live.clients })}</span>
      <button
        type="button"
        data-testid="live-pause"
        aria-label={live.paused ? t('liveResume') : t('livePause')}
        title={live.paused ? t('liveResume') : t('livePause')}
        onClick={() => void getClient()?.request({ type: 'livePause', paused: !live.paused })}
      >
        {live.paused ? '▶' : '❚❚'}
      </button>
    </span>
  );
}
