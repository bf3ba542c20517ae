/**
 * Where a new topic's replicas go when it is created without an explicit assignment, as the KRaft
 * controller places them: Kafka's StripedReplicaPlacer, line for line.
 * Source: apache/kafka @1eb76443, metadata/src/main/java/org/apache/kafka/metadata/placement/
 * StripedReplicaPlacer.java (`BrokerList`, `Rack`, `RackList`, `place`), and
 * metadata/.../controller/ReplicationControlManager.java (`createTopic`: the checks made before the
 * placer runs and the wording of the errors the client sees).
 *
 * The idea, for one rack (no `broker.rack` set): sort the brokers, start at a random offset, and give
 * partition p the next `replicationFactor` brokers of that list, the offset moving on by one per
 * partition. So the leaders (first replicas) walk the whole list once per `brokers.length`
 * partitions: "striped". After every `brokers.length` partitions the list is shuffled, so the same
 * replica sets do not repeat. Worked example, brokers [0, 1, 2, 3], RF 3, offset draw 1:
 * p0 → [1, 2, 3], p1 → [2, 3, 0], p2 → [3, 0, 1], p3 → [0, 1, 2], then shuffle.
 * With racks the replicas of a partition go round-robin over the racks (sorted by name, no rack
 * first), starting one rack later per partition; within a rack, as above. Unfenced brokers are used
 * before fenced ones, and a leader is never fenced.
 *
 * Randomness: Java draws from the controller's `java.util.Random`; we draw from a seeded
 * `RandomStream` at exactly the same places with the same bounds (`nextInt(n)` where Java calls
 * `random.nextInt(n)`, and `Collections.shuffle` as Java writes it: for i = size … 2,
 * swap(i − 1, nextInt(i))). So the algorithm and the number of draws are Kafka's; only the numbers
 * drawn differ. The tests feed Kafka's own MockRandom sequence through it and get Kafka's results.
 *
 * Simplified:
 * - Brokers in controlled shutdown are left out by Kafka (`BrokerHeartbeatManager.usableBrokers`);
 *   here the caller leaves them out.
 * - Java walks its racks in HashMap order (it matters for which rack draws first); we compute that
 *   order with javaHashOrder.ts, taking the brokers in the order given as Kafka's heartbeat-manager
 *   order. The input order matters only when two rack names share a HashMap bucket.
 * - The controller keeps one `Random` for its lifetime; the caller keeps the stream.
 * - Errors carry Kafka's message; the topic-creation caller says what happens to the canvas.
 */
import type { RandomStream } from '../../kernel/rng';
import { javaHashMapOrder, javaStringHashCode } from './javaHashOrder';

/** A broker a replica can be placed on (Kafka `UsableBroker`). */
export type UsableBroker = {
  id: number;
  /** `broker.rack`, or null when unset. */
  rack: string | null;
  /** Fenced brokers take replicas only when the unfenced ones run out, and never lead. */
  fenced: boolean;
};

/** Kafka's error code plus the message `kafka-topics.sh --create` prints. */
export class ReplicaPlacementError extends Error {
  constructor(
    readonly code: 'INVALID_REPLICATION_FACTOR' | 'INVALID_PARTITIONS',
    message: string,
  ) {
    super(message);
    this.name = 'ReplicaPlacementError';
  }
}

/**
 * Replicas for each partition of a new topic on live, unfenced brokers without racks.
 * Returns, per partition, the replica broker ids; the first is the preferred leader.
 * @example placeReplicas([0, 1, 2], 3, 2, stream) // e.g. [[1, 2], [2, 0], [0, 1]]
 */
export function placeReplicas(
  brokers: readonly number[],
  partitions: number,
  replicationFactor: number,
  stream: RandomStream,
): number[][] {
  return placeReplicasOnCluster(
    brokers.map((id) => ({ id, rack: null, fenced: false })),
    partitions,
    replicationFactor,
    stream,
  );
}

/** The same, with racks and fenced brokers (StripedReplicaPlacer.place). */
export function placeReplicasOnCluster(
  brokers: readonly UsableBroker[],
  partitions: number,
  replicationFactor: number,
  stream: RandomStream,
): number[][] {
  // ReplicationControlManager.createTopic rejects these before the placer runs (so: no draws).
  if (!Number.isInteger(replicationFactor) || replicationFactor < 1) {
    throw new ReplicaPlacementError(
      'INVALID_REPLICATION_FACTOR',
      'Replication factor must be larger than 0, or -1 to use the default value.',
    );
  }
  if (!Number.isInteger(partitions) || partitions < 1) {
    throw new ReplicaPlacementError(
      'INVALID_PARTITIONS',
      'Number of partitions was set to an invalid non-positive value.',
    );
  }
  const ids = new Set(brokers.map((b) => b.id));
  if (ids.size !== brokers.length) throw new Error(`placeReplicas: duplicate broker id in [${[...ids].join(', ')}]`);

  // StripedReplicaPlacer.place: the RackList (and its random draws) comes before the checks.
  const rackList = new RackList(stream, brokers);
  const fail = (reason: string): never => {
    throw new ReplicaPlacementError(
      'INVALID_REPLICATION_FACTOR',
      `Unable to replicate the partition ${replicationFactor} time(s): ${reason}`,
    );
  };
  if (rackList.numUnfencedBrokers === 0) fail('All brokers are currently fenced.');
  if (replicationFactor > rackList.numTotalBrokers) {
    fail(
      `The target replication factor of ${replicationFactor} cannot be reached because only ` +
        `${rackList.numTotalBrokers} broker(s) are registered.`,
    );
  }
  const placements: number[][] = [];
  for (let p = 0; p < partitions; p++) placements.push(rackList.place(replicationFactor));
  return placements;
}

/** `Collections.shuffle(list, random)` for a RandomAccess list. */
function javaShuffle<T>(list: T[], stream: RandomStream): void {
  for (let i = list.length; i > 1; i--) {
    const j = stream.nextInt(i);
    const tmp = list[i - 1] as T;
    list[i - 1] = list[j] as T;
    list[j] = tmp;
  }
}

/** StripedReplicaPlacer.BrokerList: a list walked from a moving offset, once per epoch. */
class BrokerList {
  readonly brokers: number[] = [];
  /** How many brokers were handed out in the current epoch. */
  private index = 0;
  /** Added (mod size) to the index to find the entry to hand out. */
  private offset = 0;
  /** The epoch being walked; a new one restarts the walk one place further on. */
  private epoch = 0;

  initialize(stream: RandomStream): void {
    if (this.brokers.length > 0) {
      this.brokers.sort((a, b) => a - b);
      this.offset = stream.nextInt(this.brokers.length);
    }
  }

  shuffle(stream: RandomStream): void {
    javaShuffle(this.brokers, stream);
  }

  /** The next broker, or −1 when this epoch has had them all. */
  next(epoch: number): number {
    const size = this.brokers.length;
    if (size === 0) return -1;
    if (this.epoch !== epoch) {
      this.epoch = epoch;
      this.index = 0;
      this.offset = (this.offset + 1) % size;
    }
    if (this.index >= size) return -1;
    const broker = this.brokers[(this.index + this.offset) % size] as number;
    this.index++;
    return broker;
  }
}

class Rack {
  readonly fenced = new BrokerList();
  readonly unfenced = new BrokerList();
  initialize(stream: RandomStream): void {
    this.fenced.initialize(stream);
    this.unfenced.initialize(stream);
  }
  shuffle(stream: RandomStream): void {
    this.fenced.shuffle(stream);
    this.unfenced.shuffle(stream);
  }
  /** An unfenced broker first; a fenced one only when none is left this epoch. */
  next(epoch: number): number {
    const result = this.unfenced.next(epoch);
    return result >= 0 ? result : this.fenced.next(epoch);
  }
}

/** Optional<String>.hashCode: 0 for empty, else String.hashCode. */
const rackHashCode = (rack: string | null): number => (rack === null ? 0 : javaStringHashCode(rack));

/** OptionalStringComparator: empty first, then String.compareTo (UTF-16 code units, as JS `<`). */
function compareRackNames(a: string | null, b: string | null): number {
  if (a === null) return b === null ? 0 : -1;
  if (b === null) return 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

class RackList {
  private readonly racks = new Map<string | null, Rack>();
  /** The racks in Java HashMap iteration order: the order of their random draws. */
  private readonly hashOrder: Rack[];
  /** Rack names, sorted; where the round-robin walks. */
  private readonly rackNames: (string | null)[];
  readonly numTotalBrokers: number;
  readonly numUnfencedBrokers: number;
  private epoch = 0;
  /** Which rack a partition's walk starts at. */
  private offset: number;

  constructor(
    private readonly stream: RandomStream,
    brokers: readonly UsableBroker[],
  ) {
    let unfenced = 0;
    for (const broker of brokers) {
      let rack = this.racks.get(broker.rack);
      if (rack === undefined) {
        rack = new Rack();
        this.racks.set(broker.rack, rack);
      }
      if (broker.fenced) {
        rack.fenced.brokers.push(broker.id);
      } else {
        unfenced++;
        rack.unfenced.brokers.push(broker.id);
      }
    }
    const insertionOrder = [...this.racks.keys()];
    this.hashOrder = javaHashMapOrder(insertionOrder, rackHashCode).map((name) => this.rack(name));
    for (const rack of this.hashOrder) rack.initialize(stream);
    this.rackNames = insertionOrder.sort(compareRackNames);
    this.numTotalBrokers = brokers.length;
    this.numUnfencedBrokers = unfenced;
    this.offset = this.rackNames.length === 0 ? 0 : stream.nextInt(this.rackNames.length);
  }

  private rack(name: string | null): Rack {
    return this.racks.get(name) as Rack;
  }

  private rackAt(index: number): Rack {
    return this.rack(this.rackNames[index] as string | null);
  }

  /** RackList.place: one partition's replicas. The callers checked the replication factor. */
  place(replicationFactor: number): number[] {
    // After as many partitions as there are unfenced brokers, shuffle to avoid repeating the same
    // replica sets (not with one unfenced broker: that would loop forever).
    if (this.epoch === this.numUnfencedBrokers && this.numUnfencedBrokers > 1) {
      this.shuffle();
      this.epoch = 0;
    }
    if (this.offset === this.rackNames.length) this.offset = 0;
    const size = this.rackNames.length;
    const brokers: number[] = [];
    // The leader: the first unfenced broker, from the offset rack onwards.
    let firstRackIndex = this.offset;
    for (;;) {
      const result = this.rackAt(firstRackIndex).unfenced.next(this.epoch);
      if (result >= 0) {
        brokers.push(result);
        break;
      }
      firstRackIndex++;
      if (firstRackIndex === size) firstRackIndex = 0;
    }
    // The followers: round-robin over the racks from the offset, passing the leader's rack once.
    let rackIndex = this.offset;
    for (let replica = 1; replica < replicationFactor; replica++) {
      let result = -1;
      do {
        if (rackIndex === firstRackIndex) {
          firstRackIndex = -1;
        } else {
          result = this.rackAt(rackIndex).next(this.epoch);
        }
        rackIndex++;
        if (rackIndex === size) rackIndex = 0;
      } while (result < 0);
      brokers.push(result);
    }
    this.epoch++;
    this.offset++;
    return brokers;
  }

  private shuffle(): void {
    javaShuffle(this.rackNames, this.stream);
    for (const rack of this.hashOrder) rack.shuffle(this.stream);
  }
}
