/**
 * A Kafka broker on the canvas: up, down (not yet noticed), fenced (the controller knows) or slow;
 * how many partitions it leads and how many of its replicas are out of sync; and buttons to crash
 * and restart it while the run goes on.
 */
import type { NodeProps } from '@xyflow/react';
import { memo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { NodeOfKind } from '../../../scenario/schema';
import { triggerAction } from '../../actions/runActions';
import { formatCount } from '../../format';
import { useAppStore } from '../../store/appStore';
import type { FlowNode } from '../../store/flowSync';
import { selectBrokerNumbers } from '../../store/selectors';
import { NodeHeader } from './NodeHeader';

function BrokerNodeView({ id, data, selected }: NodeProps<FlowNode>) {
  const node = data.node as NodeOfKind<'kafka.broker'>;
  const brokerId = useAppStore((s) => s.index.brokers.get(id)?.id ?? node.config.brokerId);
  const [alive, fenced, slow, leaders, outOfSync] = useAppStore(useShallow((s) => selectBrokerNumbers(s, id)));
  const known = alive !== undefined;
  const status = !known ? 'not started' : alive ? (slow ? 'slow' : 'up') : fenced ? 'down (fenced)' : 'down';
  const tone = !known ? 'pill--muted' : alive ? (slow ? 'pill--warn' : 'pill--ok') : 'pill--bad';
  return (
    <div
      className={`node node--broker${selected ? ' is-selected' : ''}${known && !alive ? ' is-down' : ''}`}
      data-testid={`node-${id}`}
    >
      <NodeHeader
        kind="Kafka broker"
        title={`${node.label ?? id}${brokerId !== undefined ? ` · id ${brokerId}` : ''}`}
        badge={
          <span className={`pill ${tone}`} data-testid="broker-status">
            {status}
          </span>
        }
      />
      <dl className="broker__stats">
        <div>
          <dt>leads</dt>
          <dd data-testid="broker-leaders">{formatCount(leaders)}</dd>
        </div>
        <div className={outOfSync ? 'is-warn' : undefined}>
          <dt>out of sync</dt>
          <dd>{formatCount(outOfSync)}</dd>
        </div>
      </dl>
      <div className="broker__actions nodrag">
        {known && alive ? (
          <button
            type="button"
            className="btn btn--small btn--danger"
            onClick={(event) => {
              event.stopPropagation();
              void triggerAction({ type: 'kafka.broker.crash', broker: id });
            }}
          >
            Crash
          </button>
        ) : (
          <button
            type="button"
            className="btn btn--small"
            disabled={!known}
            onClick={(event) => {
              event.stopPropagation();
              void triggerAction({ type: 'kafka.broker.restart', broker: id });
            }}
          >
            Restart
          </button>
        )}
      </div>
    </div>
  );
}

export const BrokerNode = memo(BrokerNodeView);
