/**
 * A RabbitMQ queue on the canvas: ready messages waiting (filled cells) and messages out with
 * consumers but not acknowledged (hollow cells, at the head end), how long the oldest has waited,
 * totals enqueued / delivered / acknowledged, what left it otherwise (dead-lettered, expired,
 * dropped, refused), and its arguments (TTL, length limit and overflow, dead-letter exchange).
 */
import { Handle, Position, type NodeProps } from '@xyflow/react';
import { memo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import {
  QUEUE_ACKED,
  QUEUE_DEAD_LETTERED,
  QUEUE_DELIVERED,
  QUEUE_DROPPED,
  QUEUE_ENQUEUED,
  QUEUE_EXPIRED,
  QUEUE_DELETED,
  QUEUE_HEAD_AGE,
  QUEUE_READY,
  QUEUE_REDELIVERED,
  QUEUE_REFUSED,
  QUEUE_UNACKED,
} from '../../../engine/snapshot';
import type { NodeOfKind } from '../../../scenario/schema';
import { formatCount, formatDuration } from '../../format';
import { useAppStore } from '../../store/appStore';
import type { FlowNode } from '../../store/flowSync';
import { selectNodeName, selectQueueNumbers } from '../../store/rabbitSelectors';
import { NodeHeader } from './NodeHeader';
import { QUEUE_CELLS, queueCells } from './queueCells';

type Queue = NodeOfKind<'rabbitmq.queue'>;

function QueueBar({ name, ready, unacked }: { name: string; ready: number; unacked: number }) {
  const shown = queueCells(ready, unacked);
  const empty = QUEUE_CELLS - shown.ready - shown.unacked;
  const cells = [];
  for (let i = 0; i < QUEUE_CELLS; i++) {
    const state = i < empty ? 'empty' : i < empty + shown.ready ? 'ready' : 'unacked';
    const edge = state === 'unacked' && i === empty + shown.ready && shown.ready > 0 ? ' qcell--split' : '';
    cells.push(<span key={i} className={`qcell qcell--${state}${edge}`} />);
  }
  return (
    <div
      className="queue__bar"
      role="img"
      aria-label={`${name}: ${formatCount(ready)} ready, ${formatCount(unacked)} unacknowledged`}
      title="Tail on the left, head on the right; hollow cells are delivered and not acknowledged yet"
    >
      {cells}
    </div>
  );
}

/** The queue's arguments as short facts; only those that are set. */
function QueueFacts({ node }: { node: Queue }) {
  const c = node.config;
  const dlx = useAppStore((s) => (c.deadLetterExchange === undefined ? '' : selectNodeName(s, c.deadLetterExchange)));
  const facts: [string, string, string][] = [];
  if (c.messageTtlMs !== undefined) facts.push(['TTL', formatDuration(c.messageTtlMs), 'x-message-ttl']);
  if (c.expiresMs !== undefined) facts.push(['Queue TTL', formatDuration(c.expiresMs), 'x-expires']);
  if (c.maxLength !== undefined || c.maxLengthBytes !== undefined) {
    const limits = [
      c.maxLength !== undefined ? `${formatCount(c.maxLength)} msgs` : '',
      c.maxLengthBytes !== undefined ? `${formatCount(c.maxLengthBytes)} B` : '',
    ].filter(Boolean);
    facts.push(['Max', `${limits.join(', ')} · ${c.overflow}`, 'x-max-length, x-max-length-bytes, x-overflow']);
  }
  if (c.deadLetterExchange !== undefined) {
    const key = c.deadLetterRoutingKey !== undefined ? ` · key “${c.deadLetterRoutingKey}”` : '';
    facts.push(['DLX', `→ ${dlx}${key}`, 'x-dead-letter-exchange']);
  }
  if (c.type === 'quorum') {
    facts.push(['Delivery limit', c.deliveryLimit < 0 ? 'none' : String(c.deliveryLimit), 'x-delivery-limit']);
  }
  if (facts.length === 0) facts.push(['Arguments', 'none (no TTL, no limit, no DLX)', '']);
  return (
    <dl className="node__facts queue__facts">
      {facts.map(([label, value, setting]) => (
        <div key={label} className="queue__fact" title={setting || undefined}>
          <dt>{label}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

function QueueNodeView({ id, data, selected }: NodeProps<FlowNode>) {
  const node = data.node as Queue;
  const name = node.config.name ?? id;
  const v = useAppStore(useShallow((s) => selectQueueNumbers(s, id)));
  const n = (i: number) => v[i] ?? 0;
  const fates = [
    [QUEUE_REDELIVERED, 'redelivered', 'is-warn', 'Delivered again after a nack, a reject or a consumer crash'],
    [QUEUE_DEAD_LETTERED, 'dead-lettered', 'is-bad', 'Republished to the dead-letter exchange'],
    [QUEUE_EXPIRED, 'expired', 'is-warn', 'Waited longer than their TTL'],
    [QUEUE_DROPPED, 'dropped', 'is-bad', 'Discarded with no dead-letter exchange (overflow, delivery limit, expiry)'],
    [QUEUE_REFUSED, 'refused', 'is-bad', 'Publishes refused because the queue was full (reject-publish)'],
  ] as const;
  const shownFates = fates.filter(([i]) => n(i) > 0);
  return (
    <div className={`node node--queue${selected ? ' is-selected' : ''}`} data-testid={`node-${id}`}>
      <NodeHeader
        kind="RabbitMQ queue"
        title={name}
        badge={
          <span className={`pill ${node.config.type === 'quorum' ? 'pill--rabbit-strong' : 'pill--rabbit'}`}>
            {node.config.type}
          </span>
        }
      />
      <div className="queue__contents">
        <QueueBar name={name} ready={n(QUEUE_READY)} unacked={n(QUEUE_UNACKED)} />
        <div className="queue__counts">
          <span>
            <strong data-testid="queue-ready">{formatCount(n(QUEUE_READY))}</strong> ready
          </span>
          <span>
            <strong data-testid="queue-unacked">{formatCount(n(QUEUE_UNACKED))}</strong> unacked
          </span>
          <span className="queue__age" title="Age of the oldest ready message (the head)" data-testid="queue-age">
            {n(QUEUE_DELETED) > 0
              ? 'deleted (x-expires)'
              : n(QUEUE_READY) > 0
                ? `head waited ${formatDuration(n(QUEUE_HEAD_AGE))}`
                : 'empty'}
          </span>
        </div>
      </div>
      <QueueFacts node={node} />
      {/* Always one line, so the node keeps its height when the first message dead-letters. */}
      <p className="queue__fates" data-testid="queue-fates">
        {shownFates.length === 0 ? (
          <span className="queue__fates-none">none dead-lettered, expired or dropped</span>
        ) : (
          shownFates.map(([i, label, tone, title]) => (
            <span key={label} className={tone} title={title} data-testid={`queue-${label}`}>
              {formatCount(n(i))} {label}
            </span>
          ))
        )}
      </p>
      <dl className="rstats rstats--3">
        <div>
          <dt>enqueued</dt>
          <dd data-testid="queue-enqueued">{formatCount(v[QUEUE_ENQUEUED])}</dd>
        </div>
        <div>
          <dt>delivered</dt>
          <dd data-testid="queue-delivered">{formatCount(v[QUEUE_DELIVERED])}</dd>
        </div>
        <div>
          <dt>acked</dt>
          <dd data-testid="queue-acked">{formatCount(v[QUEUE_ACKED])}</dd>
        </div>
      </dl>
      <Handle type="target" position={Position.Left} className="handle handle--rabbit" />
      <Handle type="source" position={Position.Right} className="handle handle--rabbit" />
    </div>
  );
}

export const QueueNode = memo(QueueNodeView);
