// A shareable link holding the whole session: the scenario (deflated, base64url) and the timeline position.
import { deflateSync, inflateSync, strFromU8, strToU8 } from 'fflate';

function toB64url(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromB64url(text: string): Uint8Array {
  const s = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

export function encodeShare(scenarioJson: string, cursor: number): string {
  return `s=${toB64url(deflateSync(strToU8(scenarioJson), { level: 9 }))}&at=${cursor}`;
}

/** Reads "#s=…&at=…"; null when the hash holds no shared session, an Error when it is damaged. */
export function decodeShare(hash: string): { scenario: unknown; cursor: number | null } | null | Error {
  const q = new URLSearchParams(hash.replace(/^#/, ''));
  const s = q.get('s');
  if (!s) return null;
  try {
    const scenario = JSON.parse(strFromU8(inflateSync(fromB64url(s)))) as unknown;
    const at = q.get('at');
    const cursor = at !== null && /^-?\d+$/.test(at) ? Number(at) : null;
    return { scenario, cursor };
  } catch (e) {
    return e instanceof Error ? e : new Error(String(e));
  }
}

export function shareUrl(href: string, scenarioJson: string, cursor: number): string {
  const u = new URL(href);
  u.hash = encodeShare(scenarioJson, cursor);
  return u.href;
}
