// produce: records through the producer's partitioner and accumulator; the step waits until every record is
// acknowledged or given up after delivery.timeout.ms (as send().get() would).
import { fillTemplate, type RecordSource } from '../../engine/client/Producer';
import type { Acks } from '../../engine/broker/requests';
import { LIMITS } from '../limits';
import { command, f, type StepProblem } from './spec';
import { refuse, requestTimeout } from './common';
import { Latch } from '../../engine/sim/call';

const enc = new TextEncoder();

function parseAcks(v: unknown): Acks {
  if (v === undefined || v === 'all' || v === -1 || v === '-1') return -1;
  return v === 0 || v === '0' ? 0 : 1;
}

/** The length of TextEncoder's UTF-8 for a string, without encoding it (a lone surrogate becomes U+FFFD, 3 bytes). */
export function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

/** The bytes of record n's key or value (null: none); fixed is the same for every n. */
const lengthOf = (template: string | null, n: number, fixed: number | null): number =>
  template === null ? 0 : (fixed ?? utf8Length(fillTemplate(template, n)!));

export default command({
  name: 'produce',
  required: { topic: f.topic },
  optional: {
    count: f.int(1, LIMITS.records),
    key: f.strOrNull,
    value: f.strOrNull,
    partition: f.int(0, LIMITS.partitions - 1),
    acks: f.oneOf(0, 1, -1, 'all', '0', '1', '-1'),
    producer: f.str,
    idempotent: f.bool,
  },
  doc: '`key`/`value` may hold `{n}`, the 0-based index within the step; with a key and no partition, murmur2 of the key picks the partition',
  validate(step): StepProblem | null {
    const bytes = (step.count ?? 1) * ((step.key?.length ?? 0) + (step.value?.length ?? 2));
    return bytes > LIMITS.produceBytes
      ? {
          field: 'count',
          code: 'tooLarge',
          params: { what: 'records', max: LIMITS.produceBytes },
          message: `count × (key + value) is ${bytes} characters, more than ${LIMITS.produceBytes}`,
        }
      : null;
  },
  execute(run, step, i) {
    const c = run.cluster;
    const p = c.producer(step.producer ?? 'producer-1');
    const acks = parseAcks(step.acks);
    // Kafka 3.x: idempotence is on by default, but only with acks=all; asked for explicitly with other acks it is a config error.
    if (step.idempotent === true && acks !== -1) return refuse(run, i, 'produce', 'INVALID_CONFIG');
    const idempotent = step.idempotent === undefined ? acks === -1 : step.idempotent;
    const topic = step.topic;
    // a transactional producer is idempotent with acks=all (KafkaProducer's config check); outside a transaction,
    // or with its transaction in an error state, send() fails at once
    if (p.txn && (!idempotent || acks !== -1)) return refuse(run, i, 'produce', 'INVALID_CONFIG');
    const refused = p.txn?.sendError();
    if (refused) {
      const count = step.count ?? 1;
      for (let n = 0; n < count; n++) p.failed.push({ topic, partition: step.partition ?? -1, error: refused });
      c.ctx.emit('ProduceFailed', { producer: p.name, topic, partition: step.partition ?? -1, error: refused, count });
      return;
    }
    if (!p.hasFreshMetadata(topic)) {
      const ready = new Latch();
      p.ensureMetadata(ready.signal);
      run.runUntil(() => ready.done, requestTimeout(run));
    }
    const count = step.count ?? 1;
    if (!p.knowsTopic(topic) || (step.partition !== undefined && step.partition >= p.partitionCount(topic))) {
      const partition = step.partition ?? -1;
      p.failed.pushRun(topic, partition, 'UNKNOWN_TOPIC_OR_PARTITION', count);
      c.ctx.emit('ProduceFailed', { producer: p.name, topic, partition, error: 'UNKNOWN_TOPIC_OR_PARTITION', count });
      return;
    }
    if (idempotent) {
      let got = false;
      p.initProducerId(
        () => c.allocateProducerId(),
        () => (got = true),
      );
      run.runUntil(() => got, requestTimeout(run));
    }
    const key = step.key ?? null;
    const value = step.value === undefined ? 'v{n}' : step.value;
    const fixedKey = key !== null && !key.includes('{n}') ? enc.encode(key) : null;
    const fixedValue = value !== null && !value.includes('{n}') ? utf8Length(value) : null;
    const source: RecordSource = {
      topic,
      key,
      value,
      timestamp: run.now,
      acks,
      idempotent,
      sizes: new Int32Array(count),
      createdAt: run.now,
      pending: count,
      ...(p.txn ? { transactional: true } : {}),
    };
    const partitions = new Int32Array(count);
    for (let n = 0; n < count; n++) {
      // the partitioner needs a key's bytes (murmur2); the sizes count for batch.size and the sticky partition
      const keyBytes = key === null ? null : (fixedKey ?? enc.encode(fillTemplate(key, n)!));
      const size = (keyBytes?.length ?? 0) + lengthOf(value, n, fixedValue) + 12;
      source.sizes[n] = size;
      partitions[n] = p.choosePartition(topic, keyBytes, step.partition, size);
    }
    p.send(source, partitions);
    // KIP-91: each request waits at most request.timeout.ms and retriable errors are retried, until
    // delivery.timeout.ms has passed since the records were sent; then they are given up with their last error
    if (!run.runUntil(() => source.pending === 0, c.ctx.config.num('delivery.timeout.ms'))) p.failSource(source);
  },
});
