// The words of the design page as types: stages, severities, statuses, resources and findings.
import { type Static, Type } from '../util/typebox.js';

export const STAGES = ['public-demo', 'private-beta', 'production-enterprise'] as const;
export type Stage = (typeof STAGES)[number];
export const StageSchema = Type.Unsafe<Stage>({
  type: 'string',
  enum: [...STAGES],
  description: 'Workspace stage, as on the service levels page.',
});

/** Ordered from most to least severe. */
export const SEVERITIES = ['critical', 'high', 'medium', 'low'] as const;
export type Severity = (typeof SEVERITIES)[number];
export const SeveritySchema = Type.Unsafe<Severity>({
  type: 'string',
  enum: [...SEVERITIES],
  description: 'critical, high, medium or low.',
});

/** True when `a` is at least as severe as `b`. */
export function atLeast(a: Severity, b: Severity): boolean {
  return SEVERITIES.indexOf(a) <= SEVERITIES.indexOf(b);
}

export const STATUSES = ['pass', 'fail', 'error', 'skipped', 'waived'] as const;
export type Status = (typeof STATUSES)[number];

export const ResourceRefSchema = Type.Object(
  {
    type: Type.String({
      description: 'Kind of resource, e.g. aws.rds.db-instance, github.repository, target.',
    }),
    id: Type.String(),
    arn: Type.Optional(Type.String()),
    account: Type.Optional(Type.String()),
    region: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
);
export type ResourceRef = Static<typeof ResourceRefSchema>;

export type DataValue = string | number | boolean | null;
export type MessageData = Record<string, DataValue | undefined>;

export interface WaiverRef {
  id: string;
  reason: string;
  owner: string;
  approver: string;
  ticket: string;
  expires: string;
}

export interface Finding {
  id: string;
  policyId: string;
  checkId: string;
  target: string;
  stage: Stage;
  severity: Severity;
  status: Status;
  blocking: boolean;
  resource: ResourceRef;
  messageId: string;
  message: string;
  data: MessageData;
  evidence: Record<string, unknown>;
  controls: string[];
  frameworks: string[];
  remediation?: string;
  waiver?: WaiverRef;
}
