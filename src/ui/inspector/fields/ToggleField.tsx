/** An on/off setting as a checkbox with its label; commits at once. */
import { useId, useState } from 'react';

type Props = {
  label: string;
  setting?: string;
  hint?: string;
  value: boolean;
  onCommit(value: boolean): string | null;
};

export function ToggleField({ label, setting, hint, value, onCommit }: Props) {
  const id = useId();
  const [error, setError] = useState<string | null>(null);
  return (
    <div className={`field field--toggle${error ? ' has-error' : ''}`}>
      <input
        id={id}
        type="checkbox"
        className="toggle"
        checked={value}
        onChange={(event) => setError(onCommit(event.currentTarget.checked))}
      />
      <label className="field__label" htmlFor={id}>
        <span>{label}</span>
        {setting && <code className="field__setting">{setting}</code>}
      </label>
      {error ? <p className="field__error">{error}</p> : hint && <p className="field__hint">{hint}</p>}
    </div>
  );
}
