// What moves over the cluster stage: countdown rings on simulated time, and the beat playing now (a broker going
// down, a session expiring, the race for /controller, the controller's ISR card, requests in flight, the leader
// mark moving, fencing, a zombie, a write bouncing). D3 computes arcs, easing and interpolation; React renders.
import { arc as d3arc, easeCubicInOut, interpolateNumber } from 'd3';
import type { StateDump } from '../../scenario/types';
import { useStageT, type ST } from '../i18n/stage';
import { useTxnT } from '../i18n/txn';
import type { ReplicaView } from '../selectors';
import { currentBeat, posNow, progressOf, traceCountdowns, useStage } from '../stage/director';
import { anchor, replicaAt, textW, type StageLayout } from '../stage/layout';
import { countdownsAt, remaining, type Countdown } from '../stage/timers';
import type { Beat, BeatOf, Scene } from '../stage/types';
import { useStore } from '../store';

/** x and anchor for a label that must stay inside the stage (0..W). */
function fit(x: number, text: string, W: number, anchor: 'start' | 'middle' | 'end' = 'start'): { x: number; textAnchor: 'start' | 'end' } {
  const w = textW(text);
  const left = anchor === 'start' ? x : anchor === 'middle' ? x - w / 2 : x - w;
  const l = Math.max(4, Math.min(W - 4 - w, left));
  return { x: l, textAnchor: 'start' };
}

const ring = d3arc<{ end: number }>()
  .innerRadius(10)
  .outerRadius(14)
  .startAngle(0)
  .endAngle((d) => d.end);
const secs = (ms: number) => (ms / 1000).toFixed(ms % 1000 === 0 ? 0 : 1);

/** The trace position and simulated time the overlay shows at a scene position (clock beats move the time). */
export function displayAt(scene: Scene | null, pos: number, cursor: number, dumpTime: number): { idx: number; time: number } {
  if (!scene) return { idx: cursor, time: dumpTime };
  let idx = scene.lo,
    time = scene.timeLo;
  scene.beats.forEach((b, k) => {
    const p = progressOf(pos, k);
    if (p <= 0) return;
    idx = p >= 1 ? b.at : b.at - 1;
    if (b.kind === 'clock') time = b.from + (b.to - b.from) * p;
  });
  return { idx, time };
}

/** Where a session / heartbeat countdown is drawn: on the broker's link to ZooKeeper or the active controller. */
function ringPos(L: StageLayout, dump: StateDump, c: Countdown, byBroker: Map<string, ReplicaView[]>): [number, number] | null {
  if (c.kind === 'replicaLag') return replicaAt(L, byBroker, c.broker, c.tp ?? '');
  const box = L.boxes.get(String(c.broker));
  if (!box) return null;
  const meta = c.kind === 'heartbeat' && dump.controller.id !== null ? anchor(L, `controller-${dump.controller.id}`) : anchor(L, 'zookeeper');
  const bx = box.x + box.w / 2,
    by = box.y;
  return [meta[0] + (bx - meta[0]) * 0.55, meta[1] + (by - meta[1]) * 0.55];
}

function CountdownRing({ c, at, time, L, st }: { c: Countdown; at: [number, number]; time: number; L: StageLayout; st: ST }) {
  const frac = remaining(c, time);
  const left = Math.max(0, c.deadline - time);
  const lag = c.kind === 'replicaLag';
  const title = st(c.kind === 'zkSession' ? 'timerSession' : c.kind === 'heartbeat' ? 'timerHeartbeat' : 'timerLag', { s: secs(c.timeoutMs) });
  const label = `${title} · ${left > 0 ? st('timerLeft', { s: (left / 1000).toFixed(1) }) : st('timerChecking')}`;
  const box = L.boxes.get(String(c.broker))!;
  const [tx, ty] = lag ? [box.x + 4, box.y + box.h + 29] : [at[0] + 18, at[1] + 4];
  const pos = fit(tx, label, L.W);
  return (
    <g className={`countdown countdown-${c.kind}`} data-testid="countdown" data-kind={c.kind} data-broker={c.broker} data-remaining={frac.toFixed(3)}>
      <g transform={`translate(${at[0]},${at[1]})${lag ? ' scale(0.8)' : ''}`}>
        <circle r={12} className="countdown-track" />
        <path d={ring({ end: 2 * Math.PI * frac }) ?? ''} className="countdown-arc" />
      </g>
      <text {...pos} y={ty} className="countdown-label">
        {label}
      </text>
    </g>
  );
}

export function StageOverlay({
  dump,
  L,
  byBroker,
  color,
  abbr,
}: {
  dump: StateDump;
  L: StageLayout;
  byBroker: Map<string, ReplicaView[]>;
  color: (t: string) => string;
  abbr: Map<string, string>;
}) {
  const st = useStageT();
  const reduced = useStore((s) => s.prefs.reducedMotion);
  const cursor = useStore((s) => s.cursor);
  const events = useStore((s) => s.events);
  const scenario = useStore((s) => s.scenario);
  useStage((s) => (s.scene ? s.now : -1));
  const stage = useStage.getState();
  const pos = posNow(stage);
  const cur = currentBeat(stage);
  const { idx, time } = displayAt(stage.scene, pos, cursor, dump.time);
  // a countdown that is running out right now is drawn by its beat (expired / fenced), not twice
  const firing = cur && (cur.beat.kind === 'expired' || cur.beat.kind === 'fenced') ? cur.beat.at : -2;
  const running = countdownsAt(traceCountdowns({ events, scenario }), idx).filter((c) => c.toIdx !== firing);
  return (
    <g className="overlay">
      {running.map((c, k) => {
        const at = ringPos(L, dump, c, byBroker);
        return at ? <CountdownRing key={`${c.kind}${c.broker}${c.tp ?? ''}${k}`} c={c} at={at} time={time} L={L} st={st} /> : null;
      })}
      {cur && <BeatView beat={cur.beat} p={cur.p} dump={dump} L={L} byBroker={byBroker} color={color} abbr={abbr} st={st} reduced={reduced} />}
    </g>
  );
}

interface BeatProps {
  p: number;
  dump: StateDump;
  L: StageLayout;
  byBroker: Map<string, ReplicaView[]>;
  color: (t: string) => string;
  abbr: Map<string, string>;
  st: ST;
  reduced: boolean;
}

function BeatView({ beat, ...props }: BeatProps & { beat: Beat }) {
  switch (beat.kind) {
    case 'down':
      return <Down beat={beat} {...props} />;
    case 'up':
      return <Up beat={beat} {...props} />;
    case 'expired':
    case 'fenced':
      return <Expired beat={beat} {...props} />;
    case 'controller':
      return beat.kraft ? null : <Race beat={beat} {...props} />;
    case 'isr':
      return <IsrCard beat={beat} {...props} />;
    case 'isrMore':
      return <IsrMore beat={beat} {...props} />;
    case 'leaderMove':
      return <LeaderMoves beat={beat} {...props} />;
    case 'zombie':
      return <Zombie beat={beat} {...props} />;
    case 'bounce':
      return <Bounce beat={beat} {...props} />;
    case 'flight':
      return <Flights beat={beat} {...props} />;
    default:
      return null;
  }
}

function Down({ beat, p, L, st }: BeatProps & { beat: BeatOf<'down'> }) {
  const box = L.boxes.get(String(beat.broker));
  if (!box) return null;
  const g = 4 + 8 * p;
  const key =
    ({ crashed: 'downCrashed', powerLoss: 'downPowerLoss', paused: 'downPaused', stopped: 'downStopped', isolated: 'downIsolated' } as const)[
      beat.how as 'crashed'
    ] ?? 'downCrashed';
  return (
    <g className="beat-down" data-testid="beat-down" opacity={1 - p * 0.6}>
      <rect x={box.x - g} y={box.y - g} width={box.w + 2 * g} height={box.h + 2 * g} rx={8} className="pulse danger" />
      <text {...fit(box.x + box.w / 2, `✕ ${st(key)}`, L.W, 'middle')} y={box.y + box.h + 30} className="beat-label danger-text">
        ✕ {st(key)}
      </text>
    </g>
  );
}

function Up({ beat, p, L, st }: BeatProps & { beat: BeatOf<'up'> }) {
  const box = L.boxes.get(String(beat.broker));
  if (!box) return null;
  const g = 10 - 6 * p;
  const text = `✓ ${st(beat.from === 'paused' ? 'upResumed' : 'upRestarted')}`;
  return (
    <g className="beat-up" data-testid="beat-up" opacity={1 - p * 0.5}>
      <rect x={box.x - g} y={box.y - g} width={box.w + 2 * g} height={box.h + 2 * g} rx={8} className="pulse ok" />
      <text {...fit(box.x + box.w / 2, text, L.W, 'middle')} y={box.y + box.h + 30} className="beat-label ok-fill">
        {text}
      </text>
    </g>
  );
}

function Expired({ beat, p, dump, L, byBroker, st }: BeatProps & { beat: BeatOf<'expired'> | BeatOf<'fenced'> }) {
  const box = L.boxes.get(String(beat.broker));
  if (!box) return null;
  const lag = beat.kind === 'expired' && beat.timer === 'replicaLag';
  const meta = beat.kind === 'fenced' ? anchor(L, `controller-${beat.controller}`) : anchor(L, 'zookeeper');
  const at: [number, number] | null = lag
    ? replicaAt(L, byBroker, beat.broker, beat.tp ?? '')
    : [meta[0] + (box.x + box.w / 2 - meta[0]) * 0.55, meta[1] + (box.y - meta[1]) * 0.55];
  if (!at) return null;
  const cfg = useStore.getState().scenario?.config ?? {};
  const s = (k: string, d: number) => secs(Number(cfg[k] ?? d));
  const label =
    beat.kind === 'fenced'
      ? st('fencedFlash', { s: s('broker.session.timeout.ms', 9000) })
      : lag
        ? st('expiredLag', { s: s('replica.lag.time.max.ms', 30000) })
        : st('expiredSession');
  void dump;
  return (
    <g className="beat-expired" data-testid="beat-expired">
      <circle cx={at[0]} cy={at[1]} r={12 + 14 * p} className="pulse danger" opacity={1 - p} />
      <circle cx={at[0]} cy={at[1]} r={12} className="countdown-track" />
      <text x={at[0]} y={at[1] + 5} textAnchor="middle" className="danger-text beat-label">
        ✕
      </text>
      <text
        {...fit(lag ? box.x + 4 : at[0] + 18, label, L.W)}
        y={lag ? box.y + box.h + 29 : at[1] + 4}
        className="beat-label danger-text"
        opacity={Math.min(1, p * 4)}
      >
        {label}
      </text>
    </g>
  );
}

/** Brokers whose /controller watch fired race to create it; the winner's badge travels down from ZooKeeper. */
function Race({ beat, p, L, st, reduced }: BeatProps & { beat: BeatOf<'controller'> }) {
  const zk = anchor(L, 'zookeeper');
  const race = Math.min(1, p / 0.45),
    back = Math.max(0, Math.min(1, (p - 0.45) / 0.2)),
    fly = Math.max(0, Math.min(1, (p - 0.55) / 0.45));
  const win = L.boxes.get(String(beat.to));
  const e = easeCubicInOut(fly);
  const bx = win ? win.x + win.w / 2 : zk[0],
    by = win ? win.y - 10 : zk[1];
  const badgeX = interpolateNumber(zk[0], bx)(reduced ? 1 : e),
    badgeY = interpolateNumber(zk[1] + 8, by)(reduced ? 1 : e);
  return (
    <g className="beat-race" data-testid="beat-race">
      {beat.contenders.map((c) => {
        const [x, y] = anchor(L, `broker-${c}`);
        const won = c === beat.to;
        const reach = won ? 1 : 0.8 * (1 - back);
        const k = easeCubicInOut(race) * reach;
        const ex = x + (zk[0] - x) * k,
          ey = y + (zk[1] - y) * k;
        return (
          <g key={c} className={won ? 'race-won' : 'race-lost'}>
            <line x1={x} y1={y} x2={ex} y2={ey} className={won ? 'race-arrow' : 'race-arrow lost'} />
            <circle cx={ex} cy={ey} r={4} className={won ? 'flight' : 'flight lost'} />
            {(() => {
              const text = won ? (p < 0.45 ? st('raceCreate') : st('raceWon', { b: c })) : p < 0.45 ? st('raceCreate') : st('raceLost');
              return (
                <text {...fit(x + (x < zk[0] ? -8 : 8), text, L.W, x < zk[0] ? 'end' : 'start')} y={y - 8} className="beat-label">
                  {text}
                </text>
              );
            })()}
          </g>
        );
      })}
      {fly > 0 && (
        <g className="moving-badge" data-testid="moving-badge" transform={`translate(${badgeX},${badgeY})`} opacity={reduced ? fly : 1}>
          <rect x={-62} y={-9} width={124} height={17} rx={8} className="badge-fill" />
          <text x={0} y={4} textAnchor="middle" className="badge-text">
            ★ epoch {beat.epochTo}
          </text>
        </g>
      )}
      <text
        {...fit(L.meta.x + 8, st('epochTick', { a: beat.epochFrom, b: beat.epochTo }), L.W)}
        y={L.meta.y + L.meta.h + 30}
        className="beat-label strong"
        opacity={fly}
      >
        {st('epochTick', { a: beat.epochFrom, b: beat.epochTo })}
      </text>
    </g>
  );
}

function cardAt(L: StageLayout, beat: { controller: number; kraft: boolean }, w: number): [number, number] {
  // beside the metadata panel when there is room (nothing else lives there)
  if (L.meta.x + L.meta.w + 12 + w <= L.W) return [L.W - w - 6, L.meta.y];
  const left = L.producer.x + L.producer.r + 10;
  if (L.meta.x - 8 - left >= w) return [L.meta.x - 8 - w, L.meta.y];
  if (beat.kraft) {
    const v = L.voters.get(String(beat.controller));
    const x = (v?.[0] ?? L.meta.x + L.meta.w / 2) - w / 2;
    return [Math.max(4, Math.min(L.W - w - 4, x)), L.meta.y + L.meta.h + 4];
  }
  const box = L.boxes.get(String(beat.controller));
  if (!box) return [4, L.meta.y + L.meta.h + 4];
  // else beside the controller
  if (box.x + box.w + 8 + w <= L.W) return [box.x + box.w + 8, box.y + 4];
  if (box.x - 8 - w >= 0) return [box.x - 8 - w, box.y + 4];
  return [Math.max(4, Math.min(L.W - w - 4, box.x)), box.y + box.h + 4];
}

/**
 * The controller's card: the partition's replicas in assignment order, those in the ISR underlined; the dead are
 * struck out and the first replica that is alive and in the ISR is circled (Election.leaderForOffline).
 */
function IsrCard({ beat, p, L, st, reduced }: BeatProps & { beat: BeatOf<'isr'> }) {
  const tt = useTxnT();
  const elr = beat.elr;
  const w = elr ? 340 : 300,
    h = 104;
  const [x, y] = cardAt(L, beat, w);
  const slide = reduced ? 0 : (1 - easeCubicInOut(Math.min(1, p / 0.2))) * 24;
  const strike = Math.max(0, Math.min(1, (p - 0.25) / 0.2));
  const choose = Math.max(0, Math.min(1, (p - 0.5) / 0.2));
  const list = beat.replicas.length ? beat.replicas : beat.before.isr;
  const b = beat.after.leader;
  const choice =
    b === null
      ? elr
        ? tt('isrWaitElr')
        : st('isrNone')
      : beat.reason === 'elr'
        ? tt('isrFromElr', { b })
        : beat.reason === 'unclean'
          ? st('isrUnclean', { b })
          : beat.reason === 'preferred'
            ? st('isrPreferred', { b })
            : beat.reason === 'controlledShutdown'
              ? st('isrShutdown', { b })
              : st('isrChoose', { b });
  const label = elr ? tt('isrReplicasElr') : st('isrReplicas');
  const ix = (k: number) => x + 22 + textW(label) + k * 28;
  return (
    <g className="isr-card" data-testid="isr-card" transform={`translate(${slide},0)`} opacity={Math.min(1, p * 6)}>
      {(() => {
        const c = beat.kraft ? L.voters.get(String(beat.controller)) : anchor(L, `broker-${beat.controller}`);
        return c ? <line x1={c[0]} y1={c[1]} x2={Math.max(x, Math.min(x + w, c[0]))} y2={c[1] < y ? y : y + h} className="card-leash" /> : null;
      })()}
      <rect x={x} y={y} width={w} height={h} rx={6} className="card" />
      <text x={x + 8} y={y + 16} className="card-title">
        {st('isrCard', { c: beat.controller, tp: beat.tp })}
      </text>
      <text x={x + 8} y={y + 32} className="card-line">
        {beat.before.leader === null ? st('isrNoLeader') : st('isrLeader', { b: beat.before.leader })} · ISR [{beat.before.isr.join(', ')}] ·{' '}
        {elr && <tspan data-testid="isr-card-elr">{`${tt('isrElr', { list: elr.before.join(', ') })} · `}</tspan>}
        {st('isrEpoch', { e: beat.before.epoch })}
      </text>
      <text x={x + 8} y={y + 54} className="card-line">
        {label}
      </text>
      {list.map((r, k) => {
        const inIsr = beat.before.isr.includes(r);
        const dead = beat.struck.includes(r);
        const chosen = r === b;
        return (
          <g key={r} data-isr-item={r} data-struck={dead && strike > 0 ? 'true' : undefined} data-chosen={chosen && choose > 0 ? 'true' : undefined}>
            <text x={ix(k)} y={y + 54} textAnchor="middle" className={`isr-item${inIsr ? '' : ' outside'}`}>
              {r}
            </text>
            {inIsr && <line x1={ix(k) - 6} x2={ix(k) + 6} y1={y + 58} y2={y + 58} className="isr-underline" />}
            {!inIsr && elr?.before.includes(r) && (
              <line x1={ix(k) - 6} x2={ix(k) + 6} y1={y + 58} y2={y + 58} className="isr-underline" strokeDasharray="2 2" data-elr="true" />
            )}
            {dead && strike > 0 && <line x1={ix(k) - 8} x2={ix(k) - 8 + 16 * strike} y1={y + 50} y2={y + 50} className="strike" />}
            {chosen && choose > 0 && <circle cx={ix(k)} cy={y + 50} r={10} className="chosen-ring" strokeDasharray={`${63 * choose} 63`} />}
          </g>
        );
      })}
      {choose > 0 && (
        <text x={x + 8} y={y + 76} className="card-line strong" opacity={choose}>
          {choice}
        </text>
      )}
      {choose > 0 && (
        <text x={x + 8} y={y + 93} className="card-line" opacity={choose}>
          {st('leaderEpoch', { a: beat.before.epoch, b: beat.after.epoch })}
        </text>
      )}
    </g>
  );
}

function IsrMore({ beat, p, L, st }: BeatProps & { beat: BeatOf<'isrMore'> }) {
  const [x, y] = cardAt(L, beat, 260);
  return (
    <text {...fit(x + 6, st('isrMore', { n: beat.count }), L.W)} y={y + 16} className="beat-label strong" opacity={Math.min(1, p * 3)} data-testid="isr-more">
      {st('isrMore', { n: beat.count })}
    </text>
  );
}

/** The leader mark (a solid square) travels from the old leader's slot to the new one's; the epoch rides along. */
function LeaderMoves({ beat, p, L, byBroker, color, st, reduced }: BeatProps & { beat: BeatOf<'leaderMove'> }) {
  const e = easeCubicInOut(p);
  return (
    <g className="leader-moves" data-testid="leader-move">
      {beat.moves.slice(0, 60).map((m, k) => {
        const a = replicaAt(L, byBroker, m.from, m.tp),
          b = replicaAt(L, byBroker, m.to, m.tp);
        if (!a && !b) return null;
        const from = a ?? b!,
          to = b ?? a!;
        const t = reduced ? 1 : e;
        const x = interpolateNumber(from[0], to[0])(t),
          y = interpolateNumber(from[1], to[1])(t) - Math.sin(Math.PI * t) * 36;
        const opacity = reduced ? p : !b ? 1 - p : !a ? p : 1;
        const c = color(m.tp.slice(0, m.tp.lastIndexOf('-')));
        return (
          <g key={m.tp} className="leader-mark" data-testid="leader-mark" data-tp={m.tp} transform={`translate(${x},${y})`} opacity={opacity}>
            <rect x={-7} y={-7} width={14} height={14} rx={1.5} fill={c} stroke="var(--fg)" strokeWidth={1.5} />
            {k < 2 && (
              <text x={10} y={-12} className="beat-label strong" opacity={1 - Math.max(0, (p - 0.8) / 0.2)}>
                {st('leaderEpoch', { a: m.epochFrom, b: m.epochTo })}
              </text>
            )}
          </g>
        );
      })}
    </g>
  );
}

function Zombie({ beat, p, L, st }: BeatProps & { beat: BeatOf<'zombie'> }) {
  const box = L.boxes.get(String(beat.broker));
  if (!box) return null;
  return (
    <g className="beat-zombie" data-testid="beat-zombie">
      <rect x={box.x - 2} y={box.y - 22} width={box.w + 4} height={22} rx={10} className="pulse warn" opacity={1 - p} />
      <text
        {...fit(box.x + box.w / 2, st('zombieFlash', { b: beat.broker, epoch: beat.epoch }), L.W, 'middle')}
        y={box.y + box.h + 30}
        className="beat-label warn-text"
        opacity={Math.min(1, p * 4)}
      >
        {st('zombieFlash', { b: beat.broker, epoch: beat.epoch })}
      </text>
    </g>
  );
}

/** A write refused (an old controller epoch, a znode version that moved): the dot goes and comes back. */
function Bounce({ beat, p, L, st, reduced }: BeatProps & { beat: BeatOf<'bounce'> }) {
  const [x1, y1] = anchor(L, beat.from),
    [x2, y2] = anchor(L, beat.to);
  const k = reduced ? 0.8 : p < 0.5 ? 0.8 * easeCubicInOut(p * 2) : 0.8 * (1 - easeCubicInOut((p - 0.5) * 2));
  const x = x1 + (x2 - x1) * k,
    y = y1 + (y2 - y1) * k;
  return (
    <g className="beat-bounce" data-testid="beat-bounce">
      <circle cx={x} cy={y} r={5} className="flight lost" />
      {(() => {
        const text = beat.count > 1 ? st('bounceTimes', { error: beat.error, n: beat.count }) : st('bounce', { error: beat.error });
        return (
          <text {...fit(x1 + (x2 - x1) * 0.8 + 8, text, L.W)} y={y1 + (y2 - y1) * 0.8} className="beat-label danger-text" opacity={p > 0.4 ? 1 : 0}>
            {text}
          </text>
        );
      })()}
    </g>
  );
}

/** Requests in flight: dots along the links, labelled with their API. */
function Flights({ beat, p, L, st, reduced }: BeatProps & { beat: BeatOf<'flight'> }) {
  const e = easeCubicInOut(p);
  const label = (api: string) => (api === 'WatchedEvent' ? st('watchFired') : api);
  if (reduced) {
    return (
      <g className="flights-faded">
        {beat.flights.slice(0, 6).map((f, k) => {
          const [x, y] = anchor(L, f.to, f.from);
          return (
            <text key={k} x={x + 6} y={y - 6} className="flight-fade beat-label" opacity={p}>
              {label(f.api)}
            </text>
          );
        })}
      </g>
    );
  }
  const labelled = new Set<string>();
  return (
    <g className="flights">
      {beat.flights.map((f, k) => {
        const [x1, y1] = anchor(L, f.from, f.to),
          [x2, y2] = anchor(L, f.to, f.from);
        let x = x1 + (x2 - x1) * e,
          y = y1 + (y2 - y1) * e;
        const ba = L.boxes.get(f.from.slice(7)),
          bb = L.boxes.get(f.to.slice(7));
        if (f.from.startsWith('broker-') && f.to.startsWith('broker-') && ba && bb && Math.abs(ba.y - bb.y) < 1) {
          // along the curve under the boxes (linkPath's quadratic)
          const yb = ba.y + ba.h,
            cx = (x1 + x2) / 2,
            cy = yb + 16 + Math.abs(x1 - x2) * 0.1;
          x = (1 - e) ** 2 * x1 + 2 * (1 - e) * e * cx + e * e * x2;
          y = (1 - e) ** 2 * yb + 2 * (1 - e) * e * cy + e * e * yb;
        }
        // one label per API: several dots of one request type say it once
        const show = !labelled.has(f.api);
        labelled.add(f.api);
        return (
          <g key={k} className={`flight-dot api-${f.api}`} data-flight={`${f.api}:${f.from}>${f.to}`} transform={`translate(${x},${y})`}>
            <circle r={5} className={`flight api-${f.api}`} />
            {show && (
              <text x={8} y={-6} className="flight-label">
                {label(f.api)}
              </text>
            )}
          </g>
        );
      })}
    </g>
  );
}
