// Collection: for each target, hand each source collector the facts the plan asks of it, run them
// concurrently, and assemble the snapshot with provenance. A fact no collector provides is recorded as
// an error, so the checks that need it fail closed.

import type { ResolvedTarget } from '../config/schema.js';
import type { FactName } from '../snapshot/facts.js';
import { SNAPSHOT_SCHEMA_VERSION, type Snapshot, type TargetSnapshot } from '../snapshot/snapshot.js';
import { compareStrings } from '../util/compare.js';
import { TOOL } from '../version.js';
import type { CollectOptions, SliceResult, SourceCollector } from './types.js';

export interface CollectRequest {
  target: ResolvedTarget;
  facts: FactName[];
}

function merge(into: TargetSnapshot, slice: SliceResult): void {
  Object.assign(into.facts, slice.facts);
  into.errors.push(...slice.errors);
  for (const [op, n] of Object.entries(slice.calls))
    into.provenance.calls[op] = (into.provenance.calls[op] ?? 0) + n;
}

export async function collect(
  requests: CollectRequest[],
  collectors: readonly SourceCollector[],
  options: CollectOptions,
): Promise<Snapshot> {
  const collectedAt = options.now.toISOString();
  const targets = await Promise.all(
    requests.map(async ({ target, facts }) => {
      const started = new Date().toISOString();
      const ts: TargetSnapshot = {
        name: target.name,
        collected: [...facts].sort(),
        facts: {},
        errors: [],
        provenance: { startedAt: started, finishedAt: started, calls: {} },
      };
      if (target.aws?.endpoint) ts.provenance.endpoint = target.aws.endpoint;
      if (target.aws && facts.some((f) => f.startsWith('aws.'))) {
        ts.provenance.aws = {
          accounts: (target.aws.accounts ?? []).map((a) => a.id).sort(),
          regions: [...target.aws.regions].sort(),
        };
      }
      const jobs: Promise<void>[] = [];
      const unclaimed = new Set(facts);
      for (const c of collectors) {
        const mine = facts.filter((f) => c.facts.includes(f));
        if (mine.length === 0) continue;
        for (const f of mine) unclaimed.delete(f);
        jobs.push(
          c.collect(target, mine, options).then(
            (slice) => merge(ts, slice),
            (err: unknown) =>
              merge(ts, {
                facts: {},
                calls: {},
                errors: mine.map((fact) => ({
                  fact,
                  source: c.source,
                  operation: `${c.source}:collect`,
                  code: 'CollectorFailed',
                  message: err instanceof Error ? err.message : String(err),
                })),
              }),
          ),
        );
      }
      for (const fact of unclaimed) {
        ts.errors.push({
          fact,
          source: 'none',
          operation: 'collect',
          code: 'NoCollector',
          message: 'no collector provides this fact',
        });
      }
      await Promise.all(jobs);
      ts.errors.sort((a, b) => compareStrings(JSON.stringify(a), JSON.stringify(b)));
      ts.provenance.finishedAt = new Date().toISOString();
      return ts;
    }),
  );
  return {
    schemaVersion: SNAPSHOT_SCHEMA_VERSION,
    kind: 'readiness-snapshot',
    collectedAt,
    tool: TOOL,
    targets,
  };
}
