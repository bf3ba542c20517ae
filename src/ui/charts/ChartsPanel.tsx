/**
 * The bottom panel: headline totals and three charts over virtual time. The charts redraw at
 * about 4 Hz from the bounded series in the store, whatever the frame rate.
 */
import { formatCount } from '../format';
import { useThrottledStore } from '../hooks/useThrottledStore';
import { useAppStore } from '../store/appStore';
import { selectPlaying, selectSeries } from '../store/selectors';
import { ChartCard, type SeriesLine } from './ChartCard';
import { Headline } from './Headline';

const CHART_REFRESH_MS = 250;

const THROUGHPUT: SeriesLine[] = [
  { key: 'producedPerSec', name: 'produced', color: '#16a34a' },
  { key: 'consumedPerSec', name: 'consumed', color: '#2563eb' },
];
/** Seconds on the lag chart's right axis: 3149 → "3.1 s". */
const seconds = (ms: number) => `${(ms / 1000).toFixed(ms > 0 && ms < 10_000 ? 1 : 0)} s`;
const LAG: SeriesLine[] = [
  { key: 'lag', name: 'records', color: '#7c3aed' },
  { key: 'lagMs', name: 'time behind', color: '#db2777', right: { format: seconds } },
];
const LATENCY: SeriesLine[] = [
  { key: 'p50', name: 'p50', color: '#94a3b8' },
  { key: 'p95', name: 'p95', color: '#f59e0b' },
  { key: 'p99', name: 'p99', color: '#dc2626' },
];
/** Latency axis and tooltip in plain ms: one unit on the axis, whatever the size. */
const shortLatency = (ms: number) => (ms >= 10 || ms === 0 ? formatCount(ms) : ms.toFixed(1));

export function ChartsPanel() {
  const series = useThrottledStore(selectSeries, CHART_REFRESH_MS);
  const emptyText = useAppStore(selectPlaying) ? 'Collecting the first samples…' : 'Press Play to collect data.';
  return (
    <section className="charts" aria-label="Charts">
      <Headline />
      <div className="charts__grid">
        <ChartCard
          title="Throughput"
          unit="msg/s"
          data={series}
          lines={THROUGHPUT}
          format={formatCount}
          emptyText={emptyText}
        />
        <ChartCard
          title="Consumer lag"
          unit="records · s"
          data={series}
          lines={LAG}
          format={formatCount}
          emptyText={emptyText}
        />
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
