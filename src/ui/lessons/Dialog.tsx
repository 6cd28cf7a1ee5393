// A small accessible modal dialog: labelled by its heading, focus moves in on open and back to the
// opener on close, Tab stays inside, Escape or the backdrop closes it. Keys pressed inside do not
// reach the timeline's shortcuts (arrows, Space, Home, End).
import { type ReactNode, useEffect, useId, useRef } from 'react';
import { useLT } from './strings';

const FOCUSABLE = 'button:not([disabled]), [href], input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

export function Dialog({
  title,
  onClose,
  children,
  className,
  testId,
}: {
  title: string;
  onClose: () => void;
  children: ReactNode;
  className?: string;
  testId?: string;
}) {
  const lt = useLT();
  const headingId = useId();
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    const first = box.current?.querySelector<HTMLElement>('[data-autofocus]') ?? box.current?.querySelector<HTMLElement>(FOCUSABLE);
    first?.focus();
    return () => {
      if (opener && opener.isConnected) opener.focus();
    };
  }, []);
  const onKeyDown = (e: React.KeyboardEvent) => {
    e.stopPropagation(); // the timeline listens on window
    if (e.key === 'Escape') {
      e.preventDefault();
      onClose();
      return;
    }
    if (e.key !== 'Tab' || !box.current) return;
    const all = [...box.current.querySelectorAll<HTMLElement>(FOCUSABLE)];
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
    <div
      className="lx-backdrop"
      onMouseDown={(e) => {
        if (e.target === e.currentTarget) onClose();
      }}
    >
      <div
        ref={box}
        className={`lx-dialog ${className ?? ''}`}
        role="dialog"
        aria-modal="true"
        aria-labelledby={headingId}
        onKeyDown={onKeyDown}
        data-testid={testId}
      >
        <div className="lx-dialog-head">
          <h2 id={headingId}>{title}</h2>
          <button type="button" className="lx-close" onClick={onClose} aria-label={lt('close')} title={lt('close')}>
            ×
          </button>
        </div>
        <div className="lx-dialog-body">{children}</div>
      </div>
    </div>
  );
}
