// A producer's acknowledged records, kept as runs of consecutive offsets: a million acks cost a few objects,
// and the state dump still lists them one by one (its first DUMP_LIST_MAX), in the order they were acknowledged.
// Its failed records likewise, as runs of one partition and one error.
import { AppendOnly } from '../sim/appendOnly';

export interface AckedRecord {
  topic: string;
  partition: number;
  offset: number;
}

interface Run {
  topic: string;
  partition: number;
  first: number;
  count: number;
}

export class AckedRecords {
  /** runs that cannot grow any more, frozen: a checkpoint shares them instead of copying (sim/snapshot.ts) */
  private closed = new AppendOnly<Readonly<Run>>();
  private open: Run | null = null;
  private total = 0;

  get length(): number {
    return this.total;
  }

  /** `count` records from `first` (offset -1 for acks=0, where no offset is known). */
  pushRun(topic: string, partition: number, first: number, count: number): void {
    if (count <= 0) return;
    this.total += count;
    const last = this.open;
    // a run of acks=0 records (offset unknown, -1) grows like one of consecutive offsets
    if (last && last.topic === topic && last.partition === partition && (first < 0 ? last.first < 0 : last.first >= 0 && last.first + last.count === first)) {
      last.count += count;
      return;
    }
    if (last) this.closed.push(Object.freeze(last));
    this.open = { topic, partition, first: first < 0 ? -1 : first, count };
  }

  /** Records from index `start` (in acknowledgement order) up to `end`. */
  slice(start = 0, end = Infinity): AckedRecord[] {
    const out: AckedRecord[] = [];
    let i = 0;
    for (const r of runsOf(this.closed, this.open)) {
      if (i >= end) break;
      if (i + r.count <= start) {
        i += r.count;
        continue;
      }
      const stop = Math.min(r.count, end - i);
      for (let k = Math.max(0, start - i); k < stop; k++) out.push({ topic: r.topic, partition: r.partition, offset: r.first < 0 ? -1 : r.first + k });
      i += r.count;
    }
    return out;
  }

  toJSON(): AckedRecord[] {
    return this.slice(0);
  }
}

/** The closed runs, then the open one. */
function* runsOf<R>(closed: AppendOnly<Readonly<R>>, open: R | null): Generator<Readonly<R>> {
  yield* closed;
  if (open) yield open;
}

export interface FailedRecord {
  topic: string;
  partition: number;
  error: string;
}

/** Records given up on, in order, as runs of one partition and one error. */
export class FailedRecords {
  private closed = new AppendOnly<Readonly<FailedRecord & { count: number }>>();
  private open: (FailedRecord & { count: number }) | null = null;
  private total = 0;

  get length(): number {
    return this.total;
  }

  push(r: FailedRecord): void {
    this.pushRun(r.topic, r.partition, r.error, 1);
  }

  pushRun(topic: string, partition: number, error: string, count: number): void {
    if (count <= 0) return;
    this.total += count;
    const last = this.open;
    if (last && last.topic === topic && last.partition === partition && last.error === error) {
      last.count += count;
      return;
    }
    if (last) this.closed.push(Object.freeze(last));
    this.open = { topic, partition, error, count };
  }

  /** Records from index `start` up to `end`. */
  slice(start = 0, end = Infinity): FailedRecord[] {
    const out: FailedRecord[] = [];
    let i = 0;
    for (const r of runsOf(this.closed, this.open)) {
      if (i >= end) break;
      const stop = Math.min(r.count, end - i);
      for (let k = Math.max(0, start - i); k < stop; k++) out.push({ topic: r.topic, partition: r.partition, error: r.error });
      i += r.count;
    }
    return out;
  }

  toJSON(): FailedRecord[] {
    return this.slice(0);
  }
}
