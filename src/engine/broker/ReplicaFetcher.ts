// A follower's fetcher for one leader broker (Kafka's ReplicaFetcherThread): first OffsetsForLeaderEpoch to
// find where its log diverges (KIP-101/279), truncate, then one Fetch at a time for all its partitions.
import type { Partition } from './Partition';
import type { Broker } from './Broker';
import type { FetchPartitionResponse } from './requests';
import { tpKey } from './requests';
import { truncationOffset } from '../rules/replication';
import type { RequestOf, ResponseOf } from '../apis';

const REPLICA_SOCKET_TIMEOUT_MS = 30000;

interface FetchState {
  partition: Partition;
  phase: 'truncating' | 'fetching';
}

export class ReplicaFetcher {
  private states = new Map<string, FetchState>();
  private inFlight = 0; // request id in flight, 0 when idle
  private nextRequestId = 1;
  private backoffUntil = 0;

  constructor(private broker: Broker, readonly leaderId: number) {}

  get isEmpty(): boolean {
    return this.states.size === 0;
  }

  addPartition(p: Partition): void {
    this.states.set(tpKey(p.topic, p.partition), { partition: p, phase: 'truncating' });
    this.kick();
  }

  removePartition(p: Partition): void {
    this.states.delete(tpKey(p.topic, p.partition));
  }

  private kick(): void {
    if (this.inFlight || this.states.size === 0) return;
    const wait = this.backoffUntil - this.broker.now();
    if (wait > 0) {
      this.inFlight = -1;
      this.broker.timer(wait, () => {
        this.inFlight = 0;
        this.kick();
      });
      return;
    }
    const truncating = [...this.states.values()].filter((s) => s.phase === 'truncating');
    if (truncating.length) this.sendOffsetsForLeaderEpoch(truncating);
    else this.sendFetch();
  }

  /** One request to the leader at a time; a socket timeout or a refused connection lets the next one go. */
  private request<A extends 'OffsetsForLeaderEpoch' | 'Fetch'>(api: A, body: RequestOf<A>, onResponse: (r: ResponseOf<A>) => void): number {
    const id = this.nextRequestId++;
    this.inFlight = id;
    const timeout = this.broker.timer(REPLICA_SOCKET_TIMEOUT_MS, () => {
      if (this.inFlight !== id) return;
      this.inFlight = 0;
      this.kick();
    });
    const refused = () => {
      // Connection refused: the leader's process is gone; back off and try again.
      if (this.inFlight !== id) return;
      this.broker.ctx.scheduler.cancel(timeout);
      this.inFlight = 0;
      this.backoffUntil = this.broker.now() + this.broker.config.num('replica.fetch.backoff.ms');
      this.kick();
    };
    const leader = this.broker.peer(this.leaderId);
    if (!leader) {
      refused();
      return id;
    }
    this.broker.client.send(leader.node, api, body, (r) => {
      this.broker.ctx.scheduler.cancel(timeout);
      onResponse(r);
    }, refused);
    return id;
  }

  private sendOffsetsForLeaderEpoch(list: FetchState[]): void {
    const partitions = list.map((s) => ({ topic: s.partition.topic, partition: s.partition.partition, epoch: s.partition.log.latestEpoch() }));
    const id = this.request('OffsetsForLeaderEpoch', { partitions }, (answers) => {
      if (this.inFlight !== id) return;
      this.inFlight = 0;
      for (const ans of answers) {
        const s = this.states.get(tpKey(ans.topic, ans.partition));
        if (!s || ans.error) continue;
        const p = s.partition;
        const leo = p.log.logEndOffset;
        const mine = ans.leaderEpoch >= 0 ? p.log.endOffsetForEpoch(ans.leaderEpoch) : null;
        const to = truncationOffset(leo, { epoch: ans.leaderEpoch, endOffset: ans.endOffset }, mine && mine.endOffset >= 0 ? mine.endOffset : null);
        if (to < leo) p.truncateTo(to, 'leaderEpoch');
        s.phase = 'fetching';
      }
      this.kick();
    });
  }

  private sendFetch(): void {
    const list = [...this.states.values()].filter((s) => s.phase === 'fetching');
    const parts = list.map((s) => ({ topic: s.partition.topic, partition: s.partition.partition, fetchOffset: s.partition.log.logEndOffset, currentLeaderEpoch: s.partition.leaderEpoch }));
    const maxWaitMs = this.broker.config.num('replica.fetch.wait.max.ms');
    const id = this.request('Fetch', { replicaId: this.broker.id, maxWaitMs, partitions: parts, isolation: 'replica' }, (res) => this.onFetchResponse(id, res));
  }

  private onFetchResponse(id: number, res: FetchPartitionResponse[]): void {
    if (this.inFlight !== id) return;
    this.inFlight = 0;
    let backoff = false;
    for (const r of res) {
      const s = this.states.get(tpKey(r.topic, r.partition));
      if (!s) continue;
      if (r.error === 'OFFSET_OUT_OF_RANGE') {
        // The leader's log starts later (retention) or is shorter: start over from the leader's answer.
        s.phase = 'truncating';
        continue;
      }
      if (r.error) {
        backoff = true;
        continue;
      }
      s.partition.appendAsFollower(r.batches, r.highWatermark);
    }
    if (backoff) this.backoffUntil = this.broker.now() + this.broker.config.num('replica.fetch.backoff.ms');
    this.kick();
  }
}
