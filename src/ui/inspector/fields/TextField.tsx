/** A one-line text input that commits after a pause, on blur or on Enter. */
import { useId } from 'react';
import { FieldShell } from './FieldShell';
import { useDebouncedCommit, type Commit } from './useDebouncedCommit';

type Props = {
  label: string;
  setting?: string;
  hint?: string;
  value: string;
  placeholder?: string;
  monospace?: boolean;
  onCommit: Commit<string>;
};

export function TextField({ label, setting, hint, value, placeholder, monospace, onCommit }: Props) {
  const id = useId();
  const { error, schedule, flush } = useDebouncedCommit(onCommit);
  return (
    <FieldShell htmlFor={id} label={label} setting={setting} error={error} hint={hint}>
      <input
        id={id}
        className={`input${monospace ? ' input--mono' : ''}`}
        type="text"
        spellCheck={false}
        defaultValue={value}
        placeholder={placeholder}
        aria-invalid={error ? true : undefined}
        onChange={(event) => schedule(event.currentTarget.value)}
        onBlur={flush}
        onKeyDown={(event) => {
          if (event.key === 'Enter') flush();
        }}
      />
    </FieldShell>
  );
}
