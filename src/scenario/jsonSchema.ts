/**
 * The published JSON Schema of the scenario format, generated from the zod schema (zod 4's
 * `toJSONSchema`, input side: fields with defaults are optional), so editors can validate and
 * complete scenario files. `npm run schema` writes it to public/scenario.schema.json; a unit test
 * fails when the committed file is stale.
 */
import { z } from 'zod';
import { CURRENT_VERSION, ScenarioShape } from './schema';

export const SCHEMA_URL = 'https://eventscope.dev/scenario.schema.json';

export function scenarioJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(ScenarioShape, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return {
    ...schema,
    $id: SCHEMA_URL,
    title: `Eventscope scenario, format version ${CURRENT_VERSION}`,
    description:
      'A scenario for Eventscope, the visual simulator of event-driven systems. Reference: docs/scenario-format.md. Cross-references (unique ids, edges between existing and compatible nodes) are checked by Eventscope itself.',
  };
}

export function scenarioJsonSchemaText(): string {
  return `${JSON.stringify(scenarioJsonSchema(), null, 2)}\n`;
}
