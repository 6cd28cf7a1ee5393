// What a command's execution sees of the run: the cluster, the outcomes it records, and simulated time.
import type { Cluster } from '../../engine/cluster/Cluster';
import type { LookupDump, StateDump } from '../../engine/stateDump';

export interface RunContext {
  readonly cluster: Cluster;
  /** admin commands Kafka refused (the dump's `errors`) */
  readonly errors: StateDump['errors'];
  /** the dump's `lookups` */
  readonly lookups: LookupDump[];
  readonly now: number;
  /** Runs events until `done()` holds or `maxMs` of simulated time has passed; true if it held. */
  runUntil(done: () => boolean, maxMs: number): boolean;
  runFor(ms: number): void;
  dump(): StateDump;
  /** a failed expectation */
  fail(index: number, path: string, expected: unknown, actual: unknown): void;
}
