// Decodes a log directory's text files for display, as Kafka reads them, and says where a bad one goes wrong
// (file and line). Never throws on bad input.
// - CheckpointFile (server-common CheckpointFile.CheckpointReadBuffer): line 1 the version (0), line 2 the number
//   of entries, then one entry a line; an empty file, or one with no count line, holds no entries.
//   OffsetCheckpointFile's entries are "topic partition offset" (replication-offset-checkpoint,
//   recovery-point-offset-checkpoint, log-start-offset-checkpoint, cleaner-offset-checkpoint);
//   LeaderEpochCheckpointFile's are "epoch startOffset" (leader-epoch-checkpoint). Fields are split on runs of
//   whitespace, numbers parsed as Java's Integer.parseInt / Long.parseLong do.
// - .kafka_cleanshutdown (CleanShutdownFileHandler): empty in older Kafka; newer Kafka (KIP-966) writes
//   {"version":"0","broker_epoch":"N"}. Kafka only warns when it cannot read it: the file's presence is what
//   marks a clean shutdown.

export type CheckpointFormat = 'offsets' | 'leaderEpochs';

export type CheckpointErrorKind = 'ckNotText' | 'ckVersion' | 'ckMalformed' | 'ckCount' | 'ckCleanShutdown';

export interface CheckpointError {
  kind: CheckpointErrorKind;
  file: string;
  /** 1-based line number */
  line: number;
  /** byte offset where that line starts */
  position: number;
  params: Record<string, string | number>;
  /** in English: "<file> line <n>: <problem>" */
  message: string;
}

export interface OffsetEntry {
  topic: string;
  partition: number;
  offset: string;
}
export interface EpochEntry {
  epoch: number;
  startOffset: string;
}

export interface CheckpointInspection {
  kind: 'checkpoint';
  file: string;
  format: CheckpointFormat;
  version: number | null;
  /** the count line's number of entries (null: no such line) */
  expected: number | null;
  entries: (OffsetEntry | EpochEntry)[];
  error: CheckpointError | null;
}

export interface CleanShutdownInspection {
  kind: 'cleanShutdown';
  file: string;
  /** the broker epoch a newer Kafka records; null for the empty marker */
  brokerEpoch: string | null;
  version: string | null;
  error: CheckpointError | null;
}

const OFFSET_CHECKPOINTS = ['replication-offset-checkpoint', 'recovery-point-offset-checkpoint', 'log-start-offset-checkpoint', 'cleaner-offset-checkpoint'];
export const LEADER_EPOCH_CHECKPOINT = 'leader-epoch-checkpoint';
export const CLEAN_SHUTDOWN = '.kafka_cleanshutdown';

const baseName = (path: string) => path.slice(path.lastIndexOf('/') + 1);

/** Which checkpoint format a file name holds, or null. */
export function checkpointFormatOf(path: string): CheckpointFormat | null {
  const name = baseName(path);
  if (name === LEADER_EPOCH_CHECKPOINT) return 'leaderEpochs';
  return OFFSET_CHECKPOINTS.includes(name) ? 'offsets' : null;
}

export const isCleanShutdownFile = (path: string) => baseName(path) === CLEAN_SHUTDOWN;

const INT32 = [-(2n ** 31n), 2n ** 31n - 1n] as const;
const INT64 = [-(2n ** 63n), 2n ** 63n - 1n] as const;

/** Java's Integer.parseInt / Long.parseLong: an optional sign and decimal digits, within the type's range. */
function parseJava(s: string, [min, max]: readonly [bigint, bigint]): bigint | null {
  if (!/^[+-]?\d+$/.test(s)) return null;
  const v = BigInt(s);
  return v < min || v > max ? null : v;
}

interface Line {
  text: string;
  n: number;
  position: number;
}

/** Lines as Java's BufferedReader.readLine gives them: ended by \n, \r or \r\n; no empty line after a final end. */
function splitLines(text: string): Line[] {
  const out: Line[] = [];
  const enc = new TextEncoder();
  let start = 0,
    pos = 0;
  const re = /\r\n|\r|\n/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) {
    const t = text.slice(start, m.index);
    out.push({ text: t, n: out.length + 1, position: pos });
    pos += enc.encode(t + m[0]).length;
    start = m.index + m[0].length;
  }
  if (start < text.length) out.push({ text: text.slice(start), n: out.length + 1, position: pos });
  return out;
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

function decodeText(file: string, bytes: Uint8Array): { text: string } | { error: CheckpointError } {
  try {
    return { text: strictUtf8.decode(bytes) };
  } catch {
    return { error: { kind: 'ckNotText', file, line: 1, position: 0, params: {}, message: `${file} line 1: not UTF-8 text` } };
  }
}

function lineError(file: string, l: Line, kind: CheckpointErrorKind, params: Record<string, string | number>, problem: string): CheckpointError {
  return { kind, file, line: l.n, position: l.position, params, message: `${file} line ${l.n}: ${problem}` };
}

const SHOWN_TEXT = 80;
const shown = (s: string) => (s.length > SHOWN_TEXT ? `${s.slice(0, SHOWN_TEXT)}…` : s);

function parseEntry(format: CheckpointFormat, text: string): OffsetEntry | EpochEntry | null {
  const parts = text.split(/\s+/); // as Java's Pattern.split: a leading blank gives an empty first field
  if (parts.length > 1 && parts[parts.length - 1] === '') parts.pop();
  if (format === 'offsets') {
    if (parts.length !== 3 || parts[0] === '') return null;
    const p = parseJava(parts[1], INT32),
      o = parseJava(parts[2], INT64);
    return p === null || o === null ? null : { topic: parts[0], partition: Number(p), offset: o.toString() };
  }
  if (parts.length !== 2) return null;
  const e = parseJava(parts[0], INT32),
    o = parseJava(parts[1], INT64);
  return e === null || o === null ? null : { epoch: Number(e), startOffset: o.toString() };
}

const ENTRY_SHAPE: Record<CheckpointFormat, string> = { offsets: '<topic> <partition> <offset>', leaderEpochs: '<leader epoch> <start offset>' };

/** Reads a checkpoint file as CheckpointFile.CheckpointReadBuffer.read() does; version 0 is the only one Kafka writes. */
export function inspectCheckpoint(file: string, bytes: Uint8Array, format: CheckpointFormat): CheckpointInspection {
  const out: CheckpointInspection = { kind: 'checkpoint', file, format, version: null, expected: null, entries: [], error: null };
  const t = decodeText(file, bytes);
  if ('error' in t) return { ...out, error: t.error };
  const lines = splitLines(t.text);
  if (lines.length === 0) return out; // an empty file: no entries
  const v = parseJava(lines[0].text, INT32);
  if (v === null)
    return {
      ...out,
      error: lineError(
        file,
        lines[0],
        'ckMalformed',
        { text: shown(lines[0].text), expected: 'version' },
        `malformed line "${shown(lines[0].text)}": expected the version number`,
      ),
    };
  out.version = Number(v);
  if (v !== 0n)
    return { ...out, error: lineError(file, lines[0], 'ckVersion', { version: out.version }, `unrecognised version ${out.version}, expected version 0`) };
  if (lines.length === 1) return out; // no count line: no entries
  const c = parseJava(lines[1].text, INT32);
  if (c === null || c < 0n)
    return {
      ...out,
      error: lineError(
        file,
        lines[1],
        'ckMalformed',
        { text: shown(lines[1].text), expected: 'count' },
        `malformed line "${shown(lines[1].text)}": expected the number of entries`,
      ),
    };
  out.expected = Number(c);
  for (const l of lines.slice(2)) {
    const e = parseEntry(format, l.text);
    if (!e)
      return {
        ...out,
        error: lineError(
          file,
          l,
          'ckMalformed',
          { text: shown(l.text), expected: format },
          `malformed line "${shown(l.text)}": expected ${ENTRY_SHAPE[format]}`,
        ),
      };
    out.entries.push(e);
  }
  if (out.entries.length !== out.expected) {
    out.error = lineError(
      file,
      lines[1],
      'ckCount',
      { expected: out.expected, found: out.entries.length },
      `expected ${out.expected} entries, but found ${out.entries.length}`,
    );
  }
  return out;
}

/** The clean-shutdown marker: empty, or the JSON newer Kafka writes with the broker epoch. */
export function inspectCleanShutdown(file: string, bytes: Uint8Array): CleanShutdownInspection {
  const out: CleanShutdownInspection = { kind: 'cleanShutdown', file, brokerEpoch: null, version: null, error: null };
  if (bytes.length === 0) return out;
  const t = decodeText(file, bytes);
  if ('error' in t) return { ...out, error: t.error };
  const first: Line = { text: t.text, n: 1, position: 0 };
  let json: unknown;
  try {
    json = JSON.parse(t.text);
  } catch {
    json = null;
  }
  const o = json as Record<string, unknown> | null;
  const ok = o !== null && typeof o === 'object' && !Array.isArray(o) && (o.broker_epoch === undefined || /^-?\d+$/.test(String(o.broker_epoch)));
  if (!ok)
    return {
      ...out,
      error: lineError(
        file,
        first,
        'ckCleanShutdown',
        { text: shown(t.text.split(/\r\n|\r|\n/)[0]) },
        'not the JSON Kafka writes ({"version":"0","broker_epoch":"<n>"}); Kafka only warns, the file\'s presence still means a clean shutdown',
      ),
    };
  out.version = o.version === undefined ? null : String(o.version);
  out.brokerEpoch = o.broker_epoch === undefined ? null : String(o.broker_epoch);
  return out;
}
