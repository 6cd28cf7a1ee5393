// Consumer groups on the stage: one frame per group (state, generation, eager or cooperative), a box per member
// with lines to the partitions it reads (drawn to the partition's leader replica), the coordinator broker
// badged, and during a rebalance: lines fading as partitions are revoked, the leader's assignor table, new lines.
import { easeCubicInOut } from 'd3';
import type { StateDump } from '../../scenario/types';
import { useStageT, type ST } from '../i18n/stage';
import { ownedByConsumers, type ReplicaView } from '../selectors';
import { currentBeat, posNow, useStage } from '../stage/director';
import { groupAtPos, ownedAtPos } from '../stage/display';
import { replicaAt, textW, type StageLayout } from '../stage/layout';
import type { BeatOf, Scene } from '../stage/types';

interface GroupDump { state?: string; generation?: number; assignor?: string; coordinator?: number | null; coordinatorPartition?: number; leader?: string | null; members?: Record<string, unknown> }
interface ConsumerDump { group?: string; status?: string; assignor?: string }

/** The groups on stage and their members: the dump's consumers, plus those a scene brings in or takes away. */
export function consumerGroups(dump: StateDump | null, scene: Scene | null): { group: string; members: string[] }[] {
  const by = new Map<string, Set<string>>();
  const add = (g: string, m: string) => { if (!by.has(g)) by.set(g, new Set()); by.get(g)!.add(m); };
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

export function Consumers({ dump, L, byBroker, groups }: { dump: StateDump; L: StageLayout; byBroker: Map<string, ReplicaView[]>; groups: { group: string; members: string[] }[] }) {
  const st = useStageT();
  useStage((s) => (hasRebalance(s.scene) ? s.now : -1));
  const stage = useStage.getState();
  const scene = hasRebalance(stage.scene) ? stage.scene : null;
  const pos = scene ? posNow(stage) : 0;
  const cur = scene ? currentBeat(stage) : null;
  if (groups.length === 0) return null;
  const gd = (dump.groups ?? {}) as Record<string, GroupDump>;
  const cd = (dump.consumers ?? {}) as Record<string, ConsumerDump>;
  const owned = ownedAtPos(ownedByConsumers(dump), scene, pos);
  const leaderOf = (tp: string) => {
    const i = tp.lastIndexOf('-');
    return dump.topics[tp.slice(0, i)]?.partitions[tp.slice(i + 1)]?.leader ?? null;
  };
  const memberBox = (m: string) => L.groups.flatMap((g) => g.members).find((b) => b.member === m);
  // coordinator badges, under the broker boxes
  const coordinated = new Map<number, string[]>();
  for (const [g, v] of Object.entries(gd)) if (typeof v.coordinator === 'number') coordinated.set(v.coordinator, [...(coordinated.get(v.coordinator) ?? []), `${g}: __consumer_offsets-${v.coordinatorPartition ?? '?'}`]);
  const beat = cur?.beat;
  const p = cur?.p ?? 0;
  return (
    <g className="consumers" data-testid="consumers">
      {[...coordinated].map(([b, list]) => {
        const box = L.boxes.get(String(b));
        return box ? list.map((label, k) => (
          <text key={label} x={box.x + 4} y={box.y + box.h + 15 + k * 14} className="coordinator-badge" data-testid={`coordinator-${label.split(':')[0]}`}>⚑ {label}</text>
        )) : null;
      })}
      {L.groups.map((gb) => {
        const g = gd[gb.group] ?? {};
        const at = groupAtPos(gb.group, { state: g.state ?? 'Empty', generation: g.generation ?? 0 }, scene, pos);
        const coop = (g.assignor ?? cd[gb.members[0]?.member ?? '']?.assignor) === 'cooperative-sticky';
        const changing = beat?.kind === 'groupState' && beat.group === gb.group ? beat : null;
        return (
          <g key={gb.group} className="group-frame" data-group={gb.group} data-state={at.state} data-generation={at.generation}>
            <rect x={gb.x} y={gb.y} width={gb.w} height={gb.h} rx={6} className="group-box" />
            <text x={gb.x + 6} y={gb.y + 15} className="group-title">
              {st('groupTitle', { g: gb.group })} · <tspan className={`state-chip state-${at.state}`} opacity={changing ? Math.min(1, 0.3 + p) : 1}>{at.state}</tspan> · {st('generation', { n: at.generation })} · {st(coop ? 'cooperative' : 'eager')}
            </text>
            {gb.members.map((mb) => {
              const c = cd[mb.member];
              const gone = !c || c.status === 'crashed' || c.status === 'closed';
              const mine = owned.get(mb.member) ?? [];
              const fade = beat && (beat.kind === 'memberIn' || beat.kind === 'memberOut') && beat.member === mb.member ? (beat.kind === 'memberIn' ? p : 1 - p) : 1;
              return (
                <g key={mb.member} className={`member${gone ? ' member-gone' : ''}`} data-member={mb.member} data-owned={mine.join(' ')} opacity={fade}>
                  <rect x={mb.x} y={mb.y} width={mb.w} height={mb.h} rx={4} className="member-box" />
                  <text x={mb.x + 5} y={mb.y + 14} className="member-name">{g.leader === mb.member ? '★ ' : ''}{mb.member}</text>
                  <text x={mb.x + 5} y={mb.y + 29} className="member-sub">{gone ? st('memberDown') : mine.length === 0 ? st('memberIdle') : mine.length === 1 ? st('memberPart') : st('memberParts', { n: mine.length })}</text>
                </g>
              );
            })}
          </g>
        );
      })}
      <g className="owns-lines">
        {[...owned].flatMap(([m, tps]) => {
          const mb = memberBox(m);
          if (!mb) return [];
          const x1 = mb.x + mb.w / 2, y1 = mb.y;
          const revoking = beat?.kind === 'revoke' && beat.member === m ? beat : null;
          const adding = beat?.kind === 'owners' && beat.member === m ? beat : null;
          return tps.map((tp) => {
            const to = replicaAt(L, byBroker, leaderOf(tp), tp);
            if (!to) return null;
            const len = Math.hypot(to[0] - x1, to[1] - y1);
            const isNew = adding?.partitions.includes(tp);
            const isGoing = revoking?.partitions.includes(tp);
            const e = easeCubicInOut(p);
            return (
              <line key={`${m}>${tp}`} x1={x1} y1={y1} x2={to[0]} y2={to[1]} className={`owns${isGoing ? ' revoking' : ''}`} data-owns={`${m}>${tp}`}
                strokeDasharray={isNew ? `${len}` : isGoing ? '4 3' : undefined} strokeDashoffset={isNew ? len * (1 - e) : undefined} opacity={isGoing ? 1 - e : 0.75} />
            );
          });
        })}
      </g>
      {beat?.kind === 'assign' && <AssignorTable beat={beat} p={p} L={L} box={memberBox(beat.leader)} st={st} />}
      {beat?.kind === 'revoke' && (() => {
        const mb = memberBox(beat.member);
        return mb ? <text x={mb.x + mb.w / 2} y={mb.y + mb.h + 14} textAnchor="middle" className="revoked-tag" opacity={1 - p * 0.5}>{st('revoked')}: {beat.partitions.join(', ')}</text> : null;
      })()}
    </g>
  );
}

function AssignorTable({ beat, p, L, box, st }: { beat: BeatOf<'assign'>; p: number; L: StageLayout; box: { x: number; y: number; w: number } | undefined; st: ReturnType<typeof useStageT> }) {
  if (!box) return null;
  const rows = Object.entries(beat.assignment).sort(([a], [b]) => a.localeCompare(b));
  const w = Math.min(L.W - 20, 330), h = 44 + rows.length * 15;
  const x = Math.max(10, Math.min(L.W - w - 10, box.x)), y = Math.max(4, box.y - h - 8);
  const how = ASSIGNOR_KEY[beat.protocol as keyof typeof ASSIGNOR_KEY];
  const shown = Math.floor(Math.min(1, p / 0.8) * rows.length + 0.001);
  return (
    <g className="assignor-table" data-testid="assignor-table" opacity={Math.min(1, p * 5)} transform={`translate(0, ${(1 - Math.min(1, p * 4)) * 12})`}>
      <rect x={x} y={y} width={w} height={h} rx={6} className="card" />
      <text x={x + 8} y={y + 16} className="card-title">{st('assignTitle', { leader: beat.leader, n: beat.generation })}</text>
      <text x={x + 8} y={y + 31} className="card-line muted-text">{how ? st(how) : beat.protocol}</text>
      {rows.slice(0, shown).map(([m, tps], k) => (
        <text key={m} x={x + 8} y={y + 47 + k * 15} className="card-line">{`${m} ← ${tps.length ? tps.join(', ') : '—'}`}</text>
      ))}
    </g>
  );
}
