/**
 * RabbitMQ end to end through the public engine: the tutorials' routing, competing consumers with
 * prefetch, TTL at the head, length limits with each overflow mode, dead-lettering with x-death,
 * quorum delivery limits (4.3 counting), consumer crashes, RPC with reply_to and correlation ids,
 * and conservation of every message.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  RabbitConsumerConfig,
  type ScenarioAction,
  type ScenarioInput,
  type ScriptedMessage,
} from '../scenario/schema';
import { createSimulation, SnapshotFields, type TraceRecord } from './index';
import { scenarioOf } from './testScenarios';

type Input = Omit<ScenarioInput, 'format' | 'version'>;
type Msg = Partial<ScriptedMessage> & { atMs: number };

const script = (messages: Msg[]) => ({ traffic: { type: 'scripted', messages } });

describe('routing (the tutorials)', () => {
  it('topics: *.orange.* to Q1, *.*.rabbit and lazy.# to Q2, as in RabbitMQ tutorial five', () => {
    const keys = [
      'quick.orange.rabbit',
      'lazy.orange.elephant',
      'quick.orange.fox',
      'lazy.brown.fox',
      'lazy.pink.rabbit',
      'quick.brown.fox',
      'orange',
      'quick.orange.new.rabbit',
      'lazy.orange.new.rabbit',
    ];
    const scenario = scenarioOf({
      nodes: [
        { id: 'p', kind: 'producer', config: script(keys.map((k, i) => ({ atMs: i * 10, key: k }))) },
        { id: 'topic_logs', kind: 'rabbitmq.exchange', config: { type: 'topic' } },
        { id: 'q1', kind: 'rabbitmq.queue' },
        { id: 'q2', kind: 'rabbitmq.queue' },
      ],
      edges: [
        { id: 'e0', source: 'p', target: 'topic_logs' },
        { id: 'e1', source: 'topic_logs', target: 'q1', config: { bindingKeys: ['*.orange.*'] } },
        { id: 'e2', source: 'topic_logs', target: 'q2', config: { bindingKeys: ['*.*.rabbit', 'lazy.#'] } },
      ],
    } as Input);
    const trace: TraceRecord[] = [];
    const sim = createSimulation(scenario, { trace: (r) => trace.push(r) });
    sim.runUntil(1000);
    const routed = Object.fromEntries(
      trace.flatMap((r) => (r.type === 'rabbitmq.message.published' ? [[r.routingKey, r.queues]] : [])),
    );
    expect(routed).toEqual({
      'quick.orange.rabbit': ['q1', 'q2'],
      'lazy.orange.elephant': ['q1', 'q2'],
      'quick.orange.fox': ['q1'],
      'lazy.brown.fox': ['q2'],
      'lazy.pink.rabbit': ['q2'],
      'quick.brown.fox': [],
      orange: [],
      'quick.orange.new.rabbit': [],
      'lazy.orange.new.rabbit': ['q2'],
    });
    // The trace says which bindings matched: both of q2's for lazy.pink.rabbit, one copy enqueued.
    const pink = trace.find((r) => r.type === 'rabbitmq.message.published' && r.routingKey === 'lazy.pink.rabbit');
    expect(pink).toMatchObject({ via: [{ exchange: 'topic_logs', to: 'q2', keys: ['*.*.rabbit', 'lazy.#'] }] });
    const report = sim.report();
    expect(report.queues!['q1']!.enqueued).toBe(3);
    expect(report.queues!['q2']!.enqueued).toBe(5);
    expect(report.exchanges!['topic_logs']).toMatchObject({ in: 9, routed: 6, dropped: 3 });
    // "Where would it go?" agrees, binding by binding.
    const probe = sim.probeRoute('topic_logs', { routingKey: 'lazy.orange.rabbit' })!;
    expect(probe.queues).toEqual(['q1', 'q2']);
    expect(probe.exchanges[0]!.bindings.map((b) => [b.key, b.matched])).toEqual([
      ['*.orange.*', true],
      ['*.*.rabbit', true],
      ['lazy.#', true],
    ]);
    sim.dispose();
  });

  it('a producer connected to a queue publishes through the default exchange by the queue name (hello world)', () => {
    const scenario = scenarioOf({
      nodes: [
        { id: 'p', kind: 'producer', config: script([{ atMs: 0, key: 'whatever' }]) },
        { id: 'hello', kind: 'rabbitmq.queue' },
        { id: 'c', kind: 'rabbitmq.consumer', config: { processing: { type: 'constant', ms: 5 } } },
      ],
      edges: [
        { id: 'e0', source: 'p', target: 'hello' },
        { id: 'e1', source: 'hello', target: 'c' },
      ],
    } as Input);
    const sim = createSimulation(scenario);
    sim.runUntil(100);
    expect(sim.report().queues!['hello']).toMatchObject({ enqueued: 1, delivered: 1, acked: 1, ready: 0 });
    expect(sim.report().totals.consumed).toBe(1);
    // Publish to ack: 5 ms of processing, in the report's percentiles too.
    expect(sim.report().latency).toMatchObject({ count: 1, maxMs: 5 });
    expect(sim.report().latency.p50Ms).toBeCloseTo(5, 1); // the histogram's bucket
    // Nothing left but metric samples: a step runs no model event (and returns).
    expect(sim.step(1)).toBe(0);
    sim.dispose();
  });

  it('an alternate exchange catches what matches nothing; mandatory returns it instead of dropping it', () => {
    const doc = (mandatory: boolean, alternate: boolean) =>
      scenarioOf({
        nodes: [
          {
            id: 'p',
            kind: 'producer',
            config: { ...script([{ atMs: 0, key: 'nowhere' }]), mandatory, confirms: true },
          },
          {
            id: 'x',
            kind: 'rabbitmq.exchange',
            config: { type: 'direct', ...(alternate ? { alternateExchange: 'ae' } : {}) },
          },
          { id: 'ae', kind: 'rabbitmq.exchange', config: { type: 'fanout' } },
          { id: 'q', kind: 'rabbitmq.queue' },
          { id: 'unrouted', kind: 'rabbitmq.queue' },
        ],
        edges: [
          { id: 'e0', source: 'p', target: 'x' },
          { id: 'e1', source: 'x', target: 'q', config: { bindingKeys: ['orders'] } },
          { id: 'e2', source: 'ae', target: 'unrouted' },
        ],
      } as Input);
    const run = (mandatory: boolean, alternate: boolean) => {
      const sim = createSimulation(doc(mandatory, alternate));
      sim.runUntil(10);
      const report = sim.report();
      sim.dispose();
      return report;
    };
    expect(run(false, true).queues!['unrouted']!.enqueued).toBe(1);
    expect(run(false, true).exchanges!['x']).toMatchObject({ toAlternate: 1, routed: 1, dropped: 0 });
    expect(run(true, false).exchanges!['x']).toMatchObject({ returned: 1, dropped: 0 });
    expect(run(true, false).producers['p']!.returned).toBe(1);
    // An unroutable message is still confirmed (basic.ack, after the basic.return): docs/confirms.
    expect(run(true, false).producers['p']!.confirms).toEqual({ acked: 1, nacked: 0 });
    expect(run(false, false).producers['p']!.returned).toBe(0);
    expect(run(false, false).exchanges!['x']).toMatchObject({ returned: 0, dropped: 1 });
  });
});

/** producer → queue → consumer, with queue and consumer settings. */
function work(options: {
  messages?: Msg[];
  rate?: number;
  queue?: Record<string, unknown>;
  consumer?: Record<string, unknown>;
  producer?: Record<string, unknown>;
  dlq?: boolean;
  actions?: ScenarioAction[];
  seed?: number;
}) {
  return scenarioOf({
    seed: options.seed ?? 1,
    nodes: [
      {
        id: 'p',
        kind: 'producer',
        config: {
          ...(options.messages
            ? script(options.messages)
            : { traffic: { type: 'rate', ratePerSec: options.rate ?? 50, keys: { type: 'uniform', count: 10 } } }),
          ...(options.producer ?? {}),
        },
      },
      { id: 'tasks', kind: 'rabbitmq.queue', config: { ...(options.queue ?? {}) } },
      { id: 'workers', kind: 'rabbitmq.consumer', config: { ...(options.consumer ?? {}) } },
      ...(options.dlq
        ? [
            { id: 'dlx', kind: 'rabbitmq.exchange', config: { type: 'fanout' } },
            { id: 'dlq', kind: 'rabbitmq.queue' },
          ]
        : []),
    ],
    edges: [
      { id: 'e0', source: 'p', target: 'tasks' },
      { id: 'e1', source: 'tasks', target: 'workers' },
      ...(options.dlq ? [{ id: 'e2', source: 'dlx', target: 'dlq' }] : []),
    ],
    actions: options.actions ?? [],
  } as Input);
}

describe('consumers', () => {
  it('competing consumers share the queue in turn and never hold more than prefetch unacknowledged', () => {
    const sim = createSimulation(
      work({
        rate: 200,
        consumer: { consumers: 3, prefetch: 2, processing: { type: 'exponential', meanMs: 20 } },
      }),
    );
    for (let t = 100; t <= 20_000; t += 100) {
      sim.runUntil(t);
      const { layout, values } = sim.snapshot();
      for (const m of layout.rabbitConsumers[0]!.members)
        expect(values[m.at + SnapshotFields.RMEMBER_UNACKED]).toBeLessThanOrEqual(2);
    }
    const snap = sim.snapshot();
    const processed = snap.layout.rabbitConsumers[0]!.members.map(
      (m) => snap.values[m.at + SnapshotFields.RMEMBER_PROCESSED]!,
    );
    // 3 × 50/s of capacity for 200/s: the queue backs up and each consumer works all the time.
    for (const n of processed) expect(n).toBeGreaterThan(800);
    expect(sim.report().queues!['tasks']!.ready).toBeGreaterThan(500);
    sim.dispose();
  });

  it('without prefetch (0, the default) the queue pushes everything to the consumer: ready stays 0, unacked grows', () => {
    const sim = createSimulation(work({ rate: 200, consumer: { processing: { type: 'constant', ms: 10 } } }));
    sim.runUntil(10_000);
    const q = sim.report().queues!['tasks']!;
    expect(q.ready).toBe(0);
    expect(q.unacked).toBeGreaterThan(500);
    sim.dispose();
  });

  it('a crashed consumer’s unacknowledged messages go back to the queue, redelivered, to the others', () => {
    const trace: TraceRecord[] = [];
    const sim = createSimulation(
      work({
        rate: 100,
        consumer: { consumers: 2, prefetch: 5, processing: { type: 'constant', ms: 30 } },
        actions: [{ type: 'rabbitmq.consumer.crash', consumer: 'workers', member: 'C1', atMs: 3000 }],
      }),
      { trace: (r) => trace.push(r) },
    );
    sim.runUntil(6000);
    const redelivered = trace.filter((r) => r.type === 'rabbitmq.message.delivered' && r.redelivered);
    expect(redelivered.length).toBeGreaterThanOrEqual(1);
    expect(redelivered.length).toBeLessThanOrEqual(5);
    expect(redelivered.every((r) => r.type === 'rabbitmq.message.delivered' && r.member === 'C2')).toBe(true);
    const q = sim.report().queues!['tasks']!;
    expect(q.redelivered).toBe(redelivered.length);
    sim.dispose();
  });

  it('with no-ack a crash loses what the consumer had been sent', () => {
    const sim = createSimulation(
      work({
        rate: 100,
        consumer: { autoAck: true, processing: { type: 'constant', ms: 20 } },
        actions: [{ type: 'rabbitmq.consumer.crash', consumer: 'workers', atMs: 3000 }],
      }),
    );
    sim.runUntil(3000);
    const before = sim.report();
    // Every delivery was acknowledged at once, processed or not.
    expect(before.queues!['tasks']!.acked).toBe(before.queues!['tasks']!.delivered);
    expect(before.rabbitConsumers!['workers']!.processed).toBeLessThan(before.queues!['tasks']!.acked - 50);
    sim.dispose();
  });
});

describe('TTL, limits and dead-lettering', () => {
  it('a classic queue expires per-message TTL only at its head (FIDELITY 4.4: m1 1000 ms, m2 50 ms)', () => {
    const sim = createSimulation(
      work({
        messages: [
          { atMs: 0, key: 'm1', expirationMs: 1000 },
          { atMs: 0, key: 'm2', expirationMs: 50 },
        ],
        consumer: { consumers: 0 },
      }),
    );
    sim.runUntil(300);
    expect(sim.report().queues!['tasks']).toMatchObject({ ready: 2, expired: 0 });
    sim.runUntil(1000);
    expect(sim.report().queues!['tasks']).toMatchObject({ ready: 0, expired: 2, dropped: 2 });
    sim.dispose();
  });

  const five = [1, 2, 3, 4, 5].map((i) => ({ atMs: i, key: `m${i}` }));
  const depth = (overflow: string, type = 'classic') => {
    const sim = createSimulation(
      work({
        messages: five,
        queue: { maxLength: 2, overflow, deadLetterExchange: 'dlx', type },
        consumer: { consumers: 0 },
        producer: { confirms: true },
        dlq: true,
      }),
    );
    sim.runUntil(100);
    const report = sim.report();
    const kept = sim.inspectQueue('tasks')!.ready.map((m) => m.routingKey);
    sim.dispose();
    const confirms = report.producers['p']!.confirms!;
    return { tasks: report.queues!['tasks']!, dlq: report.queues!['dlq']!, kept, confirms };
  };

  it('x-max-length with drop-head keeps the newest and dead-letters the oldest (reason maxlen)', () => {
    const { tasks, dlq, kept } = depth('drop-head');
    expect(kept).toEqual(['tasks', 'tasks']); // routed by queue name through the default exchange
    expect(tasks).toMatchObject({ ready: 2, deadLettered: 3, refused: 0 });
    expect(dlq.enqueued).toBe(3);
    // Every publish was accepted (dropping old messages is not refusing new ones): all confirmed.
    expect(depth('drop-head').confirms).toEqual({ acked: 5, nacked: 0 });
  });

  it('reject-publish refuses the newest without dead-lettering; reject-publish-dlx refuses and dead-letters it', () => {
    expect(depth('reject-publish')).toMatchObject({
      tasks: { ready: 2, refused: 3, deadLettered: 0 },
      dlq: { enqueued: 0 },
    });
    expect(depth('reject-publish-dlx')).toMatchObject({ tasks: { ready: 2, refused: 3 }, dlq: { enqueued: 3 } });
    // With publisher confirms the producer learns of each refusal: basic.nack (docs/maxlength).
    expect(depth('reject-publish').confirms).toEqual({ acked: 2, nacked: 3 });
    expect(depth('reject-publish-dlx').confirms).toEqual({ acked: 2, nacked: 3 });
    // A quorum queue treats reject-publish-dlx as drop-head (rabbit_quorum_queue overflow/3).
    expect(depth('reject-publish-dlx', 'quorum')).toMatchObject({ tasks: { refused: 0, deadLettered: 3 } });
  });

  it('a poison message in a quorum queue is dead-lettered once basic.reject pushed it past x-delivery-limit', () => {
    const sim = createSimulation(
      work({
        messages: [
          { atMs: 0, key: 'poison', fails: true },
          { atMs: 1, key: 'fine' },
        ],
        queue: { type: 'quorum', deliveryLimit: 2, deadLetterExchange: 'dlx' },
        consumer: { onFailure: 'reject-requeue', processing: { type: 'constant', ms: 10 }, prefetch: 1 },
        dlq: true,
      }),
    );
    sim.runUntil(1000);
    const report = sim.report();
    expect(report.queues!['tasks']).toMatchObject({ delivered: 4, redelivered: 2, deadLettered: 1, acked: 1 });
    expect(report.queues!['dlq']!.enqueued).toBe(1);
    const dead = sim.inspectQueue('dlq')!.ready[0]!;
    const info = sim.inspectRabbitMessage(dead.msgId)!;
    expect(info.xDeath).toEqual([
      expect.objectContaining({
        queue: 'tasks',
        reason: 'delivery_limit',
        count: 1,
        exchange: '',
        routingKeys: ['tasks'],
      }),
    ]);
    sim.dispose();
  });

  it('basic.nack with requeue does not count in 4.3: the same poison message loops and is never dead-lettered', () => {
    const sim = createSimulation(
      work({
        messages: [{ atMs: 0, key: 'poison', fails: true }],
        queue: { type: 'quorum', deliveryLimit: 2, deadLetterExchange: 'dlx' },
        consumer: { onFailure: 'nack-requeue', processing: { type: 'constant', ms: 10 } },
        dlq: true,
      }),
    );
    sim.runUntil(1000);
    expect(sim.report().queues!['tasks']!.delivered).toBeGreaterThan(90);
    expect(sim.report().queues!['tasks']!.deadLettered).toBe(0);
    sim.dispose();
  });

  it('basic.reject without requeue dead-letters at once (reason rejected), and x-death counts repeats per queue and reason', () => {
    const sim = createSimulation(
      work({
        messages: [{ atMs: 0, key: 'poison', fails: true }],
        consumer: { onFailure: 'reject', processing: { type: 'constant', ms: 10 } },
        dlq: true,
        queue: { deadLetterExchange: 'dlx' },
      }),
    );
    sim.runUntil(100);
    const dead = sim.inspectQueue('dlq')!.ready[0]!;
    expect(sim.inspectRabbitMessage(dead.msgId)!.xDeath).toMatchObject([
      { queue: 'tasks', reason: 'rejected', count: 1 },
    ]);
    sim.dispose();
  });
});

describe('a poison message for some services only', () => {
  it('fails where the script says (fails: [consumer ids]) and is processed everywhere else', () => {
    const scenario = scenarioOf({
      nodes: [
        {
          id: 'p',
          kind: 'producer',
          config: script([
            { atMs: 0, key: 'ok' },
            { atMs: 10, key: 'bad-for-fraud', fails: ['fraud'] },
          ]),
        },
        { id: 'events', kind: 'rabbitmq.exchange', config: { type: 'fanout' } },
        { id: 'fraud-q', kind: 'rabbitmq.queue', config: { deadLetterExchange: 'dlx' } },
        { id: 'ledger-q', kind: 'rabbitmq.queue', config: { deadLetterExchange: 'dlx' } },
        { id: 'fraud', kind: 'rabbitmq.consumer', config: { onFailure: 'reject' } },
        { id: 'ledger', kind: 'rabbitmq.consumer', config: { onFailure: 'reject' } },
        { id: 'dlx', kind: 'rabbitmq.exchange', config: { type: 'fanout' } },
        { id: 'dlq', kind: 'rabbitmq.queue' },
      ],
      edges: [
        { id: 'e0', source: 'p', target: 'events' },
        { id: 'e1', source: 'events', target: 'fraud-q' },
        { id: 'e2', source: 'events', target: 'ledger-q' },
        { id: 'e3', source: 'fraud-q', target: 'fraud' },
        { id: 'e4', source: 'ledger-q', target: 'ledger' },
        { id: 'e5', source: 'dlx', target: 'dlq' },
      ],
    } as Input);
    const sim = createSimulation(scenario);
    sim.runUntil(1000);
    const report = sim.report();
    expect(report.queues!['fraud-q']).toMatchObject({ acked: 1, deadLettered: 1 });
    expect(report.queues!['ledger-q']).toMatchObject({ acked: 2, deadLettered: 0 });
    expect(report.queues!['dlq']!.enqueued).toBe(1);
    sim.dispose();
  });
});

describe('queue TTL (x-expires)', () => {
  it('deletes a queue that has had no consumer for x-expires, with its messages; it routes nothing after', () => {
    const trace: TraceRecord[] = [];
    const sim = createSimulation(
      work({
        rate: 20,
        queue: { expiresMs: 5000, deadLetterExchange: 'dlx' },
        consumer: { consumers: 1, processing: { type: 'constant', ms: 5 } },
        dlq: true,
        actions: [{ type: 'rabbitmq.consumer.crash', consumer: 'workers', atMs: 2000 }],
      }),
      { trace: (r) => trace.push(r) },
    );
    sim.runUntil(6999);
    const before = sim.report().queues!['tasks']!;
    expect(before.deleted).toBe(false);
    expect(before.ready).toBeGreaterThan(80); // 5 s of messages with nobody consuming
    sim.runUntil(7001);
    const after = sim.report().queues!['tasks']!;
    expect(after).toMatchObject({ deleted: true, ready: 0 });
    expect(after.dropped).toBe(before.ready);
    // Deleted, not dead-lettered.
    expect(sim.report().queues!['dlq']!.enqueued).toBe(0);
    expect(trace.find((r) => r.type === 'rabbitmq.queue.deleted')).toMatchObject({ t: 7000, queue: 'tasks' });
    sim.runUntil(9000);
    // Its binding to the default exchange went with it: later publishes reach no queue.
    expect(sim.report().queues!['tasks']!.enqueued).toBe(after.enqueued);
    sim.dispose();
  });

  it('a consumer that comes back in time keeps the queue', () => {
    const sim = createSimulation(
      work({
        rate: 20,
        queue: { expiresMs: 5000 },
        consumer: { processing: { type: 'constant', ms: 5 } },
        actions: [{ type: 'rabbitmq.consumer.crash', consumer: 'workers', atMs: 2000, restartAfterMs: 4000 }],
      }),
    );
    sim.runUntil(20_000);
    expect(sim.report().queues!['tasks']).toMatchObject({ deleted: false, ready: 0 });
    sim.dispose();
  });
});

describe('live changes to a consumer node', () => {
  const node = (config: Record<string, unknown>) =>
    ({
      id: 'workers',
      kind: 'rabbitmq.consumer',
      position: { x: 0, y: 0 },
      config: RabbitConsumerConfig.parse(config),
    }) as const;
  const base = { consumers: 1, prefetch: 5, processing: { type: 'constant', ms: 100 } };

  it('more instances subscribe and share the backlog; the layout lists them', () => {
    const trace: TraceRecord[] = [];
    const sim = createSimulation(work({ rate: 30, consumer: base }), { trace: (r) => trace.push(r) });
    sim.runUntil(2000);
    const before = sim.report().queues!['tasks']!.ready;
    expect(before).toBeGreaterThan(20); // 30/s in, 10/s out
    const version = sim.snapshot().layout.version;
    expect(sim.reconfigure(node({ ...base, consumers: 4 }))).toEqual({ applied: true });
    expect(sim.snapshot().layout.version).toBeGreaterThan(version);
    expect(sim.snapshot().layout.rabbitConsumers[0]!.members.map((m) => m.label)).toEqual(['C1', 'C2', 'C3', 'C4']);
    sim.runUntil(6000);
    const report = sim.report();
    expect(report.queues!['tasks']!.ready).toBeLessThan(before);
    const members = new Set(
      trace.flatMap((r) => (r.type === 'rabbitmq.message.acked' && r.t > 2000 ? [r.member] : [])),
    );
    expect([...members].sort()).toEqual(['C1', 'C2', 'C3', 'C4']);
    expect(report.rabbitConsumers!['workers']!.running).toBe(4);
  });

  it('fewer instances: the newest stop, and what they had not acknowledged is redelivered to the others', () => {
    const trace: TraceRecord[] = [];
    const sim = createSimulation(work({ rate: 30, consumer: { ...base, consumers: 2 } }), {
      trace: (r) => trace.push(r),
    });
    sim.runUntil(1000);
    expect(sim.reconfigure(node({ ...base, consumers: 1 }))).toEqual({ applied: true });
    expect(trace.at(-1)).toMatchObject({ type: 'rabbitmq.consumer.stopped', member: 'C2' });
    // C2 held its prefetch of 5: they are back at the head of the queue, marked redelivered.
    const head = sim.inspectQueue('tasks')!.ready.slice(0, 6);
    expect(head.map((m) => m.redelivered)).toEqual([true, true, true, true, true, false]);
    expect(sim.snapshot().layout.rabbitConsumers[0]!.members.map((m) => m.label)).toEqual(['C1']);
    expect(sim.report().rabbitConsumers!['workers']!.running).toBe(1);
    sim.runUntil(3000);
    const q = sim.report().queues!['tasks']!;
    expect(q.enqueued).toBe(q.ready + q.unacked + q.acked + q.deadLettered + q.dropped);
  });

  it('a higher prefetch applies to the next deliveries; no-ack cannot change while subscribed', () => {
    const sim = createSimulation(work({ rate: 30, consumer: { ...base, prefetch: 1 } }));
    sim.runUntil(1000);
    expect(sim.report().queues!['tasks']!.unacked).toBe(1);
    expect(sim.reconfigure(node({ ...base, prefetch: 8 }))).toEqual({ applied: true });
    expect(sim.report().queues!['tasks']!.unacked).toBe(8);
    expect(sim.reconfigure(node({ ...base, prefetch: 8, autoAck: true }))).toMatchObject({ applied: false });
  });
});

describe('conservation', () => {
  it('every message a queue took is ready, unacknowledged, acknowledged, dead-lettered or dropped; prefetch is never exceeded', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('classic', 'quorum'),
        fc.option(fc.integer({ min: 0, max: 30 }), { nil: undefined }),
        fc.constantFrom('drop-head', 'reject-publish', 'reject-publish-dlx'),
        fc.option(fc.integer({ min: 1, max: 2000 }), { nil: undefined }),
        fc.integer({ min: 0, max: 4 }),
        fc.constantFrom('nack-requeue', 'reject-requeue', 'reject'),
        fc.boolean(),
        fc.integer({ min: 0, max: 1000 }),
        (type, maxLength, overflow, ttl, prefetch, onFailure, autoAck, seed) => {
          const sim = createSimulation(
            work({
              seed,
              rate: 120,
              queue: {
                type,
                overflow,
                deadLetterExchange: 'dlx',
                ...(maxLength !== undefined ? { maxLength } : {}),
                ...(ttl !== undefined ? { messageTtlMs: ttl } : {}),
              },
              consumer: {
                consumers: 2,
                prefetch,
                autoAck,
                onFailure,
                failureProbability: 0.2,
                processing: { type: 'exponential', meanMs: 20 },
              },
              dlq: true,
              actions: [{ type: 'rabbitmq.consumer.crash', consumer: 'workers', atMs: 2000, restartAfterMs: 500 }],
            }),
          );
          for (const t of [1000, 2500, 5000]) {
            sim.runUntil(t);
            const report = sim.report();
            for (const q of Object.values(report.queues!))
              expect(q.enqueued).toBe(q.ready + q.unacked + q.acked + q.deadLettered + q.dropped);
            const { layout, values } = sim.snapshot();
            if (prefetch > 0 && !autoAck)
              for (const m of layout.rabbitConsumers[0]!.members)
                expect(values[m.at + SnapshotFields.RMEMBER_UNACKED]).toBeLessThanOrEqual(prefetch);
          }
          sim.dispose();
        },
      ),
      { numRuns: 40 },
    );
  }, 60_000);
});

/** RabbitMQ tutorial six: clients → rpc_queue → servers, replies through each client's callback queue. */
function rpc(options: {
  clients?: number;
  sharedCallbackQueue?: boolean;
  server?: Record<string, unknown>;
  actions?: ScenarioAction[];
  seed?: number;
  rate?: number;
  arrivals?: 'poisson' | 'constant';
}) {
  const clients = Array.from({ length: options.clients ?? 1 }, (_, i) => `client${i + 1}`);
  const callback = (i: number) => (options.sharedCallbackQueue ? 'replies' : `replies${i + 1}`);
  const callbackQueues = [...new Set(clients.map((_, i) => callback(i)))];
  return scenarioOf({
    seed: options.seed ?? 1,
    nodes: [
      ...clients.map((id) => ({
        id,
        kind: 'producer',
        config: {
          traffic: {
            type: 'rate',
            ratePerSec: options.rate ?? 20,
            arrivals: options.arrivals ?? 'poisson',
            keys: { type: 'null' },
          },
        },
      })),
      { id: 'rpc_queue', kind: 'rabbitmq.queue' },
      {
        id: 'server',
        kind: 'rabbitmq.consumer',
        config: { consumers: 2, prefetch: 1, replies: true, ...(options.server ?? {}) },
      },
      ...callbackQueues.map((id) => ({ id, kind: 'rabbitmq.queue' })),
    ],
    edges: [
      ...clients.flatMap((id, i) => [
        { id: `req-${id}`, source: id, target: 'rpc_queue' },
        { id: `rep-${id}`, source: callback(i), target: id },
      ]),
      { id: 'serve', source: 'rpc_queue', target: 'server' },
    ],
    actions: options.actions ?? [],
  } as Input);
}

describe('RPC (tutorial six)', () => {
  it('requests carry reply_to and a correlation_id; the server replies to the default exchange, then acks; the client pairs each reply', () => {
    const trace: TraceRecord[] = [];
    const sim = createSimulation(rpc({}), { trace: (r) => trace.push(r) });
    sim.runUntil(5000);
    const published = trace.filter((r) => r.type === 'rabbitmq.message.published');
    const request = published.find((r) => r.producer === 'client1')!;
    expect(request).toMatchObject({ routingKey: 'rpc_queue', replyTo: 'replies1', correlationId: 'client1-1' });
    const reply = published.find((r) => r.producer === 'server' && r.correlationId === 'client1-1')!;
    expect(reply).toMatchObject({ exchange: '(default exchange)', routingKey: 'replies1', queues: ['replies1'] });
    expect(reply.replyTo).toBeUndefined();
    // The reply is published before the request is acknowledged (on_request: basic_publish, then basic_ack).
    const ack = trace.findIndex((r) => r.type === 'rabbitmq.message.acked' && r.msg === request.msg);
    expect(trace.indexOf(reply)).toBeLessThan(ack);
    const matched = trace.filter((r) => r.type === 'rabbitmq.rpc.reply');
    expect(matched.every((r) => r.outcome === 'matched')).toBe(true);
    const report = sim.report();
    const client = report.producers['client1']!.rpc!;
    expect(client).toMatchObject({ replyQueue: 'replies1', discarded: 0 });
    expect(client.requests).toBe(report.producers['client1']!.sent);
    expect(client.replies + client.awaiting).toBe(client.requests);
    expect(client.replies).toBeGreaterThan(90);
    expect(client.roundTrip.count).toBe(client.replies);
    // Replies are counted at the client, not as consumed messages: consumed = requests processed.
    expect(report.totals.consumed).toBe(report.queues!['rpc_queue']!.acked);
    const { layout, values } = sim.snapshot();
    const entry = layout.producers[0]!;
    expect(entry.replyQueue).toBe('replies1');
    expect(values[entry.at + SnapshotFields.PRODUCER_RPC_REPLIES]).toBe(client.replies);
    expect(values[entry.at + SnapshotFields.PRODUCER_RPC_AWAITING]).toBe(client.awaiting);
    expect(values[entry.at + SnapshotFields.PRODUCER_RPC_P99]).toBe(client.roundTrip.p99Ms);
  });

  it('the round trip is the time in rpc_queue plus the processing: a constant 100 ms server with no queue gives 100 ms', () => {
    const sim = createSimulation(
      rpc({ rate: 5, arrivals: 'constant', server: { consumers: 1, processing: { type: 'constant', ms: 100 } } }),
    );
    sim.runUntil(2000);
    const roundTrip = sim.report().producers['client1']!.rpc!.roundTrip;
    expect(roundTrip.count).toBe(10);
    expect(roundTrip.meanMs).toBe(100);
  });

  it('a consumer without replies answers nothing: every request waits', () => {
    const sim = createSimulation(rpc({ server: { replies: false } }));
    sim.runUntil(2000);
    const client = sim.report().producers['client1']!.rpc!;
    expect(client.replies).toBe(0);
    expect(client.awaiting).toBe(client.requests);
  });

  it('clients sharing one callback queue take each other’s replies and discard them (unknown correlation_id)', () => {
    const trace: TraceRecord[] = [];
    const sim = createSimulation(rpc({ clients: 2, sharedCallbackQueue: true }), { trace: (r) => trace.push(r) });
    sim.runUntil(5000);
    const report = sim.report();
    for (const id of ['client1', 'client2']) {
      const client = report.producers[id]!.rpc!;
      expect(client.discarded).toBeGreaterThan(10);
      expect(client.replies + client.awaiting).toBe(client.requests);
    }
    const discarded = trace.find(
      (r): r is Extract<TraceRecord, { type: 'rabbitmq.rpc.reply' }> =>
        r.type === 'rabbitmq.rpc.reply' && r.outcome === 'discarded',
    )!;
    const life = sim.inspectRabbitMessage(discarded.msg)!.lifecycle.map((l) => l.text);
    expect(life.at(-1)).toMatch(/discarded it: it is not waiting for correlation_id 'client\d-\d+'/);
  });

  it('a request the server failed on and rejected gets no reply; one it crashed on is redelivered and answered once', () => {
    const sim = createSimulation(
      rpc({
        arrivals: 'constant',
        // C1 takes the request of 1000 ms and is still on it at 1020 ms.
        server: { failureProbability: 0.3, onFailure: 'reject', processing: { type: 'constant', ms: 60 } },
        actions: [
          { type: 'rabbitmq.consumer.crash', consumer: 'server', member: 'C1', atMs: 1020, restartAfterMs: 200 },
        ],
      }),
    );
    sim.runUntil(5000);
    const report = sim.report();
    const client = report.producers['client1']!.rpc!;
    const queue = report.queues!['rpc_queue']!;
    expect(queue.redelivered).toBeGreaterThan(0);
    expect(client.discarded).toBe(0);
    // Every acked request was answered once; the rejected ones wait for ever.
    expect(client.replies).toBe(queue.acked - report.queues!['replies1']!.ready);
    expect(client.awaiting).toBe(client.requests - client.replies);
    expect(queue.dropped).toBeGreaterThan(0);
  });

  it('conservation: every request is answered or awaited, every reply matched, discarded or still queued', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 3 }),
        fc.boolean(),
        fc.constantFrom('nack-requeue', 'reject-requeue', 'reject'),
        fc.double({ min: 0, max: 0.4, noNaN: true }),
        fc.integer({ min: 0, max: 1000 }),
        (clients, shared, onFailure, failureProbability, seed) => {
          const sim = createSimulation(
            rpc({
              clients,
              sharedCallbackQueue: shared,
              seed,
              server: { onFailure, failureProbability, processing: { type: 'exponential', meanMs: 40 } },
              actions: [{ type: 'rabbitmq.consumer.crash', consumer: 'server', atMs: 700, restartAfterMs: 300 }],
            }),
          );
          for (const t of [500, 1500, 3000]) {
            sim.runUntil(t);
            const report = sim.report();
            let taken = 0;
            let requests = 0;
            for (let i = 1; i <= clients; i++) {
              const client = report.producers[`client${i}`]!.rpc!;
              expect(client.replies + client.awaiting).toBe(client.requests);
              if (!shared) expect(client.discarded).toBe(0);
              taken += client.replies + client.discarded;
              requests += client.requests;
            }
            const callbacks = Object.entries(report.queues!).filter(([id]) => id.startsWith('replies'));
            const repliesPublished = callbacks.reduce((n, [, q]) => n + q.enqueued, 0);
            expect(repliesPublished).toBe(report.queues!['rpc_queue']!.acked);
            expect(taken + callbacks.reduce((n, [, q]) => n + q.ready, 0)).toBe(repliesPublished);
            expect(report.queues!['rpc_queue']!.enqueued).toBe(requests);
          }
          sim.dispose();
        },
      ),
      { numRuns: 30 },
    );
  }, 60_000);
});
