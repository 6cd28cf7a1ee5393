// Replica placement, animated (design/stage.md, "Replica placement"): brokers along the top, the partitions ×
// replicas grid of the article's (i + j) mod n beside Kafka's own (AdminUtils: random start index, a shift that
// grows each time the partitions wrap), cells computed row by row with the numbers filled in, each replica of
// the assignment Kafka used flying into its broker; differences outlined; too many replicas refused.
import { easeCubicInOut, interpolateNumber } from 'd3';
import { useEffect, useMemo } from 'react';
import type { Scenario, SimEvent, StateDump } from '../../scenario/types';
import { useT } from '../i18n';
import { useStageT, type ST } from '../i18n/stage';
import { brokerIds, partitionsOf, racksOf, topicAbbrevs, topicColors, topicNames } from '../selectors';
import { currentBeat, posNow, progressOf, useDirector, useStage } from '../stage/director';
import { textW } from '../stage/layout';
import { kafkaRow, placementModel, refusedModel, seedRow, type PlacementModel } from '../stage/placement';
import type { BeatOf, PlacementRow, Scene } from '../stage/types';
import { cc, highlights, hl, isHighlighted } from '../focus';
import { narrated } from '../lessons/predict';
import { useStore } from '../store';
import { ReplicaGlyph } from './shapes';
import { useWidth } from './useWidth';

/** A creation Kafka refused during the step on screen (it stays on screen for that step). */
function refusedNow(events: SimEvent[], cursor: number, scenario: Scenario | null, dump: StateDump): PlacementModel | null {
  const step = events[cursor]?.step;
  for (let i = Math.min(cursor, events.length - 1); i >= 0 && events[i].step === step; i--) {
    const e = events[i];
    if (e.type !== 'AdminRequestFailed' || e.do !== 'createTopic') continue;
    const s = scenario?.steps[Number(e.index)];
    if (s?.do !== 'createTopic') return null;
    const live = brokerIds(dump)
      .filter((b) => dump.brokers[b].status === 'online')
      .map(Number);
    return refusedModel(String(s.topic), Number(s.partitions ?? 1), Number(s.replicationFactor ?? 1), live, String(e.error));
  }
  return null;
}

/** The model of the topic's creation, from its TopicCreated event (or its replicas when the trace has none). */
function staticModel(events: SimEvent[], cursor: number, dump: StateDump, topic: string): PlacementModel {
  const live = brokerIds(dump).map(Number);
  for (let i = Math.min(cursor, events.length - 1); i >= 0; i--) {
    const e = events[i];
    if (e.type === 'TopicCreated' && e.topic === topic) return placementModel(e, live);
  }
  const assignment = partitionsOf(dump, topic).map((r) => r.p.replicas);
  return placementModel(
    { seq: 0, time: 0, step: 0, type: 'TopicCreated', topic, assignment, replicationFactor: assignment[0]?.length ?? 1, mode: 'explicit' },
    live,
  );
}

/** The model a scene's placeGrid beat describes. */
function sceneModel(scene: Scene, g: BeatOf<'placeGrid'>): PlacementModel {
  if (g.error) return refusedModel(g.topic, g.partitions, g.rf, g.brokers, g.error);
  const rows = (f: (i: number) => PlacementRow) => Array.from({ length: g.partitions }, (_, i) => f(i));
  const explicit =
    g.mode === 'explicit' || g.mode === 'placed'
      ? (scene.beats.filter((b) => b.kind === 'placeRow' && b.topic === g.topic) as BeatOf<'placeRow'>[]).map((b) => b.row)
      : null;
  return {
    topic: g.topic,
    brokers: g.brokers,
    partitions: g.partitions,
    rf: g.rf,
    mode: g.mode,
    startIndex: g.startIndex,
    shift: g.shift,
    error: null,
    seed: rows((i) => seedRow(i, g.rf, g.brokers)),
    kafka: rows((i) => kafkaRow(i, g.rf, g.brokers, g.startIndex, g.shift)),
    explicit,
  };
}

/** How far each grid row has played at a scene position (1 = done); everything is done without a scene. */
type RowProgress = (kafka: boolean, i: number) => number;

export function Placement() {
  const t = useT();
  const st = useStageT();
  const dump = useStore((s) => s.dump);
  const events = useStore((s) => s.events);
  const cursor = useStore((s) => s.cursor);
  const sel = useStore((s) => s.selection);
  const select = useStore((s) => s.select);
  const reduced = useStore((s) => s.prefs.reducedMotion);
  const asking = useStore((s) => narrated(s).asking !== null);
  const hls = useStore(highlights);
  useDirector();
  const scene = useStage((s) => s.scene);
  const grid = scene?.beats.find((b) => b.kind === 'placeGrid') as BeatOf<'placeGrid'> | undefined;
  useStage((s) => (grid && s.scene === scene ? s.now : -1));
  const stage = useStage.getState();
  const playing = !!grid && !!currentBeat(stage);
  const { ref, width, measured } = useWidth(640);
  const topics = topicNames(dump);
  const animTopic = grid?.topic;
  useEffect(() => {
    if (animTopic && topics.includes(animTopic)) select({ topic: animTopic, partition: 0 });
  }, [animTopic]); // eslint-disable-line react-hooks/exhaustive-deps
  const topic = animTopic ?? (sel.topic && topics.includes(sel.topic) ? sel.topic : topics[0]);
  const scenario = useStore((s) => s.scenario);
  const refused = useMemo(() => (dump ? refusedNow(events, cursor, scenario, dump) : null), [events, cursor, scenario, dump]);
  const model = useMemo(
    () => (grid && scene ? sceneModel(scene, grid) : (refused ?? (dump && topic ? staticModel(events, cursor, dump, topic) : null))),
    [grid, scene, refused, dump, topic, events, cursor],
  );
  if (!dump || !model)
    return (
      <section className="view placement-view">
        <p className="muted">{t('noTopic')}</p>
      </section>
    );
  const pos = playing ? posNow(stage) : 0;
  const progress: RowProgress = (kafka, i) => {
    if (!playing || !scene) return 1;
    const k = scene.beats.findIndex((b) => b.kind === 'placeRow' && b.kafka === kafka && b.row.i === i && b.topic === model.topic);
    return k < 0 ? 1 : progressOf(pos, k);
  };
  const diffK = playing && scene ? scene.beats.findIndex((b) => b.kind === 'placeDiff' || b.kind === 'placeError') : -1;
  const showDiff = !playing || (diffK >= 0 && progressOf(pos, diffK) > 0);
  const color = topicColors(topics.length ? topics : [model.topic])(model.topic);
  const abbr = topicAbbrevs([...new Set([...topics, model.topic])]).get(model.topic) ?? model.topic;
  return (
    <section
      className="view placement-view"
      aria-label={t('viewPlacement')}
      ref={ref as React.RefObject<HTMLElement>}
      style={measured ? undefined : { visibility: 'hidden' }}
      data-anim={playing ? 'placement' : undefined}
      data-testid="placement"
    >
      <div className="row">
        <label>
          {t('topicName')}{' '}
          <select value={model.topic} onChange={(e) => select({ topic: e.target.value, partition: 0 })} disabled={playing}>
            {topics.map((tn) => (
              <option key={tn} value={tn}>
                {tn}
              </option>
            ))}
            {!topics.includes(model.topic) && <option value={model.topic}>{model.topic}</option>}
          </select>
        </label>
        {abbr !== model.topic && <span className="hint">{st('legendAbbrev', { a: abbr, topic: model.topic })}</span>}
      </div>
      <h3>{t('placementTitle', { topic: model.topic })}</h3>
      <PlacementStage
        model={model}
        width={width}
        progress={progress}
        showDiff={showDiff}
        color={color}
        abbr={abbr}
        st={st}
        reduced={reduced}
        asking={asking}
        hls={hls}
        racks={racksOf(dump)}
      />
    </section>
  );
}

const CELL_H = 28,
  HEAD = 32,
  SLOT = 46;

interface StageProps {
  model: PlacementModel;
  width: number;
  progress: RowProgress;
  showDiff: boolean;
  color: string;
  abbr: string;
  st: ST;
  reduced: boolean;
  asking: boolean;
  hls: readonly string[];
  /** broker.rack of the brokers, when they have racks */
  racks?: Record<string, string>;
}

function PlacementStage({ model, width, progress, showDiff, color, abbr, st, reduced, asking, hls, racks }: StageProps) {
  const RK = racks ? 14 : 0; // a line for the rack under each broker's name
  const W = Math.max(300, width - 4);
  const n = model.brokers.length;
  // which grid's tokens fly into the brokers: the one Kafka used for this topic
  const actualKafka = model.mode === 'kafka';
  const actual = model.explicit ?? (actualKafka ? model.kafka : model.seed);
  // brokers along the top, with a slot for each replica they receive, in row order
  const bw = Math.max(52, Math.min(150, (W - 8 - (n - 1) * 6) / Math.max(1, n)));
  // a phone with many brokers: short names, so the strip fits the width
  const short = bw < 80;
  const perRow = Math.max(1, Math.floor((bw - 8) / SLOT));
  const landed = new Map<number, { i: number; j: number }[]>();
  for (const r of actual) for (const c of r.cells) if (c.broker !== null) landed.set(c.broker, [...(landed.get(c.broker) ?? []), { i: r.i, j: c.j }]);
  const most = Math.max(1, ...[...landed.values()].map((l) => l.length));
  const bh = 30 + RK + Math.ceil(most / perRow) * 18 + 4;
  const stripW = n * bw + (n - 1) * 6;
  const bx = (k: number) => (W - stripW) / 2 + k * (bw + 6);
  const slotXY = (b: number, i: number, j: number): [number, number] => {
    const k = model.brokers.indexOf(b),
      list = landed.get(b) ?? [];
    const s = list.findIndex((x) => x.i === i && x.j === j);
    return [bx(k) + 12 + (s % perRow) * SLOT, 40 + RK + Math.floor(s / perRow) * 18];
  };
  // the grids: side by side when they fit, else one under the other
  const both = !model.explicit && !model.error && model.kafka.length > 0;
  // wide: each grid with its title and rule above it; narrow (a phone): narrower cells, the rules above both
  const narrow = W < 640;
  const LABEL_W = narrow ? 44 : 96;
  const CELL_W = Math.max(30, Math.min(74, Math.floor((both ? (W - 12 - 2 * (LABEL_W + 6)) / 2 : W - LABEL_W - 8) / model.rf)));
  const gw = narrow ? LABEL_W + model.rf * CELL_W + 6 : Math.max(LABEL_W + model.rf * CELL_W + 24, 300);
  const side = both && 2 * gw + (narrow ? 12 : 24) <= W;
  const rulesH = narrow ? (both ? 34 : 18) : 0;
  const gy = bh + 66 + rulesH;
  const gridH = HEAD + model.seed.length * CELL_H + 40;
  const origin = (kafka: boolean): [number, number] => (kafka && both ? (side ? [gw + (narrow ? 12 : 24), gy] : [0, gy + gridH + 40]) : [0, gy]);
  const H = gy + (both && !side ? 2 * gridH + 40 : gridH) + (model.error ? 40 : 10);
  const cellXY = (kafka: boolean, i: number, j: number): [number, number] => {
    const [ox, oy] = origin(kafka);
    return [ox + LABEL_W + j * CELL_W + CELL_W / 2, oy + HEAD + i * CELL_H + CELL_H / 2];
  };
  // the cell being computed now, for the formula line
  let current: { kafka: boolean; i: number; j: number } | null = null;
  const grids = both ? [false, true] : [false];
  for (const kafka of grids) {
    const rows = kafka ? model.kafka : (model.explicit ?? model.seed);
    for (const r of rows) {
      const p = progress(kafka, r.i);
      if (p > 0 && p < 1) current = { kafka, i: r.i, j: Math.min(model.rf - 1, Math.floor(p * model.rf)) };
    }
  }
  const seedAt = (i: number, j: number) => model.seed[i]?.cells[j]?.broker;
  return (
    <svg width={W} height={H} viewBox={`0 0 ${W} ${H}`} className="placement-stage" role="img" aria-label={st('placeSeedRule')}>
      {model.brokers.map((b, k) => (
        <g key={b} className="place-broker" data-broker={b}>
          <rect x={bx(k)} y={0} width={bw} height={bh} rx={6} className="broker-box" />
          <text x={bx(k) + 6} y={17} className="broker-name">
            {short ? `B${b}` : `Broker ${b}`}
          </text>
          {bw >= 96 && (
            <text x={bx(k) + bw - 6} y={17} textAnchor="end" className="muted-text place-small">
              #{k}
            </text>
          )}
          {racks && (
            <text x={bx(k) + 6} y={31} className="rack-label place-small" data-rack={racks[String(b)] ?? ''}>
              {racks[String(b)] !== undefined ? st('rackOf', { rack: racks[String(b)] }) : st('noRack')}
            </text>
          )}
          {(landed.get(b) ?? []).map(({ i, j }) => {
            const fromActual = progress(actualKafka, i);
            const jt = fromActual * model.rf - j; // > 1: this cell's token has landed
            if (model.error || jt < 1) return null;
            const [x, y] = slotXY(b, i, j);
            return (
              <g key={`${i}-${j}`} className="landed" data-landed={`${i}-${j}`}>
                <ReplicaGlyph role={j === 0 ? 'leader' : 'follower'} color={color} x={x} y={y} size={12} />
                <text x={x + 9} y={y + 4} className="replica-label">{`${abbr}-${i}`}</text>
              </g>
            );
          })}
        </g>
      ))}
      {grids.map((kafka) => {
        const [ox, oy] = origin(kafka);
        const rows = kafka ? model.kafka : (model.explicit ?? model.seed);
        const placed = model.mode === 'placed';
        const title = placed
          ? st(racks ? 'placeRackedTitle' : 'placePlacedTitle')
          : model.explicit
            ? st('placeExplicit')
            : !kafka
              ? st('placeSeedTitle')
              : st('placeKafkaTitle');
        const rule = placed
          ? racks
            ? st('placeRackedRule')
            : ''
          : model.explicit
            ? ''
            : !kafka
              ? st('placeSeedRule')
              : model.mode === 'kafka'
                ? st('placeKafkaRule', { s: model.startIndex, h: model.shift })
                : st('placeKafkaRuleZero');
        return (
          // Kafka's own placement would answer an open prediction about it: dimmed until then
          <g
            key={String(kafka)}
            className={`place-grid${cc(kafka && asking)}`}
            data-testid={kafka ? 'placement-kafka' : 'placement-grid'}
            data-used={(kafka === actualKafka && !model.explicit) || undefined}
          >
            <text x={ox} y={oy - (narrow ? 6 : 22)} className="place-title">
              {narrow && kafka ? 'Kafka' : title}
              {(kafka === actualKafka && !model.explicit) || model.explicit ? ' ◀' : ''}
            </text>
            {narrow ? (
              <text x={0} y={bh + 52 + (kafka ? 16 : 0)} className="place-rule">
                {placed ? rule : `${narrow && kafka ? 'Kafka' : title}: ${rule}`}
              </text>
            ) : (
              <text x={ox} y={oy - 7} className="place-rule">
                {rule}
              </text>
            )}
            {Array.from({ length: model.rf }, (_, j) => (
              <text key={j} x={ox + LABEL_W + j * CELL_W + CELL_W / 2} y={oy + 20} textAnchor="middle" className="place-head">
                {narrow ? `j=${j}` : st('placeReplica', { j })}
              </text>
            ))}
            {rows.map((r) => {
              const p = progress(kafka, r.i);
              const matches = r.cells.every((c) => c.broker === seedAt(r.i, c.j));
              return (
                <g
                  key={r.i}
                  data-row={r.i}
                  className={
                    hl(isHighlighted(hls, `topics.${model.topic}.partitions.${r.i}.replicas`) || isHighlighted(hls, `topics.${model.topic}`)).trim() ||
                    undefined
                  }
                >
                  <text x={ox + 4} y={oy + HEAD + r.i * CELL_H + 20} className="place-head">{`${abbr}-${r.i}`}</text>
                  {r.cells.map((c) => {
                    const lit = p * model.rf - c.j; // > 0: computed
                    const [cx, cy] = cellXY(kafka, r.i, c.j);
                    const diff = kafka && showDiff && c.broker !== seedAt(r.i, c.j);
                    const cur = current && current.kafka === kafka && current.i === r.i && current.j === c.j;
                    return (
                      <g
                        key={c.j}
                        className={`place-cell${lit > 0 ? ' lit' : ''}${diff ? ' diff' : ''}${cur ? ' current' : ''}`}
                        data-cell={`${r.i}-${c.j}`}
                        data-broker={lit > 0 ? (c.broker ?? 'none') : undefined}
                        data-diff={diff || undefined}
                      >
                        <rect x={cx - CELL_W / 2 + 2} y={cy - CELL_H / 2 + 2} width={CELL_W - 4} height={CELL_H - 4} rx={4} />
                        {lit > 0 &&
                          (c.broker === null ? (
                            <text x={cx} y={cy + 4} textAnchor="middle" className="danger-text place-val">
                              ✕
                            </text>
                          ) : (
                            <text x={cx} y={cy + 5} textAnchor="middle" className="place-val">
                              {diff ? '≠ ' : ''}
                              {c.broker}
                            </text>
                          ))}
                      </g>
                    );
                  })}
                  {racks && !model.error && p >= 1 && (
                    <RackCheck racks={racks} row={r} rf={model.rf} x={ox + LABEL_W + model.rf * CELL_W + 6} y={oy + HEAD + r.i * CELL_H + 20} st={st} />
                  )}
                  {!racks && !kafka && !model.error && p >= 1 && model.explicit && !placed && (
                    <text x={ox + LABEL_W + model.rf * CELL_W + 6} y={oy + HEAD + r.i * CELL_H + 20} className={matches ? 'ok-text' : 'muted-text'}>
                      {matches ? '✓' : '≠'}
                    </text>
                  )}
                </g>
              );
            })}
          </g>
        );
      })}
      {current &&
        (() => {
          const rows = current.kafka ? model.kafka : (model.explicit ?? model.seed);
          const c = rows[current.i].cells[current.j];
          const [cx, cy] = cellXY(current.kafka, current.i, current.j);
          const full = formula(model, current.kafka, current.i, current.j, c.broker, st);
          // the symbols first when they fit, else only the numbers; on its own line above the grids, tied to the cell
          const text = textW(full, 12) <= W - 8 ? full : full.slice(full.indexOf(' = ') + 3);
          const fy = bh + 22;
          const fx = Math.max(4, Math.min(W - textW(text, 12) - 4, origin(current.kafka)[0]));
          return (
            <g className="place-formula-line">
              <line x1={cx} y1={cy - CELL_H / 2 + 2} x2={Math.max(fx, Math.min(fx + textW(text, 12), cx))} y2={fy + 4} className="card-leash" />
              <text x={fx} y={fy} className="place-formula" data-testid="place-formula">
                {text}
              </text>
            </g>
          );
        })()}
      {/* tokens in flight: from the cell just computed into its broker */}
      {!model.error &&
        actual.map((r) => {
          const p = progress(actualKafka, r.i);
          if (p <= 0 || p >= 1) return null;
          return r.cells.map((c) => {
            const f = p * model.rf - c.j; // 0..1 while this cell's token flies
            if (c.broker === null || f <= 0 || f >= 1) return null;
            const [x1, y1] = cellXY(actualKafka && !model.explicit, r.i, c.j);
            const [x2, y2] = slotXY(c.broker, r.i, c.j);
            const e = reduced ? 1 : easeCubicInOut(f);
            return (
              <g
                key={`${r.i}-${c.j}`}
                className="place-token"
                data-testid="placement-token"
                data-token={`${r.i}-${c.j}`}
                transform={`translate(${interpolateNumber(x1, x2)(e)},${interpolateNumber(y1, y2)(e)})`}
                opacity={reduced ? f : 1}
              >
                <ReplicaGlyph role={c.j === 0 ? 'leader' : 'follower'} color={color} x={0} y={0} size={14} />
                <text x={10} y={4} className="replica-label strong">{`${abbr}-${r.i}`}</text>
              </g>
            );
          });
        })}
      {showDiff && both && (
        <text x={0} y={H - 8} className="hint-text">
          {model.kafka.some((r) => r.cells.some((c) => c.broker !== seedAt(r.i, c.j))) ? st('placeDiff') : st('placeSame')}
        </text>
      )}
      {model.error && showDiff && (
        <text x={0} y={H - 12} className="danger-text place-error" data-testid="placement-error">
          {st('placeError', { error: model.error, rf: model.rf, n: model.brokers.length })}
        </text>
      )}
    </svg>
  );
}

/** A row's racks: how many distinct ones its replicas sit in (all distinct while there are enough racks). */
function RackCheck({ racks, row, rf, x, y, st }: { racks: Record<string, string>; row: PlacementRow; rf: number; x: number; y: number; st: ST }) {
  const list = row.cells.map((c) => (c.broker === null ? '?' : (racks[String(c.broker)] ?? '–')));
  const distinct = new Set(list).size;
  const enough = new Set(Object.values(racks)).size;
  const ok = distinct === Math.min(rf, enough);
  return (
    <text x={x} y={y} className={ok ? 'ok-text place-small' : 'warn-text place-small'} data-racks={list.join(',')} data-distinct={distinct}>
      {ok ? `✓ ${st('placeRacks', { n: distinct, racks: list.join(' ') })}` : st('placeRacksSame', { n: distinct, rf, racks: list.join(' ') })}
    </text>
  );
}

/** The formula of one cell with the numbers filled in. */
function formula(m: PlacementModel, kafka: boolean, i: number, j: number, broker: number | null, st: ST): string {
  const n = m.brokers.length;
  if (broker === null) return st('placeNoBroker');
  if (m.explicit) return `${st('placeReplica', { j })} → broker ${broker}`;
  if (!kafka) return st('placeFormula', { i, j, n, r: (i + j) % n, b: broker });
  const row = kafkaRow(i, m.rf, m.brokers, m.startIndex, m.shift);
  if (j === 0) return st('placeKafkaFirst', { i, s: m.startIndex, n, r: row.first, b: broker });
  return st('placeKafkaNext', { f: row.first, h: row.shift, k: j - 1, m: n - 1, n, r: row.cells[j].index, b: broker });
}
