/** A choice among a few options; commits at once. */
import { useId, useState } from 'react';
import { FieldShell } from './FieldShell';

type Props<T extends string> = {
  label: string;
  setting?: string;
  hint?: string;
  value: T;
  options: readonly { value: T; label: string }[];
  disabled?: boolean;
  onCommit(value: T): string | null;
};

export function SelectField<T extends string>({ label, setting, hint, value, options, disabled, onCommit }: Props<T>) {
  const id = useId();
  const [error, setError] = useState<string | null>(null);
  return (
    <FieldShell htmlFor={id} label={label} setting={setting} error={error} hint={hint}>
      <select
        id={id}
        className="input select"
        value={value}
        disabled={disabled}
        onChange={(event) => setError(onCommit(event.currentTarget.value as T))}
      >
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </FieldShell>
  );
}
