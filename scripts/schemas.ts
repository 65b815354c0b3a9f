// Writes the published JSON Schemas to policies/schema/.
import { writeFileSync } from 'node:fs';
import { PUBLISHED, renderSchema } from '../src/config/published.js';

for (const [name, schema] of Object.entries(PUBLISHED)) {
  writeFileSync(new URL(`../policies/schema/${name}`, import.meta.url), renderSchema(schema));
  console.log(`policies/schema/${name}`);
}
