// The producer's accumulator keeps a produce step's records as blocks (RecordSource + RecordBlock) instead of one
// object per record. Kafka's KafkaProducer.send() hands RecordAccumulator.append ONE record per call; a batch closes
// when the next record does not fit (ProducerBatch.tryAppend returns null once MemoryRecordsBuilder.hasRoomFor is
// false) and a new one opens. These tests feed the same records both ways — one send() per record (Kafka's shape, and
// what this engine did before blocks) and one send() per step — and require byte-identical files on every broker's
// disk (.log, .index, .timeindex, checkpoints), the same state dump and the same events.
import { afterEach, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Producer, fillTemplate, type RecordBlock, type RecordSource } from '../../src/engine/client/Producer';
import { Latch } from '../../src/engine/sim/call';
import { utf8Length } from '../../src/scenario/commands/produce';
import { ScenarioRun } from '../../src/scenario/runner';
import { validateScenario } from '../../src/scenario/validate';
import { compareDisks } from '../../src/worker/logs';
import type { SimDisk } from '../../src/storage/disk/SimDisk';

const originalSend = Producer.prototype.send;
const originalFailSource = Producer.prototype.failSource;
const children = new WeakMap<RecordSource, RecordSource[]>();

/** send() one record at a time, as KafkaProducer.send does: each record its own source with its key and value filled. */
function perRecord(): void {
  Producer.prototype.send = function (this: Producer, source: RecordSource, partitions: ArrayLike<number>) {
    const kids: RecordSource[] = [];
    for (let n = 0; n < partitions.length; n++) {
      const kid: RecordSource = {
        ...source,
        key: fillTemplate(source.key, n),
        value: fillTemplate(source.value, n),
        sizes: Int32Array.of(source.sizes[n]),
        pending: 1,
      };
      kids.push(kid);
      originalSend.call(this, kid, [partitions[n]]);
    }
    children.set(source, kids);
    // produce.ts asks after every event whether any record is pending: a cursor past the settled ones keeps that cheap
    let settled = 0;
    Object.defineProperty(source, 'pending', {
      configurable: true,
      set: () => {},
      get: () => {
        while (settled < kids.length && kids[settled].pending === 0) settled++;
        return kids.length - settled;
      },
    });
  };
  Producer.prototype.failSource = function (this: Producer, source: RecordSource) {
    const kids = children.get(source)!;
    const queue = (this as unknown as { queue: Map<string, RecordBlock[]> }).queue;
    const left: RecordBlock[] = [];
    for (const kid of kids) for (const q of queue.values()) for (const b of q) if (b.source === kid && !b.done) left.push(b);
    this.fail(left);
  };
}

afterEach(() => {
  Producer.prototype.send = originalSend;
  Producer.prototype.failSource = originalFailSource;
});

function scenario(json: Record<string, unknown>) {
  const v = validateScenario({ version: 1, id: 'bulk', ...json });
  if (!v.ok) throw new Error(v.problem.message);
  return v.scenario;
}

function disks(run: ScenarioRun): Map<number, SimDisk> {
  return new Map(run.cluster.sortedBrokers().map((b) => [b.id, b.disk]));
}

/** Runs the scenario with blocks and with one send() per record; both must leave the same bytes, dump and events. */
function bothWays(json: Record<string, unknown>, drive?: (run: ScenarioRun) => void) {
  const go = () => {
    const run = new ScenarioRun(scenario(json));
    run.runToEnd();
    drive?.(run);
    return run;
  };
  const blocks = go();
  perRecord();
  const single = go();
  const check = compareDisks(disks(blocks), disks(single));
  expect(check.matched).toBe(true);
  const files = [...disks(blocks).values()].flatMap((d) => d.list(''));
  expect(JSON.stringify(blocks.dump())).toBe(JSON.stringify(single.dump()));
  expect(JSON.stringify(blocks.events)).toBe(JSON.stringify(single.events));
  return { blocks, files, check };
}

describe('a produce step as blocks writes what one send() per record writes', () => {
  it("utf8Length is TextEncoder's length (astral characters 4 bytes, lone surrogates 3)", () => {
    const enc = new TextEncoder();
    for (const s of ['', 'abc', 'é', '中文', '😀', 'a😀b', '\ud800', '\ud800x', 'x\udc00', '\ud800\ud800\udc00', '\udc00\ud800'])
      expect(utf8Length(s)).toBe(enc.encode(s).length);
  });

  it('one partition, segments rolled, an index entry every 400 bytes (the offset-lookup lesson in small)', () => {
    const { files, check } = bothWays({
      brokers: 1,
      config: { 'batch.size': 3000 },
      steps: [
        { do: 'createTopic', topic: 't', partitions: 1, replicationFactor: 1, config: { 'index.interval.bytes': 400, 'segment.bytes': 20000 } },
        { do: 'produce', topic: 't', count: 5000, value: null, acks: 1 },
        { do: 'produce', topic: 't', count: 700, value: 'x{n}y', acks: 1 },
      ],
    });
    expect(files.filter((f) => f.endsWith('.log')).length).toBeGreaterThan(2);
    expect(files.some((f) => f.endsWith('.index'))).toBe(true);
    expect(files.some((f) => f.endsWith('.timeindex'))).toBe(true);
    expect(check.bytes).toBeGreaterThan(40000);
  });

  it('keyed records over 6 partitions at RF 3, acks=all and idempotent (sequence numbers), multi-byte values', () => {
    const { blocks } = bothWays({
      brokers: 3,
      config: { 'batch.size': 900 },
      steps: [
        { do: 'createTopic', topic: 't', partitions: 6, replicationFactor: 3 },
        { do: 'produce', topic: 't', count: 1500, key: 'k{n}', value: 'значение-{n}-😀', acks: 'all' },
        { do: 'produce', topic: 't', count: 300, key: 'same', value: '{n}\ud800', acks: 'all' },
        { do: 'advance', ms: 2000 },
      ],
    });
    expect(blocks.cluster.producer('producer-1').acked.length).toBe(1800);
  });

  it('null keys: the sticky partitioner moves on as batches fill (KIP-480); acks=0 and acks=1 steps', () => {
    bothWays({
      brokers: 3,
      config: { 'batch.size': 500 },
      steps: [
        { do: 'createTopic', topic: 't', partitions: 4, replicationFactor: 2 },
        { do: 'produce', topic: 't', count: 800, value: 'v-{n}', acks: 1 },
        { do: 'produce', topic: 't', count: 200, acks: 0 },
        { do: 'advance', ms: 1000 },
      ],
    });
  });

  it('records given up after delivery.timeout.ms fail with the same errors, counts and events', () => {
    const { blocks } = bothWays({
      brokers: 3,
      config: { 'min.insync.replicas': 3, 'request.timeout.ms': 2000, 'delivery.timeout.ms': 6000, 'batch.size': 300 },
      steps: [
        { do: 'createTopic', topic: 't', partitions: 2, replicationFactor: 3 },
        { do: 'crashBroker', broker: 3 },
        { do: 'advance', ms: 40000 },
        { do: 'produce', topic: 't', count: 120, acks: 'all', idempotent: false },
      ],
    });
    expect(blocks.cluster.producer('producer-1').failed.length).toBe(120);
  });

  it('a lost response: the batch is retried, split and re-batched the same way', () => {
    bothWays({ brokers: 3, config: { 'batch.size': 700 }, steps: [{ do: 'createTopic', topic: 't', partitions: 1, replicationFactor: 3 }] }, (run) => {
      const c = run.cluster;
      const p = c.producer('producer-1');
      const ready = new Latch();
      p.ensureMetadata(ready.signal);
      run.runUntil(() => ready.done, 10000);
      let got = false;
      p.initProducerId(
        () => c.allocateProducerId(),
        () => (got = true),
      );
      run.runUntil(() => got, 10000);
      const count = 400;
      const source: RecordSource = {
        topic: 't',
        key: null,
        value: 'r{n}',
        timestamp: run.now,
        acks: -1,
        idempotent: true,
        sizes: new Int32Array(count),
        createdAt: run.now,
        pending: count,
      };
      for (let n = 0; n < count; n++) source.sizes[n] = 12 + utf8Length(`r${n}`);
      p.send(source, new Int32Array(count));
      const leader = c.activeController()!.states.get('t-0')!.leader!;
      const at = c.events.length;
      run.runUntil(() => c.events.slice(at).some((e) => e.type === 'Appended'), 1000);
      c.ctx.network.cutLink('producer-1', `broker-${leader}`);
      run.runFor(40000);
      c.heal();
      run.runUntil(() => source.pending === 0, 120000);
      expect(source.pending).toBe(0);
    });
  });

  it('the offset-lookup lesson (737,106 records): the same segments, dump and events', () => {
    const json = JSON.parse(readFileSync(join(import.meta.dirname, '../../public/lessons/offset-lookup-article.json'), 'utf8'));
    const { blocks, files } = bothWays(json);
    expect(blocks.failures).toEqual([]);
    expect(files.filter((f) => f.endsWith('.log')).length).toBe(3);
  }, 180_000);
});
