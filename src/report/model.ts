// The report: what every output format renders, and what report.json holds. Pure data; its JSON Schema
// is published in policies/schema/report.schema.json.

import type { Gate } from '../engine/gate.js';
import type { WaiverState } from '../engine/waivers.js';
import type { Finding, Stage, Status } from '../model/types.js';
import type { FactError } from '../snapshot/snapshot.js';
import { type Static, Type } from '../util/typebox.js';

export const REPORT_SCHEMA_VERSION = 1;

export interface ReportTarget {
  name: string;
  stage: Stage;
  residency?: string;
  threshold: string;
  summary: Record<Status, number>;
  /** Identities read for this target (from the aws.identity fact), when collected. */
  identities: { account: string; arn: string }[];
  collectionErrors: FactError[];
  calls: Record<string, number>;
}

export interface PolicyInfo {
  id: string;
  title: string;
  checkId: string;
  file: string;
  line: number;
  col: number;
  controls: string[];
  frameworks: string[];
  severity: string;
  stages: string[];
  commitment?: string;
}

export interface Report {
  schemaVersion: typeof REPORT_SCHEMA_VERSION;
  tool: { name: string; version: string };
  run: {
    id: string;
    startedAt: string;
    finishedAt: string;
    collectedAt: string;
    mode: 'live' | 'snapshot' | 'merged';
  };
  gate: Pick<Gate, 'decision' | 'reasons'> & { exitCode: number; thresholds: Record<string, string> };
  summary: Record<Status, number>;
  targets: ReportTarget[];
  policies: PolicyInfo[];
  findings: Finding[];
  waivers: WaiverState[];
  inputs: { config: string; digests: Record<string, string> };
}

const Str = Type.String();
const StatusEnum = Type.Unsafe<Status>({
  type: 'string',
  enum: ['pass', 'fail', 'error', 'skipped', 'waived'],
});
const Summary = Type.Object(
  {
    pass: Type.Integer(),
    fail: Type.Integer(),
    error: Type.Integer(),
    skipped: Type.Integer(),
    waived: Type.Integer(),
  },
  { additionalProperties: false },
);

export const ReportSchema = Type.Object(
  {
    schemaVersion: Type.Literal(REPORT_SCHEMA_VERSION),
    tool: Type.Object({ name: Str, version: Str }),
    run: Type.Object({
      id: Str,
      startedAt: Type.String({ format: 'date-time' }),
      finishedAt: Type.String({ format: 'date-time' }),
      collectedAt: Type.String({ format: 'date-time' }),
      mode: Type.Unsafe<string>({ type: 'string', enum: ['live', 'snapshot', 'merged'] }),
    }),
    gate: Type.Object({
      decision: Type.Unsafe<string>({ type: 'string', enum: ['passed', 'blocked'] }),
      reasons: Type.Array(Str),
      exitCode: Type.Integer(),
      thresholds: Type.Record(Str, Str),
    }),
    summary: Summary,
    targets: Type.Array(
      Type.Object({
        name: Str,
        stage: Str,
        residency: Type.Optional(Str),
        threshold: Str,
        summary: Summary,
        identities: Type.Array(Type.Object({ account: Str, arn: Str })),
        collectionErrors: Type.Array(Type.Object({}, { additionalProperties: true })),
        calls: Type.Record(Str, Type.Integer()),
      }),
    ),
    policies: Type.Array(Type.Object({ id: Str, title: Str, checkId: Str, file: Str, line: Type.Integer() })),
    findings: Type.Array(
      Type.Object({
        id: Str,
        policyId: Str,
        checkId: Str,
        target: Str,
        stage: Str,
        severity: Str,
        status: StatusEnum,
        blocking: Type.Boolean(),
        resource: Type.Object({
          type: Str,
          id: Str,
          arn: Type.Optional(Str),
          account: Type.Optional(Str),
          region: Type.Optional(Str),
        }),
        messageId: Str,
        message: Str,
        data: Type.Record(Str, Type.Unknown()),
        evidence: Type.Record(Str, Type.Unknown()),
        controls: Type.Array(Str),
        frameworks: Type.Array(Str),
        remediation: Type.Optional(Str),
        waiver: Type.Optional(Type.Object({}, { additionalProperties: true })),
      }),
    ),
    waivers: Type.Array(Type.Object({ id: Str, policy: Str, target: Str, status: Str, expires: Str })),
    inputs: Type.Object({ config: Str, digests: Type.Record(Str, Str) }),
  },
  { $id: 'https://readiness.dev/schema/report.schema.json', title: 'readiness report.json' },
);
export type ReportJson = Static<typeof ReportSchema>;
