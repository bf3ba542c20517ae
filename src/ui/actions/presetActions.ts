/**
 * Opening a built-in example (the Examples menu): the same path as a file from disk, parse →
 * migrate → validate → replace, only starting from the bundled document instead of file text.
 */
import { parseScenario } from '../../scenario/parseScenario';
import type { Preset } from '../../scenario/examples/presets';
import { openParsedScenario } from './fileActions';

export function openPreset(preset: Preset): boolean {
  return openParsedScenario(parseScenario(preset.document), 'from the examples');
}
