// Two futures side by side: the session as it is, and the same seed and commands with one change
// (acks for every produce, the replication factor of every topic, or a broker config).
import { useState } from 'react';
import { BROKER_KEYS } from '../../engine/config';
import type { SimEvent, StateDump } from '../../scenario/types';
import type { VariantPatch } from '../../worker/protocol';
import { getClient } from '../client';
import { useT, type T } from '../i18n';
import { invariantFlags } from '../invariants';
import { allPartitions, stepAtCursor } from '../selectors';
import { useStore } from '../store';
import { parseConfigValue } from '../TopicControls';
import { groupsOf } from './Groups';

function summary(d: StateDump, events: SimEvent[] | null) {
  const producers = Object.values(d.producers ?? {});
  const acked = producers.reduce((n, p) => n + (p.ackedCount ?? p.acked?.length ?? 0), 0);
  const failed = producers.reduce((n, p) => n + (p.failedCount ?? p.failed?.length ?? 0), 0);
  const flags = events ? [...invariantFlags(events).values()].flat() : [];
  return { acked, failed, lost: flags.filter((f) => f.code === 'ackedLost' || f.code === 'committedLost').length, rows: allPartitions(d) };
}

function Side({ title, d, events, t }: { title: string; d: StateDump; events: SimEvent[] | null; t: T }) {
  const s = summary(d, events);
  return (
    <div className="compare-side">
      <h3>{title}</h3>
      <p>
        {t('compareProduced', { acked: s.acked, failed: s.failed })}
        {s.lost ? <strong className="warn-text"> · ⚠ {t('compareLost', { n: s.lost })}</strong> : null}
      </p>
      {d.errors.length > 0 && <p className="refused">{d.errors.map((e) => e.error).join(', ')}</p>}
      {groupsOf(d).map(([g, gd]) => (
        <p key={g} className="compare-group">
          {`${t('group')} ${g} (${gd.assignor ?? ''}, ${gd.state}): `}
          {Object.entries(gd.members)
            .map(([m, v]) => `${m} → ${v.assignment.join(', ') || t('idle')}`)
            .join('; ')}
        </p>
      ))}
      <table>
        <thead>
          <tr>
            <th>{t('partition')}</th>
            <th>{t('leader')}</th>
            <th>ISR</th>
            <th>HW</th>
            <th>LEO</th>
          </tr>
        </thead>
        <tbody>
          {s.rows.map((r) => (
            <tr key={`${r.topic}-${r.partition}`}>
              <td>{`${r.topic}-${r.partition}`}</td>
              <td>{r.p.leader ?? '—'}</td>
              <td>{r.p.isr.join(',')}</td>
              <td>{r.p.hw ?? '—'}</td>
              <td>{r.p.leader !== null ? (r.p.logs[String(r.p.leader)]?.leo ?? '—') : '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function Compare() {
  const t = useT();
  const dump = useStore((s) => s.dump);
  const events = useStore((s) => s.events);
  const cursor = useStore((s) => s.cursor);
  const stepEnds = useStore((s) => s.stepEnds);
  const [kind, setKind] = useState<VariantPatch['kind']>('acks');
  const [value, setValue] = useState('1');
  const [key, setKey] = useState('min.insync.replicas');
  const [result, setResult] = useState<{ dump: StateDump; events: SimEvent[]; label: string } | null>(null);
  if (!dump) return null;
  const step = stepAtCursor(events, cursor);
  const atStepEnd = step >= 0 && stepEnds[step] === cursor;
  const run = async () => {
    const patch: VariantPatch =
      kind === 'acks'
        ? { kind, value: value === 'all' ? 'all' : value === '0' ? 0 : 1 }
        : kind === 'assignor'
          ? { kind, value }
          : kind === 'replicationFactor'
            ? { kind, value: Number(value) }
            : { kind, key, value: parseConfigValue(value) as string | number | boolean };
    const res = await getClient()?.request({ type: 'variant', patch, step });
    const label =
      kind === 'config'
        ? `${key} = ${value}`
        : kind === 'acks'
          ? `acks = ${value}`
          : kind === 'assignor'
            ? `${t('assignor')} = ${value}`
            : `${t('replicationFactor')} = ${value}`;
    if (res?.type === 'variant') setResult({ dump: res.dump, events: res.events, label });
  };
  return (
    <section className="view compare-view" aria-label={t('viewCompare')}>
      <p className="hint">{t('compareHelp')}</p>
      <form
        className="row"
        onSubmit={(e) => {
          e.preventDefault();
          void run();
        }}
      >
        <label>
          {t('compareChange')}{' '}
          <select
            name="kind"
            value={kind}
            onChange={(e) => {
              const k = e.target.value as VariantPatch['kind'];
              setKind(k);
              setValue(k === 'acks' ? '1' : k === 'assignor' ? 'roundrobin' : '2');
            }}
          >
            <option value="acks">{t('compareAcks')}</option>
            <option value="replicationFactor">{t('compareRf')}</option>
            <option value="assignor">{t('compareAssignor')}</option>
            <option value="config">{t('compareConfig')}</option>
          </select>
        </label>
        {kind === 'config' && (
          <select name="key" value={key} onChange={(e) => setKey(e.target.value)} aria-label={t('configKey')}>
            {Object.keys(BROKER_KEYS).map((k) => (
              <option key={k} value={k}>
                {k}
              </option>
            ))}
          </select>
        )}
        {kind === 'assignor' ? (
          <select name="value" value={value} onChange={(e) => setValue(e.target.value)} aria-label={t('value')}>
            {['range', 'roundrobin', 'sticky', 'cooperative-sticky'].map((a) => (
              <option key={a} value={a}>
                {a}
              </option>
            ))}
          </select>
        ) : kind === 'acks' ? (
          <select name="value" value={value} onChange={(e) => setValue(e.target.value)} aria-label={t('value')}>
            <option value="all">all</option>
            <option value="1">1</option>
            <option value="0">0</option>
          </select>
        ) : (
          <input name="value" value={value} onChange={(e) => setValue(e.target.value)} aria-label={t('value')} size={6} />
        )}
        <button type="submit">{t('compareRun')}</button>
      </form>
      {result && (
        <div className="compare" data-testid="compare">
          <Side title={`${t('compareNow')}${atStepEnd ? '' : ` (${t('compareMidStep')})`}`} d={dump} events={events.slice(0, cursor + 1)} t={t} />
          <Side title={`${t('compareVariant')}: ${result.label}`} d={result.dump} events={result.events} t={t} />
        </div>
      )}
    </section>
  );
}
