// Eligible leader replicas (KIP-966; the KRaft controller's PartitionChangeBuilder, Kafka 4.0, behind the feature
// eligible.leader.replicas.version). When a change takes the ISR below min.insync.replicas, the replicas that leave
// it stay "eligible": the high watermark cannot have moved past them (KAFKA-15583), so each holds every committed
// record. The ISR may then shrink to nothing; a new leader comes from the ISR, or from the ELR when the ISR is empty.
// A broker back from an unclean shutdown (its unflushed data may be gone) leaves the ELR.
// Java's HashSet of small broker ids iterates in ascending order: lists here are sorted ascending.

export interface ElrPartition {
  replicas: number[];
  leader: number | null;
  isr: number[];
  elr: number[];
  lastKnownElr: number[];
}

const asc = (xs: Iterable<number>) => [...new Set(xs)].sort((a, b) => a - b);

/** PartitionChangeBuilder.maybePopulateTargetElr: the ELR and last known ELR that go with a target ISR. */
export function populateTargetElr(
  p: ElrPartition,
  targetIsr: readonly number[],
  minIsr: number,
  uncleanShutdown: readonly number[] = [],
): { elr: number[]; lastKnownElr: number[] } {
  if (targetIsr.length >= minIsr) return { elr: [], lastKnownElr: [] };
  const candidates = new Set([...p.elr, ...p.isr]);
  const elr = asc([...candidates].filter((r) => !targetIsr.includes(r) && !uncleanShutdown.includes(r)));
  for (const r of p.lastKnownElr) candidates.add(r);
  const lastKnownElr = asc([...candidates].filter((r) => !targetIsr.includes(r) && !elr.includes(r)));
  return { elr, lastKnownElr };
}

export interface ElrChange {
  leader: number | null;
  isr: number[];
  elr: number[];
  lastKnownElr: number[];
  unclean: boolean;
  /** the leader came from the ELR */
  fromElr: boolean;
}

/**
 * PartitionChangeBuilder.build for an ONLINE (or, when the topic allows it, UNCLEAN) election with ELR enabled:
 * the target ELR first, then a leader that is valid (PartitionChangeBuilder.isValidNewLeader: in the target ISR, or
 * in the target ELR while the ISR is empty, and acceptable), the current leader kept when it still is; a leader
 * taken from the ELR becomes the ISR; an unclean election clears the ELR. The ISR is allowed to be empty.
 */
export function partitionChangeWithElr(
  p: ElrPartition,
  targetIsr: readonly number[],
  minIsr: number,
  acceptable: (b: number) => boolean,
  opts: { uncleanAllowed?: boolean; uncleanShutdown?: readonly number[] } = {},
): ElrChange {
  const target = populateTargetElr(p, targetIsr, minIsr, opts.uncleanShutdown);
  let isr = [...targetIsr];
  let elr = target.elr;
  let lastKnownElr = target.lastKnownElr;
  const valid = (r: number) => (isr.includes(r) || (isr.length === 0 && elr.includes(r))) && acceptable(r);
  let leader: number | null = p.leader !== null && valid(p.leader) ? p.leader : (p.replicas.find(valid) ?? null);
  let unclean = false;
  if (leader === null && opts.uncleanAllowed) {
    leader = p.replicas.find(acceptable) ?? null;
    unclean = leader !== null;
  }
  const fromElr = leader !== null && !unclean && elr.includes(leader);
  if (fromElr) {
    isr = [leader!];
    elr = elr.filter((r) => r !== leader);
  } else if (unclean) {
    // "If the election was unclean, we have to forcibly set the ISR to just the new leader"; ELR fields cleared
    isr = [leader!];
    elr = [];
    lastKnownElr = [];
  }
  return { leader, isr, elr, lastKnownElr, unclean, fromElr };
}
