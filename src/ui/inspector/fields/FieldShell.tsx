/**
 * The frame of every inspector field: a friendly label, the real system's setting name in small
 * monospace beneath it, the control, and the field's error or hint.
 */
import type { ReactNode } from 'react';

type Props = {
  /** id of the control, for the label. */
  htmlFor: string;
  label: string;
  /** The real setting name, e.g. "enable.auto.commit". */
  setting?: string | undefined;
  error?: string | null | undefined;
  hint?: string | undefined;
  children: ReactNode;
};

export function FieldShell({ htmlFor, label, setting, error, hint, children }: Props) {
  return (
    <div className={`field${error ? ' has-error' : ''}`}>
      <label className="field__label" htmlFor={htmlFor}>
        <span>{label}</span>
        {setting && <code className="field__setting">{setting}</code>}
      </label>
      {children}
      {error ? (
        <p className="field__error" id={`${htmlFor}-error`} role="alert">
          {error}
        </p>
      ) : (
        hint && <p className="field__hint">{hint}</p>
      )}
    </div>
  );
}
