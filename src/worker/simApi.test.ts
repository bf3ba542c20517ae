import { describe, expect, it } from 'vitest';
import { pipeline, scenarioOf } from '../engine/testScenarios';
import type { Scenario, ScenarioInput } from '../scenario/schema';
import type { Frame } from './protocol';
import { createSimApi, type Host } from './simApi';

/** A host whose wall clock and timers the test drives by hand. */
function fakeHost() {
  let wall = 0;
  const timers: { at: number; fn: () => void }[] = [];
  const host: Host & { advance(ms: number): void; closed: boolean } = {
    closed: false,
    now: () => wall,
    later: (fn, ms) => void timers.push({ at: wall + ms, fn }),
    transfer: (frame) => frame,
    close() {
      host.closed = true;
    },
    advance(ms) {
      const end = wall + ms;
      for (;;) {
        timers.sort((a, b) => a.at - b.at);
        const next = timers[0];
        if (!next || next.at > end) break;
        timers.shift();
        wall = next.at;
        next.fn();
      }
      wall = end;
    },
  };
  return host;
}

async function settle() {
  for (let i = 0; i < 5; i++) await Promise.resolve();
}

describe('simulation worker API', () => {
  it('advances virtual time at the chosen speed and posts frames at most ~30 per second', async () => {
    const host = fakeHost();
    const api = createSimApi(host);
    const frames: Frame[] = [];
    api.subscribe((frame) => void frames.push(frame));
    api.load(pipeline({ group: { initialRebalanceDelayMs: 0 } }));
    await settle();
    expect(frames.at(-1)?.layout?.topics[0]?.partitions).toBe(3);
    api.setSpeed(10);
    api.play();
    for (let i = 0; i < 60; i++) {
      host.advance(16);
      await settle();
    }
    const last = frames.at(-1)!;
    expect(last.timeMs).toBeGreaterThan(9000); // ~1 s of wall at 10×
    expect(last.timeMs).toBeLessThan(10_000);
    expect(frames.length).toBeLessThan(45);
    expect(frames.length).toBeGreaterThan(15);
    expect(frames.some((f) => f.samples.length > 0)).toBe(true);
    expect(frames.filter((f) => f.layout).length).toBeLessThan(5); // the layout is sent only when it changes
  });

  it('runs as fast as possible without passing the end of the run', async () => {
    const host = fakeHost();
    const api = createSimApi(host);
    const frames: Frame[] = [];
    api.subscribe((frame) => void frames.push(frame));
    const scenario = pipeline({});
    api.load({ ...scenario, run: { durationMs: 30_000 } });
    api.setSpeed('max');
    api.play();
    for (let i = 0; i < 200 && frames.at(-1)?.timeMs !== 30_000; i++) {
      host.advance(16);
      await settle();
    }
    expect(frames.at(-1)).toMatchObject({ timeMs: 30_000, playing: false });
    expect(frames.at(-1)!.nextEventMs).toBeGreaterThan(30_000);
  });

  it('pauses a run that would hold more records than it may keep, and says why', async () => {
    const host = fakeHost();
    const api = createSimApi(host, 500);
    const frames: Frame[] = [];
    api.subscribe((frame) => void frames.push(frame));
    api.load(pipeline({ producer: { traffic: { type: 'rate', ratePerSec: 1000 } } }));
    api.setSpeed('max');
    api.play();
    for (let i = 0; i < 50 && frames.at(-1)?.notice === undefined; i++) {
      host.advance(16);
      await settle();
    }
    const last = frames.at(-1)!;
    expect(last.playing).toBe(false);
    expect(last.notice).toMatch(/holds 500 records, the most Eventscope keeps in memory/);
    expect(last.timeMs).toBeLessThan(60_000);
  });

  it('steps one event or 100 ms while paused', async () => {
    const api = createSimApi(fakeHost());
    const frames: Frame[] = [];
    api.subscribe((frame) => void frames.push(frame));
    api.load(pipeline({}));
    await settle();
    api.step('100ms');
    await settle();
    expect(frames.at(-1)?.timeMs).toBe(100);
    const events = frames.at(-1)!.events;
    api.step('event');
    await settle();
    expect(frames.at(-1)!.events).toBeGreaterThan(events);
    expect(frames.at(-1)!.playing).toBe(false);
  });

  it('applies a group-size change live but restarts on a topology change', async () => {
    const api = createSimApi(fakeHost());
    const frames: Frame[] = [];
    api.subscribe((frame) => void frames.push(frame));
    const scenario = pipeline({ consumers: 2, group: { initialRebalanceDelayMs: 0 } });
    api.load(scenario);
    api.step('100ms');
    const runId = frames.at(-1)!.runId;
    const group = scenario.nodes[2]!;
    if (group.kind !== 'kafka.consumerGroup') throw new Error('fixture');
    const grown = {
      ...scenario,
      nodes: [scenario.nodes[0]!, scenario.nodes[1]!, { ...group, config: { ...group.config, consumers: 3 } }],
    };
    expect(api.update(grown, 'g')).toEqual({ restarted: false });
    const moved = { ...grown, nodes: grown.nodes.map((n) => ({ ...n, position: { x: 5, y: 5 } })) };
    expect(api.update(moved, 'g')).toEqual({ restarted: false });
    const rewired = { ...moved, edges: [moved.edges[0]!] };
    expect(api.update(rewired, null)).toMatchObject({ restarted: true });
    await settle();
    expect(frames.at(-1)!.runId).toBe(runId + 1);
    expect(frames.at(-1)!.timeMs).toBe(0);
  });

  it('applies a RabbitMQ consumer’s prefetch and size live; a queue argument restarts the run', () => {
    const api = createSimApi(fakeHost());
    const scenario = scenarioOf({
      nodes: [
        { id: 'p', kind: 'producer', config: { traffic: { type: 'rate', ratePerSec: 50 } } },
        { id: 'q', kind: 'rabbitmq.queue' },
        { id: 'c', kind: 'rabbitmq.consumer', config: { prefetch: 1 } },
      ],
      edges: [
        { id: 'e1', source: 'p', target: 'q' },
        { id: 'e2', source: 'q', target: 'c' },
      ],
    });
    api.load(scenario);
    api.step('100ms');
    const withConsumer = (config: Record<string, unknown>) => ({
      ...scenario,
      nodes: scenario.nodes.map((n) =>
        n.kind === 'rabbitmq.consumer' ? { ...n, config: { ...n.config, ...config } } : n,
      ),
    });
    expect(api.update(withConsumer({ prefetch: 10, consumers: 3 }), 'c')).toEqual({ restarted: false });
    expect(api.update(withConsumer({ prefetch: 10, consumers: 3, autoAck: true }), 'c')).toMatchObject({
      restarted: true,
      reason: 'no-ack is chosen when a consumer subscribes (basic.consume)',
    });
    const longer = {
      ...scenario,
      nodes: scenario.nodes.map((n) =>
        n.kind === 'rabbitmq.queue' ? { ...n, config: { ...n.config, messageTtlMs: 100 } } : n,
      ),
    };
    expect(api.update(longer, 'q')).toMatchObject({ restarted: true });
  });

  it('gives the same headless report as the engine for the same seed', () => {
    const api = createSimApi(fakeHost());
    const scenario = pipeline({});
    expect(api.runHeadless(scenario, 7, 5000)).toBe(api.runHeadless(scenario, 7, 5000));
    expect(api.runHeadless(scenario, 7, 5000)).not.toBe(api.runHeadless(scenario, 8, 5000));
  });

  it('applies an action at the current virtual time and records it so the UI update restarts nothing', async () => {
    const host = fakeHost();
    const api = createSimApi(host);
    api.subscribe(() => undefined);
    const scenario = pipeline({ consumers: 2, group: { initialRebalanceDelayMs: 0 } });
    api.load(scenario);
    api.step('100ms');
    api.step('100ms');
    const outcome = api.applyAction({ type: 'kafka.consumer.crash', group: 'g', member: 'C2', atMs: 0 })!;
    expect(outcome).toMatchObject({ ok: true, action: { type: 'kafka.consumer.crash', atMs: 200, member: 'C2' } });
    // The UI parses and stores the same action; sending that scenario back is not a change.
    expect(api.update({ ...scenario, actions: [outcome.action] }, null)).toEqual({ restarted: false });
    // A scenario without it is: the run restarts.
    expect(api.update(scenario, null).restarted).toBe(true);
    await settle();
  });
});

/** producer → topic exchange "x" → q1 (*.orange.*) and q2 (lazy.#) → one consumer each. */
function rabbitPipeline(): Scenario {
  return scenarioOf({
    meta: { title: 'RabbitMQ topic routing' },
    seed: 1,
    run: { durationMs: 10_000 },
    nodes: [
      {
        id: 'p',
        kind: 'producer',
        config: {
          traffic: {
            type: 'scripted',
            messages: [
              { atMs: 0, routingKey: 'quick.orange.rabbit' },
              { atMs: 10, routingKey: 'lazy.orange.elephant' },
              { atMs: 20, routingKey: 'quick.brown.fox' },
            ],
          },
        },
      },
      { id: 'x', kind: 'rabbitmq.exchange', config: { type: 'topic' } },
      { id: 'q1', kind: 'rabbitmq.queue' },
      { id: 'q2', kind: 'rabbitmq.queue' },
      { id: 'c1', kind: 'rabbitmq.consumer' },
      { id: 'c2', kind: 'rabbitmq.consumer' },
    ],
    edges: [
      { id: 'p->x', source: 'p', target: 'x' },
      { id: 'x->q1', source: 'x', target: 'q1', config: { bindingKeys: ['*.orange.*'] } },
      { id: 'x->q2', source: 'x', target: 'q2', config: { bindingKeys: ['lazy.#'] } },
      { id: 'q1->c1', source: 'q1', target: 'c1' },
      { id: 'q2->c2', source: 'q2', target: 'c2' },
    ],
  } as Omit<ScenarioInput, 'format' | 'version'>);
}

describe('simulation worker API: RabbitMQ questions', () => {
  it('answers nothing before a scenario is loaded', () => {
    const api = createSimApi(fakeHost());
    expect(api.probeRoute('x', { routingKey: 'a' })).toBeNull();
    expect(api.inspectQueue('q1')).toBeNull();
    expect(api.inspectRabbitMessage(1)).toBeNull();
  });

  it('forwards "where would it go?", a queue’s contents and a message’s story to the engine', () => {
    const api = createSimApi(fakeHost());
    api.subscribe(() => undefined);
    api.load(rabbitPipeline());
    expect([...(api.probeRoute('x', { routingKey: 'lazy.orange.rabbit' })?.queues ?? [])].sort()).toEqual(['q1', 'q2']);
    expect(api.probeRoute('x', { routingKey: 'quick.brown.fox' })?.outcome).toBe('dropped');
    api.step('100ms');
    expect(api.inspectQueue('q1')).toMatchObject({ nodeId: 'q1', type: 'classic' });
    expect(api.inspectRabbitMessage(0) ?? api.inspectRabbitMessage(1)).toMatchObject({ producer: 'p' });
  });

  it('restarts the run when a binding key changes, and says so', () => {
    const api = createSimApi(fakeHost());
    api.subscribe(() => undefined);
    const scenario = rabbitPipeline();
    api.load(scenario);
    api.step('100ms');
    const rebound = {
      ...scenario,
      edges: scenario.edges.map((e) => (e.id === 'x->q2' ? { ...e, config: { bindingKeys: ['*.*.rabbit'] } } : e)),
    };
    expect(api.update(rebound, null)).toEqual({ restarted: true, reason: 'a binding changed' });
    expect(api.probeRoute('x', { routingKey: 'quick.brown.rabbit' })?.queues).toEqual(['q2']);
  });
});
