// `readiness merge`: shard bundles (one or more targets each, e.g. one per CI matrix job) become one set of
// inputs and one snapshot, judged again as a whole for one report and one gate. Shards must not overlap in
// targets and must have been judged with the same policies, waivers and thresholds. "Now" for the merged
// judgement is the latest shard's collectedAt: every fact was read before it, so ages are never understated.

import type { ResolvedTarget } from '../config/schema.js';
import type { Inputs, LoadedPolicy, LoadedWaiver } from '../engine/inputs.js';
import type { Snapshot } from '../snapshot/snapshot.js';
import { compareStrings } from '../util/compare.js';
import { type Baseline, fromInputsFile } from './inputs-file.js';
import type { LoadedBundle } from './read.js';
import { canonical } from './verify.js';

export interface Merged {
  inputs: Inputs;
  snapshot: Snapshot;
  baseline?: Baseline;
  digests: Record<string, string>;
  startedAt: string;
  configFile: string;
}

export function mergeBundles(bundles: readonly LoadedBundle[]): { merged?: Merged; problems: string[] } {
  const problems: string[] = [];
  const owner = new Map<string, string>();
  const targets: ResolvedTarget[] = [];
  const policies = new Map<string, LoadedPolicy>();
  const waivers = new Map<string, LoadedWaiver>();
  const digests: Record<string, string> = {};
  const known = new Set<string>();
  const baselineRuns = new Set<string>();
  let thresholds: Inputs['thresholds'] | undefined;
  let snapshot: Snapshot | undefined;

  for (const b of bundles) {
    const dir = b.check.dir;
    const rebuilt = fromInputsFile(b.inputs);
    if (!rebuilt.inputs) {
      problems.push(
        ...(b.inputs === undefined
          ? [`${dir}: no inputs.json`]
          : rebuilt.problems.map((p) => `${dir}: ${p}`)),
      );
      continue;
    }
    const inputs = rebuilt.inputs;
    for (const t of inputs.targets) {
      const first = owner.get(t.name);
      if (first) problems.push(`target ${t.name} is in both ${first} and ${dir}; shards must not overlap`);
      else {
        owner.set(t.name, dir);
        targets.push(t);
      }
    }
    if (thresholds && canonical(thresholds) !== canonical(inputs.thresholds)) {
      problems.push(`${dir}: gate thresholds differ from the other shards`);
    }
    thresholds ??= inputs.thresholds;
    for (const p of inputs.policies) {
      const seen = policies.get(p.policy.id);
      if (!seen) {
        policies.set(p.policy.id, { ...p, optionsByTarget: { ...p.optionsByTarget } });
        continue;
      }
      if (canonical(seen.policy) !== canonical(p.policy) || seen.check.id !== p.check.id) {
        problems.push(`${dir}: policy ${p.policy.id} differs from the other shards' copy`);
      }
      Object.assign(seen.optionsByTarget, p.optionsByTarget);
    }
    for (const w of inputs.waivers) {
      const key = `${w.at.file}#${w.index}`;
      const seen = waivers.get(key);
      if (seen && canonical(seen.waiver) !== canonical(w.waiver))
        problems.push(`${dir}: waiver ${key} differs from the other shards' copy`);
      waivers.set(key, w);
    }
    for (const [file, digest] of Object.entries(b.report.inputs.digests)) {
      if (digests[file] !== undefined && digests[file] !== digest)
        problems.push(`${dir}: input ${file} differs (${digest} vs ${digests[file]})`);
      digests[file] = digest;
    }
    if (rebuilt.baseline) {
      baselineRuns.add(rebuilt.baseline.runId);
      for (const id of rebuilt.baseline.known) known.add(id);
    }
    const mine = new Set(inputs.targets.map((t) => t.name));
    const shardTargets = b.snapshot.targets.filter((t) => mine.has(t.name));
    if (!snapshot) snapshot = { ...b.snapshot, targets: [...shardTargets] };
    else {
      snapshot.targets.push(...shardTargets);
      if (b.snapshot.collectedAt > snapshot.collectedAt) snapshot.collectedAt = b.snapshot.collectedAt;
    }
  }
  if (problems.length || !snapshot || !thresholds)
    return { problems: problems.length ? problems : ['nothing to merge'] };
  const byName = (a: { name: string }, b: { name: string }) => compareStrings(a.name, b.name);
  snapshot.targets.sort(byName);
  const first = bundles[0] as LoadedBundle;
  return {
    problems,
    merged: {
      inputs: {
        targets: targets.sort(byName),
        policies: [...policies.values()],
        waivers: [...waivers.values()],
        thresholds,
      },
      snapshot,
      ...(baselineRuns.size
        ? { baseline: { runId: [...baselineRuns].sort().join('+'), known: [...known].sort() } }
        : {}),
      digests: Object.fromEntries(Object.entries(digests).sort(([a], [b]) => compareStrings(a, b))),
      startedAt: bundles.map((b) => b.report.run.startedAt).sort()[0] ?? first.report.run.startedAt,
      configFile: first.report.inputs.config,
    },
  };
}
