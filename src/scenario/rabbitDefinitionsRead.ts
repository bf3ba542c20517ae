/**
 * Reading RabbitMQ's `definitions.json` (what `rabbitmqctl export_definitions`, `GET /api/definitions`
 * and the management UI's "Export definitions" write) into typed records, with a problem for every
 * entry RabbitMQ itself would refuse to import. Mapping them onto a scenario is rabbitDefinitions.ts.
 *
 * Sources (rabbitmq/rabbitmq-server @5b09e556, read for 4.x):
 * - deps/rabbit/src/rabbit_definitions.erl: the categories (`all_definitions`), the fields each entry
 *   is read with (`add_queue_int`, `add_exchange_int`, `add_binding_int`, `add_policy`), `durable`
 *   defaulting to true and `auto_delete` to false, and entries whose name starts with `amq.` skipped.
 * - deps/rabbit/src/rabbit_amqqueue.erl `declare_args`: the value checks of each queue argument
 *   (x-message-ttl, x-max-length… whole numbers ≥ 0; x-overflow one of three; x-dead-letter-routing-key
 *   refused without x-dead-letter-exchange, `routing_key_but_no_dlx_defined`), `augment_declare_args`
 *   (no x-queue-type: the virtual host's `default_queue_type`, else classic).
 * - deps/rabbit/src/rabbit_classic_queue.erl, rabbit_quorum_queue.erl, rabbit_stream_queue.erl
 *   `capabilities()`: which queue arguments each type accepts (another type's argument is refused,
 *   `check_arguments_key`), and which policy keys it does not support.
 * - deps/rabbit/src/rabbit_vhost.erl `declare_default_exchanges`: the exchanges every virtual host has.
 * - Docs: https://www.rabbitmq.com/docs/definitions (format, vhost-scoped exports without `vhost`
 *   fields), https://www.rabbitmq.com/docs/policies, https://www.rabbitmq.com/docs/dlx.
 */
import type { ScenarioProblem } from './parseScenario';

export type QueueType = 'classic' | 'quorum' | 'stream';
export type ExchangeType = 'direct' | 'fanout' | 'topic' | 'headers';
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

/** A queue entry: `queues[index]`. `vhost` is undefined in a vhost-scoped export. */
export type QueueEntry = {
  index: number;
  name: string;
  vhost: string | undefined;
  durable: boolean;
  autoDelete: boolean;
  exclusive: boolean;
  /** The `type` field newer exports carry (RabbitMQ's import reads x-queue-type, not this). */
  type: string | undefined;
  arguments: JsonObject;
};
export type ExchangeEntry = {
  index: number;
  name: string;
  vhost: string | undefined;
  type: string;
  durable: boolean;
  autoDelete: boolean;
  internal: boolean;
  arguments: JsonObject;
};
export type BindingEntry = {
  index: number;
  vhost: string | undefined;
  source: string;
  destination: string;
  destinationType: 'queue' | 'exchange';
  routingKey: string;
  arguments: JsonObject;
};
export type PolicyEntry = {
  index: number;
  vhost: string | undefined;
  name: string;
  pattern: RegExp;
  applyTo: 'all' | 'queues' | 'exchanges' | 'classic_queues' | 'quorum_queues' | 'streams';
  priority: number;
  definition: JsonObject;
};
export type VhostEntry = { name: string; defaultQueueType: string | undefined };

export type DefinitionsEntries = {
  rabbitVersion: string | undefined;
  vhosts: VhostEntry[];
  queues: QueueEntry[];
  exchanges: ExchangeEntry[];
  bindings: BindingEntry[];
  policies: PolicyEntry[];
  /** Entries of the categories Eventscope does not simulate: users, permissions, … */
  ignored: { category: string; count: number }[];
};

/** The exchanges every virtual host has (`declare_default_exchanges`), besides the default one (""). */
export const BUILTIN_EXCHANGES: ReadonlyMap<string, { type: ExchangeType; internal: boolean }> = new Map([
  ['amq.direct', { type: 'direct', internal: false }],
  ['amq.topic', { type: 'topic', internal: false }],
  ['amq.match', { type: 'headers', internal: false }],
  ['amq.headers', { type: 'headers', internal: false }],
  ['amq.fanout', { type: 'fanout', internal: false }],
  ['amq.rabbitmq.trace', { type: 'topic', internal: true }],
]);

/** Queue arguments each queue type accepts (`capabilities()` → `queue_arguments`). */
export const QUEUE_ARGUMENTS: Readonly<Record<QueueType, readonly string[]>> = {
  classic: [
    'x-expires',
    'x-message-ttl',
    'x-dead-letter-exchange',
    'x-dead-letter-routing-key',
    'x-max-length',
    'x-max-length-bytes',
    'x-max-priority',
    'x-overflow',
    'x-queue-mode',
    'x-queue-version',
    'x-single-active-consumer',
    'x-queue-type',
    'x-queue-master-locator',
    'x-queue-leader-locator',
  ],
  quorum: [
    'x-dead-letter-exchange',
    'x-dead-letter-routing-key',
    'x-dead-letter-strategy',
    'x-expires',
    'x-max-length',
    'x-max-length-bytes',
    'x-max-in-memory-length',
    'x-max-in-memory-bytes',
    'x-overflow',
    'x-single-active-consumer',
    'x-queue-type',
    'x-quorum-initial-group-size',
    'x-member-placement-tag',
    'x-delivery-limit',
    'x-message-ttl',
    'x-queue-leader-locator',
    'x-consumer-disconnected-timeout',
    'x-consumer-timeout',
    'x-delayed-retry-type',
    'x-delayed-retry-min',
    'x-delayed-retry-max',
  ],
  stream: [
    'x-max-length-bytes',
    'x-queue-type',
    'x-max-age',
    'x-stream-max-segment-size-bytes',
    'x-stream-filter-size-bytes',
    'x-initial-cluster-size',
    'x-queue-leader-locator',
  ],
};

/** Policy keys a queue type does not support: a policy setting any of them does not apply to it. */
export const UNSUPPORTED_POLICY_KEYS: Readonly<Record<'classic' | 'quorum', readonly string[]>> = {
  classic: [
    'max-age',
    'stream-max-segment-size-bytes',
    'initial-cluster-size',
    'delivery-limit',
    'dead-letter-strategy',
    'max-in-memory-length',
    'max-in-memory-bytes',
    'target-group-size',
    'selector-fields',
    'selector-field-max-bytes',
  ],
  quorum: [
    'max-priority',
    'queue-mode',
    'ha-mode',
    'ha-params',
    'ha-sync-mode',
    'ha-promote-on-shutdown',
    'ha-promote-on-failure',
    'queue-master-locator',
    'max-age',
    'stream-max-segment-size-bytes',
    'initial-cluster-size',
    'selector-fields',
    'selector-field-max-bytes',
  ],
};

const EXCHANGE_TYPES: readonly string[] = ['direct', 'fanout', 'topic', 'headers'];
const APPLY_TO: readonly string[] = ['all', 'queues', 'exchanges', 'classic_queues', 'quorum_queues', 'streams'];

/** Collects problems; every message says where, what was expected and what was found. */
export class Problems {
  readonly list: ScenarioProblem[] = [];
  add(path: string, message: string): void {
    this.list.push({ path, message });
  }
}

/** `"orders"`, `42`, `an object`, `a list`, `nothing`: what was found, as the messages say it. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object' && value !== null) return 'an object';
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function isWholeNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value);
}

/** Reads the whole document; `problems` gets one line per entry RabbitMQ would refuse. */
export function readDefinitions(doc: JsonObject, problems: Problems): DefinitionsEntries {
  const version = doc['rabbitmq_version'] ?? doc['rabbit_version'];
  const ignored: { category: string; count: number }[] = [];
  for (const category of ['users', 'permissions', 'topic_permissions', 'parameters']) {
    const count = Array.isArray(doc[category]) ? doc[category].length : 0;
    if (count > 0) ignored.push({ category, count });
  }
  return {
    rabbitVersion: typeof version === 'string' ? version : undefined,
    vhosts: entries(doc, 'vhosts', problems).flatMap(([entry, path]) => {
      const name = text(entry, 'name', path, problems);
      if (name === undefined) return [];
      const metadata = isObject(entry['metadata']) ? entry['metadata'] : {};
      const dqt = entry['default_queue_type'] ?? metadata['default_queue_type'];
      return [{ name, defaultQueueType: typeof dqt === 'string' && dqt !== 'undefined' && dqt ? dqt : undefined }];
    }),
    queues: entries(doc, 'queues', problems).flatMap(([entry, path], index) => {
      const name = text(entry, 'name', path, problems);
      const args = table(entry, 'arguments', path, problems);
      const type = entry['type'];
      if (name === undefined || args === undefined) return [];
      return [
        {
          index,
          name,
          vhost: optionalText(entry, 'vhost', path, problems),
          durable: flag(entry, 'durable', true, path, problems),
          autoDelete: flag(entry, 'auto_delete', false, path, problems),
          exclusive: flag(entry, 'exclusive', false, path, problems),
          type: typeof type === 'string' ? type : undefined,
          arguments: args,
        },
      ];
    }),
    exchanges: entries(doc, 'exchanges', problems).flatMap(([entry, path], index) => {
      const name = text(entry, 'name', path, problems, true);
      const type = text(entry, 'type', path, problems);
      const args = table(entry, 'arguments', path, problems);
      if (name === undefined || type === undefined || args === undefined) return [];
      if (!EXCHANGE_TYPES.includes(type)) {
        problems.add(
          `${path}.type`,
          `expected one of "direct" | "fanout" | "topic" | "headers", got ${describeValue(type)} (Eventscope simulates RabbitMQ's four built-in exchange types, not plugin ones)`,
        );
        return [];
      }
      return [
        {
          index,
          name,
          vhost: optionalText(entry, 'vhost', path, problems),
          type,
          durable: flag(entry, 'durable', true, path, problems),
          autoDelete: flag(entry, 'auto_delete', false, path, problems),
          internal: flag(entry, 'internal', false, path, problems),
          arguments: args,
        },
      ];
    }),
    bindings: entries(doc, 'bindings', problems).flatMap(([entry, path], index) => {
      const source = text(entry, 'source', path, problems, true);
      const destination = text(entry, 'destination', path, problems, true);
      const destinationType = text(entry, 'destination_type', path, problems);
      const routingKey = text(entry, 'routing_key', path, problems, true);
      const args = table(entry, 'arguments', path, problems);
      if (destinationType !== undefined && destinationType !== 'queue' && destinationType !== 'exchange') {
        problems.add(
          `${path}.destination_type`,
          `expected "queue" or "exchange", got ${describeValue(destinationType)}`,
        );
        return [];
      }
      if (routingKey !== undefined && routingKey.length > 255) {
        problems.add(`${path}.routing_key`, `expected at most 255 characters, got ${routingKey.length}`);
        return [];
      }
      if ([source, destination, destinationType, routingKey, args].includes(undefined)) return [];
      return [
        {
          index,
          vhost: optionalText(entry, 'vhost', path, problems),
          source: source as string,
          destination: destination as string,
          destinationType: destinationType as 'queue' | 'exchange',
          routingKey: routingKey as string,
          arguments: args as JsonObject,
        },
      ];
    }),
    policies: entries(doc, 'policies', problems).flatMap(([entry, path], index) => {
      const name = text(entry, 'name', path, problems);
      const patternText = text(entry, 'pattern', path, problems, true);
      const definition = entry['definition'];
      const applyTo = entry['apply-to'] ?? 'all';
      const priority = entry['priority'] ?? 0;
      let ok = name !== undefined && patternText !== undefined;
      if (!isObject(definition)) {
        problems.add(`${path}.definition`, `expected an object of policy keys, got ${describeValue(definition)}`);
        ok = false;
      }
      if (typeof applyTo !== 'string' || !APPLY_TO.includes(applyTo)) {
        problems.add(
          `${path}.apply-to`,
          `expected one of ${APPLY_TO.map((a) => `"${a}"`).join(' | ')}, got ${describeValue(applyTo)}`,
        );
        ok = false;
      }
      if (typeof priority !== 'number' || !Number.isFinite(priority)) {
        problems.add(`${path}.priority`, `expected a number, got ${describeValue(priority)}`);
        ok = false;
      }
      let pattern: RegExp | undefined;
      try {
        if (patternText !== undefined) pattern = new RegExp(patternText);
      } catch (error) {
        const detail = error instanceof Error ? error.message : String(error);
        problems.add(`${path}.pattern`, `expected a regular expression, got ${describeValue(patternText)}: ${detail}`);
        ok = false;
      }
      if (!ok || pattern === undefined) return [];
      return [
        {
          index,
          vhost: optionalText(entry, 'vhost', path, problems),
          name: name as string,
          pattern,
          applyTo: applyTo as PolicyEntry['applyTo'],
          priority: priority as number,
          definition: definition as JsonObject,
        },
      ];
    }),
    ignored,
  };
}

/** The entries of one category with their paths; a missing category is empty. */
function entries(doc: JsonObject, category: string, problems: Problems): [JsonObject, string][] {
  const list = doc[category];
  if (list === undefined || list === null) return [];
  if (!Array.isArray(list)) {
    problems.add(category, `expected a list, got ${describeValue(list)}`);
    return [];
  }
  return list.flatMap((entry, i): [JsonObject, string][] => {
    const path = `${category}[${i}]`;
    if (isObject(entry)) return [[entry, path]];
    problems.add(path, `expected an object, got ${describeValue(entry)}`);
    return [];
  });
}

function text(
  entry: JsonObject,
  key: string,
  path: string,
  problems: Problems,
  allowEmpty = false,
): string | undefined {
  const value = entry[key];
  if (typeof value === 'string' && (allowEmpty || value !== '')) return value;
  problems.add(
    `${path}.${key}`,
    value === undefined
      ? `required: expected text, but it is missing`
      : `expected ${allowEmpty ? 'text' : 'non-empty text'}, got ${describeValue(value)}`,
  );
  return undefined;
}

function optionalText(entry: JsonObject, key: string, path: string, problems: Problems): string | undefined {
  return entry[key] === undefined ? undefined : text(entry, key, path, problems, true);
}

function flag(entry: JsonObject, key: string, fallback: boolean, path: string, problems: Problems): boolean {
  const value = entry[key];
  if (value === undefined) return fallback;
  if (typeof value === 'boolean') return value;
  problems.add(`${path}.${key}`, `expected true or false, got ${describeValue(value)}`);
  return fallback;
}

/** `arguments`: an object (RabbitMQ's `args/1` also takes a missing one or `[]` as empty). */
function table(entry: JsonObject, key: string, path: string, problems: Problems): JsonObject | undefined {
  const value = entry[key];
  if (value === undefined || value === null || (Array.isArray(value) && value.length === 0)) return {};
  if (isObject(value)) return value;
  problems.add(`${path}.${key}`, `expected an object, got ${describeValue(value)}`);
  return undefined;
}
