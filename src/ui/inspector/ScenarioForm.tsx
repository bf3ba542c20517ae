/** What the inspector shows with nothing selected: the scenario's own settings and how to start. */
import type { Scenario } from '../../scenario/schema';
import { scenarioField } from './commitField';
import { NumberField } from './fields/NumberField';
import { TextAreaField } from './fields/TextAreaField';
import { TextField } from './fields/TextField';

export function ScenarioForm({ scenario }: { scenario: Scenario }) {
  return (
    <>
      <div className="inspector__head">
        <span className="kind-tag kind-tag--scenario">Scenario</span>
        <h2 className="inspector__title">Settings</h2>
      </div>
      <div className="inspector__body">
        <TextField
          label="Title"
          value={scenario.meta.title}
          onCommit={scenarioField<string>('meta.title', (s, v) => (s.meta.title = v))}
        />
        <TextAreaField
          label="Description"
          rows={5}
          value={scenario.meta.description}
          onCommit={scenarioField<string>('meta.description', (s, v) => (s.meta.description = v))}
        />
        <div className="field-row">
          <NumberField
            label="Seed"
            hint="Same seed, same run."
            value={scenario.seed}
            step={1}
            min={0}
            onCommit={scenarioField<number>('seed', (s, v) => (s.seed = v))}
          />
          <NumberField
            label="Duration"
            unit="s"
            value={scenario.run.durationMs / 1000}
            min={0}
            onCommit={scenarioField<number>('run.durationMs', (s, v) => (s.run.durationMs = Math.round(v * 1000)))}
          />
        </div>
        <section className="howto" aria-label="How to use">
          <h3>How to use</h3>
          <ol>
            <li>
              Press <strong>Play</strong> and watch records fill the partitions and consumers catch up.
            </li>
            <li>
              Click a partition cell or a moving message to see why it went there; select a RabbitMQ exchange to ask
              where a routing key would go.
            </li>
            <li>Select a node to edit it here; change a group’s consumers while it runs to see a rebalance.</li>
            <li>Drag new nodes from the palette and connect their handles.</li>
          </ol>
        </section>
      </div>
    </>
  );
}
