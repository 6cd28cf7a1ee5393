// A partition's log offset by offset, as transactions leave it: plain records, records of committed, aborted and
// still open transactions, and the COMMIT / ABORT control batches (one offset each). Derived from the trace: the
// leaders' appends (a transactional batch carries its producer id) and the markers they wrote.
import { eventsBy } from './eventIndex';
import type { SimEvent } from '../scenario/types';

export type EntryKind = 'record' | 'committed' | 'aborted' | 'open' | 'marker';

export interface LogEntry {
  first: number;
  last: number;
  kind: EntryKind;
  producerId?: number;
  marker?: 'COMMIT' | 'ABORT';
}

/**
 * The batches of the partition's log at the cursor, in offset order. A leader appends at its log end offset, so a
 * leader's append at offset o replaces whatever an earlier leader had written from o on (a divergent history).
 * A transactional batch is committed or aborted by the first marker of its producer after it (a producer has at
 * most one open transaction per partition: ProducerStateManager), and open while no marker has followed.
 */
/** The events txnEntries reads, by "topic/partition": the leader's appends and the transaction markers. */
const leaderLogKey = (e: SimEvent) => ((e.type === 'Appended' && e.asLeader === true) || e.type === 'TxnMarkerWritten' ? `${e.topic}/${e.partition}` : null);

export function txnEntries(events: SimEvent[], cursor: number, topic: string, partition: number): LogEntry[] {
  let out: LogEntry[] = [];
  const put = (e: LogEntry) => {
    if (out.length && out[out.length - 1].last >= e.first) out = out.filter((x) => x.first < e.first);
    out.push(e);
  };
  for (const i of eventsBy(events, leaderLogKey).get(`${topic}/${partition}`) ?? []) {
    if (i > cursor) break;
    const e = events[i];
    if (e.type === 'Appended' && e.asLeader === true)
      put({
        first: Number(e.firstOffset),
        last: Number(e.lastOffset),
        kind: e.transactional === true ? 'open' : 'record',
        ...(e.transactional === true ? { producerId: Number(e.producerId) } : {}),
      });
    else if (e.type === 'TxnMarkerWritten') {
      const marker = e.marker === 'ABORT' ? 'ABORT' : 'COMMIT';
      const producerId = Number(e.producerId);
      for (const x of out) if (x.kind === 'open' && x.producerId === producerId) x.kind = marker === 'COMMIT' ? 'committed' : 'aborted';
      put({ first: Number(e.offset), last: Number(e.offset), kind: 'marker', producerId, marker });
    }
  }
  return out;
}

/** What a consumer at each isolation level is returned from [from, to): read_uncommitted every data record below
 *  the high watermark, read_committed only below the last stable offset and without aborted records; neither ever
 *  gets a control record (Kafka's consumer drops them: CompletedFetch.nextFetchedRecord). */
export function readable(entries: LogEntry[], from: number, hw: number, lso: number): { uncommitted: number[]; committed: number[] } {
  const uncommitted: number[] = [];
  const committed: number[] = [];
  for (const e of entries) {
    if (e.kind === 'marker') continue;
    for (let o = Math.max(e.first, from); o <= e.last; o++) {
      if (o < hw) uncommitted.push(o);
      if (o < lso && e.kind !== 'aborted') committed.push(o);
    }
  }
  return { uncommitted, committed };
}

/** The entry holding each offset of [from, to) (undefined where the trace has none, e.g. below a restored start). */
export function offsetKinds(entries: LogEntry[], from: number, to: number): (LogEntry | undefined)[] {
  const cells: (LogEntry | undefined)[] = new Array<LogEntry | undefined>(Math.max(0, to - from)).fill(undefined);
  for (const e of entries) for (let o = Math.max(e.first, from); o <= e.last && o < to; o++) cells[o - from] = e;
  return cells;
}
