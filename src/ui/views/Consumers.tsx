// Consumer groups on the stage: one frame per group (state, generation, eager or cooperative), a box per member
// with lines to the partitions it reads (drawn to the partition's leader replica), the coordinator broker
// badged, and during a rebalance: lines fading as partitions are revoked, the leader's assignor table, new lines.
// What holds still between two beats is one memoised layer; only the beat playing now redraws every frame.
import { easeCubicInOut } from 'd3';
import { memo } from 'react';
import type { StateDump } from '../../scenario/types';
import { useStageT, type ST } from '../i18n/stage';
import { ownedByConsumers } from '../selectors';
import { currentBeat, posNow, useStage } from '../stage/director';
import { groupAtPos, ownedAtPos } from '../stage/display';
import { textW, type MemberBox, type StageLayout } from '../stage/layout';
import { readerGaps } from '../stage/rebalance';
import type { BeatOf, Scene } from '../stage/types';
import { useStore } from '../store';

interface GroupDump {
  state?: string;
  generation?: number;
  assignor?: string;
  coordinator?: number | null;
  coordinatorPartition?: number;
  leader?: string | null;
  members?: Record<string, unknown>;
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
  return 14 + textW(`${st('groupTitle', { g: group })} · CompletingRebalance · ${st('generation', { n: 99 })} · ${st('cooperative')}`);
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
function GapLine({ group, x, y, st }: { group: string; x: number; y: number; st: ST }) {
  const events = useStore((s) => s.events);
  const cursor = useStore((s) => s.cursor);
  const gaps = readerGaps(events, cursor, group);
  if (gaps.length === 0) return null;
  const open = gaps.filter((g) => g.open),
    done = gaps.filter((g) => !g.open);
  const longest = Math.max(0, ...open.map((g) => g.ms));
  const text = open.length
    ? st(longest > 0 ? 'gapsOpen' : 'gapsOpenNow', { tps: open.map((g) => g.tp).join(', '), t: dur(longest) })
    : st('gapsDone', { n: done.length, t: dur(Math.max(...done.map((g) => g.ms))) });
  return (
    <text x={x} y={y} className="gap-line" data-testid={`gaps-${group}`}>
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
        const coop = (g.assignor ?? cd[gb.members[0]?.member ?? '']?.assignor) === 'cooperative-sticky';
        return (
          <g key={gb.group} className="group-frame" data-group={gb.group} data-state={at.state} data-generation={at.generation}>
            <rect x={gb.x} y={gb.y} width={gb.w} height={gb.h} rx={6} className="group-box" />
            <text x={gb.x + 6} y={gb.y + 15} className="group-title">
              {st('groupTitle', { g: gb.group })} · <tspan className={`state-chip state-${at.state}`}>{at.state}</tspan> ·{' '}
              {st('generation', { n: at.generation })} · {st(coop ? 'cooperative' : 'eager')}
            </text>
            <GapLine group={gb.group} x={gb.x + 6} y={gb.y + gb.h - 7} st={st} />
            {gb.members.map((mb) => {
              const c = cd[mb.member];
              const gone = !c || c.status === 'crashed' || c.status === 'closed';
              const mine = owned.get(mb.member) ?? [];
              return (
                <g key={mb.member} className={`member${gone ? ' member-gone' : ''}`} data-member={mb.member} data-owned={mine.join(' ')}>
                  <rect x={mb.x} y={mb.y} width={mb.w} height={mb.h} rx={4} className="member-box" />
                  <text x={mb.x + 5} y={mb.y + 14} className="member-name">
                    {g.leader === mb.member ? '★ ' : ''}
                    {mb.member}
                  </text>
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
      return <AssignorTable beat={beat} p={p} L={L} box={memberBox(L, beat.leader)} st={st} />;
    default:
      return null;
  }
}

function AssignorTable({
  beat,
  p,
  L,
  box,
  st,
}: {
  beat: BeatOf<'assign'>;
  p: number;
  L: StageLayout;
  box: { x: number; y: number; w: number } | undefined;
  st: ST;
}) {
  if (!box) return null;
  const rows = Object.entries(beat.assignment).sort(([a], [b]) => a.localeCompare(b));
  const shownRows = rows.slice(0, 12);
  const w = Math.min(L.W - 20, 360),
    h = 44 + (shownRows.length + (rows.length > shownRows.length ? 1 : 0)) * 15;
  const x = Math.max(10, Math.min(L.W - w - 10, box.x)),
    y = Math.max(4, box.y - h - 8);
  const how = ASSIGNOR_KEY[beat.protocol as keyof typeof ASSIGNOR_KEY];
  const shown = Math.floor(Math.min(1, p / 0.8) * shownRows.length + 0.001);
  const cut = (s: string) => (textW(s) > w - 16 ? s.slice(0, Math.floor((w - 16) / 6.6) - 1) + '…' : s);
  return (
    <g className="assignor-table" data-testid="assignor-table" opacity={Math.min(1, p * 5)} transform={`translate(0, ${(1 - Math.min(1, p * 4)) * 12})`}>
      <rect x={x} y={y} width={w} height={h} rx={6} className="card" />
      <text x={x + 8} y={y + 16} className="card-title">
        {st('assignTitle', { leader: beat.leader, n: beat.generation })}
      </text>
      <text x={x + 8} y={y + 31} className="card-line muted-text">
        {how ? st(how) : beat.protocol}
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
