/**
 * "Why?" answers about RabbitMQ: where a routing key would go (every binding's verdict, through
 * exchange-to-exchange bindings and alternate exchanges), what a queue holds, and one message's
 * story (its routing, its fate per queue, its x-death history).
 */
import type { RabbitBroker, RabbitMessage, RabbitQueue, QueueEntry } from './model/rabbitmq/broker';
import { routeExchange, type Exchange } from './model/rabbitmq/routing';
import { toHeaderTable } from './model/rabbitmq/broker';
import type { BindingProbe, QueueInfo, QueuedMessage, RabbitMessageInfo, RoutingProbe } from './rabbitTypes';
import type { Simulation } from './simulation';

type HeaderJson = Record<string, string | number | boolean | null>;

const READY_SHOWN = 24;

/** Where a message published to `exchangeNodeId` ('' = the default exchange) would go, and why. */
export function probeRoute(
  sim: Simulation,
  exchangeNodeId: string,
  message: { routingKey: string; headers?: HeaderJson },
): RoutingProbe | null {
  const rabbit = sim.rabbit;
  if (!rabbit || !rabbit.exchangesById.has(exchangeNodeId)) return null;
  return probeWith(sim, rabbit, exchangeNodeId, message.routingKey, message.headers ?? {}, false);
}

function probeWith(
  sim: Simulation,
  rabbit: RabbitBroker,
  start: string,
  routingKey: string,
  headers: HeaderJson,
  mandatory: boolean,
): RoutingProbe {
  const table = toHeaderTable(headers);
  const result = rabbit.route(start, routingKey, table, mandatory);
  const exchanges = result.exchanges.map((id) => {
    const exchange = rabbit.exchangesById.get(id) as Exchange;
    const bindings = rabbit.bindingsBySource.get(id) ?? [];
    const routing = routeExchange(exchange, bindings, { routingKey, headers: table });
    const probes: BindingProbe[] = routing.verdicts.map((v) => {
      const target = v.binding.destination;
      const edge = sim.scenario.edges.find((e) => e.source === id && e.target === target.id);
      return {
        edgeId: edge?.id ?? '',
        targetNodeId: target.id,
        targetKind: target.kind,
        key: v.binding.key ?? '',
        ...(edge?.config.arguments ? { arguments: edge.config.arguments } : {}),
        matched: v.matched,
        why: v.why,
      };
    });
    return {
      nodeId: id,
      name: rabbit.exchangeNames.get(id) ?? id,
      type: exchange.type,
      // The default exchange's implicit bindings are one per queue: show only the one that matched.
      bindings: id === '' ? probes.filter((p) => p.matched) : probes,
      ...(routing.alternateExchange !== undefined ? { alternateExchange: routing.alternateExchange } : {}),
    };
  });
  const names = result.queues.map((id) => rabbit.queueOf(id)?.name ?? id);
  const outcome = result.outcome.kind;
  const summary =
    outcome === 'routed'
      ? `Routed to ${names.join(', ')}.`
      : outcome === 'returned'
        ? 'No queue matched: returned to the publisher (mandatory, 312 NO_ROUTE).'
        : 'No queue matched: dropped (mandatory is off).';
  return { exchanges, queues: result.queues, outcome, summary };
}

function queued(rabbit: RabbitBroker, entry: QueueEntry): QueuedMessage {
  const msg = rabbit.messages.get(entry.msgId);
  return {
    msgId: entry.msgId,
    routingKey: msg?.routingKey ?? '',
    enqueuedAtMs: entry.enqueuedAt,
    redelivered: entry.redelivered,
    deliveryCount: entry.deliveryCount,
    expiresAtMs: entry.expiresAt === Infinity ? null : entry.expiresAt,
    bytes: entry.bytes,
  };
}

/** The queue's arguments as RabbitMQ lists them. */
function argumentsOf(queue: RabbitQueue, rabbit: RabbitBroker): Record<string, string | number> {
  const c = queue.config;
  const args: Record<string, string | number> = { 'x-queue-type': c.type };
  if (c.messageTtlMs !== undefined) args['x-message-ttl'] = c.messageTtlMs;
  if (c.maxLength !== undefined) args['x-max-length'] = c.maxLength;
  if (c.maxLengthBytes !== undefined) args['x-max-length-bytes'] = c.maxLengthBytes;
  if (c.maxLength !== undefined || c.maxLengthBytes !== undefined) args['x-overflow'] = c.overflow;
  if (c.deadLetterExchange !== undefined)
    args['x-dead-letter-exchange'] =
      c.deadLetterExchange === '' ? '' : (rabbit.exchangeNames.get(c.deadLetterExchange) ?? c.deadLetterExchange);
  if (c.deadLetterRoutingKey !== undefined) args['x-dead-letter-routing-key'] = c.deadLetterRoutingKey;
  if (c.expiresMs !== undefined) args['x-expires'] = c.expiresMs;
  if (c.type === 'quorum') args['x-delivery-limit'] = c.deliveryLimit;
  return args;
}

export function inspectQueue(sim: Simulation, nodeId: string): QueueInfo | null {
  const rabbit = sim.rabbit;
  const queue = rabbit?.queueOf(nodeId);
  if (!rabbit || !queue) return null;
  const ready = rabbit.readyOf(queue);
  const unacked: QueueInfo['unacked'] = [];
  for (const consumer of queue.consumers)
    for (const d of consumer.unacked)
      if (d.queue === queue && !consumer.node.config.autoAck)
        unacked.push({
          ...queued(rabbit, d.entry),
          consumer: `${consumer.node.nodeId} ${consumer.label}`,
          deliveredAtMs: d.deliveredAt,
        });
  return {
    nodeId,
    name: queue.name,
    type: queue.config.type,
    arguments: argumentsOf(queue, rabbit),
    readyCount: ready.length,
    ready: ready.slice(0, READY_SHOWN).map((e) => queued(rabbit, e)),
    unacked,
    departures: queue.departures.map((d) => ({ ...d })),
  };
}

export function inspectRabbitMessage(sim: Simulation, msgId: number): RabbitMessageInfo | null {
  const rabbit = sim.rabbit;
  const msg: RabbitMessage | undefined = rabbit?.messages.get(msgId);
  if (!rabbit || !msg) return null;
  const scripted = sim.scripted.get(msgId);
  return {
    msgId,
    producer: msg.producer,
    publishedAtMs: msg.publishedAt,
    routingKey: msg.originalRoutingKey,
    ...(msg.headersJson ? { headers: { ...msg.headersJson } } : {}),
    ...(scripted ? { body: scripted.body } : {}),
    exchange: msg.exchange,
    ...(msg.replyTo !== undefined ? { replyTo: msg.replyTo } : {}),
    ...(msg.correlationId !== undefined ? { correlationId: msg.correlationId } : {}),
    ...(msg.inReplyTo !== undefined ? { inReplyTo: msg.inReplyTo } : {}),
    route: probeWith(sim, rabbit, msg.exchange, msg.originalRoutingKey, msg.headersJson ?? {}, false),
    queues: [...msg.fates.entries()].map(([index, fate]) => ({
      queueNodeId: (rabbit.queues[index] as RabbitQueue).nodeId,
      state: fate.state,
      deliveries: fate.deliveries,
      consumer: fate.consumer,
    })),
    xDeath: msg.xDeath.map((d) => ({ ...d, routingKeys: [...d.routingKeys] })),
    lifecycle: msg.life.map((l) => ({ ...l })),
  };
}
