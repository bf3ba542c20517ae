/** Inspector form of a Kafka topic: its name and partition count. */
import type { NodeOfKind } from '../../scenario/schema';
import { nodeField } from './commitField';
import { NumberField } from './fields/NumberField';
import { TextField } from './fields/TextField';

type Topic = NodeOfKind<'kafka.topic'>;

export function TopicForm({ node }: { node: Topic }) {
  const field = <T,>(path: string, apply: (n: Topic, value: T) => void) =>
    nodeField<'kafka.topic', T>(node.id, path, apply);
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
    </>
  );
}
