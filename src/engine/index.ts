// Evaluate every target against its policies, apply waivers, mark blocking findings and decide the gate.
import type { Finding } from '../model/types.js';
import type { Snapshot } from '../snapshot/snapshot.js';
import { compareStrings } from '../util/compare.js';
import { entry } from '../util/map.js';
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
 * The findings in compareFindings order, cheaply for a hundred thousand of them. Every distinct resource
 * (type, then ARN or id) is numbered as first met and ranked once, and the findings of each (target,
 * policy) — a few buckets, taken in order — are sorted by resource rank, status and id. No key strings
 * are built (strings joined or sliced compare far slower than flat ones): lookups go through maps of
 * maps keyed by the fields themselves, and a run of findings of one unit shares its bucket lookup.
 */
export function sortFindings(findings: Finding[]): Finding[] {
  const n = findings.length;
  // type → ARN or id → number of the distinct resource; target → policy → indices of its findings.
  const numbers = new Map<string, Map<string, number>>();
  const distinct: { type: string; key: string }[] = [];
  const resourceOf = new Int32Array(n);
  const statuses = new Uint8Array(n);
  const groups = new Map<string, Map<string, number[]>>();
  let bucket: number[] = [];
  let lastTarget: string | undefined;
  let lastPolicy: string | undefined;
  // Runs of one resource type are long: its map is looked up once per run.
  let lastType: string | undefined;
  let byKey = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    const f = findings[i] as Finding;
    const r = f.resource;
    const key = r.arn ?? r.id;
    if (r.type !== lastType) {
      lastType = r.type;
      byKey = entry(numbers, r.type, () => new Map<string, number>());
    }
    let number = byKey.get(key);
    if (number === undefined) {
      number = distinct.length;
      byKey.set(key, number);
      distinct.push({ type: r.type, key });
    }
    resourceOf[i] = number;
    statuses[i] = STATUS_ORDER[f.status];
    if (f.target !== lastTarget || f.policyId !== lastPolicy) {
      lastTarget = f.target;
      lastPolicy = f.policyId;
      bucket = entry(
        entry(groups, f.target, () => new Map<string, number[]>()),
        f.policyId,
        () => [],
      );
    }
    bucket.push(i);
  }
  const order = Array.from({ length: distinct.length }, (_, k) => k).sort((a, b) => {
    const x = distinct[a] as { type: string; key: string };
    const y = distinct[b] as { type: string; key: string };
    return compareStrings(x.type, y.type) || compareStrings(x.key, y.key);
  });
  const rankOf = new Int32Array(distinct.length);
  for (let rank = 0; rank < order.length; rank++) rankOf[order[rank] as number] = rank;
  const ranks = new Int32Array(n);
  for (let i = 0; i < n; i++) ranks[i] = rankOf[resourceOf[i] as number] as number;
  const out: Finding[] = [];
  for (const target of [...groups.keys()].sort(compareStrings)) {
    const byPolicy = groups.get(target) as Map<string, number[]>;
    for (const policy of [...byPolicy.keys()].sort(compareStrings))
      for (const i of sortBucket(byPolicy.get(policy) as number[], ranks, statuses, findings))
        out.push(findings[i] as Finding);
  }
  return out;
}

const POSITIONS = 2 ** 24;
const RANKS = 2 ** 26;

/**
 * One bucket's finding indices by (resource rank, status, id). Each is packed into one number —
 * (rank × 8 + status) × 2^24 + its place in the bucket, exact below 2^53 — and the numbers sorted as
 * numbers, which needs no comparison callback; the place keeps equal keys in bucket order, as a stable
 * sort would. Findings with equal rank and status (one resource judged twice by a policy) are then put
 * in id order. Beyond those bounds, a comparison sort.
 */
function sortBucket(
  indices: number[],
  ranks: Int32Array,
  statuses: Uint8Array,
  findings: Finding[],
): number[] {
  const m = indices.length;
  const idOf = (i: number) => (findings[i] as Finding).id;
  const byKey = (a: number, b: number) =>
    (ranks[a] as number) - (ranks[b] as number) ||
    (statuses[a] as number) - (statuses[b] as number) ||
    compareStrings(idOf(a), idOf(b));
  // Every rank is below the number of findings (ranks.length).
  if (m >= POSITIONS || ranks.length >= RANKS) return indices.sort(byKey);
  const keys = new Float64Array(m);
  for (let k = 0; k < m; k++) {
    const i = indices[k] as number;
    keys[k] = ((ranks[i] as number) * 8 + (statuses[i] as number)) * POSITIONS + k;
  }
  keys.sort();
  const out = new Array<number>(m);
  for (let k = 0; k < m; k++) out[k] = indices[(keys[k] as number) % POSITIONS] as number;
  // Runs of one rank and status, if any, in id order (stable, so equal ids keep bucket order).
  for (let start = 0; start < m; ) {
    let end = start + 1;
    const key = Math.floor((keys[start] as number) / POSITIONS);
    while (end < m && Math.floor((keys[end] as number) / POSITIONS) === key) end++;
    if (end - start > 1) {
      const run = out.slice(start, end).sort((a, b) => compareStrings(idOf(a), idOf(b)));
      for (let k = 0; k < run.length; k++) out[start + k] = run[k] as number;
    }
    start = end;
  }
  return out;
}
