// Topic and configuration commands: add partitions, elect leaders (preferred / unclean), set a config.
import { useState, type FormEvent } from 'react';
import { BROKER_KEYS, TOPIC_KEYS } from '../engine/config';
import type { Step } from '../scenario/types';
import { command } from './actions';
import { useT } from './i18n';
import { useControlsShape } from './controlsShape';

/** "3" → 3, "true" → true, "null" → null, anything else stays text. */
export function parseConfigValue(v: string): string | number | boolean | null {
  const s = v.trim();
  if (s === 'true' || s === 'false') return s === 'true';
  if (s === 'null') return null;
  if (s !== '' && Number.isFinite(Number(s))) return Number(s);
  return s;
}

export function TopicControls() {
  const t = useT();
  const { topics, brokers: ids, partitions } = useControlsShape();
  const [topic, setTopic] = useState('');
  const [total, setTotal] = useState(0);
  const [scope, setScope] = useState('cluster');
  const [key, setKey] = useState('min.insync.replicas');
  const [value, setValue] = useState('2');
  const tp = topics.includes(topic) ? topic : topics[0];
  const current = tp ? partitions[tp].length : 0;
  const isTopic = scope.startsWith('topic:');
  const keys = Object.keys(isTopic ? TOPIC_KEYS : BROKER_KEYS).filter((k) => !k.startsWith('sim.') || !isTopic);
  const k = keys.includes(key) ? key : keys[0];
  const setConfig = (e: FormEvent) => {
    e.preventDefault();
    const step: Step = { do: 'setConfig', key: k, value: parseConfigValue(value) };
    if (isTopic) step.topic = scope.slice(6);
    else if (scope.startsWith('broker:')) step.broker = Number(scope.slice(7));
    command(step);
  };
  return (
    <>
      {tp && (
        <div className="control" role="group" aria-label={t('topicActions')}>
          <h3>{t('topicActions')}</h3>
          <label>
            {t('topicName')}{' '}
            <select name="topicSel" value={tp} onChange={(e) => setTopic(e.target.value)}>
              {topics.map((x) => (
                <option key={x} value={x}>
                  {x}
                </option>
              ))}
            </select>
          </label>
          <div className="buttons">
            <button
              type="button"
              title={t('addPartitionsTitle')}
              onClick={() => command({ do: 'addPartitions', topic: tp, partitions: Math.max(total, current + 1) })}
            >
              {t('addPartitions')}
            </button>
            <label>
              {t('newTotal')}{' '}
              <input name="total" type="number" min={current + 1} value={Math.max(total, current + 1)} onChange={(e) => setTotal(Number(e.target.value))} />
            </label>
          </div>
          <div className="buttons">
            <button type="button" title={t('electPreferredTitle')} onClick={() => command({ do: 'electLeaders', type: 'preferred', topic: tp })}>
              {t('electPreferred')}
            </button>
            <button type="button" title={t('electUncleanTitle')} onClick={() => command({ do: 'electLeaders', type: 'unclean', topic: tp })}>
              {t('electUnclean')}
            </button>
          </div>
        </div>
      )}
      <form className="control" onSubmit={setConfig} aria-label={t('configTitle')}>
        <h3>{t('configTitle')}</h3>
        <label>
          {t('configScope')}{' '}
          <select name="scope" value={scope} onChange={(e) => setScope(e.target.value)}>
            <option value="cluster">{t('scopeAll')}</option>
            {ids.map((b) => (
              <option key={b} value={`broker:${b}`}>{`${t('broker')} ${b}`}</option>
            ))}
            {topics.map((x) => (
              <option key={x} value={`topic:${x}`}>{`${t('topicName')} ${x}`}</option>
            ))}
          </select>
        </label>
        <label>
          {t('configKey')}{' '}
          <select name="key" value={k} onChange={(e) => setKey(e.target.value)}>
            {keys.map((x) => (
              <option key={x} value={x}>
                {x}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('value')} <input name="configValue" value={value} onChange={(e) => setValue(e.target.value)} />
        </label>
        <button type="submit">{t('configSet')}</button>
      </form>
    </>
  );
}
