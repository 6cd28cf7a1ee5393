// Acting on the cluster: every control appends a scenario command (a step).
import { Fragment, useState, type FormEvent } from 'react';
import type { Step } from '../scenario/types';
import { command } from './actions';
import { type BrokerAction, brokerActions, brokerStep, offered } from './brokerActions';
import { statusKey, useT } from './i18n';
import { useControlsShape } from './controlsShape';
import { defaultAdvanceMs, UNTIL_BOUND_MS } from './freePlay';
import { GroupControls } from './GroupControls';
import { TopicControls } from './TopicControls';
import { useStore } from './store';

/** The panel's rows: an action with a field to set starts a row (its input beside it); the others follow on. */
const actionRows = brokerActions.reduce<BrokerAction[][]>((rows, a) => {
  if (a.param || rows.length === 0) rows.push([a]);
  else rows[rows.length - 1].push(a);
  return rows;
}, []);

function nextTopicName(existing: string[]): string {
  for (const n of ['orders', 'payments', 'clicks', 'logs']) if (!existing.includes(n)) return n;
  let i = 1;
  while (existing.includes(`topic-${i}`)) i++;
  return `topic-${i}`;
}

function CreateTopic() {
  const t = useT();
  const { topics, brokers: ids } = useControlsShape();
  const brokers = ids.length;
  const [name, setName] = useState('');
  const [partitions, setPartitions] = useState(3);
  const [rf, setRf] = useState(Math.min(3, Math.max(1, brokers)));
  const [assignment, setAssignment] = useState<'seed' | 'kafka'>('seed');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const topic = name.trim() || nextTopicName(topics);
    const step: Step = { do: 'createTopic', topic, partitions, replicationFactor: rf };
    if (assignment !== 'seed') step.assignment = assignment;
    command(step);
    setName('');
  };
  return (
    <form className="control" onSubmit={submit} aria-label={t('createTopic')}>
      <h3>{t('createTopic')}</h3>
      <label>
        {t('topicName')}{' '}
        <input name="topic" value={name} placeholder={nextTopicName(topics)} onChange={(e) => setName(e.target.value)} pattern="[A-Za-z0-9._\-]+" />
      </label>
      <label>
        {t('partitions')} <input name="partitions" type="number" min={1} max={64} value={partitions} onChange={(e) => setPartitions(Number(e.target.value))} />
      </label>
      <label>
        {t('replicationFactor')} <input name="replicationFactor" type="number" min={1} max={16} value={rf} onChange={(e) => setRf(Number(e.target.value))} />
      </label>
      <label>
        {t('assignment')}{' '}
        <select name="assignment" value={assignment} onChange={(e) => setAssignment(e.target.value as 'seed' | 'kafka')}>
          <option value="seed">{t('assignSeed')}</option>
          <option value="kafka">{t('assignKafka')}</option>
        </select>
      </label>
      <button type="submit">{t('create')}</button>
    </form>
  );
}

function Produce() {
  const t = useT();
  const { topics, partitions } = useControlsShape();
  const [topic, setTopic] = useState('');
  const [partition, setPartition] = useState('auto');
  const [key, setKey] = useState('');
  const [value, setValue] = useState('v{n}');
  const [count, setCount] = useState(5);
  const [acks, setAcks] = useState('all');
  if (topics.length === 0)
    return (
      <div className="control">
        <h3>{t('produce')}</h3>
        <p className="muted">{t('noTopics')}</p>
      </div>
    );
  const tp = topics.includes(topic) ? topic : topics[0];
  const parts = partitions[tp];
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const step: Step = {
      do: 'produce',
      topic: tp,
      count,
      acks: acks === 'all' ? 'all' : (Number(acks) as 0 | 1),
      ...(partition !== 'auto' ? { partition: Number(partition) } : {}),
      ...(key ? { key } : {}),
      ...(value ? { value } : {}),
    };
    command(step);
  };
  return (
    <form className="control" onSubmit={submit} aria-label={t('produce')}>
      <h3>{t('produce')}</h3>
      <label>
        {t('topicName')}{' '}
        <select
          name="topic"
          value={tp}
          onChange={(e) => {
            setTopic(e.target.value);
            setPartition('auto');
          }}
        >
          {topics.map((x) => (
            <option key={x} value={x}>
              {x}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('partition')}{' '}
        <select name="partition" value={partition} onChange={(e) => setPartition(e.target.value)}>
          <option value="auto">{t('partitionAuto')}</option>
          {parts.map((p) => (
            <option key={p} value={String(p)}>
              {p}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('key')} <input name="key" value={key} placeholder={t('placeholderKey')} onChange={(e) => setKey(e.target.value)} />
      </label>
      <label>
        {t('value')} <input name="value" value={value} onChange={(e) => setValue(e.target.value)} />
      </label>
      <label>
        {t('count')} <input name="count" type="number" min={1} max={1000} value={count} onChange={(e) => setCount(Number(e.target.value))} />
      </label>
      <label>
        {t('acks')}{' '}
        <select name="acks" value={acks} onChange={(e) => setAcks(e.target.value)}>
          <option value="all">all (-1)</option>
          <option value="1">1</option>
          <option value="0">0</option>
        </select>
      </label>
      <button type="submit">{t('produce')}</button>
    </form>
  );
}

function BrokerActions() {
  const t = useT();
  const { brokers: ids, status: statuses } = useControlsShape();
  const sel = useStore((s) => s.selection.broker) ?? '';
  const select = useStore((s) => s.select);
  const setSel = (broker: string) => select({ broker });
  const [ms, setMs] = useState(15000);
  const [from, setFrom] = useState<'all' | 'zookeeper' | 'controller' | 'brokers'>('all');
  const b = ids.includes(sel) ? sel : ids[0];
  if (!b) return null;
  const broker = Number(b);
  const status = statuses[b];
  const act = (step: Step) => () => command(step);
  const input = (param: BrokerAction['param']) =>
    param === 'ms' ? (
      <label>
        {t('pauseMs')} <input name="pauseMs" type="number" min={100} step={1000} value={ms} onChange={(e) => setMs(Number(e.target.value))} />
      </label>
    ) : param === 'from' ? (
      <label>
        {t('isolateFrom')}{' '}
        <select name="from" value={from} onChange={(e) => setFrom(e.target.value as typeof from)}>
          <option value="all">{t('fromAll')}</option>
          <option value="zookeeper">{t('fromZk')}</option>
          <option value="controller">{t('fromController')}</option>
          <option value="brokers">{t('fromBrokers')}</option>
        </select>
      </label>
    ) : null;
  return (
    <div className="control" role="group" aria-label={t('brokerActions')}>
      <h3>{t('brokerActions')}</h3>
      <label>
        {t('broker')}{' '}
        <select name="broker" value={b} onChange={(e) => setSel(e.target.value)}>
          {ids.map((x) => (
            <option key={x} value={x}>{`${x} (${t(statusKey(statuses[x] ?? 'online'))})`}</option>
          ))}
        </select>
      </label>
      {actionRows.map((row, i) => (
        <div className="buttons" key={i}>
          {row.map((a) => (
            <Fragment key={a.label}>
              <button
                type="button"
                title={t(a.title)}
                disabled={!offered(a, status)}
                onClick={act(brokerStep(a, broker, { ms, from: from === 'all' ? undefined : from }))}
              >
                {t(a.label)}
              </button>
              {input(a.param)}
            </Fragment>
          ))}
        </div>
      ))}
    </div>
  );
}

function ClusterActions() {
  const t = useT();
  const scenario = useStore((s) => s.scenario);
  const ids = useControlsShape().brokers.map(Number);
  // null: follow the cluster's session timeout (see defaultAdvanceMs) until the learner types a time
  const [typed, setTyped] = useState<number | null>(null);
  const ms = typed ?? defaultAdvanceMs(scenario);
  const next = ids.length ? Math.max(...ids) + 1 : 1;
  return (
    <div className="control" role="group" aria-label={t('time')}>
      <h3>{t('time')}</h3>
      <div className="buttons">
        <button
          type="button"
          data-testid="advance-until"
          title={t('advanceUntilTitle', { s: UNTIL_BOUND_MS / 1000 })}
          onClick={() => command({ do: 'advance', ms: UNTIL_BOUND_MS, until: 'change' })}
        >
          {t('advanceUntil')}
        </button>
      </div>
      <div className="buttons">
        <button type="button" title={t('advanceTitle')} onClick={() => command({ do: 'advance', ms })}>
          {t('advance')}
        </button>
        <label>
          <input
            name="advanceMs"
            type="number"
            min={1}
            step={1000}
            value={ms}
            aria-label={`${t('advance')} (${t('ms')})`}
            onChange={(e) => setTyped(e.target.value === '' ? null : Number(e.target.value))}
          />{' '}
          {t('ms')}
        </label>
      </div>
      <div className="buttons">
        <button type="button" onClick={() => command({ do: 'addBroker', broker: next })}>
          {t('addBroker')} {next}
        </button>
        <button type="button" onClick={() => command({ do: 'heal' })}>
          {t('healAll')}
        </button>
      </div>
    </div>
  );
}

export function Controls() {
  const t = useT();
  const branching = useStore((s) => s.cursor < s.events.length - 1);
  return (
    <aside className="controls" aria-label={t('controls')}>
      {branching && (
        <p className="branch-note" role="note">
          {t('branchNote')}
        </p>
      )}
      <CreateTopic />
      <Produce />
      <BrokerActions />
      <ClusterActions />
      <TopicControls />
      <GroupControls />
    </aside>
  );
}
