// inputs.json: what evaluation needs besides the snapshot — the resolved targets, each policy with its
// options already resolved per target and its file position (the check named by id), the waivers, the
// gate thresholds and, in baseline mode, the failures the baseline already knew. With it, `verify` and
// `merge` rebuild the engine's Inputs from the check registry and re-judge a bundle offline.

import { getCheck } from '../../checks/index.js';
import { PolicySchema, type ResolvedTarget, WaiverSchema } from '../config/schema.js';
import type { Inputs, LoadedPolicy, Position, Thresholds } from '../engine/inputs.js';
import { SeveritySchema, StageSchema } from '../model/types.js';
import { createAjv } from '../util/ajv.js';
import { type Static, Type } from '../util/typebox.js';

export const INPUTS_FILE = 'inputs.json';

const PositionSchema = Type.Object({ file: Type.String(), line: Type.Integer(), col: Type.Integer() });

export const BaselineSchema = Type.Object(
  {
    runId: Type.String({ description: 'Run id of the baseline bundle.' }),
    known: Type.Array(Type.String(), {
      description: 'Ids of findings that failed or errored in the baseline.',
    }),
  },
  { additionalProperties: false },
);
export type Baseline = Static<typeof BaselineSchema>;

export const InputsFileSchema = Type.Object(
  {
    schemaVersion: Type.Literal(1),
    kind: Type.Literal('readiness-inputs'),
    targets: Type.Array(
      Type.Object({ name: Type.String(), stage: StageSchema }, { additionalProperties: true }),
    ),
    policies: Type.Array(
      Type.Object(
        {
          policy: PolicySchema,
          checkId: Type.String(),
          at: PositionSchema,
          optionsByTarget: Type.Record(Type.String(), Type.Record(Type.String(), Type.Unknown())),
        },
        { additionalProperties: false },
      ),
    ),
    waivers: Type.Array(
      Type.Object(
        { waiver: WaiverSchema, index: Type.Integer(), at: PositionSchema },
        { additionalProperties: false },
      ),
    ),
    thresholds: Type.Object({
      'public-demo': SeveritySchema,
      'private-beta': SeveritySchema,
      'production-enterprise': SeveritySchema,
    }),
    baseline: Type.Optional(BaselineSchema),
  },
  { additionalProperties: false },
);
export type InputsFile = Static<typeof InputsFileSchema>;

export function toInputsFile(inputs: Inputs, baseline?: Baseline): InputsFile {
  return {
    schemaVersion: 1,
    kind: 'readiness-inputs',
    targets: inputs.targets,
    policies: inputs.policies.map((p) => ({
      policy: p.policy,
      checkId: p.check.id,
      at: p.at,
      optionsByTarget: p.optionsByTarget,
    })),
    waivers: inputs.waivers.map((w) => ({ waiver: w.waiver, index: w.index, at: w.at })),
    thresholds: inputs.thresholds,
    ...(baseline ? { baseline } : {}),
  };
}

export function renderInputs(file: InputsFile): string {
  return `${JSON.stringify(file, null, 2)}\n`;
}

// A private ajv instance: the policy schema's $id must not clash with the loader's compiled copy.
let validator: ReturnType<ReturnType<typeof createAjv>['compile']> | undefined;

/** Rebuilds Inputs from parsed inputs.json; `problems` names what is malformed or unknown to this version. */
export function fromInputsFile(value: unknown): { inputs?: Inputs; baseline?: Baseline; problems: string[] } {
  validator ??= createAjv().compile(InputsFileSchema);
  if (!validator(value)) {
    return {
      problems: (validator.errors ?? [])
        .slice(0, 10)
        .map((e) => `inputs.json${e.instancePath || ''}: ${e.message}`),
    };
  }
  const file = value as InputsFile;
  const problems: string[] = [];
  const policies: LoadedPolicy[] = [];
  for (const p of file.policies) {
    const check = getCheck(p.checkId);
    if (!check)
      problems.push(`policy ${p.policy.id}: check ${p.checkId} is not known to this version of readiness`);
    else policies.push({ policy: p.policy, check, at: p.at as Position, optionsByTarget: p.optionsByTarget });
  }
  if (problems.length) return { problems };
  return {
    inputs: {
      targets: file.targets as ResolvedTarget[],
      policies,
      waivers: file.waivers,
      thresholds: file.thresholds as Thresholds,
    },
    ...(file.baseline ? { baseline: file.baseline } : {}),
    problems,
  };
}
