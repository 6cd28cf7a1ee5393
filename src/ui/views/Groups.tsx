// Consumer groups: the protocol (classic, or the consumer protocol of KIP-848), state (with the legend of all the
// protocol's states), generation or group epoch, coordinator, members and their partitions (KIP-848: each member's
// epoch, its target beside what it owns, what it still has to revoke), and per partition the committed offset,
// the consumer's position, the high watermark and the lag.
import type { StateDump } from '../../scenario/types';
import { cc, concealed, highlights, hl, isHighlighted } from '../focus';
import { useT, type T } from '../i18n';
import { partitionsOf } from '../selectors';
import { useStore } from '../store';

const STATES = ['Empty', 'PreparingRebalance', 'CompletingRebalance', 'Stable', 'Dead'] as const;
/** KIP-848's ConsumerGroup states: no barrier states, the target is computed (Assigning) and members reconcile */
const CONSUMER_STATES = ['Empty', 'Assigning', 'Reconciling', 'Stable', 'Dead'] as const;

interface MemberDump {
  assignment: string[];
  topics?: string[];
  memberEpoch?: number;
  reconciliation?: string;
  target?: string[];
  revoking?: string[];
}
interface GroupDump {
  state: string;
  generation: number;
  assignor?: string;
  coordinator?: number | null;
  leader?: string | null;
  members: Record<string, MemberDump>;
  committed: Record<string, number>;
  lag?: Record<string, number>;
  protocol?: string;
  assignmentEpoch?: number;
}
interface ConsumerDump {
  group?: string;
  status?: string;
  assignor?: string;
  position?: Record<string, number>;
  consumed?: unknown[];
  topics?: string[];
}

export function groupsOf(dump: StateDump | null): [string, GroupDump][] {
  const g = (dump?.groups ?? {}) as Record<string, GroupDump>;
  return Object.keys(g)
    .sort()
    .map((k) => [k, g[k]]);
}

export function consumersOf(dump: StateDump | null): [string, ConsumerDump][] {
  const c = (dump?.consumers ?? {}) as Record<string, ConsumerDump>;
  return Object.keys(c)
    .sort()
    .map((k) => [k, c[k]]);
}

function consumerStatus(s: string | undefined, t: T): string {
  return s === 'active' ? t('consumerActive') : s === 'crashed' ? t('statusCrashed') : s === 'closed' ? t('consumerClosed') : (s ?? '?');
}

function Group({
  name,
  g,
  dump,
  t,
  hls,
  cps,
  selected,
}: {
  name: string;
  g: GroupDump;
  dump: StateDump;
  t: T;
  hls: readonly string[];
  cps: readonly string[];
  selected: boolean;
}) {
  const mark = (path: string, contains = false) => hl(isHighlighted(hls, path, contains)) + cc(isHighlighted(cps, path, contains));
  const consumers = Object.fromEntries(consumersOf(dump));
  const topics = [
    ...new Set(
      Object.values(g.members)
        .flatMap((m) => m.topics ?? [])
        .concat(Object.keys(g.committed).map((tp) => tp.slice(0, tp.lastIndexOf('-')))),
    ),
  ].sort();
  const owner = new Map<string, string>();
  for (const [m, v] of Object.entries(g.members)) for (const tp of v.assignment) owner.set(tp, m);
  const modern = g.protocol === 'consumer';
  const cooperative = g.assignor === 'cooperative-sticky' || Object.keys(g.members).some((m) => consumers[m]?.assignor === 'cooperative-sticky');
  return (
    <section
      className={`group${mark(`groups.${name}`)}`}
      data-testid={`group-${name}`}
      aria-label={`${t('group')} ${name}`}
      data-selected={selected || undefined}
    >
      <h3>
        {t('group')} {name}{' '}
        <span className={`protocol-tag${modern ? ' protocol-consumer' : ''}`} data-testid={`protocol-${name}`}>
          {modern ? t('protocolConsumer') : t(cooperative ? 'protocolClassicCoop' : 'protocolClassicEager')}
        </span>
      </h3>
      <ol className={`states${mark(`groups.${name}.state`)}`} aria-label={t('groupStates')}>
        {(modern ? CONSUMER_STATES : STATES).map((s) => (
          <li key={s} className={s === g.state ? 'current' : ''} aria-current={s === g.state ? 'step' : undefined}>
            {s}
          </li>
        ))}
      </ol>
      <dl className="stats">
        <div className={mark(`groups.${name}.generation`).trim()}>
          <dt>{t(modern ? 'groupEpoch' : 'generation')}</dt>
          <dd>{g.generation}</dd>
        </div>
        {modern && (
          <div className={mark(`groups.${name}.assignmentEpoch`).trim()}>
            <dt>{t('assignmentEpoch')}</dt>
            <dd>{g.assignmentEpoch ?? '—'}</dd>
          </div>
        )}
        <div>
          <dt>{t('coordinator')}</dt>
          <dd>{g.coordinator == null ? '—' : `Broker ${g.coordinator}`}</dd>
        </div>
        <div>
          <dt>{t('assignor')}</dt>
          <dd>{g.assignor ?? '—'}</dd>
        </div>
        <div>
          <dt>{t('groupLeader')}</dt>
          <dd>{modern ? t('noLeaderConsumer') : (g.leader ?? '—')}</dd>
        </div>
      </dl>
      <ul className="members">
        {Object.entries(g.members).map(([m, v]) => (
          <li key={m} className={hl(isHighlighted(hls, `groups.${name}.members.${m}`, true) || isHighlighted(hls, `consumers.${m}`, true)).trim() || undefined}>
            <strong>{m}</strong> ({consumerStatus(consumers[m]?.status, t)}
            {modern && v.memberEpoch != null ? `, ${t('memberEpochOf', { n: v.memberEpoch })}` : ''}):{' '}
            <span className={cc(isHighlighted(cps, `groups.${name}.members.${m}.assignment`)).trim() || undefined}>
              {v.assignment.length ? v.assignment.join(', ') : t('idle')}
            </span>
            {modern && <Reconciliation v={v} t={t} />}
          </li>
        ))}
        {Object.keys(g.members).length === 0 && <li className="muted">{t('noMembers')}</li>}
      </ul>
      <table className="lag">
        <thead>
          <tr>
            <th>{t('partition')}</th>
            <th>{t('member')}</th>
            <th>{t('committedOffset')}</th>
            <th>{t('consumerPosition')}</th>
            <th>{t('highWatermark')}</th>
            <th>{t('lag')}</th>
          </tr>
        </thead>
        <tbody>
          {topics
            .flatMap((tn) => partitionsOf(dump, tn))
            .map((r) => {
              const tp = `${r.topic}-${r.partition}`;
              const m = owner.get(tp);
              const committed = g.committed[tp];
              const pos = m ? consumers[m]?.position?.[tp] : undefined;
              const hw = r.p.hw;
              const lag = g.lag?.[tp] ?? (hw !== null && committed !== undefined ? hw - committed : undefined);
              return (
                <tr key={tp} className={(mark(`groups.${name}.committed.${tp}`) + hl(isHighlighted(hls, `groups.${name}.committed`))).trim() || undefined}>
                  <td>{tp}</td>
                  <td>{m ?? '—'}</td>
                  <td>{committed ?? '—'}</td>
                  <td className={m ? mark(`consumers.${m}.position.${tp}`).trim() || undefined : undefined}>{pos ?? '—'}</td>
                  <td>{hw ?? '—'}</td>
                  <td className={lag ? 'warn-text' : ''}>{lag ?? '—'}</td>
                </tr>
              );
            })}
        </tbody>
      </table>
    </section>
  );
}

/** A KIP-848 member on its way to its target: what it must give up first, or what it waits for. */
function Reconciliation({ v, t }: { v: MemberDump; t: T }) {
  const waiting = (v.target ?? []).filter((tp) => !v.assignment.includes(tp));
  const revoking = v.revoking ?? [];
  if (!revoking.length && !waiting.length)
    return (
      <span className="muted reconciliation" data-reconciliation={v.reconciliation}>
        {' '}
        · {t('atTarget')}
      </span>
    );
  return (
    <span className="warn-text reconciliation" data-reconciliation={v.reconciliation}>
      {v.reconciliation && v.reconciliation !== 'STABLE' ? ` · ${v.reconciliation}` : ''}
      {revoking.length > 0 && ` · ${t('mustRevoke', { tps: revoking.join(', ') })}`}
      {waiting.length > 0 && ` · ${t('waitsFor', { tps: waiting.join(', ') })}`}
      {` · ${t('targetIs', { tps: (v.target ?? []).join(', ') || '—' })}`}
    </span>
  );
}

export function Groups() {
  const t = useT();
  const dump = useStore((s) => s.dump);
  const groups = groupsOf(dump);
  const hls = useStore(highlights);
  const cps = useStore(concealed);
  const selected = useStore((s) => s.selection.group);
  if (!dump || groups.length === 0)
    return (
      <section className="view groups-view">
        <p className="muted">{t('noGroups')}</p>
      </section>
    );
  return (
    <section className="view groups-view" aria-label={t('viewGroups')}>
      <p className="hint">{t('groupsHelp')}</p>
      {groups.map(([name, g]) => (
        <Group key={name} name={name} g={g} dump={dump} t={t} hls={hls} cps={cps} selected={selected === name} />
      ))}
    </section>
  );
}
