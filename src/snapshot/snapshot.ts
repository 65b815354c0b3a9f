// The snapshot: everything collected for a run, with provenance and the errors met while collecting.
// Checks judge only this; a saved snapshot re-evaluates to the same findings.
import { type Static, Type } from '../util/typebox.js';
import { FACT_NAMES, FACT_SCHEMAS, type FactMap, type FactName } from './facts.js';

export const SNAPSHOT_SCHEMA_VERSION = 1;

export const FactErrorSchema = Type.Object(
  {
    fact: Type.String({ description: 'The fact that could not be read.' }),
    source: Type.String(),
    operation: Type.String({ description: 'The API operation that failed, e.g. rds:DescribeDBInstances.' }),
    account: Type.Optional(Type.String()),
    region: Type.Optional(Type.String()),
    code: Type.String({ description: 'Error code, e.g. AccessDenied, ThrottlingException, Timeout.' }),
    message: Type.String(),
  },
  { additionalProperties: false },
);
export type FactError = Static<typeof FactErrorSchema>;

const FactsSchema = Type.Object(
  Object.fromEntries(FACT_NAMES.map((name) => [name, Type.Optional(Type.Array(FACT_SCHEMAS[name]))])),
  { additionalProperties: false },
);

export const TargetSnapshotSchema = Type.Object(
  {
    name: Type.String(),
    collected: Type.Array(Type.String(), { description: 'Facts that collection attempted for this target.' }),
    facts: FactsSchema,
    errors: Type.Array(FactErrorSchema),
    provenance: Type.Object({
      startedAt: Type.String(),
      finishedAt: Type.String(),
      calls: Type.Record(Type.String(), Type.Integer(), { description: 'API calls made, per operation.' }),
      endpoint: Type.Optional(Type.String()),
      aws: Type.Optional(
        Type.Object(
          { accounts: Type.Array(Type.String()), regions: Type.Array(Type.String()) },
          { description: "The AWS accounts (empty: the caller's own) and regions this collection covered." },
        ),
      ),
    }),
  },
  { additionalProperties: false },
);

export const SnapshotSchema = Type.Object(
  {
    schemaVersion: Type.Literal(SNAPSHOT_SCHEMA_VERSION),
    kind: Type.Literal('readiness-snapshot'),
    collectedAt: Type.String({ format: 'date-time', description: '"Now" for every check and waiver.' }),
    tool: Type.Object({ name: Type.String(), version: Type.String() }),
    targets: Type.Array(TargetSnapshotSchema),
  },
  { additionalProperties: false, $id: 'https://readiness.dev/schema/snapshot.schema.json' },
);

export interface TargetSnapshot {
  name: string;
  collected: string[];
  facts: Partial<FactMap>;
  errors: FactError[];
  provenance: {
    startedAt: string;
    finishedAt: string;
    calls: Record<string, number>;
    endpoint?: string;
    /** The AWS accounts and regions collected; a target asking for more cannot be judged from it. */
    aws?: { accounts: string[]; regions: string[] };
  };
}
export interface Snapshot {
  schemaVersion: typeof SNAPSHOT_SCHEMA_VERSION;
  kind: 'readiness-snapshot';
  collectedAt: string;
  tool: { name: string; version: string };
  targets: TargetSnapshot[];
}

export function emptyTargetSnapshot(name: string, at: string): TargetSnapshot {
  return {
    name,
    collected: [],
    facts: {},
    errors: [],
    provenance: { startedAt: at, finishedAt: at, calls: {} },
  };
}

export type { FactName };
