// A producer's acknowledged records, kept as runs of consecutive offsets: a million acks cost a few objects,
// and the state dump still lists them one by one, in the order they were acknowledged.

export interface AckedRecord { topic: string; partition: number; offset: number }

interface Run { topic: string; partition: number; first: number; count: number }

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
    if (last && last.topic === topic && last.partition === partition && first >= 0 && last.first >= 0 && last.first + last.count === first) {
      last.count += count;
      return;
    }
    if (first < 0) {
      for (let i = 0; i < count; i++) this.runs.push({ topic, partition, first: -1, count: 1 });
      return;
    }
    this.runs.push({ topic, partition, first, count });
  }

  /** Records from index `start` (in acknowledgement order) to the end. */
  slice(start = 0): AckedRecord[] {
    const out: AckedRecord[] = [];
    let i = 0;
    for (const r of this.runs) {
      if (i + r.count <= start) {
        i += r.count;
        continue;
      }
      for (let k = Math.max(0, start - i); k < r.count; k++) out.push({ topic: r.topic, partition: r.partition, offset: r.first < 0 ? -1 : r.first + k });
      i += r.count;
    }
    return out;
  }

  toJSON(): AckedRecord[] {
    return this.slice(0);
  }
}
