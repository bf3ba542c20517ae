/** A hidden JSON file picker: a button clicks it; `label` names it for assistive technology and tests. */
import type { Ref } from 'react';

export function HiddenFileInput({
  ref,
  label,
  onFile,
}: {
  ref: Ref<HTMLInputElement>;
  label: string;
  onFile: (file: File) => void;
}) {
  return (
    <input
      ref={ref}
      type="file"
      accept=".json,application/json"
      className="visually-hidden"
      aria-label={label}
      tabIndex={-1}
      onChange={(event) => {
        const file = event.currentTarget.files?.[0];
        event.currentTarget.value = ''; // picking the same file again fires onChange again
        if (file) onFile(file);
      }}
    />
  );
}
