// The controller's leader election rules (Kafka's PartitionLeaderElectionAlgorithms).

export interface ElectionResult {
  leader: number | null;
  isr: number[];
  unclean: boolean;
}

/** Offline partition: the first live replica in assignment order that is in the ISR; else, if unclean
 *  election is allowed, the first live replica (ISR becomes just it); else no leader, ISR kept. */
export function offlinePartitionLeaderElection(
  assignment: number[],
  isr: number[],
  live: (b: number) => boolean,
  uncleanLeaderElectionEnabled: boolean,
): ElectionResult {
  const clean = assignment.find((b) => live(b) && isr.includes(b));
  if (clean !== undefined) return { leader: clean, isr: isr.filter(live), unclean: false };
  if (uncleanLeaderElectionEnabled) {
    const any = assignment.find((b) => live(b));
    if (any !== undefined) return { leader: any, isr: [any], unclean: true };
  }
  return { leader: null, isr: lastIsr(isr, live), unclean: false };
}

/** Kafka never empties the ISR: when no member is left alive it keeps the last one. */
function lastIsr(isr: number[], live: (b: number) => boolean): number[] {
  const alive = isr.filter(live);
  // Removing dead members one by one (sorted) leaves the last of them.
  return alive.length ? alive : isr.length ? [isr[isr.length - 1]] : [];
}

/** Preferred replica election: the first replica of the assignment, if it is live and in the ISR. */
export function preferredReplicaPartitionLeaderElection(assignment: number[], isr: number[], live: (b: number) => boolean): number | null {
  const preferred = assignment[0];
  return preferred !== undefined && live(preferred) && isr.includes(preferred) ? preferred : null;
}

/** Controlled shutdown: the first live ISR replica that is not shutting down; the ISR loses the shutting ones. */
export function controlledShutdownPartitionLeaderElection(
  assignment: number[],
  isr: number[],
  live: (b: number) => boolean,
  shuttingDown: Set<number>,
): ElectionResult {
  const newIsr = isr.filter((b) => !shuttingDown.has(b));
  const leader = assignment.find((b) => live(b) && newIsr.includes(b) && !shuttingDown.has(b));
  return { leader: leader ?? null, isr: leader === undefined ? isr : newIsr, unclean: false };
}

/** auto.leader.rebalance.enable: a broker's imbalance = partitions it should lead but does not / partitions it should lead. */
export function leaderImbalanceRatio(broker: number, partitions: { replicas: number[]; leader: number | null }[]): number {
  const preferredHere = partitions.filter((p) => p.replicas[0] === broker);
  if (preferredHere.length === 0) return 0;
  const notLed = preferredHere.filter((p) => p.leader !== broker).length;
  return notLed / preferredHere.length;
}
