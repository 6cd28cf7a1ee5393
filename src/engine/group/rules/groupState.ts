/**
 * The classic group coordinator's state machine (core/.../coordinator/group/GroupMetadata.scala:
 * `sealed trait GroupState { val validPreviousStates }`), as data.
 *
 *   Empty --join--> PreparingRebalance --all joined / rebalance timeout--> CompletingRebalance
 *   CompletingRebalance --leader's SyncGroup--> Stable
 *   Stable / CompletingRebalance --join, leave, member failure--> PreparingRebalance
 *   PreparingRebalance --all members left--> Empty
 *   any --group removed (partition emigration, offsets expired)--> Dead
 */

export const GROUP_STATES = ['Empty', 'PreparingRebalance', 'CompletingRebalance', 'Stable', 'Dead'] as const;
export type GroupState = (typeof GROUP_STATES)[number];

/** GroupMetadata.scala: each state's validPreviousStates. */
export const validPreviousStates: Readonly<Record<GroupState, readonly GroupState[]>> = {
  PreparingRebalance: ['Stable', 'CompletingRebalance', 'Empty'],
  CompletingRebalance: ['PreparingRebalance'],
  Stable: ['CompletingRebalance'],
  Dead: ['Stable', 'PreparingRebalance', 'CompletingRebalance', 'Empty', 'Dead'],
  Empty: ['PreparingRebalance'],
};

/** GroupMetadata.assertValidTransition: may a group in `from` move to `to`? */
export function canTransition(from: GroupState, to: GroupState): boolean {
  return validPreviousStates[to].includes(from);
}

/** GroupMetadata.transitionTo, minus the side effects: throws on an invalid transition. */
export function assertValidTransition(from: GroupState, to: GroupState): GroupState {
  if (!canTransition(from, to)) {
    throw new Error(`Group should be in the ${validPreviousStates[to].join(',')} states before moving to ${to} state. Instead it is in ${from} state`);
  }
  return to;
}

export function isGroupState(s: string): s is GroupState {
  return (GROUP_STATES as readonly string[]).includes(s);
}
