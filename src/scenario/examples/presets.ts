/**
 * The built-in examples of the top bar's Examples menu: scenario files in scenarios/presets/,
 * imported statically so they ship with the app and the CLI runs exactly the same files. Each
 * one carries a guided tour (`meta.tour`); presets.test.ts parses every one with the real parser,
 * and a test per preset checks what its tour claims against the engine.
 *
 * To add one: write scenarios/presets/<id>.json (title in `meta.title`, steps in `meta.tour`),
 * import it here and give it a one-line summary for the menu.
 */
import consumerGroupRebalancing from '../../../scenarios/presets/consumer-group-rebalancing.json';
import logCompaction from '../../../scenarios/presets/log-compaction.json';
import partitionsAndKeys from '../../../scenarios/presets/partitions-and-keys.json';
import rabbitmqBanking from '../../../scenarios/presets/rabbitmq-banking.json';
import rabbitmqHelloWorld from '../../../scenarios/presets/rabbitmq-hello-world.json';
import rabbitmqPoisonMessage from '../../../scenarios/presets/rabbitmq-poison-message.json';
import rabbitmqPublishSubscribe from '../../../scenarios/presets/rabbitmq-publish-subscribe.json';
import rabbitmqRouting from '../../../scenarios/presets/rabbitmq-routing.json';
import rabbitmqRpc from '../../../scenarios/presets/rabbitmq-rpc.json';
import rabbitmqTopics from '../../../scenarios/presets/rabbitmq-topics.json';
import rabbitmqWorkQueues from '../../../scenarios/presets/rabbitmq-work-queues.json';
import replicationAndBrokerFailure from '../../../scenarios/presets/replication-and-broker-failure.json';
import retentionAndReplay from '../../../scenarios/presets/retention-and-replay.json';
import type { ScenarioInput } from '../schema';

export type Preset = {
  /** Stable id: the file name without `.json`. */
  id: string;
  /** Shown in the menu; the same as the document's `meta.title`. */
  title: string;
  /** One line under the title in the menu: what the example shows. */
  summary: string;
  /** The scenario as written in the file; loading parses and validates it like an opened file. */
  document: ScenarioInput;
};

function preset(id: string, summary: string, document: ScenarioInput): Preset {
  return { id, title: document.meta?.title ?? id, summary, document };
}

export const PRESETS: readonly Preset[] = [
  preset(
    'partitions-and-keys',
    'Same key, same partition: order per partition, none across; null keys stick.',
    partitionsAndKeys as ScenarioInput,
  ),
  preset(
    'consumer-group-rebalancing',
    'Eager vs cooperative: who stops when a consumer joins; a crash noticed after the session timeout.',
    consumerGroupRebalancing as ScenarioInput,
  ),
  preset(
    'replication-and-broker-failure',
    'Three brokers: a leader dies and is replaced from the ISR; a slow follower holds back the high watermark.',
    replicationAndBrokerFailure as ScenarioInput,
  ),
  preset(
    'retention-and-replay',
    'Segments deleted by age; a replay limited to what retention kept; a slow group that falls behind it.',
    retentionAndReplay as ScenarioInput,
  ),
  preset(
    'log-compaction',
    'The latest balance per account survives; tombstones linger, then go; a new reader rebuilds state.',
    logCompaction as ScenarioInput,
  ),
  preset(
    'rabbitmq-hello-world',
    'RabbitMQ tutorial one: the default exchange routes by queue name; ready vs unacked; basic.ack.',
    rabbitmqHelloWorld as ScenarioInput,
  ),
  preset(
    'rabbitmq-work-queues',
    'RabbitMQ tutorial two: two workers, round-robin and fair dispatch (prefetch 1); a crashed worker’s task redelivered.',
    rabbitmqWorkQueues as ScenarioInput,
  ),
  preset(
    'rabbitmq-publish-subscribe',
    'RabbitMQ tutorial three: a fanout exchange copies every log line to each receiver’s own queue.',
    rabbitmqPublishSubscribe as ScenarioInput,
  ),
  preset(
    'rabbitmq-routing',
    'RabbitMQ tutorial four: a direct exchange routes by severity; error bound to two queues reaches both.',
    rabbitmqRouting as ScenarioInput,
  ),
  preset(
    'rabbitmq-topics',
    'RabbitMQ tutorial five: * and # bindings on a topic exchange; one copy per queue; unmatched messages dropped.',
    rabbitmqTopics as ScenarioInput,
  ),
  preset(
    'rabbitmq-rpc',
    'RabbitMQ tutorial six: requests with reply_to and correlation_id; replies out of order, paired by id; a server crash.',
    rabbitmqRpc as ScenarioInput,
  ),
  preset(
    'rabbitmq-poison-message',
    'A message that always fails: rejected and requeued until the quorum delivery limit dead-letters it.',
    rabbitmqPoisonMessage as ScenarioInput,
  ),
  preset(
    'rabbitmq-banking',
    'A bank’s events on one topic exchange: fraud, ledger and notification queues; a slow consumer backs up; a poison transaction dead-lettered.',
    rabbitmqBanking as ScenarioInput,
  ),
];
