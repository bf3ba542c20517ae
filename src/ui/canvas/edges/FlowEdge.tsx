/** An edge between two nodes, with the messages that moved along it drawn as travelling dots. */
import { BaseEdge, getBezierPath, type EdgeProps } from '@xyflow/react';
import { memo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useAppStore } from '../../store/appStore';
import type { FlowEdge as FlowEdgeType } from '../../store/flowSync';
import type { AppState } from '../../store/appStore';
import { MessageDot } from './MessageDot';

const dotsBetween = (s: AppState, source: string, target: string) =>
  s.dots.filter((d) => d.from === source && d.to === target);

function FlowEdgeView(props: EdgeProps<FlowEdgeType>) {
  const { id, source, target, sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition } = props;
  const [path] = getBezierPath({ sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition });
  const dots = useAppStore(useShallow((s) => dotsBetween(s, source, target)));
  return (
    <>
      <BaseEdge
        id={id}
        path={path}
        {...(props.markerEnd ? { markerEnd: props.markerEnd } : {})}
        className={props.selected ? 'edge is-selected' : 'edge'}
        interactionWidth={16}
      />
      {dots.map((dot) => (
        <MessageDot key={dot.id} dot={dot} path={path} />
      ))}
    </>
  );
}

export const FlowEdge = memo(FlowEdgeView);
