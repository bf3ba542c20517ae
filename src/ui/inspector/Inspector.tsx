/** The right panel: the selected node's or edge's settings, or the scenario's when nothing is selected. */
import type { ScenarioNode } from '../../scenario/schema';
import { deleteElements } from '../actions/scenarioActions';
import { useAppStore } from '../store/appStore';
import { selectLoadId, selectScenario, selectSelection } from '../store/selectors';
import { BrokerForm } from './BrokerForm';
import { EdgeInspector } from './EdgeInspector';
import { ExchangeForm } from './ExchangeForm';
import { GroupForm } from './GroupForm';
import { GroupOperations } from './GroupOperations';
import { ProducerForm } from './ProducerForm';
import { QueueForm } from './QueueForm';
import { RabbitConsumerForm } from './RabbitConsumerForm';
import { ScenarioForm } from './ScenarioForm';
import { TopicForm } from './TopicForm';

const KIND_NAMES: Record<ScenarioNode['kind'], { name: string; tone: string }> = {
  producer: { name: 'Producer', tone: 'producer' },
  'kafka.topic': { name: 'Kafka topic', tone: 'kafka' },
  'kafka.consumerGroup': { name: 'Consumer group', tone: 'group' },
  'kafka.broker': { name: 'Kafka broker', tone: 'kafka' },
  'rabbitmq.exchange': { name: 'RabbitMQ exchange', tone: 'exchange' },
  'rabbitmq.queue': { name: 'RabbitMQ queue', tone: 'rabbit' },
  'rabbitmq.consumer': { name: 'RabbitMQ consumer', tone: 'group' },
};

function NodeForm({ node }: { node: ScenarioNode }) {
  switch (node.kind) {
    case 'producer':
      return <ProducerForm node={node} />;
    case 'kafka.topic':
      return <TopicForm node={node} />;
    case 'kafka.broker':
      return <BrokerForm node={node} />;
    case 'kafka.consumerGroup':
      return (
        <>
          <GroupOperations nodeId={node.id} />
          <GroupForm node={node} />
        </>
      );
    case 'rabbitmq.exchange':
      return <ExchangeForm node={node} />;
    case 'rabbitmq.queue':
      return <QueueForm node={node} />;
    case 'rabbitmq.consumer':
      return <RabbitConsumerForm node={node} />;
  }
}

export function Inspector() {
  const scenario = useAppStore(selectScenario);
  const selection = useAppStore(selectSelection);
  const loadId = useAppStore(selectLoadId);
  const node = selection?.kind === 'node' ? scenario.nodes.find((n) => n.id === selection.id) : undefined;
  const edge = selection?.kind === 'edge' ? scenario.edges.find((e) => e.id === selection.id) : undefined;

  let content;
  if (node) {
    const kind = KIND_NAMES[node.kind];
    content = (
      <>
        <div className="inspector__head">
          <span className={`kind-tag kind-tag--${kind.tone}`}>{kind.name}</span>
          <h2 className="inspector__title">{node.label ?? node.id}</h2>
          <code className="inspector__id">id {node.id}</code>
        </div>
        <div className="inspector__body" key={`${node.id}:${loadId}`}>
          <NodeForm node={node} />
        </div>
        <div className="inspector__actions">
          <button type="button" className="btn btn--danger" onClick={() => deleteElements([node.id], [])}>
            Delete node
          </button>
        </div>
      </>
    );
  } else if (edge) {
    content = <EdgeInspector scenario={scenario} edge={edge} formKey={`${edge.id}:${loadId}`} />;
  } else {
    content = <ScenarioForm key={loadId} scenario={scenario} />;
  }
  return (
    <aside className="inspector" aria-label="Inspector">
      {content}
    </aside>
  );
}
