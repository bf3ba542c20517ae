/** Writes public/scenario.schema.json from the zod schema (npm run schema). */
import { writeFileSync } from 'node:fs';
import { scenarioJsonSchemaText } from '../src/scenario/jsonSchema';

writeFileSync(new URL('../public/scenario.schema.json', import.meta.url), scenarioJsonSchemaText());
console.log('wrote public/scenario.schema.json');
