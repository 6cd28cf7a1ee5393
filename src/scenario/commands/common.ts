// Helpers the commands share: waiting for the controller's decisions to reach the brokers, and recording an
// admin request Kafka refused.
import type { Cluster } from '../../engine/cluster/Cluster';
import { tpKey } from '../../engine/broker/requests';
import type { RunContext } from './context';

/** How long a command waits for the controller's decisions to reach every live replica. */
export const PROPAGATION_TIMEOUT_MS = 10000;

export function requestTimeout(run: RunContext): number {
  return run.cluster.ctx.config.num('request.timeout.ms');
}

/** An admin request Kafka refused: an outcome in the dump's `errors`, not a runner error. */
export function refuse(run: RunContext, i: number, command: string, error: string): void {
  run.errors.push({ step: i, do: command, error });
  run.cluster.ctx.emit('AdminRequestFailed', { index: i, do: command, error });
}

/** Every live replica knows the controller's current leader and epoch for the topic's partitions. */
export function leadershipPropagated(c: Cluster, topic?: string): boolean {
  const core = c.activeController();
  if (!core) return true;
  // asked after every event while a topic is created: only that topic's partitions are read, without sorting them all
  const states =
    topic === undefined ? core.allStates() : Array.from({ length: core.topics.get(topic)?.length ?? 0 }, (_, p) => core.states.get(tpKey(topic, p)));
  for (const s of states) {
    if (!s) continue;
    for (const r of s.replicas) {
      const b = c.brokers.get(r);
      if (!b || b.status !== 'online' || !core.liveBrokers.has(r)) continue;
      const p = b.replicaManager.getPartition(s.topic, s.partition);
      if (!p || p.leaderEpoch < s.leaderEpoch) return false;
    }
  }
  return true;
}

/** The controller has taken the topic's partitions and every live replica knows its leader. */
export function topicReady(c: Cluster, topic: string, partitions: number): boolean {
  return (c.activeController()?.topics.get(topic)?.length ?? 0) >= partitions && leadershipPropagated(c, topic);
}

/** A broker's process is registered with the controller and knows who the controller is. */
export function brokerRegistered(c: Cluster, id: number): boolean {
  const b = c.brokers.get(id);
  return !!b && c.activeController()?.liveBrokers.has(id) === true && b.metadata.controllerId !== null;
}
