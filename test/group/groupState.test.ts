import { describe, it, expect } from 'vitest';
import { assertValidTransition, canTransition, GROUP_STATES, isGroupState, validPreviousStates, type GroupState } from '../../src/engine/group/rules';

describe('group state machine (GroupMetadata.scala validPreviousStates)', () => {
  it('has the five classic states', () => {
    expect([...GROUP_STATES].sort()).toEqual(['CompletingRebalance', 'Dead', 'Empty', 'PreparingRebalance', 'Stable']);
    expect(isGroupState('Stable')).toBe(true);
    expect(isGroupState('Assigning')).toBe(false);
  });

  it("Kafka's table", () => {
    expect(new Set(validPreviousStates.PreparingRebalance)).toEqual(new Set(['Stable', 'CompletingRebalance', 'Empty']));
    expect(validPreviousStates.CompletingRebalance).toEqual(['PreparingRebalance']);
    expect(validPreviousStates.Stable).toEqual(['CompletingRebalance']);
    expect(new Set(validPreviousStates.Dead)).toEqual(new Set(['Stable', 'PreparingRebalance', 'CompletingRebalance', 'Empty', 'Dead']));
    expect(validPreviousStates.Empty).toEqual(['PreparingRebalance']);
  });

  it('every (from, to) pair', () => {
    const allowed = new Set([
      'Empty>PreparingRebalance',
      'Stable>PreparingRebalance',
      'CompletingRebalance>PreparingRebalance',
      'PreparingRebalance>CompletingRebalance',
      'CompletingRebalance>Stable',
      'PreparingRebalance>Empty',
      'Empty>Dead',
      'PreparingRebalance>Dead',
      'CompletingRebalance>Dead',
      'Stable>Dead',
      'Dead>Dead',
    ]);
    for (const from of GROUP_STATES) for (const to of GROUP_STATES) expect(canTransition(from, to), `${from} -> ${to}`).toBe(allowed.has(`${from}>${to}`));
  });

  it('a whole life: first join, sync, a member leaves, everyone leaves, offsets expire', () => {
    const path: GroupState[] = [
      'Empty',
      'PreparingRebalance',
      'CompletingRebalance',
      'Stable',
      'PreparingRebalance',
      'CompletingRebalance',
      'Stable',
      'PreparingRebalance',
      'Empty',
      'Dead',
    ];
    for (let i = 1; i < path.length; i++) expect(assertValidTransition(path[i - 1], path[i])).toBe(path[i]);
  });

  it('no shortcut from Empty to Stable, no way back from Dead', () => {
    expect(() => assertValidTransition('Empty', 'Stable')).toThrow(/Empty state/);
    expect(canTransition('Dead', 'Empty')).toBe(false);
    expect(canTransition('Stable', 'CompletingRebalance')).toBe(false);
  });
});
