// The header's "Inspect files" button; the dialog (and the decoders it needs) load on first open.
import { lazy, Suspense, useState } from 'react';
import { useIT } from './strings';

const InspectDialog = lazy(() => import('./InspectDialog'));

export function InspectButton() {
  const t = useIT();
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" title={t('openTitle')} aria-haspopup="dialog" aria-expanded={open} onClick={() => setOpen(true)} data-testid="open-inspect">
        {t('open')}
      </button>
      {open && <Suspense fallback={null}><InspectDialog onClose={() => setOpen(false)} /></Suspense>}
    </>
  );
}
