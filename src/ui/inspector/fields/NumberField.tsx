/** A number input that validates as you type and commits after a pause, on blur or on Enter. */
import { useId } from 'react';
import { FieldShell } from './FieldShell';
import { useDebouncedCommit, type Commit } from './useDebouncedCommit';

type CommonProps = {
  label: string;
  setting?: string | undefined;
  hint?: string | undefined;
  unit?: string | undefined;
  step?: number | undefined;
  min?: number | undefined;
  disabled?: boolean | undefined;
};

/** The shared input: `parse` turns the text into the value to commit, or says what is wrong. */
export function NumberInput<T>({
  label,
  setting,
  hint,
  unit,
  step,
  min,
  disabled,
  value,
  placeholder,
  parse,
  onCommit,
}: CommonProps & {
  value: number | undefined;
  placeholder?: string | undefined;
  parse(text: string): { value: T; error: string | null };
  onCommit: Commit<T>;
}) {
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
          disabled={disabled}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-error` : undefined}
          onChange={(event) => {
            const parsed = parse(event.currentTarget.value.trim());
            schedule(parsed.value, parsed.error);
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

function parseRequired(text: string): { value: number; error: string | null } {
  const value = Number(text);
  return { value, error: text === '' || !Number.isFinite(value) ? 'expected a number' : null };
}

export function NumberField(props: CommonProps & { value: number; onCommit: Commit<number> }) {
  return <NumberInput {...props} parse={parseRequired} />;
}
