import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import behaviours from '../../../../vectors/rabbit-behaviours.json';
import {
  type Binding,
  DEFAULT_EXCHANGE,
  defaultExchangeBindings,
  type Exchange,
  routeExchange,
  routeThroughExchanges,
  validateBinding,
} from './routing';

const toQueue = (id: string, key?: string): Binding => ({
  destination: { kind: 'queue', id },
  ...(key !== undefined ? { key } : {}),
});
const toExchange = (id: string, key?: string): Binding => ({
  destination: { kind: 'exchange', id },
  ...(key !== undefined ? { key } : {}),
});

function topology(exchanges: Exchange[], bindings: Record<string, Binding[]>) {
  return {
    exchangesById: new Map(exchanges.map((x) => [x.id, x])),
    bindingsBySource: new Map(Object.entries(bindings)),
  };
}

describe('the default exchange (rabbit-behaviours.json S1)', () => {
  const s1 = behaviours.results.S1_defaultExchange;
  const queue = s1.delivered[0]?.routingKey ?? '';
  const { exchangesById, bindingsBySource } = topology([DEFAULT_EXCHANGE], { '': defaultExchangeBindings([queue]) });

  it('delivers to the queue named by the routing key, with exchange ""', () => {
    const result = routeThroughExchanges(DEFAULT_EXCHANGE, exchangesById, bindingsBySource, { routingKey: queue });
    expect(result.queues).toEqual([queue]);
    expect(result.exchanges).toEqual([s1.delivered[0]?.exchange]);
    expect(result.outcome).toEqual({ kind: 'routed' });
  });

  it('returns a mandatory message for a missing queue with 312 NO_ROUTE', () => {
    const [returned] = s1.mandatoryReturns;
    const message = { routingKey: returned?.routingKey ?? '', mandatory: true };
    const result = routeThroughExchanges(DEFAULT_EXCHANGE, exchangesById, bindingsBySource, message);
    expect(result.queues).toEqual([]);
    expect(result.outcome).toEqual({
      kind: 'returned',
      replyCode: returned?.replyCode,
      replyText: returned?.replyText,
    });
  });

  it('drops the same message silently without mandatory', () => {
    const message = { routingKey: 'does-not-exist' };
    expect(routeThroughExchanges(DEFAULT_EXCHANGE, exchangesById, bindingsBySource, message).outcome).toEqual({
      kind: 'dropped',
    });
  });

  it('explains the verdict for each implicit binding', () => {
    const routing = routeExchange(DEFAULT_EXCHANGE, defaultExchangeBindings(['orders', 'payments']), {
      routingKey: 'orders',
    });
    expect(routing.destinations).toEqual([{ kind: 'queue', id: 'orders' }]);
    expect(routing.verdicts.map((v) => v.why[0])).toEqual([
      "The default exchange delivers to the queue named by the routing key, 'orders'.",
      "The default exchange delivers to the queue named by the routing key, 'orders', not to 'payments'.",
    ]);
  });

  it('refuses bindings to or from it', () => {
    const refusal = { replyCode: 403, replyText: 'ACCESS_REFUSED - operation not permitted on the default exchange' };
    expect(validateBinding(DEFAULT_EXCHANGE, toQueue('q', 'q'))).toEqual(refusal);
    expect(validateBinding({ id: 'x', type: 'fanout' }, toExchange(''))).toEqual(refusal);
  });
});

describe('alternate exchange (rabbit-behaviours.json S2)', () => {
  const s2 = behaviours.results.S2_alternateExchange;
  const main: Exchange = { id: s2.mainQueue[0]?.exchange ?? '', type: 'direct', alternateExchange: 'ae' };
  const { exchangesById, bindingsBySource } = topology([main, { id: 'ae', type: 'fanout' }], {
    [main.id]: [toQueue('main-queue', 'k')],
    ae: [toQueue('ae-queue')],
  });

  it('routes a matching message normally', () => {
    const message = { routingKey: s2.mainQueue[0]?.routingKey ?? '' };
    expect(routeThroughExchanges(main, exchangesById, bindingsBySource, message).queues).toEqual(['main-queue']);
  });

  it('sends an unmatched message to the alternate exchange, keeping its exchange and routing key', () => {
    const [delivered] = s2.aeQueue;
    const message = { routingKey: delivered?.routingKey ?? '', mandatory: true };
    const result = routeThroughExchanges(main, exchangesById, bindingsBySource, message);
    expect(result.queues).toEqual(['ae-queue']);
    expect(result.hops).toEqual([
      { from: main.id, to: { kind: 'exchange', id: 'ae' }, via: 'alternate-exchange' },
      { from: 'ae', to: { kind: 'queue', id: 'ae-queue' }, via: 'binding', keys: [''] },
    ]);
    // The broker delivered it with the original exchange and routing key, which routing never rewrites.
    expect(delivered?.exchange).toBe(main.id);
    expect(result.outcome).toEqual({ kind: 'routed' }); // routed via the AE, so not returned
    expect(routeExchange(main, bindingsBySource.get(main.id) ?? [], message).alternateExchange).toBe('ae');
  });

  it('returns a mandatory message the alternate exchange cannot route either', () => {
    const empty = topology([main, { id: 'ae', type: 'direct' }], { [main.id]: [toQueue('main-queue', 'k')] });
    const message = { routingKey: 'nomatch', mandatory: true };
    const result = routeThroughExchanges(main, empty.exchangesById, empty.bindingsBySource, message);
    expect(result.outcome.kind).toBe('returned');
  });

  it('reports an alternate exchange that does not exist', () => {
    const result = routeThroughExchanges(main, new Map([[main.id, main]]), bindingsBySource, { routingKey: 'x' });
    expect(result).toMatchObject({ queues: [], missingExchanges: ['ae'], outcome: { kind: 'dropped' } });
  });

  it('is not used when a binding matched, even if that path reaches no queue', () => {
    const { exchangesById: xs, bindingsBySource: bs } = topology(
      [main, { id: 'ae', type: 'fanout' }, { id: 'dead-end', type: 'direct' }],
      { [main.id]: [toExchange('dead-end', 'nomatch')], ae: [toQueue('ae-queue')] },
    );
    const result = routeThroughExchanges(main, xs, bs, { routingKey: 'nomatch' });
    expect(result.exchanges).toEqual([main.id, 'dead-end']);
    expect(result.queues).toEqual([]);
  });
});

describe('exchange types', () => {
  const message = { routingKey: 'eu.orders', headers: { region: { type: 'longstr', value: 'eu' } } } as const;

  it('direct: equal keys only, each destination once', () => {
    const routing = routeExchange(
      { id: 'd', type: 'direct' },
      [toQueue('q1', 'eu.orders'), toQueue('q1', 'eu.orders'), toQueue('q2', 'eu')],
      message,
    );
    expect(routing.destinations).toEqual([{ kind: 'queue', id: 'q1' }]);
    expect(routing.verdicts.map((v) => v.matched)).toEqual([true, true, false]);
    expect(routing.verdicts[2]?.why).toEqual([
      "Binding key 'eu' ≠ routing key 'eu.orders' (a direct exchange needs them equal).",
    ]);
  });

  it('fanout: every binding, keys ignored', () => {
    const routing = routeExchange({ id: 'f', type: 'fanout' }, [toQueue('q1', 'x'), toQueue('q2')], message);
    expect(routing.destinations.map((d) => d.id)).toEqual(['q1', 'q2']);
  });

  it('topic and headers: explained by their matchers', () => {
    const topic = routeExchange(
      { id: 't', type: 'topic' },
      [toQueue('q1', '*.orders'), toQueue('q2', 'us.#')],
      message,
    );
    expect(topic.destinations.map((d) => d.id)).toEqual(['q1']);
    expect(topic.verdicts[1]?.why.at(-1)).toBe("No other number of words for '#' makes the rest match either.");
    const headers = routeExchange(
      { id: 'h', type: 'headers' },
      [{ destination: { kind: 'queue', id: 'q1' }, args: { region: { type: 'longstr', value: 'eu' } } }],
      message,
    );
    expect(headers.destinations.map((d) => d.id)).toEqual(['q1']);
  });

  it('refuses topic binding keys with more than two # from 4.3.5 on', () => {
    const topic: Exchange = { id: 't', type: 'topic' };
    expect(validateBinding(topic, toQueue('q', '#.a.#'))).toBeUndefined();
    expect(validateBinding(topic, toQueue('q', '#.a.#.#'))).toEqual({
      replyCode: 406,
      replyText: "PRECONDITION_FAILED - Topic binding key '#.a.#.#' uses 3 '#' wildcards, at most 2 are allowed",
    });
    expect(validateBinding(topic, toQueue('q', '#.a.#.#'), [4, 3, 4])).toBeUndefined();
  });
});

describe('exchange-to-exchange bindings', () => {
  it('enqueues once per queue however many paths reach it', () => {
    const { exchangesById, bindingsBySource } = topology(
      [
        { id: 'in', type: 'fanout' },
        { id: 'left', type: 'fanout' },
        { id: 'right', type: 'topic' },
      ],
      {
        in: [toExchange('left'), toExchange('right'), toQueue('audit')],
        left: [toQueue('orders')],
        right: [toQueue('orders', '#'), toQueue('audit', '#')],
      },
    );
    const start = exchangesById.get('in') as Exchange;
    const result = routeThroughExchanges(start, exchangesById, bindingsBySource, { routingKey: 'eu.orders' });
    expect(result.queues).toEqual(['audit', 'orders']);
    expect(result.hops.filter((h) => h.to.kind === 'queue')).toHaveLength(4);
  });

  it('visits each exchange once, so cycles end', () => {
    const { exchangesById, bindingsBySource } = topology(
      [
        { id: 'a', type: 'fanout' },
        { id: 'b', type: 'fanout' },
      ],
      { a: [toExchange('b'), toExchange('a')], b: [toExchange('a'), toQueue('q')] },
    );
    const result = routeThroughExchanges(exchangesById.get('a') as Exchange, exchangesById, bindingsBySource, {
      routingKey: '',
    });
    expect(result).toMatchObject({ queues: ['q'], exchanges: ['a', 'b'], outcome: { kind: 'routed' } });
  });

  // Random graphs of fanout exchanges, cycles included: the queues reached are exactly those
  // reachable through the bindings.
  const ids = ['x0', 'x1', 'x2', 'x3'];
  const edges = fc.uniqueArray(fc.tuple(fc.constantFrom(...ids), fc.constantFrom(...ids, 'q0', 'q1', 'q2')), {
    selector: ([from, to]) => `${from}>${to}`,
    maxLength: 14,
  });

  function reachableQueues(list: readonly (readonly [string, string])[]): string[] {
    const reached = new Set(['x0']);
    let size = 0;
    while (size !== reached.size) {
      size = reached.size;
      for (const [from, to] of list) if (reached.has(from)) reached.add(to);
    }
    return [...reached].filter((id) => id.startsWith('q')).sort();
  }

  it('reaches exactly the queues reachable through the bindings, each once', () => {
    fc.assert(
      fc.property(edges, (list) => {
        const bindings: Record<string, Binding[]> = {};
        for (const [from, to] of list) (bindings[from] ??= []).push(to.startsWith('q') ? toQueue(to) : toExchange(to));
        const exchanges: Exchange[] = ids.map((id) => ({ id, type: 'fanout' }));
        const { exchangesById, bindingsBySource } = topology(exchanges, bindings);
        const { queues } = routeThroughExchanges(exchanges[0] as Exchange, exchangesById, bindingsBySource, {
          routingKey: 'k',
        });
        expect([...queues].sort()).toEqual(reachableQueues(list));
        expect(new Set(queues).size).toBe(queues.length);
      }),
    );
  });

  it('is deterministic, and its set of queues does not depend on binding order', () => {
    const exchanges: Exchange[] = [
      { id: 'x0', type: 'topic', alternateExchange: 'x2' },
      { id: 'x1', type: 'direct' },
      { id: 'x2', type: 'topic' },
    ];
    const route = (list: readonly (readonly [string, string, string])[], routingKey: string) => {
      const bindings: Record<string, Binding[]> = {};
      for (const [from, to, key] of list) {
        (bindings[from] ??= []).push(to.startsWith('q') ? toQueue(to, key) : toExchange(to, key));
      }
      const { exchangesById, bindingsBySource } = topology(exchanges, bindings);
      return routeThroughExchanges(exchanges[0] as Exchange, exchangesById, bindingsBySource, { routingKey });
    };
    const binding = fc.tuple(
      fc.constantFrom('x0', 'x1', 'x2'),
      fc.constantFrom('x1', 'x2', 'q0', 'q1', 'q2'),
      fc.constantFrom('#', '*', 'eu.*', 'eu.orders', '*.payments'),
    );
    const listAndShuffle = fc
      .array(binding, { maxLength: 12 })
      .chain((list) => fc.tuple(fc.constant(list), fc.shuffledSubarray(list, { minLength: list.length })));
    fc.assert(
      fc.property(listAndShuffle, fc.constantFrom('eu.orders', 'us.payments', ''), ([list, shuffled], routingKey) => {
        const first = route(list, routingKey);
        expect(route(list, routingKey)).toEqual(first);
        const reordered = route(shuffled, routingKey);
        expect([...reordered.queues].sort()).toEqual([...first.queues].sort());
        expect(reordered.outcome).toEqual(first.outcome);
      }),
    );
  });
});
