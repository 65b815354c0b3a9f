// What the engine judges with: targets, policies bound to their checks with options resolved per
// target, waivers and the gate thresholds. The loader builds it; tests can build it directly.
import type { Policy, ResolvedTarget, Waiver } from '../config/schema.js';
import type { Check } from '../kit/define.js';
import type { Severity, Stage } from '../model/types.js';

export interface Position {
  file: string;
  line: number;
  col: number;
}

export interface LoadedPolicy {
  policy: Policy;
  check: Check;
  at: Position;
  /** Options after target references, defaults and the check's schema, keyed by target name. */
  optionsByTarget: Record<string, Record<string, unknown>>;
}

export interface LoadedWaiver {
  waiver: Waiver;
  index: number;
  at: Position;
}

export type Thresholds = Record<Stage, Severity>;

export const DEFAULT_THRESHOLDS: Thresholds = {
  'production-enterprise': 'low',
  'private-beta': 'high',
  'public-demo': 'critical',
};

export interface Inputs {
  targets: ResolvedTarget[];
  policies: LoadedPolicy[];
  waivers: LoadedWaiver[];
  thresholds: Thresholds;
}

/** The policies that apply to a target: enabled, and written for its stage. */
export function policiesFor(inputs: Inputs, target: ResolvedTarget): LoadedPolicy[] {
  return inputs.policies.filter(
    (p) =>
      p.policy.enabled !== false && p.policy.stages.includes(target.stage) && p.optionsByTarget[target.name],
  );
}
