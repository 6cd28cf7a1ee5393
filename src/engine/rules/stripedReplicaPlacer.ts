// KRaft's replica placement with racks (metadata org.apache.kafka.metadata.placement.StripedReplicaPlacer, Kafka
// 3.x/4.0): the controller places new partitions rack by rack in a striped pattern — racks in sorted order from a
// random offset, one more step for each partition; inside a rack, brokers round-robin from a random offset,
// unfenced brokers before fenced ones; the leader (first replica) is never a fenced broker. After as many
// partitions as there are unfenced brokers, racks and brokers are shuffled to avoid repeating the same sets.
// Without racks every broker is in one rack (Optional.empty()).
//
// Kafka draws from java.util.Random; here any `nextInt(bound)` source works: the engine's seeded PRNG, or a
// java.util.Random port (Kafka's tests use MockRandom) to reproduce Kafka's exact placements. The iteration order
// of Kafka's HashMap of racks decides which rack draws its random offsets first, so it is reproduced.
import { javaStringHashCode } from '../group/rules/coordinator';
import { javaHashMapOrder } from '../group/rules/javaOrder';

export interface PlacerRandom {
  /** an integer in [0, bound), like java.util.Random.nextInt(bound) */
  nextInt(bound: number): number;
}

/** UsableBroker */
export interface UsableBroker {
  id: number;
  rack: string | null;
  fenced: boolean;
}

export class InvalidReplicationFactorError extends Error {
  readonly code = 'INVALID_REPLICATION_FACTOR';
}

/** Collections.shuffle(list, rnd) on a RandomAccess list. */
export function javaShuffle<T>(list: T[], random: PlacerRandom): void {
  for (let i = list.length; i > 1; i--) {
    const j = random.nextInt(i);
    const t = list[i - 1];
    list[i - 1] = list[j];
    list[j] = t;
  }
}

/** StripedReplicaPlacer.BrokerList: a list walked once per iteration epoch, from an offset that moves each epoch. */
export class BrokerList {
  readonly brokers: number[] = [];
  private index = 0;
  private offset = 0;
  private epoch = 0;

  add(broker: number): this {
    this.brokers.push(broker);
    return this;
  }

  get size(): number {
    return this.brokers.length;
  }

  /** initialize: sort, then a random start offset (only when not empty: an empty list draws nothing) */
  initialize(random: PlacerRandom): void {
    if (this.brokers.length > 0) {
      this.brokers.sort((a, b) => a - b);
      this.offset = random.nextInt(this.brokers.length);
    }
  }

  shuffle(random: PlacerRandom): void {
    javaShuffle(this.brokers, random);
  }

  /** the next broker of this epoch, or -1 when every broker was returned in this epoch */
  next(epoch: number): number {
    if (this.brokers.length === 0) return -1;
    if (this.epoch !== epoch) {
      this.epoch = epoch;
      this.index = 0;
      this.offset = (this.offset + 1) % this.brokers.length;
    }
    if (this.index >= this.brokers.length) return -1;
    const broker = this.brokers[(this.index + this.offset) % this.brokers.length];
    this.index++;
    return broker;
  }
}

class Rack {
  readonly fenced = new BrokerList();
  readonly unfenced = new BrokerList();

  initialize(random: PlacerRandom): void {
    this.fenced.initialize(random);
    this.unfenced.initialize(random);
  }

  shuffle(random: PlacerRandom): void {
    this.fenced.shuffle(random);
    this.unfenced.shuffle(random);
  }

  nextUnfenced(epoch: number): number {
    return this.unfenced.next(epoch);
  }

  next(epoch: number): number {
    const r = this.unfenced.next(epoch);
    return r >= 0 ? r : this.fenced.next(epoch);
  }
}

/** Optional<String>.hashCode(): the string's hash, 0 for empty. */
const rackHash = (rack: string | null) => (rack === null ? 0 : javaStringHashCode(rack));
/** OptionalStringComparator: empty first, then String.compareTo. */
const compareRacks = (a: string | null, b: string | null) => (a === b ? 0 : a === null ? -1 : b === null ? 1 : a < b ? -1 : 1);

/** StripedReplicaPlacer.RackList */
export class RackList {
  private readonly racks = new Map<string | null, Rack>();
  /** racks in HashMap iteration order (initialize and shuffle walk racks.values() in that order) */
  private readonly rackValues: Rack[];
  readonly rackNames: (string | null)[] = [];
  readonly numTotalBrokers: number;
  readonly numUnfencedBrokers: number;
  private epoch = 0;
  private offset: number;

  constructor(
    private readonly random: PlacerRandom,
    brokers: Iterable<UsableBroker>,
  ) {
    let total = 0;
    let unfenced = 0;
    for (const b of brokers) {
      let rack = this.racks.get(b.rack);
      if (!rack) {
        this.rackNames.push(b.rack);
        rack = new Rack();
        this.racks.set(b.rack, rack);
      }
      if (b.fenced) rack.fenced.add(b.id);
      else {
        unfenced++;
        rack.unfenced.add(b.id);
      }
      total++;
    }
    this.rackValues = javaHashMapOrder([...this.racks.keys()], rackHash).map((k) => this.racks.get(k)!);
    for (const rack of this.rackValues) rack.initialize(random);
    this.rackNames.sort(compareRacks);
    this.numTotalBrokers = total;
    this.numUnfencedBrokers = unfenced;
    this.offset = this.rackNames.length === 0 ? 0 : random.nextInt(this.rackNames.length);
  }

  /** RackList.place: one partition's replicas, leader first. */
  place(replicationFactor: number): number[] {
    throwIfNonPositive(replicationFactor);
    throwIfTooFewBrokers(replicationFactor, this.numTotalBrokers);
    throwIfAllFenced(this.numUnfencedBrokers);
    // after as many placements as unfenced brokers, shuffle so the same sets do not repeat (not for one broker)
    if (this.epoch === this.numUnfencedBrokers && this.numUnfencedBrokers > 1) {
      this.shuffle();
      this.epoch = 0;
    }
    if (this.offset === this.rackNames.length) this.offset = 0;
    const brokers: number[] = [];
    let firstRackIndex = this.offset;
    for (;;) {
      const result = this.racks.get(this.rackNames[firstRackIndex])!.nextUnfenced(this.epoch);
      if (result >= 0) {
        brokers.push(result);
        break;
      }
      firstRackIndex++;
      if (firstRackIndex === this.rackNames.length) firstRackIndex = 0;
    }
    let rackIndex = this.offset;
    for (let replica = 1; replica < replicationFactor; replica++) {
      let result = -1;
      do {
        if (rackIndex === firstRackIndex) {
          firstRackIndex = -1; // the leader's rack was used once already in this round
        } else {
          result = this.racks.get(this.rackNames[rackIndex])!.next(this.epoch);
        }
        rackIndex++;
        if (rackIndex === this.rackNames.length) rackIndex = 0;
      } while (result < 0);
      brokers.push(result);
    }
    this.epoch++;
    this.offset++;
    return brokers;
  }

  private shuffle(): void {
    javaShuffle(this.rackNames, this.random);
    for (const rack of this.rackValues) rack.shuffle(this.random);
  }
}

function throwIfNonPositive(rf: number): void {
  if (rf <= 0) throw new InvalidReplicationFactorError(`Invalid replication factor ${rf}: the replication factor must be positive.`);
}

function throwIfAllFenced(numUnfenced: number): void {
  if (numUnfenced === 0) throw new InvalidReplicationFactorError('All brokers are currently fenced.');
}

function throwIfTooFewBrokers(rf: number, numTotal: number): void {
  if (rf > numTotal)
    throw new InvalidReplicationFactorError(`The target replication factor of ${rf} cannot be reached because only ${numTotal} broker(s) are registered.`);
}

/**
 * StripedReplicaPlacer.place(PlacementSpec, ClusterDescriber): a fresh RackList over the usable brokers (in the
 * order the cluster lists them), then one placement per partition.
 */
export function stripedPlace(random: PlacerRandom, brokers: readonly UsableBroker[], numPartitions: number, replicationFactor: number): number[][] {
  const rackList = new RackList(random, brokers);
  throwIfNonPositive(replicationFactor);
  throwIfAllFenced(rackList.numUnfencedBrokers);
  throwIfTooFewBrokers(replicationFactor, rackList.numTotalBrokers);
  const out: number[][] = [];
  for (let p = 0; p < numPartitions; p++) out.push(rackList.place(replicationFactor));
  return out;
}
