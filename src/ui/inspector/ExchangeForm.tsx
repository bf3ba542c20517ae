/**
 * Inspector form of a RabbitMQ exchange: its name, type and alternate exchange, its bindings (each
 * opens the binding editor), and "Where would it go?" for any routing key.
 */
import type { NodeOfKind } from '../../scenario/schema';
import { describeBinding } from '../canvas/edges/bindingLabel';
import { useAppStore } from '../store/appStore';
import { brokerName, nameOf } from '../store/rabbitSelectors';
import { selectScenario } from '../store/selectors';
import { nodeField } from './commitField';
import { SelectField } from './fields/SelectField';
import { TextField } from './fields/TextField';
import { RouteProbe } from './RouteProbe';

type Exchange = NodeOfKind<'rabbitmq.exchange'>;
type ExchangeType = Exchange['config']['type'];

const TYPE_HINTS: Record<ExchangeType, string> = {
  direct: 'A binding matches when its key equals the routing key.',
  fanout: 'Every bound queue gets a copy; keys are ignored.',
  topic: 'Keys are dot-separated words; in a binding * matches one word and # zero or more.',
  headers: 'Bindings compare message headers (x-match all or any); the routing key is ignored.',
};

export function ExchangeForm({ node }: { node: Exchange }) {
  const field = <T,>(path: string, apply: (n: Exchange, value: T) => void) =>
    nodeField<'rabbitmq.exchange', T>(node.id, path, apply);
  const scenario = useAppStore(selectScenario);
  const c = node.config;
  const others = scenario.nodes.filter((n) => n.kind === 'rabbitmq.exchange' && n.id !== node.id);
  const bindings = scenario.edges.filter((e) => e.source === node.id);
  return (
    <>
      <RouteProbe nodeId={node.id} type={c.type} />
      <TextField
        label="Exchange name"
        setting="exchange.declare exchange"
        monospace
        value={c.name ?? node.id}
        onCommit={field<string>('config.name', (n, v) => {
          n.config.name = v;
          n.label = v;
        })}
      />
      <SelectField
        label="Type"
        setting="exchange.declare type"
        hint={TYPE_HINTS[c.type]}
        value={c.type}
        options={(['direct', 'fanout', 'topic', 'headers'] as const).map((t) => ({ value: t, label: t }))}
        onCommit={field<ExchangeType>('config.type', (n, v) => (n.config.type = v))}
      />
      <SelectField
        label="Alternate exchange"
        setting="alternate-exchange"
        hint={
          c.alternateExchange === undefined
            ? 'None: a message that matches no binding is dropped (or returned, if mandatory).'
            : 'Gets the messages that match none of this exchange’s bindings, instead of dropping them.'
        }
        value={c.alternateExchange ?? ''}
        options={[{ value: '', label: 'none' }, ...others.map((x) => ({ value: x.id, label: brokerName(x) }))]}
        onCommit={field<string>('config.alternateExchange', (n, v) => {
          if (v === '') delete n.config.alternateExchange;
          else n.config.alternateExchange = v;
        })}
      />
      <fieldset className="fieldset" aria-label="Bindings">
        <legend>Bindings</legend>
        {bindings.length === 0 ? (
          <p className="field__hint">None yet: drag from this exchange’s right handle to a queue or an exchange.</p>
        ) : (
          <ul className="binding-list">
            {bindings.map((e) => (
              <li key={e.id}>
                <button
                  type="button"
                  className="binding-list__item"
                  onClick={() => useAppStore.getState().selectEdge(e.id)}
                  title="Edit this binding"
                >
                  <span>→ {nameOf(scenario, e.target)}</span>
                  <code>{describeBinding(c.type, e.config)}</code>
                </button>
              </li>
            ))}
          </ul>
        )}
      </fieldset>
    </>
  );
}
