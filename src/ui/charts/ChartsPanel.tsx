/**
 * The bottom panel: headline totals and charts over virtual time (throughput, Kafka consumer lag
 * and/or RabbitMQ queue depth with the oldest message's wait, end-to-end latency). The charts redraw at
 * about 4 Hz from the bounded series in the store, whatever the frame rate.
 */
import { useMemo } from 'react';
import type { MetricsSample } from '../../engine';
import { formatCount } from '../format';
import { useThrottledStore } from '../hooks/useThrottledStore';
import { useAppStore } from '../store/appStore';
import { selectPlaying, selectSeries } from '../store/selectors';
import { ChartCard, type SeriesLine } from './ChartCard';
import { Headline } from './Headline';

const CHART_REFRESH_MS = 250;

const THROUGHPUT: SeriesLine[] = [
  { key: 'producedPerSec', value: (s) => s.producedPerSec, name: 'produced', color: '#16a34a' },
  { key: 'consumedPerSec', value: (s) => s.consumedPerSec, name: 'consumed', color: '#2563eb' },
];
/** Seconds on the lag chart's right axis: 3149 → "3.1 s". */
const seconds = (ms: number) => `${(ms / 1000).toFixed(ms > 0 && ms < 10_000 ? 1 : 0)} s`;
const TIME_BEHIND: SeriesLine = {
  key: 'lagMs',
  value: (s) => s.lagMs,
  name: 'time behind',
  color: '#db2777',
  right: { format: seconds },
};
const LAG: SeriesLine[] = [{ key: 'lag', value: (s) => s.lag, name: 'records', color: '#7c3aed' }, TIME_BEHIND];
/** One lag line per group when several groups read: each group's own trend. */
const GROUP_COLORS = ['#7c3aed', '#0891b2', '#ea580c', '#4d7c0f', '#be123c', '#1d4ed8'];

function lagLines(groupIds: readonly string[]): SeriesLine[] {
  if (groupIds.length < 2) return LAG;
  return [
    ...groupIds.map((id, k) => ({
      key: `lag:${id}`,
      value: (s: MetricsSample) => s.groups[k]?.lag ?? 0,
      name: id,
      color: GROUP_COLORS[k % GROUP_COLORS.length] as string,
    })),
    TIME_BEHIND,
  ];
}
const DELIVERED: SeriesLine = {
  key: 'deliveredPerSec',
  value: (s) => s.rabbit?.deliveredPerSec ?? 0,
  name: 'delivered (RabbitMQ)',
  color: '#ea580c',
};
const QUEUE_COLORS = ['#ea580c', '#0891b2', '#4d7c0f', '#be123c', '#1d4ed8', '#a16207'];
/** Time-in-queue on the depth chart's right axis: the oldest ready message's wait, over the queues. */
const OLDEST_WAIT: SeriesLine = {
  key: 'waitMs',
  value: (s) => Math.max(0, ...(s.rabbit?.queues.map((q) => q.waitMs) ?? [0])),
  name: 'oldest waiting',
  color: '#db2777',
  right: { format: seconds },
};

/** Ready messages (per queue when there are several), all unacknowledged ones, and the oldest wait. */
function depthLines(queueNames: readonly string[]): SeriesLine[] {
  const ready: SeriesLine[] =
    queueNames.length === 1
      ? [{ key: 'ready', value: (s) => s.rabbit?.queues[0]?.ready ?? 0, name: 'ready', color: '#ea580c' }]
      : queueNames.map((name, k) => ({
          key: `ready:${name}`,
          value: (s: MetricsSample) => s.rabbit?.queues[k]?.ready ?? 0,
          name: `${name} ready`,
          color: QUEUE_COLORS[k % QUEUE_COLORS.length] as string,
        }));
  return [
    ...ready,
    {
      key: 'unacked',
      value: (s) => s.rabbit?.queues.reduce((n, q) => n + q.unacked, 0) ?? 0,
      name: 'unacked',
      color: '#7c3aed',
    },
    OLDEST_WAIT,
  ];
}
const LATENCY: SeriesLine[] = [
  { key: 'p50', value: (s) => s.p50, name: 'p50', color: '#94a3b8' },
  { key: 'p95', value: (s) => s.p95, name: 'p95', color: '#f59e0b' },
  { key: 'p99', value: (s) => s.p99, name: 'p99', color: '#dc2626' },
];
/** Latency axis and tooltip in plain ms: one unit on the axis, whatever the size. */
const shortLatency = (ms: number) => (ms >= 10 || ms === 0 ? formatCount(ms) : ms.toFixed(1));

export function ChartsPanel() {
  const series = useThrottledStore(selectSeries, CHART_REFRESH_MS);
  const groupKey = useAppStore((s) => (s.layout?.groups ?? []).map((g) => g.groupId).join('\u0000'));
  const lag = useMemo(() => lagLines(groupKey ? groupKey.split('\u0000') : []), [groupKey]);
  const queueKey = useAppStore((s) => (s.layout?.queues ?? []).map((q) => q.name).join('\u0000'));
  const depth = useMemo(() => (queueKey ? depthLines(queueKey.split('\u0000')) : null), [queueKey]);
  const throughput = useMemo(() => (queueKey ? [...THROUGHPUT, DELIVERED] : THROUGHPUT), [queueKey]);
  const emptyText = useAppStore(selectPlaying) ? 'Collecting the first samples…' : 'Press Play to collect data.';
  return (
    <section className="charts" aria-label="Charts">
      <Headline />
      <div className="charts__grid">
        <ChartCard
          title="Throughput"
          unit="msg/s"
          data={series}
          lines={throughput}
          format={formatCount}
          emptyText={emptyText}
        />
        {(!depth || groupKey) && (
          <ChartCard
            title="Consumer lag"
            unit="records · s"
            data={series}
            lines={lag}
            format={formatCount}
            emptyText={emptyText}
          />
        )}
        {depth && (
          <ChartCard
            title="Queue depth"
            unit="messages · s"
            data={series}
            lines={depth}
            format={formatCount}
            emptyText={emptyText}
          />
        )}
        <ChartCard
          title="End-to-end latency"
          unit="ms"
          data={series}
          lines={LATENCY}
          format={shortLatency}
          emptyText={emptyText}
        />
      </div>
    </section>
  );
}
