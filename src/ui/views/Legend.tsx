// The cluster view's legend: shapes, topics' colours, links.
import { useT } from '../i18n';
import { Glyph } from './shapes';

export function Legend({ topics, color }: { topics: string[]; color: (t: string) => string }) {
  const t = useT();
  return (
    <figcaption className="legend" aria-label={t('legend')}>
      <span><Glyph role="leader" /> {t('legendLeader')}</span>
      <span><Glyph role="follower" /> {t('legendFollower')}</span>
      <span><Glyph role="outOfSync" /> {t('legendOutOfSync')}</span>
      <span><Glyph role="offline" /> {t('legendOffline')}</span>
      <span><svg width="22" height="8" aria-hidden="true"><line x1="1" y1="4" x2="21" y2="4" className="link cut" /></svg> {t('legendCut')}</span>
      <span><svg width="10" height="10" aria-hidden="true"><circle cx="5" cy="5" r="4" className="flight" /></svg> {t('legendMessage')}</span>
      {topics.map((tp) => (
        <span key={tp} className="legend-topic"><svg width="12" height="12" aria-hidden="true"><rect width="12" height="12" rx="2" fill={color(tp)} /></svg> {tp}</span>
      ))}
    </figcaption>
  );
}
