// Where everything sits on the cluster stage, in CSS pixels (the SVG is drawn 1:1, never scaled down, so text
// keeps its size): producer and metadata (ZooKeeper or the KRaft quorum) on top, brokers in rows that wrap to
// the width, consumer groups below with their members.
import type { ReplicaView } from '../selectors';

export const FONT = 11; // the smallest text on the stage

/** About how wide a line of 11px text is (CJK characters are square). */
export function textW(s: string, px = FONT): number {
  let w = 0;
  for (const ch of s) w += ch.codePointAt(0)! >= 0x2e80 ? px : px * 0.6;
  return w;
}
const PAD = 10;
const GAP = 16;
const MIN_BW = 150;
const MAX_BW = 210;
export const SLOT_W = 50;
const HEADER = 40;
export const ROW_H = 19;
export const MAX_ROWS = 8;
const ROW_GAP = 60;
const MEMBER_W = 74;
const MEMBER_H = 36;

export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}
export interface MemberBox extends Box {
  member: string;
}
export interface GroupBox extends Box {
  group: string;
  members: MemberBox[];
}

/** A rack's band around its brokers (one per row the rack spans), labelled under them. */
export interface RackBand extends Box {
  rack: string;
}

export interface StageLayout {
  W: number;
  H: number;
  meta: Box;
  producer: { x: number; y: number; r: number };
  boxes: Map<string, Box>;
  rcols: number;
  rows: number;
  groups: GroupBox[];
  voters: Map<string, [number, number]>;
  racks: RackBand[];
}

export interface LayoutInput {
  width: number;
  brokers: string[];
  voters: string[];
  kraft: boolean;
  /** most replicas any broker hosts */
  maxReplicas: number;
  groups: { group: string; members: string[]; minW?: number }[];
  /** broker.rack of each broker that has one: brokers are then drawn rack by rack, each rack in a band */
  racks?: Record<string, string>;
}

const RACK_PAD = 6; // a band's margin around its brokers
const RACK_GAP = 8; // between two bands on a row

/**
 * Brokers grouped by rack, in rows of at most `cols`: a rack starts a new row when it does not fit in what is left
 * of the current one, and a rack wider than a row continues on the next. Returns, per row, its runs of one rack.
 */
export function rackRows(brokers: string[], racks: Record<string, string>, cols: number): { rack: string; ids: string[] }[][] {
  const order: string[] = [];
  const byRack = new Map<string, string[]>();
  for (const id of brokers) {
    const r = racks[id] ?? '';
    if (!byRack.has(r)) {
      byRack.set(r, []);
      order.push(r);
    }
    byRack.get(r)!.push(id);
  }
  order.sort((a, b) => (a === '' ? 1 : b === '' ? -1 : a < b ? -1 : a > b ? 1 : 0));
  const rows: { rack: string; ids: string[] }[][] = [[]];
  let used = 0;
  for (const rack of order) {
    let ids = byRack.get(rack)!;
    if (used > 0 && used + ids.length > cols) {
      rows.push([]);
      used = 0;
    }
    while (ids.length) {
      const take = ids.slice(0, cols - used);
      rows[rows.length - 1].push({ rack, ids: take });
      used += take.length;
      ids = ids.slice(take.length);
      if (ids.length) {
        rows.push([]);
        used = 0;
      }
    }
  }
  return rows.filter((r) => r.length);
}

export function stageLayout({ width, brokers, voters, kraft, maxReplicas, groups, racks }: LayoutInput): StageLayout {
  const W = Math.max(300, Math.round(width));
  const producer = { x: PAD + 30, y: 50, r: 28 };
  const left = PAD + 70;
  const mw = Math.min(420, W - left - PAD);
  const meta: Box = { x: Math.max(left, (W - mw) / 2), y: 8, w: mw, h: kraft ? 122 : 106 };
  const voterPos = new Map<string, [number, number]>();
  voters.forEach((v, i) => voterPos.set(v, [meta.x + 40 + ((meta.w - 80) * (i + 0.5)) / voters.length, meta.y + 44]));

  const n = Math.max(1, brokers.length);
  const racked = !!racks && brokers.some((b) => racks[b] !== undefined);
  // with racks every broker may sit in a band of its own: room for its margins and the gap between bands
  const slot = racked ? MIN_BW + 2 * RACK_PAD + RACK_GAP : MIN_BW + GAP;
  const cols = Math.max(1, Math.min(n, Math.floor((W - 2 * PAD + (racked ? RACK_GAP : GAP)) / slot)));
  const bw = racked
    ? Math.min(MAX_BW, Math.floor((W - 2 * PAD - cols * 2 * RACK_PAD - RACK_GAP * (cols - 1)) / cols))
    : Math.min(MAX_BW, Math.floor((W - 2 * PAD - GAP * (cols - 1)) / cols));
  const rcols = Math.max(1, Math.floor((bw - 12) / SLOT_W));
  const rows = Math.min(MAX_ROWS, Math.max(1, Math.ceil(maxReplicas / rcols)));
  const bh = HEADER + rows * ROW_H + 8;
  const top = meta.y + meta.h + 58;
  const boxes = new Map<string, Box>();
  const bands: RackBand[] = [];
  let brokerRows: number;
  if (racked) {
    const rows = rackRows(brokers, racks!, cols);
    rows.forEach((runs, row) => {
      const runW = (k: number) => k * bw + (k - 1) * GAP + 2 * RACK_PAD;
      const rowW = runs.reduce((a, r) => a + runW(r.ids.length), 0) + RACK_GAP * (runs.length - 1);
      let x = (W - rowW) / 2;
      const y = top + row * (bh + ROW_GAP);
      for (const run of runs) {
        // the band reaches up over the controller badge and down over its label
        bands.push({ rack: run.rack, x, y: y - 24, w: runW(run.ids.length), h: bh + 24 + 20 });
        run.ids.forEach((id, k) => boxes.set(id, { x: x + RACK_PAD + k * (bw + GAP), y, w: bw, h: bh }));
        x += runW(run.ids.length) + RACK_GAP;
      }
    });
    brokerRows = rows.length;
  } else {
    brokers.forEach((id, k) => {
      const row = Math.floor(k / cols),
        col = k % cols;
      const inRow = Math.min(cols, brokers.length - row * cols);
      const rowW = inRow * bw + (inRow - 1) * GAP;
      boxes.set(id, { x: (W - rowW) / 2 + col * (bw + GAP), y: top + row * (bh + ROW_GAP), w: bw, h: bh });
    });
    brokerRows = Math.ceil(brokers.length / cols);
  }
  let y = top + brokerRows * (bh + ROW_GAP) + 24;

  // consumer groups: frames flowing left to right, members wrapping inside a frame
  const out: GroupBox[] = [];
  let x = PAD,
    lineH = 0;
  for (const g of groups) {
    const perLine = Math.max(1, Math.floor((W - 2 * PAD - 8) / (MEMBER_W + 6)));
    const across = Math.max(1, Math.min(g.members.length, perLine));
    const lines = Math.ceil(Math.max(1, g.members.length) / across);
    const w = Math.min(W - 2 * PAD, Math.max(176, g.minW ?? 0, across * (MEMBER_W + 6) + 8));
    const h = 24 + lines * (MEMBER_H + 6) + 20; // and a line under the members: how long partitions had no reader
    if (x + w > W - PAD && x > PAD) {
      x = PAD;
      y += lineH + 12;
      lineH = 0;
    }
    const members = g.members.map((member, k) => ({
      member,
      x: x + 6 + (k % across) * (MEMBER_W + 6),
      y: y + 24 + Math.floor(k / across) * (MEMBER_H + 6),
      w: MEMBER_W,
      h: MEMBER_H,
    }));
    out.push({ group: g.group, x, y, w, h, members });
    x += w + 12;
    lineH = Math.max(lineH, h);
  }
  const H = (out.length ? y + lineH : y - 24) + 10;
  return { W, H, meta, producer, boxes, rcols, rows, groups: out, voters: voterPos, racks: bands };
}

/** The centre of replica slot k in a broker box. */
export function slotPos(L: StageLayout, box: Box, k: number): [number, number] {
  return [box.x + 12 + (k % L.rcols) * SLOT_W, box.y + HEADER + 4 + Math.floor(k / L.rcols) * ROW_H];
}

/** Where a network node sits, for links and requests in flight (a broker talks to consumers from its bottom). */
export function anchor(L: StageLayout, node: string, other = ''): [number, number] {
  const m = /^broker-(\d+)$/.exec(node);
  if (m) {
    const b = L.boxes.get(m[1]);
    if (b) return [b.x + b.w / 2, other.startsWith('consumer-') ? b.y + b.h : b.y];
  }
  const v = /^controller-(\d+)$/.exec(node);
  if (v && L.voters.has(v[1])) return L.voters.get(v[1])!;
  // client-N: a real client's connection (npm run cluster), drawn with the producers
  if (node.startsWith('producer') || node.startsWith('client-')) return [L.producer.x, L.producer.y];
  if (node.startsWith('consumer-')) {
    const name = node.slice('consumer-'.length);
    for (const g of L.groups) for (const mb of g.members) if (mb.member === name) return [mb.x + mb.w / 2, mb.y];
    return [L.W - 40, L.H - 30];
  }
  return [L.meta.x + L.meta.w / 2, L.meta.y + L.meta.h];
}

/** Replica slots drawn in a box (the last one says "+N" when they do not all fit). */
export function shownSlots(L: StageLayout, n: number): number {
  const cap = L.rcols * Math.min(MAX_ROWS, L.rows);
  return n <= cap ? n : cap - 1;
}

/** Where replica tp sits on broker b (or the box's bottom when it is not drawn). */
export function replicaAt(L: StageLayout, byBroker: Map<string, ReplicaView[]>, b: number | null, tp: string): [number, number] | null {
  if (b === null) return null;
  const box = L.boxes.get(String(b));
  if (!box) return null;
  const list = byBroker.get(String(b)) ?? [];
  const k = list.findIndex((r) => `${r.topic}-${r.partition}` === tp);
  return k >= 0 && k < shownSlots(L, list.length) ? slotPos(L, box, k) : [box.x + box.w / 2, box.y + box.h - 6];
}
