// deleteTopic (project): DeleteTopics to the controller (kafka-topics --delete). zookeeper mode marks
// /admin/delete_topics/<t> and the controller sends StopReplica (delete) to the replicas; kraft mode appends a
// RemoveTopicRecord. The step waits until no live broker's metadata cache has the topic.
import { deleteTopic } from '../../engine/cluster/admin';
import type { Cluster } from '../../engine/cluster/Cluster';
import { command, f } from './spec';
import { PROPAGATION_TIMEOUT_MS, refuse } from './common';

/** Every live broker has dropped the topic from its metadata cache. */
function topicGone(c: Cluster, topic: string): boolean {
  for (const b of c.brokers.values()) {
    if (b.status !== 'online') continue;
    for (const s of b.metadata.partitions.values()) if (s.topic === topic) return false;
  }
  return true;
}

export default command({
  name: 'deleteTopic',
  required: { topic: f.topic },
  optional: {},
  doc: 'deletes a topic: its replicas stop and delete their logs, every broker drops it from its metadata (replicas on brokers that are down keep their files)',
  execute(run, step, i) {
    const r = deleteTopic(run.cluster, step.topic);
    if (r.error) return refuse(run, i, step.do, r.error);
    run.runUntil(() => topicGone(run.cluster, step.topic), PROPAGATION_TIMEOUT_MS);
  },
});
