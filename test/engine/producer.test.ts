import { describe, it, expect } from 'vitest';
import { ScenarioRun } from '../../src/scenario/runner';
import { validateScenario } from '../../src/scenario/validate';
import { kafkajsDecode } from '../storage/kafkajs';

function run(config: Record<string, unknown>, steps: unknown[]) {
  const v = validateScenario({ version: 1, id: 'p', brokers: 3, config, steps });
  if (!v.ok) throw new Error(v.problem.message);
  const r = new ScenarioRun(v.scenario);
  r.runToEnd();
  return r;
}

describe('producer', () => {
  it('producer.compression.type=gzip writes gzip batches (attributes codec 1) that kafkajs decodes', async () => {
    const r = run({ 'producer.compression.type': 'gzip' }, [
      { do: 'createTopic', topic: 't', partitions: 1, replicationFactor: 1 },
      { do: 'produce', topic: 't', count: 20, value: 'hello-hello-hello-{n}', acks: 1 },
    ]);
    const log = r.cluster.brokers.get(1)!.replicaManager.getPartition('t', 0)!.log;
    const [batch] = log.read(0, 1 << 20);
    expect(new DataView(batch.bytes.buffer, batch.bytes.byteOffset).getInt16(21) & 7).toBe(1);
    const k = await kafkajsDecode(batch.bytes);
    expect(k.records.map((x: { value: Buffer }) => String(x.value))).toEqual(Array.from({ length: 20 }, (_, n) => `hello-hello-hello-${n}`));
  });

  it('records of one step go out as one batch up to batch.size, then more', () => {
    const small = run({ 'batch.size': 200 }, [
      { do: 'createTopic', topic: 't', partitions: 1, replicationFactor: 1 },
      { do: 'produce', topic: 't', count: 30, value: 'value-{n}', acks: 1 },
    ]);
    const big = run({}, [
      { do: 'createTopic', topic: 't', partitions: 1, replicationFactor: 1 },
      { do: 'produce', topic: 't', count: 30, value: 'value-{n}', acks: 1 },
    ]);
    const batches = (r: ScenarioRun) =>
      r.cluster.brokers
        .get(1)!
        .replicaManager.getPartition('t', 0)!
        .log.read(0, 1 << 20).length;
    expect(batches(big)).toBe(1);
    expect(batches(small)).toBeGreaterThanOrEqual(3);
  });

  it('null keys stick to one partition per batch (KIP-480), keys follow murmur2', () => {
    const r = run({}, [
      { do: 'createTopic', topic: 't', partitions: 6, replicationFactor: 1 },
      { do: 'produce', topic: 't', count: 10, acks: 1 },
    ]);
    const parts = new Set(
      r.cluster
        .producer('producer-1')
        .acked.slice(0)
        .map((a) => a.partition),
    );
    expect(parts.size).toBe(1);
  });

  it('records that cannot be delivered within the step fail with the last error seen', () => {
    const r = run({ 'min.insync.replicas': 3, 'request.timeout.ms': 2000 }, [
      { do: 'createTopic', topic: 't', partitions: 1, replicationFactor: 3 },
      { do: 'crashBroker', broker: 3 },
      { do: 'advance', ms: 40000 },
      { do: 'produce', topic: 't', count: 2, acks: 'all' },
    ]);
    expect(r.cluster.producer('producer-1').failed.slice(0)).toEqual([
      { topic: 't', partition: 0, error: 'NOT_ENOUGH_REPLICAS' },
      { topic: 't', partition: 0, error: 'NOT_ENOUGH_REPLICAS' },
    ]);
  });
});
