// The metadata panel on top of the stage: ZooKeeper's znodes, or the KRaft quorum and its metadata log.
// While a beat writes or deletes a znode (or appends a record), that line comes first and shows it happening.
import { easeCubicOut } from 'd3';
import { useMemo } from 'react';
import type { StateDump } from '../../scenario/types';
import { statusKey, type T } from '../i18n';
import type { ST } from '../i18n/stage';
import { znodes } from '../selectors';
import { useStore } from '../store';
import { highlights, hl, isHighlighted } from '../focus';
import { currentBeat, posNow, useStage } from '../stage/director';
import { znodesAt } from '../stage/display';
import type { StageLayout } from '../stage/layout';
import type { Beat } from '../stage/types';
import { byCodePoint } from '../order';

interface Quorum {
  voters: Record<string, { role: string; epoch: number; status: string }>;
  metadataLogEndOffset?: number;
  fencedBrokers?: number[];
}

export function quorumOf(dump: StateDump | null): Quorum | null {
  const q = dump?.quorum as Quorum | undefined;
  return q && typeof q === 'object' && q.voters ? q : null;
}

const META_KINDS = new Set<Beat['kind']>(['znodeGone', 'znodeSet', 'controller', 'record']);
const CHAR_W = 6.8; // 11px monospace, about

function cutTo(s: string, chars: number): string {
  return s.length > chars ? s.slice(0, Math.max(1, chars - 1)) + '…' : s;
}

export function Metadata({ dump, L, t, st, mode }: { dump: StateDump; L: StageLayout; t: T; st: ST; mode: string }) {
  // re-render every frame only while a beat of this panel plays
  useStage((s) => {
    const c = currentBeat(s);
    return c && META_KINDS.has(c.beat.kind) ? s.now : -1;
  });
  // and at each beat boundary, for the znodes beats not yet played still hold
  const whole = useStage((s) => (s.scene ? Math.floor(posNow(s)) : -1));
  const stage = useStage.getState();
  const hls = useStore(highlights);
  const all = useMemo(() => znodesAt(znodes(dump), stage.scene, Math.max(0, whole)), [dump, stage.scene, whole]);
  const cur = currentBeat(stage);
  const beat = cur && META_KINDS.has(cur.beat.kind) ? cur.beat : null;
  const p = cur ? cur.p : 0;
  const { x, y, w, h } = L.meta;
  const chars = Math.floor((w - 16) / CHAR_W);
  if (mode === 'kraft') {
    const q = quorumOf(dump);
    const rec = beat?.kind === 'record' ? beat : null;
    return (
      <g className="metadata kraft" data-testid="kraft">
        <rect x={x} y={y} width={w} height={h} rx={8} className="meta-box" />
        <text x={x + 8} y={y + 17} className="meta-title">
          {t('kraftQuorum')}
          {q?.metadataLogEndOffset !== undefined ? ` · ${t('metadataLog', { n: q.metadataLogEndOffset })}` : ''}
        </text>
        {[...L.voters].map(([id, [cx, cy]]) => {
          const v = q?.voters[id];
          if (!v) return null;
          const leader = v.role === 'leader';
          const pulse = beat?.kind === 'controller' && String(beat.to) === id ? 1 - p : 0;
          return (
            <g key={id} className={`voter voter-${v.role} status-${v.status}${hl(isHighlighted(hls, `quorum.voters.${id}`))}`} data-voter={id}>
              {pulse > 0 && <circle cx={cx} cy={cy} r={16 + 10 * (1 - pulse)} className="pulse" opacity={pulse} />}
              <circle cx={cx} cy={cy} r={15} className={leader ? 'voter-leader' : 'voter-follower'} />
              <text x={cx} y={cy + 4} textAnchor="middle" className="voter-id">
                {id}
              </text>
              <text x={cx} y={cy + 30} textAnchor="middle" className="voter-role">
                {leader ? `★ ${t('activeController')} · e${v.epoch}` : v.status !== 'online' ? t(statusKey(v.status)) : ''}
              </text>
            </g>
          );
        })}
        <g className="meta-log" transform={`translate(${x + 8}, ${y + h - 14})`}>
          {rec ? (
            <text x={(1 - easeCubicOut(Math.min(1, p * 2))) * 80} opacity={Math.min(1, p * 3)} className="znode znode-set" data-testid="meta-record">
              {cutTo(st('recordAppended', { record: `${rec.record} ${rec.detail}` }), chars)}
            </text>
          ) : null}
        </g>
        {!q && (
          <text x={x + 8} y={y + 40} className="meta-line">
            {dump.controller.id === null ? t('noController') : `★ ${dump.controller.id} · ${t('controllerBadge', { epoch: dump.controller.epoch })}`}
          </text>
        )}
      </g>
    );
  }
  const nodes = all;
  const prio = (k: string) => (k === '/controller' ? 0 : k === '/controller_epoch' ? 1 : k.startsWith('/brokers/ids') ? 2 : 3);
  const pinned = beat && (beat.kind === 'znodeGone' || beat.kind === 'znodeSet') ? beat : null;
  const shown = [...nodes]
    .filter(([k]) => k !== pinned?.path)
    .sort((a, b) => prio(a[0]) - prio(b[0]) || byCodePoint(a[0], b[0]))
    .slice(0, pinned ? 4 : 5);
  const lineY = (i: number) => y + 36 + i * 16;
  const epochTick = beat?.kind === 'controller' && !beat.kraft ? beat : null;
  return (
    <g className="metadata zookeeper" data-testid="zookeeper">
      <rect x={x} y={y} width={w} height={h} rx={8} className="meta-box" />
      <text x={x + 8} y={y + 17} className="meta-title">
        {t('zookeeper')} · {nodes.length} {t('znodes')}
      </text>
      {pinned &&
        (() => {
          const text = cutTo(`${pinned.path}${pinned.kind === 'znodeSet' && pinned.data ? ' = ' + pinned.data : ''}`, chars - 10);
          const tw = Math.min(w - 16, text.length * CHAR_W);
          const gone = pinned.kind === 'znodeGone';
          return (
            <g
              className={gone ? 'znode-gone' : 'znode-set'}
              data-testid={gone ? 'znode-gone' : 'znode-set'}
              opacity={gone ? 1 - Math.max(0, p - 0.7) / 0.3 : 1}
            >
              {!gone && <rect x={x + 4} y={lineY(0) - 12} width={w - 8} height={16} rx={3} className="flash" opacity={1 - p * 0.7} />}
              <text x={x + 8} y={lineY(0)} className="znode">
                {text}
              </text>
              {gone && <line x1={x + 8} x2={x + 8 + tw * Math.min(1, p / 0.5)} y1={lineY(0) - 4} y2={lineY(0) - 4} className="strike" />}
              <text x={x + w - 8} y={lineY(0)} textAnchor="end" className="znode-tag">
                {st(gone ? 'znodeGone' : 'znodeSet')}
              </text>
            </g>
          );
        })()}
      {shown.map(([k, d], i) => {
        const row = i + (pinned ? 1 : 0);
        const isEpoch = k === '/controller_epoch' && epochTick;
        if (isEpoch) {
          const q = easeCubicOut(Math.min(1, Math.max(0, (p - 0.5) / 0.4)));
          return (
            <g key={k} className="epoch-tick" data-testid="epoch-tick">
              <text x={x + 8} y={lineY(row)} className="znode">{`${k} = `}</text>
              <text x={x + 8 + (k.length + 3) * CHAR_W} y={lineY(row) - 10 * q} opacity={1 - q} className="znode">
                {epochTick.epochFrom}
              </text>
              <text x={x + 8 + (k.length + 3) * CHAR_W} y={lineY(row) + 10 * (1 - q)} opacity={q} className="znode znode-new">
                {epochTick.epochTo}
              </text>
            </g>
          );
        }
        return (
          <text key={k} x={x + 8} y={lineY(row)} className={`znode${hl(isHighlighted(hls, `zookeeper.${k}`))}`}>
            {cutTo(`${k}${d && d !== 'undefined' ? ' = ' + d : ''}`, chars)}
          </text>
        );
      })}
    </g>
  );
}
