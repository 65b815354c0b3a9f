// The JSON Schemas published under policies/schema/ for editors (yaml-language-server modelines) and
// for consumers of report.json and snapshot.json. `npm run schemas` writes them; a test keeps them current.
import { CHECKS } from '../../checks/index.js';
import { ReportSchema } from '../report/model.js';
import { SnapshotSchema } from '../snapshot/snapshot.js';
import { ConfigSchema, PolicySchema, WaiverFileSchema } from './schema.js';

/** The policy schema, with each check's own options schema attached so editors complete options too. */
function policyWithOptions(): object {
  return {
    ...PolicySchema,
    properties: {
      ...PolicySchema.properties,
      check: { ...PolicySchema.properties.check, enum: CHECKS.map((c) => c.id) },
    },
    allOf: CHECKS.map((c) => ({
      if: { properties: { check: { const: c.id } }, required: ['check'] },
      // biome-ignore lint/suspicious/noThenProperty: JSON Schema's if/then keyword
      then: { properties: { options: { ...c.options, description: c.meta.title } } },
    })),
  };
}

export const PUBLISHED: Record<string, object> = {
  'config.schema.json': ConfigSchema,
  'policy.schema.json': policyWithOptions(),
  'waivers.schema.json': WaiverFileSchema,
  'report.schema.json': ReportSchema,
  'snapshot.schema.json': SnapshotSchema,
};

export function renderSchema(schema: object): string {
  return `${JSON.stringify({ $schema: 'http://json-schema.org/draft-07/schema#', ...schema }, null, 2)}\n`;
}
