// Hints that fit where they appear: how to start belongs to free play in the full app (never to a lesson or a
// player-only embed); why a dead broker still leads belongs everywhere, but "Time → Until something happens" only where the
// Time controls are.
import { useT } from './i18n';
import { staleLeaders, topicNames } from './selectors';
import { useStore } from './store';

export function StageHints() {
  const t = useT();
  const dump = useStore((s) => s.dump);
  const full = useStore((s) => s.controls === 'full');
  const lesson = useStore((s) => s.scenario?.steps.some((st) => st.say !== undefined) ?? false);
  const mode = useStore((s) => s.scenario?.mode ?? 'zookeeper');
  if (!dump) return null;
  const stale = staleLeaders(dump);
  const freePlay = full && !lesson;
  return (
    <>
      {freePlay && topicNames(dump).length === 0 && (
        <p className="getting-started" data-testid="getting-started">
          {t('gettingStarted')}
        </p>
      )}
      {stale.length > 0 && (
        <p className="getting-started" data-testid="stale-hint">
          {t(mode === 'kraft' ? 'staleLeaderKraft' : 'staleLeaderZk', { brokers: stale.join(', ') })}
          {freePlay ? ` ${t('advanceHint')}` : ''}
        </p>
      )}
    </>
  );
}
