/**
 * Examples, Open… and Save: built-in example scenarios and scenario files in the product's own
 * format; then RabbitMQ's own definitions.json in and out (RabbitDefinitionsMenu).
 */
import { useRef } from 'react';
import { openScenarioFile, saveScenario } from '../actions/fileActions';
import { ExamplesMenu } from './ExamplesMenu';
import { HiddenFileInput } from './HiddenFileInput';
import { OpenIcon, SaveIcon } from './Icons';
import { RabbitDefinitionsMenu } from './RabbitDefinitionsMenu';

export function FileButtons() {
  const input = useRef<HTMLInputElement>(null);
  return (
    <div className="file-buttons">
      <ExamplesMenu />
      <HiddenFileInput ref={input} label="Open scenario file" onFile={(file) => void openScenarioFile(file)} />
      <button type="button" className="btn btn--ghost" onClick={() => input.current?.click()}>
        <OpenIcon />
        <span>Open…</span>
      </button>
      <button type="button" className="btn btn--ghost" onClick={saveScenario}>
        <SaveIcon />
        <span>Save</span>
      </button>
      <RabbitDefinitionsMenu />
    </div>
  );
}
