// One path for I/O failures (Kafka's LocalLog.maybeHandleIOException): a disk error of a log takes its log
// directory offline on the LogDirFailureChannel, callers get KAFKA_STORAGE_ERROR, and the broker, with no log
// directory left, halts (ReplicaManager.handleLogDirFailure).
import { describe, expect, it } from 'vitest';
import { SimDisk, DiskIOError } from '../../src/storage/disk/SimDisk';
import { UnifiedLog } from '../../src/storage/log/UnifiedLog';
import { KafkaStorageException, LogDirFailureChannel } from '../../src/storage/log/LogDirFailureChannel';
import { defaultLogConfig } from '../../src/storage/log/defaultLogConfig';
import { ScenarioRun } from '../../src/scenario/runner';
import { validateScenario } from '../../src/scenario/validate';

const rec = (v: string) => ({ key: null, value: new TextEncoder().encode(v), timestamp: 0 });

describe('maybeHandleIOException', () => {
  it('a full disk: the append fails before writing, the directory goes offline once, later operations fail at once', () => {
    const disk = new SimDisk();
    const log = UnifiedLog.create('t-0', defaultLogConfig(), disk, 0);
    const failed: string[] = [];
    log.failures = new LogDirFailureChannel((dir, message) => failed.push(`${dir}: ${message}`));
    log.appendAsLeader([rec('a')], 0, { producerId: -1, producerEpoch: -1, baseSequence: -1 }, 0);
    disk.capacityBytes = disk.usedBytes() + 10;
    const size = disk.size('t-0/00000000000000000000.log');
    expect(() => log.appendAsLeader([rec('b')], 0, { producerId: -1, producerEpoch: -1, baseSequence: -1 }, 0)).toThrow(KafkaStorageException);
    expect(disk.size('t-0/00000000000000000000.log')).toBe(size);
    expect(log.logEndOffset).toBe(1);
    expect(failed).toEqual([expect.stringMatching(/^kafka-logs: Error while appending records for t-0: No space left on device/)]);
    disk.capacityBytes = null; // even with space again, the directory stays offline until the broker restarts
    expect(() => log.read(0, 1000)).toThrow(/offline/);
    expect(failed.length).toBe(1);
  });

  it('the disk refuses a write that does not fit, whatever the operation', () => {
    const disk = new SimDisk();
    disk.capacityBytes = 8;
    disk.append('f', new Uint8Array(8));
    expect(() => disk.append('f', new Uint8Array(1))).toThrow(DiskIOError);
    expect(() => disk.writeFile('g', new Uint8Array(1))).toThrow(/No space left/);
    disk.write('f', 0, new Uint8Array(8)); // overwriting in place needs no space
    expect(disk.usedBytes()).toBe(8);
  });
});

describe('a broker whose disk fills up', () => {
  it('answers KAFKA_STORAGE_ERROR, halts, and the producer retries on the new leader', () => {
    const v = validateScenario({
      version: 1,
      id: 'disk-full',
      brokers: 3,
      steps: [
        { do: 'createTopic', topic: 't', partitions: 1, replicationFactor: 3 },
        { do: 'produce', topic: 't', count: 3 },
        { do: 'produce', topic: 't', count: 2 },
      ],
    });
    if (!v.ok) throw new Error(v.problem.message);
    const run = new ScenarioRun(v.scenario);
    run.runStep();
    run.runStep();
    const disk = run.cluster.brokers.get(1)!.disk;
    disk.capacityBytes = disk.usedBytes();
    run.runStep();
    const types = run.events.map((e) => e.type);
    expect(types).toContain('LogDirFailed');
    expect(run.events.find((e) => e.type === 'ProduceRetried')).toMatchObject({ error: 'KAFKA_STORAGE_ERROR' });
    const d = run.dump();
    expect(d.brokers['1'].status).toBe('crashed');
    expect(d.topics.t.partitions['0'].leader).not.toBe(1);
    expect(d.producers['producer-1'].acked.map((a) => a.offset)).toEqual([0, 1, 2, 3, 4]);
    expect(d.producers['producer-1'].failed).toEqual([]);
  });
});
