/** The virtual clock, progress through the run's duration, and the event count. */
import { formatCount, formatVirtualTime } from '../format';
import { useAppStore } from '../store/appStore';
import { selectDurationMs, selectEvents, selectTimeMs } from '../store/selectors';

export function RunClock() {
  const timeMs = useAppStore(selectTimeMs);
  const events = useAppStore(selectEvents);
  const durationMs = useAppStore(selectDurationMs);
  const progress = Math.min(1, durationMs > 0 ? timeMs / durationMs : 0);
  return (
    <div className="clock" aria-label="Virtual time">
      <div className="clock__row">
        <span className="clock__time" data-testid="clock">
          t = {formatVirtualTime(timeMs)}
        </span>
        <span className="clock__of">/ {formatVirtualTime(durationMs)}</span>
      </div>
      <div
        className="clock__bar"
        role="progressbar"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={Math.round(progress * 100)}
        aria-label="Run progress"
      >
        <span style={{ width: `${progress * 100}%` }} />
      </div>
      <span className="clock__events" data-testid="events">
        {formatCount(events)} events
      </span>
    </div>
  );
}
