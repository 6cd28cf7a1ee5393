// deleteTopic (project): DeleteTopics as Kafka runs it. zookeeper mode (Kafka 2.8): /admin/delete_topics/<t>, then
// TopicDeletionManager sends StopReplica(deletePartition = true) to the replicas and removes the topic's znodes;
// kraft mode: ReplicationControlManager.deleteTopics writes a RemoveTopicRecord. Replicas stop and delete their log
// directories (ReplicaManager.stopReplicas → LogManager.asyncDelete); every broker drops the topic's metadata.
import { describe, expect, it } from 'vitest';
import { validateScenario } from '../../src/scenario/validate';
import { ScenarioRun } from '../../src/scenario/runner';
import type { Step } from '../../src/scenario/types';

function run(mode: 'zookeeper' | 'kraft', steps: Step[]) {
  const v = validateScenario({ version: 1, id: 'delete-topic', seed: 3, mode, brokers: 3, config: {}, steps });
  if (!v.ok) throw new Error(v.problem.message);
  const r = new ScenarioRun(v.scenario);
  r.runToEnd();
  return r;
}

const create: Step = { do: 'createTopic', topic: 'orders', partitions: 2, replicationFactor: 3 };
const produce: Step = { do: 'produce', topic: 'orders', count: 20 };
const files = (r: ScenarioRun, broker: number) => r.cluster.brokers.get(broker)!.disk.list('orders-');

for (const mode of ['zookeeper', 'kraft'] as const) {
  describe(`deleteTopic (${mode})`, () => {
    it('every replica stops and deletes its log, every broker forgets the topic, the controller too', () => {
      const r = run(mode, [create, produce, { do: 'deleteTopic', topic: 'orders' }]);
      expect(r.errors).toEqual([]);
      expect(r.dump().topics.orders).toBeUndefined();
      for (const b of [1, 2, 3]) {
        expect(files(r, b)).toEqual([]);
        expect([...r.cluster.brokers.get(b)!.metadata.partitions.values()].filter((s) => s.topic === 'orders')).toEqual([]);
        expect(r.cluster.brokers.get(b)!.replicaManager.getPartition('orders', 0)).toBeUndefined();
      }
      expect(r.cluster.activeController()!.topics.has('orders')).toBe(false);
      const deleted = r.events
        .filter((e) => e.type === 'ReplicaDeleted')
        .map((e) => `${e.broker}:${e.partition}`)
        .sort();
      expect(deleted).toEqual(['1:0', '1:1', '2:0', '2:1', '3:0', '3:1']);
      expect(r.events.filter((e) => e.type === 'TopicDeleted')).toMatchObject([{ topic: 'orders', partitions: 2 }]);
      if (mode === 'zookeeper') {
        const znodes = Object.keys(r.cluster.zk!.dump());
        expect(znodes.filter((p) => p.includes('orders'))).toEqual([]);
        // the controller's requests travel the network: one StopReplica to each replica's broker
        expect(
          r.events
            .filter((e) => e.type === 'MessageSent' && e.api === 'StopReplica')
            .map((e) => e.to)
            .sort(),
        ).toEqual(['broker-1', 'broker-2', 'broker-3']);
      } else {
        expect(r.cluster.quorum!.log.filter((x) => x.type === 'RemoveTopicRecord')).toMatchObject([{ name: 'orders' }]);
      }
    });

    it('a replica on a broker that is down keeps its files; the name can be used again, starting from offset 0', () => {
      // a new producer: an idempotent producer's sequence numbers for the old partition would be out of order on the
      // new one (OUT_OF_ORDER_SEQUENCE_NUMBER, then it bumps its epoch, KIP-360)
      const r = run(mode, [
        create,
        produce,
        { do: 'stopBroker', broker: 3 },
        { do: 'deleteTopic', topic: 'orders' },
        { do: 'createTopic', topic: 'orders', partitions: 1, replicationFactor: 2, assignment: [[1, 2]] },
        { do: 'produce', topic: 'orders', count: 3, producer: 'fresh' },
      ]);
      expect(files(r, 3).length).toBeGreaterThan(0);
      expect(r.errors).toEqual([]);
      expect(r.dump().invariantViolations).toEqual([]);
      const p = r.dump().topics.orders.partitions['0'];
      expect(p.hw).toBe(3);
      expect(Object.keys(r.dump().topics.orders.partitions)).toEqual(['0']);
    });

    it('an unknown topic is refused with UNKNOWN_TOPIC_OR_PARTITION; the validator refuses a name never created', () => {
      const r = run(mode, [create, { do: 'deleteTopic', topic: 'orders' }, { do: 'deleteTopic', topic: 'orders' }]);
      expect(r.errors).toEqual([{ step: 2, do: 'deleteTopic', error: 'UNKNOWN_TOPIC_OR_PARTITION' }]);
      const v = validateScenario({ version: 1, id: 'x', seed: 1, mode, brokers: 3, config: {}, steps: [{ do: 'deleteTopic', topic: 'nope' }] });
      expect(v.ok).toBe(false);
      if (!v.ok) expect(v.problem.code).toBe('unknownName');
    });
  });
}

it('kraft: a new active controller replays the RemoveTopicRecord and does not bring the topic back', () => {
  const r = run('kraft', [
    create,
    { do: 'deleteTopic', topic: 'orders' },
    { do: 'crashBroker', broker: 1 },
    { do: 'advance', ms: 15000 },
    { do: 'startBroker', broker: 1 },
    { do: 'advance', ms: 15000 },
  ]);
  const q = r.cluster.quorum!;
  const old = q.active!;
  q.voters.find((v) => v === old)!.status = 'crashed';
  r.runFor(20000);
  expect(q.active).not.toBe(old);
  expect(r.cluster.activeController()!.topics.has('orders')).toBe(false);
  expect(r.dump().topics.orders).toBeUndefined();
});
