/**
 * A producer as RabbitMQ sees it: what came back to it (basic.return, publisher confirms) and, as
 * an RPC client, the requests it waits on and the replies it pairs with them.
 *
 * Sources: docs https://www.rabbitmq.com/docs/confirms (basic.ack / basic.nack per publish);
 * tutorial six https://www.rabbitmq.com/tutorials/tutorial-six-python (`rpc_client.py`: a uuid
 * correlation_id per call; a reply with a correlation_id it is not waiting for is ignored).
 * Simplified: correlation ids read `<producer id>-<n>` (unique across clients, like a uuid, and
 * readable); a client waits for a reply without a timeout.
 */
import { createLatencyHistogram, type LatencyHistogram } from '../../kernel/histogram';

export type Publisher = {
  readonly nodeId: string;
  /** basic.return: unroutable mandatory messages that came back. */
  returned: number;
  /** Publisher confirms (when the producer enabled them): messages the broker acked, and nacked. */
  confirmed: number;
  nacked: number;
  /** The callback queue it consumes replies from (its requests carry its name as reply_to), or null. */
  readonly replyQueue: { readonly name: string } | null;
  /** Requests not answered yet: correlation id → when published. */
  readonly awaiting: Map<string, number>;
  requests: number;
  /** Replies matched to a request it was waiting for, and replies it discarded (unknown or already answered). */
  replies: number;
  discarded: number;
  /** Request published → reply received, per matched reply (and their sum, for the mean). */
  readonly roundTrip: LatencyHistogram;
  roundTripSumMs: number;
};

export function createPublisher(nodeId: string, replyQueue: { readonly name: string } | null): Publisher {
  return {
    nodeId,
    returned: 0,
    confirmed: 0,
    nacked: 0,
    replyQueue,
    awaiting: new Map(),
    requests: 0,
    replies: 0,
    discarded: 0,
    roundTrip: createLatencyHistogram(),
    roundTripSumMs: 0,
  };
}

/** An RPC request leaves at `nowMs`: its correlation id, now awaited. */
export function startRequest(client: Publisher, nowMs: number): string {
  const correlationId = `${client.nodeId}-${++client.requests}`;
  client.awaiting.set(correlationId, nowMs);
  return correlationId;
}

/**
 * A reply reaches the client at `nowMs`: the round trip (ms) when it answers a request the client
 * waits for, else null (discarded: no id, already answered, or another client's).
 *
 * @example
 * const client = createPublisher('c', { name: 'replies' });
 * const id = startRequest(client, 100); // 'c-1'
 * takeReply(client, id, 130); // 30
 * takeReply(client, id, 140); // null: already answered
 */
export function takeReply(client: Publisher, correlationId: string | undefined, nowMs: number): number | null {
  const sentAt = correlationId === undefined ? undefined : client.awaiting.get(correlationId);
  if (correlationId === undefined || sentAt === undefined) {
    client.discarded++;
    return null;
  }
  client.awaiting.delete(correlationId);
  client.replies++;
  client.roundTrip.record(nowMs - sentAt);
  client.roundTripSumMs += nowMs - sentAt;
  return nowMs - sentAt;
}
