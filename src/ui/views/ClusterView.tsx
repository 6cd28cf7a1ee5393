// The cluster stage: ZooKeeper (or the KRaft quorum) on top, the producer, brokers with their replicas, consumer
// groups below with lines to what they read, and the beats of the mechanics playing over them (StageOverlay).
// Drawn 1:1 in CSS pixels at the measured width, so labels keep their size. React owns the SVG; D3 gives paths.
import { path as d3path } from 'd3';
import { memo, useCallback, useMemo, useState } from 'react';
import type { StateDump } from '../../scenario/types';
import { statusKey, useLang, useT, type T } from '../i18n';
import { useStageT, type ST } from '../i18n/stage';
import {
  allPartitions,
  brokerIds,
  cutLinks,
  racksOf,
  isCut,
  roleOf,
  topicAbbrevs,
  topicColors,
  topicNames,
  underReplicatedCount,
  type ReplicaView,
} from '../selectors';
import { animating, posNow, useDirector, useStage } from '../stage/director';
import { badgesAt, fencedAt, partitionOverrides, statusAt, unplacedPartitions, type Badge } from '../stage/display';
import { anchor, shownSlots, slotPos, stageLayout, textW, type Box, type StageLayout } from '../stage/layout';
import type { PState } from '../stage/trace';
import { useStore } from '../store';
import { highlights, hl, isHighlighted, replicaHighlighted } from '../focus';
import { BrokerMenu, type MenuAt } from './BrokerMenu';
import { Consumers, consumerGroups, groupTitleW } from './Consumers';
import { Legend } from './Legend';
import { Metadata, quorumOf } from './Metadata';
import { ReplicaGlyph } from './shapes';
import { StageOverlay } from './StageOverlay';
import { useWidth } from './useWidth';
import { useTxnT } from '../i18n/txn';

export function linkPath(L: StageLayout, a: string, b: string): string {
  const p = d3path();
  const [x1, y1] = anchor(L, a);
  const [x2, y2] = anchor(L, b);
  const ba = /^broker-/.test(a),
    bb = /^broker-/.test(b);
  if (ba && bb && Math.abs(y1 - y2) < 1) {
    const box = L.boxes.get(a.slice(7))!;
    const yb = box.y + box.h;
    p.moveTo(x1, yb);
    p.quadraticCurveTo((x1 + x2) / 2, yb + 16 + Math.abs(x1 - x2) * 0.1, x2, yb);
  } else {
    p.moveTo(x1, y1);
    p.lineTo(x2, y2);
  }
  return p.toString();
}

/** The replicas every broker hosts, in topic then partition order, with roles (a leader move not yet played overrides the dump). */
export function replicasByBroker(dump: StateDump | null, overrides: Map<string, PState>, hidden: Set<string> = new Set()): Map<string, ReplicaView[]> {
  const out = new Map<string, ReplicaView[]>();
  for (const row of allPartitions(dump)) {
    if (hidden.has(`${row.topic}-${row.partition}`)) continue;
    const o = overrides.get(`${row.topic}-${row.partition}`);
    const p = o ? { ...row.p, leader: o.leader, isr: o.isr } : row.p;
    // a replica listed twice (a hand-made assignment) is drawn once
    new Set(row.p.replicas).forEach((b) => {
      const k = String(b);
      let l = out.get(k);
      if (!l) {
        l = [];
        out.set(k, l);
      }
      const eligible = row.p.elr?.includes(b) && !p.isr.includes(b);
      l.push({
        topic: row.topic,
        partition: row.partition,
        role: roleOf(p, b),
        index: row.p.replicas.indexOf(b),
        ...(eligible ? { eligible: true as const } : {}),
      });
    });
  }
  return out;
}

const NONE: ReplicaView[] = [];

interface BrokerProps {
  id: string;
  status: string;
  box: Box;
  L: StageLayout;
  reps: ReplicaView[];
  badges: Badge[];
  fenced: boolean;
  isolated: boolean;
  color: (t: string) => string;
  abbr: Map<string, string>;
  t: T;
  st: ST;
  onPick: (s: { broker: string; topic?: string; partition?: number }) => void;
  onMenu: (broker: string, el: Element, at?: { x: number; y: number }) => void;
  sig: string;
  hls: readonly string[];
}

// t is a new function at every render but its language is in sig
const Broker = memo(BrokerBox, (a, b) => a.sig === b.sig && a.L === b.L && a.color === b.color && a.onPick === b.onPick && a.onMenu === b.onMenu);

function BrokerBox({ id, status, box, L, reps, badges, fenced, isolated, color, abbr, t, st, hls, onPick, onMenu }: BrokerProps) {
  const shown = reps.slice(0, shownSlots(L, reps.length));
  const elrTitle = useTxnT()('elrReplica');
  const label = (r: ReplicaView) => `${abbr.get(r.topic) ?? r.topic}-${r.partition}`;
  return (
    <g
      className={`broker broker-${status}${fenced ? ' broker-fenced' : ''}${hl(isHighlighted(hls, `brokers.${id}`))}`}
      data-broker={id}
      data-testid={`broker-${id}`}
    >
      {/* reached by Tab: Enter or Space opens the same menu a click opens */}
      <rect
        x={box.x}
        y={box.y}
        width={box.w}
        height={box.h}
        rx={6}
        className="broker-box"
        role="button"
        tabIndex={0}
        aria-label={`Broker ${id}: ${t(statusKey(status))}`}
        aria-haspopup="menu"
        aria-describedby={`broker-hint-${id}`}
        onClick={(e) => {
          onPick({ broker: id });
          onMenu(id, e.currentTarget, { x: e.clientX, y: e.clientY });
        }}
        onKeyDown={(e) => {
          if (e.key === 'Enter' || e.key === ' ') {
            e.preventDefault();
            e.stopPropagation();
            onPick({ broker: id });
            onMenu(id, e.currentTarget);
          }
        }}
      >
        <title id={`broker-hint-${id}`}>{t('pickBroker')}</title>
      </rect>
      <text x={box.x + 8} y={box.y + 17} className="broker-name">
        Broker {id}
      </text>
      <text x={box.x + 8} y={box.y + 32} className={`broker-status status-${status}`}>
        {t(statusKey(status))}
        {fenced ? ` · ${t('fenced')}` : ''}
        {isolated ? ` · ✂ ${t('isolated')}` : ''}
      </text>
      {badges.map((b, k) => {
        const text = b.zombie ? `☆ ${st('zombieBadge', { epoch: b.epoch })}` : `★ ${t('controllerBadge', { epoch: b.epoch })}`;
        const w = Math.max(box.w - 4, textW(text) + 14);
        return (
          <g
            key={b.broker + ':' + b.epoch}
            className={`controller-badge${b.zombie ? ' zombie' : ''}${hl(!b.zombie && isHighlighted(hls, 'controller'))}`}
            data-testid="controller-badge"
            data-epoch={b.epoch}
            data-zombie={b.zombie || undefined}
            transform={`translate(0, ${-k * 19})`}
          >
            <rect x={box.x + box.w / 2 - w / 2} y={box.y - 19} width={w} height={17} rx={8} />
            <text x={box.x + box.w / 2} y={box.y - 6.5} textAnchor="middle">
              {text}
            </text>
          </g>
        );
      })}
      {shown.map((r, k) => {
        const [cx, cy] = slotPos(L, box, k);
        return (
          <g
            key={`${r.topic}-${r.partition}`}
            className={`replica role-${r.role}${hl(replicaHighlighted(hls, r.topic, r.partition, id, r.role))}`}
            data-replica={`${r.topic}-${r.partition}`}
            data-role={r.role}
            onClick={() => onPick({ broker: id, topic: r.topic, partition: r.partition })}
            role="button"
            tabIndex={0}
            aria-label={`${label(r)}${label(r) !== `${r.topic}-${r.partition}` ? ` (${r.topic}-${r.partition})` : ''}, Broker ${id}`}
            onKeyDown={(e) => {
              if (e.key === 'Enter') onPick({ broker: id, topic: r.topic, partition: r.partition });
            }}
          >
            <title>{`${r.topic}-${r.partition}: ${t(r.role === 'leader' ? 'roleLeader' : r.role === 'follower' ? 'roleFollower' : r.role === 'outOfSync' ? 'roleOutOfSync' : 'offline')}${r.eligible ? ` · ${elrTitle}` : ''}`}</title>
            <ReplicaGlyph role={r.role} color={color(r.topic)} x={cx} y={cy} size={12} />
            <text x={cx + 9} y={cy + 4} className="replica-label">
              {label(r)}
              {r.eligible && (
                <tspan className="elr-mark" data-elr="true">
                  {' E'}
                </tspan>
              )}
            </text>
          </g>
        );
      })}
      {reps.length > shown.length &&
        (() => {
          const [cx, cy] = slotPos(L, box, shown.length);
          return (
            <text x={cx - 6} y={cy + 4} className="muted-text replica-label">
              +{reps.length - shown.length}
            </text>
          );
        })()}
      {reps.length === 0 && (
        <text x={box.x + 8} y={box.y + 52} className="muted-text replica-label">
          {t('noReplicas')}
        </text>
      )}
    </g>
  );
}

const colorCache = new Map<string, (t: string) => string>();
/** One colour function per set of topics, so memoised boxes see the same function. */
function colorFor(key: string): (t: string) => string {
  let c = colorCache.get(key);
  if (!c) {
    c = topicColors(key ? key.split('\n') : []);
    colorCache.set(key, c);
  }
  return c;
}

/** The scene's position, coarse: whole beats, and .5 while one plays (what the boxes need to know). */
const coarsePos = (s: Parameters<typeof posNow>[0]) => {
  if (!s.scene) return 0;
  const p = posNow(s);
  return Math.floor(p) + (p % 1 > 0 ? 0.5 : 0);
};

export function ClusterView() {
  const t = useT();
  const st = useStageT();
  const lang = useLang();
  const dump = useStore((s) => s.dump);
  const events = useStore((s) => s.events);
  const cursor = useStore((s) => s.cursor);
  const mode = useStore((s) => s.scenario?.mode ?? 'zookeeper');
  const select = useStore((s) => s.select);
  const canAct = useStore((s) => s.controls === 'full');
  useDirector();
  const scene = useStage((s) => s.scene);
  const coarse = useStage(coarsePos);
  const anim = useStage((s) => animating(s, ['election', 'rebalance']));
  const { ref, width, measured } = useWidth(720);
  const [menu, setMenu] = useState<MenuAt | null>(null);
  // at the pointer, or (from the keyboard) at the broker's box
  const openMenu = useCallback((broker: string, el: Element, at?: { x: number; y: number }) => {
    const fig = el.closest('figure');
    const r = fig?.getBoundingClientRect();
    const b = el.getBoundingClientRect();
    const p = at ?? { x: b.left + 8, y: b.top + Math.min(b.height, 40) };
    const x = r ? Math.min(p.x - r.left, r.width - 250) : 0;
    const y = r ? Math.min(p.y - r.top + (fig?.scrollTop ?? 0), (fig?.scrollHeight ?? r.height) - 70) : 0;
    setMenu({ broker, x: Math.max(0, x), y: Math.max(0, y), keyboard: !at });
  }, []);
  const closeMenu = useCallback(() => setMenu(null), []);
  const ids = brokerIds(dump);
  const voters = Object.keys(quorumOf(dump)?.voters ?? {}).sort((a, b) => Number(a) - Number(b));
  const overrides = useMemo(() => partitionOverrides(scene, coarse), [scene, coarse]);
  // a new topic's replicas land one partition after another, as its placement plays (the placement view shows how)
  const placing = useMemo(() => unplacedPartitions(scene, coarse), [scene, coarse]);
  const placingKey = [...placing].join('\n');
  const byBroker = useMemo(() => replicasByBroker(dump, overrides, placing), [dump, overrides, placingKey]); // eslint-disable-line react-hooks/exhaustive-deps
  const groupsRaw = consumerGroups(dump, scene);
  const groupsKey = groupsRaw.map((g) => `${g.group}:${g.members.join(',')}`).join('|');
  const groups = useMemo(() => groupsRaw.map((g) => ({ ...g, minW: groupTitleW(st, g.group) })), [groupsKey, st]); // eslint-disable-line react-hooks/exhaustive-deps
  const maxReplicas = Math.max(1, ...[...byBroker.values()].map((l) => l.length));
  const idsKey = ids.join(',');
  const votersKey = voters.join(',');
  const racks = racksOf(dump);
  const racksKey = JSON.stringify(racks);
  const L = useMemo(
    () => stageLayout({ width, brokers: ids, voters, kraft: mode === 'kraft', maxReplicas, groups, racks }),
    // eslint-disable-next-line react-hooks/exhaustive-deps -- keyed by the lists' contents, not their identity
    [width, idsKey, votersKey, mode, maxReplicas, groupsKey, racksKey],
  );
  const cut = useMemo(() => cutLinks(dump, events, cursor), [dump, events, cursor]);
  const hls = useStore(highlights);
  // where each partition's leader replica is drawn: consumers' lines end there
  const slotOf = useMemo(() => {
    const at = new Map<string, [number, number]>();
    for (const [b, list] of byBroker) {
      const box = L.boxes.get(b);
      if (!box) continue;
      const n = shownSlots(L, list.length);
      list.forEach((r, k) => {
        if (r.role === 'leader') at.set(`${r.topic}-${r.partition}`, k < n ? slotPos(L, box, k) : [box.x + box.w / 2, box.y + box.h - 6]);
      });
    }
    return (tp: string) => at.get(tp) ?? null;
  }, [byBroker, L]);
  const badges = useMemo(() => (dump && mode !== 'kraft' ? badgesAt(dump, scene, coarse) : []), [dump, scene, coarse, mode]);
  if (!dump) return null;
  const topics = topicNames(dump);
  const color = colorFor(topics.join('\n'));
  const abbr = topicAbbrevs(topics);
  const meta = mode === 'kraft' ? (dump.controller.id !== null ? `controller-${dump.controller.id}` : 'controller') : 'zookeeper';
  const urp = underReplicatedCount(dump);
  const fencedSet = fencedAt(quorumOf(dump)?.fencedBrokers ?? [], scene, coarse);
  const pairs: [string, string][] = [];
  for (let i = 0; i < ids.length; i++) for (let j = i + 1; j < ids.length; j++) pairs.push([ids[i], ids[j]]);
  const oneRow = new Set([...L.boxes.values()].map((b) => b.y)).size === 1;
  return (
    <figure
      className="view cluster-view"
      aria-label={t('clusterAria')}
      ref={ref as React.RefObject<HTMLElement>}
      style={measured ? undefined : { visibility: 'hidden' }}
      data-anim={anim ?? undefined}
      data-testid="cluster-stage"
    >
      <svg width={L.W} height={L.H} viewBox={`0 0 ${L.W} ${L.H}`} role="group" aria-label={t('clusterAria')}>
        {L.racks.map((r) => (
          <g key={`${r.rack}@${r.x},${r.y}`} className="rack-band" data-rack={r.rack} data-testid="rack-band">
            <rect x={r.x} y={r.y} width={r.w} height={r.h} rx={8} />
            <text x={r.x + 8} y={r.y + r.h - 6} className="rack-label">
              {r.rack ? st('rackLabel', { rack: r.rack }) : st('noRack')}
            </text>
          </g>
        ))}
        <g className="links">
          {ids.map((b) => {
            const c = isCut(cut, `broker-${b}`, meta);
            return <path key={`m${b}`} d={linkPath(L, meta, `broker-${b}`)} className={c ? 'link cut' : 'link'} data-cut={c || undefined} />;
          })}
          {ids.map((b) => (
            <path
              key={`p${b}`}
              d={linkPath(L, 'producer-1', `broker-${b}`)}
              className={isCut(cut, 'producer-1', `broker-${b}`) ? 'link client cut' : 'link client'}
            />
          ))}
          {pairs.map(([a, b]) => {
            const c = isCut(cut, `broker-${a}`, `broker-${b}`);
            if (!c && !oneRow) return null;
            return (
              <path key={`${a}-${b}`} d={linkPath(L, `broker-${a}`, `broker-${b}`)} className={c ? 'link peer cut' : 'link peer'} data-cut={c || undefined} />
            );
          })}
        </g>
        <Metadata dump={dump} L={L} t={t} st={st} mode={mode} />
        {urp > 0 && (
          <text x={L.W - 8} y={L.meta.y + L.meta.h + 16} textAnchor="end" className="urp" data-testid="urp">
            ⚠ {t('urpCount', { n: urp })}
          </text>
        )}
        <g className="client-node">
          <circle cx={L.producer.x} cy={L.producer.y} r={L.producer.r} className="producer-node" />
          <text x={L.producer.x} y={L.producer.y + 4} textAnchor="middle">
            {t('producer')}
          </text>
        </g>
        {ids.map((b) => {
          const iso = cut.has(`broker-${b}|*`);
          const reps = byBroker.get(b) ?? NONE;
          const mine = badges.filter((x) => String(x.broker) === b);
          const status = statusAt(Number(b), dump.brokers[b].status, scene, coarse);
          const fenced = fencedSet.has(Number(b));
          const sig = `${lang}|${status}|${fenced}|${iso}|${mine.map((x) => `${x.epoch}${x.zombie}`).join()}|${reps.map((r) => `${r.topic}-${r.partition}:${r.role}${r.eligible ? 'E' : ''}`).join(',')}|${[...abbr].join()}|${hls.join(',')}`;
          return (
            <Broker
              key={b}
              id={b}
              status={status}
              box={L.boxes.get(b)!}
              L={L}
              reps={reps}
              badges={mine}
              fenced={fenced}
              isolated={iso}
              color={color}
              abbr={abbr}
              t={t}
              st={st}
              hls={hls}
              onPick={select}
              onMenu={openMenu}
              sig={sig}
            />
          );
        })}
        <Consumers dump={dump} L={L} slotOf={slotOf} />
        <StageOverlay dump={dump} L={L} byBroker={byBroker} color={color} abbr={abbr} />
      </svg>
      {menu && canAct && dump.brokers[menu.broker] && <BrokerMenu at={menu} onClose={closeMenu} />}
      <Legend topics={topics} color={color} abbr={abbr} />
    </figure>
  );
}
