// The log view's transactions, rebuilt from the trace (src/ui/txnLog.ts), against the engine's truth: at every step
// of the transactions lesson each batch the selector draws is the batch in the leader's log (a control batch where
// the log has a COMMIT/ABORT marker, a transactional batch where attribute bit 4 is set), and what it says each
// isolation level reads is what the lesson's read_committed and read_uncommitted consumers were given.
// Kafka: a transaction's records are committed or aborted by the next marker of their producer
// (ProducerStateManager / ProducerAppendInfo.appendEndTxnMarker); read_committed stops at the LSO and drops aborted
// records (UnifiedLog.read with FetchIsolation.TXN_COMMITTED, CompletedFetch.nextFetchedRecord); control records are
// never returned to the application.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ScenarioRun } from '../../src/scenario/runner';
import { validateScenario } from '../../src/scenario/validate';
import { decodeRecordBatch } from '../../src/storage/format/recordBatch';
import { endTxnMarkerOf } from '../../src/storage/format/controlRecord';
import { offsetKinds, readable, txnEntries } from '../../src/ui/txnLog';

function lesson(): ScenarioRun {
  const v = validateScenario(JSON.parse(readFileSync(join(__dirname, '../../public/lessons/transactions.json'), 'utf8')));
  if (!v.ok) throw new Error(v.problem.message);
  return new ScenarioRun(v.scenario);
}

/** The leader's log of a partition as it is on disk: per batch, its offsets and what kind of batch it is. */
function leaderLog(r: ScenarioRun, topic: string, partition: number) {
  const c = r.cluster;
  const leader = c.activeController()!.states.get(`${topic}-${partition}`)!.leader!;
  const log = c.brokers.get(leader)!.replicaManager.getPartition(topic, partition)!.log;
  return log.read(0, 1 << 20).map((b) => {
    const d = decodeRecordBatch(b.bytes);
    const m = endTxnMarkerOf(d);
    return { first: b.baseOffset, last: b.lastOffset, marker: m?.type, transactional: d.transactional, producerId: d.header.producerId };
  });
}

describe('transactions in the log view, from the trace', () => {
  it('draws every batch of the leader’s log as it is on disk, at every step of the lesson', () => {
    const r = lesson();
    const steps = r.scenario.steps.length;
    let checked = 0;
    while (r.nextStep < steps) {
      r.runStep();
      for (const p of [0, 1]) {
        const disk = leaderLog(r, 'transfers', p);
        const drawn = txnEntries(r.events, r.events.length - 1, 'transfers', p);
        const where = `step ${r.nextStep - 1}, transfers-${p}`;
        expect(
          drawn.map((e) => [e.first, e.last]),
          where,
        ).toEqual(disk.map((b) => [b.first, b.last]));
        disk.forEach((b, i) => {
          const e = drawn[i];
          if (b.marker) expect([e.kind, e.marker, e.producerId], where).toEqual(['marker', b.marker, b.producerId]);
          else if (b.transactional) {
            expect(['committed', 'aborted', 'open'], where).toContain(e.kind);
            expect(e.producerId, where).toBe(b.producerId);
            // committed or aborted by the next marker of its producer in the log, open while there is none
            const next = disk.slice(i + 1).find((x) => x.marker && x.producerId === b.producerId);
            expect(e.kind, where).toBe(next ? (next.marker === 'COMMIT' ? 'committed' : 'aborted') : 'open');
          } else expect(e.kind, where).toBe('record');
          checked++;
        });
      }
    }
    expect(checked).toBeGreaterThan(100);
  });

  it('worked example: the LSO held by an open transaction, then the end of the lesson', () => {
    const r = lesson();
    // step 9: abort (offsets 0, 1), a second transaction open at offset 2
    while (r.nextStep <= 9) r.runStep();
    let d = r.dump().topics.transfers.partitions['0'];
    let entries = txnEntries(r.events, r.events.length - 1, 'transfers', 0);
    expect([d.hw, d.lso]).toEqual([3, 2]);
    expect(offsetKinds(entries, 0, 3).map((e) => e?.kind)).toEqual(['aborted', 'marker', 'open']);
    expect(entries[1].marker).toBe('ABORT');
    expect(readable(entries, 0, d.hw!, d.lso!)).toEqual({ uncommitted: [0, 2], committed: [] });

    r.runToEnd();
    d = r.dump().topics.transfers.partitions['0'];
    entries = txnEntries(r.events, r.events.length - 1, 'transfers', 0);
    expect([d.hw, d.lso]).toEqual([8, 8]);
    expect(offsetKinds(entries, 0, 8).map((e) => (e?.kind === 'marker' ? e.marker : e?.kind))).toEqual([
      'aborted',
      'ABORT',
      'committed',
      'COMMIT',
      'aborted', // the zombie's transaction, aborted when its successor started (TxnFenced)
      'ABORT',
      'committed',
      'COMMIT',
    ]);
    const read = readable(entries, 0, d.hw!, d.lso!);
    expect(read).toEqual({ uncommitted: [0, 2, 4, 6], committed: [2, 6] });
    // what the lesson's consumers were actually given from transfers-0
    const got = (c: string) =>
      r
        .dump()
        .consumers[c].consumed.filter((x) => x.partition === 0)
        .map((x) => x.offset);
    expect(got('auditor')).toEqual(read.committed);
    expect(got('dashboard')).toEqual(read.uncommitted);
  });
});
