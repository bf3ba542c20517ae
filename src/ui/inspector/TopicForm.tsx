/** Inspector form of a Kafka topic: name, partitions, and the log's retention and compaction settings. */
import type { NodeOfKind } from '../../scenario/schema';
import { nodeField } from './commitField';
import { NumberField } from './fields/NumberField';
import { SelectField } from './fields/SelectField';
import { TextField } from './fields/TextField';
import { TopicLog } from './TopicLog';

type Topic = NodeOfKind<'kafka.topic'>;

export function TopicForm({ node }: { node: Topic }) {
  const field = <T,>(path: string, apply: (n: Topic, value: T) => void) =>
    nodeField<'kafka.topic', T>(node.id, path, apply);
  const c = node.config;
  return (
    <>
      <TextField
        label="Topic name"
        setting="name"
        monospace
        value={node.config.name ?? node.id}
        onCommit={field<string>('config.name', (n, v) => {
          n.config.name = v;
          n.label = v;
        })}
      />
      <NumberField
        label="Partitions"
        setting="partitions"
        hint="Changing it restarts the run: a key’s partition is murmur2(key) mod this number."
        value={node.config.partitions}
        step={1}
        min={1}
        onCommit={field<number>('config.partitions', (n, v) => (n.config.partitions = v))}
      />
      <TopicLog nodeId={node.id} />
      <fieldset className="fieldset">
        <legend>Log</legend>
        <SelectField
          label="Cleanup policy"
          setting="cleanup.policy"
          hint={
            c.cleanupPolicy === 'delete'
              ? 'Old segments are deleted by time or size.'
              : c.cleanupPolicy === 'compact'
                ? 'The cleaner keeps the latest record per key; records need a key.'
                : 'Compaction, and old segments are deleted too.'
          }
          value={c.cleanupPolicy}
          options={[
            { value: 'delete', label: 'delete' },
            { value: 'compact', label: 'compact' },
            { value: 'compact,delete', label: 'compact,delete' },
          ]}
          onCommit={field<Topic['config']['cleanupPolicy']>(
            'config.cleanupPolicy',
            (n, v) => (n.config.cleanupPolicy = v),
          )}
        />
        {c.cleanupPolicy !== 'compact' && (
          <div className="field-row">
            <NumberField
              label="Retention"
              setting="retention.ms"
              unit="ms"
              value={c.retentionMs}
              step={1}
              min={-1}
              onCommit={field<number>('config.retentionMs', (n, v) => (n.config.retentionMs = v))}
            />
            <NumberField
              label="Retention size"
              setting="retention.bytes"
              unit="B"
              value={c.retentionBytes}
              step={1}
              min={-1}
              onCommit={field<number>('config.retentionBytes', (n, v) => (n.config.retentionBytes = v))}
            />
          </div>
        )}
        <div className="field-row">
          <NumberField
            label="Segment size"
            setting="segment.bytes"
            unit="B"
            value={c.segmentBytes}
            step={1}
            min={14}
            onCommit={field<number>('config.segmentBytes', (n, v) => (n.config.segmentBytes = v))}
          />
          <NumberField
            label="Segment time"
            setting="segment.ms"
            unit="ms"
            value={c.segmentMs}
            step={1}
            min={1}
            onCommit={field<number>('config.segmentMs', (n, v) => (n.config.segmentMs = v))}
          />
        </div>
        {c.cleanupPolicy !== 'delete' && (
          <>
            <div className="field-row">
              <NumberField
                label="Tombstones kept"
                setting="delete.retention.ms"
                unit="ms"
                value={c.deleteRetentionMs}
                step={1}
                min={0}
                onCommit={field<number>('config.deleteRetentionMs', (n, v) => (n.config.deleteRetentionMs = v))}
              />
              <NumberField
                label="Dirty ratio"
                setting="min.cleanable.dirty.ratio"
                value={c.minCleanableDirtyRatio}
                step={0.05}
                min={0}
                onCommit={field<number>(
                  'config.minCleanableDirtyRatio',
                  (n, v) => (n.config.minCleanableDirtyRatio = v),
                )}
              />
            </div>
            <NumberField
              label="Min compaction lag"
              setting="min.compaction.lag.ms"
              unit="ms"
              value={c.minCompactionLagMs}
              step={1}
              min={0}
              onCommit={field<number>('config.minCompactionLagMs', (n, v) => (n.config.minCompactionLagMs = v))}
            />
          </>
        )}
      </fieldset>
      <fieldset className="fieldset">
        <legend>Broker</legend>
        <div className="field-row">
          <NumberField
            label="Retention check"
            setting="log.retention.check.interval.ms"
            unit="ms"
            value={c.retentionCheckIntervalMs}
            step={1}
            min={1}
            onCommit={field<number>(
              'config.retentionCheckIntervalMs',
              (n, v) => (n.config.retentionCheckIntervalMs = v),
            )}
          />
          <NumberField
            label="Cleaner backoff"
            setting="log.cleaner.backoff.ms"
            unit="ms"
            value={c.cleanerBackoffMs}
            step={1}
            min={1}
            onCommit={field<number>('config.cleanerBackoffMs', (n, v) => (n.config.cleanerBackoffMs = v))}
          />
        </div>
      </fieldset>
    </>
  );
}
