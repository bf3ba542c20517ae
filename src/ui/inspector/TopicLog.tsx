/**
 * The topic's partition logs in the inspector: per partition the log start and end offsets, the
 * segments (oldest first, the active one last, cleaned ones tinted), what retention deleted and the
 * cleaner removed, and the last cleaning pass as the log before and after it.
 */
import type { TopicInfo } from '../../engine';
import { getEngineClient } from '../../worker/engineClient';
import { openWhyForMessage, openWhyForRecord } from '../actions/whyActions';
import { formatCount } from '../format';
import { useEngineQuery } from '../hooks/useEngineQuery';

type Segment = TopicInfo['partitions'][number]['segments'][number];

function bytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

/** One box per segment, as wide as its share of the offsets it spans; the records still in it shade it. */
function SegmentStrip({ segments, label }: { segments: readonly Segment[]; label: string }) {
  const span = segments.reduce((n, s) => n + Math.max(1, s.nextOffset - s.baseOffset), 0);
  return (
    <div className="segments" role="list" aria-label={label}>
      {segments.map((s) => {
        const width = Math.max(1, s.nextOffset - s.baseOffset);
        const fill = width === 0 ? 0 : Math.round((100 * s.records) / width);
        return (
          <span
            key={s.baseOffset}
            role="listitem"
            className={`segment${s.active ? ' segment--active' : ''}${s.cleaned ? ' segment--cleaned' : ''}`}
            style={{ flexGrow: width / span }}
            title={`Segment ${s.baseOffset}–${s.nextOffset - 1}${s.active ? ' (active)' : ''}: ${formatCount(s.records)} records, ${bytes(s.bytes)}${s.cleaned ? ', cleaned' : ''}`}
          >
            <span className="segment__fill" style={{ height: `${fill}%` }} />
          </span>
        );
      })}
    </div>
  );
}

type PartitionInfo = TopicInfo['partitions'][number];

/**
 * The partition's last offsets as cells, as the partition inspector shows them: gone (deleted or
 * compacted), readable, or above the high watermark; then each replica's log end offset and each
 * group's committed offset. A cell asks "why here?".
 */
function OffsetCells({
  topicNodeId,
  topic,
  partition: p,
}: {
  topicNodeId: string;
  topic: string;
  partition: PartitionInfo;
}) {
  const { fromOffset, present } = p.cells;
  return (
    <div className="offsets">
      <div className="offsets__grid" role="list" aria-label={`Last offsets of P${p.partition}`}>
        {present.map((isPresent, i) => {
          const offset = fromOffset + i;
          const state = !isPresent ? 'gone' : offset >= p.highWatermark ? 'unreplicated' : 'readable';
          const marks = p.committed.filter((c) => c.offset === offset).map((c) => c.groupId);
          return (
            <button
              key={offset}
              type="button"
              role="listitem"
              className={`ocell ocell--${state}${marks.length ? ' ocell--committed' : ''}`}
              disabled={!isPresent}
              title={`Offset ${offset}${state === 'gone' ? ': no longer in the log' : state === 'unreplicated' ? ': above the high watermark' : ''}${marks.length ? `; next to read for ${marks.join(', ')}` : ''}`}
              aria-label={`${topic}-${p.partition} offset ${offset}`}
              onClick={() => openWhyForRecord(topicNodeId, topic, p.partition, offset)}
            />
          );
        })}
      </div>
      <p className="offsets__legend">
        log start {formatCount(p.logStartOffset)} · high watermark {formatCount(p.highWatermark)} · log end{' '}
        {formatCount(p.logEndOffset)}
      </p>
      {p.replicas.length > 0 && (
        <ul className="offsets__list" aria-label={`Replicas of P${p.partition}`}>
          {p.replicas.map((r) => (
            <li key={r.broker} className={r.inSync ? undefined : 'is-out'}>
              <strong>b{r.broker}</strong> {r.leader ? 'leader' : 'follower'}
              {r.alive ? '' : ' (down)'} · log end {formatCount(r.logEndOffset)} ·{' '}
              {r.inSync ? 'in sync' : 'out of sync'}
            </li>
          ))}
        </ul>
      )}
      {p.committed.length > 0 && (
        <ul className="offsets__list" aria-label={`Committed offsets of P${p.partition}`}>
          {p.committed.map((c) => (
            <li key={c.groupId}>
              <strong>{c.groupId}</strong> committed {c.offset < 0 ? 'nothing yet' : formatCount(c.offset)}
            </li>
          ))}
        </ul>
      )}
      {p.truncations.length > 0 && <Truncations topic={topic} partition={p} />}
      {p.history.length > 0 && (
        <ol className="offsets__history" aria-label={`Leader and ISR changes of P${p.partition}`}>
          {p.history
            .slice(-6)
            .reverse()
            .map((h, i) => (
              <li key={i}>
                <span className="history__time">{(h.atMs / 1000).toFixed(1)} s</span> {h.text}
              </li>
            ))}
        </ol>
      )}
    </div>
  );
}

/**
 * What leader changes cut off this partition's log: the offsets are reused by later records, so
 * the removed records are shown apart, the acknowledged ones (lost writes) in red. A cell asks why.
 */
function Truncations({ topic, partition: p }: { topic: string; partition: PartitionInfo }) {
  return (
    <div className="offsets__cuts" aria-label={`Records cut off P${p.partition}`} role="group">
      {p.truncations
        .slice()
        .reverse()
        .map((cut) => (
          <div key={`${cut.atMs}-${cut.fromOffset}`} className="cut">
            <p className="cut__head">
              <span className="history__time">{(cut.atMs / 1000).toFixed(1)} s</span> {cut.reason}: offsets{' '}
              {formatCount(cut.fromOffset)}–{formatCount(cut.fromOffset + cut.count - 1)} cut off
              {cut.ackedCount > 0 ? (
                <strong className="cut__lost" data-testid="cut-lost">
                  {' '}
                  · {formatCount(cut.ackedCount)} acknowledged, lost
                </strong>
              ) : (
                ' · none acknowledged'
              )}
            </p>
            <div
              className="offsets__grid"
              role="list"
              aria-label={`Cut off P${p.partition} at ${(cut.atMs / 1000).toFixed(1)} s`}
            >
              {cut.records.map((r) => (
                <button
                  key={r.offset}
                  type="button"
                  role="listitem"
                  className={`ocell ${r.acked ? 'ocell--lost' : 'ocell--cut'}`}
                  title={`Offset ${r.offset} (message #${r.msgId}): ${r.acked ? 'acknowledged to the producer, then cut off — a lost write' : 'cut off before it was acknowledged'}`}
                  aria-label={`${topic}-${p.partition} cut offset ${r.offset}${r.acked ? ', acknowledged' : ''}`}
                  onClick={() => openWhyForMessage(r.msgId)}
                />
              ))}
              {cut.count > cut.records.length && (
                <span className="cut__more">+{formatCount(cut.count - cut.records.length)}</span>
              )}
            </div>
          </div>
        ))}
    </div>
  );
}

export function TopicLog({ nodeId }: { nodeId: string }) {
  const info = useEngineQuery<TopicInfo>(() => getEngineClient().inspectTopic(nodeId), nodeId);
  if (!info) return null;
  return (
    <fieldset className="fieldset" aria-label="Partition logs">
      <legend>Partition logs</legend>
      <p className="field__hint" data-testid="topic-log-totals">
        {formatCount(info.deletedByRetention)} deleted by retention · {formatCount(info.compactedAway)} removed by the
        cleaner
      </p>
      {info.partitions.map((p) => (
        <div key={p.partition} className="plog" data-testid={`plog-${p.partition}`}>
          <div className="plog__head">
            <strong>P{p.partition}</strong>
            <span>
              offsets {formatCount(p.logStartOffset)}–{formatCount(Math.max(p.logStartOffset, p.logEndOffset - 1))}
            </span>
            <span>{formatCount(p.records)} records</span>
            <span>{bytes(p.sizeBytes)}</span>
            <span>
              {p.segments.length + p.olderSegments} segment{p.segments.length + p.olderSegments === 1 ? '' : 's'}
            </span>
          </div>
          <SegmentStrip segments={p.segments} label={`Segments of P${p.partition}`} />
          <details className="plog__offsets">
            <summary>Offsets, replicas and commits</summary>
            <OffsetCells topicNodeId={info.nodeId} topic={info.name} partition={p} />
          </details>
          {p.lastClean && (
            <details className="plog__clean">
              <summary>
                Cleaned at {(p.lastClean.atMs / 1000).toFixed(1)} s: {formatCount(p.lastClean.removed)} removed
                {p.lastClean.tombstonesRemoved > 0 ? ` (${p.lastClean.tombstonesRemoved} tombstones)` : ''},{' '}
                {bytes(p.lastClean.bytesBefore)} → {bytes(p.lastClean.bytesAfter)}
              </summary>
              <span className="plog__caption">before</span>
              <SegmentStrip segments={p.lastClean.segmentsBefore} label={`P${p.partition} before cleaning`} />
              <span className="plog__caption">after</span>
              <SegmentStrip segments={p.lastClean.segmentsAfter} label={`P${p.partition} after cleaning`} />
            </details>
          )}
        </div>
      ))}
    </fieldset>
  );
}
