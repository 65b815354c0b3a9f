// `readiness diff OLD NEW`: what changed between two bundles, finding by finding (matched by id, which is
// stable for a policy, target and resource). Pure; the renderers live in src/report/diff.ts.

import type { Finding, Status } from '../model/types.js';
import type { Report } from '../report/model.js';
import { compareStrings } from '../util/compare.js';
import { canonical } from './verify.js';

export interface DiffItem {
  id: string;
  policyId: string;
  target: string;
  resource: string;
  before?: Status;
  after?: Status;
  message: string;
  blocking: boolean;
}

export interface BundleDiff {
  old: { runId: string; decision: string; collectedAt: string };
  new: { runId: string; decision: string; collectedAt: string };
  newFailures: DiffItem[];
  resolved: DiffItem[];
  stillFailing: DiffItem[];
  changedEvidence: (DiffItem & { keys: string[] })[];
}

const failing = (f: Finding | undefined) => f !== undefined && (f.status === 'fail' || f.status === 'error');

function item(f: Finding, before: Finding | undefined, after: Finding | undefined): DiffItem {
  return {
    id: f.id,
    policyId: f.policyId,
    target: f.target,
    resource: f.resource.id,
    ...(before ? { before: before.status } : {}),
    ...(after ? { after: after.status } : {}),
    message: (after ?? f).message,
    blocking: after?.blocking ?? false,
  };
}

function changedKeys(a: Record<string, unknown>, b: Record<string, unknown>): string[] {
  return [...new Set([...Object.keys(a), ...Object.keys(b)])]
    .filter((k) => canonical(a[k] ?? null) !== canonical(b[k] ?? null))
    .sort();
}

export function diffReports(oldReport: Report, newReport: Report): BundleDiff {
  const before = new Map(oldReport.findings.map((f) => [f.id, f]));
  const after = new Map(newReport.findings.map((f) => [f.id, f]));
  const ids = [...new Set([...before.keys(), ...after.keys()])];
  const d: BundleDiff = {
    old: {
      runId: oldReport.run.id,
      decision: oldReport.gate.decision,
      collectedAt: oldReport.run.collectedAt,
    },
    new: {
      runId: newReport.run.id,
      decision: newReport.gate.decision,
      collectedAt: newReport.run.collectedAt,
    },
    newFailures: [],
    resolved: [],
    stillFailing: [],
    changedEvidence: [],
  };
  for (const id of ids) {
    const a = before.get(id);
    const b = after.get(id);
    const f = (b ?? a) as Finding;
    if (failing(b) && !failing(a)) d.newFailures.push(item(f, a, b));
    else if (failing(a) && !failing(b)) d.resolved.push(item(f, a, b));
    else if (failing(a) && failing(b)) d.stillFailing.push(item(f, a, b));
    if (a && b) {
      const keys = changedKeys(a.evidence, b.evidence);
      if (keys.length) d.changedEvidence.push({ ...item(f, a, b), keys });
    }
  }
  const order = (x: DiffItem, y: DiffItem) =>
    compareStrings(x.target, y.target) ||
    compareStrings(x.policyId, y.policyId) ||
    compareStrings(x.resource, y.resource) ||
    compareStrings(x.id, y.id);
  for (const list of [d.newFailures, d.resolved, d.stillFailing, d.changedEvidence]) list.sort(order);
  return d;
}
