/** Consumer-group rules: pure functions, no I/O, no clock, no randomness. */
export * from './types';
export * from './assignors';
export { rangeAssign, rangeSlice } from './rangeAssignor';
export { roundRobinAssign, allPartitionsSorted } from './roundRobinAssignor';
export { abstractStickyAssign, DEFAULT_GENERATION, type StickyOptions, type StickyResult } from './abstractStickyAssignor';
export { stickyAssign } from './stickyAssignor';
export {
  cooperativeStickyAssign,
  cooperativeStickyAssignDetailed,
  type CooperativeRevocations,
  type CooperativeStickyResult,
} from './cooperativeStickyAssignor';
export * from './coordinator';
export * from './groupState';
export * from './offsetsKey';
export { javaStringHashMapOrder, javaHashMapOrder, javaHashMapCapacity, javaSpread, topicPartitionHashCode } from './javaOrder';
