// Test helpers for evidence bundles: a project judging a given snapshot, and the bundle a run wrote.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Report } from '../../src/report/model.js';
import type { Snapshot } from '../../src/snapshot/snapshot.js';
import { type CliResult, runCli } from './cli.js';
import { BASE_CONFIG, RETENTION_POLICY, type TempProject, tempProject } from './project.js';

/** The files of a complete bundle, sorted: the report in every format, the snapshot, inputs, manifest
 * (the design's bundle contract, written out here rather than taken from the code under test). */
export const BUNDLE_FILES = [
  'inputs.json',
  'junit.xml',
  'manifest.json',
  'report.html',
  'report.json',
  'report.md',
  'results.sarif',
  'snapshot.json',
];

export function evidenceProject(
  snapshots: Record<string, Snapshot>,
  extra: Record<string, string> = {},
): TempProject {
  const files: Record<string, string> = {
    'readiness.yaml': BASE_CONFIG,
    'policies/backups.yaml': RETENTION_POLICY,
    ...extra,
  };
  for (const [name, snap] of Object.entries(snapshots)) files[name] = JSON.stringify(snap, null, 2);
  return tempProject(files);
}

/** The single bundle folder under `out` (relative to the project). */
export function bundleIn(dir: string, out: string): string {
  const runs = readdirSync(path.join(dir, out)).filter((n) => !n.endsWith('.partial'));
  if (runs.length !== 1) throw new Error(`expected one bundle in ${out}, found ${runs.join(', ')}`);
  return path.join(dir, out, runs[0] as string);
}

export function readReport(bundle: string): Report {
  return JSON.parse(readFileSync(path.join(bundle, 'report.json'), 'utf8')) as Report;
}

/** `check --snapshot SNAP --out OUT ...`; returns the CLI result and the bundle it wrote. */
export async function checkInto(
  p: TempProject,
  snap: string,
  out: string,
  args: string[] = [],
  env: NodeJS.ProcessEnv = {},
): Promise<CliResult & { bundle: string }> {
  const r = await runCli(['check', '--snapshot', snap, '--out', out, '-q', ...args], { cwd: p.dir, env });
  if (r.code === 2) throw new Error(`check failed: ${r.stderr}`);
  return { ...r, bundle: bundleIn(p.dir, out) };
}
