// Checks a collector's slice against the published snapshot schema, so a collector cannot drift from the
// fact shapes that checks, `verify` and the bundle rely on: valid, nothing outside the schema (bundles are
// cleaned with Value.Clean), nothing undefined.

import type { SliceResult } from '../../src/collect/types.js';
import { FACT_SCHEMAS, type FactName } from '../../src/snapshot/facts.js';
import { TargetSnapshotSchema } from '../../src/snapshot/snapshot.js';
import { compile } from '../../src/util/ajv.js';
import { Type } from '../../src/util/typebox.js';
import { Value } from '../../src/util/typebox-value.js';

export function snapshotErrors(slice: SliceResult): string[] {
  const target = {
    name: 'acme-prod',
    collected: Object.keys(slice.facts).sort(),
    facts: structuredClone(slice.facts),
    errors: slice.errors,
    provenance: {
      startedAt: '2026-11-29T12:00:00.000Z',
      finishedAt: '2026-11-29T12:00:01.000Z',
      calls: slice.calls,
    },
  };
  const validate = compile(TargetSnapshotSchema);
  const problems = validate(target)
    ? []
    : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
  for (const [fact, items] of Object.entries(slice.facts)) {
    const schema = Type.Array(FACT_SCHEMAS[fact as FactName]);
    if (!Value.Equal(Value.Clean(schema, structuredClone(items)), items))
      problems.push(`${fact}: properties outside the schema`);
    if (!Value.Equal(JSON.parse(JSON.stringify(items)), items)) problems.push(`${fact}: undefined values`);
  }
  return problems;
}
