/**
 * RabbitMQ's own `definitions.json` ⇄ Eventscope scenarios. Import turns one virtual host's
 * exchanges, queues, bindings and the policies that shape them into `rabbitmq.exchange` and
 * `rabbitmq.queue` nodes and binding edges; export (rabbitDefinitionsExport.ts) writes a scenario's
 * RabbitMQ part back in the same format. What maps and what is ignored: docs/scenario-format.md,
 * "RabbitMQ definitions.json".
 *
 * Sources (rabbitmq/rabbitmq-server @5b09e556, RabbitMQ 4.x): deps/rabbit/src/rabbit_definitions.erl
 * (format, import rules), rabbit_policy.erl (matching), rabbit_amqqueue.erl (argument checks),
 * rabbit_quorum_queue.erl `overflow/3` (reject-publish-dlx is not supported: drop-head),
 * rabbit_vhost.erl (built-in exchanges); https://www.rabbitmq.com/docs/definitions. The parts:
 * rabbitDefinitionsRead.ts (reading and checking entries), rabbitPolicies.ts (which policy applies,
 * and how it combines with arguments), rabbitBindings.ts (binding arguments),
 * rabbitScenarioBuild.ts and rabbitLayout.ts (ids, configs, positions), each citing its sources.
 *
 * No consumer or producer nodes are created: definitions describe the broker, not the applications
 * that publish and consume, so the user adds those from the palette (the description of the imported scenario says so).
 */
import { parseScenario, type ScenarioProblem } from './parseScenario';
import {
  BUILTIN_EXCHANGES,
  type BindingEntry,
  type DefinitionsEntries,
  describeValue,
  type ExchangeType,
  isObject,
  type PolicyEntry,
  Problems,
  QUEUE_ARGUMENTS,
  type QueueEntry,
  type QueueType,
  readDefinitions,
} from './rabbitDefinitionsRead';
import { bindingArguments, canonical } from './rabbitBindings';
import {
  matchPolicy,
  mergeQueueSettings,
  type QueueSettings,
  readPolicyDefinition,
  readSetting,
} from './rabbitPolicies';
import { buildScenario, type EdgeDraft, type ExchangeDraft, type QueueDraft } from './rabbitScenarioBuild';
import type { ScenarioInput } from './schema';

export { exportRabbitDefinitions, hasRabbitNodes, scenarioToDefinitions } from './rabbitDefinitionsExport';
export type { RabbitDefinitions } from './rabbitDefinitionsExport';
export { uniqueId } from './rabbitScenarioBuild';

export type DefinitionsImportOptions = {
  /** The virtual host to import; default "/" if it has anything, else the first one that does. */
  vhost?: string;
  /** The scenario's title; default "RabbitMQ definitions". */
  title?: string;
  /** Where the file came from, for the scenario's description (e.g. the file name). */
  source?: string;
};

export type DefinitionsImportResult =
  { ok: true; scenario: ScenarioInput; warnings: string[] } | { ok: false; problems: ScenarioProblem[] };

/** The most nodes and binding keys a scenario holds (schema.ts). */
const MAX_NODES = 500;
const MAX_KEYS_PER_EDGE = 20;
/** The queue arguments Eventscope maps onto RabbitQueueConfig. */
const MAPPED_ARGUMENTS: readonly string[] = [
  'x-expires',
  'x-message-ttl',
  'x-max-length',
  'x-max-length-bytes',
  'x-overflow',
  'x-dead-letter-exchange',
  'x-dead-letter-routing-key',
  'x-delivery-limit',
];

/** Parses `definitions.json` text; see definitionsToScenario. */
export function definitionsTextToScenario(
  text: string,
  options: DefinitionsImportOptions = {},
): DefinitionsImportResult {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return { ok: false, problems: [{ path: '(file)', message: `not valid JSON: ${detail}` }] };
  }
  return definitionsToScenario(json, options);
}

/** Maps a parsed `definitions.json` onto a scenario input, or lists every problem found. */
export function definitionsToScenario(json: unknown, options: DefinitionsImportOptions = {}): DefinitionsImportResult {
  const fail = (path: string, message: string): DefinitionsImportResult => ({
    ok: false,
    problems: [{ path, message }],
  });
  if (!isObject(json))
    return fail('(file)', `expected a JSON object (RabbitMQ definitions), got ${describeValue(json)}`);
  if (json['format'] === 'eventscope.scenario') {
    return fail('format', 'this is an Eventscope scenario, not RabbitMQ definitions: open it with Open…');
  }
  if (!['queues', 'exchanges', 'bindings'].some((key) => key in json)) {
    return fail(
      '(file)',
      'expected RabbitMQ definitions: an object with "queues", "exchanges" and "bindings" lists, found none of them',
    );
  }
  const problems = new Problems();
  const entries = readDefinitions(json, problems);
  if (problems.list.length > 0) return { ok: false, problems: problems.list };
  const importer = new Importer(entries, problems, options);
  const scenario = importer.run();
  if (problems.list.length > 0 || scenario === undefined) return { ok: false, problems: problems.list };
  // The scenario must be one the app opens; a failure here is a bug in this mapping, said as such.
  const parsed = parseScenario(scenario);
  if (!parsed.ok) {
    return {
      ok: false,
      problems: parsed.problems.map((p) => ({ path: `(imported scenario) ${p.path}`, message: p.message })),
    };
  }
  return { ok: true, scenario, warnings: importer.warnings };
}

class Importer {
  readonly warnings: string[] = [];
  private readonly vhost: string;
  private readonly policies: PolicyEntry[];
  private readonly exchanges = new Map<string, ExchangeDraft>();
  private readonly queues = new Map<string, QueueDraft>();
  /** amq.* exchanges the file lists: RabbitMQ skips them on import; they become nodes only when used. */
  private readonly reserved = new Map<string, ExchangeType>();
  /** Queues left out (streams, amq.*): bindings to them are left out too, with the reason. */
  private readonly skippedQueues = new Map<string, string>();
  /** Virtual hosts with entries that are not imported. */
  private readonly otherVhosts = new Set<string>();

  constructor(
    private readonly entries: DefinitionsEntries,
    private readonly problems: Problems,
    private readonly options: DefinitionsImportOptions,
  ) {
    this.vhost = options.vhost ?? this.pickVhost();
    this.policies = this.inVhost(entries.policies, 'policies');
  }

  run(): ScenarioInput | undefined {
    this.noteIgnoredCategories();
    const exchanges = this.inVhost(this.entries.exchanges, 'exchanges');
    const queues = this.inVhost(this.entries.queues, 'queues');
    const bindings = this.inVhost(this.entries.bindings, 'bindings');
    this.checkUnique(exchanges, 'exchanges', 'an exchange');
    this.checkUnique(queues, 'queues', 'a queue');
    for (const policy of this.policies) {
      const { ignoredKeys } = readPolicyDefinition(policy, this.problems);
      if (ignoredKeys.length > 0) {
        this.warn(`policies[${policy.index}] "${policy.name}": not simulated, ignored: ${ignoredKeys.join(', ')}`);
      }
    }
    for (const exchange of exchanges) this.addExchange(exchange);
    for (const queue of queues) this.addQueue(queue);
    if (this.problems.list.length > 0) return undefined;
    if (this.exchanges.size + this.queues.size === 0 && bindings.length === 0) {
      const skipped =
        this.skippedQueues.size > 0
          ? `; skipped: ${[...this.skippedQueues.keys()].map((n) => `"${n}"`).join(', ')}`
          : '';
      const elsewhere =
        this.otherVhosts.size > 0
          ? `; the file has some in ${[...this.otherVhosts].map((v) => `"${v}"`).join(', ')}`
          : '';
      this.problems.add(
        'queues',
        `no queues or exchanges to import in virtual host "${this.vhost}"${skipped}${elsewhere}`,
      );
      return undefined;
    }
    const edges = this.groupBindings(bindings);
    this.resolveReferences();
    if (this.problems.list.length > 0) return undefined;
    const total = this.exchanges.size + this.queues.size;
    if (total > MAX_NODES) {
      this.problems.add(
        'queues',
        `expected at most ${MAX_NODES} queues and exchanges (Eventscope's node limit), got ${total} in virtual host "${this.vhost}"`,
      );
      return undefined;
    }
    return this.build(edges);
  }

  private warn(message: string): void {
    this.warnings.push(message);
  }

  /** "/" when it has anything, else the first virtual host (listed, then used) that does. */
  private pickVhost(): string {
    const used: string[] = [];
    for (const list of [this.entries.queues, this.entries.exchanges, this.entries.bindings, this.entries.policies]) {
      for (const entry of list) if (entry.vhost !== undefined && !used.includes(entry.vhost)) used.push(entry.vhost);
    }
    const unscoped = [this.entries.queues, this.entries.exchanges, this.entries.bindings].some((list) =>
      list.some((entry) => entry.vhost === undefined),
    );
    if (used.length === 0 || unscoped || used.includes('/')) return '/';
    return this.entries.vhosts.map((v) => v.name).find((name) => used.includes(name)) ?? (used[0] as string);
  }

  /** Entries of the chosen virtual host (no `vhost` field: a vhost-scoped export, so this one). */
  private inVhost<T extends { vhost: string | undefined }>(list: readonly T[], category: string): T[] {
    const others = new Map<string, number>();
    const kept = list.filter((entry) => {
      if (entry.vhost === undefined || entry.vhost === this.vhost) return true;
      others.set(entry.vhost, (others.get(entry.vhost) ?? 0) + 1);
      this.otherVhosts.add(entry.vhost);
      return false;
    });
    for (const [vhost, count] of others) {
      this.warn(
        `${category}: ${count} in virtual host "${vhost}" ignored (Eventscope imports one virtual host: "${this.vhost}")`,
      );
    }
    return kept;
  }

  private noteIgnoredCategories(): void {
    if (this.entries.ignored.length === 0) return;
    const names: Record<string, [string, string]> = {
      users: ['user', 'users'],
      permissions: ['permission', 'permissions'],
      topic_permissions: ['topic permission', 'topic permissions'],
      parameters: ['runtime parameter (shovel, federation…)', 'runtime parameters (shovels, federation…)'],
    };
    const list = this.entries.ignored.map(({ category, count }) => {
      const [one, many] = names[category] ?? [category, category];
      return `${count} ${count === 1 ? one : many}`;
    });
    this.warn(`${list.join(', ')} ignored: Eventscope simulates routing and queues, not access control or plugins`);
  }

  private checkUnique(list: readonly { name: string; index: number }[], category: string, what: string): void {
    const first = new Map<string, number>();
    for (const entry of list) {
      const earlier = first.get(entry.name);
      if (earlier === undefined) first.set(entry.name, entry.index);
      else {
        this.problems.add(
          `${category}[${entry.index}].name`,
          `${what} named "${entry.name}" is already defined at ${category}[${earlier}] in virtual host "${this.vhost}"`,
        );
      }
    }
  }

  private addExchange(entry: DefinitionsEntries['exchanges'][number]): void {
    const path = `exchanges[${entry.index}]`;
    const type = entry.type as ExchangeType;
    if (entry.name === '') return; // "Not importing the default exchange"
    if (entry.name.startsWith('amq.')) {
      this.reserved.set(entry.name, BUILTIN_EXCHANGES.get(entry.name)?.type ?? type);
      return;
    }
    const dropped: string[] = [];
    if (!entry.durable) dropped.push('durable: false');
    if (entry.autoDelete) dropped.push('auto_delete: true');
    if (entry.internal) {
      this.warn(`${path} "${entry.name}": internal exchange kept, but not enforced: a producer may publish to it here`);
    }
    let alternateExchange: string | undefined;
    for (const [key, value] of Object.entries(entry.arguments)) {
      if (key === 'alternate-exchange' && typeof value === 'string') alternateExchange = value;
      else if (key === 'alternate-exchange') {
        this.problems.add(
          `${path}.arguments.alternate-exchange`,
          `expected an exchange name as text, got ${describeValue(value)}`,
        );
      } else dropped.push(key);
    }
    if (dropped.length > 0) this.warn(`${path} "${entry.name}": not simulated, ignored: ${dropped.join(', ')}`);
    const draft: ExchangeDraft = { name: entry.name, type, path };
    const resolved = alternateExchange ?? this.exchangePolicy(entry.name);
    if (resolved !== undefined) draft.alternateExchange = resolved;
    this.exchanges.set(entry.name, draft);
  }

  private exchangePolicy(name: string): string | undefined {
    const { policy, notes } = matchPolicy(this.policies, { kind: 'exchange', name });
    notes.forEach((note) => this.warn(note));
    if (!policy) return undefined;
    return readPolicyDefinition(policy, new Problems()).alternateExchange;
  }

  private addQueue(entry: QueueEntry): void {
    const path = `queues[${entry.index}]`;
    const type = this.queueType(entry);
    if (type === undefined) return;
    if (entry.name.startsWith('amq.')) {
      this.skip(entry, 'names starting with "amq." are reserved: RabbitMQ skips such queues on import');
      return;
    }
    if (type === 'stream') {
      this.skip(entry, 'stream queues are not simulated');
      return;
    }
    const dropped: string[] = [];
    if (!entry.durable) dropped.push('durable: false');
    if (entry.autoDelete) dropped.push('auto_delete: true');
    if (entry.exclusive) dropped.push('exclusive: true');
    const args: QueueSettings = {};
    for (const [key, value] of Object.entries(entry.arguments)) {
      const argPath = `${path}.arguments.${key}`;
      if (key === 'x-queue-type') continue;
      const owners = (Object.keys(QUEUE_ARGUMENTS) as QueueType[]).filter((t) => QUEUE_ARGUMENTS[t].includes(key));
      if (owners.length > 0 && !owners.includes(type)) {
        this.problems.add(
          argPath,
          `not an argument of ${type} queues (RabbitMQ refuses the declaration: "invalid arg '${key}' … of queue type ${type}"; it belongs to ${owners.join(' and ')} queues)`,
        );
      } else if (MAPPED_ARGUMENTS.includes(key)) {
        const setting = readSetting(key, value, argPath, this.problems);
        if (setting) Object.assign(args, { [setting.field]: setting.value });
      } else if (key === 'x-max-priority') {
        dropped.push('x-max-priority (no priority queues: every message has the same priority)');
      } else if (key === 'x-queue-mode') {
        dropped.push(`x-queue-mode ${describeValue(value)} (no effect since RabbitMQ 3.12)`);
      } else {
        dropped.push(key);
      }
    }
    if (args.deadLetterRoutingKey !== undefined && args.deadLetterExchange === undefined) {
      this.problems.add(
        `${path}.arguments.x-dead-letter-routing-key`,
        'set without x-dead-letter-exchange (RabbitMQ refuses the declaration: routing_key_but_no_dlx_defined)',
      );
      return;
    }
    if (dropped.length > 0) this.warn(`${path} "${entry.name}": not simulated, ignored: ${dropped.join(', ')}`);
    const { policy, notes } = matchPolicy(this.policies, { kind: 'queue', name: entry.name, type });
    notes.forEach((note) => this.warn(note));
    const fromPolicy = policy ? readPolicyDefinition(policy, new Problems()).queue : {};
    const settings = mergeQueueSettings(type, args, fromPolicy);
    if (type === 'quorum' && settings.overflow === 'reject-publish-dlx') {
      this.warn(
        `${path} "${entry.name}": quorum queues do not support overflow reject-publish-dlx; RabbitMQ uses drop-head, and so does Eventscope`,
      );
      settings.overflow = 'drop-head';
    }
    // A dead-letter routing key without a dead-letter exchange (set by a policy) does nothing.
    if (settings.deadLetterExchange === undefined) delete settings.deadLetterRoutingKey;
    this.queues.set(entry.name, { name: entry.name, type, settings, path });
  }

  /** x-queue-type, else the `type` field, else the virtual host's default queue type, else classic. */
  private queueType(entry: QueueEntry): QueueType | undefined {
    const arg = entry.arguments['x-queue-type'];
    const dqt = this.entries.vhosts.find((v) => v.name === this.vhost)?.defaultQueueType;
    const type = arg ?? entry.type ?? dqt ?? 'classic';
    if (type === 'classic' || type === 'quorum' || type === 'stream') return type;
    this.problems.add(
      `queues[${entry.index}].${arg !== undefined ? 'arguments.x-queue-type' : 'type'}`,
      `expected one of "classic" | "quorum" | "stream", got ${describeValue(type)}`,
    );
    return undefined;
  }

  private skip(entry: QueueEntry, reason: string): void {
    this.skippedQueues.set(entry.name, reason);
    this.warn(`queues[${entry.index}] "${entry.name}" skipped: ${reason}`);
  }

  /**
   * An exchange by name, for a binding or an alternate/dead-letter exchange: a declared one, or a
   * built-in (amq.*) made a node on first use. Undefined: there is none.
   */
  private exchangeNamed(name: string): ExchangeDraft | undefined {
    const known = this.exchanges.get(name);
    if (known) return known;
    const type = BUILTIN_EXCHANGES.get(name)?.type ?? this.reserved.get(name);
    if (type === undefined) return undefined;
    const draft: ExchangeDraft = { name, type, path: `(built-in exchange "${name}")` };
    this.exchanges.set(name, draft);
    const alternate = this.exchangePolicy(name);
    if (alternate !== undefined) draft.alternateExchange = alternate;
    return draft;
  }

  /** One edge per source and destination, with every binding key between them. */
  private groupBindings(bindings: readonly BindingEntry[]): EdgeDraft[] {
    const edges = new Map<string, EdgeDraft>();
    for (const binding of bindings) {
      const path = `bindings[${binding.index}]`;
      if (binding.source === '' || (binding.destinationType === 'exchange' && binding.destination === '')) {
        this.problems.add(
          `${path}.${binding.source === '' ? 'source' : 'destination'}`,
          'the default exchange ("") cannot be bound: it routes to the queue named by the routing key by itself',
        );
        continue;
      }
      const source = this.exchangeNamed(binding.source);
      if (!source) {
        this.problems.add(
          `${path}.source`,
          `no exchange named "${binding.source}" in virtual host "${this.vhost}"${this.hint(binding.source, 'queue')}`,
        );
        continue;
      }
      const skipped = binding.destinationType === 'queue' ? this.skippedQueues.get(binding.destination) : undefined;
      if (skipped !== undefined) {
        this.warn(
          `${path} from "${binding.source}" to "${binding.destination}" skipped: the queue is skipped (${skipped})`,
        );
        continue;
      }
      const destination =
        binding.destinationType === 'queue'
          ? this.queues.get(binding.destination)
          : this.exchangeNamed(binding.destination);
      if (!destination) {
        const other = binding.destinationType === 'queue' ? 'exchange' : 'queue';
        this.problems.add(
          `${path}.destination`,
          `no ${binding.destinationType} named "${binding.destination}" in virtual host "${this.vhost}"${this.hint(binding.destination, other)}`,
        );
        continue;
      }
      const args = bindingArguments(binding, source.type, this.problems, (message) => this.warn(message));
      if (args === undefined) continue;
      const key = `${binding.source}\u0000${binding.destinationType}\u0000${binding.destination}`;
      const edge = edges.get(key);
      if (!edge) {
        edges.set(key, {
          source: binding.source,
          target: binding.destination,
          targetKind: binding.destinationType,
          keys: [binding.routingKey],
          args,
          path,
        });
        continue;
      }
      if (canonical(edge.args) !== canonical(args)) {
        this.warn(
          `${path} skipped: "${binding.source}" is already bound to "${binding.destination}" (${edge.path}) with other arguments, and Eventscope keeps one set of arguments per pair`,
        );
        continue;
      }
      if (edge.keys.includes(binding.routingKey)) continue; // the same binding twice is one binding
      if (edge.keys.length === MAX_KEYS_PER_EDGE) {
        this.problems.add(
          path,
          `expected at most ${MAX_KEYS_PER_EDGE} bindings from "${binding.source}" to "${binding.destination}" (one edge holds ${MAX_KEYS_PER_EDGE} binding keys), got more`,
        );
        continue;
      }
      edge.keys.push(binding.routingKey);
    }
    return [...edges.values()];
  }

  private hint(name: string, kind: 'queue' | 'exchange'): string {
    const exists = kind === 'queue' ? this.queues.has(name) : this.exchanges.has(name);
    return exists
      ? ` (there is ${kind === 'queue' ? 'a queue' : 'an exchange'} of that name: check destination_type)`
      : '';
  }

  /** Alternate and dead-letter exchanges by name; a missing one drops nothing more than RabbitMQ does. */
  private resolveReferences(): void {
    // Iterating the live map also visits built-ins made nodes on the way.
    for (const exchange of this.exchanges.values()) this.resolveAlternate(exchange);
    for (const queue of this.queues.values()) {
      const dlx = queue.settings.deadLetterExchange;
      if (dlx === undefined || dlx === '') continue;
      if (this.exchangeNamed(dlx)) continue;
      this.warn(
        `${queue.path} "${queue.name}": dead-letter exchange "${dlx}" does not exist, so RabbitMQ drops its dead letters; so does Eventscope (no dead-letter exchange)`,
      );
      delete queue.settings.deadLetterExchange;
      delete queue.settings.deadLetterRoutingKey;
    }
    // Built-ins created above may have alternate exchanges of their own (through a policy).
    for (const exchange of this.exchanges.values()) this.resolveAlternate(exchange);
  }

  private resolveAlternate(exchange: ExchangeDraft): void {
    const ae = exchange.alternateExchange;
    if (ae === undefined || (ae !== '' && this.exchangeNamed(ae))) return;
    this.warn(
      ae === ''
        ? `${exchange.path} "${exchange.name}": the default exchange as alternate exchange is not simulated: ignored`
        : `${exchange.path} "${exchange.name}": alternate exchange "${ae}" does not exist, so RabbitMQ drops what it cannot route; so does Eventscope (no alternate exchange)`,
    );
    delete exchange.alternateExchange;
  }

  private build(edges: readonly EdgeDraft[]): ScenarioInput {
    const version = this.entries.rabbitVersion ? `RabbitMQ ${this.entries.rabbitVersion}, ` : '';
    const from = this.options.source ? ` from ${this.options.source}` : '';
    return buildScenario({
      exchanges: this.exchanges,
      queues: this.queues,
      edges,
      title: this.options.title ?? 'RabbitMQ definitions',
      summary: `Imported${from} (${version}virtual host "${this.vhost}"): ${this.exchanges.size} exchanges, ${this.queues.size} queues, ${edges.length} bound pairs. Add producers and consumers from the palette to run it.`,
      warnings: this.warnings,
    });
  }
}
