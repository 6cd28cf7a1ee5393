// Consumer groups on the stage: one frame per group (state, generation, the protocol: classic eager or cooperative,
// or the consumer protocol of KIP-848 with its group epoch and each member's epoch), a box per member with lines
// to the partitions it reads (drawn to the partition's leader replica), the coordinator broker badged, and during a
// rebalance: lines fading as partitions are revoked, the leader's assignor table (classic) or the coordinator's
// target (KIP-848), each member reconciling on its own heartbeat, new lines.
// What holds still between two beats is one memoised layer; only the beat playing now redraws every frame.
import { easeCubicInOut } from 'd3';
import { memo } from 'react';
import type { StateDump } from '../../scenario/types';
import { useStageT, type ST } from '../i18n/stage';
import { ownedByConsumers } from '../selectors';
import { currentBeat, posNow, useStage } from '../stage/director';
import { groupAtPos, memberEpochAtPos, ownedAtPos } from '../stage/display';
import { textW, type MemberBox, type StageLayout } from '../stage/layout';
import { readerGaps } from '../stage/rebalance';
import type { BeatOf, Scene } from '../stage/types';
import { useStore } from '../store';
import { byCodePoint } from '../order';

interface GroupDump {
  state?: string;
  generation?: number;
  assignor?: string;
  coordinator?: number | null;
  coordinatorPartition?: number;
  leader?: string | null;
  members?: Record<string, { assignment?: string[]; memberEpoch?: number; reconciliation?: string; target?: string[] }>;
  protocol?: string;
}
interface ConsumerDump {
  group?: string;
  status?: string;
  assignor?: string;
}

/** Where a partition's leader replica is drawn ("topic-p" → x, y). */
export type SlotOf = (tp: string) => [number, number] | null;

/** The groups on stage and their members: the dump's consumers, plus those a scene brings in or takes away. */
export function consumerGroups(dump: StateDump | null, scene: Scene | null): { group: string; members: string[] }[] {
  const by = new Map<string, Set<string>>();
  const add = (g: string, m: string) => {
    if (!by.has(g)) by.set(g, new Set());
    by.get(g)!.add(m);
  };
  for (const [m, c] of Object.entries((dump?.consumers ?? {}) as Record<string, ConsumerDump>)) if (c.group) add(c.group, m);
  for (const [g, v] of Object.entries((dump?.groups ?? {}) as Record<string, GroupDump>)) for (const m of Object.keys(v.members ?? {})) add(g, m);
  for (const b of scene?.beats ?? []) if (b.kind === 'memberIn' || b.kind === 'memberOut') add(b.group, b.member);
  return [...by.keys()].sort().map((group) => ({ group, members: [...by.get(group)!].sort() }));
}

/** The widest a group's title gets (its longest state), so its frame never has to grow while it rebalances. */
export function groupTitleW(st: ST, group: string): number {
  const g = st('groupTitle', { g: group });
  return (
    14 +
    Math.max(
      textW(`${g} · CompletingRebalance · ${st('generation', { n: 99 })} · ${st('protoClassicCoop')}`),
      textW(`${g} · Reconciling · ${st('groupEpoch', { n: 99 })} · ${st('protoConsumer')}`),
    )
  );
}

/** The protocol a group runs, as the title says it: classic (eager or cooperative) or consumer (KIP-848). */
function protocolKey(g: GroupDump, assignor: string | undefined): 'protoConsumer' | 'protoClassicCoop' | 'protoClassicEager' {
  if (g.protocol === 'consumer') return 'protoConsumer';
  return (g.assignor ?? assignor) === 'cooperative-sticky' ? 'protoClassicCoop' : 'protoClassicEager';
}

const hasRebalance = (scene: Scene | null) => !!scene?.beats.some((b) => b.mech === 'rebalance');

const ASSIGNOR_KEY = { range: 'assignRange', roundrobin: 'assignRoundrobin', sticky: 'assignSticky', 'cooperative-sticky': 'assignCooperative' } as const;

interface Props {
  dump: StateDump;
  L: StageLayout;
  slotOf: SlotOf;
}

const dur = (ms: number) => (ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`);

/** How long partitions went without a reader in the group's last rebalance (eager: all; cooperative: what moved). */
function GapLine({ group, read, x, y, w, st }: { group: string; read: string[]; x: number; y: number; w: number; st: ST }) {
  const events = useStore((s) => s.events);
  const cursor = useStore((s) => s.cursor);
  const gaps = readerGaps(events, cursor, group);
  if (gaps.length === 0) return null;
  const open = gaps.filter((g) => g.open),
    done = gaps.filter((g) => !g.open);
  const longest = Math.max(0, ...open.map((g) => g.ms));
  // against every partition the group reads: a barrier stops them all, the consumer protocol only those that move
  const total = new Set([...read, ...gaps.map((g) => g.tp)]).size;
  const t = dur(Math.max(...done.map((g) => g.ms)));
  const all = done.length >= total;
  const vars = { n: done.length, total, t, k: total - done.length };
  const full = all ? st('gapsAll', vars) : st('gapsSome', vars);
  // a narrow frame (a phone) says it shorter
  const text = open.length
    ? st(longest > 0 ? 'gapsOpen' : 'gapsOpenNow', { tps: open.map((g) => g.tp).join(', '), t: dur(longest) })
    : textW(full) <= w
      ? full
      : st(all ? 'gapsAllShort' : 'gapsSomeShort', vars);
  return (
    <text x={x} y={y} className="gap-line" data-testid={`gaps-${group}`} data-gaps={done.length} data-total={total}>
      {text}
    </text>
  );
}

export function Consumers({ dump, L, slotOf }: Props) {
  const st = useStageT();
  // the still picture changes at beat boundaries; the beat playing now redraws every frame
  const whole = useStage((s) => (hasRebalance(s.scene) ? Math.floor(posNow(s)) : -1));
  const scene = useStage((s) => (hasRebalance(s.scene) ? s.scene : null));
  if (L.groups.length === 0) return null;
  return (
    <g className="consumers" data-testid="consumers">
      <Still dump={dump} L={L} slotOf={slotOf} scene={scene} pos={Math.max(0, whole)} st={st} />
      {scene && <Moving dump={dump} L={L} slotOf={slotOf} scene={scene} st={st} />}
    </g>
  );
}

function lineEnds(L: StageLayout, slotOf: SlotOf, m: string, tp: string): [number, number, number, number] | null {
  const mb = memberBox(L, m);
  const to = mb ? slotOf(tp) : null;
  return mb && to ? [mb.x + mb.w / 2, mb.y, to[0], to[1]] : null;
}

function memberBox(L: StageLayout, m: string): MemberBox | undefined {
  for (const g of L.groups) for (const b of g.members) if (b.member === m) return b;
  return undefined;
}

/** "group g · state · generation n · protocol", or shorter where the frame is narrow (a phone). */
function GroupTitle(props: {
  group: string;
  state: string;
  generation: number;
  proto: ReturnType<typeof protocolKey>;
  x: number;
  y: number;
  w: number;
  st: ST;
}) {
  const { group, state, generation, proto, x, y, w, st } = props;
  const modern = proto === 'protoConsumer';
  const full = [st('groupTitle', { g: group }), state, st(modern ? 'groupEpoch' : 'generation', { n: generation }), st(proto)];
  const short = [group, state, st(modern ? 'groupEpochShort' : 'generationShort', { n: generation }), st(modern ? 'protoConsumerShort' : 'protoClassicShort')];
  const [g, , n, p] = textW(full.join(' · '), 11.5) <= w ? full : short;
  return (
    <text x={x} y={y} className="group-title">
      {g} · <tspan className={`state-chip state-${state}`}>{state}</tspan> · {n} · <tspan className="protocol-chip">{p}</tspan>
    </text>
  );
}

/** The picture between beats: frames, states, members and the lines of what each owns. */
const Still = memo(function Still({ dump, L, slotOf, scene, pos, st }: Props & { scene: Scene | null; pos: number; st: ST }) {
  const gd = (dump.groups ?? {}) as Record<string, GroupDump>;
  const cd = (dump.consumers ?? {}) as Record<string, ConsumerDump>;
  const owned = ownedAtPos(ownedByConsumers(dump), scene, pos);
  // the beat at `pos` draws its own lines (fading or drawing in): leave them out here
  const now = scene?.beats[pos];
  const skip = now && (now.kind === 'revoke' || now.kind === 'owners') ? now : null;
  const coordinated = new Map<number, string[]>();
  for (const [g, v] of Object.entries(gd))
    if (typeof v.coordinator === 'number')
      coordinated.set(v.coordinator, [...(coordinated.get(v.coordinator) ?? []), `${g}: __consumer_offsets-${v.coordinatorPartition ?? '?'}`]);
  return (
    <>
      {[...coordinated].map(([b, list]) => {
        const box = L.boxes.get(String(b));
        return box
          ? list.map((label, k) => (
              <text
                key={label}
                x={Math.max(4, Math.min(box.x + 4, L.W - 4 - textW(`⚑ ${label}`)))}
                y={box.y + box.h + 15 + k * 14}
                className="coordinator-badge"
                data-testid={`coordinator-${label.split(':')[0]}`}
              >
                ⚑ {label}
              </text>
            ))
          : null;
      })}
      {L.groups.map((gb) => {
        const g = gd[gb.group] ?? {};
        const at = groupAtPos(gb.group, { state: g.state ?? 'Empty', generation: g.generation ?? 0 }, scene, pos);
        const proto = protocolKey(g, cd[gb.members[0]?.member ?? '']?.assignor);
        const modern = proto === 'protoConsumer';
        const read = Object.values(g.members ?? {}).flatMap((m) => [...(m.assignment ?? []), ...(m.target ?? [])]);
        return (
          <g
            key={gb.group}
            className="group-frame"
            data-group={gb.group}
            data-state={at.state}
            data-generation={at.generation}
            data-protocol={modern ? 'consumer' : 'classic'}
          >
            <rect x={gb.x} y={gb.y} width={gb.w} height={gb.h} rx={6} className="group-box" />
            <GroupTitle group={gb.group} state={at.state} generation={at.generation} proto={proto} x={gb.x + 6} y={gb.y + 15} w={gb.w - 12} st={st} />
            <GapLine group={gb.group} read={read} x={gb.x + 6} y={gb.y + gb.h - 7} w={gb.w - 12} st={st} />
            {gb.members.map((mb) => {
              const c = cd[mb.member];
              const gone = !c || c.status === 'crashed' || c.status === 'closed';
              const mine = owned.get(mb.member) ?? [];
              const dm = g.members?.[mb.member];
              const ep = modern
                ? memberEpochAtPos(mb.member, dm?.memberEpoch != null ? { epoch: dm.memberEpoch, state: dm.reconciliation ?? 'STABLE' } : null, scene, pos)
                : null;
              const recon = ep && !gone && ep.state !== 'STABLE' ? ` member-${ep.state.toLowerCase().replace(/_/g, '-')}` : '';
              return (
                <g
                  key={mb.member}
                  className={`member${gone ? ' member-gone' : ''}${recon}`}
                  data-member={mb.member}
                  data-owned={mine.join(' ')}
                  data-epoch={ep?.epoch}
                  data-reconciliation={ep?.state}
                >
                  <rect x={mb.x} y={mb.y} width={mb.w} height={mb.h} rx={4} className="member-box" />
                  <text x={mb.x + 5} y={mb.y + 14} className="member-name">
                    {g.leader === mb.member ? '★ ' : ''}
                    {mb.member}
                  </text>
                  {ep && !gone && (
                    <text x={mb.x + mb.w - 4} y={mb.y + 13} textAnchor="end" className="member-epoch">
                      {st('memberEpoch', { n: ep.epoch })}
                    </text>
                  )}
                  <text x={mb.x + 5} y={mb.y + 29} className="member-sub">
                    {gone
                      ? st('memberDown')
                      : mine.length === 0
                        ? st('memberIdle')
                        : mine.length === 1
                          ? st('memberPart')
                          : st('memberParts', { n: mine.length })}
                  </text>
                </g>
              );
            })}
          </g>
        );
      })}
      <g className="owns-lines">
        {[...owned].flatMap(([m, tps]) =>
          tps.map((tp) => {
            if (skip && skip.member === m && skip.partitions.includes(tp)) return null;
            const e = lineEnds(L, slotOf, m, tp);
            return e ? <line key={`${m}>${tp}`} x1={e[0]} y1={e[1]} x2={e[2]} y2={e[3]} className="owns" data-owns={`${m}>${tp}`} /> : null;
          }),
        )}
      </g>
    </>
  );
});

/** The beat playing now: revoked lines fading, new lines drawing in, a member arriving, a state changing, the assignor's table. */
function Moving({ dump, L, slotOf, scene, st }: Props & { scene: Scene; st: ST }) {
  useStage((s) => (s.scene === scene ? s.now : -1));
  const cur = currentBeat(useStage.getState());
  if (!cur) return null;
  const { beat, p } = cur;
  const e = easeCubicInOut(p);
  void dump;
  switch (beat.kind) {
    case 'revoke':
    case 'owners': {
      const mb = memberBox(L, beat.member);
      return (
        <g className="moving-lines">
          {beat.partitions.map((tp) => {
            const ends = lineEnds(L, slotOf, beat.member, tp);
            if (!ends) return null;
            const len = Math.hypot(ends[2] - ends[0], ends[3] - ends[1]);
            return beat.kind === 'owners' ? (
              <line
                key={tp}
                x1={ends[0]}
                y1={ends[1]}
                x2={ends[2]}
                y2={ends[3]}
                className="owns"
                data-owns={`${beat.member}>${tp}`}
                strokeDasharray={`${len}`}
                strokeDashoffset={len * (1 - e)}
              />
            ) : (
              <line
                key={tp}
                x1={ends[0]}
                y1={ends[1]}
                x2={ends[2]}
                y2={ends[3]}
                className="owns revoking"
                data-owns={`${beat.member}>${tp}`}
                strokeDasharray="4 3"
                opacity={1 - e}
              />
            );
          })}
          {beat.kind === 'revoke' && mb && (
            <text x={mb.x + mb.w / 2} y={mb.y + mb.h + 14} textAnchor="middle" className="revoked-tag" opacity={1 - p * 0.5}>
              {st('revoked')}: {beat.partitions.join(', ')}
            </text>
          )}
        </g>
      );
    }
    case 'memberIn':
    case 'memberOut': {
      const mb = memberBox(L, beat.member);
      return mb ? (
        <rect x={mb.x - 3} y={mb.y - 3} width={mb.w + 6} height={mb.h + 6} rx={6} className="pulse" opacity={beat.kind === 'memberIn' ? 1 - p : p} />
      ) : null;
    }
    case 'groupState': {
      const gb = L.groups.find((g) => g.group === beat.group);
      return gb ? (
        <g className="state-change" data-testid="state-change">
          <rect x={gb.x - 2} y={gb.y - 2} width={gb.w + 4} height={22} rx={6} className="pulse warn" opacity={1 - p} />
          <text x={gb.x + gb.w - 6} y={gb.y - 6} textAnchor="end" className="beat-label strong" opacity={Math.min(1, p * 4)}>
            {`${beat.from} → ${beat.to}`}
            {beat.generation !== beat.generationFrom ? ` · ${st('generation', { n: beat.generation })}` : ''}
          </text>
        </g>
      ) : null;
    }
    case 'assign':
      return (
        <AssignorTable
          title={st('assignTitle', { leader: beat.leader, n: beat.generation })}
          how={ASSIGNOR_KEY[beat.protocol as keyof typeof ASSIGNOR_KEY] ? st(ASSIGNOR_KEY[beat.protocol as keyof typeof ASSIGNOR_KEY]) : beat.protocol}
          assignment={beat.assignment}
          p={p}
          L={L}
          box={memberBox(L, beat.leader)}
        />
      );
    case 'target':
      // KIP-848: no leader member; the coordinator runs the assignor (GroupMetadataManager.updateTargetAssignment)
      return (
        <AssignorTable
          title={st('targetTitle', { n: beat.epoch })}
          how={beat.assignor === 'uniform' ? st('targetUniform') : beat.assignor === 'range' ? st('targetRange') : beat.assignor}
          assignment={beat.assignment}
          p={p}
          L={L}
          box={L.groups.find((g) => g.group === beat.group)}
          testId="target-table"
          besideFrame
        />
      );
    case 'reconcile':
      return <ReconcileTag beat={beat} p={p} box={memberBox(L, beat.member)} st={st} />;
    default:
      return null;
  }
}

/** A member reconciling on its heartbeat (CurrentAssignmentBuilder): give up first, wait for released partitions, or done. */
function ReconcileTag({ beat, p, box, st }: { beat: BeatOf<'reconcile'>; p: number; box: MemberBox | undefined; st: ST }) {
  if (!box) return null;
  const waiting = beat.target.filter((tp) => !beat.assignment.includes(tp));
  const text =
    beat.state === 'UNREVOKED_PARTITIONS'
      ? st('reconcileUnrevoked', { e: beat.epochTo, tps: beat.revoking.join(', ') })
      : beat.state === 'UNRELEASED_PARTITIONS'
        ? st('reconcileUnreleased', { e: beat.epochTo, tps: waiting.join(', ') || '—' })
        : st('reconcileStable', { e: beat.epochTo });
  const w = textW(text) + 12;
  const cls = beat.state === 'STABLE' ? 'ok' : beat.state === 'UNREVOKED_PARTITIONS' ? 'warn' : 'wait';
  return (
    <g className={`reconcile-tag reconcile-${cls}`} data-testid="reconcile-tag" opacity={Math.min(1, p * 4)}>
      <rect x={box.x - 3} y={box.y - 3} width={box.w + 6} height={box.h + 6} rx={6} className={`pulse ${cls === 'ok' ? '' : 'warn'}`} opacity={1 - p} />
      <rect x={box.x} y={box.y + box.h + 3} width={w} height={16} rx={4} className="card" />
      <text x={box.x + 6} y={box.y + box.h + 15} className="card-line">
        {text}
      </text>
    </g>
  );
}

function AssignorTable({
  title,
  how,
  assignment,
  p,
  L,
  box,
  testId = 'assignor-table',
  besideFrame = false,
}: {
  title: string;
  how: string;
  assignment: Record<string, string[]>;
  p: number;
  L: StageLayout;
  box: { x: number; y: number; w: number; h?: number } | undefined;
  testId?: string;
  besideFrame?: boolean;
}) {
  if (!box) return null;
  const rows = Object.entries(assignment).sort(([a], [b]) => byCodePoint(a, b));
  const shownRows = rows.slice(0, 12);
  const h = 44 + (shownRows.length + (rows.length > shownRows.length ? 1 : 0)) * 15;
  // beside the frame when there is room (the frames above stay visible), else above the box
  const room = L.W - 10 - (box.x + box.w + 10);
  const beside = besideFrame && room >= 250 && 'h' in box;
  const w = beside ? Math.min(room, 360) : Math.min(L.W - 20, 360);
  const x = beside ? box.x + box.w + 10 : Math.max(10, Math.min(L.W - w - 10, box.x)),
    y = beside ? box.y : Math.max(4, box.y - h - 8);
  const shown = Math.floor(Math.min(1, p / 0.8) * shownRows.length + 0.001);
  const cut = (s: string) => (textW(s) > w - 16 ? s.slice(0, Math.floor((w - 16) / 6.6) - 1) + '…' : s);
  return (
    <g className="assignor-table" data-testid={testId} opacity={Math.min(1, p * 5)} transform={`translate(0, ${(1 - Math.min(1, p * 4)) * 12})`}>
      <rect x={x} y={y} width={w} height={h} rx={6} className="card" />
      <text x={x + 8} y={y + 16} className="card-title">
        {title}
      </text>
      <text x={x + 8} y={y + 31} className="card-line muted-text">
        {how}
      </text>
      {shownRows.slice(0, shown).map(([m, tps], k) => (
        <text key={m} x={x + 8} y={y + 47 + k * 15} className="card-line">
          {cut(`${m} ← ${tps.length ? tps.join(', ') : '—'}`)}
        </text>
      ))}
      {rows.length > shownRows.length && shown === shownRows.length && (
        <text x={x + 8} y={y + 47 + shownRows.length * 15} className="card-line muted-text">
          +{rows.length - shownRows.length}
        </text>
      )}
    </g>
  );
}
