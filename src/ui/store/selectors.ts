/**
 * Module-scope selectors. The per-node ones return short number arrays, meant for useShallow, so
 * a node re-renders only when one of its own numbers changed.
 */
import {
  GROUP_CONSUMED,
  GROUP_DUPLICATES,
  GROUP_LAG,
  GROUP_LAG_AGE,
  GROUP_LOST,
  GROUP_REPLAYED,
  GROUP_SKIPPED,
  GROUP_STATE,
  MEMBER_CURRENT,
  MEMBER_EXPIRES_AT,
  MEMBER_JOINED,
  MEMBER_OFFSET,
  MEMBER_PROCESSED,
  MEMBER_STATE,
  PARTITION_WIDTH,
  PRODUCER_FAILED,
  PRODUCER_PRODUCED,
  PRODUCER_ACKED,
  PRODUCER_BATCHES,
  PRODUCER_BUFFERED,
  PRODUCER_DEDUPLICATED,
  PRODUCER_DUPLICATES,
  PRODUCER_ERRORS,
  PRODUCER_IN_FLIGHT,
  PRODUCER_RETURNED,
  PRODUCER_RPC_AWAITING,
  PRODUCER_RPC_DISCARDED,
  PRODUCER_RPC_P50,
  PRODUCER_RPC_P99,
  PRODUCER_CONFIRMED,
  PRODUCER_NACKED,
  PRODUCER_RPC_REPLIES,
  PRODUCER_RPC_REQUESTS,
  PRODUCER_STICKY,
  SUBSCRIPTION_WIDTH,
} from '../../engine/snapshot';
import type { AppState } from './appStore';

export const selectScenario = (s: AppState) => s.scenario;
export const selectFlowNodes = (s: AppState) => s.flowNodes;
export const selectFlowEdges = (s: AppState) => s.flowEdges;
export const selectSelection = (s: AppState) => s.selection;
export const selectLoadId = (s: AppState) => s.loadId;
export const selectTitle = (s: AppState) => s.scenario.meta.title;
export const selectDurationMs = (s: AppState) => s.scenario.run.durationMs;
export const selectPlaying = (s: AppState) => s.playing;
export const selectSpeed = (s: AppState) => s.speed;
export const selectTimeMs = (s: AppState) => s.timeMs;
export const selectEvents = (s: AppState) => s.events;
export const selectValues = (s: AppState) => s.values;
export const selectSeries = (s: AppState) => s.series;
export const selectDots = (s: AppState) => s.dots;
export const selectWhy = (s: AppState) => s.why;
export const selectToasts = (s: AppState) => s.toasts;
export const selectLoadProblems = (s: AppState) => s.loadProblems;
export const selectHasLayout = (s: AppState) => s.layout !== null;

const at = (values: Float64Array, i: number) => values[i] ?? 0;

/**
 * [produced, failed, sticky partition, errors retried, buffered, in flight, acked, duplicates,
 * deduplicated batches, batches, RabbitMQ: returned (basic.return), and as an RPC client: requests,
 * replies matched, requests awaiting a reply, replies discarded, round trip p50 and p99 (ms), and
 * with publisher confirms: messages acked and nacked by the broker] of a producer, or [] before the
 * engine knows it.
 */
export function selectProducerNumbers(s: AppState, nodeId: string): number[] {
  const entry = s.index.producers.get(nodeId);
  if (!entry) return [];
  const v = s.values;
  return [
    at(v, entry.at + PRODUCER_PRODUCED),
    at(v, entry.at + PRODUCER_FAILED),
    at(v, entry.at + PRODUCER_STICKY),
    at(v, entry.at + PRODUCER_ERRORS),
    at(v, entry.at + PRODUCER_BUFFERED),
    at(v, entry.at + PRODUCER_IN_FLIGHT),
    at(v, entry.at + PRODUCER_ACKED),
    at(v, entry.at + PRODUCER_DUPLICATES),
    at(v, entry.at + PRODUCER_DEDUPLICATED),
    at(v, entry.at + PRODUCER_BATCHES),
    at(v, entry.at + PRODUCER_RETURNED),
    at(v, entry.at + PRODUCER_RPC_REQUESTS),
    at(v, entry.at + PRODUCER_RPC_REPLIES),
    at(v, entry.at + PRODUCER_RPC_AWAITING),
    at(v, entry.at + PRODUCER_RPC_DISCARDED),
    at(v, entry.at + PRODUCER_RPC_P50),
    at(v, entry.at + PRODUCER_RPC_P99),
    at(v, entry.at + PRODUCER_CONFIRMED),
    at(v, entry.at + PRODUCER_NACKED),
  ];
}

/** Numbers per partition in selectTopicNumbers. */
export const TOPIC_NUMBERS_WIDTH = 12;

/**
 * Per partition p of a topic, 8 numbers from index 8p: log start offset, log end offset, and the
 * first reading group's committed offset (−1: none), lag (−1: no group reads the topic), the
 * owning consumer's position (−1: no owner), the lag in time (ms), which of the last 12 offsets
 * are still in the log (bits), the active segment's base offset, the high watermark, the leader's
 * broker id (−1 offline, −2 no brokers), the ISR (bits over the layout's brokers) and the
 * acknowledged records lost to truncation.
 */
export function selectTopicNumbers(s: AppState, nodeId: string): number[] {
  const entry = s.index.topics.get(nodeId);
  if (!entry) return [];
  const v = s.values;
  const reader = s.index.readers.get(nodeId)?.[0];
  const out: number[] = [];
  for (let p = 0; p < entry.partitions; p++) {
    const base = entry.at + PARTITION_WIDTH * p;
    const sub = reader ? reader.subscription.at + SUBSCRIPTION_WIDTH * p : -1;
    out.push(
      at(v, base),
      at(v, base + 1),
      sub >= 0 ? at(v, sub) : -1,
      sub >= 0 ? at(v, sub + 1) : -1,
      sub >= 0 ? at(v, sub + 2) : -1,
      sub >= 0 ? at(v, sub + 3) : 0,
      at(v, base + 2),
      at(v, base + 3),
      at(v, base + 4),
      v[base + 5] ?? -2,
      at(v, base + 6),
      at(v, base + 7),
    );
  }
  return out;
}

/** [alive, fenced, slow, leaders, out-of-sync replicas] of a broker, or [] before the engine knows it. */
export function selectBrokerNumbers(s: AppState, nodeId: string): number[] {
  const entry = s.index.brokers.get(nodeId);
  if (!entry) return [];
  const v = s.values;
  return [0, 1, 2, 3, 4].map((i) => at(v, entry.at + i));
}

export const selectBrokerIds = (s: AppState) => s.index.brokerIds;

export const selectTopicEntry = (s: AppState, nodeId: string) => s.index.topics.get(nodeId);
export const selectTopicReader = (s: AppState, nodeId: string) => s.index.readers.get(nodeId)?.[0];
export const selectGroupEntry = (s: AppState, nodeId: string) => s.index.groups.get(nodeId);

/**
 * [state, consumed, lag, lag age, duplicates, lost, replayed, skipped, then per member: state,
 * processed, current assignment index, offset, joined (0/1), session expiry time (−1: none)].
 */
export function selectGroupNumbers(s: AppState, nodeId: string): number[] {
  const entry = s.index.groups.get(nodeId);
  if (!entry) return [];
  const v = s.values;
  const out = [
    at(v, entry.at + GROUP_STATE),
    at(v, entry.at + GROUP_CONSUMED),
    at(v, entry.at + GROUP_LAG),
    at(v, entry.at + GROUP_LAG_AGE),
    at(v, entry.at + GROUP_DUPLICATES),
    at(v, entry.at + GROUP_LOST),
    at(v, entry.at + GROUP_REPLAYED),
    at(v, entry.at + GROUP_SKIPPED),
  ];
  for (const m of entry.members) {
    out.push(
      at(v, m.at + MEMBER_STATE),
      at(v, m.at + MEMBER_PROCESSED),
      at(v, m.at + MEMBER_CURRENT),
      at(v, m.at + MEMBER_OFFSET),
      at(v, m.at + MEMBER_JOINED),
      v[m.at + MEMBER_EXPIRES_AT] ?? -1,
    );
  }
  return out;
}
/** Numbers before the first member in selectGroupNumbers, and per member after. */
export const GROUP_HEAD = 8;
export const MEMBER_NUMBERS = 6;
