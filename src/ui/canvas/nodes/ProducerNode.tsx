/** A producer on the canvas: its traffic settings and how many records it has sent. */
import { Handle, Position, type NodeProps } from '@xyflow/react';
import { memo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { NodeOfKind, Traffic } from '../../../scenario/schema';
import { formatCount, formatRate } from '../../format';
import { useAppStore } from '../../store/appStore';
import type { FlowNode } from '../../store/flowSync';
import { selectProducerNumbers } from '../../store/selectors';
import { NodeHeader } from './NodeHeader';

function describeTraffic(traffic: Traffic): { rate: string; keys: string } {
  if (traffic.type === 'scripted') {
    const n = traffic.messages.length;
    return { rate: `scripted, ${formatCount(n)} message${n === 1 ? '' : 's'}`, keys: 'keys as scripted' };
  }
  const rate = `${formatRate(traffic.ratePerSec)} msg/s · ${traffic.arrivals}`;
  const keys = traffic.keys;
  switch (keys.type) {
    case 'uniform':
      return { rate, keys: `${formatCount(keys.count)} keys “${keys.prefix}…”, uniform` };
    case 'zipf':
      return { rate, keys: `${formatCount(keys.count)} keys “${keys.prefix}…”, zipf s=${keys.exponent}` };
    case 'null':
      return { rate, keys: 'no key (sticky partitioner)' };
  }
}

function ProducerNodeView({ id, data, selected }: NodeProps<FlowNode>) {
  const node = data.node as NodeOfKind<'producer'>;
  const numbers = useAppStore(useShallow((s) => selectProducerNumbers(s, id)));
  const [produced, failed = 0, sticky, errors = 0, retrying = 0] = numbers;
  const { rate, keys } = describeTraffic(node.config.traffic);
  const isNullKeys = node.config.traffic.type === 'rate' && node.config.traffic.keys.type === 'null';
  return (
    <div className={`node node--producer${selected ? ' is-selected' : ''}`} data-testid={`node-${id}`}>
      <NodeHeader kind="Producer" title={node.label ?? id} />
      <dl className="node__facts">
        <dt>Rate</dt>
        <dd>{rate}</dd>
        <dt>Keys</dt>
        <dd>{keys}</dd>
        {isNullKeys && sticky !== undefined && sticky >= 0 && (
          <>
            <dt>Sticky</dt>
            <dd>partition {sticky}</dd>
          </>
        )}
        {node.config.acks !== 'all' && (
          <>
            <dt>Acks</dt>
            <dd>{node.config.acks}</dd>
          </>
        )}
        {(errors > 0 || failed > 0) && (
          <>
            <dt>Errors</dt>
            <dd className="producer__errors" data-testid="producer-errors">
              {formatCount(errors)} retried{retrying > 0 ? `, ${formatCount(retrying)} waiting` : ''}
              {failed > 0 ? `, ${formatCount(failed)} failed` : ''}
            </dd>
          </>
        )}
      </dl>
      <div className="node__footer">
        <span className="node__footer-label">produced</span>
        <strong className="node__big" data-testid="produced-count">
          {formatCount(produced)}
        </strong>
      </div>
      <Handle type="source" position={Position.Right} className="handle handle--producer" />
    </div>
  );
}

export const ProducerNode = memo(ProducerNodeView);
