// End to end: the CLI as a subprocess, covering exit codes 0, 1, 2 and 3 and the bundle it writes.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { factError, rdsInstance, snapshotOf, targetSnapshot } from '../src/kit/builders.js';
import type { Report } from '../src/report/model.js';
import type { Snapshot } from '../src/snapshot/snapshot.js';
import { BUNDLE_FILES } from './helpers/bundles.js';
import { runCli } from './helpers/cli.js';
import { BASE_CONFIG, RETENTION_POLICY, type TempProject, tempProject } from './helpers/project.js';

let project: TempProject | undefined;
afterEach(() => project?.cleanup());

function setup(snapshot: Snapshot, extra: Record<string, string> = {}): TempProject {
  project = tempProject({
    'readiness.yaml': BASE_CONFIG,
    'policies/backups.yaml': RETENTION_POLICY,
    'snap.json': JSON.stringify(snapshot, null, 2),
    ...extra,
  });
  return project;
}

function bundle(dir: string): { dir: string; files: string[]; report: Report } {
  const runs = readdirSync(path.join(dir, 'reports'));
  expect(runs).toHaveLength(1);
  const bdir = path.join(dir, 'reports', runs[0] as string);
  return {
    dir: bdir,
    files: readdirSync(bdir).sort(),
    report: JSON.parse(readFileSync(path.join(bdir, 'report.json'), 'utf8')) as Report,
  };
}

const snap = (retention: number, errors = false) =>
  snapshotOf([
    targetSnapshot(
      'acme-prod',
      {
        'aws.rds.instances': [rdsInstance({ id: 'orders-db', backupRetentionDays: retention })],
        'aws.rds.clusters': [],
      },
      errors ? [factError({ fact: 'aws.rds.instances', code: 'AccessDenied' })] : [],
    ),
  ]);

describe('readiness CLI', () => {
  it('exit 0: the gate passes and the bundle holds every file', async () => {
    const p = setup(snap(35));
    const r = await runCli(['check', '--snapshot', 'snap.json'], { cwd: p.dir });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Gate: PASSED');
    const b = bundle(p.dir);
    expect(b.files).toEqual(BUNDLE_FILES);
    expect(b.report.gate.decision).toBe('passed');
    expect(b.report.summary).toEqual({ pass: 1, fail: 0, error: 0, skipped: 0, waived: 0 });
  });

  it('exit 1: a production database keeping backups for 1 day fails, with the observed retention as evidence', async () => {
    const p = setup(snap(1));
    const r = await runCli(['check', '--snapshot', 'snap.json'], { cwd: p.dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('Gate: BLOCKED');
    const f = bundle(p.dir).report.findings;
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({
      status: 'fail',
      blocking: true,
      messageId: 'retentionTooShort',
      resource: { type: 'aws.rds.db-instance', id: 'orders-db' },
      evidence: { backupRetentionPeriod: 1, minRetentionDays: 35 },
      controls: ['SL-BACKUPS'],
    });
  });

  it('exit 3: a collection error for that fact gives an error finding and no pass', async () => {
    const p = setup(snap(35, true));
    const r = await runCli(['evaluate', 'snap.json'], { cwd: p.dir });
    expect(r.code).toBe(3);
    const report = bundle(p.dir).report;
    expect(report.summary.pass).toBe(0);
    expect(report.findings.map((f) => [f.status, f.messageId])).toEqual([['error', 'factUnavailable']]);
    expect(report.findings[0]?.message).toContain('rds:DescribeDBInstances');
    expect(report.findings[0]?.message).toContain('AccessDenied');
    expect(report.gate.reasons[0]).toContain('could not be determined');
  });

  it('exit 2: validate prints three positioned problems for a bad policy file', async () => {
    const bad = `id: backups.retention
title: x
controls: [SL-BACKUPS]
stages: [production-enterprise]
check: aws.rds.backup-retention
options: { minRetentionDays: "35" }
---
id: other
title: y
controls: [SL-BACKUPS]
stages: [production-enterprise]
check: aws.rds.backups-retention
---
id: backups.retention
title: z
controls: [SL-BACKUPS]
stages: [production-enterprise]
check: aws.rds.backup-retention
`;
    const p = setup(snap(35), { 'policies/backups.yaml': bad });
    const r = await runCli(['validate'], { cwd: p.dir });
    expect(r.code).toBe(2);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toEqual([
      'policies/backups.yaml:6:30 options.minRetentionDays: must be an integer (aws.rds.backup-retention)',
      'policies/backups.yaml:12:8 check: unknown check "aws.rds.backups-retention"; did you mean "aws.rds.backup-retention"?',
      'policies/backups.yaml:14:5 id: duplicate policy id "backups.retention" (first defined at policies/backups.yaml:1:5)',
      '3 problem(s); nothing was collected.',
    ]);
    expect(r.stderr).not.toMatch(/\bat .*\.ts:\d+/);
    const again = await runCli(['check', '--snapshot', 'snap.json'], { cwd: p.dir });
    expect(again.code).toBe(2);
    expect(() => readdirSync(path.join(p.dir, 'reports'))).toThrow();
  });

  it('exit 0 from validate on a valid project', async () => {
    const p = setup(snap(35));
    const r = await runCli(['validate'], { cwd: p.dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('2 target(s), 1 policies, 0 waiver(s)');
  });

  it('exit 2 for usage errors: unknown command, unknown format, unknown target, damaged snapshot', async () => {
    const p = setup(snap(35), {
      'broken.json': '{"schemaVersion": 1, "kind": "readiness-snapshot", "targets": 5}',
    });
    expect((await runCli(['frobnicate'], { cwd: p.dir })).code).toBe(2);
    const fmt = await runCli(['check', '--snapshot', 'snap.json', '--format', 'pdf'], { cwd: p.dir });
    expect([fmt.code, fmt.stderr]).toEqual([2, expect.stringContaining('unknown format(s) pdf')]);
    const tgt = await runCli(['check', '--snapshot', 'snap.json', '--target', 'acme-prd'], { cwd: p.dir });
    expect([tgt.code, tgt.stderr]).toEqual([2, expect.stringContaining('did you mean "acme-prod"')]);
    const broken = await runCli(['check', '--snapshot', 'broken.json'], { cwd: p.dir });
    expect(broken.code).toBe(2);
    expect(broken.stderr).toContain('broken.json:1:');
  });

  it('the manifest holds the SHA-256 of every bundle file and of the inputs', async () => {
    const p = setup(snap(1));
    await runCli(['check', '--snapshot', 'snap.json'], { cwd: p.dir });
    const b = bundle(p.dir);
    const manifest = JSON.parse(readFileSync(path.join(b.dir, 'manifest.json'), 'utf8'));
    expect(manifest.files.map((f: { path: string }) => f.path)).toEqual(
      b.files.filter((f) => f !== 'manifest.json'),
    );
    for (const f of manifest.files) {
      expect(f.sha256).toBe(
        createHash('sha256')
          .update(readFileSync(path.join(b.dir, f.path)))
          .digest('hex'),
      );
    }
    expect(Object.keys(manifest.inputs)).toEqual(['readiness.yaml', 'policies/backups.yaml']);
    expect(manifest.inputs['readiness.yaml']).toBe(
      `sha256:${createHash('sha256').update(BASE_CONFIG).digest('hex')}`,
    );
    expect(manifest.tool).toEqual({ name: 'readiness', version: expect.any(String) });
  });

  it('run ids are unique and sort by time; a second run never overwrites the first', async () => {
    const p = setup(snap(35));
    await runCli(['check', '--snapshot', 'snap.json', '-q'], { cwd: p.dir });
    await runCli(['check', '--snapshot', 'snap.json', '-q'], { cwd: p.dir });
    const runs = readdirSync(path.join(p.dir, 'reports'));
    expect(runs).toHaveLength(2);
    expect([...runs].sort()).toEqual(runs.sort());
    const [a, b] = runs.sort() as [string, string];
    expect(a < b).toBe(true);
    expect(a).toMatch(/^\d{8}T\d{9}Z-[0-9a-f]{6}$/);
  });

  it('the demo runs the whole pipeline, says where the bundle is, and exits 0 with its gate blocked on purpose', async () => {
    project = tempProject({});
    const r = await runCli(['demo'], { cwd: project.dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Gate: BLOCKED');
    expect(r.stdout).toContain('blocked on purpose');
    expect(r.stdout).toMatch(/Evidence bundle: reports\/\S+/);
    const b = bundle(project.dir);
    expect(b.report.summary.fail).toBeGreaterThan(0);
    expect(b.report.summary.pass).toBeGreaterThan(0);
    expect(b.report.targets.map((t) => t.stage).sort()).toEqual([
      'private-beta',
      'production-enterprise',
      'public-demo',
    ]);
  });

  it('NO_COLOR and non-TTY output carry no escape codes; --quiet prints one line', async () => {
    const p = setup(snap(1));
    const r = await runCli(['check', '--snapshot', 'snap.json', '--quiet'], {
      cwd: p.dir,
      env: { NO_COLOR: '1' },
    });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^gate blocked · reports\/\S+\n$/);
    expect(r.stdout).not.toContain('\u001b[');
  });
});
