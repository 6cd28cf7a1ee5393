// A follower's fetcher for one leader broker (Kafka's ReplicaFetcherThread, AbstractFetcherThread): first
// OffsetsForLeaderEpoch rounds to find where its log diverges and truncate (KIP-101, KIP-279: as many rounds as
// it takes), then one Fetch at a time for all its partitions. A partition whose log cannot take the leader's
// data is marked failed and no longer fetched (markPartitionFailed), as Kafka does.
import type { Partition } from './Partition';
import type { Broker } from './Broker';
import type { FetchPartitionResponse } from './requests';
import { tpKey } from './requests';
import { offsetTruncationState } from '../rules/replication';
import { UnexpectedAppendOffsetError } from '../../storage/log/UnifiedLog';
import type { RequestOf, ResponseOf } from '../apis';
import { call, type Call } from '../sim/call';
import type { Timer } from '../sim/scheduler';

const REPLICA_SOCKET_TIMEOUT_MS = 30000;

interface FetchState {
  partition: Partition;
  phase: 'truncating' | 'fetching' | 'failed';
}

export class ReplicaFetcher {
  private states = new Map<string, FetchState>();
  private inFlight = 0; // request id in flight, 0 when idle
  private nextRequestId = 1;
  private backoffUntil = 0;

  constructor(
    private broker: Broker,
    readonly leaderId: number,
  ) {}

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
      this.broker.timer(wait, call(this, this.backedOff));
      return;
    }
    // one pass over the partitions (a fetcher may hold hundreds, and this runs after every answer)
    const truncating: FetchState[] = [];
    let fetching = false;
    for (const s of this.states.values()) {
      if (s.phase === 'truncating') truncating.push(s);
      else if (s.phase === 'fetching') fetching = true;
    }
    if (truncating.length) this.sendOffsetsForLeaderEpoch(truncating);
    else if (fetching) this.sendFetch();
  }

  private backedOff(): void {
    this.inFlight = 0;
    this.kick();
  }

  /** One request to the leader at a time; a socket timeout or a refused connection lets the next one go. */
  private request<A extends 'OffsetsForLeaderEpoch' | 'Fetch'>(api: A, body: RequestOf<A>): void {
    const id = this.nextRequestId++;
    this.inFlight = id;
    const timeout = this.broker.timer(REPLICA_SOCKET_TIMEOUT_MS, call(this, this.timedOut, id));
    const leader = this.broker.peer(this.leaderId);
    if (!leader) {
      this.refused(id, timeout);
      return;
    }
    this.broker.client.send(
      leader.node,
      api,
      body,
      call(this, this.answered, id, timeout, api) as Call<[ResponseOf<A>]>,
      call(this, this.refused, id, timeout),
    );
  }

  private timedOut(id: number): void {
    if (this.inFlight !== id) return;
    this.inFlight = 0;
    this.kick();
  }

  /** Connection refused: the leader's process is gone; back off and try again. */
  private refused(id: number, timeout: Timer): void {
    if (this.inFlight !== id) return;
    this.broker.ctx.scheduler.cancel(timeout);
    this.inFlight = 0;
    this.backoffUntil = this.broker.now() + this.broker.config.num('replica.fetch.backoff.ms');
    this.kick();
  }

  private answered(id: number, timeout: Timer, api: 'OffsetsForLeaderEpoch' | 'Fetch', r: ResponseOf<'OffsetsForLeaderEpoch'> | ResponseOf<'Fetch'>): void {
    this.broker.ctx.scheduler.cancel(timeout);
    if (api === 'Fetch') this.onFetchResponse(id, r as ResponseOf<'Fetch'>);
    else this.onEpochAnswers(id, r as ResponseOf<'OffsetsForLeaderEpoch'>);
  }

  private sendOffsetsForLeaderEpoch(list: FetchState[]): void {
    const partitions = list.map((s) => ({ topic: s.partition.topic, partition: s.partition.partition, epoch: s.partition.log.latestEpoch() }));
    this.request('OffsetsForLeaderEpoch', { partitions });
  }

  private onEpochAnswers(id: number, answers: ResponseOf<'OffsetsForLeaderEpoch'>): void {
    if (this.inFlight !== id) return;
    this.inFlight = 0;
    let backoff = false;
    for (const ans of answers) {
      const s = this.states.get(tpKey(ans.topic, ans.partition));
      if (!s || s.phase !== 'truncating') continue;
      if (ans.error) {
        // the leader moved on (an error for this partition): try again after replica.fetch.backoff.ms
        backoff = true;
        continue;
      }
      const p = s.partition;
      const mine = ans.leaderEpoch >= 0 ? p.log.endOffsetForEpoch(ans.leaderEpoch) : null;
      const t = offsetTruncationState(
        { epoch: ans.leaderEpoch, endOffset: ans.endOffset },
        p.log.logEndOffset,
        p.log.highWatermark,
        mine && mine.endOffset >= 0 ? mine : null,
      );
      if (t.offset < p.log.logEndOffset) p.truncateTo(t.offset, 'leaderEpoch');
      // KIP-279: not done until the follower knows the epoch the leader answered with; ask again
      if (t.completed) s.phase = 'fetching';
    }
    if (backoff) this.backoffUntil = this.broker.now() + this.broker.config.num('replica.fetch.backoff.ms');
    this.kick();
  }

  private sendFetch(): void {
    const parts: RequestOf<'Fetch'>['partitions'] = [];
    for (const s of this.states.values())
      if (s.phase === 'fetching')
        parts.push({
          topic: s.partition.topic,
          partition: s.partition.partition,
          fetchOffset: s.partition.log.logEndOffset,
          currentLeaderEpoch: s.partition.leaderEpoch,
        });
    const maxWaitMs = this.broker.config.num('replica.fetch.wait.max.ms');
    this.request('Fetch', { replicaId: this.broker.id, maxWaitMs, partitions: parts, isolation: 'replica' });
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
      try {
        s.partition.appendAsFollower(r.batches, r.highWatermark);
      } catch (e) {
        // UnexpectedAppendOffsetException that the partition could not fix: Kafka marks the partition failed
        if (!(e instanceof UnexpectedAppendOffsetError)) throw e;
        s.phase = 'failed';
        this.broker.ctx.emit('FetcherPartitionFailed', {
          broker: this.broker.id,
          topic: r.topic,
          partition: r.partition,
          leader: this.leaderId,
          error: e.message,
        });
      }
    }
    if (backoff) this.backoffUntil = this.broker.now() + this.broker.config.num('replica.fetch.backoff.ms');
    this.kick();
  }
}
