// The cluster view's legend: shapes, topics' colours and their short names on the stage, links, timers.
import { useT } from '../i18n';
import { useStageT } from '../i18n/stage';
import { Glyph } from './shapes';

export function Legend({ topics, color, abbr }: { topics: string[]; color: (t: string) => string; abbr?: Map<string, string> }) {
  const t = useT();
  const st = useStageT();
  return (
    <figcaption className="legend" aria-label={t('legend')}>
      <span>
        <Glyph role="leader" /> {t('legendLeader')}
      </span>
      <span>
        <Glyph role="follower" /> {t('legendFollower')}
      </span>
      <span>
        <Glyph role="outOfSync" /> {t('legendOutOfSync')}
      </span>
      <span>
        <Glyph role="offline" /> {t('legendOffline')}
      </span>
      <span>
        <svg width="22" height="8" aria-hidden="true">
          <line x1="1" y1="4" x2="21" y2="4" className="link cut" />
        </svg>{' '}
        {t('legendCut')}
      </span>
      <span>
        <svg width="10" height="10" aria-hidden="true">
          <circle cx="5" cy="5" r="4" className="flight" />
        </svg>{' '}
        {t('legendMessage')}
      </span>
      <span>
        <svg width="14" height="14" aria-hidden="true">
          <circle cx="7" cy="7" r="5.5" className="countdown-track" />
          <path d="M7,1.5 A5.5,5.5 0 0 1 12.5,7" className="countdown-arc-line" />
        </svg>{' '}
        {st('legendCountdown')}
      </span>
      {topics.map((tp) => {
        const a = abbr?.get(tp) ?? tp;
        return (
          <span key={tp} className="legend-topic" data-testid={`legend-topic-${tp}`}>
            <svg width="12" height="12" aria-hidden="true">
              <rect width="12" height="12" rx="2" fill={color(tp)} />
            </svg>{' '}
            {a === tp ? tp : st('legendAbbrev', { a, topic: tp })}
          </span>
        );
      })}
    </figcaption>
  );
}
