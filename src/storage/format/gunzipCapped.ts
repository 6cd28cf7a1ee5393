// gunzip that stops at a limit on the bytes it produces: a batch from a stranger's file may be a gzip bomb
// (deflate inflates up to ~1032:1, so 1.5 MB can become 1.5 GB). The input is fed in small pieces, so the output
// is checked at least every INPUT_STEP * 1032 bytes (4 MiB), and decoding stops soon after the limit, not at the end.
import { Gunzip } from 'fflate';

const INPUT_STEP = 4096;

export class InflateLimitError extends Error {
  constructor(readonly limit: number) {
    super(`gzip data decompresses to more than ${limit} bytes`);
  }
}

export function gunzipCapped(data: Uint8Array, limit: number): Uint8Array {
  const chunks: Uint8Array[] = [];
  let total = 0;
  let ended = false;
  const g = new Gunzip((chunk, final) => {
    total += chunk.length;
    if (total > limit) throw new InflateLimitError(limit);
    chunks.push(chunk);
    if (final) ended = true;
  });
  if (data.length === 0) g.push(data, true);
  for (let i = 0; i < data.length && !ended; i += INPUT_STEP) {
    const end = Math.min(data.length, i + INPUT_STEP);
    g.push(data.subarray(i, end), end === data.length);
  }
  if (!ended) throw new Error('unexpected EOF');
  // the streaming inflater does not read the trailer: its ISIZE (length mod 2^32) catches a cut-off member
  const n = data.length;
  const isize = n >= 18 ? (data[n - 4] | (data[n - 3] << 8) | (data[n - 2] << 16) | (data[n - 1] << 24)) >>> 0 : -1;
  if (isize !== total >>> 0) throw new Error('unexpected EOF');
  if (chunks.length === 1) return chunks[0];
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}
