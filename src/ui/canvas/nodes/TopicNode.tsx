/** A Kafka topic on the canvas: one row per partition with its recent log, end offset and lag. */
import { Handle, Position, type NodeProps } from '@xyflow/react';
import { memo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { NodeOfKind } from '../../../scenario/schema';
import { useAppStore } from '../../store/appStore';
import type { FlowNode } from '../../store/flowSync';
import {
  selectBrokerIds,
  selectTopicEntry,
  selectTopicNumbers,
  selectTopicReader,
  TOPIC_NUMBERS_WIDTH,
} from '../../store/selectors';
import { formatCount } from '../../format';
import { NodeHeader } from './NodeHeader';
import { LOG_CELLS, PartitionRow } from './PartitionRow';

function TopicNodeView({ id, data, selected }: NodeProps<FlowNode>) {
  const node = data.node as NodeOfKind<'kafka.topic'>;
  const name = node.config.name ?? id;
  const numbers = useAppStore(useShallow((s) => selectTopicNumbers(s, id)));
  const reader = useAppStore((s) => selectTopicReader(s, id));
  const entry = useAppStore((s) => selectTopicEntry(s, id));
  const brokerIds = useAppStore(selectBrokerIds);
  const replicated = (entry?.replicas?.length ?? 0) > 0;
  const partitions = numbers.length ? numbers.length / TOPIC_NUMBERS_WIDTH : node.config.partitions;
  const rows = [];
  let ackedLost = 0;
  for (let p = 0; p < partitions; p++) {
    ackedLost += numbers[TOPIC_NUMBERS_WIDTH * p + 11] ?? 0;
    const [
      start = 0,
      end = 0,
      committed = -1,
      lag = -1,
      position = -1,
      lagAge = 0,
      present = 0xfff,
      activeBase = 0,
      highWatermark = end,
      leader = -2,
      isrMask = 0,
    ] = numbers.slice(TOPIC_NUMBERS_WIDTH * p, TOPIC_NUMBERS_WIDTH * (p + 1));
    rows.push(
      <PartitionRow
        key={p}
        topicNodeId={id}
        topic={name}
        partition={p}
        startOffset={start}
        endOffset={end}
        committed={committed}
        position={position}
        lag={lag}
        lagAge={lagAge}
        present={present}
        activeBase={activeBase}
        highWatermark={highWatermark}
        leader={leader}
        isr={brokerIds.filter((_, k) => (isrMask & (1 << k)) !== 0)}
        replicas={entry?.replicas?.[p] ?? []}
      />,
    );
  }
  return (
    <div className={`node node--topic${selected ? ' is-selected' : ''}`} data-testid={`node-${id}`}>
      <NodeHeader
        kind="Kafka topic"
        title={name}
        badge={
          <span className="pill pill--muted">
            {partitions} partition{partitions === 1 ? '' : 's'}
          </span>
        }
      />
      <div
        className={`partitions${replicated ? ' partitions--replicated' : ''}`}
        role="table"
        aria-label={`Partitions of ${name}`}
      >
        <div className="partition partition--head" role="row">
          <span role="columnheader" />
          <span role="columnheader">last {LOG_CELLS} offsets</span>
          <span role="columnheader">end</span>
          <span role="columnheader">lag</span>
          {replicated && <span role="columnheader">leader · ISR</span>}
        </div>
        {rows}
      </div>
      {ackedLost > 0 && (
        <p
          className="topic__lost"
          data-testid="acked-lost"
          title="Records the producer was told were written, cut off when a replica without them became leader"
        >
          {formatCount(ackedLost)} acknowledged record{ackedLost === 1 ? '' : 's'} lost to a leader change
        </p>
      )}
      <div className="node__legend">
        <span className="legend-swatch legend-swatch--committed" /> committed
        <span className="legend-swatch legend-swatch--delivered" /> delivered
        <span className="legend-swatch legend-swatch--pending" /> waiting
        {reader && <span className="node__legend-by">by {reader.groupId}</span>}
      </div>
      <Handle type="target" position={Position.Left} className="handle handle--kafka" />
      <Handle type="source" position={Position.Right} className="handle handle--kafka" />
    </div>
  );
}

export const TopicNode = memo(TopicNodeView);
