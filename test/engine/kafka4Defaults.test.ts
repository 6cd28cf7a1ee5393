// kraft mode follows Kafka 4.0 (docs/engine.md): its defaults, checked against Kafka's source (apache/kafka trunk at
// 1eb7644, 4.0.0-SNAPSHOT). A default changed by mistake fails here, naming the class it must match.
import { describe, expect, it } from 'vitest';
import { BROKER_KEYS } from '../../src/engine/config';
import { ScenarioRun } from '../../src/scenario/runner';
import type { Scenario } from '../../src/scenario/types';

const def = (k: string) => BROKER_KEYS[k]?.def;

describe('Kafka 4.0 defaults', () => {
  it('GroupCoordinatorConfig: server-side assignors uniform then range, session 45 s, heartbeat 5 s (KIP-848)', () => {
    expect(def('group.consumer.assignors')).toBe('uniform,range');
    expect(def('group.consumer.session.timeout.ms')).toBe(45000);
    expect(def('group.consumer.heartbeat.interval.ms')).toBe(5000);
  });
  it('KRaftConfigs: broker.heartbeat.interval.ms 2000, broker.session.timeout.ms 9000', () => {
    expect(def('broker.heartbeat.interval.ms')).toBe(2000);
    expect(def('broker.session.timeout.ms')).toBe(9000);
  });
  it('ServerLogConfigs: unclean.leader.election.enable false, min.insync.replicas 1', () => {
    expect(def('unclean.leader.election.enable')).toBe(false);
    expect(def('min.insync.replicas')).toBe(1);
  });
  it('EligibleLeaderReplicasVersion: off in 4.0 unless enabled (bootstrapped on only from metadata version 4.1-IV0)', () => {
    expect(def('eligible.leader.replicas.version')).toBe(0);
  });
  it('ZkConfigs (zookeeper mode): zookeeper.max.in.flight.requests 10, session 18 s (Kafka 2.5+)', () => {
    expect(def('zookeeper.max.in.flight.requests')).toBe(10);
    expect(def('zookeeper.session.timeout.ms')).toBe(18000);
  });
  it('QuorumConfig: a follower stands for election after controller.quorum.fetch.timeout.ms (2 s) without its leader', () => {
    const run = new ScenarioRun({ version: 1, id: 'q', seed: 3, mode: 'kraft', brokers: [1, 2, 3], config: {}, steps: [] } as unknown as Scenario);
    const v = run.cluster.quorum!.active!;
    const t0 = run.now;
    v.status = 'crashed';
    run.runUntil(() => run.events.some((e) => e.type === 'RaftElectionStarted' && e.time > t0), 10_000);
    const started = run.events.find((e) => e.type === 'RaftElectionStarted' && e.time > t0)!;
    // DEFAULT_QUORUM_FETCH_TIMEOUT_MS = 2000, plus a random part below DEFAULT_QUORUM_ELECTION_TIMEOUT_MS = 1000
    expect(started.time - t0).toBeGreaterThanOrEqual(1000);
    expect(started.time - t0).toBeLessThanOrEqual(3000);
  });
});
