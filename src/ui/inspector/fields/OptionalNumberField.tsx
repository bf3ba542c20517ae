/** A number input that may be left empty (the setting is then unset, e.g. no TTL); commits like NumberField. */
import type { Commit } from './useDebouncedCommit';
import { NumberInput } from './NumberField';

function parseOptional(text: string): { value: number | null; error: string | null } {
  if (text === '') return { value: null, error: null };
  const value = Number(text);
  return { value, error: Number.isFinite(value) ? null : 'expected a number, or nothing' };
}

export function OptionalNumberField(props: {
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
}) {
  return <NumberInput {...props} parse={parseOptional} />;
}
