// Builds the report from an evaluation: pure, deterministic (sorted), with run ids and times set apart.
import type { Evaluation } from '../engine/index.js';
import type { Inputs } from '../engine/inputs.js';
import { type Finding, STATUSES, type Status } from '../model/types.js';
import type { Snapshot } from '../snapshot/snapshot.js';
import { compareStrings } from '../util/compare.js';
import { TOOL } from '../version.js';
import { REPORT_SCHEMA_VERSION, type Report, type ReportTarget } from './model.js';

export interface RunInfo {
  id: string;
  startedAt: string;
  finishedAt: string;
  mode: Report['run']['mode'];
}

export function summarize(findings: readonly Finding[]): Record<Status, number> {
  const s = Object.fromEntries(STATUSES.map((k) => [k, 0])) as Record<Status, number>;
  for (const f of findings) s[f.status]++;
  return s;
}

export function buildReport(args: {
  inputs: Inputs;
  evaluation: Evaluation;
  snapshot: Snapshot;
  run: RunInfo;
  configFile: string;
  digests: Record<string, string>;
}): Report {
  const { inputs, evaluation, snapshot, run } = args;
  const targets: ReportTarget[] = inputs.targets.map((t) => {
    const ts = snapshot.targets.find((s) => s.name === t.name);
    const identities = (ts?.facts['aws.identity'] ?? [])
      .map((i) => ({ account: i.account, arn: i.arn }))
      .filter((i, n, all) => all.findIndex((j) => j.account === i.account && j.arn === i.arn) === n)
      .sort((a, b) => compareStrings(a.account, b.account));
    return {
      name: t.name,
      stage: t.stage,
      ...(t.residency ? { residency: t.residency } : {}),
      threshold: inputs.thresholds[t.stage],
      summary: summarize(evaluation.findings.filter((f) => f.target === t.name)),
      identities,
      collectionErrors: ts?.errors ?? [],
      calls: Object.fromEntries(
        Object.entries(ts?.provenance.calls ?? {}).sort(([a], [b]) => compareStrings(a, b)),
      ),
    };
  });
  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    tool: TOOL,
    run: { ...run, collectedAt: snapshot.collectedAt },
    gate: {
      decision: evaluation.gate.decision,
      reasons: evaluation.gate.reasons,
      exitCode: evaluation.gate.exitCode,
      thresholds: { ...evaluation.gate.thresholds },
    },
    summary: summarize(evaluation.findings),
    targets,
    policies: inputs.policies
      .map((p) => ({
        id: p.policy.id,
        title: p.policy.title,
        checkId: p.check.id,
        file: p.at.file,
        line: p.at.line,
        col: p.at.col,
        controls: p.policy.controls,
        frameworks: p.policy.frameworks ?? [],
        severity: p.policy.severity ?? p.check.meta.severity,
        stages: p.policy.stages,
        ...(p.policy.commitment ? { commitment: p.policy.commitment } : {}),
      }))
      .sort((a, b) => compareStrings(a.id, b.id)),
    findings: evaluation.findings,
    waivers: evaluation.waivers,
    inputs: { config: args.configFile, digests: args.digests },
  };
}
