// The broker and controller meters of the whole cluster, kept as the trace is written: each metered event marks its
// node's meter (KafkaMetricsGroup.newMeter in the code path named beside it), a broker's meters start over when its
// process starts (a new JVM). The state dump reads them with the gauges (metrics/brokerMetrics.ts).
import type { SimEvent } from '../events';
import { MeterState } from '../metrics/MeterState';
import { UNCOUNTED_PRODUCE_ERRORS, type MeterName, type MeterSource } from '../metrics/brokerMetrics';
import type { TimerSnapshot } from '../metrics/yammerMeter';

type Name = MeterName | 'LeaderElectionRateAndTimeMs';

/** The event types that mark a meter or restart a node's meters. */
export const METERED = new Set(['BrokerStarted', 'IsrShrunk', 'IsrExpanded', 'ProduceRejected', 'AppendFailed', 'LeaderElected', 'BrokerChangeHandled']);

export class MetricsMonitor implements MeterSource {
  private nodes = new Map<string, { createdAt: number; meters: Map<Name, MeterState> }>();

  private node(id: string) {
    let n = this.nodes.get(id);
    if (!n) {
      n = { createdAt: 0, meters: new Map() };
      this.nodes.set(id, n);
    }
    return n;
  }

  private state(id: string, name: Name): MeterState {
    const n = this.node(id);
    let m = n.meters.get(name);
    if (!m) {
      m = new MeterState(n.createdAt);
      n.meters.set(name, m);
    }
    return m;
  }

  private mark(id: unknown, name: Name, at: number, durationMs = 0): void {
    this.state(String(id), name).mark(at, 1, durationMs);
  }

  observe(e: SimEvent): void {
    switch (e.type) {
      case 'BrokerStarted':
        this.nodes.set(String(e.broker), { createdAt: e.time, meters: new Map() });
        return;
      case 'IsrShrunk': // AlterPartitionListener.markIsrShrink, on the leader whose shrink was committed
        return this.mark(e.leader, 'IsrShrinksPerSec', e.time);
      case 'IsrExpanded':
        return this.mark(e.leader, 'IsrExpandsPerSec', e.time);
      case 'ProduceRejected': // BrokerTopicMetrics.failedProduceRequestRate (ReplicaManager.appendToLocalLog)
      case 'AppendFailed':
        if (!UNCOUNTED_PRODUCE_ERRORS.has(e.error as string)) this.mark(e.broker, 'FailedProduceRequestsPerSec', e.time);
        return;
      case 'LeaderElected': // ControllerStats.uncleanLeaderElectionRate / ControllerMetadataMetrics
        if (e.reason === 'unclean') this.mark(e.controller, 'UncleanLeaderElectionsPerSec', e.time);
        return;
      case 'BrokerChangeHandled': // the zookeeper controller's BrokerChange event, timed (processing takes no simulated time)
        return this.mark(e.controller, 'LeaderElectionRateAndTimeMs', e.time, 0);
    }
  }

  meter(node: string, name: MeterName, now: number): TimerSnapshot {
    return this.state(node, name).read(now);
  }

  timer(node: string, name: 'LeaderElectionRateAndTimeMs', now: number): TimerSnapshot {
    return this.state(node, name).read(now);
  }
}
