// A map from a learner's names (topics, groups, consumers, producers) to values, as a plain JSON object: with no
// prototype, "__proto__", "constructor" or "toString" are ordinary keys (an ordinary {} would set its prototype
// for "__proto__", or find Object.prototype's members for the others).
export function nameMap<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}
