// Replica glyphs: leader, follower, out-of-sync and offline differ by shape as well as colour.
import type { Role } from '../selectors';

export function ReplicaGlyph({ role, color, x, y, size = 12 }: { role: Role; color: string; x: number; y: number; size?: number }) {
  const h = size / 2;
  switch (role) {
    case 'leader':
      return <rect className="glyph glyph-leader" x={x - h} y={y - h} width={size} height={size} rx={1.5} fill={color} stroke={color} />;
    case 'follower':
      return <circle className="glyph glyph-follower" cx={x} cy={y} r={h - 0.5} fill="var(--bg)" stroke={color} strokeWidth={2} />;
    case 'outOfSync':
      return (
        <polygon
          className="glyph glyph-out"
          points={`${x},${y - h} ${x + h},${y + h} ${x - h},${y + h}`}
          fill="none"
          stroke={color}
          strokeWidth={1.5}
          strokeDasharray="2 1.5"
        />
      );
    default:
      return (
        <g className="glyph glyph-offline">
          <rect x={x - h} y={y - h} width={size} height={size} fill="none" stroke="var(--muted)" strokeDasharray="2 2" />
          <path d={`M${x - h + 2},${y - h + 2}L${x + h - 2},${y + h - 2}M${x + h - 2},${y - h + 2}L${x - h + 2},${y + h - 2}`} stroke="var(--danger)" />
        </g>
      );
  }
}

/** A glyph in its own small SVG, for legends and tables. */
export function Glyph({ role, color = 'var(--fg)', size = 14 }: { role: Role; color?: string; size?: number }) {
  return (
    <svg width={size + 2} height={size + 2} aria-hidden="true" className="glyph-inline">
      <ReplicaGlyph role={role} color={color} x={size / 2 + 1} y={size / 2 + 1} size={size - 2} />
    </svg>
  );
}
