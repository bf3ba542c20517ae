/**
 * Where RabbitMQ sends a published message: exchange types, exchange-to-exchange bindings, the
 * default exchange, alternate exchanges and the `mandatory` flag, as pure functions over data.
 *
 * Sources, rabbitmq/rabbitmq-server @5b09e556 (4.3+), deps/rabbit/src/:
 * - rabbit_exchange_type_direct.erl / _fanout / _topic / _headers, `route` and `validate_binding`:
 *   which bindings of one exchange match (topicMatch.ts, headersMatch.ts).
 * - rabbit_exchange.erl, `route/3` and `route1`: the default exchange `''` routes to the queue
 *   named by the routing key. Any other exchange is walked with a work list: each exchange is
 *   visited at most once (a set of seen exchanges, so cycles end), queues are collected in a map,
 *   so a message is enqueued once per queue however many paths reach it, and `process_alternate`
 *   adds an exchange's `alternate-exchange` only when that exchange's own bindings matched nothing.
 * - rabbit_channel.erl, `process_routing_mandatory`: no queue at all means `basic.return`
 *   312 NO_ROUTE when `mandatory` is set, else the message is dropped; `check_not_default_exchange`
 *   refuses bindings to or from the default exchange (403 ACCESS_REFUSED); a binding the exchange
 *   type refuses closes the channel with 406 PRECONDITION_FAILED.
 * Docs: https://www.rabbitmq.com/docs/ae, https://www.rabbitmq.com/tutorials/amqp-concepts.
 *
 * Simplified: one routing key per message (no CC/BCC sender-selected distribution); no exchange
 * decorators; `alternate-exchange` comes from the exchange's arguments (a policy would set the
 * same field). The broker's walk is depth-first, this one breadth-first: the set of exchanges
 * visited, and so of queues reached, is the same, since each exchange's own matches do not
 * depend on how it was reached.
 */
import { explainHeadersMatch, headersBindingError, headersMatch, type HeaderTable } from './headersMatch';
import { explainTopicMatch, splitTopicKey, topicMatches } from './topicMatch';
import { DEFAULT_RABBITMQ_VERSION, isAtLeast, TOPIC_HASH_LIMIT_SINCE, type RabbitMQVersion } from './version';

export type ExchangeType = 'direct' | 'fanout' | 'topic' | 'headers';

export type Exchange = {
  /** The exchange name. `''` is the default exchange. */
  id: string;
  type: ExchangeType;
  /** The `alternate-exchange` argument: where messages that match no binding go instead. */
  alternateExchange?: string;
};

/** The default exchange: a direct exchange every queue is bound to by its own name. */
export const DEFAULT_EXCHANGE: Exchange = { id: '', type: 'direct' };

export type BindingDestination = { kind: 'queue' | 'exchange'; id: string };

/** A binding from one exchange (its source) to a queue or another exchange. */
export type Binding = {
  destination: BindingDestination;
  /** The binding key. Direct and topic exchanges compare it with the routing key; absent means ''. */
  key?: string;
  /** The binding arguments. A headers exchange matches on them (`x-match` and header values). */
  args?: HeaderTable;
};

/** What a `basic.publish` carries that routing looks at. */
export type PublishedMessage = {
  routingKey: string;
  headers?: HeaderTable;
  /** Return the message to the publisher if no queue receives it (else it is dropped silently). */
  mandatory?: boolean;
};

/**
 * The bindings the broker keeps implicit for the default exchange, made explicit: one per queue,
 * keyed by the queue's name, so that "why?" can list them and routing needs no special case.
 */
export function defaultExchangeBindings(queueIds: readonly string[]): Binding[] {
  return queueIds.map((id) => ({ destination: { kind: 'queue', id }, key: id }));
}

/** Why the broker refuses a binding: the channel is closed with this reply. */
export type BindRefusal = { replyCode: 403 | 406; replyText: string };

/** The refusal `queue.bind` / `exchange.bind` meets for `binding` from `source`, or undefined. */
export function validateBinding(
  source: Exchange,
  binding: Binding,
  version: RabbitMQVersion = DEFAULT_RABBITMQ_VERSION,
): BindRefusal | undefined {
  const { destination } = binding;
  if (source.id === '' || (destination.kind === 'exchange' && destination.id === '')) {
    return { replyCode: 403, replyText: 'ACCESS_REFUSED - operation not permitted on the default exchange' };
  }
  const error =
    source.type === 'headers'
      ? headersBindingError(binding.args ?? {})
      : source.type === 'topic' && isAtLeast(version, TOPIC_HASH_LIMIT_SINCE)
        ? topicBindingError(binding.key ?? '')
        : undefined;
  return error === undefined ? undefined : { replyCode: 406, replyText: `PRECONDITION_FAILED - ${error}` };
}

/** rabbit_exchange_type_topic.erl `validate_binding` (4.3.5+): at most two `#` per binding key. */
function topicBindingError(bindingKey: string): string | undefined {
  const hashes = splitTopicKey(bindingKey).filter((word) => word === '#').length;
  return hashes > 2
    ? `Topic binding key '${bindingKey}' uses ${hashes} '#' wildcards, at most 2 are allowed`
    : undefined;
}

/** True when `binding` of `exchange` matches the message: the exchange type's `route`. */
export function bindingMatches(
  exchange: Exchange,
  binding: Binding,
  message: PublishedMessage,
  version: RabbitMQVersion = DEFAULT_RABBITMQ_VERSION,
): boolean {
  switch (exchange.type) {
    case 'direct':
      return (binding.key ?? '') === message.routingKey;
    case 'fanout':
      return true;
    case 'topic':
      return topicMatches(binding.key ?? '', message.routingKey);
    case 'headers':
      return headersMatch(binding.args ?? {}, message.headers ?? {}, version);
  }
}

export type BindingVerdict = {
  binding: Binding;
  matched: boolean;
  /** Plain-language steps that answer "why did this binding match / not match?". */
  why: string[];
};

export type ExchangeRouting = {
  /** Destinations of the matching bindings, each once, in binding order. */
  destinations: BindingDestination[];
  /** One verdict per binding, in the order given. */
  verdicts: BindingVerdict[];
  /** Set when nothing matched and the exchange has an alternate exchange: the message goes there. */
  alternateExchange?: string;
};

/** One exchange's routing decision with the reason for every binding, for the "why?" panel. */
export function routeExchange(
  exchange: Exchange,
  bindings: readonly Binding[],
  message: PublishedMessage,
  version: RabbitMQVersion = DEFAULT_RABBITMQ_VERSION,
): ExchangeRouting {
  const verdicts = bindings.map((binding) => explainBinding(exchange, binding, message, version));
  const destinations = uniqueDestinations(verdicts.filter((v) => v.matched).map((v) => v.binding.destination));
  const alternateExchange = destinations.length === 0 ? alternateExchangeOf(exchange) : undefined;
  return { destinations, verdicts, ...(alternateExchange !== undefined ? { alternateExchange } : {}) };
}

function explainBinding(
  exchange: Exchange,
  binding: Binding,
  message: PublishedMessage,
  version: RabbitMQVersion,
): BindingVerdict {
  const key = binding.key ?? '';
  switch (exchange.type) {
    case 'direct': {
      const matched = key === message.routingKey;
      const routingKey = `'${message.routingKey}'`;
      const why =
        exchange.id === ''
          ? `The default exchange delivers to the queue named by the routing key, ${routingKey}${matched ? '' : `, not to '${key}'`}.`
          : matched
            ? `Binding key '${key}' = routing key ${routingKey}.`
            : `Binding key '${key}' ≠ routing key ${routingKey} (a direct exchange needs them equal).`;
      return { binding, matched, why: [why] };
    }
    case 'fanout':
      return { binding, matched: true, why: ['A fanout exchange sends to every binding; keys are ignored.'] };
    case 'topic': {
      const { matched, steps } = explainTopicMatch(key, message.routingKey);
      return { binding, matched, why: steps };
    }
    case 'headers': {
      const { matched, steps } = explainHeadersMatch(binding.args ?? {}, message.headers ?? {}, version);
      return { binding, matched, why: steps };
    }
  }
}

/** One edge the message took: a matching binding, or the jump to an alternate exchange. */
/** One edge a message took; through bindings, the keys of the bindings that matched (several may lead to one place). */
export type RouteHop =
  | { from: string; to: BindingDestination; via: 'binding'; keys: string[] }
  | { from: string; to: BindingDestination; via: 'alternate-exchange' };

export type RouteResult = {
  /** Queues that receive the message, once each, in the order first reached. */
  queues: string[];
  /** Exchanges the message passed through, starting with the one it was published to. */
  exchanges: string[];
  /** Every edge taken, including those to queues or exchanges already reached by another path. */
  hops: RouteHop[];
  /** Destination exchanges (by binding or alternate-exchange) that do not exist; the broker skips them. */
  missingExchanges: string[];
  /** Routed to at least one queue; else returned to the publisher (mandatory) or dropped. */
  outcome: { kind: 'routed' } | { kind: 'returned'; replyCode: 312; replyText: 'NO_ROUTE' } | { kind: 'dropped' };
};

/**
 * Routes a message published to `start` through exchange-to-exchange bindings and alternate
 * exchanges to its set of queues (rabbit_exchange `route1`). The message keeps its original
 * exchange and routing key all the way, also through an alternate exchange.
 *
 * @example
 * routeThroughExchanges(DEFAULT_EXCHANGE, new Map(), new Map([['', defaultExchangeBindings(['orders'])]]),
 *   { routingKey: 'orders' }).queues // ['orders']
 */
export function routeThroughExchanges(
  start: Exchange,
  exchangesById: ReadonlyMap<string, Exchange>,
  bindingsBySource: ReadonlyMap<string, readonly Binding[]>,
  message: PublishedMessage,
  version: RabbitMQVersion = DEFAULT_RABBITMQ_VERSION,
): RouteResult {
  const result: RouteResult = {
    queues: [],
    exchanges: [start.id],
    hops: [],
    missingExchanges: [],
    outcome: { kind: 'dropped' },
  };
  const reachedQueues = new Set<string>();
  const seenExchanges = new Set([start.id]);
  const work: Exchange[] = [start];
  for (let next = 0; next < work.length; next++) {
    const exchange = work[next] as Exchange;
    const bindings = bindingsBySource.get(exchange.id) ?? [];
    const matchedBindings = bindings.filter((b) => bindingMatches(exchange, b, message, version));
    const matched = uniqueDestinations(matchedBindings.map((b) => b.destination));
    const alternateExchange = matched.length === 0 ? alternateExchangeOf(exchange) : undefined;
    const keysTo = (to: BindingDestination) =>
      matchedBindings
        .filter((b) => b.destination.kind === to.kind && b.destination.id === to.id)
        .map((b) => b.key ?? '');
    const hops: RouteHop[] =
      alternateExchange === undefined
        ? matched.map((to) => ({ from: exchange.id, to, via: 'binding', keys: keysTo(to) }))
        : [{ from: exchange.id, to: { kind: 'exchange', id: alternateExchange }, via: 'alternate-exchange' }];
    for (const hop of hops) {
      result.hops.push(hop);
      const { kind, id } = hop.to;
      if (kind === 'queue') {
        if (!reachedQueues.has(id)) result.queues.push(id);
        reachedQueues.add(id);
      } else if (!seenExchanges.has(id)) {
        seenExchanges.add(id);
        const destination = exchangesById.get(id);
        if (destination === undefined) result.missingExchanges.push(id);
        else {
          result.exchanges.push(id);
          work.push(destination);
        }
      }
    }
  }
  if (result.queues.length > 0) result.outcome = { kind: 'routed' };
  else if (message.mandatory === true) result.outcome = { kind: 'returned', replyCode: 312, replyText: 'NO_ROUTE' };
  return result;
}

/** `process_alternate`; the default exchange never has one (`route/3` routes it directly). */
function alternateExchangeOf(exchange: Exchange): string | undefined {
  return exchange.id === '' ? undefined : exchange.alternateExchange;
}

/** Destinations in first-seen order, each once (several bindings may lead to the same place). */
function uniqueDestinations(destinations: readonly BindingDestination[]): BindingDestination[] {
  const seen = new Set<string>();
  return destinations.filter((d) => {
    const key = `${d.kind}:${d.id}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
