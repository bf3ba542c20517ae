/** Inspector form of a producer: rate-driven traffic (rate, arrivals, keys, value size) or a script, and its Kafka delivery settings. */
import type { KeyDistribution, NodeOfKind, ScriptedMessage, Traffic } from '../../scenario/schema';
import { useAppStore } from '../store/appStore';
import { selectCallbackQueueName, selectTargetKinds } from '../store/rabbitSelectors';
import { nodeField } from './commitField';
import { JsonField } from './fields/JsonField';
import { NumberField } from './fields/NumberField';
import { SelectField } from './fields/SelectField';
import { TextField } from './fields/TextField';
import { RabbitPublishFields } from './RabbitPublishFields';

type Producer = NodeOfKind<'producer'>;
type RateTraffic = Extract<Traffic, { type: 'rate' }>;

const EXAMPLE_SCRIPT: ScriptedMessage[] = [
  { atMs: 0, key: 'customer-1', body: 'order #1' },
  { atMs: 500, key: 'customer-2', body: 'order #2' },
  { atMs: 1000, key: 'customer-1', body: 'order #3' },
  { atMs: 1500, key: null, body: 'heartbeat' },
];

/** The example script of a producer wired to RabbitMQ: routing keys for a topic exchange. */
const EXAMPLE_RABBIT_SCRIPT: ScriptedMessage[] = [
  { atMs: 0, key: null, routingKey: 'quick.orange.rabbit', body: 'hop' },
  { atMs: 500, key: null, routingKey: 'lazy.orange.elephant', body: 'stomp' },
  { atMs: 1000, key: null, routingKey: 'quick.brown.fox', body: 'jump' },
  { atMs: 1500, key: null, routingKey: 'lazy.brown.fox', body: 'nap' },
];

function rateOf(node: Producer): RateTraffic {
  return node.config.traffic as RateTraffic;
}

export function ProducerForm({ node }: { node: Producer }) {
  const field = <T,>(path: string, apply: (n: Producer, value: T) => void) =>
    nodeField<'producer', T>(node.id, path, apply);
  const traffic = node.config.traffic;
  const targets = useAppStore((s) => selectTargetKinds(s, node.id));
  const rabbit = targets.includes('rabbitmq.');
  const kafka = targets.includes('kafka.') || !rabbit;
  const callbackQueue = useAppStore((s) => selectCallbackQueueName(s, node.id));
  return (
    <>
      <TextField
        label="Name"
        value={node.label ?? node.id}
        onCommit={field<string>('label', (n, v) => (n.label = v))}
      />
      <SelectField
        label="Traffic"
        hint={traffic.type === 'rate' ? 'Random keys and arrivals at a set rate.' : 'Exact messages at set times.'}
        value={traffic.type}
        options={[
          { value: 'rate', label: 'At a rate' },
          { value: 'scripted', label: 'Scripted messages' },
        ]}
        onCommit={field<'rate' | 'scripted'>('config.traffic', (n, v) => {
          if (v === n.config.traffic.type) return;
          n.config.traffic = (
            v === 'rate'
              ? { type: 'rate', ratePerSec: 10 }
              : { type: 'scripted', messages: rabbit && !kafka ? EXAMPLE_RABBIT_SCRIPT : EXAMPLE_SCRIPT }
          ) as Traffic;
        })}
      />
      {traffic.type === 'rate' ? (
        <>
          <NumberField
            label="Rate"
            unit="msg/s"
            value={traffic.ratePerSec}
            min={0}
            onCommit={field<number>('config.traffic.ratePerSec', (n, v) => (rateOf(n).ratePerSec = v))}
          />
          <SelectField
            label="Arrivals"
            hint={traffic.arrivals === 'poisson' ? 'Random gaps (a Poisson process).' : 'Evenly spaced.'}
            value={traffic.arrivals}
            options={[
              { value: 'poisson', label: 'Poisson (random)' },
              { value: 'constant', label: 'Constant' },
            ]}
            onCommit={field<'poisson' | 'constant'>('config.traffic.arrivals', (n, v) => (rateOf(n).arrivals = v))}
          />
          <KeyFields node={node} keys={traffic.keys} />
          <NumberField
            label="Value size"
            unit="bytes"
            value={traffic.valueBytes}
            step={1}
            min={0}
            onCommit={field<number>('config.traffic.valueBytes', (n, v) => (rateOf(n).valueBytes = v))}
          />
        </>
      ) : (
        <JsonField
          label="Messages"
          hint={
            rabbit
              ? 'A list of { atMs, key, body, routingKey?, headers?, expirationMs?, fails?, partition? }; key null means no key.'
              : 'A list of { atMs, key, body, partition?, headers? }; key null means no key.'
          }
          value={traffic.messages}
          onCommit={field<unknown>('config.traffic.messages', (n, v) => {
            (n.config.traffic as { messages: unknown }).messages = v;
          })}
        />
      )}
      {rabbit && (
        <RabbitPublishFields
          node={node}
          toQueue={targets.includes('rabbitmq.queue')}
          {...(callbackQueue ? { callbackQueue } : {})}
        />
      )}
      {kafka && <DeliveryFields node={node} />}
    </>
  );
}

/** The KafkaProducer settings that decide how records are batched, acknowledged and retried. */
function DeliveryFields({ node }: { node: Producer }) {
  const field = <T,>(path: string, apply: (n: Producer, value: T) => void) =>
    nodeField<'producer', T>(node.id, path, apply);
  const c = node.config;
  const idempotent = c.enableIdempotence ?? (c.acks === 'all' && c.maxInFlightRequestsPerConnection <= 5);
  return (
    <fieldset className="fieldset">
      <legend>Delivery</legend>
      <SelectField
        label="Acks"
        setting="acks"
        hint={
          c.acks === 'all'
            ? 'Answered once every in-sync replica has the batch.'
            : c.acks === '1'
              ? 'Answered once the leader wrote it: a failover can lose it.'
              : 'Never answered: a refused batch is lost without a word.'
        }
        value={c.acks}
        options={[
          { value: 'all', label: 'all (default)' },
          { value: '1', label: '1 (leader only)' },
          { value: '0', label: '0 (no answer)' },
        ]}
        onCommit={field<'0' | '1' | 'all'>('config.acks', (n, v) => {
          n.config.acks = v;
          // An explicit idempotence that acks other than all forbids goes back to Kafka's default.
          if (v !== 'all' && n.config.enableIdempotence === true) delete n.config.enableIdempotence;
        })}
      />
      <SelectField
        label="Idempotence"
        setting="enable.idempotence"
        hint={
          idempotent
            ? 'A retried batch the leader already has is not written twice.'
            : 'A retry after a lost answer writes the records again.'
        }
        value={c.enableIdempotence === undefined ? 'default' : c.enableIdempotence ? 'on' : 'off'}
        options={[
          { value: 'default', label: `Kafka's default (${idempotent ? 'on' : 'off'})` },
          { value: 'on', label: 'On' },
          { value: 'off', label: 'Off' },
        ]}
        onCommit={field<'default' | 'on' | 'off'>('config.enableIdempotence', (n, v) => {
          if (v === 'default') delete n.config.enableIdempotence;
          else n.config.enableIdempotence = v === 'on';
        })}
      />
      <NumberField
        label="Linger"
        setting="linger.ms"
        unit="ms"
        hint="How long a batch that is not full waits for more records."
        value={c.lingerMs}
        min={0}
        onCommit={field<number>('config.lingerMs', (n, v) => (n.config.lingerMs = v))}
      />
      <NumberField
        label="Batch size"
        setting="batch.size"
        unit="bytes"
        hint="A batch goes at once when full; records without a key move to another partition after about this many bytes."
        value={c.batchSizeBytes}
        step={1}
        min={0}
        onCommit={field<number>('config.batchSizeBytes', (n, v) => (n.config.batchSizeBytes = v))}
      />
      <NumberField
        label="In flight per broker"
        setting="max.in.flight.requests.per.connection"
        hint="Unanswered requests before the producer holds back."
        value={c.maxInFlightRequestsPerConnection}
        step={1}
        min={1}
        onCommit={field<number>(
          'config.maxInFlightRequestsPerConnection',
          (n, v) => (n.config.maxInFlightRequestsPerConnection = v),
        )}
      />
      <NumberField
        label="Request timeout"
        setting="request.timeout.ms"
        unit="ms"
        hint="How long a request waits for its answer before it is retried."
        value={c.requestTimeoutMs}
        step={1}
        min={1}
        onCommit={field<number>('config.requestTimeoutMs', (n, v) => (n.config.requestTimeoutMs = v))}
      />
      <NumberField
        label="Delivery timeout"
        setting="delivery.timeout.ms"
        unit="ms"
        hint="A record not acknowledged this long after send() fails."
        value={c.deliveryTimeoutMs}
        step={1}
        min={1}
        onCommit={field<number>('config.deliveryTimeoutMs', (n, v) => (n.config.deliveryTimeoutMs = v))}
      />
      <NumberField
        label="Retry backoff"
        setting="retry.backoff.ms"
        unit="ms"
        hint="First wait before a retry; it doubles up to retry.backoff.max.ms."
        value={c.retryBackoffMs}
        step={1}
        min={0}
        onCommit={field<number>('config.retryBackoffMs', (n, v) => (n.config.retryBackoffMs = v))}
      />
    </fieldset>
  );
}

function KeyFields({ node, keys }: { node: Producer; keys: KeyDistribution }) {
  const field = <T,>(path: string, apply: (k: KeyDistribution, value: T) => void) =>
    nodeField<'producer', T>(node.id, `config.traffic.keys${path}`, (n, v) => apply(rateOf(n).keys, v));
  return (
    <fieldset className="fieldset">
      <legend>Keys</legend>
      <SelectField
        label="Distribution"
        value={keys.type}
        options={[
          { value: 'uniform', label: 'Uniform over N keys' },
          { value: 'zipf', label: 'Zipf: a few hot keys' },
          { value: 'null', label: 'No key (null)' },
        ]}
        onCommit={nodeField<'producer', KeyDistribution['type']>(node.id, 'config.traffic.keys', (n, v) => {
          const old = rateOf(n).keys;
          const count = old.type === 'null' ? 100 : old.count;
          const prefix = old.type === 'null' ? 'key-' : old.prefix;
          rateOf(n).keys =
            v === 'null'
              ? { type: 'null' }
              : v === 'zipf'
                ? { type: 'zipf', count, exponent: 1, prefix }
                : { type: 'uniform', count, prefix };
        })}
      />
      {keys.type !== 'null' && (
        <>
          <NumberField
            label="Distinct keys"
            value={keys.count}
            step={1}
            min={1}
            onCommit={field<number>('.count', (k, v) => {
              if (k.type !== 'null') k.count = v;
            })}
          />
          {keys.type === 'zipf' && (
            <NumberField
              label="Exponent"
              hint="0 is uniform; larger makes the first keys hotter."
              value={keys.exponent}
              step={0.1}
              min={0}
              onCommit={field<number>('.exponent', (k, v) => {
                if (k.type === 'zipf') k.exponent = v;
              })}
            />
          )}
          <TextField
            label="Key prefix"
            monospace
            value={keys.prefix}
            onCommit={field<string>('.prefix', (k, v) => {
              if (k.type !== 'null') k.prefix = v;
            })}
          />
        </>
      )}
      {keys.type === 'null' && (
        <p className="field__hint">Kafka’s uniform sticky partitioner picks the partition (KIP-794).</p>
      )}
    </fieldset>
  );
}
