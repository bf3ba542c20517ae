/** A number input that validates as you type and commits after a pause, on blur or on Enter. */
import { useId } from 'react';
import { FieldShell } from './FieldShell';
import { useDebouncedCommit, type Commit } from './useDebouncedCommit';

type Props = {
  label: string;
  setting?: string;
  hint?: string;
  value: number;
  unit?: string;
  step?: number;
  min?: number;
  disabled?: boolean;
  onCommit: Commit<number>;
};

export function NumberField({ label, setting, hint, value, unit, step, min, disabled, onCommit }: Props) {
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
          defaultValue={value}
          step={step ?? 'any'}
          min={min}
          disabled={disabled}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-error` : undefined}
          onChange={(event) => {
            const text = event.currentTarget.value.trim();
            const parsed = Number(text);
            schedule(parsed, text === '' || !Number.isFinite(parsed) ? 'expected a number' : null);
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
