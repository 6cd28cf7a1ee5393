// Narrow screens (below 900 px): the stage takes the width, the controls and the event log open as drawers from
// the sides. A drawer is a modal dialog: focus moves in on open and back to its button on close, Tab stays inside,
// Escape or the backdrop closes it. Its content stays mounted while closed (hidden), so forms keep what was typed.
import { type ReactNode, useEffect, useRef, useSyncExternalStore } from 'react';
import { useT } from './i18n';

export const NARROW = '(max-width: 899px)';
const FOCUSABLE = 'button:not([disabled]), [href], input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

function subscribe(cb: () => void): () => void {
  if (typeof matchMedia !== 'function') return () => {};
  const m = matchMedia(NARROW);
  m.addEventListener?.('change', cb);
  return () => m.removeEventListener?.('change', cb);
}
const narrowNow = () => typeof matchMedia === 'function' && matchMedia(NARROW).matches;

/** True below 900 px: one column, drawers. */
export function useNarrow(): boolean {
  return useSyncExternalStore(subscribe, narrowNow, () => false);
}

export type DrawerName = 'controls' | 'events';

/** The buttons that open the drawers (each says whether its drawer is open). */
export function DrawerButtons({ names, open, onOpen }: { names: DrawerName[]; open: DrawerName | null; onOpen: (n: DrawerName) => void }) {
  const t = useT();
  if (names.length === 0) return null;
  return (
    <div className="drawer-buttons" role="group" aria-label={t('panels')}>
      {names.map((n) => (
        <button
          key={n}
          type="button"
          id={`open-${n}`}
          aria-expanded={open === n}
          aria-controls={`drawer-${n}`}
          aria-haspopup="dialog"
          data-testid={`open-${n}`}
          onClick={() => onOpen(n)}
        >
          {n === 'controls' ? `☰ ${t('controls')}` : `${t('viewEvents')} ☰`}
        </button>
      ))}
    </div>
  );
}

export function Drawer({ name, open, onClose, children }: { name: DrawerName; open: boolean; onClose: () => void; children: ReactNode }) {
  const t = useT();
  const box = useRef<HTMLDivElement>(null);
  const label = name === 'controls' ? t('controls') : t('viewEvents');
  useEffect(() => {
    if (!open) return;
    const opener = document.getElementById(`open-${name}`);
    const first = box.current?.querySelector('.drawer-body')?.querySelector<HTMLElement>(FOCUSABLE) ?? box.current?.querySelector<HTMLElement>(FOCUSABLE);
    first?.focus({ preventScroll: true });
    // the event log was laid out while hidden: bring the current event into sight
    box.current?.querySelector('[aria-current="true"]')?.scrollIntoView?.({ block: 'center' });
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') {
        e.preventDefault();
        onClose();
      }
    };
    document.addEventListener('keydown', onKey);
    const el = box.current;
    return () => {
      document.removeEventListener('keydown', onKey);
      if (opener?.isConnected && (!document.activeElement || document.activeElement === document.body || el?.contains(document.activeElement))) opener.focus();
    };
  }, [open, name, onClose]);
  const onKeyDown = (e: React.KeyboardEvent) => {
    if (e.key !== 'Tab' || !box.current) return;
    const all = [...box.current.querySelectorAll<HTMLElement>(FOCUSABLE)].filter((el) => el.offsetParent !== null);
    if (all.length === 0) return;
    const first = all[0],
      last = all[all.length - 1];
    if (e.shiftKey && document.activeElement === first) {
      e.preventDefault();
      last.focus();
    } else if (!e.shiftKey && document.activeElement === last) {
      e.preventDefault();
      first.focus();
    }
  };
  return (
    <>
      {open && <div className="drawer-backdrop" onMouseDown={onClose} aria-hidden="true" />}
      <div
        ref={box}
        id={`drawer-${name}`}
        className={`drawer drawer-${name === 'controls' ? 'left' : 'right'}`}
        role="dialog"
        aria-modal="true"
        aria-label={label}
        hidden={!open}
        onKeyDown={onKeyDown}
        data-testid={`drawer-${name}`}
      >
        <div className="drawer-head">
          <h2>{label}</h2>
          <button type="button" className="drawer-close" onClick={onClose} aria-label={t('closePanel')} title={t('closePanel')} data-testid={`close-${name}`}>
            ×
          </button>
        </div>
        <div className="drawer-body">{children}</div>
      </div>
    </>
  );
}
