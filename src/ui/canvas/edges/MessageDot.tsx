/**
 * One message travelling along an edge: an SVG dot moved by <animateMotion> over the edge's own
 * path. SMIL animations inserted after the document's timeline started must be begun by hand.
 */
import { memo, useLayoutEffect, useRef } from 'react';
import { openWhyForMove } from '../../actions/whyActions';
import { DOT_TRAVEL_MS, type Dot } from '../../store/runSlice';

/** The dot's tooltip: a Kafka record names its partition and offset; a RabbitMQ message has neither. */
function describeDot(dot: Dot): string {
  if (dot.partition < 0) {
    const key = dot.key === null ? '' : `, routing key “${dot.key}”`;
    return `Message #${dot.msgId}${key} → ${dot.to}. Click: where did it go, and why?`;
  }
  const key = dot.key === null ? 'no key' : `key “${dot.key}”`;
  return `Message #${dot.msgId}, ${key} → partition ${dot.partition}, offset ${dot.offset}. Click: why here?`;
}

function MessageDotView({ dot, path }: { dot: Dot; path: string }) {
  const motion = useRef<SVGAnimateMotionElement>(null);
  const fade = useRef<SVGAnimateElement>(null);
  useLayoutEffect(() => {
    motion.current?.beginElement();
    fade.current?.beginElement();
  }, []);
  return (
    <g
      className={`dot dot--${dot.kind}${dot.partition < 0 ? ' dot--rabbit' : ''}`}
      opacity={0}
      onClick={(event) => {
        event.stopPropagation();
        openWhyForMove(dot);
      }}
    >
      <title>{describeDot(dot)}</title>
      <circle className="dot__hit" r={9} />
      <circle className="dot__body" r={4.5} />
      <animateMotion ref={motion} begin="indefinite" dur={`${DOT_TRAVEL_MS}ms`} path={path} fill="freeze" />
      <animate
        ref={fade}
        attributeName="opacity"
        begin="indefinite"
        dur={`${DOT_TRAVEL_MS}ms`}
        values="0;1;1;0"
        keyTimes="0;0.1;0.85;1"
        fill="freeze"
      />
    </g>
  );
}

export const MessageDot = memo(MessageDotView);
