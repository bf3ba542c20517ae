/**
 * A producer on the canvas: its traffic and delivery settings, its batches, what waits, and how
 * many records it wrote; wired to RabbitMQ, its routing and returned messages, and as an RPC client
 * (a queue wired to it is its callback queue) its replies and their round trip.
 */
import { Handle, Position, type NodeProps } from '@xyflow/react';
import { memo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { NodeOfKind, Traffic } from '../../../scenario/schema';
import { formatCount, formatLatency, formatRate } from '../../format';
import { useAppStore } from '../../store/appStore';
import type { FlowNode } from '../../store/flowSync';
import { selectCallbackQueueName, selectTargetKinds } from '../../store/rabbitSelectors';
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
  const [
    produced,
    failed = 0,
    sticky,
    errors = 0,
    buffered = 0,
    inFlight = 0,
    ,
    duplicates = 0,
    deduplicated = 0,
    batches = 0,
    returned = 0,
    ,
    replies = 0,
    awaiting = 0,
    discarded = 0,
    p50 = 0,
    p99 = 0,
    confirmed = 0,
    nacked = 0,
  ] = numbers;
  const config = node.config;
  // What it is wired to decides which facts matter: Kafka's delivery settings, RabbitMQ's routing.
  const targets = useAppStore((s) => selectTargetKinds(s, id));
  const rabbit = targets.includes('rabbitmq.');
  const kafka = targets.includes('kafka.') || !rabbit;
  // An RPC client (a queue wired to it): its rows show from the start, so the node keeps its height.
  const replyQueue = useAppStore((s) => selectCallbackQueueName(s, id)) || undefined;
  const { rate, keys } = describeTraffic(config.traffic);
  const isNullKeys = config.traffic.type === 'rate' && config.traffic.keys.type === 'null';
  const idempotent =
    config.enableIdempotence ?? (config.acks === 'all' && config.maxInFlightRequestsPerConnection <= 5);
  return (
    <div
      className={`node node--producer${replyQueue !== undefined ? ' node--rpc-client' : ''}${selected ? ' is-selected' : ''}`}
      data-testid={`node-${id}`}
    >
      <NodeHeader kind="Producer" title={node.label ?? id} />
      <dl className="node__facts">
        <dt>Rate</dt>
        <dd>{rate}</dd>
        {kafka && (
          <>
            <dt>Keys</dt>
            <dd>{keys}</dd>
          </>
        )}
        {isNullKeys && sticky !== undefined && sticky >= 0 && (
          <>
            <dt>Sticky</dt>
            <dd>partition {sticky}</dd>
          </>
        )}
        {rabbit && (
          <>
            <dt>Routing</dt>
            <dd data-testid="producer-routing">
              {config.traffic.type === 'scripted'
                ? 'routing keys as scripted'
                : config.routingKey !== undefined
                  ? `routing key “${config.routingKey}”`
                  : config.traffic.keys.type === 'null'
                    ? 'routing key “” (no key)'
                    : kafka
                      ? 'routing key = key'
                      : `routing key = key (${keys})`}
              {config.mandatory ? ' · mandatory' : ''}
            </dd>
          </>
        )}
        {replyQueue !== undefined && (
          <>
            {/* Always shown for an RPC client, so the node keeps its height when the first reply comes. */}
            <dt>Replies</dt>
            <dd
              data-testid="producer-rpc"
              title="Replies taken from its callback queue, matched to its requests by correlation_id"
            >
              from {replyQueue} · {formatCount(replies)} matched · {formatCount(awaiting)} waiting
            </dd>
            <dt>Round trip</dt>
            <dd data-testid="producer-rpc-roundtrip" title="Request published → its reply received">
              {replies > 0 ? `p50 ${formatLatency(p50)} · p99 ${formatLatency(p99)}` : 'none yet'}
            </dd>
          </>
        )}
        {replyQueue !== undefined && discarded > 0 && (
          <>
            <dt>Unmatched</dt>
            <dd className="producer__errors" data-testid="producer-rpc-discarded">
              {formatCount(discarded)} discarded (unknown correlation_id)
            </dd>
          </>
        )}
        {rabbit && config.confirms && (
          <>
            <dt>Confirms</dt>
            <dd
              className={nacked > 0 ? 'producer__errors' : undefined}
              data-testid="producer-confirms"
              title="Publisher confirms: basic.ack once every queue took the message; basic.nack when a full queue refused it"
            >
              {formatCount(confirmed)} acked · {formatCount(nacked)} nacked
            </dd>
          </>
        )}
        {returned > 0 && (
          <>
            <dt>Returned</dt>
            <dd className="producer__errors" data-testid="producer-returned">
              {formatCount(returned)} unroutable (basic.return)
            </dd>
          </>
        )}
        {kafka && (
          <>
            <dt>Delivery</dt>
            <dd data-testid="producer-delivery">
              acks={config.acks} · {idempotent ? 'idempotent' : 'not idempotent'}
            </dd>
            {/* Always shown, so the node keeps its height while records come and go (a resize re-measures the canvas). */}
            <dt>Batches</dt>
            <dd data-testid="producer-batches">
              {batches > 0 && produced !== undefined
                ? `${formatCount(batches)} · ${(produced / batches).toFixed(1)} records each`
                : 'none yet'}
            </dd>
            <dt>Waiting</dt>
            <dd data-testid="producer-waiting">
              {formatCount(buffered)} buffered · {formatCount(inFlight)} in flight
            </dd>
          </>
        )}
        {(errors > 0 || failed > 0) && (
          <>
            <dt>Errors</dt>
            <dd className="producer__errors" data-testid="producer-errors">
              {formatCount(errors)} retried
              {failed > 0 ? `, ${formatCount(failed)} failed` : ''}
            </dd>
          </>
        )}
        {duplicates > 0 && (
          <>
            <dt>Twice</dt>
            <dd className="producer__errors" data-testid="producer-duplicates">
              {formatCount(duplicates)} written again by retries
            </dd>
          </>
        )}
        {deduplicated > 0 && (
          <>
            <dt>Dedup</dt>
            <dd data-testid="producer-deduplicated">
              {formatCount(deduplicated)} retried batch{deduplicated === 1 ? '' : 'es'} not rewritten
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
      {/* Only a RabbitMQ queue connects here (ALLOWED_EDGES): the callback queue of an RPC client. It
          shows once the producer publishes to RabbitMQ, so a Kafka producer keeps a clean edge. */}
      <Handle
        type="target"
        position={Position.Left}
        className={`handle handle--rabbit${rabbit || replyQueue !== undefined ? '' : ' handle--idle'}`}
        title="Connect a RabbitMQ queue here: the producer becomes an RPC client taking its replies from it"
      />
      <Handle type="source" position={Position.Right} className="handle handle--producer" />
    </div>
  );
}

export const ProducerNode = memo(ProducerNodeView);
