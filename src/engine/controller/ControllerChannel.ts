// The controller's channel to one broker (Kafka's ControllerChannelManager and its RequestSendThread): requests
// go out in order, and while the broker cannot be reached (a cut link) the send thread backs off and tries again
// (100 ms), so a LeaderAndIsr or UpdateMetadata sent into a network partition arrives once it heals. Requests
// for a process that has since restarted are dropped: the controller sends the new one everything on startup.
import type { Broker } from '../broker/Broker';
import type { NetworkClient } from '../sim/client';
import type { SimContext } from '../sim/context';
import type { RequestOf } from '../apis';
import { call, type Call } from '../sim/call';

const RETRY_BACKOFF_MS = 100;

type ControllerApi = 'LeaderAndIsr' | 'UpdateMetadata' | 'StopReplica' | 'MetadataFetch';

export class ControllerChannel {
  private queue: { api: ControllerApi; body: RequestOf<ControllerApi>; incarnation: number }[] = [];
  private retrying = false;

  constructor(
    private ctx: SimContext,
    private client: NetworkClient,
    private target: Broker,
    /** the controller is still in charge (a resigned controller's queue goes with it) */
    private active: Call<[], boolean>,
  ) {}

  send<A extends ControllerApi>(api: A, body: RequestOf<A>): void {
    this.queue.push({ api, body, incarnation: this.target.incarnation });
    this.flush();
  }

  private flush(): void {
    while (this.queue.length && this.ctx.network.connected(this.client.node, this.target.node)) {
      const r = this.queue.shift()!;
      if (r.incarnation === this.target.incarnation) this.client.send(this.target.node, r.api, r.body);
    }
    if (!this.queue.length || this.retrying) return;
    this.retrying = true;
    this.ctx.scheduler.schedule(RETRY_BACKOFF_MS, call(this, this.retry));
  }

  private retry(): void {
    this.retrying = false;
    if (!this.active()) this.queue = [];
    else this.flush();
  }
}
