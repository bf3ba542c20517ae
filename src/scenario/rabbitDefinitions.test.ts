import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatProblems, parseScenario } from './parseScenario';
import {
  definitionsTextToScenario,
  definitionsToScenario,
  exportRabbitDefinitions,
  hasRabbitNodes,
  scenarioToDefinitions,
  uniqueId,
  type DefinitionsImportOptions,
} from './rabbitDefinitions';
import type { Scenario, ScenarioInput } from './schema';

const fixture: unknown = JSON.parse(
  readFileSync(new URL('./fixtures/rabbitmq-definitions.json', import.meta.url), 'utf8'),
);

type Entry = Record<string, unknown>;
const doc = (over: Entry = {}): Entry => ({
  rabbit_version: '4.1.0',
  vhosts: [{ name: '/' }],
  policies: [],
  queues: [],
  exchanges: [],
  bindings: [],
  ...over,
});
const queue = (name: string, args: Entry = {}, extra: Entry = {}): Entry => ({
  name,
  vhost: '/',
  durable: true,
  auto_delete: false,
  arguments: args,
  ...extra,
});
const exchange = (name: string, type = 'direct', args: Entry = {}, extra: Entry = {}): Entry => ({
  name,
  vhost: '/',
  type,
  durable: true,
  auto_delete: false,
  internal: false,
  arguments: args,
  ...extra,
});
const binding = (source: string, destination: string, routingKey = '', extra: Entry = {}): Entry => ({
  source,
  vhost: '/',
  destination,
  destination_type: 'queue',
  routing_key: routingKey,
  arguments: {},
  ...extra,
});
const policy = (name: string, pattern: string, definition: Entry, extra: Entry = {}): Entry => ({
  vhost: '/',
  name,
  pattern,
  'apply-to': 'all',
  definition,
  priority: 0,
  ...extra,
});

function load(json: unknown, options?: DefinitionsImportOptions): { scenario: Scenario; warnings: string[] } {
  const result = definitionsToScenario(json, options);
  if (!result.ok) throw new Error(formatProblems(result.problems, 50));
  const parsed = parseScenario(result.scenario);
  if (!parsed.ok) throw new Error(formatProblems(parsed.problems, 50));
  return { scenario: parsed.scenario, warnings: result.warnings };
}

function problemsOf(json: unknown): string {
  const result = definitionsToScenario(json);
  if (result.ok) throw new Error('expected problems');
  return formatProblems(result.problems, 50);
}

function queueNamed(scenario: Scenario, name: string) {
  const node = scenario.nodes.find((n) => n.kind === 'rabbitmq.queue' && (n.config.name ?? n.id) === name);
  if (node?.kind !== 'rabbitmq.queue') throw new Error(`no queue ${name}`);
  return node;
}
function exchangeNamed(scenario: Scenario, name: string) {
  const node = scenario.nodes.find((n) => n.kind === 'rabbitmq.exchange' && (n.config.name ?? n.id) === name);
  if (node?.kind !== 'rabbitmq.exchange') throw new Error(`no exchange ${name}`);
  return node;
}

/**
 * What round-trips: exchanges, queues with their arguments and bindings, by RabbitMQ name. Settings
 * RabbitMQ refuses or ignores (and export warns about) are normalised away: a dead-letter routing key
 * without a dead-letter exchange, a classic queue's delivery limit, a quorum queue's
 * reject-publish-dlx (drop-head), repeated binding keys, empty binding arguments.
 */
function rabbitModel(scenario: Scenario) {
  const names = new Map(
    scenario.nodes.flatMap((n) =>
      n.kind === 'rabbitmq.exchange' || n.kind === 'rabbitmq.queue' ? [[n.id, n.config.name ?? n.id] as const] : [],
    ),
  );
  const nameOf = (id: string) => names.get(id) ?? `?${id}`;
  const exchanges: unknown[] = [];
  const queues: unknown[] = [];
  for (const n of scenario.nodes) {
    if (n.kind === 'rabbitmq.exchange') {
      const ae = n.config.alternateExchange;
      exchanges.push([nameOf(n.id), n.config.type, ae === undefined ? null : nameOf(ae)]);
    } else if (n.kind === 'rabbitmq.queue') {
      const c = n.config;
      const dlx =
        c.deadLetterExchange === undefined ? null : c.deadLetterExchange === '' ? '' : nameOf(c.deadLetterExchange);
      queues.push([
        nameOf(n.id),
        c.type,
        c.expiresMs ?? null,
        c.messageTtlMs ?? null,
        c.maxLength ?? null,
        c.maxLengthBytes ?? null,
        c.type === 'quorum' && c.overflow === 'reject-publish-dlx' ? 'drop-head' : c.overflow,
        dlx,
        dlx === null ? null : (c.deadLetterRoutingKey ?? null),
        c.type === 'quorum' ? c.deliveryLimit : null,
      ]);
    }
  }
  const bindings = new Set<string>();
  for (const e of scenario.edges) {
    const source = scenario.nodes.find((n) => n.id === e.source);
    const target = scenario.nodes.find((n) => n.id === e.target);
    if (source?.kind !== 'rabbitmq.exchange' || !target) continue;
    const args = e.config.arguments ?? {};
    const canonical = JSON.stringify(
      Object.keys(args)
        .sort()
        .map((k) => [k, args[k]]),
    );
    for (const key of e.config.bindingKeys ?? ['']) {
      bindings.add(JSON.stringify([nameOf(e.source), target.kind, nameOf(e.target), key, canonical]));
    }
  }
  const sort = (list: unknown[]) => list.map((v) => JSON.stringify(v)).sort();
  return { exchanges: sort(exchanges), queues: sort(queues), bindings: [...bindings].sort() };
}

function roundTrip(scenario: Scenario): Scenario {
  return load(JSON.parse(JSON.stringify(scenarioToDefinitions(scenario)))).scenario;
}

describe('definitionsToScenario: a realistic export', () => {
  // The tutorials' topology (fanout "logs", direct "direct_logs", topic "topic_logs") and an order
  // flow with a dead-letter exchange, an alternate exchange, an exchange-to-exchange binding, a
  // headers exchange and a built-in amq.topic binding, as `rabbitmqctl export_definitions` writes it.
  const { scenario, warnings } = load(fixture, { source: 'definitions.json' });

  it('maps exchanges and queues to nodes named after them', () => {
    const exchanges = scenario.nodes.filter((n) => n.kind === 'rabbitmq.exchange').map((n) => n.id);
    const queues = scenario.nodes.filter((n) => n.kind === 'rabbitmq.queue').map((n) => n.id);
    expect(exchanges).toEqual([
      'logs',
      'direct_logs',
      'topic_logs',
      'orders',
      'orders.dlx',
      'orders.unroutable',
      'audit',
      'invoices',
      'amq.topic',
    ]);
    expect(queues).toEqual([
      'logs.console',
      'logs.file',
      'logs.errors',
      'logs.all',
      'animals.orange',
      'animals.rabbit',
      'orders.billing',
      'orders.shipping',
      'orders.dead-letters',
      'orders.unroutable-queue', // an exchange has the name "orders.unroutable" too
      'audit.log',
      'invoices.pdf',
      'alerts',
    ]);
    expect(queueNamed(scenario, 'orders.unroutable').id).toBe('orders.unroutable-queue');
    expect(scenario.nodes.some((n) => n.kind === 'rabbitmq.consumer' || n.kind === 'producer')).toBe(false);
  });

  it('applies arguments and policies as RabbitMQ does', () => {
    expect(queueNamed(scenario, 'orders.billing').config).toMatchObject({
      type: 'quorum',
      deliveryLimit: 5,
      deadLetterExchange: 'orders.dlx', // policy orders-dead-letters
      messageTtlMs: 60_000,
    });
    expect(queueNamed(scenario, 'orders.shipping').config).toMatchObject({
      type: 'classic',
      maxLength: 1000,
      overflow: 'reject-publish-dlx',
      messageTtlMs: 30_000, // the smaller of the argument (30 s) and the policy (60 s)
      deadLetterExchange: 'orders.dlx',
      deadLetterRoutingKey: 'shipping.failed',
    });
    expect(queueNamed(scenario, 'logs.all').config.deadLetterExchange).toBeUndefined();
    expect(exchangeNamed(scenario, 'orders').config.alternateExchange).toBe('orders.unroutable');
  });

  it('turns bindings into edges, several keys on one edge, headers arguments on the edge', () => {
    const edges = Object.fromEntries(scenario.edges.map((e) => [e.id, e.config]));
    expect(edges['direct_logs->logs.all']).toEqual({ bindingKeys: ['error', 'info', 'warning'] });
    expect(edges['topic_logs->animals.rabbit']).toEqual({ bindingKeys: ['*.*.rabbit', 'lazy.#'] });
    expect(edges['orders.dlx->orders.dead-letters']).toEqual({ bindingKeys: ['order.created', 'shipping.failed'] });
    expect(edges['orders->audit']).toEqual({ bindingKeys: ['order.*'] }); // exchange → exchange
    expect(edges['invoices->invoices.pdf']).toEqual({
      bindingKeys: [''],
      arguments: { 'x-match': 'any', format: 'pdf', type: 'invoice' },
    });
    expect(edges['amq.topic->alerts']).toEqual({ bindingKeys: ['alert.#'] });
    expect(scenario.edges).toHaveLength(14);
  });

  it('says what it ignored, in the warnings and in the scenario description', () => {
    expect(scenario.meta.description).toMatch(
      /^Imported from definitions\.json \(RabbitMQ 4\.1\.0, virtual host "\/"\)/,
    );
    expect(scenario.meta.description).toContain(`Import notes:\n• ${warnings[0]}`);
    expect(warnings).toEqual([
      '1 user, 2 permissions ignored: Eventscope simulates routing and queues, not access control or plugins',
      'queues: 1 in virtual host "staging" ignored (Eventscope imports one virtual host: "/")',
      'exchanges[6] "audit": internal exchange kept, but not enforced: a producer may publish to it here',
      'queues[10] "audit.log": not simulated, ignored: x-max-priority (no priority queues: every message has the same priority)',
      'queues[13] "orders.events" skipped: stream queues are not simulated',
      'bindings[11] from "orders" to "orders.events" skipped: the queue is skipped (stream queues are not simulated)',
    ]);
  });

  it('lays exchanges out left of their queues, dead letters further right', () => {
    const x = (id: string) => scenario.nodes.find((n) => n.id === id)?.position.x ?? NaN;
    expect(x('orders')).toBe(0);
    expect(x('orders.billing')).toBeGreaterThan(x('orders'));
    expect(x('orders.dlx')).toBeGreaterThan(x('orders.billing'));
    expect(x('orders.dead-letters')).toBeGreaterThan(x('orders.dlx'));
    expect(x('audit.log')).toBeGreaterThan(x('audit'));
    for (const a of scenario.nodes) {
      for (const b of scenario.nodes) {
        if (a === b) continue;
        const apart = Math.abs(a.position.x - b.position.x) >= 400 || Math.abs(a.position.y - b.position.y) >= 280;
        expect(apart, `${a.id} and ${b.id} overlap`).toBe(true);
      }
    }
  });

  it('exports and imports again to the same topology', () => {
    expect(rabbitModel(roundTrip(scenario))).toEqual(rabbitModel(scenario));
  });
});

describe('definitionsToScenario: mapping rules', () => {
  it('derives valid, unique node ids from names and keeps the names', () => {
    const { scenario } = load(
      doc({
        exchanges: [exchange('Crème brûlée/orders'), exchange('orders')],
        queues: [queue('orders'), queue('-- weird --'), queue('x'.repeat(100))],
        bindings: [binding('orders', 'orders')],
      }),
    );
    expect(
      scenario.nodes.map((n) => [n.id, n.kind === 'producer' ? '' : (n.config as { name?: string }).name]),
    ).toEqual([
      ['Creme-brulee-orders', 'Crème brûlée/orders'],
      ['orders', 'orders'],
      ['orders-queue', 'orders'],
      ['weird', '-- weird --'],
      ['x'.repeat(48), 'x'.repeat(100)],
    ]);
    expect(uniqueId('***', 'queue', new Set())).toBe('queue');
    expect(uniqueId('a', 'queue', new Set(['a', 'a-queue']))).toBe('a-queue-2');
  });

  it('keeps one key for a binding listed twice', () => {
    const { scenario } = load(
      doc({
        exchanges: [exchange('x')],
        queues: [queue('q')],
        bindings: [binding('x', 'q', 'k'), binding('x', 'q', 'k')],
      }),
    );
    expect(scenario.edges.map((e) => e.config.bindingKeys)).toEqual([['k']]);
  });

  it('creates a built-in amq.* exchange only when something uses it', () => {
    const listed = [exchange('amq.direct'), exchange('amq.fanout', 'fanout'), exchange('')];
    const unused = load(doc({ exchanges: listed, queues: [queue('q')] })).scenario;
    expect(unused.nodes.map((n) => n.id)).toEqual(['q']);
    const used = load(
      doc({
        exchanges: listed,
        queues: [queue('q', { 'x-dead-letter-exchange': 'amq.direct' }), queue('r', { 'x-dead-letter-exchange': '' })],
        bindings: [binding('amq.match', 'q', '', { arguments: { 'x-match': 'all', a: 1 } })],
      }),
    ).scenario;
    expect(used.nodes.map((n) => [n.id, n.kind === 'rabbitmq.exchange' ? n.config.type : n.kind])).toEqual([
      ['amq.match', 'headers'],
      ['amq.direct', 'direct'],
      ['q', 'rabbitmq.queue'],
      ['r', 'rabbitmq.queue'],
    ]);
    expect(queueNamed(used, 'q').config.deadLetterExchange).toBe('amq.direct');
    expect(queueNamed(used, 'r').config.deadLetterExchange).toBe(''); // the default exchange
  });

  it('reads the queue type from x-queue-type, the type field, or the virtual host default', () => {
    const { scenario, warnings } = load(
      doc({
        vhosts: [{ name: '/', metadata: { default_queue_type: 'quorum' } }],
        queues: [
          queue('a', { 'x-queue-type': 'classic' }),
          queue('b', {}, { type: 'classic' }),
          queue('c'),
          queue('d', { 'x-queue-type': 'stream' }),
        ],
      }),
    );
    expect(scenario.nodes.map((n) => (n.kind === 'rabbitmq.queue' ? n.config.type : ''))).toEqual([
      'classic',
      'classic',
      'quorum',
    ]);
    expect(warnings).toContain('queues[3] "d" skipped: stream queues are not simulated');
  });

  it('maps every supported queue argument', () => {
    const { scenario } = load(
      doc({
        exchanges: [exchange('dlx')],
        queues: [
          queue('q', {
            'x-queue-type': 'quorum',
            'x-message-ttl': 1000,
            'x-max-length': 10,
            'x-max-length-bytes': 2048,
            'x-overflow': 'reject-publish',
            'x-dead-letter-exchange': 'dlx',
            'x-dead-letter-routing-key': 'dead',
            'x-delivery-limit': -5,
          }),
        ],
      }),
    );
    expect(queueNamed(scenario, 'q').config).toEqual({
      name: 'q',
      type: 'quorum',
      messageTtlMs: 1000,
      maxLength: 10,
      maxLengthBytes: 2048,
      overflow: 'reject-publish',
      deadLetterExchange: 'dlx',
      deadLetterRoutingKey: 'dead',
      deliveryLimit: -1, // any negative limit: none
    });
  });

  it('falls back to drop-head for a quorum queue with reject-publish-dlx, as RabbitMQ does', () => {
    const { scenario, warnings } = load(
      doc({ queues: [queue('q', { 'x-queue-type': 'quorum', 'x-overflow': 'reject-publish-dlx' })] }),
    );
    expect(queueNamed(scenario, 'q').config.overflow).toBe('drop-head');
    expect(warnings[0]).toMatch(/quorum queues do not support overflow reject-publish-dlx/);
  });

  it('warns about what a queue or exchange sets that is not simulated', () => {
    const { scenario, warnings } = load(
      doc({
        users: [{ name: 'guest' }],
        parameters: [{ component: 'shovel' }],
        exchanges: [exchange('x', 'topic', { 'x-delayed-type': 'direct' }, { auto_delete: true })],
        queues: [
          queue(
            'q',
            { 'x-queue-mode': 'lazy', 'x-expires': 100, 'x-max-priority': 5 },
            { durable: false, exclusive: true },
          ),
          queue('amq.gen-123'),
        ],
      }),
    );
    expect(warnings).toEqual([
      '1 user, 1 runtime parameter (shovel, federation…) ignored: Eventscope simulates routing and queues, not access control or plugins',
      'exchanges[0] "x": not simulated, ignored: auto_delete: true, x-delayed-type',
      'queues[0] "q": not simulated, ignored: durable: false, exclusive: true, x-queue-mode "lazy" (no effect since RabbitMQ 3.12), x-max-priority (no priority queues: every message has the same priority)',
      'queues[1] "amq.gen-123" skipped: names starting with "amq." are reserved: RabbitMQ skips such queues on import',
    ]);
    expect(queueNamed(scenario, 'q').config.expiresMs).toBe(100);
  });

  it('imports "/" when it has anything, else the first virtual host that does, or the one asked for', () => {
    const two = doc({
      vhosts: [{ name: 'empty' }, { name: 'b' }, { name: 'a' }],
      queues: [queue('qa', {}, { vhost: 'a' }), queue('qb', {}, { vhost: 'b' })],
    });
    const first = load(two);
    expect(first.scenario.nodes.map((n) => n.id)).toEqual(['qb']);
    expect(first.warnings).toEqual([
      'queues: 1 in virtual host "a" ignored (Eventscope imports one virtual host: "b")',
    ]);
    expect(load(two, { vhost: 'a' }).scenario.nodes.map((n) => n.id)).toEqual(['qa']);
    const slash = load(doc({ queues: [queue('qa', {}, { vhost: 'a' }), queue('root')] }));
    expect(slash.scenario.nodes.map((n) => n.id)).toEqual(['root']);
    // A vhost-scoped export (GET /api/definitions/{vhost}) has no vhost fields.
    const scoped = load({ queues: [{ name: 'q', durable: true, auto_delete: false, arguments: {} }] });
    expect(scoped.scenario.nodes.map((n) => n.id)).toEqual(['q']);
  });
});

describe('definitionsToScenario: policies', () => {
  it('applies the highest-priority matching policy, and only to what apply-to names', () => {
    const { scenario } = load(
      doc({
        exchanges: [exchange('ae'), exchange('orders'), exchange('other')],
        queues: [queue('orders.a'), queue('orders.b', { 'x-queue-type': 'quorum' }), queue('misc')],
        policies: [
          policy('low', '^orders', { 'message-ttl': 1 }, { priority: 0, 'apply-to': 'queues' }),
          policy('high', '^orders', { 'message-ttl': 2 }, { priority: 5, 'apply-to': 'classic_queues' }),
          policy('quorum', 'b$', { 'max-length': 7 }, { priority: 9, 'apply-to': 'quorum_queues' }),
          policy('ae', '^orders$', { 'alternate-exchange': 'ae' }, { 'apply-to': 'exchanges' }),
        ],
      }),
    );
    expect(queueNamed(scenario, 'orders.a').config.messageTtlMs).toBe(2);
    expect(queueNamed(scenario, 'orders.b').config).toMatchObject({ maxLength: 7 });
    expect(queueNamed(scenario, 'orders.b').config.messageTtlMs).toBeUndefined(); // only one policy applies
    expect(queueNamed(scenario, 'misc').config.messageTtlMs).toBeUndefined();
    expect(exchangeNamed(scenario, 'orders').config.alternateExchange).toBe('ae');
    expect(exchangeNamed(scenario, 'other').config.alternateExchange).toBeUndefined();
  });

  it('combines policy and arguments key by key (classic: argument wins, limits: the smaller)', () => {
    const { scenario } = load(
      doc({
        exchanges: [exchange('dlx-arg'), exchange('dlx-policy'), exchange('ae-arg'), exchange('ae-policy')],
        queues: [
          queue('q', { 'x-dead-letter-exchange': 'dlx-arg', 'x-max-length': 50, 'x-overflow': 'reject-publish' }),
          queue('qq', { 'x-queue-type': 'quorum', 'x-overflow': 'reject-publish', 'x-delivery-limit': 3 }),
        ],
        policies: [
          policy('p', '^q', {
            'dead-letter-exchange': 'dlx-policy',
            'max-length': 10,
            overflow: 'drop-head',
            'delivery-limit': -1,
          }),
          policy('x', '^ae-arg$', { 'alternate-exchange': 'ae-policy' }),
        ],
      }),
    );
    // The policy sets delivery-limit, which classic queues do not support: it does not apply to "q".
    expect(queueNamed(scenario, 'q').config).toMatchObject({ deadLetterExchange: 'dlx-arg', maxLength: 50 });
    expect(queueNamed(scenario, 'qq').config).toMatchObject({
      deadLetterExchange: 'dlx-policy',
      maxLength: 10,
      overflow: 'drop-head', // quorum queues: the policy wins
      deliveryLimit: 3, // one of them is negative (no limit): the larger, the more conservative
    });
  });

  it('skips a policy a queue type does not support and says so, falling back to the next one', () => {
    const { scenario, warnings } = load(
      doc({
        queues: [queue('q')],
        policies: [
          policy('quorum-only', '.*', { 'delivery-limit': 5, 'message-ttl': 1 }, { priority: 2 }),
          policy('fallback', '.*', { 'message-ttl': 9 }, { priority: 1 }),
        ],
      }),
    );
    expect(queueNamed(scenario, 'q').config.messageTtlMs).toBe(9);
    expect(warnings).toContain(
      'policy "quorum-only" does not apply to classic queue "q": it sets delivery-limit, which classic queues do not support (RabbitMQ then applies no part of it)',
    );
  });

  it('warns about a priority tie, and maps expires (x-expires) from the policy it applies', () => {
    const { scenario, warnings } = load(
      doc({
        queues: [queue('q')],
        policies: [policy('a', 'q', { 'max-length': 1, expires: 5 }), policy('b', 'q', { 'max-length': 2 })],
      }),
    );
    expect(queueNamed(scenario, 'q').config.maxLength).toBe(1);
    expect(queueNamed(scenario, 'q').config.expiresMs).toBe(5);
    expect(warnings).toEqual([
      'policies "a" and "b" both match queue "q" with priority 0: Eventscope applies "a", the first in the file (RabbitMQ picks one of them)',
    ]);
  });

  it('drops an alternate or dead-letter exchange that does not exist, as RabbitMQ drops those messages', () => {
    const { scenario, warnings } = load(
      doc({
        exchanges: [exchange('x', 'direct', { 'alternate-exchange': 'gone' })],
        queues: [queue('q', { 'x-dead-letter-exchange': 'nowhere', 'x-dead-letter-routing-key': 'k' })],
      }),
    );
    expect(exchangeNamed(scenario, 'x').config.alternateExchange).toBeUndefined();
    expect(queueNamed(scenario, 'q').config.deadLetterExchange).toBeUndefined();
    expect(queueNamed(scenario, 'q').config.deadLetterRoutingKey).toBeUndefined();
    expect(warnings).toEqual([
      'exchanges[0] "x": alternate exchange "gone" does not exist, so RabbitMQ drops what it cannot route; so does Eventscope (no alternate exchange)',
      'queues[0] "q": dead-letter exchange "nowhere" does not exist, so RabbitMQ drops its dead letters; so does Eventscope (no dead-letter exchange)',
    ]);
  });
});

describe('definitionsToScenario: errors', () => {
  it('refuses what is not a definitions document', () => {
    const notJson = definitionsTextToScenario('{"queues": [');
    expect(!notJson.ok && formatProblems(notJson.problems)).toMatch(/^at \(file\): not valid JSON/);
    expect(problemsOf([])).toBe('at (file): expected a JSON object (RabbitMQ definitions), got a list');
    expect(problemsOf({ format: 'eventscope.scenario', version: 1, nodes: [] })).toBe(
      'at format: this is an Eventscope scenario, not RabbitMQ definitions: open it with Open…',
    );
    expect(problemsOf({ users: [] })).toBe(
      'at (file): expected RabbitMQ definitions: an object with "queues", "exchanges" and "bindings" lists, found none of them',
    );
    expect(problemsOf(doc())).toBe('at queues: no queues or exchanges to import in virtual host "/"');
    expect(
      problemsOf(
        doc({ queues: [queue('s', { 'x-queue-type': 'stream' }, { vhost: '/' }), queue('o', {}, { vhost: 'b' })] }),
      ),
    ).toBe('at queues: no queues or exchanges to import in virtual host "/"; skipped: "s"; the file has some in "b"');
  });

  it('names the entry, the field, what was expected and what was found', () => {
    const text = problemsOf(
      doc({
        queues: { name: 'q' },
        exchanges: ['x', { name: 'e', type: 'x-delayed-message', arguments: {} }, { type: 'topic' }],
        bindings: [binding('a', 'b', 'k', { destination_type: 'topic', arguments: 'none' })],
        policies: [
          { name: 'p', pattern: '(', definition: {} },
          { name: 'p2', pattern: '.*', 'apply-to': 'everything', definition: [] },
        ],
      }),
    );
    expect(text.split('\n')).toEqual([
      'at queues: expected a list, got an object',
      'at exchanges[0]: expected an object, got "x"',
      'at exchanges[1].type: expected one of "direct" | "fanout" | "topic" | "headers", got "x-delayed-message" (Eventscope simulates RabbitMQ\'s four built-in exchange types, not plugin ones)',
      'at exchanges[2].name: required: expected text, but it is missing',
      'at bindings[0].arguments: expected an object, got "none"',
      'at bindings[0].destination_type: expected "queue" or "exchange", got "topic"',
      expect.stringMatching(/^at policies\[0\]\.pattern: expected a regular expression, got "\(": /),
      'at policies[1].definition: expected an object of policy keys, got a list',
      'at policies[1].apply-to: expected one of "all" | "queues" | "exchanges" | "classic_queues" | "quorum_queues" | "streams", got "everything"',
    ]);
  });

  it('refuses a binding to or from something that does not exist', () => {
    const text = problemsOf(
      doc({
        exchanges: [exchange('x'), exchange('orders')],
        queues: [queue('q')],
        bindings: [
          binding('x', 'q'),
          binding('x', 'q', 'k2'),
          binding('nope', 'q'),
          binding('x', 'orders'),
          binding('x', 'q', '', { destination_type: 'exchange' }),
          binding('', 'q'),
        ],
      }),
    );
    expect(text.split('\n')).toEqual([
      'at bindings[2].source: no exchange named "nope" in virtual host "/"',
      'at bindings[3].destination: no queue named "orders" in virtual host "/" (there is an exchange of that name: check destination_type)',
      'at bindings[4].destination: no exchange named "q" in virtual host "/" (there is a queue of that name: check destination_type)',
      'at bindings[5].source: the default exchange ("") cannot be bound: it routes to the queue named by the routing key by itself',
    ]);
  });

  it('refuses queue arguments RabbitMQ refuses', () => {
    const text = problemsOf(
      doc({
        exchanges: [exchange('x', 'headers')],
        queues: [
          queue('a', { 'x-message-ttl': '60000', 'x-max-length': -1, 'x-overflow': 'drop-tail' }),
          queue('b', { 'x-delivery-limit': 5 }),
          queue('c', { 'x-queue-type': 'quorum', 'x-max-priority': 10 }),
          queue('d', { 'x-dead-letter-routing-key': 'k' }),
          queue('e', { 'x-queue-type': 'lazy' }),
          queue('a'),
        ],
        bindings: [
          binding('x', 'a', '', { arguments: { 'x-match': 'some' } }),
          binding('x', 'b', '', { arguments: { list: [1, 2] } }),
        ],
      }),
    );
    expect(text.split('\n')).toEqual([
      'at queues[5].name: a queue named "a" is already defined at queues[0] in virtual host "/"',
      'at queues[0].arguments.x-message-ttl: expected a whole number ≥ 0, got "60000"',
      'at queues[0].arguments.x-max-length: expected a whole number ≥ 0, got -1',
      'at queues[0].arguments.x-overflow: expected one of "drop-head" | "reject-publish" | "reject-publish-dlx", got "drop-tail"',
      'at queues[1].arguments.x-delivery-limit: not an argument of classic queues (RabbitMQ refuses the declaration: "invalid arg \'x-delivery-limit\' … of queue type classic"; it belongs to quorum queues)',
      'at queues[2].arguments.x-max-priority: not an argument of quorum queues (RabbitMQ refuses the declaration: "invalid arg \'x-max-priority\' … of queue type quorum"; it belongs to classic queues)',
      'at queues[3].arguments.x-dead-letter-routing-key: set without x-dead-letter-exchange (RabbitMQ refuses the declaration: routing_key_but_no_dlx_defined)',
      'at queues[4].arguments.x-queue-type: expected one of "classic" | "quorum" | "stream", got "lazy"',
    ]);
    expect(
      problemsOf(
        doc({
          exchanges: [exchange('x', 'headers')],
          queues: [queue('a'), queue('b')],
          bindings: [
            binding('x', 'a', '', { arguments: { 'x-match': 'some' } }),
            binding('x', 'b', '', { arguments: { list: [1, 2] } }),
          ],
        }),
      ).split('\n'),
    ).toEqual([
      'at bindings[0].arguments.x-match: expected one of "all" | "any" | "all-with-x" | "any-with-x", got "some" (RabbitMQ refuses the binding)',
      'at bindings[1].arguments.list: expected text, a number, true, false or null (Eventscope matches headers on these), got a list',
    ]);
  });

  it('refuses invalid policy values and more bindings on one pair than an edge holds', () => {
    expect(
      problemsOf(
        doc({ queues: [queue('q')], policies: [policy('p', '.*', { 'message-ttl': 'soon', overflow: 1 })] }),
      ).split('\n'),
    ).toEqual([
      'at policies[0].definition.message-ttl: expected a whole number ≥ 0, got "soon"',
      'at policies[0].definition.overflow: expected one of "drop-head" | "reject-publish" | "reject-publish-dlx", got 1',
    ]);
    const many = Array.from({ length: 21 }, (_, i) => binding('x', 'q', `k${i}`));
    expect(problemsOf(doc({ exchanges: [exchange('x')], queues: [queue('q')], bindings: many }))).toBe(
      'at bindings[20]: expected at most 20 bindings from "x" to "q" (one edge holds 20 binding keys), got more',
    );
  });

  it('refuses more queues and exchanges than a scenario holds', () => {
    const queues = Array.from({ length: 501 }, (_, i) => queue(`q${i}`));
    expect(problemsOf(doc({ queues }))).toBe(
      'at queues: expected at most 500 queues and exchanges (Eventscope\'s node limit), got 501 in virtual host "/"',
    );
  });
});

describe('scenarioToDefinitions', () => {
  const input: ScenarioInput = {
    format: 'eventscope.scenario',
    version: 1,
    nodes: [
      { id: 'p', kind: 'producer' },
      { id: 't', kind: 'kafka.topic' },
      { id: 'orders', kind: 'rabbitmq.exchange', config: { type: 'topic', alternateExchange: 'ae' } },
      { id: 'ae', kind: 'rabbitmq.exchange', config: { name: 'orders.unroutable', type: 'fanout' } },
      { id: 'builtin', kind: 'rabbitmq.exchange', config: { name: 'amq.topic', type: 'topic' } },
      {
        id: 'billing',
        kind: 'rabbitmq.queue',
        config: {
          type: 'quorum',
          messageTtlMs: 1000,
          maxLength: 5,
          overflow: 'reject-publish',
          deadLetterExchange: 'ae',
          deadLetterRoutingKey: 'dead',
          deliveryLimit: 3,
        },
      },
      { id: 'plain', kind: 'rabbitmq.queue', config: { deadLetterRoutingKey: 'lost', deliveryLimit: 7 } },
      { id: 'c', kind: 'rabbitmq.consumer' },
    ],
    edges: [
      { id: 'p->orders', source: 'p', target: 'orders' },
      { id: 'e1', source: 'orders', target: 'billing', config: { bindingKeys: ['order.*', 'refund.#'] } },
      { id: 'e2', source: 'orders', target: 'ae' },
      { id: 'e3', source: 'builtin', target: 'plain', config: { bindingKeys: ['alert.#'] } },
      { id: 'plain->c', source: 'plain', target: 'c' },
    ],
  };
  const parsed = parseScenario(input);
  if (!parsed.ok) throw new Error(formatProblems(parsed.problems));
  const scenario = parsed.scenario;

  it('writes queues, exchanges and bindings in the "/" virtual host, as RabbitMQ exports them', () => {
    const { definitions, warnings } = exportRabbitDefinitions(scenario);
    expect(definitions.rabbit_version).toBe('4.3.0');
    expect(definitions.exchanges).toEqual([
      {
        name: 'orders',
        vhost: '/',
        type: 'topic',
        durable: true,
        auto_delete: false,
        internal: false,
        arguments: { 'alternate-exchange': 'orders.unroutable' },
      },
      {
        name: 'orders.unroutable',
        vhost: '/',
        type: 'fanout',
        durable: true,
        auto_delete: false,
        internal: false,
        arguments: {},
      },
    ]); // amq.topic exists on every broker: not declared
    expect(definitions.queues).toEqual([
      {
        name: 'billing',
        vhost: '/',
        durable: true,
        auto_delete: false,
        arguments: {
          'x-queue-type': 'quorum',
          'x-message-ttl': 1000,
          'x-max-length': 5,
          'x-overflow': 'reject-publish',
          'x-dead-letter-exchange': 'orders.unroutable',
          'x-dead-letter-routing-key': 'dead',
          'x-delivery-limit': 3,
        },
      },
      { name: 'plain', vhost: '/', durable: true, auto_delete: false, arguments: { 'x-queue-type': 'classic' } },
    ]);
    const b = (source: string, destination: string, key: string, type = 'queue') => ({
      source,
      vhost: '/',
      destination,
      destination_type: type,
      routing_key: key,
      arguments: {},
    });
    expect(definitions.bindings).toEqual([
      b('orders', 'billing', 'order.*'),
      b('orders', 'billing', 'refund.#'),
      b('orders', 'orders.unroutable', '', 'exchange'),
      b('amq.topic', 'plain', 'alert.#'),
    ]);
    expect(warnings).toEqual([
      'queue "plain": dead-letter routing key left out: without a dead-letter exchange RabbitMQ refuses it (routing_key_but_no_dlx_defined)',
      'queue "plain": delivery limit left out: classic queues have none (RabbitMQ refuses x-delivery-limit)',
    ]);
    expect(scenarioToDefinitions(scenario)).toEqual(definitions);
  });

  it('knows whether a scenario has anything to export', () => {
    expect(hasRabbitNodes(scenario)).toBe(true);
    expect(hasRabbitNodes({ nodes: scenario.nodes.filter((n) => !n.kind.startsWith('rabbitmq.')) })).toBe(false);
  });

  it('round-trips through import', () => {
    expect(rabbitModel(roundTrip(scenario))).toEqual(rabbitModel(scenario));
  });
});

describe('round trip property', () => {
  const alphabet = [...'abcXYZ09.-_ /é:>*#'];
  const name = fc
    .string({ unit: fc.constantFrom(...alphabet), minLength: 1, maxLength: 12 })
    .filter((n) => !n.startsWith('amq.'));
  const key = fc.string({ unit: fc.constantFrom(...alphabet), maxLength: 10 });
  const headerValue = fc.oneof(fc.string({ maxLength: 6 }), fc.integer(), fc.boolean(), fc.constant(null));
  const args = fc
    .tuple(
      fc.dictionary(fc.string({ unit: fc.constantFrom(...'abfmt-'), minLength: 1, maxLength: 5 }), headerValue, {
        maxKeys: 3,
      }),
      fc.option(fc.constantFrom('all', 'any', 'all-with-x', 'any-with-x'), { nil: undefined }),
    )
    .map(([values, match]) => (match === undefined ? values : { ...values, 'x-match': match }));
  const optional = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });

  const scenarioArb = fc
    .tuple(fc.uniqueArray(name, { minLength: 1, maxLength: 5 }), fc.uniqueArray(name, { maxLength: 5 }))
    .chain(([exchangeNames, queueNames]) => {
      const nx = exchangeNames.length;
      const targets = nx + queueNames.length;
      return fc
        .record({
          exchanges: fc.array(
            fc.record({
              type: fc.constantFrom('direct', 'fanout', 'topic', 'headers'),
              ae: optional(fc.nat(nx - 1)),
            }),
            { minLength: nx, maxLength: nx },
          ),
          queues: fc.array(
            fc.record({
              type: fc.constantFrom('classic', 'quorum'),
              expiresMs: optional(fc.integer({ min: 1, max: 86_400_000 })),
              messageTtlMs: optional(fc.nat(86_400_000)),
              maxLength: optional(fc.nat(100_000)),
              maxLengthBytes: optional(fc.nat(1 << 30)),
              overflow: fc.constantFrom('drop-head', 'reject-publish', 'reject-publish-dlx'),
              dlx: optional(fc.oneof(fc.constant(-1), fc.nat(nx - 1))),
              deadLetterRoutingKey: optional(key),
              deliveryLimit: fc.integer({ min: -1, max: 100 }),
            }),
            { minLength: queueNames.length, maxLength: queueNames.length },
          ),
          edges: fc.array(
            optional(fc.record({ keys: fc.array(key, { minLength: 1, maxLength: 4 }), args: optional(args) })),
            { minLength: nx * targets, maxLength: nx * targets },
          ),
        })
        .map(({ exchanges, queues, edges }): ScenarioInput => {
          const targetId = (t: number) => (t < nx ? `x${t}` : `q${t - nx}`);
          return {
            format: 'eventscope.scenario',
            version: 1,
            nodes: [
              ...exchanges.map((x, i) => ({
                id: `x${i}`,
                kind: 'rabbitmq.exchange' as const,
                config: {
                  name: exchangeNames[i] as string,
                  type: x.type,
                  ...(x.ae === undefined ? {} : { alternateExchange: `x${x.ae}` }),
                },
              })),
              ...queues.map(({ dlx, ...q }, i) => ({
                id: `q${i}`,
                kind: 'rabbitmq.queue' as const,
                config: {
                  ...Object.fromEntries(Object.entries(q).filter(([, v]) => v !== undefined)),
                  name: queueNames[i] as string,
                  ...(dlx === undefined ? {} : { deadLetterExchange: dlx === -1 ? '' : `x${dlx}` }),
                },
              })),
            ],
            edges: edges.flatMap((edge, k) => {
              if (edge === undefined) return [];
              const source = `x${Math.floor(k / targets)}`;
              const config = { bindingKeys: edge.keys, ...(edge.args ? { arguments: edge.args } : {}) };
              return [{ id: `e${k}`, source, target: targetId(k % targets), config }];
            }),
          };
        });
    });

  it('import(export(s)) has the same exchanges, queues, arguments and bindings as s', () => {
    fc.assert(
      fc.property(scenarioArb, (input) => {
        const parsed = parseScenario(input);
        if (!parsed.ok) throw new Error(formatProblems(parsed.problems));
        expect(rabbitModel(roundTrip(parsed.scenario))).toEqual(rabbitModel(parsed.scenario));
      }),
      { numRuns: 300 },
    );
  });
});
