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
  const raw: Omit<Finding, 'blocking'>[] = [];
  for (const target of inputs.targets) {
    const ts = snapshot.targets.find((t) => t.name === target.name);
    for (const policy of policiesFor(inputs, target))
      for (const f of evaluateUnit({ policy, target, snapshot: ts, now })) raw.push(f);
  }
  const waived = applyWaivers(raw, inputs.waivers, now);
  // The findings are this evaluation's own objects: `blocking` is set on them rather than on copies.
  const findings = waived.findings as Finding[];
  for (const f of findings) f.blocking = isBlocking(f, inputs.thresholds);
  return {
    findings: sortFindings(findings),
    waivers: waived.waivers,
    gate: decide(findings, inputs.thresholds),
  };
}

/**
 * The findings in compareFindings order, without calling it n log n times: every distinct resource (type,
 * then ARN or id, as one string joined by \0, which sorts below any other character so that comparing
 * the strings compares field by field) is ranked once; then the findings of each (target, policy) — a
 * few buckets, in order — are sorted by resource rank, status and id.
 */
export function sortFindings(findings: Finding[]): Finding[] {
  const n = findings.length;
  const rankOf = new Map<string, number>();
  const resourceKeys: string[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const r = (findings[i] as Finding).resource;
    const key = `${r.type}\0${r.arn ?? r.id}`;
    resourceKeys[i] = key;
    rankOf.set(key, 0);
  }
  let rank = 0;
  for (const key of [...rankOf.keys()].sort(compareStrings)) rankOf.set(key, rank++);
  const ranks = new Int32Array(n);
  const buckets = new Map<string, number[]>();
  for (let i = 0; i < n; i++) {
    const f = findings[i] as Finding;
    ranks[i] = rankOf.get(resourceKeys[i] as string) as number;
    const group = `${f.target}\0${f.policyId}`;
    const bucket = buckets.get(group);
    if (bucket) bucket.push(i);
    else buckets.set(group, [i]);
  }
  const out: Finding[] = [];
  for (const group of [...buckets.keys()].sort(compareStrings)) {
    const bucket = buckets.get(group) as number[];
    bucket.sort((a, b) => {
      const fa = findings[a] as Finding;
      const fb = findings[b] as Finding;
      return (
        (ranks[a] as number) - (ranks[b] as number) ||
        STATUS_ORDER[fa.status] - STATUS_ORDER[fb.status] ||
        compareStrings(fa.id, fb.id)
      );
    });
    for (const i of bucket) out.push(findings[i] as Finding);
  }
  return out;
}
