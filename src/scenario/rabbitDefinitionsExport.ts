/**
 * A scenario's RabbitMQ part as RabbitMQ's `definitions.json`, for `rabbitmqctl import_definitions`,
 * `POST /api/definitions` or the management UI's "Upload broker definitions". Everything goes in
 * the virtual host "/", durable, as x-arguments (no policies); producers, consumers and Kafka nodes
 * are applications or another system and are left out.
 *
 * Sources (rabbitmq/rabbitmq-server @5b09e556): deps/rabbit/src/rabbit_definitions.erl
 * `all_definitions`, `queue_definition`, `exchange_definition`, `binding_definition` (the fields
 * and their order); rabbit_amqqueue.erl `check_dlxrk_arg` (x-dead-letter-routing-key needs
 * x-dead-letter-exchange); rabbit_classic_queue.erl `capabilities()` (no x-delivery-limit on
 * classic queues); rabbit_vhost.erl `declare_default_exchanges` (amq.* exchanges exist already).
 */
import { BUILTIN_EXCHANGES } from './rabbitDefinitionsRead';
import type { Scenario, ScenarioNode } from './schema';

export const EXPORTED_RABBIT_VERSION = '4.3.0';
const VHOST = '/';

type Arguments = Record<string, string | number | boolean | null>;
export type DefinitionsQueue = {
  name: string;
  vhost: string;
  durable: boolean;
  auto_delete: boolean;
  arguments: Arguments;
};
export type DefinitionsExchange = {
  name: string;
  vhost: string;
  type: string;
  durable: boolean;
  auto_delete: boolean;
  internal: boolean;
  arguments: Arguments;
};
export type DefinitionsBinding = {
  source: string;
  vhost: string;
  destination: string;
  destination_type: 'queue' | 'exchange';
  routing_key: string;
  arguments: Arguments;
};
export type RabbitDefinitions = {
  rabbit_version: string;
  rabbitmq_version: string;
  users: never[];
  vhosts: never[];
  permissions: never[];
  topic_permissions: never[];
  parameters: never[];
  global_parameters: never[];
  policies: never[];
  queues: DefinitionsQueue[];
  exchanges: DefinitionsExchange[];
  bindings: DefinitionsBinding[];
};

type RabbitNode = Extract<ScenarioNode, { kind: 'rabbitmq.exchange' | 'rabbitmq.queue' }>;

/** Whether there is anything to export: a RabbitMQ exchange or queue. */
export function hasRabbitNodes(scenario: Pick<Scenario, 'nodes'>): boolean {
  return scenario.nodes.some((n) => n.kind === 'rabbitmq.exchange' || n.kind === 'rabbitmq.queue');
}

/** The definitions document (see exportRabbitDefinitions for what it leaves out and why). */
export function scenarioToDefinitions(scenario: Scenario): RabbitDefinitions {
  return exportRabbitDefinitions(scenario).definitions;
}

/** The definitions, and a warning for each setting RabbitMQ would refuse or ignore. */
export function exportRabbitDefinitions(scenario: Scenario): { definitions: RabbitDefinitions; warnings: string[] } {
  const warnings: string[] = [];
  const byId = new Map<string, RabbitNode>();
  for (const node of scenario.nodes) {
    if (node.kind === 'rabbitmq.exchange' || node.kind === 'rabbitmq.queue') byId.set(node.id, node);
  }
  const nameOf = (id: string) => {
    const node = byId.get(id);
    return node?.config.name ?? id;
  };
  checkNames([...byId.values()], warnings);

  const exchanges: DefinitionsExchange[] = [];
  const queues: DefinitionsQueue[] = [];
  for (const node of byId.values()) {
    const name = nameOf(node.id);
    if (node.kind === 'rabbitmq.exchange') {
      const builtin = BUILTIN_EXCHANGES.get(name);
      if (builtin) {
        // Every virtual host has it; declaring it again is refused (the amq. prefix is reserved).
        if (builtin.type !== node.config.type) {
          warnings.push(
            `exchange "${name}" is ${node.config.type} here but RabbitMQ's built-in ${name} is ${builtin.type}: its bindings are exported as they are`,
          );
        }
        continue;
      }
      if (name.startsWith('amq.')) {
        warnings.push(`exchange "${name}": names starting with "amq." are reserved; RabbitMQ skips it on import`);
      }
      const args: Arguments = {};
      if (node.config.alternateExchange !== undefined)
        args['alternate-exchange'] = nameOf(node.config.alternateExchange);
      exchanges.push({
        name,
        vhost: VHOST,
        type: node.config.type,
        durable: true,
        auto_delete: false,
        internal: false,
        arguments: args,
      });
    } else {
      if (name.startsWith('amq.')) {
        warnings.push(`queue "${name}": names starting with "amq." are reserved; RabbitMQ skips it on import`);
      }
      queues.push({
        name,
        vhost: VHOST,
        durable: true,
        auto_delete: false,
        arguments: queueArguments(node.config, name, nameOf, warnings),
      });
    }
  }

  const bindings: DefinitionsBinding[] = [];
  for (const edge of scenario.edges) {
    const source = byId.get(edge.source);
    const target = byId.get(edge.target);
    if (source?.kind !== 'rabbitmq.exchange' || target === undefined) continue;
    const keys = edge.config.bindingKeys ?? [''];
    for (const key of new Set(keys)) {
      bindings.push({
        source: nameOf(source.id),
        vhost: VHOST,
        destination: nameOf(target.id),
        destination_type: target.kind === 'rabbitmq.queue' ? 'queue' : 'exchange',
        routing_key: key,
        arguments: { ...(edge.config.arguments ?? {}) },
      });
    }
    const match = edge.config.arguments?.['x-match'];
    if (match !== undefined && !['all', 'any', 'all-with-x', 'any-with-x'].includes(String(match))) {
      warnings.push(
        `binding "${edge.id}": x-match ${JSON.stringify(match)} is not all, any, all-with-x or any-with-x; RabbitMQ refuses the binding`,
      );
    }
  }

  return {
    definitions: {
      rabbit_version: EXPORTED_RABBIT_VERSION,
      rabbitmq_version: EXPORTED_RABBIT_VERSION,
      users: [],
      vhosts: [],
      permissions: [],
      topic_permissions: [],
      parameters: [],
      global_parameters: [],
      policies: [],
      queues,
      exchanges,
      bindings,
    },
    warnings,
  };
}

/** x-arguments from a queue's config: only what is set, x-queue-type always (explicit beats a vhost default). */
function queueArguments(
  config: Extract<ScenarioNode, { kind: 'rabbitmq.queue' }>['config'],
  name: string,
  nameOf: (id: string) => string,
  warnings: string[],
): Arguments {
  const args: Arguments = { 'x-queue-type': config.type };
  if (config.expiresMs !== undefined) args['x-expires'] = config.expiresMs;
  if (config.messageTtlMs !== undefined) args['x-message-ttl'] = config.messageTtlMs;
  if (config.maxLength !== undefined) args['x-max-length'] = config.maxLength;
  if (config.maxLengthBytes !== undefined) args['x-max-length-bytes'] = config.maxLengthBytes;
  if (config.overflow !== 'drop-head') args['x-overflow'] = config.overflow;
  if (config.type === 'quorum' && config.overflow === 'reject-publish-dlx') {
    warnings.push(`queue "${name}": quorum queues do not support overflow reject-publish-dlx; RabbitMQ uses drop-head`);
  }
  if (config.deadLetterExchange !== undefined) {
    args['x-dead-letter-exchange'] = config.deadLetterExchange === '' ? '' : nameOf(config.deadLetterExchange);
    if (config.deadLetterRoutingKey !== undefined) args['x-dead-letter-routing-key'] = config.deadLetterRoutingKey;
  } else if (config.deadLetterRoutingKey !== undefined) {
    warnings.push(
      `queue "${name}": dead-letter routing key left out: without a dead-letter exchange RabbitMQ refuses it (routing_key_but_no_dlx_defined)`,
    );
  }
  if (config.type === 'quorum') args['x-delivery-limit'] = config.deliveryLimit;
  else if (config.deliveryLimit !== 20) {
    warnings.push(
      `queue "${name}": delivery limit left out: classic queues have none (RabbitMQ refuses x-delivery-limit)`,
    );
  }
  return args;
}

/** Two exchanges (or two queues) of one name would be one object on the broker. */
function checkNames(nodes: readonly RabbitNode[], warnings: string[]): void {
  const seen = new Map<string, string>();
  for (const node of nodes) {
    const name = node.config.name ?? node.id;
    const key = `${node.kind}\u0000${name}`;
    const other = seen.get(key);
    if (other !== undefined) {
      const what = node.kind === 'rabbitmq.queue' ? 'queue' : 'exchange';
      warnings.push(`nodes "${other}" and "${node.id}" are both the ${what} "${name}": RabbitMQ keeps one of them`);
    } else seen.set(key, node.id);
  }
}
