// The guided lessons (public/lessons): every lesson in index.json exists, is a valid scenario with English and
// Chinese text on every step, passes the runner with no failed expectation, and together they cover every
// mechanism of docs/kafka-facts.md.
import { describe, it, expect } from 'vitest';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { validateScenario } from '../../src/scenario/validate';
import { runScenario } from '../../src/scenario/runner';
import type { Scenario, Step } from '../../src/scenario/types';

const DIR = join(__dirname, '../../public/lessons');

interface IndexEntry {
  id: string;
  group: string;
  minutes: number;
  title: { en: string; zh: string };
  summary: { en: string; zh: string };
}

const GROUPS = ['basics', 'producers', 'storage', 'replication', 'consumers', 'controller', 'operations', 'failures'];
const index = JSON.parse(readFileSync(join(DIR, 'index.json'), 'utf8')) as IndexEntry[];
const raw = new Map<string, Record<string, unknown>>();
const lessons = new Map<string, Scenario>();
for (const e of index) {
  const path = join(DIR, `${e.id}.json`);
  if (!existsSync(path)) continue;
  const json = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  raw.set(e.id, json);
  const v = validateScenario(json);
  if (v.ok) lessons.set(e.id, v.scenario);
}

const bilingual = (t: unknown): boolean => {
  if (typeof t !== 'object' || t === null) return false;
  const o = t as Record<string, unknown>;
  return typeof o.en === 'string' && o.en.trim() !== '' && typeof o.zh === 'string' && o.zh.trim() !== '' && /[\u4e00-\u9fff]/.test(o.zh);
};

describe('public/lessons/index.json', () => {
  it('lists at least 16 lessons, each once, with a known group, minutes and bilingual title and summary', () => {
    expect(index.length).toBeGreaterThanOrEqual(16);
    expect(new Set(index.map((e) => e.id)).size).toBe(index.length);
    for (const e of index) {
      expect(GROUPS, e.id).toContain(e.group);
      expect(Number.isInteger(e.minutes) && e.minutes > 0, e.id).toBe(true);
      expect(bilingual(e.title), `${e.id} title`).toBe(true);
      expect(bilingual(e.summary), `${e.id} summary`).toBe(true);
    }
  });

  it('lists every lesson file, and every listed lesson has a file', () => {
    const files = readdirSync(DIR)
      .filter((f) => f.endsWith('.json') && f !== 'index.json')
      .map((f) => f.slice(0, -5))
      .sort();
    expect(index.map((e) => e.id).sort()).toEqual(files);
    for (const e of index) expect(existsSync(join(DIR, `${e.id}.json`)), e.id).toBe(true);
  });
});

describe('each lesson', () => {
  for (const e of index) {
    describe(e.id, () => {
      it('is a valid scenario whose id is its file name, with the title of the index', () => {
        const v = validateScenario(raw.get(e.id));
        if (!v.ok) throw new Error(`${e.id}: ${v.problem.message}`);
        expect(v.scenario.id).toBe(e.id);
        expect(v.scenario.title).toEqual(e.title);
      });

      it('has English and Chinese title, description and `say` on every step', () => {
        const s = lessons.get(e.id)!;
        expect(bilingual(s.title), 'title').toBe(true);
        expect(bilingual(s.description), 'description').toBe(true);
        s.steps.forEach((st: Step, i: number) => expect(bilingual(st.say), `step ${i} (${st.do})`).toBe(true));
      });

      it('pins what the learner sees: expectations, and a reveal right after every prediction', () => {
        const s = lessons.get(e.id)!;
        const checks = s.steps.filter((st) => st.do === 'expect' || st.do === 'waitFor').length;
        expect(checks).toBeGreaterThanOrEqual(3);
        s.steps.forEach((st, i) => {
          if (st.label !== 'predict') return;
          const next = s.steps.slice(i + 1, i + 4);
          expect(
            next.some((n) => n.do === 'expect' || n.do === 'waitFor'),
            `prediction at step ${i} has no reveal`,
          ).toBe(true);
        });
      });

      it('marks where the article differs as "The article says / Kafka does", in both languages', () => {
        const s = lessons.get(e.id)!;
        const texts = [s.description, ...s.steps.map((st) => st.say)] as { en: string; zh: string }[];
        for (const t of texts) {
          if (t.en.includes('The article says')) expect(t.en, t.en).toContain('Kafka does');
          if (t.zh.includes('文章说')) expect(t.zh, t.zh).toContain('Kafka 实际');
        }
        const en = texts.filter((t) => t.en.includes('The article says')).length;
        const zh = texts.filter((t) => t.zh.includes('文章说')).length;
        expect(zh).toBe(en);
      });

      it('passes the runner with no failed expectation', () => {
        const r = runScenario(lessons.get(e.id)!);
        expect(r.failures).toEqual([]);
        expect(r.ok).toBe(true);
      });
    });
  }
});

describe('together the lessons cover every mechanism of kafka-facts.md', () => {
  const all = () => [...lessons.values()];
  const steps = (id: string) => lessons.get(id)?.steps ?? [];
  const has = (id: string, pred: (st: Step) => boolean) => steps(id).some(pred);
  const expects = (id: string, pathPart: string) => has(id, (st) => (st.do === 'expect' || st.do === 'waitFor') && String(st.path).includes(pathPart));
  const says = (id: string, word: string) =>
    steps(id).some((st) => (st.say as { en: string }).en.includes(word)) ||
    ((lessons.get(id)?.description as { en: string } | undefined)?.en ?? '').includes(word);
  const config = (id: string, key: string) => lessons.get(id)?.config[key];
  const topicConfig = (id: string, key: string) =>
    has(
      id,
      (st) =>
        (st.do === 'createTopic' && typeof st.config === 'object' && st.config !== null && key in (st.config as object)) ||
        (st.do === 'setConfig' && st.key === key),
    );

  const mechanisms: [string, () => boolean][] = [
    [
      'controller election through ZooKeeper and failover',
      () =>
        expects('controller-election', 'controller') &&
        expects('controller-election', 'zookeeper./controller_epoch') &&
        has('controller-election', (st) => st.do === 'crashBroker'),
    ],
    [
      'zombie controller fenced by the epoch',
      () => config('zombie-controller', 'sim.controller.fencing') === true && has('zombie-controller', (st) => st.do === 'pauseBroker'),
    ],
    [
      "zombie controller without fencing (the article's 0.8.1 story)",
      () => config('zombie-controller-article', 'sim.controller.fencing') === false && expects('zombie-controller-article', 'actsAsController'),
    ],
    [
      "replica placement (i + j) mod n and Kafka's algorithm",
      () =>
        has('replica-placement', (st) => st.do === 'createTopic' && st.assignment === 'kafka') &&
        has('replica-placement', (st) => st.do === 'createTopic' && st.assignment === undefined) &&
        expects('replica-placement', 'errors'),
    ],
    ['acks 0, 1 and all', () => [0, 1, 'all'].every((a) => has('acks', (st) => st.do === 'produce' && st.acks === a))],
    [
      'acks=1 losing data on failover',
      () =>
        has('acks-1-data-loss', (st) => st.do === 'produce' && st.acks === 1) &&
        has('acks-1-data-loss', (st) => st.do === 'crashBroker') &&
        expects('acks-1-data-loss', 'acked'),
    ],
    [
      'min.insync.replicas',
      () =>
        config('min-insync-replicas', 'min.insync.replicas') === 2 &&
        has('min-insync-replicas', (st) => st.do === 'expect' && st.equals === 'NOT_ENOUGH_REPLICAS'),
    ],
    ['ISR shrink and expand (waitFor)', () => steps('isr-shrink-expand').filter((st) => st.do === 'waitFor' && String(st.path).endsWith('.isr')).length >= 2],
    [
      'high watermark and what consumers may read',
      () => expects('high-watermark', '.hw') && has('high-watermark', (st) => st.do === 'poll') && expects('high-watermark', 'consumers.reader.position'),
    ],
    [
      'leader epochs and truncation',
      () =>
        expects('leader-epoch-truncation', 'leaderEpoch') &&
        has('leader-epoch-truncation', (st) => st.do === 'startBroker') &&
        says('leader-epoch-truncation', 'KIP-101'),
    ],
    [
      'all replicas down: waiting for the ISR versus unclean election',
      () =>
        topicConfig('unclean-election', 'unclean.leader.election.enable') &&
        has('unclean-election', (st) => (st.do === 'expect' || st.do === 'waitFor') && st.equals === null && String(st.path).endsWith('.leader')),
    ],
    [
      'preferred leader election (electLeaders preferred, auto.leader.rebalance)',
      () =>
        has('preferred-leader', (st) => st.do === 'electLeaders' && st.type === 'preferred') &&
        config('preferred-leader', 'leader.imbalance.check.interval.seconds') !== undefined &&
        has('preferred-leader', (st) => st.do === 'stopBroker'),
    ],
    [
      'the record format (RecordBatch v2) and per-batch compression',
      () => expects('record-format', 'sizeBytes') && topicConfig('record-format', 'compression.type'),
    ],
    [
      'segments, the sparse index and the offset lookup',
      () => has('segments-and-index', (st) => st.do === 'lookup') && expects('segments-and-index', 'lookups.0.indexEntry'),
    ],
    [
      "the article's offsets 368769, 737337 and 368776",
      () =>
        [368769, 737337, 368776].every(
          (o) =>
            has('offset-lookup-article', (st) => st.do === 'lookup' && st.offset === o) ||
            has('offset-lookup-article', (st) => JSON.stringify('equals' in st ? st.equals : '').includes(String(o))),
        ),
    ],
    [
      'retention deleting whole segments (time and size)',
      () =>
        topicConfig('retention', 'retention.ms') &&
        topicConfig('retention', 'retention.bytes') &&
        expects('retention', 'logStartOffset') &&
        config('retention', 'log.retention.check.interval.ms') !== undefined,
    ],
    [
      'log compaction and __consumer_offsets',
      () =>
        topicConfig('log-compaction', 'cleanup.policy') &&
        has('log-compaction', (st) => st.do === 'produce' && st.value === null) &&
        expects('log-compaction', '__consumer_offsets'),
    ],
    [
      'power loss and flush',
      () => has('power-loss-and-flush', (st) => st.do === 'crashBroker' && st.loseUnflushed === true) && topicConfig('power-loss-and-flush', 'flush.messages'),
    ],
    [
      'groups A to D: fewer, equal and more consumers than partitions',
      () =>
        ['A', 'B', 'C', 'D'].every((g) => has('consumer-groups', (st) => st.do === 'joinGroup' && st.group === g)) &&
        has('consumer-groups', (st) => st.do === 'expect' && Array.isArray(st.equals) && st.equals.length === 0),
    ],
    ['each assignor', () => ['range', 'roundrobin', 'sticky'].every((a) => has('assignors', (st) => st.do === 'joinGroup' && st.assignor === a))],
    [
      'cooperative rebalancing',
      () =>
        has('cooperative-rebalancing', (st) => st.do === 'joinGroup' && st.assignor === 'cooperative-sticky') &&
        expects('cooperative-rebalancing', 'generation'),
    ],
    [
      'at-most-once, at-least-once and exactly-once',
      () =>
        has('delivery-semantics', (st) => st.do === 'crashConsumer') &&
        has('delivery-semantics', (st) => st.do === 'commit') &&
        has('delivery-semantics', (st) => st.do === 'produce' && st.idempotent === true) &&
        says('delivery-semantics', 'at-most-once') &&
        says('delivery-semantics', 'at-least-once') &&
        says('delivery-semantics', 'xactly-once'),
    ],
    [
      'at-least-once by a lost acknowledgement (loseResponses, idempotence off)',
      () =>
        has('lost-acknowledgement', (st) => st.do === 'loseResponses') &&
        has('lost-acknowledgement', (st) => st.do === 'produce' && st.idempotent === false) &&
        expects('lost-acknowledgement', 'leo'),
    ],
    [
      'exactly-once writes by idempotence (the retried batch recognised)',
      () =>
        has('idempotent-producer', (st) => st.do === 'loseResponses') &&
        has('idempotent-producer', (st) => st.do === 'produce' && st.idempotent !== false && st.acks === 'all') &&
        expects('idempotent-producer', 'leo'),
    ],
    [
      'keys, partitions, and adding partitions',
      () =>
        has('keys-and-partitions', (st) => st.do === 'produce' && typeof st.key === 'string') && has('keys-and-partitions', (st) => st.do === 'addPartitions'),
    ],
    ['KRaft against ZooKeeper', () => lessons.get('kraft-vs-zookeeper')?.mode === 'kraft' && expects('kraft-vs-zookeeper', 'quorum')],
    [
      'transactions: markers, the LSO held by an open transaction, read_committed, a fenced zombie',
      () =>
        has('transactions', (st) => st.do === 'abortTransaction') &&
        has('transactions', (st) => st.do === 'commitTransaction') &&
        has('transactions', (st) => st.do === 'joinGroup' && st.isolationLevel === 'read_committed') &&
        expects('transactions', '.lso') &&
        expects('transactions', 'transactionErrors'),
    ],
    [
      'eligible leader replicas (KIP-966): the last replica standing, without and with ELR',
      () =>
        lessons.get('eligible-leader-replicas')?.mode === 'kraft' &&
        has('eligible-leader-replicas', (st) => st.do === 'setConfig' && st.key === 'eligible.leader.replicas.version' && st.value === 1) &&
        has('eligible-leader-replicas', (st) => st.do === 'crashBroker' && st.loseUnflushed === true) &&
        expects('eligible-leader-replicas', '.elr'),
    ],
  ];

  for (const [name, check] of mechanisms) {
    it(name, () => {
      expect(check()).toBe(true);
    });
  }

  it('every lesson group of the picker is used', () => {
    for (const g of GROUPS)
      expect(
        index.some((e) => e.group === g),
        g,
      ).toBe(true);
    expect(all().length).toBe(index.length);
  });
});
