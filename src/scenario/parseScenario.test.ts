import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { defaultScenario } from './examples/defaultScenario';
import { scenarioJsonSchemaText } from './jsonSchema';
import { formatProblems, parseScenario, parseScenarioText } from './parseScenario';

const base = { format: 'eventscope.scenario', version: 1 };

function problemsOf(doc: unknown): string {
  const result = parseScenario(doc);
  if (result.ok) throw new Error('expected problems');
  return formatProblems(result.problems, 50);
}

describe('parseScenario', () => {
  it('accepts the default scenario and fills in the real defaults', () => {
    const result = parseScenario(defaultScenario);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const group = result.scenario.nodes.find((n) => n.kind === 'kafka.consumerGroup');
    expect(group?.config).toMatchObject({
      enableAutoCommit: true, // enable.auto.commit
      autoCommitIntervalMs: 5000, // auto.commit.interval.ms
      maxPollRecords: 500, // max.poll.records
      heartbeatIntervalMs: 3000, // heartbeat.interval.ms
      initialRebalanceDelayMs: 3000, // group.initial.rebalance.delay.ms
    });
    const minimal = parseScenario({
      ...base,
      nodes: [
        { id: 't', kind: 'kafka.topic' },
        { id: 'g', kind: 'kafka.consumerGroup' },
      ],
    });
    expect(minimal.ok && minimal.scenario.nodes[0]?.config).toEqual({
      partitions: 1, // num.partitions
      cleanupPolicy: 'delete', // cleanup.policy
      retentionMs: 604_800_000, // retention.ms, 7 days
      retentionBytes: -1, // retention.bytes
      segmentBytes: 1_073_741_824, // segment.bytes, 1 GiB
      segmentMs: 604_800_000, // segment.ms, 7 days
      deleteRetentionMs: 86_400_000, // delete.retention.ms, 1 day
      minCleanableDirtyRatio: 0.5, // min.cleanable.dirty.ratio
      minCompactionLagMs: 0, // min.compaction.lag.ms
      retentionCheckIntervalMs: 300_000, // log.retention.check.interval.ms
      cleanerBackoffMs: 15_000, // log.cleaner.backoff.ms
      replicationFactor: 1, // default.replication.factor
      minInsyncReplicas: 1, // min.insync.replicas
      uncleanLeaderElectionEnable: false, // unclean.leader.election.enable
    });
    expect(minimal.ok && minimal.scenario.nodes[1]?.config).toMatchObject({
      sessionTimeoutMs: 45_000, // session.timeout.ms
      maxPollIntervalMs: 300_000, // max.poll.interval.ms
      assignor: 'range', // partition.assignment.strategy [Range, CooperativeSticky] selects Range
    });
    expect(minimal.ok && minimal.scenario.nodes[1]?.config).toMatchObject({ autoOffsetReset: 'latest' });
  });

  it('names the path, what was expected and what was found', () => {
    const text = problemsOf({
      ...base,
      nodes: [
        { id: 'a', kind: 'kafka.topic', config: { partitions: 0 } },
        { id: 'b', kind: 'kafak.topic' },
        { id: 'c', kind: 'producer', config: { parititions: 3 } },
        { id: 'd', kind: 'kafka.consumerGroup', config: { processing: { type: 'weird' } } },
      ],
    });
    expect(text).toContain('at nodes[0].config.partitions: expected a number ≥ 1, got 0');
    expect(text).toContain(
      'at nodes[1].kind: expected one of "producer" | "kafka.topic" | "kafka.consumerGroup" | "kafka.broker" | "rabbitmq.exchange" | "rabbitmq.queue" | "rabbitmq.consumer", got "kafak.topic"',
    );
    expect(text).toContain('at nodes[2].config: unknown field "parititions"');
    expect(text).toContain(
      'at nodes[3].config.processing.type: expected one of "constant" | "exponential" | "uniform" | "lognormal", got "weird"',
    );
  });

  it('checks cross-references: duplicate ids, dangling and incompatible edges', () => {
    const text = problemsOf({
      ...base,
      nodes: [
        { id: 'p', kind: 'producer' },
        { id: 'p', kind: 'kafka.topic' },
        { id: 'g', kind: 'kafka.consumerGroup' },
      ],
      edges: [
        { id: 'e1', source: 'p', target: 'nowhere' },
        { id: 'e2', source: 'g', target: 'p' },
      ],
    });
    expect(text).toContain('at nodes[1].id: duplicate node id "p"');
    expect(text).toContain('at edges[0].target: no node with id "nowhere"');
    expect(text).toContain(
      'at edges[1].target: a kafka.consumerGroup cannot connect to a kafka.topic (it has no outgoing connections)',
    );
  });

  it('checks RabbitMQ references: alternate and dead-letter exchanges, bindings only on exchange edges', () => {
    const text = problemsOf({
      ...base,
      nodes: [
        { id: 'p', kind: 'producer' },
        { id: 'x', kind: 'rabbitmq.exchange', config: { alternateExchange: 'q' } },
        { id: 'q', kind: 'rabbitmq.queue', config: { deadLetterExchange: 'nowhere' } },
        { id: 'c', kind: 'rabbitmq.consumer' },
        { id: 'x2', kind: 'rabbitmq.exchange', config: { type: 'headers' } },
      ],
      edges: [
        { id: 'e1', source: 'p', target: 'x', config: { bindingKeys: ['a'] } },
        { id: 'e2', source: 'x', target: 'q', config: { bindingKeys: ['a.*', 'b.#'] } },
        { id: 'e3', source: 'q', target: 'c' },
        { id: 'e4', source: 'x2', target: 'q', config: { arguments: { 'x-match': 'ANY', format: 'pdf' } } },
      ],
    });
    expect(text).toContain(
      'at nodes[1].config.alternateExchange: expected a rabbitmq.exchange node, got a rabbitmq.queue',
    );
    expect(text).toContain('at nodes[2].config.deadLetterExchange: no exchange node with id "nowhere"');
    expect(text).toContain('at edges[0].config: binding keys and arguments belong on an edge from a rabbitmq.exchange');
    expect(text).not.toContain('edges[1]');
    expect(text).toContain(
      'at edges[3].config.arguments.x-match: RabbitMQ refuses this binding (406 PRECONDITION_FAILED): Invalid x-match field value <<"ANY">>; expected all, any, all-with-x, or any-with-x',
    );
  });

  it('checks that a message failing at named consumers names RabbitMQ consumers', () => {
    const text = problemsOf({
      ...base,
      nodes: [
        {
          id: 'p',
          kind: 'producer',
          config: { traffic: { type: 'scripted', messages: [{ atMs: 0, fails: ['c', 'q', 'nobody'] }] } },
        },
        { id: 'q', kind: 'rabbitmq.queue' },
        { id: 'c', kind: 'rabbitmq.consumer' },
      ],
      edges: [
        { id: 'e1', source: 'p', target: 'q' },
        { id: 'e2', source: 'q', target: 'c' },
      ],
    });
    expect(text).not.toContain('fails[0]');
    expect(text).toContain(
      'at nodes[0].config.traffic.messages[0].fails[1]: expected a rabbitmq.consumer node, got a rabbitmq.queue',
    );
    expect(text).toContain(
      'at nodes[0].config.traffic.messages[0].fails[2]: no rabbitmq.consumer node with id "nobody"',
    );
  });

  it('allows one callback queue per RPC client', () => {
    const text = problemsOf({
      ...base,
      nodes: [
        { id: 'client', kind: 'producer' },
        { id: 'kafka-only', kind: 'producer' },
        { id: 't', kind: 'kafka.topic' },
        { id: 'requests', kind: 'rabbitmq.queue' },
        { id: 'replies', kind: 'rabbitmq.queue' },
        { id: 'replies2', kind: 'rabbitmq.queue' },
      ],
      edges: [
        { id: 'e1', source: 'client', target: 'requests' },
        { id: 'e2', source: 'replies', target: 'client' },
        { id: 'e3', source: 'replies2', target: 'client' },
        { id: 'e4', source: 'kafka-only', target: 't' },
        { id: 'e5', source: 'replies', target: 'kafka-only' },
      ],
    });
    expect(text).not.toContain('edges[1]');
    expect(text).toContain(
      'at edges[2]: producer "client" already takes its replies from another queue (one callback queue per producer)',
    );
    // A client that publishes nothing to RabbitMQ sends no requests: allowed, and nothing happens.
    expect(text).not.toContain('edges[4]');
  });

  it('rejects what is not a scenario with a clear message', () => {
    expect(parseScenarioText('{ nope')).toMatchObject({ ok: false, problems: [{ path: '(file)' }] });
    expect(problemsOf([])).toBe('at (file): expected a JSON object, got a list');
    expect(problemsOf({ format: 'excalidraw' })).toBe('at format: expected "eventscope.scenario", got "excalidraw"');
    expect(problemsOf({ ...base, version: 99, nodes: [] })).toMatch(
      /^at version: this file is format version 99, newer than/,
    );
    expect(problemsOf({ ...base, nodes: 'x' })).toBe('at nodes: expected an array, got "x"');
  });
});

describe('published JSON Schema', () => {
  it('is up to date with the zod schema (run `npm run schema` when this fails)', () => {
    const committed = readFileSync(new URL('../../public/scenario.schema.json', import.meta.url), 'utf8');
    expect(committed).toBe(scenarioJsonSchemaText());
  });
});

describe('shipped scenario files', () => {
  it.each(['checkout-orders.json', 'bench-reference.json'])('scenarios/%s is valid', (name) => {
    const text = readFileSync(new URL(`../../scenarios/${name}`, import.meta.url), 'utf8');
    const result = parseScenarioText(text);
    expect(result.ok ? [] : formatProblems(result.problems)).toEqual([]);
  });
});
