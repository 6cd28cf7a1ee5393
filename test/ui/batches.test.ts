// The batches the partition log lists are rebuilt from the trace; at every step end they must tile
// each replica's log exactly from its log start offset to its log end offset (the engine's truth).
import { describe, expect, it } from 'vitest';
import { ScenarioRun } from '../../src/scenario/runner';
import { validateScenario } from '../../src/scenario/validate';
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
