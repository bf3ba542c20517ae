import { describe, expect, it } from 'vitest';
import { isRabbitMove } from './actions/rabbitMove';
import { queueCells } from './canvas/nodes/queueCells';
import { parseHeaders } from './inspector/parseHeaders';

describe('RabbitMQ view helpers', () => {
  it('draws a queue exactly up to 16 messages, then in proportion with a cell for each kind present', () => {
    expect(queueCells(3, 2)).toEqual({ ready: 3, unacked: 2 });
    expect(queueCells(90, 10)).toEqual({ ready: 14, unacked: 2 });
    expect(queueCells(1000, 1)).toEqual({ ready: 15, unacked: 1 });
    expect(queueCells(1, 1000)).toEqual({ ready: 1, unacked: 15 });
    expect(queueCells(0, 40)).toEqual({ ready: 0, unacked: 16 });
  });

  it('reads headers typed as JSON and says what is wrong', () => {
    expect(parseHeaders('')).toEqual({});
    expect(parseHeaders('{"format":"pdf","n":1,"ok":true,"x":null}')).toEqual({
      headers: { format: 'pdf', n: 1, ok: true, x: null },
    });
    expect(parseHeaders('[1]').error).toMatch(/expected an object/);
    expect(parseHeaders('{"a":{"b":1}}').error).toBe('at a: expected a string, number, boolean or null, got object');
    expect(parseHeaders('{').error).toMatch(/^not valid JSON/);
  });

  it('tells RabbitMQ moves from Kafka ones by their kind and the nodes they join', () => {
    const kinds: Record<string, string> = {
      t: 'kafka.topic',
      g: 'kafka.consumerGroup',
      q: 'rabbitmq.queue',
      c: 'rabbitmq.consumer',
    };
    const kindOf = (id: string) => kinds[id] as never;
    expect(isRabbitMove({ kind: 'routed', from: 'p', to: 'x' }, kindOf)).toBe(true);
    expect(isRabbitMove({ kind: 'delivered', from: 'q', to: 'c' }, kindOf)).toBe(true);
    expect(isRabbitMove({ kind: 'delivered', from: 't', to: 'g' }, kindOf)).toBe(false);
    expect(isRabbitMove({ kind: 'appended', from: 'p', to: 't' }, kindOf)).toBe(false);
  });
});
