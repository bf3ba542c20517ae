/**
 * The processing time of a consumer, as a distribution and its parameters: shared by Kafka
 * consumer groups and RabbitMQ consumers (both keep it at `config.processing`).
 */
import type { Distribution, NodeOfKind } from '../../scenario/schema';
import { nodeField } from './commitField';
import { NumberField } from './fields/NumberField';
import { SelectField } from './fields/SelectField';

type Consumer = NodeOfKind<'kafka.consumerGroup' | 'rabbitmq.consumer'>;

/** A typical value of a distribution, to seed the next type's parameters. */
function typicalMs(d: Distribution): number {
  switch (d.type) {
    case 'constant':
      return d.ms;
    case 'exponential':
      return d.meanMs;
    case 'uniform':
      return (d.minMs + d.maxMs) / 2;
    case 'lognormal':
      return d.medianMs;
  }
}

function distributionOf(type: Distribution['type'], ms: number): Distribution {
  const m = ms > 0 ? ms : 10;
  switch (type) {
    case 'constant':
      return { type, ms: m };
    case 'exponential':
      return { type, meanMs: m };
    case 'uniform':
      return { type, minMs: Math.round(m / 2), maxMs: Math.round(m * 1.5) };
    case 'lognormal':
      return { type, medianMs: m, sigma: 0.5 };
  }
}

export function ProcessingFields({ node, legend = 'Processing time per record' }: { node: Consumer; legend?: string }) {
  const field = <T,>(path: string, apply: (n: Consumer, value: T) => void) =>
    nodeField<Consumer['kind'], T>(node.id, path, apply);
  const processing = node.config.processing;
  const setProcessing = (key: string) =>
    field<number>(`config.processing.${key}`, (n, v) => {
      (n.config.processing as Record<string, unknown>)[key] = v;
    });
  return (
    <fieldset className="fieldset">
      <legend>{legend}</legend>
      <SelectField
        label="Distribution"
        value={processing.type}
        options={[
          { value: 'constant', label: 'Constant' },
          { value: 'exponential', label: 'Exponential' },
          { value: 'uniform', label: 'Uniform' },
          { value: 'lognormal', label: 'Log-normal' },
        ]}
        onCommit={field<Distribution['type']>('config.processing', (n, v) => {
          n.config.processing = distributionOf(v, typicalMs(n.config.processing));
        })}
      />
      {processing.type === 'constant' && (
        <NumberField label="Time" unit="ms" value={processing.ms} min={0} onCommit={setProcessing('ms')} />
      )}
      {processing.type === 'exponential' && (
        <NumberField label="Mean" unit="ms" value={processing.meanMs} min={0} onCommit={setProcessing('meanMs')} />
      )}
      {processing.type === 'uniform' && (
        <div className="field-row">
          <NumberField label="Min" unit="ms" value={processing.minMs} min={0} onCommit={setProcessing('minMs')} />
          <NumberField label="Max" unit="ms" value={processing.maxMs} min={0} onCommit={setProcessing('maxMs')} />
        </div>
      )}
      {processing.type === 'lognormal' && (
        <div className="field-row">
          <NumberField
            label="Median"
            unit="ms"
            value={processing.medianMs}
            min={0}
            onCommit={setProcessing('medianMs')}
          />
          <NumberField label="Sigma" value={processing.sigma} step={0.1} min={0} onCommit={setProcessing('sigma')} />
        </div>
      )}
    </fieldset>
  );
}
