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
 * The findings in compareFindings order. Findings are bucketed by (target, policy) first — few buckets,
 * sorted once — and each bucket is sorted by the rest of the key as one string (fields joined by \0, which
 * sorts below any other character, so comparing the strings compares field by field). Building the keys
 * once is far cheaper than calling compareFindings n log n times.
 */
export function sortFindings(findings: Finding[]): Finding[] {
  const buckets = new Map<string, { key: string; f: Finding }[]>();
  for (const f of findings) {
    const group = `${f.target}\0${f.policyId}`;
    const key = `${f.resource.type}\0${f.resource.arn ?? f.resource.id}\0${STATUS_ORDER[f.status]}\0${f.id}`;
    const bucket = buckets.get(group);
    if (bucket) bucket.push({ key, f });
    else buckets.set(group, [{ key, f }]);
  }
  const out: Finding[] = [];
  for (const group of [...buckets.keys()].sort(compareStrings)) {
    const bucket = buckets.get(group) as { key: string; f: Finding }[];
    bucket.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    for (const k of bucket) out.push(k.f);
  }
  return out;
}
