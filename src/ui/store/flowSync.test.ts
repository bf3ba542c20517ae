import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../scenario/parseScenario';
import type { Scenario } from '../../scenario/schema';
import { syncFlowEdges } from './flowSync';

function scenario(deadLetterExchange: string | undefined): Scenario {
  const parsed = parseScenario({
    format: 'eventscope.scenario',
    version: 1,
    nodes: [
      { id: 'x', kind: 'rabbitmq.exchange', config: { alternateExchange: 'ae' } },
      { id: 'ae', kind: 'rabbitmq.exchange', config: { type: 'fanout' } },
      { id: 'q', kind: 'rabbitmq.queue', config: deadLetterExchange === undefined ? {} : { deadLetterExchange } },
    ],
    edges: [{ id: 'b', source: 'x', target: 'q', config: { bindingKeys: ['k'] } }],
  });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  return parsed.scenario;
}

describe('derived edges', () => {
  it('draws a queue’s dead-letter exchange and an exchange’s alternate exchange, read-only', () => {
    const edges = syncFlowEdges([], scenario('ae'));
    expect(edges.map((e) => [e.id, e.source, e.target, e.data?.derived])).toEqual([
      ['b', 'x', 'q', undefined],
      ['alternate:x', 'x', 'ae', 'alternate'],
      ['dead-letter:q', 'q', 'ae', 'dead-letter'],
    ]);
    expect(edges[2]).toMatchObject({ selectable: false, deletable: false });
  });

  it('keeps the same objects while nothing changes, and drops the edge with the setting', () => {
    const first = syncFlowEdges([], scenario('ae'));
    const same = scenario('ae');
    same.edges[0] = first[0]!.data!.edge;
    const again = syncFlowEdges(first, same);
    expect(again[1]).toBe(first[1]);
    expect(again[2]).toBe(first[2]);
    expect(syncFlowEdges(first, scenario(undefined)).map((e) => e.id)).toEqual(['b', 'alternate:x']);
  });
});
