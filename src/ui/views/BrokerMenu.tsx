// The menu a click on a broker opens: act on that broker where you see it.
import { useEffect, useRef } from 'react';
import type { Step } from '../../scenario/types';
import { command } from '../actions';
import { brokerActions, brokerStep, MENU_PAUSE_MS, offered } from '../brokerActions';
import { useT } from '../i18n';
import { useStore } from '../store';

/** where the menu opens; `keyboard`: opened from the keyboard (focus moves in, and back to the broker on close) */
export interface MenuAt {
  broker: string;
  x: number;
  y: number;
  keyboard?: boolean;
}

export function BrokerMenu({ at, onClose }: { at: MenuAt; onClose: () => void }) {
  const t = useT();
  const status = useStore((s) => s.dump?.brokers[at.broker]?.status ?? 'online');
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') onClose();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);
  useEffect(() => {
    if (!at.keyboard) return;
    box.current?.querySelector<HTMLElement>('button')?.focus();
    const fig = box.current?.closest('figure');
    return () => {
      fig?.querySelector<SVGElement>(`[data-broker="${at.broker}"] .broker-box`)?.focus();
    };
  }, [at.keyboard, at.broker]);
  // arrow keys move between the items, as in a menu
  const onKeyDown = (e: React.KeyboardEvent) => {
    if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp' && e.key !== 'ArrowRight' && e.key !== 'ArrowLeft') return;
    e.preventDefault();
    e.stopPropagation(); // not the timeline's arrows
    const all = [...(box.current?.querySelectorAll<HTMLElement>('button') ?? [])];
    const i = all.indexOf(document.activeElement as HTMLElement);
    const d = e.key === 'ArrowDown' || e.key === 'ArrowRight' ? 1 : -1;
    all[(i + d + all.length) % all.length]?.focus();
  };
  const broker = Number(at.broker);
  const act = (step: Step) => () => {
    command(step);
    onClose();
  };
  return (
    <div
      ref={box}
      className="broker-menu"
      role="menu"
      aria-label={`Broker ${at.broker}`}
      style={{ left: at.x, top: at.y }}
      data-testid="broker-menu"
      onKeyDown={onKeyDown}
    >
      <strong>Broker {at.broker}</strong>
      {brokerActions
        .filter((a) => offered(a, status))
        .map((a) => (
          <button key={a.label} type="button" role="menuitem" title={t(a.title)} onClick={act(brokerStep(a, broker, { ms: MENU_PAUSE_MS }))}>
            {t(a.label)}
            {a.param === 'ms' ? ` ${MENU_PAUSE_MS / 1000} s` : ''}
          </button>
        ))}
      <button type="button" role="menuitem" onClick={onClose} aria-label={t('errorDismiss')}>
        ×
      </button>
    </div>
  );
}
