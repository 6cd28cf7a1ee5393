// The cluster: ZooKeeper (or the KRaft quorum) on top, clients, brokers with their
// replicas, cut links, and requests travelling as dots. React owns the SVG; D3 gives scales and paths.
import { path as d3path, scalePoint } from 'd3';
import { memo, useCallback, useMemo, useState } from 'react';
import type { StateDump } from '../../scenario/types';
import { useLang, useT, type T } from '../i18n';
import { allPartitions, brokerIds, cutLinks, roleOf, flightsBetween, isCut, topicColors, topicNames, underReplicatedCount, znodes } from '../selectors';
import { useStore } from '../store';
import { highlights, hl, isHighlighted, replicaHighlighted } from '../focus';
import { BrokerMenu, type MenuAt } from './BrokerMenu';
import { Legend } from './Legend';
import { ReplicaGlyph } from './shapes';
import type { ReplicaView } from '../selectors';

const H = 370;
const TOP = 150; // broker boxes start here
const BOX_H = 170;

interface Layout { W: number; bw: number; x: (b: string) => number; voters: string[] }

function layout(ids: string[], voters: string[]): Layout {
  const n = Math.max(1, ids.length);
  const W = Math.max(520, n * 135 + 60);
  const slot = (W - 60) / n;
  const sp = scalePoint<string>().domain(ids).range([30 + slot / 2, W - 30 - slot / 2]);
  const bw = Math.min(124, slot - 12);
  return { W, bw, x: (b) => (ids.length === 1 ? W / 2 : sp(b) ?? W / 2), voters };
}

/** Where a node sits, for links and flights. */
function anchor(name: string, L: Layout): [number, number] {
  const m = /^broker-(\d+)$/.exec(name);
  if (m) return [L.x(m[1]), TOP];
  if (name.startsWith('producer')) return [42, 52];
  const v = /^controller-(\d+)$/.exec(name);
  if (v && L.voters.includes(v[1])) return voterPos(v[1], L);
  if (name.startsWith('consumer')) return [L.W - 42, 52];
  return [L.W / 2, 96]; // zookeeper, controller quorum
}

function voterPos(id: string, L: Layout): [number, number] {
  const i = L.voters.indexOf(id), n = L.voters.length;
  return [L.W / 2 - 100 + (200 * (i + 0.5)) / n, 62];
}

interface Quorum { voters: Record<string, { role: string; epoch: number; status: string }>; metadataLogEndOffset?: number; fencedBrokers?: number[] }

function quorumOf(dump: StateDump | null): Quorum | null {
  const q = dump?.quorum as Quorum | undefined;
  return q && typeof q === 'object' && q.voters ? q : null;
}

function linkPath(a: string, b: string, L: Layout): string {
  const p = d3path();
  const ba = /^broker-/.test(a), bb = /^broker-/.test(b);
  const [x1, y1] = anchor(a, L);
  const [x2, y2] = anchor(b, L);
  if (ba && bb) {
    const yb = TOP + BOX_H;
    p.moveTo(x1, yb);
    p.quadraticCurveTo((x1 + x2) / 2, yb + 20 + Math.abs(x1 - x2) * 0.12, x2, yb);
  } else {
    p.moveTo(x1, y1);
    p.lineTo(x2, y2);
  }
  return p.toString();
}

function statusKey(s: string): 'statusOnline' | 'statusStopped' | 'statusCrashed' | 'statusPaused' {
  return s === 'crashed' ? 'statusCrashed' : s === 'stopped' ? 'statusStopped' : s === 'paused' ? 'statusPaused' : 'statusOnline';
}

/** The replicas every broker hosts, in topic then partition order (replicasOnBroker for all brokers in one pass). */
function replicasByBroker(dump: StateDump | null): Map<string, ReplicaView[]> {
  const out = new Map<string, ReplicaView[]>();
  for (const row of allPartitions(dump)) {
    row.p.replicas.forEach((b, index) => {
      const k = String(b);
      let l = out.get(k);
      if (!l) { l = []; out.set(k, l); }
      if (!l.some((r) => r.topic === row.topic && r.partition === row.partition)) l.push({ topic: row.topic, partition: row.partition, role: roleOf(row.p, b), index });
    });
  }
  return out;
}

const NONE: ReplicaView[] = [];

interface BrokerProps { id: string; dump: StateDump; reps: ReplicaView[]; L: Layout; color: (t: string) => string; t: T; isolated: boolean; hls: readonly string[]; onPick: (s: { broker: string; topic?: string; partition?: number }) => void; onMenu: (broker: string, e: React.MouseEvent) => void; sig: string }

/** What a broker box shows; the box re-renders only when this changes (the dump changes at every position). */
function brokerSig(dump: StateDump, id: string, reps: ReplicaView[], isolated: boolean, lang: string): string {
  const rs = reps.map((r) => `${r.topic}-${r.partition}:${r.role}`).join(',');
  const fenced = quorumOf(dump)?.fencedBrokers?.includes(Number(id)) ?? false;
  return `${lang}|${dump.brokers[id].status}|${dump.controller.id}|${dump.controller.epoch}|${fenced}|${isolated}|${rs}`;
}

const Broker = memo(BrokerBox, (a, b) => a.sig === b.sig && a.L === b.L && a.color === b.color && a.onPick === b.onPick && a.onMenu === b.onMenu);

function BrokerBox({ id, dump, reps, L, color, t, isolated, hls, onPick, onMenu }: BrokerProps) {
  const status = dump.brokers[id].status;
  const isController = dump.controller.id === Number(id);
  const fenced = quorumOf(dump)?.fencedBrokers?.includes(Number(id)) ?? false;
  const x0 = L.x(id) - L.bw / 2;
  const cols = Math.max(1, Math.floor((L.bw - 8) / 38));
  const maxRows = 7;
  const shown = reps.slice(0, cols * maxRows);
  return (
    <g className={`broker broker-${status}${fenced ? ' broker-fenced' : ''}${hl(isHighlighted(hls, `brokers.${id}`))}`} data-broker={id} data-testid={`broker-${id}`}>
      <rect x={x0} y={TOP} width={L.bw} height={BOX_H} rx={6} className="broker-box" onClick={(e) => { onPick({ broker: id }); onMenu(id, e); }}>
        <title>{t('pickBroker')}</title>
      </rect>
      <text x={x0 + 6} y={TOP + 15} className="broker-name">Broker {id}</text>
      <text x={x0 + 6} y={TOP + 28} className={`broker-status status-${status}`}>{t(statusKey(status))}{fenced ? ` · ${t('fenced')}` : ''}{isolated ? ` · ✂ ${t('isolated')}` : ''}</text>
      {isController && (
        <g className={`controller-badge${hl(isHighlighted(hls, 'controller'))}`} data-testid="controller-badge">
          <rect x={x0 + 2} y={TOP - 18} width={L.bw - 4} height={15} rx={7} />
          <text x={x0 + L.bw / 2} y={TOP - 7} textAnchor="middle">★ {t('controllerBadge', { epoch: dump.controller.epoch })}</text>
        </g>
      )}
      {shown.map((r, k) => {
        const cx = x0 + 12 + (k % cols) * 38;
        const cy = TOP + 44 + Math.floor(k / cols) * 18;
        return (
          <g key={`${r.topic}-${r.partition}`} className={`replica role-${r.role}${hl(replicaHighlighted(hls, r.topic, r.partition, id, r.role))}`} data-replica={`${r.topic}-${r.partition}`} data-role={r.role}
            onClick={() => onPick({ broker: id, topic: r.topic, partition: r.partition })}
            role="button" tabIndex={0} aria-label={`${r.topic}-${r.partition}, Broker ${id}`}
            onKeyDown={(e) => { if (e.key === 'Enter') onPick({ broker: id, topic: r.topic, partition: r.partition }); }}>
            <title>{`${r.topic}-${r.partition}: ${t(r.role === 'leader' ? 'roleLeader' : r.role === 'follower' ? 'roleFollower' : r.role === 'outOfSync' ? 'roleOutOfSync' : 'offline')}`}</title>
            <ReplicaGlyph role={r.role} color={color(r.topic)} x={cx} y={cy} size={11} />
            <text x={cx + 8} y={cy + 3.5} className="replica-label">{`${r.topic.length > 4 ? r.topic.slice(0, 3) + '…' : r.topic}-${r.partition}`}</text>
          </g>
        );
      })}
      {reps.length > shown.length && <text x={x0 + 6} y={TOP + BOX_H - 6} className="muted-text">+{reps.length - shown.length}</text>}
      {reps.length === 0 && <text x={x0 + 6} y={TOP + 50} className="muted-text">{t('noReplicas')}</text>}
    </g>
  );
}

function Metadata({ dump, L, t, mode }: { dump: StateDump; L: Layout; t: T; mode: string }) {
  const w = 270, x0 = L.W / 2 - w / 2;
  const hls = useStore(highlights);
  if (mode === 'kraft') {
    const q = quorumOf(dump);
    return (
      <g className="metadata kraft" data-testid="kraft">
        <rect x={x0} y={8} width={w} height={88} rx={8} className="meta-box" />
        <text x={x0 + 8} y={24} className="meta-title">{t('kraftQuorum')}{q?.metadataLogEndOffset !== undefined ? ` · ${t('metadataLog', { n: q.metadataLogEndOffset })}` : ''}</text>
        {L.voters.map((id) => {
          const v = q!.voters[id];
          const [cx, cy] = voterPos(id, L);
          const leader = v.role === 'leader';
          return (
            <g key={id} className={`voter voter-${v.role} status-${v.status}${hl(isHighlighted(hls, `quorum.voters.${id}`))}`} data-voter={id}>
              <circle cx={cx} cy={cy} r={12} className={leader ? 'voter-leader' : 'voter-follower'} />
              <text x={cx} y={cy + 3.5} textAnchor="middle" className="voter-id">{id}</text>
              <text x={cx} y={cy + 24} textAnchor="middle" className="voter-role">{leader ? `★ ${t('activeController')}` : v.status !== 'online' ? t(statusKey(v.status)) : ''}</text>
            </g>
          );
        })}
        {!q && <text x={x0 + 8} y={46} className="meta-line">{dump.controller.id === null ? t('noController') : `★ ${dump.controller.id} · ${t('controllerBadge', { epoch: dump.controller.epoch })}`}</text>}
      </g>
    );
  }
  const nodes = znodes(dump);
  const prio = (p: string) => (p === '/controller' ? 0 : p === '/controller_epoch' ? 1 : p.startsWith('/brokers/ids') ? 2 : 3);
  const shown = [...nodes].sort((a, b) => prio(a[0]) - prio(b[0]) || a[0].localeCompare(b[0])).slice(0, 4);
  return (
    <g className="metadata zookeeper" data-testid="zookeeper">
      <rect x={x0} y={8} width={w} height={88} rx={8} className="meta-box" />
      <text x={x0 + 8} y={24} className="meta-title">{t('zookeeper')} · {nodes.length} {t('znodes')}</text>
      {shown.map(([p, d], i) => (
        <text key={p} x={x0 + 8} y={40 + i * 13} className={`znode${hl(isHighlighted(hls, `zookeeper.${p}`))}`}>{`${p}${d && d !== 'undefined' ? ' = ' + (d.length > 28 ? d.slice(0, 27) + '…' : d) : ''}`}</text>
      ))}
    </g>
  );
}

const colorCache = new Map<string, (t: string) => string>();
/** One colour function per set of topics, so memoised boxes see the same function. */
function colorFor(key: string): (t: string) => string {
  let c = colorCache.get(key);
  if (!c) { c = topicColors(key ? key.split('\n') : []); colorCache.set(key, c); }
  return c;
}

export function ClusterView() {
  const t = useT();
  const lang = useLang();
  const dump = useStore((s) => s.dump);
  const events = useStore((s) => s.events);
  const cursor = useStore((s) => s.cursor);
  const prev = useStore((s) => s.prevCursor);
  const playing = useStore((s) => s.playing);
  const reduced = useStore((s) => s.prefs.reducedMotion);
  const speed = useStore((s) => s.prefs.speed);
  const mode = useStore((s) => s.scenario?.mode ?? 'zookeeper');
  const select = useStore((s) => s.select);
  const [menu, setMenu] = useState<MenuAt | null>(null);
  const openMenu = useCallback((broker: string, e: React.MouseEvent) => {
    const fig = (e.currentTarget as Element).closest('figure');
    const r = fig?.getBoundingClientRect();
    // keep the menu inside the figure (it is one or two rows of buttons)
    const x = r ? Math.min(e.clientX - r.left, r.width - 250) : 0;
    const y = r ? Math.min(e.clientY - r.top, r.height - 70) : 0;
    setMenu({ broker, x: Math.max(0, x), y: Math.max(0, y) });
  }, []);
  const closeMenu = useCallback(() => setMenu(null), []);
  const canAct = useStore((s) => s.controls === 'full');
  const ids = brokerIds(dump);
  const voters = Object.keys(quorumOf(dump)?.voters ?? {}).sort((a, b) => Number(a) - Number(b));
  const L = useMemo(() => layout(ids, voters), [ids.join(','), voters.join(',')]); // eslint-disable-line react-hooks/exhaustive-deps
  const cut = useMemo(() => cutLinks(dump, events, cursor), [dump, events, cursor]);
  const byBroker = useMemo(() => replicasByBroker(dump), [dump]);
  const hls = useStore(highlights);
  if (!dump) return null;
  const color = colorFor(topicNames(dump).join('\n'));
  const flights = !reduced && cursor - prev <= 40 ? flightsBetween(events, prev, cursor) : [];
  const meta = mode === 'kraft' ? (dump.controller.id !== null ? `controller-${dump.controller.id}` : 'controller') : 'zookeeper';
  const urp = underReplicatedCount(dump);
  const dur = Math.max(0.15, Math.min(1.2, (playing ? 0.6 : 0.8) / Math.sqrt(speed)));
  const pairs: [string, string][] = [];
  for (let i = 0; i < ids.length; i++) for (let j = i + 1; j < ids.length; j++) pairs.push([ids[i], ids[j]]);
  return (
    <figure className="view cluster-view" aria-label={t('clusterAria')}>
      <svg viewBox={`0 0 ${L.W} ${H}`} role="group" aria-label={t('clusterAria')} preserveAspectRatio="xMidYMin meet">
        <g className="links">
          {ids.map((b) => {
            const c = isCut(cut, `broker-${b}`, meta);
            return <path key={`m${b}`} d={linkPath(meta, `broker-${b}`, L)} className={c ? 'link cut' : 'link'} data-cut={c || undefined} />;
          })}
          {ids.map((b) => <path key={`p${b}`} d={linkPath('producer-1', `broker-${b}`, L)} className={isCut(cut, 'producer-1', `broker-${b}`) ? 'link client cut' : 'link client'} />)}
          {pairs.map(([a, b]) => {
            const c = isCut(cut, `broker-${a}`, `broker-${b}`);
            return <path key={`${a}-${b}`} d={linkPath(`broker-${a}`, `broker-${b}`, L)} className={c ? 'link peer cut' : 'link peer'} data-cut={c || undefined} />;
          })}
        </g>
        <Metadata dump={dump} L={L} t={t} mode={mode} />
        {urp > 0 && <text x={L.W - 8} y={TOP - 24} textAnchor="end" className="urp" data-testid="urp">⚠ {t('urpCount', { n: urp })}</text>}
        <g className="client-node">
          <circle cx={42} cy={52} r={24} className="producer-node" />
          <text x={42} y={56} textAnchor="middle">{t('producer')}</text>
        </g>
        {Object.keys(dump.consumers ?? {}).length > 0 && (
          <g className="client-node" data-testid="consumers-node">
            <circle cx={L.W - 42} cy={52} r={24} className="producer-node" />
            <text x={L.W - 42} y={50} textAnchor="middle">{t('consumers')}</text>
            <text x={L.W - 42} y={61} textAnchor="middle">{Object.keys(dump.consumers).length}</text>
          </g>
        )}
        {ids.map((b) => {
          const iso = cut.has(`broker-${b}|*`);
          const reps = byBroker.get(b) ?? NONE;
          return <Broker key={b} id={b} dump={dump} reps={reps} L={L} color={color} t={t} isolated={iso} hls={hls} onPick={select} onMenu={openMenu} sig={`${brokerSig(dump, b, reps, iso, lang)}|${hls.join(',')}`} />;
        })}
        <g className="flights">
          {flights.map((e) => (
            <circle key={e.seq} r={4} className={`flight api-${String(e.api)}`}>
              <animateMotion dur={`${dur}s`} fill="freeze" path={linkPath(String(e.from), String(e.to), L)} />
            </circle>
          ))}
        </g>
      </svg>
      {menu && canAct && dump.brokers[menu.broker] && <BrokerMenu at={menu} onClose={closeMenu} />}
      <Legend topics={topicNames(dump)} color={color} />
    </figure>
  );
}
