/**
 * RabbitMQ's headers exchange: do a message's headers match a binding's arguments?
 * Source: rabbitmq/rabbitmq-server, deps/rabbit/src/rabbit_exchange_type_headers.erl, at
 * @5b09e556 (4.3+; unchanged since v3.13.0): `route`, `match`, `match_x`, `match_all`,
 * `match_any`, `validate_binding`; and at v3.10.8: `headers_match`, the same rules with Erlang `==`.
 *
 * - The `x-match` argument picks the rule: `all` (also when absent), `any`, `all-with-x` or
 *   `any-with-x`. Any other value is refused at bind time (`headersBindingError`).
 * - `x-match` itself is never compared. Other arguments whose key starts with `x-` are compared
 *   only by the `-with-x` rules.
 * - A void argument tests that the header is present; any other argument must equal the header's
 *   value (`valuesEqual`: whether int 1 equals double 1.0 depends on the release).
 * - `all` over zero compared arguments is true, so it matches every message; `any` over zero is
 *   false, so it matches none (FIDELITY.md §7, surprise 6).
 * - Keys are case-sensitive. A message without a headers property matches like an empty table.
 *
 * Pinned by `vectors/rabbit-headers.json` (RabbitMQ 3.10.8; rows marked `versionDependent` also
 * carry the ≥ 3.13 answer).
 */
import { comparisonNote, describeValue, formatErlangTerm, type HeaderValue, valuesEqual } from './headerValue';
import { DEFAULT_RABBITMQ_VERSION, type RabbitMQVersion } from './version';

export type XMatch = 'all' | 'any' | 'all-with-x' | 'any-with-x';

/** Message headers or binding arguments: key → typed value. */
export type HeaderTable = Readonly<Record<string, HeaderValue>>;

const X_MATCH_VALUES: readonly string[] = ['all', 'any', 'all-with-x', 'any-with-x'] satisfies XMatch[];

/** The rule a binding uses, read as `route` reads it: anything but a valid longstr means `all`. */
function xMatchOf(args: HeaderTable): XMatch {
  const value = lookup(args, 'x-match');
  return value?.type === 'longstr' && X_MATCH_VALUES.includes(value.value) ? (value.value as XMatch) : 'all';
}

/**
 * `validate_binding`: why the broker refuses these binding arguments, in its own words, or
 * undefined when they are fine. The broker closes the channel with 406 PRECONDITION_FAILED.
 */
export function headersBindingError(args: HeaderTable): string | undefined {
  const value = lookup(args, 'x-match');
  if (value === undefined) return undefined;
  if (value.type !== 'longstr') {
    return `Invalid x-match field type ${value.type} (value ${formatErlangTerm(value)}); expected longstr`;
  }
  if (X_MATCH_VALUES.includes(value.value)) return undefined;
  return `Invalid x-match field value ${formatErlangTerm(value)}; expected all, any, all-with-x, or any-with-x`;
}

/** True when a message with `headers` is routed through a binding with `args`. */
export function headersMatch(
  args: HeaderTable,
  headers: HeaderTable,
  version: RabbitMQVersion = DEFAULT_RABBITMQ_VERSION,
): boolean {
  const xMatch = xMatchOf(args);
  const needsAll = xMatch === 'all' || xMatch === 'all-with-x';
  for (const [key, expected] of Object.entries(args)) {
    const check = checkArgument(key, expected, headers, xMatch, version);
    if (check === undefined) continue;
    if (needsAll && !passes(check)) return false;
    if (!needsAll && passes(check)) return true;
  }
  return needsAll;
}

export type HeadersMatchExplanation = {
  matched: boolean;
  /** Plain-language steps that answer "why did this binding match / not match?". */
  steps: string[];
};

/** `headersMatch` with its reasons, one step per binding argument. */
export function explainHeadersMatch(
  args: HeaderTable,
  headers: HeaderTable,
  version: RabbitMQVersion = DEFAULT_RABBITMQ_VERSION,
): HeadersMatchExplanation {
  const xMatch = xMatchOf(args);
  const needsAll = xMatch === 'all' || xMatch === 'all-with-x';
  const absent = lookup(args, 'x-match') === undefined ? ' (the default when x-match is absent)' : '';
  const steps = [
    needsAll
      ? `x-match is 'all'${absent}: every compared argument must match.`
      : `x-match is '${xMatch}': at least one compared argument must match.`,
  ];
  if (xMatch.endsWith('-with-x')) steps[0] += " Arguments starting with 'x-' are compared too.";

  let compared = 0;
  let passed = 0;
  for (const [key, expected] of Object.entries(args)) {
    if (key === 'x-match') continue;
    const check = checkArgument(key, expected, headers, xMatch, version);
    if (check === undefined) {
      steps.push(`'${key}' is not compared: x-match '${xMatch}' ignores arguments starting with 'x-'.`);
      continue;
    }
    compared++;
    if (passes(check)) passed++;
    steps.push(describeCheck(key, check, headers, version));
  }

  const matched = needsAll ? passed === compared : passed > 0;
  if (compared === 0) {
    steps.push(
      needsAll
        ? "No arguments were compared, and 'all' of nothing is true: every message matches."
        : "No arguments were compared, and 'any' of nothing is false: no message matches.",
    );
  } else if (needsAll) {
    steps.push(matched ? 'Every compared argument matched.' : `${compared - passed} of ${compared} did not match.`);
  } else {
    steps.push(matched ? `${passed} of ${compared} matched.` : 'None of them matched.');
  }
  return { matched, steps };
}

/** The outcome for one binding argument. */
type ArgumentCheck =
  | { outcome: 'present' | 'absent' } // a void argument: only presence counts
  | { outcome: 'equal' | 'different'; expected: HeaderValue; actual: HeaderValue }
  | { outcome: 'missing'; expected: HeaderValue };

/** `match` / `match_x` for one argument; undefined when the argument is not compared. */
function checkArgument(
  key: string,
  expected: HeaderValue,
  headers: HeaderTable,
  xMatch: XMatch,
  version: RabbitMQVersion,
): ArgumentCheck | undefined {
  if (key === 'x-match') return undefined;
  if (key.startsWith('x-') && !xMatch.endsWith('-with-x')) return undefined;
  const actual = lookup(headers, key);
  if (expected.type === 'void') return { outcome: actual === undefined ? 'absent' : 'present' };
  if (actual === undefined) return { outcome: 'missing', expected };
  return { outcome: valuesEqual(expected, actual, version) ? 'equal' : 'different', expected, actual };
}

function passes(check: ArgumentCheck): boolean {
  return check.outcome === 'present' || check.outcome === 'equal';
}

function describeCheck(key: string, check: ArgumentCheck, headers: HeaderTable, version: RabbitMQVersion): string {
  switch (check.outcome) {
    case 'present':
      return `'${key}' is void in the binding, so only presence counts: the message has it.`;
    case 'absent':
      return `'${key}' is void in the binding, so only presence counts: the message does not have it.`;
    case 'missing': {
      const otherCase = Object.keys(headers).find((k) => k !== key && k.toLowerCase() === key.toLowerCase());
      const note = otherCase === undefined ? '' : ` (keys are case-sensitive: it has '${otherCase}')`;
      return `The message has no header '${key}'${note}; the binding wants ${describeValue(check.expected)}.`;
    }
    case 'equal':
      return `Header '${key}' is ${describeValue(check.actual)}, equal to the binding's ${describeValue(check.expected)}${comparisonNote(check.expected, check.actual, version)}.`;
    case 'different':
      return `Header '${key}' is ${describeValue(check.actual)}, not the binding's ${describeValue(check.expected)}${comparisonNote(check.expected, check.actual, version)}.`;
  }
}

/** An own property only: a header named `constructor` must not find Object.prototype's. */
function lookup(table: HeaderTable, key: string): HeaderValue | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}
