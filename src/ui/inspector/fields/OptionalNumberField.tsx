/** A number input that may be left empty (the setting is then unset, e.g. no TTL); commits like NumberField. */
import { useId } from 'react';
import { FieldShell } from './FieldShell';
import { useDebouncedCommit, type Commit } from './useDebouncedCommit';

type Props = {
  label: string;
  setting?: string;
  hint?: string;
  value: number | undefined;
  /** Shown when empty, e.g. "none". */
  placeholder: string;
  unit?: string;
  step?: number;
  min?: number;
  /** null: the field was emptied. */
  onCommit: Commit<number | null>;
};

export function OptionalNumberField({ label, setting, hint, value, placeholder, unit, step, min, onCommit }: Props) {
  const id = useId();
  const { error, schedule, flush } = useDebouncedCommit(onCommit);
  return (
    <FieldShell htmlFor={id} label={label} setting={setting} error={error} hint={hint}>
      <div className={`input-wrap${unit ? ' input-wrap--unit' : ''}`}>
        <input
          id={id}
          className="input"
          type="number"
          inputMode="decimal"
          defaultValue={value ?? ''}
          placeholder={placeholder}
          step={step ?? 'any'}
          min={min}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-error` : undefined}
          onChange={(event) => {
            const text = event.currentTarget.value.trim();
            const parsed = Number(text);
            if (text === '') schedule(null);
            else schedule(parsed, Number.isFinite(parsed) ? null : 'expected a number, or nothing');
          }}
          onBlur={flush}
          onKeyDown={(event) => {
            if (event.key === 'Enter') flush();
          }}
        />
        {unit && <span className="input-unit">{unit}</span>}
      </div>
    </FieldShell>
  );
}
