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
  produced = 0;
  failed = 0;
  /** Retriable errors from the broker (each followed by a retry). */
  errors = 0;
  /** Invalidates the scheduled next send after a live config change. */
  epoch = 0;
  scriptIndex = 0;
  readonly sticky: StickyPartitioner[];
  pickKey: () => number;
  /** Scripted messages in send order (stable by time). */
  script: ScriptedMessage[];

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
    this.pickKey = () => -1;
    this.script = [];
    this.configure(config);
  }

  configure(config: ProducerConfig): void {
    this.config = config;
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
