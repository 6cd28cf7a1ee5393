// Consumer controls: add a consumer to a group; poll, commit, seek, leave or crash one.
import { useState, type FormEvent } from 'react';
import type { Step } from '../scenario/types';
import { command } from './actions';
import { useT } from './i18n';
import { useControlsShape } from './controlsShape';

function nextName(existing: string[]): string {
  let i = 1;
  while (existing.includes(`c${i}`)) i++;
  return `c${i}`;
}

export function GroupControls() {
  const t = useT();
  const { topics, consumers: names, live, partitions } = useControlsShape();
  const [name, setName] = useState('');
  const [group, setGroup] = useState('g1');
  const [topic, setTopic] = useState('');
  const [assignor, setAssignor] = useState('range');
  // earliest by default here: a learner who produced first expects to read those records (Kafka's default is latest)
  const [reset, setReset] = useState<'earliest' | 'latest'>('earliest');
  const [sel, setSel] = useState('');
  const [seekTp, setSeekTp] = useState('');
  const [offset, setOffset] = useState(0);
  if (topics.length === 0) return null;
  const tp = topics.includes(topic) ? topic : topics[0];
  const join = (e: FormEvent) => {
    e.preventDefault();
    const step: Step = {
      do: 'joinGroup',
      consumer: name.trim() || nextName(names),
      group: group.trim() || 'g1',
      topics: [tp],
      autoOffsetReset: reset,
      ...(assignor !== 'range' ? { assignor: assignor as 'roundrobin' | 'sticky' | 'cooperative-sticky' } : {}),
    };
    command(step);
    setName('');
  };
  const c = live.includes(sel) ? sel : live[0];
  const parts = topics.flatMap((x) => partitions[x].map((p) => `${x}-${p}`));
  const stp = parts.includes(seekTp) ? seekTp : parts[0];
  return (
    <>
      <form className="control" onSubmit={join} aria-label={t('joinGroup')}>
        <h3>{t('joinGroup')}</h3>
        <label>
          {t('consumerName')} <input name="consumer" value={name} placeholder={nextName(names)} onChange={(e) => setName(e.target.value)} />
        </label>
        <label>
          {t('groupName')} <input name="group" value={group} onChange={(e) => setGroup(e.target.value)} />
        </label>
        <label>
          {t('topicName')}{' '}
          <select name="topics" value={tp} onChange={(e) => setTopic(e.target.value)}>
            {topics.map((x) => (
              <option key={x} value={x}>
                {x}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('assignor')}{' '}
          <select name="assignor" value={assignor} onChange={(e) => setAssignor(e.target.value)}>
            {['range', 'roundrobin', 'sticky', 'cooperative-sticky'].map((a) => (
              <option key={a} value={a}>
                {a}
              </option>
            ))}
          </select>
        </label>
        <label title={t('autoOffsetResetTitle')}>
          {t('autoOffsetReset')}{' '}
          <select name="autoOffsetReset" value={reset} onChange={(e) => setReset(e.target.value as 'earliest' | 'latest')}>
            <option value="earliest">{t('resetEarliest')}</option>
            <option value="latest">{t('resetLatest')}</option>
          </select>
        </label>
        <p className="muted hint" data-testid="reset-hint">
          {t(reset === 'earliest' ? 'resetEarliestHint' : 'resetLatestHint')}
        </p>
        <button type="submit">{t('joinGroup')}</button>
      </form>
      {c && (
        <div className="control" role="group" aria-label={t('consumers')}>
          <h3>{t('consumers')}</h3>
          <label>
            {t('consumerName')}{' '}
            <select name="consumerSel" value={c} onChange={(e) => setSel(e.target.value)}>
              {live.map((n) => (
                <option key={n} value={n}>
                  {n}
                </option>
              ))}
            </select>
          </label>
          <div className="buttons">
            <button type="button" title={t('pollTitle')} onClick={() => command({ do: 'poll', consumer: c })}>
              {t('poll')}
            </button>
            <button type="button" title={t('commitTitle')} onClick={() => command({ do: 'commit', consumer: c })}>
              {t('commit')}
            </button>
            <button type="button" title={t('leaveTitle')} onClick={() => command({ do: 'leaveGroup', consumer: c })}>
              {t('leave')}
            </button>
            <button type="button" title={t('crashConsumerTitle')} onClick={() => command({ do: 'crashConsumer', consumer: c })}>
              {t('crashConsumer')}
            </button>
          </div>
          <div className="buttons">
            <button
              type="button"
              onClick={() => {
                const i = stp.lastIndexOf('-');
                command({ do: 'seek', consumer: c, topic: stp.slice(0, i), partition: Number(stp.slice(i + 1)), offset });
              }}
            >
              {t('seek')}
            </button>
            <select name="seekTp" value={stp} onChange={(e) => setSeekTp(e.target.value)} aria-label={t('partition')}>
              {parts.map((x) => (
                <option key={x} value={x}>
                  {x}
                </option>
              ))}
            </select>
            <label>
              {t('offset')} <input name="offset" type="number" min={0} value={offset} onChange={(e) => setOffset(Number(e.target.value))} />
            </label>
          </div>
        </div>
      )}
    </>
  );
}
