import { describe, expect, it } from 'vitest';
import type { SimEvent } from '../../src/scenario/types';
import { describeProblem, translate } from '../../src/ui/i18n';
import { codePath } from '../../src/ui/i18n/codepaths';
import { describeEvent, knownEventTypes } from '../../src/ui/i18n/events';
import { problemCodes } from '../../src/ui/i18n/problems';
import { stageStrings } from '../../src/ui/i18n/stage';
import { strings } from '../../src/ui/i18n/strings';
import { type Tables, translator } from '../../src/ui/i18n/translator';
import { inspectStrings } from '../../src/ui/inspect/strings';
import { lessonStrings } from '../../src/ui/lessons/strings';
import { offlineStrings } from '../../src/ui/offline/strings';
import { sessionStrings } from '../../src/ui/sessions/strings';

const sample = (type: string): SimEvent => ({
  seq: 0,
  time: 0,
  step: 0,
  type,
  broker: 1,
  topic: 't',
  partition: 0,
  leader: 2,
  isr: [1, 2],
  a: 'broker-1',
  b: 'broker-2',
  from: 'producer-1',
  to: 'broker-1',
  api: 'Produce',
});

describe('translations', () => {
  // The tables are typed by the engine's event map (a missing sentence or code path fails the type check); this
  // checks that each one renders.
  it('every event type has a sentence and a Kafka code path in both languages', () => {
    expect(knownEventTypes().length).toBeGreaterThan(80);
    for (const type of knownEventTypes()) {
      const e = sample(type);
      for (const lang of ['en', 'zh'] as const) {
        const s = describeEvent(e, lang);
        expect(s, `${type} ${lang}`).not.toMatch(/undefined|\{/);
        expect(s.startsWith(type + ':')).toBe(false);
      }
      expect(codePath(e), type).toBeTruthy();
    }
  });

  it('names the code paths the brief asks for', () => {
    expect(codePath(sample('Appended'))).toContain('ReplicaManager.appendRecords');
    expect(codePath({ ...sample('Appended'), asLeader: true })).toContain('UnifiedLog.append');
    expect(codePath({ ...sample('Appended'), asLeader: false })).toContain('appendAsFollower');
    expect(codePath(sample('IsrShrunk'))).toBe('Partition.maybeShrinkIsr');
    expect(codePath(sample('IsrExpanded'))).toBe('Partition.maybeExpandIsr');
    expect(codePath(sample('LeaderElected'))).toContain('PartitionStateMachine.electLeaderForPartitions');
    // KRaft: the QuorumController's ReplicationControlManager, not KafkaController and ZooKeeper
    expect(codePath(sample('LeaderElected'), 'kraft')).toContain('PartitionChangeBuilder');
    expect(codePath(sample('TopicCreated'), 'kraft')).toContain('ReplicationControlManager.createTopics');
    expect(codePath(sample('TopicCreated'), 'zookeeper')).toContain('AdminZkClient');
    expect(codePath(sample('IsrShrunk'), 'kraft')).toBe('Partition.maybeShrinkIsr');
    expect(codePath(sample('HighWatermarkAdvanced'))).toBe('Partition.maybeIncrementLeaderHW');
    expect(codePath(sample('LogTruncated'))).toContain('AbstractFetcherThread.truncate');
  });

  it('an unknown event type still renders', () => {
    expect(describeEvent({ seq: 1, time: 2, step: 0, type: 'Mystery', x: [1, 2] }, 'en')).toBe('Mystery: x=[1, 2]');
    expect(codePath({ seq: 1, time: 2, step: 0, type: 'Mystery' })).toBeUndefined();
  });

  it('zh has every UI string and no empty one', () => {
    expect(Object.keys(strings.zh).sort()).toEqual(Object.keys(strings.en).sort());
    for (const [k, v] of Object.entries(strings.zh)) expect(v, k).not.toBe('');
  });

  it('fills parameters', () => {
    expect(translate('en', 'inSync', { n: 2, m: 3 })).toBe('In Sync Replicas 2 of 3');
    expect(translate('zh', 'inSync', { n: 2, m: 3 })).toBe('同步副本 2 / 3');
  });

  it('translates validation problems, with the engine message as the fallback', () => {
    const p = { step: 2, field: 'broker', code: 'unknownName', params: { kind: 'broker', name: 9 }, message: 'step 2: unknown broker 9' };
    expect(describeProblem(p, 'en')).toBe('Step 3, field “broker”: there is no broker 9');
    expect(describeProblem(p, 'zh')).toBe('第 3 步，字段“broker”：不存在 Broker 9');
    expect(describeProblem({ ...p, code: 'weird' }, 'zh')).toContain('step 2: unknown broker 9');
    const seed = { step: null, field: 'seed', code: 'badType', params: { expected: 'an integer' }, message: '"seed" must be an integer' };
    expect(describeProblem(seed, 'en')).toBe('Field “seed”: must be an integer');
    expect(describeProblem(seed, 'zh')).toBe('字段“seed”：应为整数');
    expect(problemCodes()).toEqual(
      expect.arrayContaining([
        'json',
        'notObject',
        'unknownKey',
        'missingField',
        'badType',
        'badValue',
        'badConfigValue',
        'unknownConfig',
        'unknownCommand',
        'unknownName',
      ]),
    );
  });
});

describe('validation codes of the engine', () => {
  // The problem tables are typed by the engine's ProblemCode (a code without words fails the type check); each
  // code the validator gives reads as a translated sentence (the fuzz test, test/scenarios/fuzz.test.ts, checks
  // every problem it provokes the same way).
  it('each code has a sentence in both languages, not the English fallback', () => {
    for (const code of problemCodes())
      for (const lang of ['en', 'zh'] as const) {
        const s = describeProblem(
          {
            step: 0,
            field: 'f',
            code,
            params: { min: 1, max: 2, key: 'k', name: 'n', kind: 'topic', rule: 'r', expected: 'e', field: 'f', command: 'c', reason: 'r' },
            message: 'FALLBACK',
          },
          lang,
        );
        expect(s, `${code} ${lang}`).not.toContain('FALLBACK');
      }
  });
});

describe("the engine's traces", () => {
  // Every event of real runs reads as a sentence with every field it names present (no "undefined", no generic
  // "Type: field=…" fallback) and has a code path, in both languages.
  it('every event of the shipped scenarios renders in English and Chinese', async () => {
    const { readdirSync, readFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { parseScenarioText } = await import('../../src/scenario/validate');
    const { runScenario } = await import('../../src/scenario/runner');
    const dir = join(__dirname, '../scenarios');
    const seen = new Set<string>();
    for (const f of readdirSync(dir).filter((x) => x.endsWith('.json'))) {
      const p = parseScenarioText(readFileSync(join(dir, f), 'utf8'));
      if (!p.ok) throw new Error(p.problem.message);
      for (const e of runScenario(p.scenario).events) {
        if (seen.has(e.type + JSON.stringify(Object.keys(e)))) continue;
        seen.add(e.type + JSON.stringify(Object.keys(e)));
        for (const lang of ['en', 'zh'] as const) {
          const s = describeEvent(e, lang);
          expect(s, `${e.type} ${lang}: ${s}`).not.toMatch(/undefined|NaN/);
          expect(s.startsWith(`${e.type}:`), s).toBe(false);
        }
        expect(codePath(e), e.type).toBeTruthy();
      }
    }
    expect(seen.size).toBeGreaterThan(40);
  });
});

describe('the one translator', () => {
  const pairs = { strings, stageStrings, lessonStrings, inspectStrings, sessionStrings, offlineStrings } as Record<string, Tables<string>>;

  it('every feature has the same keys in Chinese as in English, none empty', () => {
    for (const [name, t] of Object.entries(pairs)) {
      expect(Object.keys(t.zh).sort(), name).toEqual(Object.keys(t.en).sort());
      for (const [k, v] of Object.entries(t.zh)) expect(v, `${name}.${k}`).not.toBe('');
    }
  });

  it('gives one function per table pair and language, so memoised views keep theirs', () => {
    expect(translator(stageStrings, 'zh')).toBe(translator(stageStrings, 'zh'));
    expect(translator(stageStrings, 'zh')).not.toBe(translator(stageStrings, 'en'));
    expect(translator(lessonStrings, 'zh')).not.toBe(translator(stageStrings, 'zh'));
  });

  it('fills placeholders in the language asked for; a key built at run time falls back to English, then to itself', () => {
    expect(translator(stageStrings, 'zh')('timerLeft', { s: 3 })).toBe('剩 3 秒');
    expect(translator(stageStrings, 'en')('timerLeft', { s: 3 })).toBe('3 s left');
    const t = { en: { a: 'A {x}', b: 'B' }, zh: { a: '甲 {x}' } } as unknown as Tables<'a' | 'b' | 'c'>;
    expect(translator(t, 'zh')('a', { x: true })).toBe('甲 是');
    expect(translator(t, 'zh')('b')).toBe('B');
    expect(translator(t, 'zh')('c')).toBe('c');
  });
});
