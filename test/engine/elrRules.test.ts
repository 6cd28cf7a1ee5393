// Eligible leader replicas (KIP-966) as the KRaft controller's PartitionChangeBuilder computes them, with the cases
// and expected values of Kafka's PartitionChangeBuilderTest (trunk 4.0.0-SNAPSHOT, ELR enabled, version 2 records,
// useLastKnownLeaderInBalancedRecovery false).
import { describe, expect, it } from 'vitest';
import { partitionChangeWithElr, populateTargetElr, type ElrPartition } from '../../src/engine/rules/eligibleLeaderReplicas';

const part = (o: Partial<ElrPartition>): ElrPartition => ({ replicas: [1, 2, 3, 4], leader: 1, isr: [1, 2, 3, 4], elr: [], lastKnownElr: [], ...o });

describe('PartitionChangeBuilder with eligible leader replicas', () => {
  it('testEligibleLeaderReplicas_IsrShrinkBelowMinISR: the replicas leaving an ISR below min ISR become the ELR', () => {
    const c = partitionChangeWithElr(part({}), [1, 2], 3, (r) => r !== 3);
    expect(c).toMatchObject({ leader: 1, isr: [1, 2], elr: [3, 4], lastKnownElr: [] });
  });

  it('testEligibleLeaderReplicas_IsrExpandAboveMinISR: back at min ISR, ELR and last known ELR are cleared', () => {
    expect(populateTargetElr(part({ isr: [1, 2], elr: [3], lastKnownElr: [4] }), [1, 2, 3], 3)).toEqual({ elr: [], lastKnownElr: [] });
  });

  it('testEligibleLeaderReplicas_IsrAddNewMemberNotInELR: a new ISR member below min ISR leaves ELR and last known ELR as they are', () => {
    expect(populateTargetElr(part({ isr: [1], elr: [3], lastKnownElr: [2] }), [1, 4], 3)).toEqual({ elr: [3], lastKnownElr: [2] });
  });

  it('testEligibleLeaderReplicas_RemoveUncleanShutdownReplicasFromElr: an unclean shutdown moves a replica to the last known ELR', () => {
    expect(populateTargetElr(part({ isr: [1], elr: [2, 3] }), [1], 3, [3])).toEqual({ elr: [2], lastKnownElr: [3] });
  });

  it('testEligibleLeaderReplicas_ElrCanBeElected: with the ISR empty a live ELR member leads and becomes the ISR', () => {
    const c = partitionChangeWithElr(part({ isr: [1], elr: [3], lastKnownElr: [2] }), [], 3, (r) => r !== 1);
    expect(c).toEqual({ leader: 3, isr: [3], elr: [1], lastKnownElr: [2], unclean: false, fromElr: true });
  });

  it('testEligibleLeaderReplicas_IsrCanShrinkToZero: every replica offline leaves an empty ISR and all in the ELR', () => {
    const c = partitionChangeWithElr(part({}), [], 3, () => false);
    expect(c).toMatchObject({ leader: null, isr: [], elr: [1, 2, 3, 4], lastKnownElr: [] });
  });

  it('an unclean election (the topic allows it) clears the ELR fields (maybeUpdateRecordElr)', () => {
    const c = partitionChangeWithElr(part({ isr: [1], elr: [2] }), [], 2, (r) => r === 4, { uncleanAllowed: true });
    expect(c).toEqual({ leader: 4, isr: [4], elr: [], lastKnownElr: [], unclean: true, fromElr: false });
  });

  it('keeps a current leader that is still valid (electAnyLeader)', () => {
    const c = partitionChangeWithElr(part({ leader: 2, isr: [1, 2] }), [1, 2], 2, () => true);
    expect(c).toMatchObject({ leader: 2, isr: [1, 2], elr: [] });
  });
});
