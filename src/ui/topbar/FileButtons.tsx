/** Examples, Open… and Save: built-in example scenarios and scenario files in the product's own format. */
import { useRef } from 'react';
import { openScenarioFile, saveScenario } from '../actions/fileActions';
import { ExamplesMenu } from './ExamplesMenu';
import { OpenIcon, SaveIcon } from './Icons';

export function FileButtons() {
  const input = useRef<HTMLInputElement>(null);
  return (
    <div className="file-buttons">
      <ExamplesMenu />
      <input
        ref={input}
        type="file"
        accept=".json,application/json"
        className="visually-hidden"
        aria-label="Open scenario file"
        tabIndex={-1}
        onChange={(event) => {
          const file = event.currentTarget.files?.[0];
          event.currentTarget.value = '';
          if (file) void openScenarioFile(file);
        }}
      />
      <button type="button" className="btn btn--ghost" onClick={() => input.current?.click()}>
        <OpenIcon />
        <span>Open…</span>
      </button>
      <button type="button" className="btn btn--ghost" onClick={saveScenario}>
        <SaveIcon />
        <span>Save</span>
      </button>
    </div>
  );
}
