/**
 * Inspector form of RabbitMQ consumers: how many, basic.qos prefetch, acknowledgement mode,
 * processing time, how often processing fails and what the consumer then does (nack or reject,
 * with or without requeue), whether it answers RPC requests (reply_to); and a crash of one
 * instance while the run goes on.
 */
import { useShallow } from 'zustand/react/shallow';
import type { NodeOfKind } from '../../scenario/schema';
import { triggerAction } from '../actions/runActions';
import { RABBIT_MEMBER_STATES } from '../canvas/nodes/RabbitConsumerNode';
import { useAppStore } from '../store/appStore';
import {
  RCONSUMER_HEAD,
  RMEMBER_NUMBERS,
  selectRabbitConsumerEntry,
  selectRabbitConsumerNumbers,
} from '../store/rabbitSelectors';
import { nodeField } from './commitField';
import { NumberField } from './fields/NumberField';
import { SelectField } from './fields/SelectField';
import { TextField } from './fields/TextField';
import { ToggleField } from './fields/ToggleField';
import { CrashMemberRows } from './CrashMemberRows';
import { ProcessingFields } from './ProcessingFields';

type Consumer = NodeOfKind<'rabbitmq.consumer'>;
type OnFailure = Consumer['config']['onFailure'];

const ON_FAILURE_HINTS: Record<OnFailure, string> = {
  'nack-requeue': 'basic.nack requeue=true: back to the queue and redelivered (a poison message loops).',
  'reject-requeue': 'basic.reject requeue=true: redelivered; a quorum queue counts it towards x-delivery-limit.',
  reject: 'basic.reject requeue=false: dead-lettered (reason rejected), or dropped without a DLX.',
};

/** Crash one running instance, optionally restarting it later. */
function CrashConsumer({ nodeId }: { nodeId: string }) {
  const entry = useAppStore((s) => selectRabbitConsumerEntry(s, nodeId));
  const numbers = useAppStore(useShallow((s) => selectRabbitConsumerNumbers(s, nodeId)));
  const running = (entry?.members ?? [])
    .filter((_, i) => RABBIT_MEMBER_STATES[numbers[RCONSUMER_HEAD + RMEMBER_NUMBERS * i + 2] ?? 0] !== 'crashed')
    .map((m) => m.label);
  return (
    <fieldset className="fieldset ops" aria-label="Faults">
      <legend>Faults</legend>
      <CrashMemberRows
        running={running}
        hint="Its channel closes: every message it had not acknowledged goes back to its queue and is redelivered."
        onCrash={(member, restartAfterMs) =>
          void triggerAction({
            type: 'rabbitmq.consumer.crash',
            consumer: nodeId,
            ...(member ? { member } : {}),
            ...(restartAfterMs !== undefined ? { restartAfterMs } : {}),
          })
        }
      />
    </fieldset>
  );
}

export function RabbitConsumerForm({ node }: { node: Consumer }) {
  const field = <T,>(path: string, apply: (n: Consumer, value: T) => void) =>
    nodeField<'rabbitmq.consumer', T>(node.id, path, apply);
  const c = node.config;
  return (
    <>
      <TextField
        label="Name"
        value={node.label ?? node.id}
        onCommit={field<string>('label', (n, v) => (n.label = v))}
      />
      <NumberField
        label="Consumers"
        hint="Instances, one channel each; the queue hands messages to them in turn."
        value={c.consumers}
        step={1}
        min={0}
        onCommit={field<number>('config.consumers', (n, v) => (n.config.consumers = v))}
      />
      <CrashConsumer nodeId={node.id} />
      <fieldset className="fieldset">
        <legend>Consumer settings</legend>
        <NumberField
          label="Prefetch"
          setting="basic.qos prefetch_count"
          hint="Unacknowledged messages a consumer may hold; 0 is unlimited (RabbitMQ’s default)."
          value={c.prefetch}
          step={1}
          min={0}
          onCommit={field<number>('config.prefetch', (n, v) => (n.config.prefetch = v))}
        />
        <ToggleField
          label="Automatic acknowledgement"
          setting="basic.consume no-ack"
          hint={
            c.autoAck
              ? 'Acknowledged when sent: a crash loses what the consumer had not processed.'
              : 'Acknowledged after processing: a crash requeues what was in hand.'
          }
          value={c.autoAck}
          onCommit={field<boolean>('config.autoAck', (n, v) => (n.config.autoAck = v))}
        />
        <ToggleField
          label="Reply to reply_to (RPC server)"
          setting="reply_to, correlation_id"
          hint={
            c.replies
              ? 'After processing a message with reply_to, it publishes a reply with the request’s correlation_id to the default exchange, routing key = reply_to, then acks.'
              : 'Off: a request’s reply_to goes unanswered. On, it publishes a reply with the request’s correlation_id to the default exchange, routing key = reply_to, then acks.'
          }
          value={c.replies}
          onCommit={field<boolean>('config.replies', (n, v) => (n.config.replies = v))}
        />
      </fieldset>
      <ProcessingFields node={node} legend="Processing time per message" />
      <fieldset className="fieldset">
        <legend>Failures</legend>
        <NumberField
          label="Failure probability"
          hint="Chance that processing a message fails (messages scripted with fails always do)."
          value={c.failureProbability}
          step={0.01}
          min={0}
          onCommit={field<number>('config.failureProbability', (n, v) => (n.config.failureProbability = v))}
        />
        <SelectField
          label="On failure"
          setting="basic.nack / basic.reject"
          hint={ON_FAILURE_HINTS[c.onFailure]}
          value={c.onFailure}
          options={[
            { value: 'nack-requeue', label: 'nack, requeue' },
            { value: 'reject-requeue', label: 'reject, requeue' },
            { value: 'reject', label: 'reject, no requeue (dead-letter)' },
          ]}
          onCommit={field<OnFailure>('config.onFailure', (n, v) => (n.config.onFailure = v))}
        />
      </fieldset>
    </>
  );
}
