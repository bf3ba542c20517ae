/** Inspector form of a Kafka consumer group: size, processing time, and the consumer's real settings. */
import type { NodeOfKind } from '../../scenario/schema';
import { nodeField } from './commitField';
import { NumberField } from './fields/NumberField';
import { SelectField } from './fields/SelectField';
import { TextField } from './fields/TextField';
import { ToggleField } from './fields/ToggleField';
import { ProcessingFields } from './ProcessingFields';

type Group = NodeOfKind<'kafka.consumerGroup'>;

export function GroupForm({ node }: { node: Group }) {
  const field = <T,>(path: string, apply: (n: Group, value: T) => void) =>
    nodeField<'kafka.consumerGroup', T>(node.id, path, apply);
  const c = node.config;
  return (
    <>
      <TextField
        label="Group id"
        setting="group.id"
        monospace
        value={c.groupId ?? node.id}
        onCommit={field<string>('config.groupId', (n, v) => {
          n.config.groupId = v;
          n.label = v;
        })}
      />
      <NumberField
        label="Consumers"
        hint="Instances in the group. Change it while running to watch a rebalance."
        value={c.consumers}
        step={1}
        min={0}
        onCommit={field<number>('config.consumers', (n, v) => (n.config.consumers = v))}
      />
      <ProcessingFields node={node} />
      <fieldset className="fieldset">
        <legend>Consumer settings</legend>
        <ToggleField
          label="Auto commit"
          setting="enable.auto.commit"
          hint={
            c.enableAutoCommit
              ? 'Offsets are committed inside poll() on an interval.'
              : 'The app commits after each batch.'
          }
          value={c.enableAutoCommit}
          onCommit={field<boolean>('config.enableAutoCommit', (n, v) => (n.config.enableAutoCommit = v))}
        />
        {c.enableAutoCommit ? (
          <NumberField
            label="Auto commit interval"
            setting="auto.commit.interval.ms"
            unit="ms"
            value={c.autoCommitIntervalMs}
            step={1}
            min={0}
            onCommit={field<number>('config.autoCommitIntervalMs', (n, v) => (n.config.autoCommitIntervalMs = v))}
          />
        ) : (
          <SelectField
            label="Commit"
            hint={
              c.commitTiming === 'after-processing'
                ? 'At-least-once: a crash before the commit means those records are processed again.'
                : 'At-most-once: a crash after the commit means the rest of the batch is never processed.'
            }
            value={c.commitTiming}
            options={[
              { value: 'after-processing', label: 'after processing each batch' },
              { value: 'before-processing', label: 'right after poll, before processing' },
            ]}
            onCommit={field<'after-processing' | 'before-processing'>(
              'config.commitTiming',
              (n, v) => (n.config.commitTiming = v),
            )}
          />
        )}
        <NumberField
          label="Max poll records"
          setting="max.poll.records"
          value={c.maxPollRecords}
          step={1}
          min={1}
          onCommit={field<number>('config.maxPollRecords', (n, v) => (n.config.maxPollRecords = v))}
        />
        <SelectField
          label="Offset reset"
          setting="auto.offset.reset"
          hint="Where a partition with no committed offset starts."
          value={c.autoOffsetReset}
          options={[
            { value: 'latest', label: 'latest: only new records' },
            { value: 'earliest', label: 'earliest: from the start of the log' },
          ]}
          onCommit={field<'latest' | 'earliest'>('config.autoOffsetReset', (n, v) => (n.config.autoOffsetReset = v))}
        />
        <SelectField
          label="Assignor"
          setting="partition.assignment.strategy"
          hint={
            c.assignor === 'cooperative-sticky'
              ? 'Cooperative: only the partitions that move stop, in two rebalances.'
              : 'Eager: every rebalance stops the whole group while partitions are handed out again.'
          }
          value={c.assignor}
          options={[
            { value: 'range', label: 'RangeAssignor (eager)' },
            { value: 'roundrobin', label: 'RoundRobinAssignor (eager)' },
            { value: 'sticky', label: 'StickyAssignor (eager)' },
            { value: 'cooperative-sticky', label: 'CooperativeStickyAssignor' },
          ]}
          onCommit={field<Group['config']['assignor']>('config.assignor', (n, v) => (n.config.assignor = v))}
        />
      </fieldset>
      <fieldset className="fieldset">
        <legend>Liveness</legend>
        <NumberField
          label="Heartbeat interval"
          setting="heartbeat.interval.ms"
          unit="ms"
          value={c.heartbeatIntervalMs}
          step={1}
          min={1}
          onCommit={field<number>('config.heartbeatIntervalMs', (n, v) => (n.config.heartbeatIntervalMs = v))}
        />
        <NumberField
          label="Session timeout"
          setting="session.timeout.ms"
          hint="A crashed consumer is noticed only this long after its last heartbeat."
          unit="ms"
          value={c.sessionTimeoutMs}
          step={1}
          min={6000}
          onCommit={field<number>('config.sessionTimeoutMs', (n, v) => (n.config.sessionTimeoutMs = v))}
        />
        <NumberField
          label="Max poll interval"
          setting="max.poll.interval.ms"
          hint="A consumer busy longer than this between polls is kicked out of the group."
          unit="ms"
          value={c.maxPollIntervalMs}
          step={1}
          min={1}
          onCommit={field<number>('config.maxPollIntervalMs', (n, v) => (n.config.maxPollIntervalMs = v))}
        />
      </fieldset>
      <fieldset className="fieldset">
        <legend>Broker</legend>
        <NumberField
          label="Initial rebalance delay"
          setting="group.initial.rebalance.delay.ms"
          unit="ms"
          value={c.initialRebalanceDelayMs}
          step={1}
          min={0}
          onCommit={field<number>('config.initialRebalanceDelayMs', (n, v) => (n.config.initialRebalanceDelayMs = v))}
        />
      </fieldset>
    </>
  );
}
