// Embed contract v1.1: a frame keeps to itself. What it saves is keyed by the page that embeds it and its own
// parameters, and restored only for the same starting scenario (a lesson edited since starts afresh).

/** cyrb53: a fast 53-bit string hash (not cryptographic: it only tells keys apart), in base 36. */
export function hash53(s: string): string {
  let h1 = 0xdeadbeef, h2 = 0x41c6ce57;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36);
}

export const FRAME_PREFIX = 'frame-';

export interface FramePlace {
  /** in an iframe (or the top window could not be read: another origin) */
  framed: boolean;
  /** embed.html, even opened on its own */
  embedPage: boolean;
  /** the embedding page (document.referrer, or the first ancestor origin when the referrer is withheld) */
  host: string;
  pathname: string;
  search: string;
}

/** The key a frame saves under: its page and its parameters (in any order); null for the full app. */
export function frameScope(p: FramePlace): string | null {
  if (!p.framed && !p.embedPage) return null;
  const q = new URLSearchParams(p.search);
  q.sort();
  return FRAME_PREFIX + hash53(`${p.host.split('#')[0]}\n${p.pathname}?${q.toString()}`);
}

/** What a saved frame session started from: restored only when the frame starts from the same scenario. */
export function sourceOf(json: unknown): string {
  return hash53(JSON.stringify(json) ?? '');
}
