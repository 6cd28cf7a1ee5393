// The menu a click on a broker opens: act on that broker where you see it.
import { useEffect } from 'react';
import type { Step } from '../../scenario/types';
import { command } from '../actions';
import { brokerActions, brokerStep, MENU_PAUSE_MS, offered } from '../brokerActions';
import { useT } from '../i18n';
import { useStore } from '../store';

export interface MenuAt { broker: string; x: number; y: number }

export function BrokerMenu({ at, onClose }: { at: MenuAt; onClose: () => void }) {
  const t = useT();
  const status = useStore((s) => s.dump?.brokers[at.broker]?.status ?? 'online');
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => { if (e.key === 'Escape') onClose(); };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);
  const broker = Number(at.broker);
  const act = (step: Step) => () => { command(step); onClose(); };
  return (
    <div className="broker-menu" role="menu" aria-label={`Broker ${at.broker}`} style={{ left: at.x, top: at.y }} data-testid="broker-menu">
      <strong>Broker {at.broker}</strong>
      {brokerActions.filter((a) => offered(a, status)).map((a) => (
        <button key={a.label} type="button" role="menuitem" title={t(a.title)} onClick={act(brokerStep(a, broker, { ms: MENU_PAUSE_MS }))}>
          {t(a.label)}{a.param === 'ms' ? ` ${MENU_PAUSE_MS / 1000} s` : ''}
        </button>
      ))}
      <button type="button" role="menuitem" onClick={onClose} aria-label={t('errorDismiss')}>×</button>
    </div>
  );
}
