// One codec for every message: it reads a message's schema (messages.ts, generated from Kafka's JSON
// definitions) the way Kafka's generated Message classes read and write themselves. Fields absent from a
// version take their default; flexible versions (KIP-482) use compact strings, bytes and arrays and end each
// structure with its tagged fields; a nullable struct is prefixed with an int8 (-1 = null).
import { ProtocolError, Reader, Writer, ZERO_UUID } from './primitives';

/** One field as generated: name, Kafka type, versions, nullable versions, tagged versions and tag, default. */
export interface FieldSchema {
  n: string;
  t: string;
  v: string;
  nv?: string;
  tv?: string;
  tag?: number;
  /** flexibleVersions "none": never compact (RequestHeader.ClientId) */
  noFlex?: boolean;
  d?: string;
  f?: FieldSchema[];
}

export interface MessageSchema {
  valid: [number, number];
  /** the first flexible version (Infinity when none) */
  flexible: number;
  fields: FieldSchema[];
}

export type Message = Record<string, unknown>;

const ranges = new Map<string, [number, number]>();

/** Whether a version spec ("3+", "3-5", "7") includes `v`. */
export function inVersions(spec: string | undefined, v: number): boolean {
  if (spec === undefined) return false;
  let r = ranges.get(spec);
  if (!r) {
    if (spec.endsWith('+')) r = [Number(spec.slice(0, -1)), Infinity];
    else {
      const [a, b] = spec.split('-');
      r = [Number(a), Number(b ?? a)];
    }
    ranges.set(spec, r);
  }
  return v >= r[0] && v <= r[1];
}

const INTS = new Set(['int8', 'int16', 'int32', 'int64', 'uint16', 'uint32', 'float64']);

/** The value a field takes when its version lacks it or a tagged field is absent (Kafka's generated defaults). */
export function defaultOf(f: FieldSchema, version: number): unknown {
  if (f.d !== undefined) {
    if (f.d === 'null') return null;
    if (f.t === 'bool') return f.d === 'true';
    if (INTS.has(f.t)) return Number(f.d);
    return f.d;
  }
  if (f.t.startsWith('[]')) return [];
  if (f.f) return inVersions(f.nv, version) ? null : defaults(f.f, version);
  if (INTS.has(f.t)) return 0;
  switch (f.t) {
    case 'bool':
      return false;
    case 'string':
      return '';
    case 'uuid':
      return ZERO_UUID;
    case 'bytes':
      return new Uint8Array(0);
    case 'records':
      return null;
  }
  throw new Error(`no default for type ${f.t}`);
}

function defaults(fields: FieldSchema[], version: number): Message {
  const o: Message = {};
  for (const f of fields) o[f.n] = defaultOf(f, version);
  return o;
}

// --- decoding -------------------------------------------------------------------------

export function decodeMessage(s: MessageSchema, version: number, r: Reader): Message {
  if (version < s.valid[0] || version > s.valid[1]) throw new ProtocolError(`version ${version} is outside ${s.valid[0]}-${s.valid[1]}`);
  return readStruct(s.fields, version, version >= s.flexible, r);
}

function readStruct(fields: FieldSchema[], version: number, flexible: boolean, r: Reader): Message {
  const o: Message = {};
  for (const f of fields) {
    if (!inVersions(f.v, version) || (flexible && inVersions(f.tv, version))) o[f.n] = defaultOf(f, version);
    else o[f.n] = readValue(f, version, flexible, r);
  }
  if (flexible) {
    const count = r.uvarint();
    for (let i = 0; i < count; i++) {
      const tag = r.uvarint();
      const size = r.uvarint();
      const body = r.raw(size);
      const f = fields.find((x) => x.tag === tag && inVersions(x.tv, version));
      // unknown tags are skipped, as Kafka keeps them aside without reading them
      if (f) o[f.n] = readValue(f, version, flexible, new Reader(body));
    }
  }
  return o;
}

function nullOrThrow(f: FieldSchema, version: number): null {
  if (!inVersions(f.nv, version)) throw new ProtocolError(`non-nullable field ${f.n} was serialized as null`);
  return null;
}

function readValue(f: FieldSchema, version: number, flexible: boolean, r: Reader): unknown {
  const compact = flexible && !f.noFlex;
  if (f.t.startsWith('[]')) {
    const n = r.arrayLength(compact);
    if (n === -1) return nullOrThrow(f, version);
    const item = f.t.slice(2);
    const out: unknown[] = [];
    for (let i = 0; i < n; i++) out.push(f.f ? readStruct(f.f, version, flexible, r) : readPrimitive(item, f, version, compact, r));
    return out;
  }
  if (f.f) {
    if (inVersions(f.nv, version) && r.int8() < 0) return null;
    return readStruct(f.f, version, flexible, r);
  }
  return readPrimitive(f.t, f, version, compact, r);
}

function readPrimitive(t: string, f: FieldSchema, version: number, compact: boolean, r: Reader): unknown {
  switch (t) {
    case 'int8':
      return r.int8();
    case 'int16':
      return r.int16();
    case 'int32':
      return r.int32();
    case 'int64':
      return r.int64();
    case 'uint16':
      return r.uint16();
    case 'uint32':
      return r.uint32();
    case 'float64':
      return r.float64();
    case 'bool':
      return r.bool();
    case 'uuid':
      return r.uuid();
    case 'string': {
      const s = compact ? r.compactString() : r.string();
      return s === null ? nullOrThrow(f, version) : s;
    }
    case 'bytes':
    case 'records': {
      const b = compact ? r.compactBytes() : r.bytes();
      return b === null ? (t === 'records' ? null : nullOrThrow(f, version)) : b;
    }
  }
  throw new ProtocolError(`unknown type ${t}`);
}

// --- encoding -------------------------------------------------------------------------

export function encodeMessage(s: MessageSchema, version: number, msg: Message, w: Writer): void {
  if (version < s.valid[0] || version > s.valid[1]) throw new ProtocolError(`version ${version} is outside ${s.valid[0]}-${s.valid[1]}`);
  writeStruct(s.fields, version, version >= s.flexible, msg, w);
}

function sameAsDefault(f: FieldSchema, version: number, v: unknown): boolean {
  if (v === undefined) return true;
  const d = defaultOf(f, version);
  if (Array.isArray(v)) return Array.isArray(d) && v.length === 0;
  if (v instanceof Uint8Array) return d instanceof Uint8Array && v.length === 0;
  if (v === null || typeof v !== 'object') return v === d;
  // a struct equals its default when every field does (Kafka's generated equals against a new instance)
  return d !== null && f.f !== undefined && f.f.every((x) => !inVersions(x.v, version) || sameAsDefault(x, version, (v as Message)[x.n]));
}

function writeStruct(fields: FieldSchema[], version: number, flexible: boolean, o: Message, w: Writer): void {
  const tagged: FieldSchema[] = [];
  for (const f of fields) {
    if (!inVersions(f.v, version)) continue;
    if (flexible && inVersions(f.tv, version)) {
      if (!sameAsDefault(f, version, o[f.n])) tagged.push(f);
      continue;
    }
    const v = o[f.n];
    writeValue(f, version, flexible, v === undefined ? defaultOf(f, version) : v, w);
  }
  if (!flexible) return;
  tagged.sort((a, b) => a.tag! - b.tag!);
  w.uvarint(tagged.length);
  for (const f of tagged) {
    const body = new Writer();
    writeValue(f, version, flexible, o[f.n], body);
    w.uvarint(f.tag!);
    w.uvarint(body.pos);
    w.raw(body.bytesOut());
  }
}

function writeValue(f: FieldSchema, version: number, flexible: boolean, v: unknown, w: Writer): void {
  const compact = flexible && !f.noFlex;
  if (v === null && !inVersions(f.nv, version) && f.t !== 'records') throw new ProtocolError(`field ${f.n} is not nullable in version ${version}`);
  if (f.t.startsWith('[]')) {
    if (v === null) return w.arrayLength(null, compact);
    const list = v as unknown[];
    w.arrayLength(list.length, compact);
    const item = f.t.slice(2);
    for (const x of list) {
      if (f.f) writeStruct(f.f, version, flexible, x as Message, w);
      else writePrimitive(item, compact, x, w);
    }
    return;
  }
  if (f.f) {
    if (inVersions(f.nv, version)) {
      w.int8(v === null ? -1 : 1);
      if (v === null) return;
    }
    return writeStruct(f.f, version, flexible, v as Message, w);
  }
  writePrimitive(f.t, compact, v, w);
}

function writePrimitive(t: string, compact: boolean, v: unknown, w: Writer): void {
  switch (t) {
    case 'int8':
      return w.int8(v as number);
    case 'int16':
      return w.int16(v as number);
    case 'int32':
      return w.int32(v as number);
    case 'int64':
      return w.int64(v as number);
    case 'uint16':
      return w.uint16(v as number);
    case 'uint32':
      return w.uint32(v as number);
    case 'float64':
      return w.float64(v as number);
    case 'bool':
      return w.bool(v as boolean);
    case 'uuid':
      return w.uuid(v as string);
    case 'string':
      return compact ? w.compactString(v as string | null) : w.string(v as string | null);
    case 'bytes':
    case 'records':
      return compact ? w.compactBytes(v as Uint8Array | null) : w.bytes(v as Uint8Array | null);
  }
  throw new ProtocolError(`unknown type ${t}`);
}
