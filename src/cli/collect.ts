// `collect` (write a snapshot only) and `permissions` (least privilege for the enabled policies).
import path from 'node:path';
import { policiesFor } from '../engine/inputs.js';
import { githubScopesFor, iamPolicyFor } from '../engine/permissions.js';
import { writeFileAtomic } from '../evidence/bundle.js';
import { sanitizeSnapshot } from '../evidence/redact.js';
import type { Check } from '../kit/define.js';
import { EXIT, type Io } from './io.js';
import { collectFor, loadOrExit, outputFile, type RunOptions } from './run.js';
import { noteWritten } from './signals.js';

export async function runCollect(io: Io, opts: RunOptions & { output?: string }): Promise<number> {
  const project = loadOrExit(io, opts);
  const now = new Date();
  const file = outputFile(
    io,
    '--out',
    opts.output ?? `snapshot-${now.toISOString().replace(/[-:.]/g, '')}.json`,
  );
  // Kept as `check` keeps it: schema fields only, no credentials in URLs, environment secrets redacted.
  const snapshot = sanitizeSnapshot(await collectFor(project, opts, io, now), io.env);
  const text = `${JSON.stringify(snapshot, null, 2)}\n`;
  writeFileAtomic(file, text);
  noteWritten(file);
  const errors = snapshot.targets.reduce((n, t) => n + t.errors.length, 0);
  const calls = snapshot.targets.reduce(
    (n, t) =>
      n +
      Object.entries(t.provenance.calls)
        .filter(([k]) => !k.startsWith('retries:'))
        .reduce((m, [, v]) => m + v, 0),
    0,
  );
  io.out(
    `${path.relative(io.cwd, file) || file}: ${snapshot.targets.length} target(s), ${calls} API call(s), ${errors} collection error(s)\n`,
  );
  for (const t of snapshot.targets) {
    for (const e of t.errors)
      io.err(`  ${t.name}: ${e.operation} ${[e.account, e.region].filter(Boolean).join('/')}: ${e.code}\n`);
  }
  return errors ? EXIT.incomplete : EXIT.passed;
}

export function renderPermissions(
  io: Io,
  opts: Pick<RunOptions, 'config' | 'targets'> & { format?: string },
): string {
  const project = loadOrExit(io, opts);
  const checks = new Map<string, Check>();
  for (const t of project.inputs.targets)
    for (const p of policiesFor(project.inputs, t)) checks.set(p.check.id, p.check);
  const list = [...checks.values()];
  const assumeRole = project.inputs.targets.some((t) => t.aws?.accounts?.some((a) => a.roleArn));
  const iam = iamPolicyFor(list, { assumeRole });
  const github = githubScopesFor(list);
  if (opts.format === 'iam') return `${JSON.stringify(iam, null, 2)}\n`;
  return `${JSON.stringify({ aws: iam, github: github.map((s) => s.replace(/^github:/, '')) }, null, 2)}\n`;
}
