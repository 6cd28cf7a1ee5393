// Registers the service worker (sw.ts) in the production build and keeps what the notice shows: "works
// offline now" once the files are cached, "a new version" when a new deployment waits to take over.
import { create } from 'zustand';

export type OfflineNoticeKind = 'offlineReady' | 'updateReady' | null;

interface OfflineState {
  notice: OfflineNoticeKind;
  /** asks the waiting service worker to take over; the page then reloads */
  update: (() => void) | null;
  dismiss(): void;
}

export const useOffline = create<OfflineState>()((set) => ({
  notice: null,
  update: null,
  dismiss: () => set({ notice: null }),
}));

const HOUR = 60 * 60 * 1000;

export async function registerOffline(): Promise<void> {
  if (!import.meta.env.PROD || typeof navigator === 'undefined' || !('serviceWorker' in navigator)) return;
  const { registerSW } = await import('virtual:pwa-register');
  const updateSW = registerSW({
    onOfflineReady: () => useOffline.setState({ notice: 'offlineReady' }),
    onNeedRefresh: () => useOffline.setState({ notice: 'updateReady', update: () => void updateSW(true) }),
    // a page left open for days still learns of a new deployment
    onRegisteredSW: (_url, r) => {
      if (r) setInterval(() => void r.update().catch(() => {}), HOUR);
    },
    onRegisterError: () => {
      /* no service worker (private mode, a sandboxed frame): the app works online as before */
    },
  });
}
