/**
 * The palette: node kinds to drag onto the canvas (or click to add at the centre of the view).
 * One accent colour per family, the same as on the canvas.
 */
import { useReactFlow } from '@xyflow/react';
import type { DragEvent } from 'react';
import type { NodeKind } from '../../scenario/schema';
import { addNode } from '../actions/scenarioActions';
import { PALETTE_MIME } from '../canvas/paletteMime';

type Item = { kind: NodeKind; name: string; family: string; hint: string; tone: string };

const ITEMS: readonly Item[] = [
  {
    kind: 'producer',
    name: 'Producer',
    family: 'Client',
    hint: 'Sends keyed records at a rate, or a script',
    tone: 'producer',
  },
  { kind: 'kafka.topic', name: 'Kafka topic', family: 'Kafka', hint: 'A partitioned, append-only log', tone: 'kafka' },
  {
    kind: 'kafka.consumerGroup',
    name: 'Consumer group',
    family: 'Kafka',
    hint: 'Consumers sharing a topic’s partitions',
    tone: 'group',
  },
  {
    kind: 'kafka.broker',
    name: 'Kafka broker',
    family: 'Kafka',
    hint: 'A server holding partition replicas',
    tone: 'broker',
  },
  {
    kind: 'rabbitmq.exchange',
    name: 'RabbitMQ exchange',
    family: 'RabbitMQ',
    hint: 'Routes each message to queues by its bindings',
    tone: 'exchange',
  },
  {
    kind: 'rabbitmq.queue',
    name: 'RabbitMQ queue',
    family: 'RabbitMQ',
    hint: 'Holds messages until a consumer acks them',
    tone: 'rabbit',
  },
  {
    kind: 'rabbitmq.consumer',
    name: 'RabbitMQ consumer',
    family: 'RabbitMQ',
    hint: 'Apps that take messages from a queue and ack',
    tone: 'group',
  },
];

function onDragStart(event: DragEvent, kind: NodeKind) {
  event.dataTransfer.setData(PALETTE_MIME, kind);
  event.dataTransfer.effectAllowed = 'copy';
}

export function Palette() {
  const { screenToFlowPosition } = useReactFlow();
  const addAtCentre = (kind: NodeKind) => {
    const rect = document.querySelector('.canvas')?.getBoundingClientRect();
    const centre = rect ? { x: rect.left + rect.width / 2, y: rect.top + rect.height / 2 } : { x: 400, y: 300 };
    const at = screenToFlowPosition(centre);
    addNode(kind, { x: at.x - 120, y: at.y - 50 });
  };
  return (
    <aside className="palette" aria-label="Palette">
      <h2 className="panel-title">Add to canvas</h2>
      <ul className="palette__list">
        {ITEMS.map((item) => (
          <li key={item.kind}>
            <button
              type="button"
              className={`palette__item palette__item--${item.tone}`}
              draggable
              onDragStart={(event) => onDragStart(event, item.kind)}
              onClick={() => addAtCentre(item.kind)}
              aria-label={`Add ${item.name}`}
              title="Drag onto the canvas, or click to add"
            >
              <span className="palette__swatch" aria-hidden="true" />
              <span className="palette__text">
                <span className="palette__name">{item.name}</span>
                <span className="palette__hint">{item.hint}</span>
              </span>
            </button>
          </li>
        ))}
      </ul>
      <div className="palette__help">
        <h3>Connect</h3>
        <p>
          Drag from a right handle to a left handle: producer → topic → group, or producer → exchange → queue →
          consumer.
        </p>
        <h3>Remove</h3>
        <p>Select, then press Delete.</p>
        <h3>Ask why</h3>
        <p>Click a partition cell or a moving message; ask an exchange where a routing key would go.</p>
      </div>
    </aside>
  );
}
