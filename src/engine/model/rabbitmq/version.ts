/**
 * Which RabbitMQ release the model behaves like, for the few routing rules that changed between
 * releases. Each rule names the first release that has it, found by reading the tags of
 * rabbitmq/rabbitmq-server:
 *
 * - 3.13.0: headers exchanges compare values with Erlang `=:=` (int 1 no longer equals double 1.0),
 *   and a `timestamp` message header is compared in milliseconds (mc_amqpl.erl, `routing_value`).
 * - 4.3.5: topic binding keys may hold at most two `#` wildcards
 *   (rabbit_exchange_type_topic.erl, `validate_binding`, commit 0f390a27).
 */

/** A release as [major, minor, patch], e.g. [3, 10, 8]. */
export type RabbitMQVersion = readonly [major: number, minor: number, patch: number];

/** The newest release the fidelity card describes: rabbitmq-server tag v4.3.5. */
export const DEFAULT_RABBITMQ_VERSION: RabbitMQVersion = [4, 3, 5];

export const HEADERS_EXACT_COMPARISON_SINCE: RabbitMQVersion = [3, 13, 0];
export const TOPIC_HASH_LIMIT_SINCE: RabbitMQVersion = [4, 3, 5];

export function isAtLeast(version: RabbitMQVersion, since: RabbitMQVersion): boolean {
  for (const i of [0, 1, 2] as const) {
    if (version[i] !== since[i]) return version[i] > since[i];
  }
  return true;
}
