// The header's "Inspect files" button; the dialog (and the decoders it needs) load on first open.
// In a narrow window (the 960px embed frame) it shows only its icon, so the header keeps one row.
import { lazy, Suspense, useState } from 'react';
import { useIT } from './strings';
import './inspect.css';

const InspectDialog = lazy(() => import('./InspectDialog'));

/** A file with bytes (hex rows): drawn, so it needs no icon font. */
function FileIcon() {
  return (
    <svg className="ix-icon" width="12" height="14" viewBox="0 0 12 14" aria-hidden="true" focusable="false">
      <path d="M1 1h7l3 3v9H1z" fill="none" stroke="currentColor" strokeWidth="1.3" />
      <path d="M3 6h6M3 8.5h6M3 11h4" stroke="currentColor" strokeWidth="1.1" />
    </svg>
  );
}

export function InspectButton() {
  const t = useIT();
  const [open, setOpen] = useState(false);
  return (
    <>
      <button
        type="button"
        className="ix-open"
        title={t('openTitle')}
        aria-label={t('open')}
        aria-haspopup="dialog"
        aria-expanded={open}
        onClick={() => setOpen(true)}
        data-testid="open-inspect"
      >
        <FileIcon />
        <span className="ix-open-text">{t('open')}</span>
      </button>
      {open && (
        <Suspense fallback={null}>
          <InspectDialog onClose={() => setOpen(false)} />
        </Suspense>
      )}
    </>
  );
}
