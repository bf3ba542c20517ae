/**
 * A Kafka consumer group on the canvas: its state and generation, one row per member with the
 * partitions the assignor gave it, and the group's total lag. "Why these partitions?" shows the
 * assignor's reasoning, step by step.
 */
import { Handle, Position, type NodeProps } from '@xyflow/react';
import { memo, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { GROUP_STATE_NAMES } from '../../../engine';
import type { NodeOfKind } from '../../../scenario/schema';
import { formatCount, formatDuration } from '../../format';
import { useAppStore } from '../../store/appStore';
import type { FlowNode } from '../../store/flowSync';
import { GROUP_HEAD, MEMBER_NUMBERS, selectGroupEntry, selectGroupNumbers } from '../../store/selectors';
import { MemberRow } from './MemberRow';
import { NodeHeader } from './NodeHeader';

function GroupBadge({ state }: { state: number | undefined }) {
  const name = state === undefined ? undefined : GROUP_STATE_NAMES[state];
  if (!name) return <span className="pill pill--muted">not started</span>;
  const rebalancing = name === 'PreparingRebalance' || name === 'CompletingRebalance';
  return (
    <span
      className={`pill ${rebalancing ? 'pill--warn' : name === 'Stable' ? 'pill--ok' : 'pill--muted'}`}
      title={name}
    >
      {rebalancing ? 'rebalancing' : name}
    </span>
  );
}

function ConsumerGroupNodeView({ id, data, selected }: NodeProps<FlowNode>) {
  const node = data.node as NodeOfKind<'kafka.consumerGroup'>;
  const entry = useAppStore((s) => selectGroupEntry(s, id));
  const numbers = useAppStore(useShallow((s) => selectGroupNumbers(s, id)));
  const [showWhy, setShowWhy] = useState(false);
  const groupId = entry?.groupId ?? node.config.groupId ?? id;
  const [state, consumed, lag, lagAge, duplicates = 0, lost = 0, replayed = 0] = numbers;
  const timeMs = useAppStore((s) => s.timeMs);
  const stateName = state === undefined ? '' : (GROUP_STATE_NAMES[state] ?? '');
  const members = entry?.members ?? [];
  return (
    <div className={`node node--group${selected ? ' is-selected' : ''}`} data-testid={`node-${id}`}>
      <NodeHeader kind="Consumer group" title={groupId} badge={<GroupBadge state={state} />} />
      <div className="group__meta">
        <span data-testid="group-state">{stateName || 'waiting for the run'}</span>
        <span data-testid="generation">generation {entry?.generation ?? 0}</span>
        <span title={`partition.assignment.strategy: ${entry?.assignor ?? ''}`}>
          {entry
            ? entry.protocol === 'cooperative'
              ? 'cooperative'
              : `${entry.assignor.replace('Assignor', '')}, eager`
            : ''}
        </span>
        {lag !== undefined && lag > 0 && (
          <span className="group__behind" title="Lag in time: age of the oldest record the group has not committed">
            {formatDuration(lagAge ?? 0)} behind
          </span>
        )}
      </div>
      {members.length ? (
        <ul className="members" aria-label={`Members of ${groupId}`}>
          {members.map((m, i) => {
            const base = GROUP_HEAD + MEMBER_NUMBERS * i;
            const current = numbers[base + 2] ?? -1;
            const offset = numbers[base + 3] ?? -1;
            const held = current >= 0 ? m.assigned[current] : undefined;
            return (
              <MemberRow
                key={m.memberId}
                label={m.label}
                memberId={m.memberId}
                partitions={m.assigned.map((a) => `${a.topic}-${a.partition}`).join(' ')}
                state={numbers[base] ?? 0}
                processed={numbers[base + 1] ?? 0}
                inHand={held && offset >= 0 ? `${held.topic}-${held.partition} @ ${offset}` : ''}
                joined={(numbers[base + 4] ?? 0) === 1}
                expiresInMs={(numbers[base + 5] ?? -1) >= 0 ? Math.max(0, (numbers[base + 5] ?? 0) - timeMs) : -1}
              />
            );
          })}
        </ul>
      ) : (
        <p className="node__empty">
          {node.config.consumers === 0
            ? 'No consumers: the group has no members.'
            : 'Members join when the run starts.'}
        </p>
      )}
      {(duplicates > 0 || lost > 0 || replayed > 0) && (
        <div className="group__delivery" data-testid="group-delivery">
          {duplicates > 0 && (
            <span
              className="is-warn"
              title="Processed twice: a commit was lost (crash, kick-out, cooperative revocation), or a producer retry wrote the records again"
            >
              {formatCount(duplicates)} twice
            </span>
          )}
          {lost > 0 && (
            <span className="is-bad" title="Never processed: the committed offset moved past them">
              {formatCount(lost)} lost
            </span>
          )}
          {replayed > 0 && <span title="Processed again after an offset reset">{formatCount(replayed)} replayed</span>}
        </div>
      )}
      <div className="node__footer">
        <span className="node__footer-label">consumed</span>
        <strong className="node__num">{formatCount(consumed)}</strong>
        <span className="node__footer-label">total lag</span>
        <strong className={`node__big${lag !== undefined && lag > 0 ? ' has-lag' : ''}`} data-testid="group-lag">
          {formatCount(lag)}
        </strong>
      </div>
      {entry && entry.explanation.length > 0 && (
        <div className="group__why nodrag">
          <button type="button" className="link-button" aria-expanded={showWhy} onClick={() => setShowWhy((v) => !v)}>
            {showWhy ? 'Hide why' : 'Why these partitions?'}
          </button>
          {showWhy && (
            <ul className="group__explanation nowheel">
              {entry.explanation.map((line, i) => (
                <li key={i} className={line.startsWith(' ') ? 'is-sub' : undefined}>
                  {line.trim()}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
      <Handle type="target" position={Position.Left} className="handle handle--group" />
    </div>
  );
}

export const ConsumerGroupNode = memo(ConsumerGroupNodeView);
