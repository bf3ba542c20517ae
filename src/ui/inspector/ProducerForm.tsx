/** Inspector form of a producer: rate-driven traffic (rate, arrivals, keys, value size) or a script. */
import type { KeyDistribution, NodeOfKind, ScriptedMessage, Traffic } from '../../scenario/schema';
import { nodeField } from './commitField';
import { JsonField } from './fields/JsonField';
import { NumberField } from './fields/NumberField';
import { SelectField } from './fields/SelectField';
import { TextField } from './fields/TextField';

type Producer = NodeOfKind<'producer'>;
type RateTraffic = Extract<Traffic, { type: 'rate' }>;

const EXAMPLE_SCRIPT: ScriptedMessage[] = [
  { atMs: 0, key: 'customer-1', body: 'order #1' },
  { atMs: 500, key: 'customer-2', body: 'order #2' },
  { atMs: 1000, key: 'customer-1', body: 'order #3' },
  { atMs: 1500, key: null, body: 'heartbeat' },
];

function rateOf(node: Producer): RateTraffic {
  return node.config.traffic as RateTraffic;
}

export function ProducerForm({ node }: { node: Producer }) {
  const field = <T,>(path: string, apply: (n: Producer, value: T) => void) =>
    nodeField<'producer', T>(node.id, path, apply);
  const traffic = node.config.traffic;
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
            v === 'rate' ? { type: 'rate', ratePerSec: 10 } : { type: 'scripted', messages: EXAMPLE_SCRIPT }
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
          hint="A list of { atMs, key, body, partition?, headers? }; key null means no key."
          value={traffic.messages}
          onCommit={field<unknown>('config.traffic.messages', (n, v) => {
            (n.config.traffic as { messages: unknown }).messages = v;
          })}
        />
      )}
      <NumberField
        label="Batch size"
        setting="batch.size"
        unit="bytes"
        hint="For records without a key, the sticky partitioner moves on after this many bytes."
        value={node.config.batchSizeBytes}
        step={1}
        min={0}
        onCommit={field<number>('config.batchSizeBytes', (n, v) => (n.config.batchSizeBytes = v))}
      />
    </>
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
