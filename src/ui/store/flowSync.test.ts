import { describe, expect, it } from 'vitest';
import rabbitmqRpc from '../../../scenarios/presets/rabbitmq-rpc.json';
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

function rpcScenario(replies: boolean, viaExchange = false): Scenario {
  const parsed = parseScenario({
    format: 'eventscope.scenario',
    version: 1,
    nodes: [
      { id: 'client', kind: 'producer', config: { traffic: { type: 'rate', ratePerSec: 1, keys: { type: 'null' } } } },
      { id: 'x', kind: 'rabbitmq.exchange', config: { type: 'direct' } },
      { id: 'requests', kind: 'rabbitmq.queue', config: {} },
      { id: 'other', kind: 'rabbitmq.queue', config: {} },
      { id: 'server', kind: 'rabbitmq.consumer', config: { replies } },
      { id: 'bystander', kind: 'rabbitmq.consumer', config: { replies: true } },
      { id: 'callback', kind: 'rabbitmq.queue', config: {} },
    ],
    edges: [
      viaExchange ? { id: 'p', source: 'client', target: 'x' } : { id: 'p', source: 'client', target: 'requests' },
      { id: 'b', source: 'x', target: 'requests', config: { bindingKeys: ['rpc'] } },
      { id: 's', source: 'requests', target: 'server' },
      { id: 'o', source: 'other', target: 'bystander' },
      { id: 'r', source: 'callback', target: 'client' },
    ],
  });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  return parsed.scenario;
}

describe('reply edges', () => {
  it('draws an RPC server’s replies to the callback queue of a client whose requests reach it, read-only', () => {
    for (const viaExchange of [false, true]) {
      const derived = syncFlowEdges([], rpcScenario(true, viaExchange)).filter((e) => e.data?.derived);
      expect(derived.map((e) => [e.id, e.source, e.target, e.data?.derived])).toEqual([
        ['reply:server:callback', 'server', 'callback', 'reply'],
      ]);
      expect(derived[0]).toMatchObject({ selectable: false, deletable: false });
    }
  });

  it('keeps the same object while nothing changes, and has no edge when the server does not reply', () => {
    const first = syncFlowEdges([], rpcScenario(true));
    const again = syncFlowEdges(first, rpcScenario(true));
    expect(again.find((e) => e.id === 'reply:server:callback')).toBe(
      first.find((e) => e.id === 'reply:server:callback'),
    );
    expect(syncFlowEdges(first, rpcScenario(false)).filter((e) => e.data?.derived)).toEqual([]);
  });

  it('draws rpc_server → rpc_reply in the RPC preset', () => {
    const parsed = parseScenario(rabbitmqRpc);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
    expect(
      syncFlowEdges([], parsed.scenario)
        .filter((e) => e.data?.derived)
        .map((e) => e.id),
    ).toEqual(['reply:rpc_server:rpc_reply']);
  });
});
