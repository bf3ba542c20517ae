/**
 * AMQP 0-9-1 field-table values (message headers, binding arguments) as RabbitMQ decodes them,
 * tagged with their wire type, so that int 1 and double 1.0 stay different values.
 *
 * The tags are RabbitMQ's own names: rabbitmq/rabbitmq-server @5b09e556,
 * deps/rabbit_common/src/rabbit_binary_parser.erl, `parse_table` ($b byte, $B unsignedbyte,
 * $s short, $u unsignedshort, $I signedint, $i unsignedint, $l and $L long, $f float, $d double,
 * $S longstr, $t bool, $T timestamp, $V void).
 *
 * The broker compares the decoded Erlang values, never the tags: every integer type becomes an
 * Erlang integer (so byte 1 equals long 1), float and double become floats, longstr a binary,
 * bool the atoms true/false and void the atom undefined. Whether integer 1 equals float 1.0
 * depends on the release: see `valuesEqual`.
 *
 * Simplified: decimal ($D), byte arrays ($x), nested tables ($F) and arrays ($A) are not modelled;
 * integers are JS safe integers (a long above 2^53 cannot be written).
 */
import { HEADERS_EXACT_COMPARISON_SINCE, isAtLeast, type RabbitMQVersion } from './version';

export type IntegerType = 'byte' | 'unsignedbyte' | 'short' | 'unsignedshort' | 'signedint' | 'unsignedint' | 'long';

export type HeaderValue =
  | { type: IntegerType; value: number }
  // float is 32 bits on the wire: its value is rounded with Math.fround before any comparison.
  | { type: 'float' | 'double'; value: number }
  | { type: 'longstr'; value: string }
  | { type: 'bool'; value: boolean }
  // Seconds since the Unix epoch.
  | { type: 'timestamp'; value: number }
  // AMQP null. As a binding argument it only tests that the header is present.
  | { type: 'void' };

/**
 * Types a JavaScript value the way amqplib encodes it into a field table (amqp-node/amqplib,
 * lib/codec.js, `encodeFieldValue`; the vectors were published with amqplib 2.3.1):
 * an integer becomes the smallest signed type that holds it (byte, short, signedint, long), any
 * other number a double, a string a longstr, a boolean a bool, null void, and
 * `{ '!': 'double' | 'long' | …, value }` forces the named type (amqplib's names: `int` is
 * RabbitMQ's signedint, `int8`…`uint32` and `float64` are aliases).
 *
 * Returns undefined for what this model does not represent (arrays, tables, byte arrays, decimal).
 */
export function fromAmqplibValue(value: unknown): HeaderValue | undefined {
  if (value === null) return { type: 'void' };
  if (typeof value === 'string') return { type: 'longstr', value };
  if (typeof value === 'boolean') return { type: 'bool', value };
  if (typeof value === 'number') return { type: amqplibNumberType(value), value };
  if (typeof value === 'object' && Object.hasOwn(value, '!')) {
    const forced = value as { '!': unknown; value: unknown };
    const type = typeof forced['!'] === 'string' ? AMQPLIB_NUMBER_TYPES.get(forced['!']) : undefined;
    if (type !== undefined && typeof forced.value === 'number') return { type, value: forced.value };
  }
  return undefined;
}

/**
 * amqplib's choice for a plain number (`isFloatingPoint`, then the smallest signed type): a double
 * if it has a fraction below 2^50 (above that doubles barely hold fractions) or is too big for a
 * signed long, else an integer.
 */
function amqplibNumberType(n: number): IntegerType | 'double' {
  if (n >= 2 ** 63 || (Math.abs(n) < 2 ** 50 && Math.floor(n) !== n)) return 'double';
  if (n >= -128 && n < 128) return 'byte';
  if (n >= -0x8000 && n < 0x8000) return 'short';
  if (n >= -0x80000000 && n < 0x80000000) return 'signedint';
  return 'long';
}

/** amqplib's names for the number types it can be told to use, and RabbitMQ's name for each. */
const AMQPLIB_NUMBER_TYPES: ReadonlyMap<string, IntegerType | 'float' | 'double' | 'timestamp'> = new Map([
  ['byte', 'byte'],
  ['int8', 'byte'],
  ['unsignedbyte', 'unsignedbyte'],
  ['uint8', 'unsignedbyte'],
  ['short', 'short'],
  ['int16', 'short'],
  ['unsignedshort', 'unsignedshort'],
  ['uint16', 'unsignedshort'],
  ['int', 'signedint'],
  ['int32', 'signedint'],
  ['unsignedint', 'unsignedint'],
  ['uint32', 'unsignedint'],
  ['long', 'long'],
  ['int64', 'long'],
  ['float', 'float'],
  ['double', 'double'],
  ['float64', 'double'],
  ['timestamp', 'timestamp'],
]);

/** The kind of Erlang term a field value decodes to. */
type TermKind = 'integer' | 'float' | 'binary' | 'boolean' | 'undefined';

function termKind(value: HeaderValue): TermKind {
  switch (value.type) {
    case 'float':
    case 'double':
      return 'float';
    case 'longstr':
      return 'binary';
    case 'bool':
      return 'boolean';
    case 'void':
      return 'undefined';
    default:
      return 'integer'; // every integer type, and timestamp (seconds)
  }
}

function termValue(value: HeaderValue): number | string | boolean | undefined {
  if (value.type === 'void') return undefined;
  return value.type === 'float' ? Math.fround(value.value) : value.value;
}

/**
 * Does the binding argument `bindingValue` equal the message header `headerValue`?
 *
 * - Up to 3.12 the broker compares with Erlang `==`, which compares an integer and a float by
 *   value: 1 == 1.0 (v3.10.8 and v3.12.0, rabbit_exchange_type_headers.erl, `headers_match`).
 * - From 3.13 on it compares with `=:=`: 1 =/= 1.0, while all integer widths still compare equal
 *   (`match`, `match_all`, `match_any`). From 3.13 a `timestamp` message header is also turned into
 *   milliseconds first (mc_amqpl.erl, `routing_value`) but a binding argument is not, so a
 *   timestamp argument no longer equals the same (non-zero) timestamp in a message.
 *
 * Either way a string never equals a number, and void as a header value equals nothing.
 */
export function valuesEqual(bindingValue: HeaderValue, headerValue: HeaderValue, version: RabbitMQVersion): boolean {
  const exact = isAtLeast(version, HEADERS_EXACT_COMPARISON_SINCE);
  const header = exact ? routingValue(headerValue) : headerValue;
  const a = termKind(bindingValue);
  const b = termKind(header);
  const comparable = a === b || (!exact && isNumberKind(a) && isNumberKind(b));
  return comparable && termValue(bindingValue) === termValue(header);
}

/** mc_amqpl.erl `routing_value` (≥ 3.13): a timestamp header takes part in routing in milliseconds. */
function routingValue(headerValue: HeaderValue): HeaderValue {
  return headerValue.type === 'timestamp' ? { type: 'long', value: headerValue.value * 1000 } : headerValue;
}

function isNumberKind(kind: TermKind): boolean {
  return kind === 'integer' || kind === 'float';
}

/** What makes two look-alike values compare as they do, for explanations; '' when nothing does. */
export function comparisonNote(bindingValue: HeaderValue, headerValue: HeaderValue, version: RabbitMQVersion): string {
  const exact = isAtLeast(version, HEADERS_EXACT_COMPARISON_SINCE);
  const a = termKind(bindingValue);
  const b = termKind(headerValue);
  if (exact && headerValue.type === 'timestamp') {
    return ` (since RabbitMQ 3.13 a timestamp header is compared in milliseconds, as ${headerValue.value * 1000})`;
  }
  if (a !== b && isNumberKind(a) && isNumberKind(b) && termValue(bindingValue) === termValue(headerValue)) {
    return exact
      ? ' (since RabbitMQ 3.13 an integer never equals a float)'
      : ' (before RabbitMQ 3.13 an integer equals a float of the same value)';
  }
  if ((a === 'binary' && isNumberKind(b)) || (isNumberKind(a) && b === 'binary'))
    return ' (a string never equals a number)';
  return '';
}

/** For explanations: `1 (byte)`, `1.0 (double)`, `'x' (longstr)`, `true (bool)`, `void`. */
export function describeValue(value: HeaderValue): string {
  switch (value.type) {
    case 'void':
      return 'void';
    case 'longstr':
      return `'${value.value}' (longstr)`;
    case 'float':
    case 'double':
      return `${formatFloat(termValue(value) as number)} (${value.type})`;
    default:
      return `${String(value.value)} (${value.type})`;
  }
}

/**
 * A value as Erlang's `~tp` prints it in broker error messages: `<<"ANY">>`, `1`, `1.0`, `true`,
 * `undefined`. Simplified: control characters in strings are not escaped the way Erlang does.
 */
export function formatErlangTerm(value: HeaderValue): string {
  switch (value.type) {
    case 'void':
      return 'undefined';
    case 'longstr': {
      const escaped = value.value.replace(/["\\]/g, '\\$&');
      const ascii = [...value.value].every((c) => (c.codePointAt(0) ?? 0) < 0x7f);
      return ascii ? `<<"${escaped}">>` : `<<"${escaped}"/utf8>>`;
    }
    case 'float':
    case 'double':
      return formatFloat(termValue(value) as number);
    default:
      return String(value.value);
  }
}

/** Erlang and RabbitMQ print an integral float with its `.0`: 1.0, not 1. */
function formatFloat(n: number): string {
  return Number.isInteger(n) && Math.abs(n) < 1e21 ? n.toFixed(1) : String(n);
}
