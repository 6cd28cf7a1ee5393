// A producer's acknowledged records, kept as runs of consecutive offsets: a million acks cost a few objects,
// and the state dump still lists them one by one (its first DUMP_LIST_MAX), in the order they were acknowledged.
// Its failed records likewise, as runs of one partition and one error.

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
  private runs: Run[] = [];
  private total = 0;

  get length(): number {
    return this.total;
  }

  /** `count` records from `first` (offset -1 for acks=0, where no offset is known). */
  pushRun(topic: string, partition: number, first: number, count: number): void {
    if (count <= 0) return;
    this.total += count;
    const last = this.runs[this.runs.length - 1];
    // a run of acks=0 records (offset unknown, -1) grows like one of consecutive offsets
    if (last && last.topic === topic && last.partition === partition && (first < 0 ? last.first < 0 : last.first >= 0 && last.first + last.count === first)) {
      last.count += count;
      return;
    }
    // a run that cannot grow any more is frozen: a checkpoint shares it instead of copying (sim/snapshot.ts)
    if (last) Object.freeze(last);
    this.runs.push({ topic, partition, first: first < 0 ? -1 : first, count });
  }

  /** Records from index `start` (in acknowledgement order) up to `end`. */
  slice(start = 0, end = Infinity): AckedRecord[] {
    const out: AckedRecord[] = [];
    let i = 0;
    for (const r of this.runs) {
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

export interface FailedRecord {
  topic: string;
  partition: number;
  error: string;
}

/** Records given up on, in order, as runs of one partition and one error. */
export class FailedRecords {
  private runs: (FailedRecord & { count: number })[] = [];
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
    const last = this.runs[this.runs.length - 1];
    if (last && last.topic === topic && last.partition === partition && last.error === error) last.count += count;
    else this.runs.push({ topic, partition, error, count });
  }

  /** Records from index `start` up to `end`. */
  slice(start = 0, end = Infinity): FailedRecord[] {
    const out: FailedRecord[] = [];
    let i = 0;
    for (const r of this.runs) {
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
