/**
 * The RabbitMQ tours quote counts and times; these are the engine's answers for those files. When
 * one fails, the engine changed: fix the tour text in scenarios/presets/rabbitmq-*.json along with
 * the numbers here.
 */
import { describe, expect, it } from 'vitest';
import { createSimulation, type SimReport, type TraceRecord } from '../../engine';
import { parseScenario } from '../parseScenario';
import type { Scenario } from '../schema';
import { PRESETS } from './presets';

function run(id: string, times: number[]) {
  const preset = PRESETS.find((p) => p.id === id)!;
  const parsed = parseScenario(preset.document);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  const trace: TraceRecord[] = [];
  const sim = createSimulation(parsed.scenario, { trace: (r) => trace.push(r) });
  const at: Record<number, SimReport> = {};
  for (const t of times) {
    sim.runUntil(t);
    at[t] = sim.report();
  }
  return { sim, trace, at };
}

describe('the RabbitMQ topics tour', () => {
  const { sim, trace, at } = run('rabbitmq-topics', [600, 1400, 2400, 9250]);
  const routed = (key: string) =>
    trace.find((r) => r.type === 'rabbitmq.message.published' && r.routingKey === key) as
      Extract<TraceRecord, { type: 'rabbitmq.message.published' }> | undefined;

  it('sends quick.orange.rabbit and lazy.orange.elephant to both queues, one copy each', () => {
    expect(routed('quick.orange.rabbit')!.queues).toEqual(['Q1', 'Q2']);
    expect(routed('lazy.orange.elephant')!.queues).toEqual(['Q1', 'Q2']);
    expect(at[600]!.queues!['Q1']!.enqueued).toBe(2);
    expect(at[600]!.queues!['Q2']!.enqueued).toBe(2);
  });

  it('gives lazy.pink.rabbit to Q2 once although both of its bindings match', () => {
    expect(routed('lazy.pink.rabbit')!.queues).toEqual(['Q2']);
    const probe = sim.probeRoute('topic_logs', { routingKey: 'lazy.pink.rabbit' })!;
    expect(probe.exchanges[0]!.bindings.filter((b) => b.matched).map((b) => b.key)).toEqual(['*.*.rabbit', 'lazy.#']);
  });

  it('drops quick.brown.fox, orange and quick.orange.new.rabbit; lazy.orange.new.rabbit reaches Q2', () => {
    for (const key of ['quick.brown.fox', 'orange', 'quick.orange.new.rabbit'])
      expect(routed(key)).toMatchObject({ queues: [], outcome: 'dropped' });
    expect(routed('lazy.orange.new.rabbit')!.queues).toEqual(['Q2']);
    expect(at[2400]!.exchanges!['topic_logs']!.dropped).toBe(3);
  });

  it('after four rounds Q1 took 12, Q2 took 20, and 12 were dropped', () => {
    expect(at[9250]!.queues!['Q1']!.enqueued).toBe(12);
    expect(at[9250]!.queues!['Q2']!.enqueued).toBe(20);
    expect(at[9250]!.exchanges!['topic_logs']!.dropped).toBe(12);
  });
});

describe('the poison message tour', () => {
  const { sim, trace, at } = run('rabbitmq-poison-message', [2900, 3200, 9000]);

  it('payment 12 bounces while payments 13 and 14 wait ready', () => {
    expect(at[2900]!.queues!['payments']).toMatchObject({ ready: 2, unacked: 1, deadLettered: 0 });
  });

  it('is dead-lettered after its 21st delivery (x-delivery-limit 20), and the queue flows again', () => {
    const poison = trace.find((r) => r.type === 'rabbitmq.message.dead-lettered')!;
    expect(poison).toMatchObject({ reason: 'delivery_limit', queues: ['payments.dead'] });
    const deliveries = trace.filter((r) => r.type === 'rabbitmq.message.delivered' && r.msg === poison.msg);
    expect(deliveries).toHaveLength(21);
    expect(at[3200]!.queues!['payments.dead']!.enqueued).toBe(1);
    expect(at[3200]!.queues!['payments']!.ready).toBe(0);
  });

  it('the dead letter carries x-death: queue payments, reason delivery_limit, count 1, the default exchange', () => {
    const dead = sim.inspectQueue('payments.dead')!.ready[0]!;
    expect(sim.inspectRabbitMessage(dead.msgId)!.xDeath).toEqual([
      expect.objectContaining({
        queue: 'payments',
        reason: 'delivery_limit',
        count: 1,
        exchange: '',
        routingKeys: ['payments'],
      }),
    ]);
    expect(at[9000]!.queues!['payments']).toMatchObject({ enqueued: 40, acked: 39, deadLettered: 1 });
  });
});

// ——— The tutorial presets (one to four) and the banking example ———

type Published = Extract<TraceRecord, { type: 'rabbitmq.message.published' }>;
type Delivered = Extract<TraceRecord, { type: 'rabbitmq.message.delivered' }>;

/** A preset as the parser gives it (a fresh copy on each call, free to change). */
function scenarioOf(id: string): Scenario {
  const parsed = parseScenario(PRESETS.find((p) => p.id === id)!.document);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  return parsed.scenario;
}

/** The config of a scenario's RabbitMQ consumer node, or of its producer node. */
function consumerConfig(scenario: Scenario, id: string) {
  const node = scenario.nodes.find((n) => n.id === id);
  if (node?.kind !== 'rabbitmq.consumer') throw new Error(`no RabbitMQ consumer "${id}"`);
  return node.config;
}
function producerConfig(scenario: Scenario, id: string) {
  const node = scenario.nodes.find((n) => n.id === id);
  if (node?.kind !== 'producer') throw new Error(`no producer "${id}"`);
  return node.config;
}

/** A preset changed as the tour's "Try it" says, run to its end (or `untilMs`). */
function variant(id: string, change: (scenario: Scenario) => void, untilMs?: number) {
  const scenario = scenarioOf(id);
  change(scenario);
  const trace: TraceRecord[] = [];
  const sim = createSimulation(scenario, { trace: (r) => trace.push(r) });
  sim.runUntil(untilMs ?? scenario.run.durationMs);
  return { sim, trace };
}

/** `read(report)` after every instant at which something happened, as [time, value]. */
function timeline<T>(
  id: string,
  read: (report: SimReport) => T,
  change: (scenario: Scenario) => void = () => {},
): [number, T][] {
  const scenario = scenarioOf(id);
  change(scenario);
  const sim = createSimulation(scenario);
  const end = scenario.run.durationMs;
  const values: [number, T][] = [];
  while (sim.nextEventMs <= end) {
    sim.runUntil(sim.nextEventMs);
    values.push([sim.timeMs, read(sim.report())]);
  }
  return values;
}

/** A queue's ready count after every instant at which something happened. */
const readyTimeline = (id: string, queue: string, change?: (scenario: Scenario) => void) =>
  timeline(id, (r) => r.queues![queue]!.ready, change);

const published = (trace: TraceRecord[]) =>
  trace.filter((r): r is Published => r.type === 'rabbitmq.message.published');
const delivered = (trace: TraceRecord[]) =>
  trace.filter((r): r is Delivered => r.type === 'rabbitmq.message.delivered');
/** Seconds, to the hundredth, as the tours quote them. */
const s = (ms: number) => Math.round(ms / 10) / 100;

describe('the RabbitMQ hello world tour', () => {
  const { sim, trace, at } = run('rabbitmq-hello-world', [3100, 5400]);
  const scenario = scenarioOf('rabbitmq-hello-world');

  it('send publishes six times, every 500 ms; receive takes 800 ms, one at a time', () => {
    const traffic = producerConfig(scenario, 'send').traffic;
    const script = traffic.type === 'scripted' ? traffic.messages : [];
    expect(script.map((m) => m.atMs)).toEqual([500, 1000, 1500, 2000, 2500, 3000]);
    expect(script.every((m) => m.body === 'Hello World!')).toBe(true);
    expect(consumerConfig(scenario, 'receive')).toMatchObject({
      prefetch: 1,
      processing: { type: 'constant', ms: 800 },
    });
  });

  it('the default exchange routes each message to the queue named by its routing key, hello', () => {
    const sent = published(trace);
    expect(sent).toHaveLength(6);
    for (const r of sent)
      expect(r).toMatchObject({
        exchange: '(default exchange)',
        routingKey: 'hello',
        queues: ['hello'],
        outcome: 'routed',
      });
    expect(sim.inspectRabbitMessage(sent[0]!.msg)!.exchange).toBe('');
    expect(sim.probeRoute('', { routingKey: 'hello' })!.queues).toEqual(['hello']);
  });

  it('at 3.1 s: 6 sent, 3 acknowledged, 1 unacked, 2 ready', () => {
    expect(at[3100]!.queues!['hello']).toMatchObject({ enqueued: 6, acked: 3, unacked: 1, ready: 2 });
  });

  it('a crash of receive puts the message it holds back in hello, redelivered, where it waits', () => {
    const { sim: crashed } = variant('rabbitmq-hello-world', (sc) => {
      sc.actions.push({ type: 'rabbitmq.consumer.crash', consumer: 'receive', atMs: 3100 });
    });
    expect(crashed.report().queues!['hello']).toMatchObject({ ready: 3, unacked: 0, acked: 3 });
    expect(crashed.inspectQueue('hello')!.ready[0]!.redelivered).toBe(true);
  });

  it('acknowledges the sixth message at 5.3 s: 6 enqueued, 6 delivered, 6 acknowledged', () => {
    const acks = trace.filter((r) => r.type === 'rabbitmq.message.acked');
    expect(acks).toHaveLength(6);
    expect(acks.at(-1)!.t).toBe(5300);
    expect(at[5400]!.queues!['hello']).toMatchObject({ ready: 0, unacked: 0, enqueued: 6, delivered: 6, acked: 6 });
  });
});

describe('the RabbitMQ work queues tour', () => {
  const { sim, trace, at } = run('rabbitmq-work-queues', [3000, 15_000, 30_000]);
  const scenario = scenarioOf('rabbitmq-work-queues');
  const publishedAt = new Map(published(trace).map((r) => [r.msg, r.t]));
  const deliveries = delivered(trace);
  const deliveryOf = (publishedMs: number) => deliveries.find((d) => publishedAt.get(d.msg) === publishedMs)!;

  it('a task every 250 ms; two workers, prefetch 1, 400 ms per task on average', () => {
    expect(producerConfig(scenario, 'new_task').traffic).toMatchObject({
      type: 'rate',
      ratePerSec: 4,
      arrivals: 'constant',
    });
    expect(consumerConfig(scenario, 'worker')).toMatchObject({
      consumers: 2,
      prefetch: 1,
      processing: { type: 'exponential', meanMs: 400 },
    });
    expect(publishedAt.get(1)! - publishedAt.get(0)!).toBe(250);
  });

  it('hands the first 12 tasks out in turn; at 3.0 s the new task waits (ready 1) and goes to C2 at 3.06 s', () => {
    expect(deliveries.slice(0, 12).map((d) => d.member)).toEqual(
      Array.from({ length: 12 }, (_, i) => `C${(i % 2) + 1}`),
    );
    expect(at[3000]!.queues!['task_queue']!.ready).toBe(1);
    expect(deliveryOf(3000)).toMatchObject({ member: 'C2' });
    expect(s(deliveryOf(3000).t)).toBe(3.06);
  });

  it('fair dispatch: C2 spends 1.16 s on the task of 9.0 s; the tasks of 9.25 to 10.0 s go to C1', () => {
    const long = deliveryOf(9000);
    expect(long).toMatchObject({ member: 'C2', t: 9000 });
    const ack = trace.find((r) => r.type === 'rabbitmq.message.acked' && r.msg === long.msg)!;
    expect(s(ack.t - long.t)).toBe(1.16);
    expect([9250, 9500, 9750, 10_000].map((t) => deliveryOf(t).member)).toEqual(['C1', 'C1', 'C1', 'C1']);
    // A waiting task stays in task_queue and a free worker takes it at once: whenever a task is
    // ready, every running worker holds one.
    const busy = timeline('rabbitmq-work-queues', (r) => [
      r.queues!['task_queue']!.ready,
      r.queues!['task_queue']!.unacked,
      r.rabbitConsumers!['worker']!.running,
    ]);
    for (const [, [ready, unacked, running]] of busy) if (ready! > 0) expect(unacked).toBe(running);
  });

  it('with prefetch 0: ready stays 0; 20 each of the first 40; back at 15.8 s, C1 idles while C2 holds 11 tasks', () => {
    const change = (sc: Scenario) => {
      consumerConfig(sc, 'worker').prefetch = 0;
    };
    const { sim: p0, trace: t0 } = variant('rabbitmq-work-queues', change, 15_800);
    expect(
      delivered(t0)
        .slice(0, 40)
        .map((d) => d.member),
    ).toEqual(Array.from({ length: 40 }, (_, i) => `C${(i % 2) + 1}`));
    expect(Math.max(...readyTimeline('rabbitmq-work-queues', 'task_queue', change).map(([, r]) => r))).toBe(0);
    const unacked = p0.inspectQueue('task_queue')!.unacked;
    expect(unacked).toHaveLength(11);
    expect(unacked.every((m) => m.consumer === 'worker C2')).toBe(true);
    // From its restart on, C1 has nothing to do while C2 still holds tasks it has not started.
    p0.runUntil(30_000);
    const held: Record<string, number> = { C1: 0, C2: 0 };
    let idle = 0;
    let last = 15_800;
    for (const r of t0) {
      if (r.t > 15_800 && held['C1'] === 0 && held['C2']! >= 2) idle += r.t - last;
      if (r.t > 15_800) last = r.t;
      if (r.type === 'rabbitmq.message.delivered') held[r.member]!++;
      if (r.type === 'rabbitmq.message.acked') held[r.member]!--;
      if (r.type === 'rabbitmq.consumer.crashed') held[r.member] = 0;
    }
    expect(idle).toBeGreaterThan(2000);
  });

  it('C1 crashes at 10.8 s holding the task of 10.5 s; it is redelivered to C2 at 10.86 s', () => {
    expect(scenario.actions).toEqual([
      { type: 'rabbitmq.consumer.crash', consumer: 'worker', member: 'C1', atMs: 10_800, restartAfterMs: 5000 },
    ]);
    expect(trace.find((r) => r.type === 'rabbitmq.consumer.crashed')).toMatchObject({ t: 10_800, member: 'C1' });
    const redelivered = deliveries.filter((d) => d.redelivered);
    expect(redelivered).toHaveLength(1);
    expect(publishedAt.get(redelivered[0]!.msg)).toBe(10_500);
    expect(deliveries.filter((d) => d.msg === redelivered[0]!.msg).map((d) => d.member)).toEqual(['C1', 'C2']);
    expect(redelivered[0]!.member).toBe('C2');
    expect(s(redelivered[0]!.t)).toBe(10.86);
    expect(at[30_000]!.queues!['task_queue']).toMatchObject({ redelivered: 1, deadLettered: 0, dropped: 0 });
  });

  it('with auto-ack nothing is redelivered: the crash loses what C1 held', () => {
    const { sim: noAck } = variant('rabbitmq-work-queues', (sc) => {
      consumerConfig(sc, 'worker').autoAck = true;
    });
    expect(noAck.report().queues!['task_queue']!.redelivered).toBe(0);
    const lost = [...Array(noAck.report().queues!['task_queue']!.enqueued).keys()].filter((id) =>
      noAck.inspectRabbitMessage(id)?.lifecycle.some((l) => l.tone === 'bad'),
    );
    expect(lost.length).toBeGreaterThan(0);
  });

  it('ready is 7 at 15 s; C1 is back at 15.8 s; ready peaks at 13 at 16.75 s and is 0 again before 20 s', () => {
    expect(at[15_000]!.queues!['task_queue']!.ready).toBe(7);
    expect(deliveries.find((d) => d.member === 'C1' && d.t > 10_800)!.t).toBe(15_800);
    const timeline = readyTimeline('rabbitmq-work-queues', 'task_queue');
    const peak = Math.max(...timeline.map(([, r]) => r));
    expect(peak).toBe(13);
    const peakAt = timeline.find(([, r]) => r === peak)![0];
    expect(peakAt).toBe(16_750);
    const emptyAt = timeline.find(([t, r]) => t > peakAt && r === 0)![0];
    expect(emptyAt).toBeGreaterThan(19_000);
    expect(emptyAt).toBeLessThan(20_000);
    expect(sim.report().rabbitConsumers!['worker']!.running).toBe(2);
  });
});

describe('the RabbitMQ publish/subscribe tour', () => {
  const { sim, trace, at } = run('rabbitmq-publish-subscribe', [600, 10_100, 16_000]);
  const scenario = scenarioOf('rabbitmq-publish-subscribe');

  it('emit_log sends a line every 500 ms with an empty routing key; logs copies each to both queues', () => {
    const sent = published(trace);
    expect(sent).toHaveLength(20);
    expect(sent.map((r) => r.t)).toEqual(Array.from({ length: 20 }, (_, i) => 500 * (i + 1)));
    for (const r of sent)
      expect(r).toMatchObject({ exchange: 'logs', routingKey: '', queues: ['logs-to-disk', 'logs-to-screen'] });
    const probe = sim.probeRoute('logs', { routingKey: 'anything at all' })!;
    expect(probe.exchanges[0]!.bindings.map((b) => b.matched)).toEqual([true, true]);
  });

  it('at 0.6 s: logs routed 1, each queue enqueued 1', () => {
    expect(at[600]!.exchanges!['logs']).toMatchObject({ in: 1, routed: 1 });
    expect(at[600]!.queues!['logs-to-disk']!.enqueued).toBe(1);
    expect(at[600]!.queues!['logs-to-screen']!.enqueued).toBe(1);
  });

  it('at 10.1 s disk has acknowledged 20, screen 13 with 7 unacked; screen finishes at 14.5 s', () => {
    const config = (id: string) => consumerConfig(scenario, id);
    expect(config('receive_logs-disk').processing).toEqual({ type: 'constant', ms: 20 });
    expect(config('receive_logs-screen').processing).toEqual({ type: 'constant', ms: 700 });
    expect(config('receive_logs-screen').prefetch).toBe(0);
    expect(at[10_100]!.queues!['logs-to-disk']).toMatchObject({ enqueued: 20, acked: 20 });
    expect(at[10_100]!.queues!['logs-to-screen']).toMatchObject({ enqueued: 20, acked: 13, unacked: 7, ready: 0 });
    const acks = trace.filter((r) => r.type === 'rabbitmq.message.acked' && r.queue === 'logs-to-screen');
    expect(acks).toHaveLength(20);
    expect(acks.at(-1)!.t).toBe(14_500);
  });

  it('with no queue bound, logs drops all 20 lines', () => {
    const { sim: unbound } = variant('rabbitmq-publish-subscribe', (sc) => {
      sc.edges = sc.edges.filter((e) => e.source !== 'logs');
    });
    expect(unbound.report().exchanges!['logs']).toMatchObject({ in: 20, routed: 0, dropped: 20 });
  });
});

describe('the RabbitMQ routing tour', () => {
  const { sim, trace, at } = run('rabbitmq-routing', [1100, 2100, 10_100]);
  const sent = published(trace);
  const queuesOf = (t: number) => sent.find((r) => r.t === t)!.queues;

  it('emit_log_direct sends every 500 ms: info, warning, info, error, over and over', () => {
    expect(sent.map((r) => r.t)).toEqual(Array.from({ length: 20 }, (_, i) => 500 * (i + 1)));
    expect(sent.map((r) => r.routingKey)).toEqual(
      Array.from({ length: 20 }, (_, i) => ['info', 'warning', 'info', 'error'][i % 4]),
    );
    const probe = sim.probeRoute('direct_logs', { routingKey: 'warning' })!;
    expect(probe.exchanges[0]!.bindings.map((b) => `${b.targetNodeId}:${b.key}`)).toEqual([
      'errors-to-disk:error',
      'all-to-screen:info',
      'all-to-screen:warning',
      'all-to-screen:error',
    ]);
  });

  it('info (0.5 s) and warning (1.0 s) reach only all-to-screen', () => {
    expect(queuesOf(500)).toEqual(['all-to-screen']);
    expect(queuesOf(1000)).toEqual(['all-to-screen']);
    expect(at[1100]!.queues!['errors-to-disk']!.enqueued).toBe(0);
    expect(at[1100]!.queues!['all-to-screen']!.enqueued).toBe(2);
  });

  it('error (2.0 s) reaches both queues, one copy each', () => {
    expect(queuesOf(2000)).toEqual(['errors-to-disk', 'all-to-screen']);
    expect(at[2100]!.queues!['errors-to-disk']!.enqueued).toBe(1);
    expect(at[2100]!.queues!['all-to-screen']!.enqueued).toBe(4);
  });

  it('after 20 lines (10 info, 5 warning, 5 error): errors-to-disk 5, all-to-screen 20, none dropped; debug and Error would be dropped', () => {
    const count = (key: string) => sent.filter((r) => r.routingKey === key).length;
    expect([count('info'), count('warning'), count('error')]).toEqual([10, 5, 5]);
    expect(at[10_100]!.queues!['errors-to-disk']!.enqueued).toBe(5);
    expect(at[10_100]!.queues!['all-to-screen']!.enqueued).toBe(20);
    expect(at[10_100]!.exchanges!['direct_logs']).toMatchObject({ in: 20, routed: 20, dropped: 0 });
    expect(sim.probeRoute('direct_logs', { routingKey: 'debug' })!.outcome).toBe('dropped');
    expect(sim.probeRoute('direct_logs', { routingKey: 'Error' })!.outcome).toBe('dropped');
  });
});

describe('the banking tour', () => {
  const { sim, trace, at } = run('rabbitmq-banking', [1100, 4500, 10_000, 15_000, 23_000]);
  const scenario = scenarioOf('rabbitmq-banking');
  const sent = published(trace);

  it('fraud-checks gets every transaction event, ledger-updates the settled ones, notifications accounts and settled', () => {
    const route = (key: string) => [...sim.probeRoute('bank.events', { routingKey: key })!.queues].sort();
    expect(route('account.opened')).toEqual(['notifications']);
    expect(route('transaction.created')).toEqual(['fraud-checks']);
    expect(route('transaction.settled')).toEqual(['fraud-checks', 'ledger-updates', 'notifications']);
  });

  it('every second: one account.opened, two transaction.created, two transaction.settled', () => {
    for (let second = 0; second < 15; second++) {
      const keys = sent.filter((r) => r.t > second * 1000 && r.t <= (second + 1) * 1000).map((r) => r.routingKey);
      expect(keys.sort()).toEqual([
        'account.opened',
        'transaction.created',
        'transaction.created',
        'transaction.settled',
        'transaction.settled',
      ]);
    }
    expect(at[1100]!.queues!['notifications']!.enqueued).toBe(3);
    expect(at[1100]!.queues!['fraud-checks']!.enqueued).toBe(4);
    expect(at[1100]!.queues!['ledger-updates']!.enqueued).toBe(2);
  });

  it('transaction 5009 (4.4 s) is rejected by fraud-service without requeue and dead-lettered to fraud.dead-letters', () => {
    const poison = sent.find((r) => r.t === 4400)!;
    const info = sim.inspectRabbitMessage(poison.msg)!;
    expect(info.body).toBe('transaction 5009: 12,5O0.00 from account 1005');
    expect(info.routingKey).toBe('transaction.created');
    expect(trace.filter((r) => r.type === 'rabbitmq.message.nacked')).toEqual([
      expect.objectContaining({ msg: poison.msg, queue: 'fraud-checks', method: 'basic.reject', requeue: false }),
    ]);
    expect(trace.filter((r) => r.type === 'rabbitmq.message.dead-lettered')).toEqual([
      expect.objectContaining({
        msg: poison.msg,
        queue: 'fraud-checks',
        reason: 'rejected',
        exchange: 'bank.dlx',
        queues: ['fraud.dead-letters'],
      }),
    ]);
    expect(at[4500]!.queues!['fraud.dead-letters']!.ready).toBe(1);
    expect(sim.inspectQueue('fraud.dead-letters')!.ready.map((m) => m.msgId)).toEqual([poison.msg]);
    expect(info.xDeath).toEqual([
      expect.objectContaining({
        queue: 'fraud-checks',
        reason: 'rejected',
        count: 1,
        exchange: 'bank.events',
        routingKeys: ['transaction.created'],
      }),
    ]);
    expect(info.queues.map((q) => q.queueNodeId)).toEqual(['fraud-checks', 'fraud.dead-letters']);
  });

  it('notifications: 3 a second in, 2 a second out (500 ms each, prefetch 1): one more ready each second, 10 at 10 s', () => {
    const config = (id: string) => consumerConfig(scenario, id);
    expect(config('notification-service')).toMatchObject({ prefetch: 1, processing: { type: 'constant', ms: 500 } });
    expect(config('ledger-service').processing).toEqual({ type: 'constant', ms: 100 });
    expect(config('fraud-service').processing).toEqual({ type: 'constant', ms: 50 });
    expect(at[10_000]!.queues!['notifications']).toMatchObject({ ready: 10, unacked: 1 });
    const timeline = readyTimeline('rabbitmq-banking', 'notifications');
    for (let second = 1; second <= 15; second++)
      expect(timeline.filter(([t]) => t <= second * 1000).at(-1)![1]).toBe(second);
    for (const queue of ['ledger-updates', 'fraud-checks'])
      expect(Math.max(...readyTimeline('rabbitmq-banking', queue).map(([, r]) => r))).toBe(0);
  });

  it('15 waiting when core-banking stops at 15 s; the last goes out at 22.7 s; 75 routed: 60, 45 and 30', () => {
    expect(sent.at(-1)!.t).toBe(15_000);
    expect(at[15_000]!.queues!['notifications']!.ready).toBe(15);
    const acks = trace.filter((r) => r.type === 'rabbitmq.message.acked' && r.queue === 'notifications');
    expect(acks.at(-1)!.t).toBe(22_700);
    expect(at[23_000]!.exchanges!['bank.events']).toMatchObject({ in: 75, routed: 75, dropped: 0 });
    expect(at[23_000]!.queues!['fraud-checks']).toMatchObject({ enqueued: 60, acked: 59, deadLettered: 1 });
    expect(at[23_000]!.queues!['notifications']).toMatchObject({ enqueued: 45, acked: 45, ready: 0 });
    expect(at[23_000]!.queues!['ledger-updates']).toMatchObject({ enqueued: 30, acked: 30 });
  });
});

describe('the RPC tour', () => {
  const { trace, at } = run('rabbitmq-rpc', [15_000, 16_000]);
  const replies = trace.filter(
    (r): r is Extract<TraceRecord, { type: 'rabbitmq.rpc.reply' }> => r.type === 'rabbitmq.rpc.reply',
  );
  const replyTo = (id: string) => replies.find((r) => r.correlationId === id)!;
  const request = (id: string) => published(trace).find((r) => r.producer === 'rpc_client' && r.correlationId === id)!;

  it('sends requests to rpc_queue with reply_to rpc_reply and correlation ids rpc_client-1, -2, …', () => {
    expect(request('rpc_client-1')).toMatchObject({ routingKey: 'rpc_queue', replyTo: 'rpc_reply', t: 0 });
    expect(request('rpc_client-2').t).toBe(250);
  });

  it('answers rpc_client-2 and -3 (C2) at 535 and 561 ms, before rpc_client-1 (C1, 796 ms)', () => {
    expect(replies.slice(0, 3).map((r) => [r.correlationId, s(r.t)])).toEqual([
      ['rpc_client-2', 0.54],
      ['rpc_client-3', 0.56],
      ['rpc_client-1', 0.8],
    ]);
    const first = delivered(trace).find((r) => r.msg === request('rpc_client-1').msg)!;
    expect(first.member).toBe('C1');
  });

  it('requeues rpc_client-41 when C1 crashes at 10.1 s; C2 answers it at 10.66 s, 655 ms after the request', () => {
    const msg = request('rpc_client-41').msg;
    expect(request('rpc_client-41').t).toBe(10_000);
    const redelivery = delivered(trace).find((r) => r.msg === msg && r.redelivered)!;
    expect(redelivery).toMatchObject({ t: 10_100, member: 'C2' });
    expect(s(replyTo('rpc_client-41').t)).toBe(10.66);
    expect(Math.round(replyTo('rpc_client-41').roundTripMs!)).toBe(655);
    expect(replies.filter((r) => r.outcome === 'discarded')).toEqual([]);
  });

  it('with one server, 6 requests are ready and 7 wait at 15.0 s; the outage’s longest round trip is rpc_client-56’s 1.69 s', () => {
    expect(at[15_000]!.queues!['rpc_queue']!.ready).toBe(6);
    expect(at[15_000]!.producers['rpc_client']!.rpc!.awaiting).toBe(7);
    const outage = replies.filter((r) => r.t > 10_100 && r.t < 16_000);
    const longest = outage.reduce((a, b) => ((b.roundTripMs ?? 0) > (a.roundTripMs ?? 0) ? b : a));
    expect(longest.correlationId).toBe('rpc_client-56');
    expect(Math.round(longest.roundTripMs! / 10) / 100).toBe(1.69);
    expect(s(longest.t)).toBe(15.44);
    expect(at[16_000]!.queues!['rpc_queue']!.ready).toBe(0);
  });

  it('try it: without replies the waiting count climbs by 4 a second', () => {
    const { sim: silent } = variant(
      'rabbitmq-rpc',
      (sc) => {
        consumerConfig(sc, 'rpc_server').replies = false;
      },
      10_000,
    );
    const rpc = silent.report().producers['rpc_client']!.rpc!;
    expect(rpc).toMatchObject({ replies: 0, awaiting: 41 }); // sent at 0, 0.25, …, 10 s
  });

  it('try it: a second client on the same callback queue takes the other’s replies and discards them', () => {
    const { sim: shared } = variant(
      'rabbitmq-rpc',
      (sc) => {
        const client = sc.nodes.find((n) => n.id === 'rpc_client')!;
        sc.nodes.push({ ...structuredClone(client), id: 'rpc_client_2' });
        sc.edges.push(
          { id: 'e-req-2', source: 'rpc_client_2', target: 'rpc_queue', config: {} },
          { id: 'e-rep-2', source: 'rpc_reply', target: 'rpc_client_2', config: {} },
        );
      },
      10_000,
    );
    const report = shared.report();
    for (const id of ['rpc_client', 'rpc_client_2']) {
      const rpc = report.producers[id]!.rpc!;
      expect(rpc.discarded).toBeGreaterThan(15);
      expect(rpc.replies + rpc.awaiting).toBe(rpc.requests);
    }
  });
});
