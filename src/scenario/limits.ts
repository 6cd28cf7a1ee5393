// The limits a scenario must keep (documented in docs/spec/scenario-format.md, "Limits"). Each is far above what a
// lesson or a real teaching scenario uses (the largest: the article's lookup lesson produces 368,769 records in one
// step; the benchmark runs 10,000 steps and 1,000,000 records), and low enough that a run stays a matter of
// seconds and its dump of megabytes. Kafka's own limits where it has them (topic names).

export const LIMITS = {
  /** a scenario file, in bytes (UTF-16 code units of its text) */
  fileSize: 10 * 1024 * 1024,
  steps: 10_000,
  /** how deep JSON values may nest (objects and arrays), anywhere in the file */
  depth: 64,
  /** brokers at any time: the header's plus every addBroker */
  brokers: 128,
  brokerId: 2_147_483_647,
  /** partitions of one topic (createTopic, addPartitions, an explicit assignment) */
  partitions: 10_000,
  replicationFactor: 64,
  /** records of one produce step */
  records: 1_000_000,
  /** the bytes one produce step writes: count × (key + value) */
  produceBytes: 128 * 1024 * 1024,
  /** a key or value (Kafka's default max.request.size is 1 MiB) */
  recordText: 1024 * 1024,
  /** simulated milliseconds of one advance, and of one waitFor's timeout */
  stepMs: 86_400_000,
  /** a GC pause */
  pauseMs: 3_600_000,
  /** responses one loseResponses step loses */
  lostResponses: 1_000,
  /** records one poll returns */
  pollRecords: 1_000_000,
  /** names of topics, groups, consumers and producers (Kafka's topic-name limit) */
  name: 249,
  /** a `say` text (each language), a title or a description */
  text: 10_000,
  label: 200,
  path: 1_000,
  /** consumers of one joinGroup, topics of one subscription */
  listItems: 1_000,
} as const;

/** Kafka's Topic.validate: 1 to 249 characters of [a-zA-Z0-9._-], and not "." or "..". */
export function topicNameProblem(name: string): string | null {
  if (name.length > LIMITS.name) return `at most ${LIMITS.name} characters`;
  if (name === '.' || name === '..') return 'not "." or ".."';
  if (!/^[a-zA-Z0-9._-]+$/.test(name)) return 'only the characters a-z, A-Z, 0-9, ".", "_" and "-"';
  return null;
}

/** The deepest nesting of objects and arrays in a JSON value, measured without recursion (stops past `limit`). */
export function depthOf(root: unknown, limit: number = LIMITS.depth): number {
  let max = 0;
  const stack: [unknown, number][] = [[root, 0]];
  while (stack.length) {
    const [v, d] = stack.pop()!;
    if (typeof v !== 'object' || v === null) continue;
    const depth = d + 1;
    if (depth > max) max = depth;
    if (max > limit) return max;
    for (const x of Array.isArray(v) ? v : Object.values(v)) stack.push([x, depth]);
  }
  return max;
}
