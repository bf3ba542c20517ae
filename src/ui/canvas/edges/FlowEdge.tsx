/**
 * An edge between two nodes, with the messages that moved along it drawn as travelling dots. An
 * edge leaving a RabbitMQ exchange is a binding: it carries its keys (or headers rule) as a label,
 * and a click on the label opens the binding editor.
 */
import { BaseEdge, EdgeLabelRenderer, getBezierPath, useInternalNode, type EdgeProps } from '@xyflow/react';
import { memo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useAppStore } from '../../store/appStore';
import type { DerivedKind, FlowEdge as FlowEdgeType } from '../../store/flowSync';
import type { AppState } from '../../store/appStore';
import { selectExchangeType } from '../../store/rabbitSelectors';
import { backEdgePath, isBackEdge } from './backEdgePath';
import { describeBinding } from './bindingLabel';
import { MessageDot } from './MessageDot';

/** What a derived edge carries, on its label. */
const DERIVED_LABEL: Record<DerivedKind, string> = {
  'dead-letter': 'dead letters',
  alternate: 'alternate',
  reply: 'reply_to',
};

const dotsBetween = (s: AppState, source: string, target: string) =>
  s.dots.filter((d) => d.from === source && d.to === target);

function FlowEdgeView(props: EdgeProps<FlowEdgeType>) {
  const { id, source, target, sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition } = props;
  // A backwards edge (a reply, a dead letter upstream) runs under both nodes rather than through them.
  const sourceNode = useInternalNode(source);
  const targetNode = useInternalNode(target);
  const bottomOf = (node: typeof sourceNode) =>
    node ? node.internals.positionAbsolute.y + (node.measured.height ?? 0) : -Infinity;
  const derived = props.data?.derived;
  // Derived links run a little lower, so they do not overlap an edge under the same node.
  const bottom = Math.max(bottomOf(sourceNode), bottomOf(targetNode)) + (derived ? 16 : 0);
  const back =
    isBackEdge(sourceX, targetX) && source !== target ? backEdgePath(sourceX, sourceY, targetX, targetY, bottom) : null;
  const [path, labelX, labelY] = back
    ? [back.path, back.labelX, back.labelY]
    : getBezierPath({ sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition });
  const dots = useAppStore(useShallow((s) => dotsBetween(s, source, target)));
  const sourceType = useAppStore((s) => selectExchangeType(s, source));
  // A derived edge (dead letters, alternate exchange, replies) is not a binding, whatever its source.
  const exchangeType = derived ? undefined : sourceType;
  const label = derived ? null : describeBinding(exchangeType, props.data?.edge.config ?? {});
  return (
    <>
      <BaseEdge
        id={id}
        path={path}
        {...(props.markerEnd ? { markerEnd: props.markerEnd } : {})}
        className={
          derived
            ? `edge edge--derived edge--${derived}`
            : props.selected
              ? 'edge is-selected'
              : exchangeType
                ? 'edge edge--binding'
                : 'edge'
        }
        interactionWidth={16}
      />
      {dots.map((dot) => (
        <MessageDot key={dot.id} dot={dot} path={path} />
      ))}
      {derived && (
        <EdgeLabelRenderer>
          <span
            className={`derived-label derived-label--${derived} nodrag nopan`}
            style={{ transform: `translate(-50%, -50%) translate(${labelX}px, ${labelY}px)` }}
            data-testid={`derived-${id}`}
          >
            {DERIVED_LABEL[derived]}
          </span>
        </EdgeLabelRenderer>
      )}
      {label !== null && (
        <EdgeLabelRenderer>
          <button
            type="button"
            className={`binding-label nodrag nopan${exchangeType === 'fanout' ? ' binding-label--muted' : ''}${props.selected ? ' is-selected' : ''}`}
            style={{ transform: `translate(-50%, -50%) translate(${labelX}px, ${labelY}px)` }}
            title={`Binding ${source} → ${target}: ${label}. Click to edit.`}
            aria-label={`Binding ${source} → ${target}: ${label}`}
            data-testid={`binding-${id}`}
            onClick={(event) => {
              event.stopPropagation();
              useAppStore.getState().selectEdge(id);
            }}
          >
            {label}
          </button>
        </EdgeLabelRenderer>
      )}
    </>
  );
}

export const FlowEdge = memo(FlowEdgeView);
