// Debian's Chromium driven by playwright-core, started the one way this workplace allows: headless, no
// sandbox (root), no network beyond localhost, and a fresh profile as the --user-data-dir.
import { chromium, type BrowserContext } from 'playwright-core';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export function launchChromium(
  profile: string,
  opts: { viewport?: { width: number; height: number }; locale?: string; hasTouch?: boolean; isMobile?: boolean } = {},
): Promise<BrowserContext> {
  return chromium.launchPersistentContext(profile, { executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS, ...opts });
}
