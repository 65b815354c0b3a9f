// Evaluate every target against its policies, apply waivers, mark blocking findings and decide the gate.
import type { Finding } from '../model/types.js';
import type { Snapshot } from '../snapshot/snapshot.js';
import { compareStrings } from '../util/compare.js';
import { evaluateUnit } from './evaluate.js';
import { decide, type Gate, isBlocking } from './gate.js';
import { type Inputs, policiesFor } from './inputs.js';
import { applyWaivers, type WaiverState } from './waivers.js';

export interface Evaluation {
  findings: Finding[];
  waivers: WaiverState[];
  gate: Gate;
}

const STATUS_ORDER = { error: 0, fail: 1, waived: 2, skipped: 3, pass: 4 } as const;

export function compareFindings(a: Finding, b: Finding): number {
  return (
    compareStrings(a.target, b.target) ||
    compareStrings(a.policyId, b.policyId) ||
    compareStrings(a.resource.type, b.resource.type) ||
    compareStrings(a.resource.arn ?? a.resource.id, b.resource.arn ?? b.resource.id) ||
    STATUS_ORDER[a.status] - STATUS_ORDER[b.status] ||
    compareStrings(a.id, b.id)
  );
}

export function evaluate(inputs: Inputs, snapshot: Snapshot): Evaluation {
  const now = new Date(snapshot.collectedAt);
  const raw = inputs.targets.flatMap((target) => {
    const ts = snapshot.targets.find((t) => t.name === target.name);
    return policiesFor(inputs, target).flatMap((policy) =>
      evaluateUnit({ policy, target, snapshot: ts, now }),
    );
  });
  const waived = applyWaivers(raw, inputs.waivers, now);
  const findings = waived.findings
    .map((f) => ({ ...f, blocking: isBlocking(f, inputs.thresholds) }))
    .sort(compareFindings);
  return { findings, waivers: waived.waivers, gate: decide(findings, inputs.thresholds) };
}
