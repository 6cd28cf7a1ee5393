// What every part of the engine shares: the clock and queue, the PRNG, the network, the trace.
import type { Scheduler } from './scheduler';
import type { Prng } from './prng';
import type { Network } from './network';
import type { BrokerConfig } from '../config';
import type { Emit, SimEvent } from '../events';

export interface SimContext {
  scheduler: Scheduler;
  prng: Prng;
  network: Network;
  config: BrokerConfig;
  mode: 'zookeeper' | 'kraft';
  /** Appends an event (data only: a type and its fields) to the trace. */
  emit: Emit;
  readonly events: SimEvent[];
}

export const brokerNode = (id: number) => `broker-${id}`;
export const ZK_NODE = 'zookeeper';
