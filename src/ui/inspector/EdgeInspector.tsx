/** The inspector of a selected edge: a RabbitMQ binding's editor, or what flows along the connection. */
import type { Scenario, ScenarioEdge } from '../../scenario/schema';
import { deleteElements } from '../actions/scenarioActions';
import { nameOf } from '../store/rabbitSelectors';
import { BindingForm } from './BindingForm';

/** What a connection means, in words, by the kinds it joins. */
function describeConnection(scenario: Scenario, edge: ScenarioEdge): string {
  const kind = (id: string) => scenario.nodes.find((n) => n.id === id)?.kind;
  const from = nameOf(scenario, edge.source);
  const to = nameOf(scenario, edge.target);
  switch (kind(edge.target)) {
    case 'rabbitmq.exchange':
      return `${from} publishes to the exchange ${to}, which routes each message by its bindings.`;
    case 'rabbitmq.queue':
      return `${from} publishes through the default exchange with the queue's name, “${to}”, as routing key: the queue gets every message.`;
    case 'rabbitmq.consumer':
      return `${to} consumes from the queue ${from} (basic.consume) and acknowledges what it processed.`;
    case 'kafka.consumerGroup':
      return `The consumer group ${to} reads the topic ${from}.`;
    case 'producer':
      if (kind(edge.source) === 'rabbitmq.queue')
        return `${to} is an RPC client: it takes its replies from ${from}, its callback queue (no-ack), and its requests carry reply_to “${from}” and a correlation_id.`;
      return `Records flow from ${from} to ${to}.`;
    default:
      return `Records flow from ${from} to ${to}.`;
  }
}

export function EdgeInspector({
  scenario,
  edge,
  formKey,
}: {
  scenario: Scenario;
  edge: ScenarioEdge;
  formKey: string;
}) {
  const source = scenario.nodes.find((n) => n.id === edge.source);
  const exchange = source?.kind === 'rabbitmq.exchange' ? source : undefined;
  return (
    <>
      <div className="inspector__head">
        <span className={`kind-tag kind-tag--${exchange ? 'rabbit' : 'edge'}`}>
          {exchange ? 'Binding' : 'Connection'}
        </span>
        <h2 className="inspector__title">
          {nameOf(scenario, edge.source)} → {nameOf(scenario, edge.target)}
        </h2>
        {exchange && <code className="inspector__id">{exchange.config.type} exchange</code>}
      </div>
      <div className="inspector__body" key={formKey}>
        {exchange ? (
          <>
            <p className="muted">
              {exchange.config.type === 'headers'
                ? 'Messages published to the exchange reach the target when their headers match.'
                : `Messages published to ${nameOf(scenario, exchange.id)} reach ${nameOf(scenario, edge.target)} when a binding matches their routing key.`}
            </p>
            <BindingForm edge={edge} exchange={exchange} />
          </>
        ) : (
          <p className="muted">{describeConnection(scenario, edge)}</p>
        )}
      </div>
      <div className="inspector__actions">
        <button type="button" className="btn btn--danger" onClick={() => deleteElements([], [edge.id])}>
          {exchange ? 'Delete binding' : 'Delete connection'}
        </button>
      </div>
    </>
  );
}
