/** A JSON textarea (e.g. a scripted producer's messages): parse errors show at once, schema errors on commit. */
import { useId } from 'react';
import { FieldShell } from './FieldShell';
import { useDebouncedCommit, type Commit } from './useDebouncedCommit';

type Props = { label: string; hint?: string; value: unknown; rows?: number; onCommit: Commit<unknown> };

export function JsonField({ label, hint, value, rows = 10, onCommit }: Props) {
  const id = useId();
  const { error, schedule, flush } = useDebouncedCommit(onCommit);
  return (
    <FieldShell htmlFor={id} label={label} error={error} hint={hint}>
      <textarea
        id={id}
        className="input input--mono textarea"
        rows={rows}
        spellCheck={false}
        defaultValue={JSON.stringify(value, null, 2)}
        aria-invalid={error ? true : undefined}
        onChange={(event) => {
          try {
            schedule(JSON.parse(event.currentTarget.value) as unknown);
          } catch (e) {
            schedule(null, `not valid JSON: ${e instanceof Error ? e.message : String(e)}`);
          }
        }}
        onBlur={flush}
      />
    </FieldShell>
  );
}
