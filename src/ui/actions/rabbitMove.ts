/** Which moving dots belong to RabbitMQ messages (their "why?" is asked of the RabbitMQ inspector). */
import type { NodeKind } from '../../scenario/schema';

/**
 * Whether a move on the canvas is a RabbitMQ message's: routed (producer or exchange → exchange or
 * queue), or delivered from a queue to a RabbitMQ consumer. Kafka moves are 'appended', or
 * 'delivered' from a topic to a group.
 */
export function isRabbitMove(
  move: { kind: string; from: string; to: string },
  kindOf: (nodeId: string) => NodeKind | undefined,
): boolean {
  return move.kind === 'routed' || kindOf(move.to) === 'rabbitmq.consumer' || kindOf(move.from) === 'rabbitmq.queue';
}
