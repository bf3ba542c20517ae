import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import vectors from '../../../../vectors/rabbit-headers.json';
import { fromAmqplibValue, type HeaderValue, valuesEqual } from './headerValue';
import { explainHeadersMatch, headersMatch, type HeaderTable } from './headersMatch';
import { validateBinding } from './routing';
import type { RabbitMQVersion } from './version';

/** The broker that produced the vectors (Debian 12's rabbitmq-server). */
const MEASURED: RabbitMQVersion = [3, 10, 8];
const MODERN: RabbitMQVersion = [4, 3, 5];

type Row = {
  binding: string;
  message: string;
  delivered: boolean;
  versionDependent?: boolean;
  expectedModern?: boolean;
};

/** The vectors write values as they were passed to amqplib; type them the way amqplib sent them. */
function table(values: unknown): HeaderTable {
  if (typeof values === 'string') return {}; // "(no headers property)"
  return Object.fromEntries(
    Object.entries(values as Record<string, unknown>).map(([key, value]) => {
      const typed = fromAmqplibValue(value);
      if (typed === undefined) throw new Error(`vector value for '${key}' has no model type: ${JSON.stringify(value)}`);
      return [key, typed];
    }),
  );
}

const bindings = new Map(vectors.bindings.map((b) => [b.id, { ...b, args: table(b.args) }]));
const messages = new Map(vectors.messages.map((m) => [m.id, table(m.headers)]));
const rows = vectors.rows as Row[];
const headersExchange = { id: 'vt.headers', type: 'headers' } as const;

function bindingOf(row: Row) {
  const binding = bindings.get(row.binding);
  if (binding === undefined) throw new Error(`unknown binding ${row.binding}`);
  return binding;
}

function headersOf(row: Row): HeaderTable {
  const headers = messages.get(row.message);
  if (headers === undefined) throw new Error(`unknown message ${row.message}`);
  return headers;
}

describe('headersMatch (RabbitMQ headers exchange)', () => {
  it('covers the published vectors', () => {
    expect(rows).toHaveLength(224);
    expect(rows.filter((r) => r.versionDependent)).toHaveLength(4);
  });

  const accepted = rows.filter((row) => bindingOf(row).bindResult === 'ok');
  it.each(accepted.map((row) => [row.binding, row.message, row] as const))(
    'binding %s, message %s: as RabbitMQ 3.10.8 delivered, and as ≥ 3.13 would',
    (_binding, _message, row) => {
      const { args } = bindingOf(row);
      const headers = headersOf(row);
      expect(headersMatch(args, headers, MEASURED)).toBe(row.delivered);
      expect(explainHeadersMatch(args, headers, MEASURED).matched).toBe(row.delivered);
      const modern = row.versionDependent === true ? row.expectedModern : row.delivered;
      expect(headersMatch(args, headers, MODERN)).toBe(modern);
      expect(headersMatch(args, headers)).toBe(modern);
      expect(explainHeadersMatch(args, headers).matched).toBe(modern);
    },
  );

  const refused = rows.filter((row) => bindingOf(row).bindResult !== 'ok');
  it.each(refused.map((row) => [row.binding, row.message, row] as const))(
    'binding %s is refused, so message %s reaches nothing',
    (_binding, _message, row) => {
      const { args, bindResult } = bindingOf(row);
      const refusal = validateBinding(headersExchange, { destination: { kind: 'queue', id: 'q' }, args });
      expect(refusal?.replyCode).toBe(406);
      // amqplib's error text quotes the broker's reply text verbatim.
      expect(bindResult).toContain(`406 (PRECONDITION-FAILED) with message "${refusal?.replyText}"`);
      expect(row.delivered).toBe(false);
    },
  );

  it('refuses an x-match that is not a string, naming its type', () => {
    const refusal = validateBinding(headersExchange, {
      destination: { kind: 'queue', id: 'q' },
      args: { 'x-match': { type: 'double', value: 1 } },
    });
    expect(refusal?.replyText).toBe(
      'PRECONDITION_FAILED - Invalid x-match field type double (value 1.0); expected longstr',
    );
  });

  it('compares a timestamp header in milliseconds from 3.13 on, but not a timestamp argument', () => {
    const stamp: HeaderValue = { type: 'timestamp', value: 5 };
    expect(valuesEqual(stamp, stamp, MEASURED)).toBe(true);
    expect(valuesEqual(stamp, stamp, MODERN)).toBe(false);
    expect(valuesEqual({ type: 'long', value: 5000 }, stamp, MODERN)).toBe(true);
  });

  it('compares integer widths by value in every release, and never a string with a number', () => {
    for (const version of [MEASURED, MODERN]) {
      expect(valuesEqual({ type: 'byte', value: 7 }, { type: 'long', value: 7 }, version)).toBe(true);
      expect(valuesEqual({ type: 'longstr', value: '7' }, { type: 'byte', value: 7 }, version)).toBe(false);
      expect(valuesEqual({ type: 'bool', value: true }, { type: 'byte', value: 1 }, version)).toBe(false);
    }
  });

  it('ignores header keys inherited from Object.prototype', () => {
    const presence: HeaderValue = { type: 'void' };
    expect(headersMatch({ constructor: presence }, {})).toBe(false);
  });

  const key = fc.constantFrom('a', 'b', 'A', 'x-foo', 'x-match');
  const value: fc.Arbitrary<HeaderValue> = fc.oneof(
    fc.record({ type: fc.constantFrom('byte' as const, 'long' as const), value: fc.integer({ min: 0, max: 2 }) }),
    fc.record({ type: fc.constant('double' as const), value: fc.constantFrom(0, 1, 1.5) }),
    fc.record({ type: fc.constant('longstr' as const), value: fc.constantFrom('', '1', 'x') }),
    fc.record({ type: fc.constant('bool' as const), value: fc.boolean() }),
    fc.constant({ type: 'void' as const }),
  );
  const xMatch = fc.constantFrom('all', 'any', 'all-with-x', 'any-with-x');
  const headers = fc.dictionary(key, value);
  const args = fc
    .tuple(fc.option(xMatch, { nil: undefined }), fc.dictionary(key, value))
    .map(([x, rest]): HeaderTable => (x === undefined ? rest : { ...rest, 'x-match': { type: 'longstr', value: x } }));
  const version = fc.constantFrom(MEASURED, MODERN);

  it('explains exactly what it decides', () => {
    fc.assert(
      fc.property(args, headers, version, (a, h, v) => explainHeadersMatch(a, h, v).matched === headersMatch(a, h, v)),
      { numRuns: 2000 },
    );
  });

  it("matches every message with 'all' and none with 'any' when only x- arguments are left", () => {
    fc.assert(
      fc.property(value, headers, version, (v, h, release) => {
        expect(headersMatch({ 'x-match': { type: 'longstr', value: 'all' }, 'x-foo': v }, h, release)).toBe(true);
        expect(headersMatch({ 'x-match': { type: 'longstr', value: 'any' }, 'x-foo': v }, h, release)).toBe(false);
      }),
    );
  });

  it('does not depend on the order of the arguments', () => {
    fc.assert(
      fc.property(args, headers, version, (a, h, v) => {
        const reversed = Object.fromEntries(Object.entries(a).reverse());
        return headersMatch(reversed, h, v) === headersMatch(a, h, v);
      }),
    );
  });
});

describe('explainHeadersMatch', () => {
  const all = (rest: HeaderTable): HeaderTable => ({ 'x-match': { type: 'longstr', value: 'all' }, ...rest });

  it('names the int/float rule that changed in 3.13', () => {
    const args = all({ a: { type: 'double', value: 1 } });
    const headers: HeaderTable = { a: { type: 'byte', value: 1 } };
    expect(explainHeadersMatch(args, headers, MODERN)).toEqual({
      matched: false,
      steps: [
        "x-match is 'all': every compared argument must match.",
        "Header 'a' is 1 (byte), not the binding's 1.0 (double) (since RabbitMQ 3.13 an integer never equals a float).",
        '1 of 1 did not match.',
      ],
    });
    expect(explainHeadersMatch(args, headers, MEASURED).steps[1]).toBe(
      "Header 'a' is 1 (byte), equal to the binding's 1.0 (double) (before RabbitMQ 3.13 an integer equals a float of the same value).",
    );
  });

  it("says why 'any' over only x- arguments matches nothing", () => {
    const args: HeaderTable = {
      'x-match': { type: 'longstr', value: 'any' },
      'x-foo': { type: 'longstr', value: 'bar' },
    };
    expect(explainHeadersMatch(args, { 'x-foo': { type: 'longstr', value: 'bar' } }).steps).toEqual([
      "x-match is 'any': at least one compared argument must match.",
      "'x-foo' is not compared: x-match 'any' ignores arguments starting with 'x-'.",
      "No arguments were compared, and 'any' of nothing is false: no message matches.",
    ]);
  });

  it('points out the default x-match, presence tests, case and strings against numbers', () => {
    const steps = explainHeadersMatch(
      { a: { type: 'void' }, b: { type: 'longstr', value: '1' }, c: { type: 'byte', value: 3 } },
      { A: { type: 'byte', value: 1 }, b: { type: 'byte', value: 1 } },
    ).steps;
    expect(steps).toEqual([
      "x-match is 'all' (the default when x-match is absent): every compared argument must match.",
      "'a' is void in the binding, so only presence counts: the message does not have it.",
      "Header 'b' is 1 (byte), not the binding's '1' (longstr) (a string never equals a number).",
      "The message has no header 'c'; the binding wants 3 (byte).",
      '3 of 3 did not match.',
    ]);
    expect(
      explainHeadersMatch(all({ a: { type: 'byte', value: 1 } }), { A: { type: 'byte', value: 1 } }).steps[1],
    ).toBe("The message has no header 'a' (keys are case-sensitive: it has 'A'); the binding wants 1 (byte).");
  });
});

describe('fromAmqplibValue', () => {
  it('types plain values the way amqplib encodes them', () => {
    expect(fromAmqplibValue(1)).toEqual({ type: 'byte', value: 1 });
    expect(fromAmqplibValue(300)).toEqual({ type: 'short', value: 300 });
    expect(fromAmqplibValue(70_000)).toEqual({ type: 'signedint', value: 70_000 });
    expect(fromAmqplibValue(2 ** 40)).toEqual({ type: 'long', value: 2 ** 40 });
    expect(fromAmqplibValue(1.5)).toEqual({ type: 'double', value: 1.5 });
    expect(fromAmqplibValue('1')).toEqual({ type: 'longstr', value: '1' });
    expect(fromAmqplibValue(true)).toEqual({ type: 'bool', value: true });
    expect(fromAmqplibValue(null)).toEqual({ type: 'void' });
  });

  it("honours amqplib's { '!': type } override and refuses what the model does not represent", () => {
    expect(fromAmqplibValue({ '!': 'double', value: 1 })).toEqual({ type: 'double', value: 1 });
    expect(fromAmqplibValue({ '!': 'int', value: 1 })).toEqual({ type: 'signedint', value: 1 });
    expect(fromAmqplibValue({ '!': 'timestamp', value: 5 })).toEqual({ type: 'timestamp', value: 5 });
    expect(fromAmqplibValue([1, 2])).toBeUndefined();
    expect(fromAmqplibValue({ nested: 1 })).toBeUndefined();
    expect(fromAmqplibValue({ '!': 'decimal', value: { places: 1, digits: 5 } })).toBeUndefined();
  });
});
