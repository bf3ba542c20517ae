/**
 * RabbitMQ consumers on the canvas: the queues they read, their prefetch and ack mode, one row per
 * consumer instance (messages it holds unacknowledged, messages it processed, idle / busy /
 * crashed), whether it answers RPC requests (reply_to), and a Crash button that kills one instance
 * while the run goes on (its unacknowledged messages go back to the queue, redelivered).
 */
import { Handle, Position, type NodeProps } from '@xyflow/react';
import { memo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { NodeOfKind } from '../../../scenario/schema';
import { triggerAction } from '../../actions/runActions';
import { formatCount } from '../../format';
import { useAppStore } from '../../store/appStore';
import type { FlowNode } from '../../store/flowSync';
import {
  RCONSUMER_HEAD,
  RMEMBER_NUMBERS,
  selectRabbitConsumerEntry,
  selectRabbitConsumerNumbers,
  selectSourceNames,
} from '../../store/rabbitSelectors';
import { NodeHeader } from './NodeHeader';

/** RMEMBER_STATE values. */
export const RABBIT_MEMBER_STATES = ['idle', 'busy', 'crashed'] as const;

function ConsumerRow({
  label,
  known,
  unacked,
  prefetch,
  processed,
  state,
}: {
  label: string;
  known: boolean;
  unacked: number;
  prefetch: number;
  processed: number;
  state: number;
}) {
  const name = known ? (RABBIT_MEMBER_STATES[state] ?? 'idle') : 'not started';
  const full = prefetch > 0 && unacked >= prefetch;
  return (
    <li
      className={`rmember rmember--${name.replace(' ', '-')}`}
      data-testid="rabbit-member"
      aria-label={`Consumer ${label}`}
    >
      <span className="rmember__label">{label}</span>
      <span
        className={`rmember__unacked${full ? ' is-full' : ''}`}
        title={
          prefetch > 0
            ? `Unacknowledged deliveries it holds; prefetch_count ${prefetch} stops deliveries at that many`
            : 'Unacknowledged deliveries it holds (prefetch unlimited)'
        }
      >
        {formatCount(unacked)}
        {prefetch > 0 ? `/${formatCount(prefetch)}` : ''} unacked
      </span>
      <span className="rmember__processed">{formatCount(processed)} processed</span>
      <span className={`state state--${name === 'busy' ? 'processing' : name.replace(' ', '-')}`}>{name}</span>
    </li>
  );
}

function RabbitConsumerNodeView({ id, data, selected }: NodeProps<FlowNode>) {
  const node = data.node as NodeOfKind<'rabbitmq.consumer'>;
  const c = node.config;
  const entry = useAppStore((s) => selectRabbitConsumerEntry(s, id));
  const numbers = useAppStore(useShallow((s) => selectRabbitConsumerNumbers(s, id)));
  const queues = useAppStore((s) => selectSourceNames(s, id));
  const [running, processed, failed = 0] = numbers;
  // Before the run, rows for the configured instances, so the node keeps its height when it starts.
  const members = entry?.members ?? Array.from({ length: c.consumers }, (_, i) => ({ label: `C${i + 1}`, at: -1 }));
  const title = node.label ?? id;
  return (
    <div className={`node node--rconsumer${selected ? ' is-selected' : ''}`} data-testid={`node-${id}`}>
      <NodeHeader
        kind="RabbitMQ consumer"
        title={title}
        badge={
          <span className={`pill ${entry ? (running ? 'pill--ok' : 'pill--bad') : 'pill--muted'}`}>
            {entry ? `${formatCount(running)} running` : 'not started'}
          </span>
        }
      />
      <div className="group__meta">
        <span title="The queues it consumes from">{queues ? `from ${queues}` : 'no queue yet'}</span>
        <span title="basic.qos prefetch_count">prefetch {c.prefetch === 0 ? '∞' : c.prefetch}</span>
        <span title={c.autoAck ? 'no-ack: acknowledged on delivery' : 'manual acks after processing'}>
          {c.autoAck ? 'auto-ack' : 'manual ack'}
        </span>
      </div>
      {c.replies && (
        <dl className="node__facts">
          <dt>Replies</dt>
          <dd
            data-testid="rconsumer-replies"
            title="basic.publish to the default exchange, routing key = reply_to, same correlation_id; then the ack"
          >
            to reply_to (RPC server)
          </dd>
        </dl>
      )}
      {members.length > 0 ? (
        <ul className="rmembers" aria-label={`Consumers of ${title}`}>
          {members.map((m, i) => {
            const base = RCONSUMER_HEAD + RMEMBER_NUMBERS * i;
            return (
              <ConsumerRow
                key={m.label}
                label={m.label}
                known={entry !== undefined}
                unacked={numbers[base] ?? 0}
                prefetch={c.prefetch}
                processed={numbers[base + 1] ?? 0}
                state={numbers[base + 2] ?? 0}
              />
            );
          })}
        </ul>
      ) : (
        <p className="node__empty">No consumers: messages wait in the queue.</p>
      )}
      <div className="node__footer">
        <span className="node__footer-label">processed</span>
        <strong className="node__num" data-testid="rconsumer-processed">
          {formatCount(processed)}
        </strong>
        <span className="node__footer-label">failed</span>
        <strong className={`node__num${failed > 0 ? ' is-bad' : ''}`} data-testid="rconsumer-failed">
          {formatCount(failed)}
        </strong>
        <button
          type="button"
          className="btn btn--small btn--danger nodrag rconsumer__crash"
          disabled={!entry || !running}
          title="Kill one running consumer now: its unacknowledged messages are requeued"
          onClick={(event) => {
            event.stopPropagation();
            void triggerAction({ type: 'rabbitmq.consumer.crash', consumer: id });
          }}
        >
          Crash
        </button>
      </div>
      <Handle type="target" position={Position.Left} className="handle handle--group" />
      {/* Where the derived reply edges start (flowSync.ts): always there, seen only while it replies, never a drag start. */}
      <Handle
        type="source"
        position={Position.Right}
        isConnectable={false}
        className={`handle handle--group${c.replies ? '' : ' handle--idle'}`}
      />
    </div>
  );
}

export const RabbitConsumerNode = memo(RabbitConsumerNodeView);
