/** A multi-line text input that commits after a pause or on blur. */
import { useId } from 'react';
import { FieldShell } from './FieldShell';
import { useDebouncedCommit, type Commit } from './useDebouncedCommit';

type Props = { label: string; hint?: string; value: string; rows?: number; onCommit: Commit<string> };

export function TextAreaField({ label, hint, value, rows = 4, onCommit }: Props) {
  const id = useId();
  const { error, schedule, flush } = useDebouncedCommit(onCommit);
  return (
    <FieldShell htmlFor={id} label={label} error={error} hint={hint}>
      <textarea
        id={id}
        className="input textarea"
        rows={rows}
        defaultValue={value}
        aria-invalid={error ? true : undefined}
        onChange={(event) => schedule(event.currentTarget.value)}
        onBlur={flush}
      />
    </FieldShell>
  );
}
