/**
 * Binding arguments from definitions.json as an edge's `config.arguments`. A headers exchange
 * matches on them (`x-match` and the header values); RabbitMQ refuses an `x-match` other than all,
 * any, all-with-x or any-with-x (deps/rabbit/src/rabbit_exchange_type_headers.erl
 * `validate_binding`, rabbitmq/rabbitmq-server @5b09e556). Other exchange types store binding
 * arguments but do not read them.
 */
import { type BindingEntry, describeValue, type ExchangeType, type Problems } from './rabbitDefinitionsRead';

export type HeaderArguments = Record<string, string | number | boolean | null>;

const X_MATCH: readonly string[] = ['all', 'any', 'all-with-x', 'any-with-x'];

/** The binding's arguments as header values, or undefined after a problem. */
export function bindingArguments(
  binding: BindingEntry,
  sourceType: ExchangeType,
  problems: Problems,
  warn: (message: string) => void,
): HeaderArguments | undefined {
  const entries: [string, string | number | boolean | null][] = [];
  for (const [key, value] of Object.entries(binding.arguments)) {
    const path = `bindings[${binding.index}].arguments.${key}`;
    if (value !== null && typeof value === 'object') {
      if (sourceType === 'headers') {
        problems.add(
          path,
          `expected text, a number, true, false or null (Eventscope matches headers on these), got ${describeValue(value)}`,
        );
        return undefined;
      }
      warn(`${path}: ${describeValue(value)} ignored (a ${sourceType} exchange does not read binding arguments)`);
      continue;
    }
    entries.push([key, value]);
  }
  // Object.fromEntries keeps a key such as "__proto__" as a plain field.
  const args: HeaderArguments = Object.fromEntries(entries);
  const match = args['x-match'];
  if (sourceType === 'headers' && match !== undefined && !X_MATCH.includes(String(match))) {
    problems.add(
      `bindings[${binding.index}].arguments.x-match`,
      `expected one of "all" | "any" | "all-with-x" | "any-with-x", got ${describeValue(match)} (RabbitMQ refuses the binding)`,
    );
    return undefined;
  }
  return args;
}

/** JSON with sorted keys: equal arguments compare equal. */
export function canonical(args: Readonly<Record<string, unknown>>): string {
  return JSON.stringify(
    Object.keys(args)
      .sort()
      .map((k) => [k, args[k]]),
  );
}
