// The menu a click on a broker opens: act on that broker where you see it.
import { useEffect } from 'react';
import type { Step } from '../../scenario/types';
import { command } from '../actions';
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
  const down = status === 'crashed' || status === 'stopped';
  const act = (step: Step) => () => { command(step); onClose(); };
  return (
    <div className="broker-menu" role="menu" aria-label={`Broker ${at.broker}`} style={{ left: at.x, top: at.y }} data-testid="broker-menu">
      <strong>Broker {at.broker}</strong>
      {!down && <button type="button" role="menuitem" title={t('crashTitle')} onClick={act({ do: 'crashBroker', broker })}>{t('crash')}</button>}
      {!down && <button type="button" role="menuitem" title={t('stopTitle')} onClick={act({ do: 'stopBroker', broker })}>{t('stop')}</button>}
      {!down && <button type="button" role="menuitem" title={t('powerLossTitle')} onClick={act({ do: 'crashBroker', broker, loseUnflushed: true })}>{t('powerLoss')}</button>}
      {!down && <button type="button" role="menuitem" title={t('pauseTitle')} onClick={act({ do: 'pauseBroker', broker, ms: 15000 })}>{t('pauseBroker')} 15 s</button>}
      <button type="button" role="menuitem" title={t('isolateTitle')} onClick={act({ do: 'isolate', broker })}>{t('isolate')}</button>
      <button type="button" role="menuitem" title={t('healTitle')} onClick={act({ do: 'heal', broker })}>{t('heal')}</button>
      {down && <button type="button" role="menuitem" title={t('restartTitle')} onClick={act({ do: 'startBroker', broker })}>{t('restart')}</button>}
      <button type="button" role="menuitem" onClick={onClose} aria-label={t('errorDismiss')}>×</button>
    </div>
  );
}
