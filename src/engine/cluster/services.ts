// What a broker needs from the rest of the cluster: its peers, the topic configs, the controller, the group
// coordinators its KafkaApis serves, and ZooKeeper's notifications.
import type { Broker } from '../broker/Broker';
import type { Partition } from '../broker/Partition';
import type { PartitionState } from '../broker/requests';
import type { ApisHost } from '../broker/KafkaApis';
import type { Message } from '../sim/network';
import type { ConfigValue } from '../config';
import type { Call } from '../sim/call';

export interface ClusterServices extends ApisHost {
  broker(id: number): Broker | undefined;
  topicOverrides(topic: string): Record<string, ConfigValue>;
  /** AlterIsr to the active controller (KIP-497, Kafka 2.7+ in both modes) */
  alterIsr(from: Broker, p: Partition, newIsr: number[], done: Call<[state: PartitionState | null, error: string | null]>): void;
  registerBroker(b: Broker): void;
  unregisterBroker(b: Broker, clean: boolean): void;
  onBrokerHalted(b: Broker): void;
  onBrokerResumed(b: Broker): void;
  /** the machine lost power: the OS's view of dirty pages starts over */
  onPowerLoss?(b: Broker): void;
  /** a ZooKeeper watch or session notification arrived at a broker */
  zkNotification(m: Message): void;
}
