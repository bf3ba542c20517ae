/**
 * A producer's RabbitMQ publishing settings, shown when it is wired to an exchange or a queue: the
 * routing key of its rate-driven messages, the `mandatory` flag and publisher confirms; and, for an
 * RPC client (a queue wired to it), where its replies come from.
 */
import type { NodeOfKind } from '../../scenario/schema';
import { nodeField } from './commitField';
import { TextField } from './fields/TextField';
import { ToggleField } from './fields/ToggleField';

type Producer = NodeOfKind<'producer'>;

export function RabbitPublishFields({
  node,
  toQueue,
  callbackQueue,
}: {
  node: Producer;
  toQueue: boolean;
  /** The name of its callback queue when it is an RPC client. */
  callbackQueue?: string;
}) {
  const field = <T,>(path: string, apply: (n: Producer, value: T) => void) =>
    nodeField<'producer', T>(node.id, path, apply);
  const c = node.config;
  return (
    <fieldset className="fieldset" aria-label="RabbitMQ publishing">
      <legend>RabbitMQ publishing</legend>
      {c.traffic.type === 'rate' ? (
        <TextField
          label="Routing key"
          setting="basic.publish routing_key"
          hint="Empty: each message’s key is its routing key."
          monospace
          placeholder="each message’s key"
          value={c.routingKey ?? ''}
          onCommit={field<string>('config.routingKey', (n, v) => {
            if (v === '') delete n.config.routingKey;
            else n.config.routingKey = v;
          })}
        />
      ) : (
        <p className="field__hint">
          Each scripted message carries its own <code>routingKey</code> (else its key), and may carry{' '}
          <code>headers</code>, <code>expirationMs</code> and <code>fails</code> (<code>true</code>, or the ids of the
          consumers that fail on it).
        </p>
      )}
      <ToggleField
        label="Mandatory"
        setting="basic.publish mandatory"
        hint={
          c.mandatory
            ? 'A message no queue receives comes back (basic.return 312 NO_ROUTE).'
            : 'A message no queue receives is dropped without a word.'
        }
        value={c.mandatory}
        onCommit={field<boolean>('config.mandatory', (n, v) => (n.config.mandatory = v))}
      />
      <ToggleField
        label="Publisher confirms"
        setting="confirm.select"
        hint={
          c.confirms
            ? 'The broker acks each message once every queue took it, and nacks one a full queue refused (x-overflow reject-publish).'
            : 'Off: a message a full queue refuses is lost without the producer knowing.'
        }
        value={c.confirms}
        onCommit={field<boolean>('config.confirms', (n, v) => (n.config.confirms = v))}
      />
      {toQueue && (
        <p className="field__hint">
          Wired straight to a queue, it publishes through the default exchange with the queue’s name as routing key.
        </p>
      )}
      {callbackQueue !== undefined && (
        <p className="field__hint" data-testid="producer-rpc-note">
          RPC client: replies from <code>{callbackQueue}</code>; requests carry <code>reply_to</code> and a{' '}
          <code>correlation_id</code>.
        </p>
      )}
    </fieldset>
  );
}
