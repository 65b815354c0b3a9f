// The gate: blocked when any finding at or above its stage's threshold is `fail` or `error`.
import { atLeast, type Finding } from '../model/types.js';
import { compareStrings } from '../util/compare.js';
import type { Thresholds } from './inputs.js';

export interface Gate {
  decision: 'passed' | 'blocked';
  /** 0 passed, 1 blocked by failures, 3 blocked only by incomplete evidence. */
  exitCode: 0 | 1 | 3;
  reasons: string[];
  thresholds: Thresholds;
}

export function isBlocking(f: Omit<Finding, 'blocking'>, thresholds: Thresholds): boolean {
  return (f.status === 'fail' || f.status === 'error') && atLeast(f.severity, thresholds[f.stage]);
}

export function decide(findings: Finding[], thresholds: Thresholds): Gate {
  const blocking = findings.filter((f) => f.blocking);
  const byTarget = new Map<string, { fail: number; error: number; stage: string }>();
  for (const f of blocking) {
    const entry = byTarget.get(f.target) ?? { fail: 0, error: 0, stage: f.stage };
    entry[f.status === 'fail' ? 'fail' : 'error']++;
    byTarget.set(f.target, entry);
  }
  const reasons = [...byTarget.entries()]
    .sort(([a], [b]) => compareStrings(a, b))
    .flatMap(([target, c]) => {
      const threshold = thresholds[c.stage as keyof Thresholds];
      const out: string[] = [];
      if (c.fail)
        out.push(`${target}: ${c.fail} failing finding(s) at or above ${threshold} (stage ${c.stage})`);
      if (c.error) {
        out.push(
          `${target}: ${c.error} finding(s) could not be determined at or above ${threshold} (stage ${c.stage})`,
        );
      }
      return out;
    });
  const anyFail = blocking.some((f) => f.status === 'fail');
  return {
    decision: blocking.length ? 'blocked' : 'passed',
    exitCode: anyFail ? 1 : blocking.length ? 3 : 0,
    reasons,
    thresholds,
  };
}
