/**
 * The canvas: React Flow over the scenario's nodes and edges. The node list changes only when the
 * scenario does (an edit, a drag, a selection), never per frame; live numbers reach each custom
 * node through its own store selector.
 */
import {
  Background,
  BackgroundVariant,
  Controls,
  ReactFlow,
  useReactFlow,
  type Connection,
  type Edge,
  type EdgeTypes,
  type IsValidConnection,
  type Node,
  type NodeTypes,
  type OnSelectionChangeParams,
} from '@xyflow/react';
import { useCallback, type DragEvent } from 'react';
import { NODE_KINDS, type NodeKind } from '../../scenario/schema';
import { addNode, canConnect, connect, deleteElements, persistPositions } from '../actions/scenarioActions';
import { useAppStore } from '../store/appStore';
import type { FlowEdge as FlowEdgeType, FlowNode } from '../store/flowSync';
import { selectFlowEdges, selectFlowNodes } from '../store/selectors';
import { FlowEdge } from './edges/FlowEdge';
import { PALETTE_MIME } from './paletteMime';
import { BrokerNode } from './nodes/BrokerNode';
import { ConsumerGroupNode } from './nodes/ConsumerGroupNode';
import { ExchangeNode } from './nodes/ExchangeNode';
import { ProducerNode } from './nodes/ProducerNode';
import { QueueNode } from './nodes/QueueNode';
import { RabbitConsumerNode } from './nodes/RabbitConsumerNode';
import { TopicNode } from './nodes/TopicNode';
import { useFitViewOnLoad } from './useFitViewOnLoad';

/** Module scope: a new object per render would make React Flow re-mount every node (error002). */
const nodeTypes: NodeTypes = {
  producer: ProducerNode,
  kafkaTopic: TopicNode,
  kafkaGroup: ConsumerGroupNode,
  kafkaBroker: BrokerNode,
  rabbitExchange: ExchangeNode,
  rabbitQueue: QueueNode,
  rabbitConsumer: RabbitConsumerNode,
};
const edgeTypes: EdgeTypes = { flow: FlowEdge };
const DELETE_KEYS = ['Delete', 'Backspace'];
const FIT_VIEW_OPTIONS = { padding: 0.06, maxZoom: 1 };

/** Roughly half a new node's size, so a drop lands the node under the cursor. */
const DROP_OFFSET = { x: 120, y: 50 };

const isValidConnection: IsValidConnection<FlowEdgeType> = (c) => canConnect(c.source, c.target);
const onConnect = (c: Connection) => connect(c.source, c.target);
const onDelete = ({ nodes, edges }: { nodes: Node[]; edges: Edge[] }) =>
  deleteElements(
    nodes.map((n) => n.id),
    edges.map((e) => e.id),
  );
const onNodeDragStop = (_event: unknown, _node: Node, nodes: Node[]) =>
  persistPositions(nodes.map((n) => ({ id: n.id, position: n.position })));
const onSelectionChange = ({ nodes, edges }: OnSelectionChangeParams) => {
  const node = nodes[0];
  const edge = edges[0];
  useAppStore
    .getState()
    .setSelection(node ? { kind: 'node', id: node.id } : edge ? { kind: 'edge', id: edge.id } : null);
};
const onDragOver = (event: DragEvent) => {
  if (!event.dataTransfer.types.includes(PALETTE_MIME)) return;
  event.preventDefault();
  event.dataTransfer.dropEffect = 'copy';
};

export function Canvas() {
  const nodes = useAppStore(selectFlowNodes);
  const edges = useAppStore(selectFlowEdges);
  const changeFlowNodes = useAppStore((s) => s.changeFlowNodes);
  const changeFlowEdges = useAppStore((s) => s.changeFlowEdges);
  const { screenToFlowPosition } = useReactFlow();
  useFitViewOnLoad(FIT_VIEW_OPTIONS);

  const onDrop = useCallback(
    (event: DragEvent) => {
      const kind = event.dataTransfer.getData(PALETTE_MIME) as NodeKind;
      if (!NODE_KINDS.includes(kind)) return;
      event.preventDefault();
      const at = screenToFlowPosition({ x: event.clientX, y: event.clientY });
      addNode(kind, { x: at.x - DROP_OFFSET.x, y: at.y - DROP_OFFSET.y });
    },
    [screenToFlowPosition],
  );

  return (
    <div className="canvas" onDragOver={onDragOver} onDrop={onDrop}>
      <ReactFlow<FlowNode, FlowEdgeType>
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        edgeTypes={edgeTypes}
        onNodesChange={changeFlowNodes}
        onEdgesChange={changeFlowEdges}
        onConnect={onConnect}
        isValidConnection={isValidConnection}
        onDelete={onDelete}
        onNodeDragStop={onNodeDragStop}
        onSelectionChange={onSelectionChange}
        deleteKeyCode={DELETE_KEYS}
        fitView
        fitViewOptions={FIT_VIEW_OPTIONS}
        minZoom={0.2}
        maxZoom={2}
        aria-label="Scenario canvas"
      >
        <Background variant={BackgroundVariant.Dots} gap={20} size={1.2} color="#cfd5de" />
        <Controls showInteractive={false} position="bottom-left" />
      </ReactFlow>
      {nodes.length === 0 && (
        <div className="canvas__empty">
          <strong>An empty canvas.</strong> Drag a producer, a Kafka topic and a consumer group — or a RabbitMQ
          exchange, queue and consumer — from the left, then connect them.
        </div>
      )}
    </div>
  );
}
