// The batches the partition log lists are rebuilt from the trace; at every step end they must tile
// each replica's log exactly from its log start offset to its log end offset (the engine's truth).
import { describe, expect, it } from 'vitest';
import { ScenarioRun } from '../../src/scenario/runner';
import { validateScenario } from '../../src/scenario/validate';
import type { SimEvent } from '../../src/scenario/types';
import { batchesOf } from '../../src/ui/selectors';

const scenarios: Record<string, object[]> = {
  'acks=1 failover and truncation': [
    { do: 'createTopic', topic: 'a', partitions: 1, replicationFactor: 3 },
    { do: 'produce', topic: 'a', count: 5, acks: 'all' },
    { do: 'isolate', broker: 1, from: 'brokers' },
    { do: 'produce', topic: 'a', count: 3, acks: 1 },
    { do: 'crashBroker', broker: 1 },
    { do: 'advance', ms: 30000 },
    { do: 'produce', topic: 'a', count: 2, acks: 'all' },
    { do: 'heal' },
    { do: 'startBroker', broker: 1 },
    { do: 'advance', ms: 10000 },
  ],
  // the leader writes COMMIT / ABORT control batches of one offset each (TxnMarkerWritten), between the records
  transactions: [
    { do: 'createTopic', topic: 't', partitions: 2, replicationFactor: 3 },
    { do: 'beginTransaction', producer: 'p', transactionalId: 'tx' },
    { do: 'produce', producer: 'p', topic: 't', partition: 0, count: 2 },
    { do: 'produce', producer: 'p', topic: 't', partition: 1 },
    { do: 'abortTransaction', producer: 'p' },
    { do: 'advance', ms: 100 },
    { do: 'beginTransaction', producer: 'p', transactionalId: 'tx' },
    { do: 'produce', producer: 'p', topic: 't', partition: 0 },
    { do: 'commitTransaction', producer: 'p' },
    { do: 'produce', topic: 't', partition: 0, count: 3 },
    { do: 'advance', ms: 1000 },
  ],
  'power loss': [
    { do: 'createTopic', topic: 'b', partitions: 2, replicationFactor: 2 },
    { do: 'produce', topic: 'b', count: 6, key: 'k{n}' },
    { do: 'crashBroker', broker: 2, loseUnflushed: true },
    { do: 'advance', ms: 25000 },
    { do: 'startBroker', broker: 2 },
    { do: 'advance', ms: 10000 },
  ],
};

describe('record batches rebuilt from the trace', () => {
  for (const [name, steps] of Object.entries(scenarios)) {
    it(name, () => {
      const v = validateScenario({ version: 1, id: 'batches', brokers: 3, steps });
      if (!v.ok) throw new Error(v.problem.message);
      const run = new ScenarioRun(v.scenario);
      while (run.nextStep < v.scenario.steps.length) {
        run.runStep();
        const d = run.dump();
        const cursor = run.events.length - 1;
        for (const [topic, t] of Object.entries(d.topics)) {
          if (topic.startsWith('__')) continue;
          for (const [p, pd] of Object.entries(t.partitions)) {
            for (const [b, log] of Object.entries(pd.logs)) {
              const batches = batchesOf(run.events, cursor, Number(b), topic, Number(p), log.logStartOffset, log.leo);
              const where = `${name}: step ${run.nextStep - 1}, ${topic}-${p} on broker ${b}`;
              if (log.leo === log.logStartOffset) {
                expect(batches, where).toEqual([]);
                continue;
              }
              expect(batches[0].firstOffset, where).toBeLessThanOrEqual(log.logStartOffset);
              expect(batches[batches.length - 1].lastOffset, where).toBe(log.leo - 1);
              for (let i = 1; i < batches.length; i++) expect(batches[i].firstOffset, where).toBe(batches[i - 1].lastOffset + 1);
            }
          }
        }
      }
    });
  }
});

/** The partition log's batches as first written: the trace walked forward from its start (the definition). */
function forward(events: SimEvent[], cursor: number, broker: number, topic: string, partition: number, logStartOffset: number, leo: number) {
  let out: { firstOffset: number; lastOffset: number; seq: number; marker?: string }[] = [];
  for (const e of events.slice(0, cursor + 1)) {
    if (e.broker !== broker || e.topic !== topic || e.partition !== partition) continue;
    if (e.type === 'Appended') out.push({ firstOffset: Number(e.firstOffset), lastOffset: Number(e.lastOffset), seq: e.seq });
    else if (e.type === 'TxnMarkerWritten') out.push({ firstOffset: Number(e.offset), lastOffset: Number(e.offset), seq: e.seq, marker: String(e.marker) });
    else if (e.type === 'LogTruncated') out = out.filter((b) => b.firstOffset < Number(e.to));
    else if (e.type === 'UnflushedLost') out = out.filter((b) => b.firstOffset < Number(e.from));
    else if (e.type === 'LogRecovered') out = out.filter((b) => b.lastOffset < Number(e.leo));
  }
  return out.filter((b) => b.lastOffset >= logStartOffset && b.lastOffset < leo);
}

describe('the last batches, read backwards from the cursor', () => {
  it('are the last of what the whole trace read forwards gives, at every event', () => {
    let truncatedSeen = 0;
    for (const steps of Object.values(scenarios)) {
      const v = validateScenario({ version: 1, id: 'batches', brokers: 3, steps });
      if (!v.ok) throw new Error(v.problem.message);
      const run = new ScenarioRun(v.scenario);
      run.runToEnd();
      const d = run.dump();
      for (let cursor = 0; cursor < run.events.length; cursor++) {
        if (['LogTruncated', 'UnflushedLost', 'LogRecovered'].includes(run.events[cursor].type)) truncatedSeen++;
        for (const [topic, t] of Object.entries(d.topics)) {
          if (topic.startsWith('__')) continue;
          for (const [p, pd] of Object.entries(t.partitions))
            for (const b of Object.keys(pd.logs)) {
              // the bounds of the end: they cut both ways alike (what each keeps is what is compared)
              const { logStartOffset, leo } = pd.logs[b];
              const want = forward(run.events, cursor, Number(b), topic, Number(p), logStartOffset, leo);
              const all = batchesOf(run.events, cursor, Number(b), topic, Number(p), logStartOffset, leo);
              expect(all.map((x) => [x.firstOffset, x.lastOffset, x.seq, x.marker])).toEqual(want.map((x) => [x.firstOffset, x.lastOffset, x.seq, x.marker]));
              expect(batchesOf(run.events, cursor, Number(b), topic, Number(p), logStartOffset, leo, 2)).toEqual(all.slice(-2));
            }
        }
      }
    }
    expect(truncatedSeen).toBeGreaterThan(0); // the removals were met
  });

  it('read only the events after the last ones they show (a seek does not walk the history)', () => {
    const steps: object[] = [{ do: 'createTopic', topic: 'a', partitions: 1, replicationFactor: 1 }];
    for (let i = 0; i < 200; i++) steps.push({ do: 'produce', topic: 'a', count: 1 });
    const v = validateScenario({ version: 1, id: 'long', brokers: 1, steps });
    if (!v.ok) throw new Error(v.problem.message);
    const run = new ScenarioRun(v.scenario);
    run.runToEnd();
    const log = run.dump().topics.a.partitions['0'].logs['1'];
    const events = run.events;
    const read = new Set<number>();
    const watched = new Proxy(events, {
      get(target, key, recv) {
        if (typeof key === 'string' && /^\d+$/.test(key)) read.add(Number(key));
        return Reflect.get(target, key, recv) as unknown;
      },
    });
    batchesOf(watched, events.length - 1, 1, 'a', 0, log.logStartOffset, log.leo); // the index, built once per trace
    read.clear();
    const last = batchesOf(watched, events.length - 1, 1, 'a', 0, log.logStartOffset, log.leo, 3);
    expect(last.map((b) => b.lastOffset)).toEqual([197, 198, 199]);
    expect(read.size).toBe(3);
  });
});
