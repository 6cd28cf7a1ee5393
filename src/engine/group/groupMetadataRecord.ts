// The group metadata record of __consumer_offsets (key version 2 = GroupMetadataKey; value
// GroupMetadataValue version 3), written when a generation completes, so a new coordinator resumes the
// group where it was. Member subscription and assignment are the consumer protocol's bytes
// (ConsumerProtocolSubscription v2, ConsumerProtocolAssignment v1). Non-flexible encodings: int16
// version, then big-endian fields; string = int16 length + UTF-8; bytes = int32 length; arrays = int32 count.
import type { AssignorName, TopicPartition } from './rules';
import { sortTopicPartitions, topicOf, partitionOf } from './rules';
import type { Subscription } from './protocol';

export const GROUP_METADATA_VALUE_VERSION = 3;
const SUBSCRIPTION_VERSION = 2;
const ASSIGNMENT_VERSION = 1;

export interface GroupMetadataValue {
  protocolType: string;
  generation: number;
  protocol: AssignorName | null;
  leader: string | null;
  currentStateTimestamp: number;
  members: {
    memberId: string;
    clientId: string;
    clientHost: string;
    rebalanceTimeout: number;
    sessionTimeout: number;
    subscription: Subscription;
    assignment: TopicPartition[];
  }[];
}

const enc = new TextEncoder();
const dec = new TextDecoder();

class W {
  private parts: number[] = [];
  private view = new DataView(new ArrayBuffer(8));
  private fixed(n: number, f: (d: DataView) => void): this {
    f(this.view);
    for (let i = 0; i < n; i++) this.parts.push(this.view.getUint8(i));
    return this;
  }
  i16(v: number): this {
    return this.fixed(2, (d) => d.setInt16(0, v));
  }
  i32(v: number): this {
    return this.fixed(4, (d) => d.setInt32(0, v));
  }
  i64(v: number): this {
    return this.fixed(8, (d) => d.setBigInt64(0, BigInt(v)));
  }
  str(s: string | null): this {
    if (s === null) return this.i16(-1);
    const b = enc.encode(s);
    this.i16(b.length);
    for (const x of b) this.parts.push(x);
    return this;
  }
  bytes(b: Uint8Array | null): this {
    if (b === null) return this.i32(-1);
    this.i32(b.length);
    for (const x of b) this.parts.push(x);
    return this;
  }
  done(): Uint8Array {
    return Uint8Array.from(this.parts);
  }
}

class R {
  private at = 0;
  private view: DataView;
  constructor(private b: Uint8Array) {
    this.view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  }
  i16(): number {
    const v = this.view.getInt16(this.at);
    this.at += 2;
    return v;
  }
  i32(): number {
    const v = this.view.getInt32(this.at);
    this.at += 4;
    return v;
  }
  i64(): number {
    const v = Number(this.view.getBigInt64(this.at));
    this.at += 8;
    return v;
  }
  str(): string | null {
    const n = this.i16();
    if (n < 0) return null;
    const s = dec.decode(this.b.subarray(this.at, this.at + n));
    this.at += n;
    return s;
  }
  bytes(): Uint8Array | null {
    const n = this.i32();
    if (n < 0) return null;
    const s = this.b.subarray(this.at, this.at + n);
    this.at += n;
    return s;
  }
}

/** topic -> partitions, topics sorted (the consumer protocol's TopicPartition arrays) */
function writePartitions(w: W, tps: TopicPartition[]): void {
  const byTopic = new Map<string, number[]>();
  for (const tp of sortTopicPartitions(tps)) byTopic.set(topicOf(tp), [...(byTopic.get(topicOf(tp)) ?? []), partitionOf(tp)]);
  w.i32(byTopic.size);
  for (const [t, ps] of byTopic) {
    w.str(t).i32(ps.length);
    for (const p of ps) w.i32(p);
  }
}

function readPartitions(r: R): TopicPartition[] {
  const out: TopicPartition[] = [];
  for (let n = r.i32(); n > 0; n--) {
    const t = r.str()!;
    for (let k = r.i32(); k > 0; k--) out.push(`${t}-${r.i32()}`);
  }
  return out;
}

export function encodeSubscription(s: Subscription): Uint8Array {
  const w = new W().i16(SUBSCRIPTION_VERSION).i32(s.topics.length);
  for (const t of s.topics) w.str(t);
  w.bytes(null);
  writePartitions(w, s.ownedPartitions);
  return w.i32(s.generation).done();
}

export function decodeSubscription(b: Uint8Array): Subscription {
  const r = new R(b);
  const version = r.i16();
  const topics: string[] = [];
  for (let n = r.i32(); n > 0; n--) topics.push(r.str()!);
  r.bytes();
  const ownedPartitions = version >= 1 ? readPartitions(r) : [];
  const generation = version >= 2 ? r.i32() : -1;
  return { topics, ownedPartitions, generation };
}

export function encodeAssignment(tps: TopicPartition[]): Uint8Array {
  const w = new W().i16(ASSIGNMENT_VERSION);
  writePartitions(w, tps);
  return w.bytes(null).done();
}

export function decodeAssignment(b: Uint8Array): TopicPartition[] {
  const r = new R(b);
  r.i16();
  return readPartitions(r);
}

export function encodeGroupMetadataValue(v: GroupMetadataValue): Uint8Array {
  const w = new W()
    .i16(GROUP_METADATA_VALUE_VERSION)
    .str(v.protocolType)
    .i32(v.generation)
    .str(v.protocol)
    .str(v.leader)
    .i64(v.currentStateTimestamp)
    .i32(v.members.length);
  for (const m of v.members) {
    w.str(m.memberId).str(null).str(m.clientId).str(m.clientHost).i32(m.rebalanceTimeout).i32(m.sessionTimeout);
    w.bytes(encodeSubscription(m.subscription)).bytes(encodeAssignment(m.assignment));
  }
  return w.done();
}

export function decodeGroupMetadataValue(b: Uint8Array): GroupMetadataValue {
  const r = new R(b);
  const version = r.i16();
  const protocolType = r.str() ?? '';
  const generation = r.i32();
  const protocol = r.str() as AssignorName | null;
  const leader = r.str();
  const currentStateTimestamp = version >= 2 ? r.i64() : -1;
  const members: GroupMetadataValue['members'] = [];
  for (let n = r.i32(); n > 0; n--) {
    const memberId = r.str()!;
    if (version >= 3) r.str();
    const clientId = r.str()!;
    const clientHost = r.str()!;
    const rebalanceTimeout = version >= 1 ? r.i32() : -1;
    const sessionTimeout = r.i32();
    const subscription = decodeSubscription(r.bytes()!);
    const assignment = decodeAssignment(r.bytes()!);
    members.push({
      memberId,
      clientId,
      clientHost,
      rebalanceTimeout: rebalanceTimeout < 0 ? sessionTimeout : rebalanceTimeout,
      sessionTimeout,
      subscription,
      assignment,
    });
  }
  return { protocolType, generation, protocol, leader, currentStateTimestamp, members };
}
