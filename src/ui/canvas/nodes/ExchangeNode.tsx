/**
 * A RabbitMQ exchange on the canvas: its type, its bindings and alternate exchange, and what
 * became of the messages that reached it — routed to queues, passed to the alternate exchange,
 * returned to a mandatory publisher, or dropped.
 */
import { Handle, Position, type NodeProps } from '@xyflow/react';
import { memo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { NodeOfKind } from '../../../scenario/schema';
import { formatCount } from '../../format';
import { useAppStore } from '../../store/appStore';
import type { FlowNode } from '../../store/flowSync';
import { selectBindingSummary, selectExchangeNumbers, selectNodeName } from '../../store/rabbitSelectors';
import { NodeHeader } from './NodeHeader';

type ExchangeType = NodeOfKind<'rabbitmq.exchange'>['config']['type'];

/** How each type routes, in a few words. */
export const EXCHANGE_RULES: Record<ExchangeType, string> = {
  direct: 'routing key = binding key',
  fanout: 'every binding gets a copy',
  topic: 'patterns: * one word, # zero or more',
  headers: 'header values, by x-match',
};

function Stat({
  label,
  value,
  tone,
  testId,
}: {
  label: string;
  value: number | undefined;
  tone?: string;
  testId: string;
}) {
  return (
    <div className={tone && (value ?? 0) > 0 ? tone : undefined}>
      <dt>{label}</dt>
      <dd data-testid={testId}>{formatCount(value)}</dd>
    </div>
  );
}

function ExchangeNodeView({ id, data, selected }: NodeProps<FlowNode>) {
  const node = data.node as NodeOfKind<'rabbitmq.exchange'>;
  const c = node.config;
  const name = c.name ?? id;
  const [inCount, routed, toAlternate, returned, dropped] = useAppStore(
    useShallow((s) => selectExchangeNumbers(s, id)),
  );
  const bindings = useAppStore((s) => selectBindingSummary(s, id));
  const alternate = useAppStore((s) => selectNodeName(s, c.alternateExchange));
  return (
    <div className={`node node--exchange${selected ? ' is-selected' : ''}`} data-testid={`node-${id}`}>
      <NodeHeader
        kind="RabbitMQ exchange"
        title={name}
        badge={
          <span className="pill pill--rabbit" data-testid="exchange-type">
            {c.type}
          </span>
        }
      />
      <dl className="node__facts">
        <dt>Routes by</dt>
        <dd>{EXCHANGE_RULES[c.type]}</dd>
        <dt>Bindings</dt>
        <dd data-testid="exchange-bindings">{bindings}</dd>
        {c.alternateExchange !== undefined && (
          <>
            <dt>Alternate</dt>
            <dd title="alternate-exchange: gets what matches no binding">
              → {alternate} · {formatCount(toAlternate ?? 0)} sent
            </dd>
          </>
        )}
      </dl>
      <dl className="rstats">
        <Stat label="in" value={inCount} testId="exchange-in" />
        <Stat label="routed" value={routed} testId="exchange-routed" />
        <Stat label="returned" value={returned} tone="is-warn" testId="exchange-returned" />
        <Stat label="dropped" value={dropped} tone="is-bad" testId="exchange-dropped" />
      </dl>
      <Handle type="target" position={Position.Left} className="handle handle--rabbit" />
      <Handle type="source" position={Position.Right} className="handle handle--rabbit" />
    </div>
  );
}

export const ExchangeNode = memo(ExchangeNodeView);
