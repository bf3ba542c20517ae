/**
 * The run's headline numbers: produced, consumed and Kafka lag from the totals, messages in
 * RabbitMQ queues (ready and unacknowledged), p99 from the last sample.
 */
import {
  QUEUE_READY,
  QUEUE_UNACKED,
  TOTAL_CONSUMED,
  TOTAL_FAILED,
  TOTAL_LAG,
  TOTAL_PRODUCED,
} from '../../engine/snapshot';
import { formatCount, formatLatency } from '../format';
import { useAppStore } from '../store/appStore';
import type { AppState } from '../store/appStore';

const selectProduced = (s: AppState) => s.values[TOTAL_PRODUCED];
const selectConsumed = (s: AppState) => s.values[TOTAL_CONSUMED];
const selectLag = (s: AppState) => s.values[TOTAL_LAG];
const selectFailed = (s: AppState) => s.values[TOTAL_FAILED] ?? 0;
const selectHasGroups = (s: AppState) => (s.layout?.groups.length ?? 0) > 0;
/** Messages in every RabbitMQ queue, ready or unacknowledged; undefined without queues. */
const selectQueued = (s: AppState) => {
  const queues = s.layout?.queues ?? [];
  if (queues.length === 0) return undefined;
  let n = 0;
  for (const q of queues) n += (s.values[q.at + QUEUE_READY] ?? 0) + (s.values[q.at + QUEUE_UNACKED] ?? 0);
  return n;
};
/** p99 of the last sample; undefined when nothing was consumed in it (there is no latency to show). */
const selectP99 = (s: AppState) => {
  const last = s.series[s.series.length - 1];
  return last && last.consumedPerSec > 0 ? last.p99 : undefined;
};

function Stat({ label, value, tone }: { label: string; value: string; tone?: string }) {
  return (
    <div className={`stat${tone ? ` stat--${tone}` : ''}`}>
      <span className="stat__label">{label}</span>
      <span className="stat__value" data-testid={`stat-${label.split(' ')[0]?.toLowerCase()}`}>
        {value}
      </span>
    </div>
  );
}

export function Headline() {
  const produced = useAppStore(selectProduced);
  const consumed = useAppStore(selectConsumed);
  const lag = useAppStore(selectLag);
  const failed = useAppStore(selectFailed);
  const p99 = useAppStore(selectP99);
  const hasGroups = useAppStore(selectHasGroups);
  const queued = useAppStore(selectQueued);
  return (
    <div className="headline" aria-label="Totals">
      <Stat label="Produced" value={formatCount(produced)} tone="producer" />
      <Stat label="Consumed" value={formatCount(consumed)} tone="kafka" />
      {(hasGroups || queued === undefined) && <Stat label="Lag" value={formatCount(lag)} tone="group" />}
      {queued !== undefined && <Stat label="Queued" value={formatCount(queued)} tone="rabbit" />}
      <Stat label="p99 latency" value={formatLatency(p99)} />
      {failed > 0 && <Stat label="Failed" value={formatCount(failed)} tone="danger" />}
    </div>
  );
}
