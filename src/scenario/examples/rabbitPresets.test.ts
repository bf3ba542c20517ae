/**
 * The RabbitMQ tours quote counts and times; these are the engine's answers for those files. When
 * one fails, the engine changed: fix the tour text in scenarios/presets/rabbitmq-*.json along with
 * the numbers here.
 */
import { describe, expect, it } from 'vitest';
import { createSimulation, type SimReport, type TraceRecord } from '../../engine';
import { parseScenario } from '../parseScenario';
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
