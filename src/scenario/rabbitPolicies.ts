/**
 * RabbitMQ policies as the broker applies them: which policy a queue or exchange gets, and how its
 * keys combine with the entity's own x-arguments.
 *
 * Sources (rabbitmq/rabbitmq-server @5b09e556):
 * - deps/rabbit/src/rabbit_policy.erl `match_all`/`matches`: a policy matches an entity of its virtual
 *   host whose name its `pattern` regex finds (`re:run`, unanchored), whose kind `apply-to` names
 *   (`matches_type`, `matches_queue_type`: all, queues, exchanges, classic_queues, quorum_queues,
 *   streams), and to which it is applicable (`rabbit_queue_type:is_policy_applicable`: a policy with
 *   a key the queue type does not support does not apply at all). Only one policy applies: the
 *   highest `priority` (`priority_comparator`); on a tie the first in the file here.
 * - deps/rabbit/src/rabbit_policies.erl `validate_policy0`: what each key accepts.
 * - Precedence when both the policy and an x-argument set a key: classic queues
 *   (rabbit_amqqueue_process.erl `process_args_policy`) take the argument for dead-letter-exchange,
 *   dead-letter-routing-key and overflow, the smaller value for expires, message-ttl, max-length and
 *   max-length-bytes; quorum queues (rabbit_quorum_queue.erl `gather_policy_config`,
 *   `dead_letter_handler`, `resolve_delivery_limit`) the same, except that the policy wins for
 *   overflow, and delivery-limit takes the larger if either is negative (no limit), else the
 *   smaller. Exchanges take the `alternate-exchange` argument over the policy (rabbit_exchange.erl
 *   `process_alternate` → `rabbit_policy:get_arg`).
 */
import {
  describeValue,
  isWholeNumber,
  type PolicyEntry,
  type Problems,
  UNSUPPORTED_POLICY_KEYS,
} from './rabbitDefinitionsRead';

/** The policy keys Eventscope maps; every other key is reported as ignored. */
export const QUEUE_POLICY_KEYS = [
  'expires',
  'message-ttl',
  'max-length',
  'max-length-bytes',
  'overflow',
  'dead-letter-exchange',
  'dead-letter-routing-key',
  'delivery-limit',
] as const;
export const EXCHANGE_POLICY_KEYS = ['alternate-exchange'] as const;

export type Overflow = 'drop-head' | 'reject-publish' | 'reject-publish-dlx';
const OVERFLOWS: readonly string[] = ['drop-head', 'reject-publish', 'reject-publish-dlx'];

/** A queue's settings from one source (its arguments, or its policy), as RabbitMQ reads them. */
export type QueueSettings = {
  expiresMs?: number;
  messageTtlMs?: number;
  maxLength?: number;
  maxLengthBytes?: number;
  overflow?: Overflow;
  deadLetterExchange?: string;
  deadLetterRoutingKey?: string;
  deliveryLimit?: number;
};

/** Checks one setting's value as `rabbit_amqqueue:declare_args` / `rabbit_policies:validate_policy0` do. */
export function readSetting(
  key: string,
  value: unknown,
  path: string,
  problems: Problems,
): { field: keyof QueueSettings; value: number | string } | undefined {
  const bare = key.replace(/^x-/, '');
  const field = (
    {
      expires: 'expiresMs',
      'message-ttl': 'messageTtlMs',
      'max-length': 'maxLength',
      'max-length-bytes': 'maxLengthBytes',
      overflow: 'overflow',
      'dead-letter-exchange': 'deadLetterExchange',
      'dead-letter-routing-key': 'deadLetterRoutingKey',
      'delivery-limit': 'deliveryLimit',
    } as const
  )[bare];
  if (field === undefined) return undefined;
  switch (bare) {
    case 'expires':
      // rabbit_amqqueue check_expires_arg / rabbit_policies: a positive whole number of ms.
      if (isWholeNumber(value) && value >= 1) return { field, value };
      problems.add(path, `expected a whole number ≥ 1, got ${describeValue(value)}`);
      return undefined;
    case 'message-ttl':
    case 'max-length':
    case 'max-length-bytes':
      if (isWholeNumber(value) && value >= 0) return { field, value };
      problems.add(path, `expected a whole number ≥ 0, got ${describeValue(value)}`);
      return undefined;
    case 'delivery-limit':
      if (isWholeNumber(value)) return { field, value };
      problems.add(path, `expected a whole number (negative: no limit), got ${describeValue(value)}`);
      return undefined;
    case 'overflow':
      if (typeof value === 'string' && OVERFLOWS.includes(value)) return { field, value };
      problems.add(
        path,
        `expected one of "drop-head" | "reject-publish" | "reject-publish-dlx", got ${describeValue(value)}`,
      );
      return undefined;
    default:
      if (typeof value === 'string') return { field, value };
      problems.add(path, `expected an exchange name or routing key as text, got ${describeValue(value)}`);
      return undefined;
  }
}

/** The policy keys' values, checked; `ignoredKeys` are the keys Eventscope does not map. */
export function readPolicyDefinition(
  policy: PolicyEntry,
  problems: Problems,
): { queue: QueueSettings; alternateExchange: string | undefined; ignoredKeys: string[] } {
  const queue: QueueSettings = {};
  let alternateExchange: string | undefined;
  const ignoredKeys: string[] = [];
  for (const [key, value] of Object.entries(policy.definition)) {
    const path = `policies[${policy.index}].definition.${key}`;
    if (key === 'alternate-exchange') {
      if (typeof value === 'string') alternateExchange = value;
      else problems.add(path, `expected an exchange name as text, got ${describeValue(value)}`);
      continue;
    }
    if (!(QUEUE_POLICY_KEYS as readonly string[]).includes(key)) {
      ignoredKeys.push(key);
      continue;
    }
    const setting = readSetting(key, value, path, problems);
    if (setting) Object.assign(queue, { [setting.field]: setting.value });
  }
  return { queue, alternateExchange, ignoredKeys };
}

export type Target =
  { kind: 'exchange'; name: string } | { kind: 'queue'; name: string; type: 'classic' | 'quorum' | 'stream' };

/** The keys of `policy` that `target`'s queue type does not support (any one makes the policy not apply). */
export function unsupportedKeys(policy: PolicyEntry, target: Target): string[] {
  if (target.kind !== 'queue' || target.type === 'stream') return [];
  const unsupported = UNSUPPORTED_POLICY_KEYS[target.type];
  return Object.keys(policy.definition).filter((key) => unsupported.includes(key));
}

function appliesToKind(policy: PolicyEntry, target: Target): boolean {
  switch (policy.applyTo) {
    case 'all':
      return true;
    case 'exchanges':
      return target.kind === 'exchange';
    case 'queues':
      return target.kind === 'queue';
    case 'classic_queues':
      return target.kind === 'queue' && target.type === 'classic';
    case 'quorum_queues':
      return target.kind === 'queue' && target.type === 'quorum';
    case 'streams':
      return target.kind === 'queue' && target.type === 'stream';
  }
}

/**
 * The policy RabbitMQ gives `target` (undefined: none), with notes on policies that match its name
 * but are not applicable, and on a priority tie. `policies` are those of the target's virtual host.
 */
export function matchPolicy(
  policies: readonly PolicyEntry[],
  target: Target,
): { policy: PolicyEntry | undefined; notes: string[] } {
  const notes: string[] = [];
  const candidates = policies.filter((policy) => {
    if (!appliesToKind(policy, target) || !policy.pattern.test(target.name)) return false;
    const keys = unsupportedKeys(policy, target);
    if (keys.length === 0 || target.kind !== 'queue') return true;
    notes.push(
      `policy "${policy.name}" does not apply to ${target.type} queue "${target.name}": it sets ${keys.join(', ')}, which ${target.type} queues do not support (RabbitMQ then applies no part of it)`,
    );
    return false;
  });
  // Highest priority first; Array.prototype.sort is stable, so a tie keeps file order.
  const [policy, runnerUp] = [...candidates].sort((a, b) => b.priority - a.priority);
  if (policy && runnerUp && runnerUp.priority === policy.priority) {
    notes.push(
      `policies "${policy.name}" and "${runnerUp.name}" both match ${target.kind} "${target.name}" with priority ${policy.priority}: Eventscope applies "${policy.name}", the first in the file (RabbitMQ picks one of them)`,
    );
  }
  return { policy, notes };
}

const min = (policy: number, arg: number) => Math.min(policy, arg);
const argWins = <T>(_policy: T, arg: T) => arg;
const policyWins = <T>(policy: T, _arg: T) => policy;
const deliveryLimit = (policy: number, arg: number) =>
  policy < 0 || arg < 0 ? Math.max(policy, arg) : Math.min(policy, arg);

/** The queue's effective settings: its arguments combined with its policy's keys, key by key. */
export function mergeQueueSettings(
  type: 'classic' | 'quorum',
  args: QueueSettings,
  policy: QueueSettings,
): QueueSettings {
  const out: QueueSettings = {};
  const pick = <K extends keyof QueueSettings>(
    key: K,
    resolve: (policy: NonNullable<QueueSettings[K]>, arg: NonNullable<QueueSettings[K]>) => QueueSettings[K],
  ) => {
    const a = args[key];
    const p = policy[key];
    const value = a !== undefined && p !== undefined ? resolve(p, a) : (a ?? p);
    if (value !== undefined) out[key] = value;
  };
  pick('expiresMs', min);
  pick('messageTtlMs', min);
  pick('maxLength', min);
  pick('maxLengthBytes', min);
  pick('overflow', type === 'quorum' ? policyWins : argWins);
  pick('deadLetterExchange', argWins);
  pick('deadLetterRoutingKey', argWins);
  if (type === 'quorum') pick('deliveryLimit', deliveryLimit);
  return out;
}
