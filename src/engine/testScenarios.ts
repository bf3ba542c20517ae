/** Small scenario builders shared by the engine's tests. */
import { parseScenario, formatProblems } from '../scenario/parseScenario';
import type { Scenario, ScenarioInput } from '../scenario/schema';

export function scenarioOf(input: Omit<ScenarioInput, 'format' | 'version'>): Scenario {
  const parsed = parseScenario({ format: 'eventscope.scenario', version: 1, ...input });
  if (!parsed.ok) throw new Error(formatProblems(parsed.problems));
  return parsed.scenario;
}

/** producer → topic(partitions) → group(consumers), with config overrides. */
export function pipeline(options: {
  partitions?: number;
  consumers?: number;
  producer?: Record<string, unknown>;
  group?: Record<string, unknown>;
  seed?: number;
}): Scenario {
  return scenarioOf({
    seed: options.seed ?? 1,
    nodes: [
      { id: 'p', kind: 'producer', config: options.producer ?? { traffic: { type: 'rate', ratePerSec: 100 } } },
      { id: 't', kind: 'kafka.topic', config: { partitions: options.partitions ?? 3 } },
      {
        id: 'g',
        kind: 'kafka.consumerGroup',
        config: { consumers: options.consumers ?? 2, autoOffsetReset: 'earliest', ...(options.group ?? {}) },
      },
    ],
    edges: [
      { id: 'e1', source: 'p', target: 't' },
      { id: 'e2', source: 't', target: 'g' },
    ],
  } as Omit<ScenarioInput, 'format' | 'version'>);
}
