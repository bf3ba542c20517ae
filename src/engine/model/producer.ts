/**
 * A producer: where messages come from. Rate-driven producers send at a mean rate with constant
 * or Poisson (exponential gaps) arrivals and draw keys uniformly, Zipf-skewed or null; scripted
 * producers send an explicit list of messages at given times (how lessons and tests drive exact
 * messages). Each message goes to every topic the producer is connected to.
 */
import type { KeyDistribution, ProducerConfig, ScriptedMessage } from '../../scenario/schema';
import { pow } from '../kernel/detMath';
import { standardExponential } from '../kernel/ziggurat';
import type { RandomStream } from '../kernel/rng';
import { StickyPartitioner } from './kafka/partitioner';
import type { PartitionQueue } from './kafka/sender';

export const EV_PRODUCE = 1;

/** Interned key strings with their Kafka hash, shared by all producers. */
export class KeyTable {
  readonly keys: string[] = [];
  readonly positiveHashes: number[] = [];
  readonly byteLengths: number[] = [];
  private readonly ids = new Map<string, number>();

  constructor(private readonly hash: (key: string) => { positive: number; bytes: number }) {}

  intern(key: string): number {
    let id = this.ids.get(key);
    if (id === undefined) {
      id = this.keys.length;
      const { positive, bytes } = this.hash(key);
      this.keys.push(key);
      this.positiveHashes.push(positive);
      this.byteLengths.push(bytes);
      this.ids.set(key, id);
    }
    return id;
  }
}

/** Draws key ids for a rate-driven producer; −1 means a null key. */
export function createKeyPicker(keys: KeyDistribution, stream: RandomStream, table: KeyTable): () => number {
  if (keys.type === 'null') return () => -1;
  const count = keys.count;
  const prefix = keys.prefix;
  const cache = new Int32Array(count).fill(-1);
  const idOf = (i: number): number => {
    let id = cache[i] as number;
    if (id < 0) {
      id = table.intern(`${prefix}${i}`);
      cache[i] = id;
    }
    return id;
  };
  if (keys.type === 'uniform') return () => idOf(stream.nextInt(count));
  // Zipf: P(rank i) ∝ 1 / i^s; inverse CDF by binary search over the cumulative weights.
  const cumulative = new Float64Array(count);
  let total = 0;
  for (let i = 0; i < count; i++) {
    total += 1 / pow(i + 1, keys.exponent);
    cumulative[i] = total;
  }
  return () => {
    const target = stream.next() * total;
    let lo = 0;
    let hi = count - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((cumulative[mid] as number) < target) lo = mid + 1;
      else hi = mid;
    }
    return idOf(lo);
  };
}

export class Producer {
  /** Records handed to send() that passed validation (each is then buffered, in flight, written or failed). */
  sent = 0;
  /** Records the leader appended to a log (a retried duplicate counts again). */
  produced = 0;
  failed = 0;
  /** Records the producer was told were written (per its acks). */
  acked = 0;
  /** Retriable errors from the broker (each followed by a retry). */
  errors = 0;
  /** Appends of a record the log already had: a retry after a lost answer, without idempotence. */
  duplicates = 0;
  /** Retried batches the broker recognised by sequence number and did not write again (idempotence). */
  deduplicated = 0;
  /** acks=0 records the broker refused without the producer ever knowing. */
  dropped = 0;
  /** Batches sent, and produce requests carrying them. */
  batchesSent = 0;
  requests = 0;
  /** Records in the accumulator, and in requests not answered yet. */
  buffered = 0;
  inFlight = 0;
  /** Invalidates the scheduled next send after a live config change. */
  epoch = 0;
  scriptIndex = 0;
  readonly sticky: StickyPartitioner[];
  pickKey: () => number;
  /** Scripted messages in send order (stable by time). */
  script: ScriptedMessage[];
  /** enable.idempotence as Kafka resolves it (unset: on unless acks ≠ all or > 5 in flight). */
  idempotent = true;
  /** The record accumulator: per topic j, per partition, its batch queue (made on first use). */
  readonly queues: PartitionQueue[] = [];
  readonly queueByTopic: (PartitionQueue | undefined)[][];
  /** Requests awaiting an answer, per broker id (the implicit broker is −10). */
  readonly inFlightByBroker = new Map<number, number>();
  /** The sender's next scheduled wake-up, and a counter that makes earlier ones stale. */
  wakeAt = Infinity;
  wakeSeq = 0;
  /** The sender runs now (a synchronous answer asks it to run again rather than re-enter). */
  inSender = false;
  rerunSender = false;

  constructor(
    readonly index: number,
    readonly nodeId: string,
    public config: ProducerConfig,
    /** Topic indices this producer sends to. */
    readonly topics: readonly number[],
    private readonly stream: RandomStream,
    private readonly keyTable: KeyTable,
  ) {
    this.sticky = topics.map(() => new StickyPartitioner(config.batchSizeBytes, stream));
    this.queueByTopic = topics.map(() => []);
    this.pickKey = () => -1;
    this.script = [];
    this.configure(config);
  }

  configure(config: ProducerConfig): void {
    this.config = config;
    this.idempotent =
      config.enableIdempotence ?? (config.acks === 'all' && config.maxInFlightRequestsPerConnection <= 5);
    const traffic = config.traffic;
    if (traffic.type === 'rate') this.pickKey = createKeyPicker(traffic.keys, this.stream, this.keyTable);
    else
      this.script = traffic.messages
        .map((m, i) => ({ m, i }))
        .sort((a, b) => a.m.atMs - b.m.atMs || a.i - b.i)
        .map((x) => x.m);
  }

  /** Time of this producer's first send at or after `now`, or Infinity when it has nothing more to send. */
  nextSendTime(now: number, first: boolean): number {
    const traffic = this.config.traffic;
    if (traffic.type === 'rate') {
      const meanGapMs = 1000 / traffic.ratePerSec;
      const gap = traffic.arrivals === 'poisson' ? meanGapMs * standardExponential(this.stream) : meanGapMs;
      return now + (first && traffic.arrivals === 'constant' ? 0 : gap);
    }
    const next = this.script[this.scriptIndex];
    return next ? Math.max(now, next.atMs) : Infinity;
  }
}
