// The records of __transaction_state (Kafka's TransactionLog.keyToBytes / valueToBytes, transaction-coordinator
// TransactionLogKey.json and TransactionLogValue.json, 4.0): key = version 0 + TransactionalId; value = version 0
// (transaction.version 0) or version 1 (transaction.version 1+, the first flexible version: compact strings and
// arrays, tagged fields, of which valueToBytes sets ClientTransactionVersion, tag 2). The partitions are grouped
// by topic (sorted here; Kafka's groupBy follows a Scala map's order). An Empty transaction has null partitions.
import { TRANSACTION_STATE_ID, transactionStateFromId, type TransactionState } from './rules/transactionState';
import type { TransactionVersion } from './rules/transactionMetadata';

export interface TransactionLogValue {
  producerId: number;
  producerEpoch: number;
  transactionTimeoutMs: number;
  state: TransactionState;
  /** "topic-partition" strings */
  partitions: string[];
  lastUpdateTimestampMs: number;
  startTimestampMs: number;
  clientTransactionVersion: TransactionVersion;
}

const enc = new TextEncoder();
const dec = new TextDecoder();

class Writer {
  private out: number[] = [];
  private dv = new DataView(new ArrayBuffer(8));
  private fixed(n: number): void {
    for (let i = 0; i < n; i++) this.out.push(this.dv.getUint8(i));
  }
  i8(v: number): this {
    this.dv.setInt8(0, v);
    this.fixed(1);
    return this;
  }
  i16(v: number): this {
    this.dv.setInt16(0, v);
    this.fixed(2);
    return this;
  }
  i32(v: number): this {
    this.dv.setInt32(0, v);
    this.fixed(4);
    return this;
  }
  i64(v: number): this {
    this.dv.setBigInt64(0, BigInt(v));
    this.fixed(8);
    return this;
  }
  uvarint(v: number): this {
    let x = v >>> 0;
    while (x >= 0x80) {
      this.out.push((x & 0x7f) | 0x80);
      x >>>= 7;
    }
    this.out.push(x);
    return this;
  }
  raw(b: Uint8Array): this {
    for (const x of b) this.out.push(x);
    return this;
  }
  /** STRING (int16 length) or COMPACT_STRING (uvarint length + 1) */
  str(s: string, compact: boolean): this {
    const b = enc.encode(s);
    return (compact ? this.uvarint(b.length + 1) : this.i16(b.length)).raw(b);
  }
  done(): Uint8Array {
    return Uint8Array.from(this.out);
  }
}

class Reader {
  at = 0;
  private dv: DataView;
  constructor(private b: Uint8Array) {
    this.dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  }
  i8(): number {
    return this.dv.getInt8(this.at++);
  }
  i16(): number {
    const v = this.dv.getInt16(this.at);
    this.at += 2;
    return v;
  }
  i32(): number {
    const v = this.dv.getInt32(this.at);
    this.at += 4;
    return v;
  }
  i64(): number {
    const v = Number(this.dv.getBigInt64(this.at));
    this.at += 8;
    return v;
  }
  uvarint(): number {
    let v = 0;
    for (let shift = 0; ; shift += 7) {
      const x = this.b[this.at++];
      v |= (x & 0x7f) << shift;
      if (x < 0x80) return v >>> 0;
    }
  }
  str(compact: boolean): string {
    const n = compact ? this.uvarint() - 1 : this.i16();
    const s = dec.decode(this.b.subarray(this.at, this.at + n));
    this.at += n;
    return s;
  }
  skip(n: number): void {
    this.at += n;
  }
}

/** TransactionLog.keyToBytes: version 0, then the transactional id. */
export function encodeTransactionLogKey(transactionalId: string): Uint8Array {
  return new Writer().i16(0).str(transactionalId, false).done();
}

export function decodeTransactionLogKey(b: Uint8Array): string {
  const r = new Reader(b);
  const version = r.i16();
  if (version !== 0) throw new Error(`unknown TransactionLogKey version ${version}`);
  return r.str(false);
}

/** Which value version a transaction version writes (TransactionVersion.transactionLogValueVersion). */
export const transactionLogValueVersion = (tv: TransactionVersion): 0 | 1 => (tv >= 1 ? 1 : 0);

function byTopic(partitions: readonly string[]): [string, number[]][] {
  const m = new Map<string, number[]>();
  for (const tp of partitions) {
    const i = tp.lastIndexOf('-');
    const topic = tp.slice(0, i);
    m.set(topic, [...(m.get(topic) ?? []), Number(tp.slice(i + 1))]);
  }
  return [...m].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([t, ps]) => [t, ps.sort((x, y) => x - y)]);
}

/** TransactionLog.valueToBytes. */
export function encodeTransactionLogValue(v: TransactionLogValue, version: 0 | 1): Uint8Array {
  const flexible = version >= 1;
  const w = new Writer().i16(version).i64(v.producerId).i16(v.producerEpoch).i32(v.transactionTimeoutMs).i8(TRANSACTION_STATE_ID[v.state]);
  // Empty: null partitions (valueToBytes); otherwise grouped by topic
  const groups = v.state === 'Empty' ? null : byTopic(v.partitions);
  if (groups === null) flexible ? w.uvarint(0) : w.i32(-1);
  else {
    flexible ? w.uvarint(groups.length + 1) : w.i32(groups.length);
    for (const [topic, ids] of groups) {
      w.str(topic, flexible);
      flexible ? w.uvarint(ids.length + 1) : w.i32(ids.length);
      for (const id of ids) w.i32(id);
      if (flexible) w.uvarint(0); // the entry's tagged fields
    }
  }
  w.i64(v.lastUpdateTimestampMs).i64(v.startTimestampMs);
  if (flexible) {
    // tagged fields, written only when they differ from their default
    if (v.clientTransactionVersion !== 0) w.uvarint(1).uvarint(2).uvarint(2).i16(v.clientTransactionVersion);
    else w.uvarint(0);
  }
  return w.done();
}

export function decodeTransactionLogValue(b: Uint8Array): TransactionLogValue {
  const r = new Reader(b);
  const version = r.i16();
  if (version !== 0 && version !== 1) throw new Error(`unknown TransactionLogValue version ${version}`);
  const flexible = version === 1;
  const producerId = r.i64();
  const producerEpoch = r.i16();
  const transactionTimeoutMs = r.i32();
  const state = transactionStateFromId(r.i8());
  const n = flexible ? r.uvarint() - 1 : r.i32();
  const partitions: string[] = [];
  for (let i = 0; i < n; i++) {
    const topic = r.str(flexible);
    const k = flexible ? r.uvarint() - 1 : r.i32();
    for (let j = 0; j < k; j++) partitions.push(`${topic}-${r.i32()}`);
    if (flexible)
      for (let t = r.uvarint(); t > 0; t--) {
        r.uvarint();
        r.skip(r.uvarint());
      }
  }
  const lastUpdateTimestampMs = r.i64();
  const startTimestampMs = r.i64();
  let clientTransactionVersion: TransactionVersion = 0;
  if (flexible) {
    for (let t = r.uvarint(); t > 0; t--) {
      const tag = r.uvarint();
      const size = r.uvarint();
      if (tag === 2) clientTransactionVersion = r.i16() as TransactionVersion;
      else r.skip(size);
    }
  }
  return {
    producerId,
    producerEpoch,
    transactionTimeoutMs,
    state,
    partitions: partitions.sort(),
    lastUpdateTimestampMs,
    startTimestampMs,
    clientTransactionVersion,
  };
}
