// The shapes users write: readiness.yaml, policy documents and waivers. Published as JSON Schemas under
// policies/schema/ (npm run schemas) so editors can complete and check the YAML.

import { SeveritySchema, StageSchema } from '../model/types.js';
import { type Static, Type } from '../util/typebox.js';

const Strict = { additionalProperties: false } as const;
const AccountId = Type.String({ pattern: '^[0-9]{12}$', description: 'A 12-digit AWS account id.' });
const QuotaSchema = Type.Object(
  {
    burst: Type.Integer({ minimum: 1, description: 'Requests the token bucket holds when full.' }),
    perSecond: Type.Number({ exclusiveMinimum: 0, description: 'Requests per second it refills with.' }),
  },
  Strict,
);

export const OrderFormSchema = Type.Object(
  {
    rpoMinutes: Type.Optional(
      Type.Integer({ minimum: 1, description: 'Recovery point objective, in minutes.' }),
    ),
    rtoMinutes: Type.Optional(
      Type.Integer({ minimum: 1, description: 'Recovery time objective, in minutes.' }),
    ),
    backupRetentionDays: Type.Optional(
      Type.Integer({ minimum: 1, description: 'How long backups must be kept, in days.' }),
    ),
    restoreTestMaxAgeDays: Type.Optional(
      Type.Integer({
        minimum: 1,
        description: 'A validated restore test must be at most this many days old.',
      }),
    ),
  },
  { ...Strict, description: 'Values from the signed order form.' },
);

export const TargetSchema = Type.Object(
  {
    name: Type.String({
      pattern: '^[a-z0-9][a-z0-9._-]{0,62}$',
      description: 'Target name (lower case, no slashes).',
    }),
    stage: StageSchema,
    residency: Type.Optional(
      Type.String({ description: 'Named data residency, e.g. uk, eu, us (see residencies).' }),
    ),
    orderForm: Type.Optional(OrderFormSchema),
    aws: Type.Optional(
      Type.Object(
        {
          regions: Type.Array(Type.String({ pattern: '^[a-z]{2}(-gov)?-[a-z]+-[0-9]$' }), {
            minItems: 1,
            description: 'Regions to read.',
          }),
          endpoint: Type.Optional(
            Type.String({
              format: 'uri',
              description: 'Endpoint override (LocalStack, moto, the built-in simulator).',
            }),
          ),
          profile: Type.Optional(
            Type.String({ description: 'Named profile; default is the standard credential chain.' }),
          ),
          accounts: Type.Optional(
            Type.Array(
              Type.Object(
                {
                  id: AccountId,
                  roleArn: Type.Optional(Type.String({ pattern: '^arn:aws[a-z-]*:iam::[0-9]{12}:role/.+$' })),
                  externalId: Type.Optional(Type.String()),
                },
                Strict,
              ),
              { minItems: 1 },
            ),
          ),
          quotas: Type.Optional(
            Type.Object(
              { rds: Type.Optional(QuotaSchema), backup: Type.Optional(QuotaSchema) },
              {
                ...Strict,
                description:
                  'Request quotas per account and region that the collector paces itself to. Default against ' +
                  'AWS: its published defaults (RDS 300 in a burst, 12 a second; AWS Backup taken as 20 and ' +
                  '10). Behind an endpoint override that is not an AWS host, a service without a quota here is ' +
                  'not paced until it throttles.',
              },
            ),
          ),
          scope: Type.Optional(
            Type.Object(
              { tags: Type.Optional(Type.Record(Type.String(), Type.String())) },
              { ...Strict, description: 'Only resources carrying all these tags belong to the target.' },
            ),
          ),
        },
        Strict,
      ),
    ),
    github: Type.Optional(
      Type.Object(
        {
          repo: Type.String({ pattern: '^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$', description: 'owner/name' }),
          environment: Type.Optional(Type.String()),
          apiUrl: Type.Optional(Type.String({ format: 'uri' })),
        },
        Strict,
      ),
    ),
    statusPage: Type.Optional(Type.Object({ url: Type.String({ format: 'uri' }) }, Strict)),
    repo: Type.Optional(Type.Object({ path: Type.String() }, Strict)),
  },
  Strict,
);

export const ConfigSchema = Type.Object(
  {
    $schema: Type.Optional(Type.String()),
    targets: Type.Array(TargetSchema, { minItems: 1 }),
    policies: Type.Array(Type.String(), {
      minItems: 1,
      description: 'Policy files or folders, relative to this file.',
    }),
    waivers: Type.Optional(
      Type.Union([Type.String(), Type.Array(Type.String())], {
        description: 'Waiver file(s), relative to this file.',
      }),
    ),
    residencies: Type.Optional(
      Type.Record(Type.String(), Type.Array(Type.String(), { minItems: 1 }), {
        description: 'Residency name to the AWS regions it allows; merged over the built-in map.',
      }),
    ),
    gate: Type.Optional(
      Type.Object(
        {
          thresholds: Type.Optional(
            Type.Object(
              {
                'public-demo': Type.Optional(SeveritySchema),
                'private-beta': Type.Optional(SeveritySchema),
                'production-enterprise': Type.Optional(SeveritySchema),
              },
              {
                ...Strict,
                description: 'Per stage: findings at or above this severity that fail or error block.',
              },
            ),
          ),
        },
        Strict,
      ),
    ),
    collect: Type.Optional(
      Type.Object(
        {
          concurrency: Type.Optional(Type.Integer({ minimum: 1, maximum: 64 })),
          timeoutMs: Type.Optional(Type.Integer({ minimum: 100 })),
        },
        Strict,
      ),
    ),
  },
  { ...Strict, $id: 'https://readiness.dev/schema/config.schema.json', title: 'readiness.yaml' },
);

export const ScopeSchema = Type.Object(
  {
    tags: Type.Optional(
      Type.Record(Type.String(), Type.String(), { description: 'All these tags must match.' }),
    ),
    resourceTypes: Type.Optional(Type.Array(Type.String())),
    ids: Type.Optional(Type.Array(Type.String(), { description: 'Resource id globs (*, ?).' })),
    accounts: Type.Optional(Type.Array(AccountId)),
    regions: Type.Optional(Type.Array(Type.String())),
  },
  { ...Strict, description: 'Which resources the policy judges (all must match).' },
);

export const PolicySchema = Type.Object(
  {
    $schema: Type.Optional(Type.String()),
    id: Type.String({ pattern: '^[a-z0-9][a-z0-9.-]*$', description: 'Unique policy id.' }),
    title: Type.String({ minLength: 1 }),
    description: Type.Optional(Type.String()),
    commitment: Type.Optional(
      Type.String({ description: 'The published commitment text this policy proves.' }),
    ),
    controls: Type.Array(Type.String({ minLength: 1 }), {
      minItems: 1,
      description: 'Control ids, e.g. SL-BACKUPS.',
    }),
    frameworks: Type.Optional(
      Type.Array(Type.String(), { description: 'Framework references, e.g. ISO27001:A.8.13.' }),
    ),
    stages: Type.Array(StageSchema, { minItems: 1, uniqueItems: true }),
    severity: Type.Optional(SeveritySchema),
    check: Type.String({ description: 'The check id, e.g. aws.rds.backup-retention.' }),
    options: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
    scope: Type.Optional(ScopeSchema),
    emptyScope: Type.Optional(
      Type.Unsafe<'fail' | 'skip'>({
        type: 'string',
        enum: ['fail', 'skip'],
        description: 'What an empty set of resources means: fail (default; no vacuous pass) or skip.',
      }),
    ),
    remediation: Type.Optional(Type.String()),
    enabled: Type.Optional(Type.Boolean()),
  },
  { ...Strict, $id: 'https://readiness.dev/schema/policy.schema.json', title: 'readiness policy' },
);

export const WaiverSchema = Type.Object(
  {
    policy: Type.String({ description: 'Policy id.' }),
    target: Type.String({ description: 'Target name.' }),
    resource: Type.Optional(
      Type.String({ description: 'Resource id or ARN glob (*, ?); default every resource.' }),
    ),
    reason: Type.String({ minLength: 1 }),
    owner: Type.String({ minLength: 1 }),
    approver: Type.String({ minLength: 1, description: 'Who approved it; must not be the owner.' }),
    ticket: Type.String({ minLength: 1 }),
    expires: Type.String({
      format: 'date',
      description: 'YYYY-MM-DD; the waiver stops waiving at the start of this day (UTC).',
    }),
  },
  Strict,
);

export const WaiverFileSchema = Type.Object(
  { $schema: Type.Optional(Type.String()), waivers: Type.Array(WaiverSchema) },
  { ...Strict, $id: 'https://readiness.dev/schema/waivers.schema.json', title: 'readiness waivers' },
);

export type Config = Static<typeof ConfigSchema>;
export type Target = Static<typeof TargetSchema>;
export type Policy = Static<typeof PolicySchema>;
export type Waiver = Static<typeof WaiverSchema>;
export type Scope = Static<typeof ScopeSchema>;
export type OrderForm = Static<typeof OrderFormSchema>;

/** A target as the engine sees it: the config entry plus what the config derives for it. */
export type ResolvedTarget = Target & { residencyRegions?: string[] };
