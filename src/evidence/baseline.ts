// Baseline mode (`check --baseline DIR`): failures the baseline bundle already had are still reported but
// no longer block; only new ones do. The known ids travel in inputs.json, so `verify` re-judges the same way.

import { decide } from '../engine/gate.js';
import { type Evaluation, evaluate } from '../engine/index.js';
import type { Inputs } from '../engine/inputs.js';
import type { Report } from '../report/model.js';
import type { Snapshot } from '../snapshot/snapshot.js';
import type { Baseline } from './inputs-file.js';

const failing = (status: string) => status === 'fail' || status === 'error';

export function baselineOf(report: Report): Baseline {
  return {
    runId: report.run.id,
    known: report.findings
      .filter((f) => failing(f.status))
      .map((f) => f.id)
      .sort(),
  };
}

export function applyBaseline(evaluation: Evaluation, baseline: Baseline, inputs: Inputs): Evaluation {
  const known = new Set(baseline.known);
  let accepted = 0;
  const findings = evaluation.findings.map((f) => {
    if (!f.blocking || !known.has(f.id)) return f;
    accepted++;
    return { ...f, blocking: false };
  });
  const gate = decide(findings, inputs.thresholds);
  gate.reasons.push(
    `baseline ${baseline.runId}: ${accepted} failing finding(s) already in the baseline are reported but do not block`,
  );
  return { ...evaluation, findings, gate };
}

/** Evaluation as `check` does it: the engine, then the baseline when there is one. */
export function judge(inputs: Inputs, snapshot: Snapshot, baseline?: Baseline): Evaluation {
  const evaluation = evaluate(inputs, snapshot);
  return baseline ? applyBaseline(evaluation, baseline, inputs) : evaluation;
}
