import { describe, expect, it } from 'vitest';
import type { SimEvent } from '../../src/scenario/types';
import { describeProblem, translate } from '../../src/ui/i18n';
import { codePath } from '../../src/ui/i18n/codepaths';
import { describeEvent, knownEventTypes } from '../../src/ui/i18n/events';
import { problemCodes } from '../../src/ui/i18n/problems';
import { strings } from '../../src/ui/i18n/strings';

const ALL_TYPES = 'BrokerStarted BrokerRegistered BrokerStopped BrokerCrashed BrokerPaused BrokerResumed BrokerAdded LinkCut LinkHealed ZkSessionExpired ZnodeCreated ZnodeDeleted ControllerElected ControllerResigned StaleControllerEpochRejected BrokerFenced BrokerUnfenced RaftLeaderElected TopicCreated PartitionsAdded LeaderElected PartitionOffline IsrShrunk IsrExpanded BecameLeader BecameFollower LogTruncated Appended SegmentRolled HighWatermarkAdvanced Flushed UnflushedLost LogRecovered ProduceAcked ProduceFailed MessageSent SegmentsDeleted LogCleaned Lookup ConfigChanged ExpectFailed GroupRebalanceStarted GroupStable MemberJoined MemberLeft OffsetCommitted Polled ZnodeChanged StepStarted ProducerIdAssigned'.split(' ');

const sample = (type: string): SimEvent => ({ seq: 0, time: 0, step: 0, type, broker: 1, topic: 't', partition: 0, leader: 2, isr: [1, 2], a: 'broker-1', b: 'broker-2', from: 'producer-1', to: 'broker-1', api: 'Produce' });

describe('translations', () => {
  it('every event type has a sentence and a Kafka code path in both languages', () => {
    expect(knownEventTypes()).toEqual(expect.arrayContaining(ALL_TYPES));
    for (const type of ALL_TYPES) {
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
    expect(problemCodes()).toEqual(expect.arrayContaining(['json', 'notObject', 'unknownKey', 'missingField', 'badType', 'badValue', 'badConfigValue', 'unknownConfig', 'unknownCommand', 'unknownName']));
  });
});

describe('validation codes of the engine', () => {
  it('every code validate.ts can return has a translation', async () => {
    const { readFileSync, existsSync } = await import('node:fs');
    const file = new URL('../../src/scenario/validate.ts', import.meta.url);
    if (!existsSync(file)) return;
    const src = readFileSync(file, 'utf8');
    const codes = new Set([...src.matchAll(/(?:fail|problem)\([^,]+,[^,]+,\s*'([A-Za-z]+)'/g)].map((m) => m[1]));
    expect(codes.size).toBeGreaterThan(3);
    // a code added to the engine later still shows (the engine's English message): warn, do not fail the build
    const missing = [...codes].filter((c) => !problemCodes().includes(c));
    if (missing.length) console.warn(`validation codes without a translation (English fallback shown): ${missing.join(', ')}`);
    for (const c of missing) expect(describeProblem({ step: 0, field: 'f', code: c, params: {}, message: 'm' }, 'zh')).toContain('m');
  });
});

describe('the engine\'s event types', () => {
  it('every type the engine emits has a sentence in both languages and a code path', async () => {
    const { readFileSync, readdirSync, statSync } = await import('node:fs');
    const { join } = await import('node:path');
    const root = new URL('../../src/', import.meta.url).pathname;
    const types = new Set<string>();
    const walk = (d: string) => {
      for (const f of readdirSync(d)) {
        const p = join(d, f);
        if (statSync(p).isDirectory()) walk(p);
        else if (p.endsWith('.ts')) for (const m of readFileSync(p, 'utf8').matchAll(/emit\('([A-Z][A-Za-z]+)'/g)) types.add(m[1]);
      }
    };
    for (const d of ['engine', 'scenario']) { try { walk(join(root, d)); } catch { /* not there yet */ } }
    const known = new Set(knownEventTypes());
    expect(types.size).toBeGreaterThan(20);
    // a type added to the engine later still renders (the generic sentence): warn, do not fail the build
    const missing = [...types].filter((t) => !known.has(t) || !codePath(sample(t)));
    if (missing.length) console.warn(`event types without a sentence or code path (generic text shown): ${missing.join(', ')}`);
    for (const t of missing.filter((x) => !known.has(x))) expect(describeEvent(sample(t), 'zh')).toContain(t);
  });
});
