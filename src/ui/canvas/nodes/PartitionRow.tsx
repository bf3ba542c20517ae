/**
 * One partition of a topic: the last few offsets of its log as cells — committed by the reading
 * group, delivered to its consumer but not committed yet, or waiting — the log end offset and the
 * group's lag. A cell asks "why here?".
 */
import { memo } from 'react';
import { openWhyForRecord } from '../../actions/whyActions';
import { formatCount, formatDuration } from '../../format';

/** Offsets drawn per partition: the most recent ones. */
export const LOG_CELLS = 12;

type Props = {
  topicNodeId: string;
  topic: string;
  partition: number;
  startOffset: number;
  endOffset: number;
  /** The group's committed offset (the next it will read); −1 when nothing is committed yet. */
  committed: number;
  /** The owning consumer's position (the next offset it fetches); −1 when no consumer owns it. */
  position: number;
  /** −1 when no group reads the topic. */
  lag: number;
  /** Lag in time: age of the oldest record not yet committed (ms). */
  lagAge: number;
  /** Bit i: offset endOffset − 12 + i is still in the log (the cleaner leaves gaps). */
  present: number;
  /** Base offset of the active segment: a divider is drawn before it. */
  activeBase: number;
  /** Records at or above it are not yet on every in-sync replica: consumers cannot read them. */
  highWatermark: number;
  /** The leader's broker id; −1 offline; −2 when there are no broker nodes. */
  leader: number;
  isr: readonly number[];
  replicas: readonly number[];
};

function PartitionRowView({
  topicNodeId,
  topic,
  partition,
  startOffset,
  endOffset,
  committed,
  position,
  lag,
  lagAge,
  present,
  activeBase,
  highWatermark,
  leader,
  isr,
  replicas,
}: Props) {
  const cells = [];
  for (let i = 0; i < LOG_CELLS; i++) {
    const offset = endOffset - LOG_CELLS + i;
    const segmentStart = offset === activeBase && offset > startOffset ? ' cell--segment-start' : '';
    if (offset < 0) {
      cells.push(<span key={i} className="cell cell--empty" aria-hidden="true" />);
      continue;
    }
    if (offset < startOffset || (present & (1 << i)) === 0) {
      const gone = offset < startOffset ? 'deleted by retention' : 'removed by the log cleaner';
      cells.push(
        <span
          key={i}
          className={`cell cell--gone${segmentStart}`}
          title={`Offset ${offset}: ${gone}`}
          aria-label={`${topic}-${partition} offset ${offset}, ${gone}`}
        />,
      );
      continue;
    }
    const state =
      offset >= highWatermark
        ? 'unreplicated'
        : offset < committed
          ? 'committed'
          : offset < position
            ? 'delivered'
            : 'pending';
    const name = `${topic}-${partition} offset ${offset}${state === 'pending' ? '' : `, ${state}`}`;
    cells.push(
      <button
        key={i}
        type="button"
        className={`cell cell--${state}${segmentStart}`}
        aria-label={name}
        title={`Offset ${offset} — why is it here?`}
        onClick={(event) => {
          // Asking about a record is not selecting the topic: keep the inspector where it was.
          event.stopPropagation();
          openWhyForRecord(topicNodeId, topic, partition, offset);
        }}
      />,
    );
  }
  return (
    <div className="partition" role="row">
      <span className="partition__label" role="rowheader">
        P{partition}
      </span>
      <div className="partition__log nodrag" role="cell">
        {cells}
      </div>
      <span
        className="partition__end"
        role="cell"
        title={startOffset > 0 ? `Log end offset; the log starts at ${formatCount(startOffset)}` : 'Log end offset'}
      >
        {formatCount(endOffset)}
      </span>
      <span
        className={`partition__lag${lag > 0 ? ' has-lag' : ''}`}
        role="cell"
        title={lag > 0 ? `Consumer lag: ${formatCount(lag)} records, ${formatDuration(lagAge)} behind` : 'Consumer lag'}
      >
        {lag < 0 ? '—' : formatCount(lag)}
      </span>
      {leader !== -2 && (
        <span
          className={`partition__leader${leader === -1 ? ' is-offline' : isr.length < replicas.length ? ' is-under' : ''}`}
          role="cell"
          data-testid="partition-leader"
          title={`Replicas [${replicas.join(', ')}]; in sync [${isr.join(', ')}]; high watermark ${formatCount(highWatermark)}`}
        >
          {leader === -1 ? 'offline' : `b${leader}`}
          <small>
            {isr.length}/{replicas.length}
          </small>
        </span>
      )}
    </div>
  );
}

export const PartitionRow = memo(PartitionRowView);
