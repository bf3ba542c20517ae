/**
 * Inspector form of a RabbitMQ queue: its name and type and its x-arguments, each under its real
 * argument name (x-message-ttl, x-max-length, x-overflow, x-dead-letter-exchange, …), then what is
 * in it now.
 */
import type { NodeOfKind } from '../../scenario/schema';
import { useAppStore } from '../store/appStore';
import { brokerName } from '../store/rabbitSelectors';
import { selectScenario } from '../store/selectors';
import { nodeField } from './commitField';
import { NumberField } from './fields/NumberField';
import { OptionalNumberField } from './fields/OptionalNumberField';
import { SelectField } from './fields/SelectField';
import { TextField } from './fields/TextField';
import { QueueContents } from './QueueContents';

type Queue = NodeOfKind<'rabbitmq.queue'>;
type Overflow = Queue['config']['overflow'];

/** Select values of the dead-letter exchange: none, the default exchange, or an exchange node. */
const NO_DLX = 'none';
const DEFAULT_DLX = 'default';
const dlxValue = (dlx: string | undefined) => (dlx === undefined ? NO_DLX : dlx === '' ? DEFAULT_DLX : `x:${dlx}`);

const OVERFLOW_HINTS: Record<Overflow, string> = {
  'drop-head': 'A full queue drops (or dead-letters) its oldest message to take the new one.',
  'reject-publish': 'A full queue refuses new messages; publishers with confirms get a nack.',
  'reject-publish-dlx': 'A full queue refuses new messages and dead-letters them.',
};

export function QueueForm({ node }: { node: Queue }) {
  const field = <T,>(path: string, apply: (n: Queue, value: T) => void) =>
    nodeField<'rabbitmq.queue', T>(node.id, path, apply);
  /** An optional number: null (an emptied field) unsets it. */
  const optional = (key: 'messageTtlMs' | 'maxLength' | 'maxLengthBytes' | 'expiresMs') =>
    field<number | null>(`config.${key}`, (n, v) => {
      if (v === null) delete n.config[key];
      else n.config[key] = v;
    });
  const scenario = useAppStore(selectScenario);
  const exchanges = scenario.nodes.filter((n) => n.kind === 'rabbitmq.exchange');
  const c = node.config;
  return (
    <>
      <TextField
        label="Queue name"
        setting="queue.declare queue"
        hint="The default exchange routes a message to the queue named by its routing key."
        monospace
        value={c.name ?? node.id}
        onCommit={field<string>('config.name', (n, v) => {
          n.config.name = v;
          n.label = v;
        })}
      />
      <SelectField
        label="Type"
        setting="x-queue-type"
        hint={
          c.type === 'quorum'
            ? 'Replicated (Raft); counts deliveries and dead-letters a message past its delivery limit.'
            : 'A single copy on one node; no delivery limit.'
        }
        value={c.type}
        options={[
          { value: 'classic', label: 'classic' },
          { value: 'quorum', label: 'quorum' },
        ]}
        onCommit={field<Queue['config']['type']>('config.type', (n, v) => (n.config.type = v))}
      />
      <QueueContents nodeId={node.id} />
      <fieldset className="fieldset">
        <legend>Arguments</legend>
        <OptionalNumberField
          label="Message TTL"
          setting="x-message-ttl"
          hint="A message waiting longer expires when it reaches the head (dead-lettered if there is a DLX)."
          unit="ms"
          placeholder="none"
          value={c.messageTtlMs}
          step={1}
          min={0}
          onCommit={optional('messageTtlMs')}
        />
        <OptionalNumberField
          label="Queue TTL"
          setting="x-expires"
          hint="A queue with no consumer for this long is deleted, with its messages (not dead-lettered)."
          unit="ms"
          placeholder="never"
          value={c.expiresMs}
          step={1}
          min={1}
          onCommit={optional('expiresMs')}
        />
        <div className="field-row">
          <OptionalNumberField
            label="Max length"
            setting="x-max-length"
            placeholder="no limit"
            value={c.maxLength}
            step={1}
            min={0}
            onCommit={optional('maxLength')}
          />
          <OptionalNumberField
            label="Max bytes"
            setting="x-max-length-bytes"
            placeholder="no limit"
            value={c.maxLengthBytes}
            step={1}
            min={0}
            onCommit={optional('maxLengthBytes')}
          />
        </div>
        <SelectField
          label="Overflow"
          setting="x-overflow"
          hint={OVERFLOW_HINTS[c.overflow]}
          value={c.overflow}
          options={[
            { value: 'drop-head', label: 'drop-head (default)' },
            { value: 'reject-publish', label: 'reject-publish' },
            { value: 'reject-publish-dlx', label: 'reject-publish-dlx' },
          ]}
          onCommit={field<Overflow>('config.overflow', (n, v) => (n.config.overflow = v))}
        />
        <SelectField
          label="Dead-letter exchange"
          setting="x-dead-letter-exchange"
          hint="Where rejected, expired and overflowing messages are republished, with an x-death header."
          value={dlxValue(c.deadLetterExchange)}
          options={[
            { value: NO_DLX, label: 'none: such messages are dropped' },
            { value: DEFAULT_DLX, label: 'the default exchange ("")' },
            ...exchanges.map((x) => ({ value: `x:${x.id}`, label: brokerName(x) })),
          ]}
          onCommit={field<string>('config.deadLetterExchange', (n, v) => {
            if (v === NO_DLX) delete n.config.deadLetterExchange;
            else n.config.deadLetterExchange = v === DEFAULT_DLX ? '' : v.slice(2);
          })}
        />
        {c.deadLetterExchange !== undefined && (
          <TextField
            label="Dead-letter routing key"
            setting="x-dead-letter-routing-key"
            hint="Empty: dead letters keep their own routing key."
            monospace
            value={c.deadLetterRoutingKey ?? ''}
            onCommit={field<string>('config.deadLetterRoutingKey', (n, v) => {
              if (v === '') delete n.config.deadLetterRoutingKey;
              else n.config.deadLetterRoutingKey = v;
            })}
          />
        )}
        {c.type === 'quorum' && (
          <NumberField
            label="Delivery limit"
            setting="x-delivery-limit"
            hint="Deliveries before a message is dead-lettered (20 by default since RabbitMQ 4.0; −1: no limit)."
            value={c.deliveryLimit}
            step={1}
            min={-1}
            onCommit={field<number>('config.deliveryLimit', (n, v) => (n.config.deliveryLimit = v))}
          />
        )}
      </fieldset>
    </>
  );
}
