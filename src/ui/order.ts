// Sorting names (znode paths, topic-partitions, member ids) without localeCompare: its first call in a page builds
// an ICU collator (about a hundred milliseconds), paid during the first paint. Code-point order, as Kafka's own
// tools print them.
export const byCodePoint = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
