// `diff`, `check --baseline` and `merge`, end to end through the CLI on bundles judged from snapshots.
import { cpSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BundleDiff } from '../src/evidence/diff.js';
import { rdsInstance, snapshotOf, targetSnapshot } from '../src/kit/builders.js';
import { BUNDLE_FILES, bundleIn, checkInto, evidenceProject, readReport } from './helpers/bundles.js';
import { runCli } from './helpers/cli.js';
import type { TempProject } from './helpers/project.js';

const BETA_POLICY = `id: backups.retention-beta
title: Beta backups kept a week
controls: [SL-BACKUPS]
stages: [private-beta]
check: aws.rds.backup-retention
options:
  minRetentionDays: 7
`;

const prod = (dbs: Record<string, number>) =>
  targetSnapshot('acme-prod', {
    'aws.rds.instances': Object.entries(dbs).map(([id, days]) =>
      rdsInstance({ id, backupRetentionDays: days }),
    ),
    'aws.rds.clusters': [],
  });
const beta = (days: number) =>
  targetSnapshot('acme-beta', {
    'aws.rds.instances': [rdsInstance({ id: 'beta-db', backupRetentionDays: days, region: 'eu-west-1' })],
    'aws.rds.clusters': [],
  });

const PROD = ['--target', 'acme-prod'];
let p: TempProject;
let oldBundle: string;
let newBundle: string;

beforeAll(async () => {
  p = evidenceProject(
    {
      'old.json': snapshotOf([prod({ 'orders-db': 1, 'reports-db': 1, 'billing-db': 35 })]),
      'new.json': snapshotOf([prod({ 'orders-db': 35, 'reports-db': 2, 'billing-db': 1 })]),
      'prod.json': snapshotOf([prod({ 'orders-db': 1 })]),
      'beta.json': snapshotOf([beta(7)]),
    },
    { 'policies/beta.yaml': BETA_POLICY },
  );
  oldBundle = (await checkInto(p, 'old.json', 'old', PROD)).bundle;
  newBundle = (await checkInto(p, 'new.json', 'new', PROD)).bundle;
});
afterAll(() => p?.cleanup());

const rel = (abs: string) => path.relative(p.dir, abs);

describe('readiness diff', () => {
  it('sorts findings into new failures, resolved, still failing and changed evidence (exit 1: new failures)', async () => {
    const r = await runCli(['diff', rel(oldBundle), rel(newBundle), '--format', 'json'], { cwd: p.dir });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    const d = JSON.parse(r.stdout) as BundleDiff;
    const names = (items: { resource: string }[]) => items.map((i) => i.resource);
    expect(names(d.newFailures)).toEqual(['billing-db']);
    expect(names(d.resolved)).toEqual(['orders-db']);
    expect(names(d.stillFailing)).toEqual(['reports-db']);
    expect(d.changedEvidence.map((i) => [i.resource, i.keys])).toEqual([
      ['billing-db', ['backupRetentionPeriod']],
      ['orders-db', ['backupRetentionPeriod']],
      ['reports-db', ['backupRetentionPeriod']],
    ]);
    expect(d.newFailures[0]).toMatchObject({ before: 'pass', after: 'fail', blocking: true });
  });

  it('renders Markdown and terminal text; no new failures is exit 0', async () => {
    const md = await runCli(['diff', rel(oldBundle), rel(newBundle), '--format', 'md'], { cwd: p.dir });
    expect(md.stdout).toContain('## Readiness diff: 1 new failure(s), 1 resolved');
    expect(md.stdout).toMatch(
      /\| acme-prod \| backups\.retention \| billing-db \| pass → fail \*\*blocks\*\* \|/,
    );
    const same = await runCli(['diff', rel(oldBundle), rel(oldBundle)], { cwd: p.dir });
    expect(same.code).toBe(0);
    expect(same.stdout).toContain('New failures: 0');
    expect(same.stdout).toContain('Still failing: 2');
  });

  it('refuses a bundle whose digests do not verify (exit 2)', async () => {
    const bad = path.join(p.dir, 'bad-old');
    cpSync(oldBundle, bad, { recursive: true });
    writeFileSync(path.join(bad, 'report.md'), 'edited');
    const r = await runCli(['diff', 'bad-old', rel(newBundle)], { cwd: p.dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('old bundle');
    expect(r.stderr).toContain('report.md: digest mismatch');
  });
});

describe('check --baseline', () => {
  it('only failures not in the baseline block; known ones are still reported; verify reproduces it', async () => {
    const r = await checkInto(p, 'new.json', 'with-baseline', [...PROD, '--baseline', rel(oldBundle)]);
    expect(r.code).toBe(1);
    const report = readReport(r.bundle);
    const by = Object.fromEntries(report.findings.map((f) => [f.resource.id, [f.status, f.blocking]]));
    expect(by).toEqual({
      'billing-db': ['fail', true],
      'orders-db': ['pass', false],
      'reports-db': ['fail', false],
    });
    expect(report.gate.reasons.join('\n')).toMatch(
      /baseline .*: 1 failing finding\(s\) already in the baseline/,
    );
    const v = await runCli(['verify', rel(r.bundle)], { cwd: p.dir });
    expect(v.code).toBe(0);
  });

  it('passes when every failure is already known', async () => {
    const r = await checkInto(p, 'old.json', 'same-baseline', [...PROD, '--baseline', rel(oldBundle)]);
    expect(r.code).toBe(0);
    const report = readReport(r.bundle);
    expect(report.gate.decision).toBe('passed');
    expect(report.summary.fail).toBe(2);
  });

  it('an unreadable baseline is a usage error', async () => {
    const r = await runCli(['check', '--snapshot', 'new.json', '--baseline', 'nowhere'], { cwd: p.dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--baseline');
  });
});

describe('readiness merge', () => {
  let prodShard: string;
  let betaShard: string;
  beforeAll(async () => {
    prodShard = (await checkInto(p, 'prod.json', 'shards/prod', ['--target', 'acme-prod'])).bundle;
    betaShard = (await checkInto(p, 'beta.json', 'shards/beta', ['--target', 'acme-beta'])).bundle;
  });

  it('joins shards into one verifiable bundle with one gate decision (exit code of the merged gate)', async () => {
    const r = await runCli(['merge', rel(prodShard), rel(betaShard), '--out', 'merged'], { cwd: p.dir });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('merged 2 bundle(s)');
    const dir = bundleIn(p.dir, 'merged');
    expect(readdirSync(dir).sort()).toEqual(BUNDLE_FILES);
    const report = readReport(dir);
    expect(report.run.mode).toBe('merged');
    expect(report.targets.map((t) => t.name)).toEqual(['acme-beta', 'acme-prod']);
    expect(report.summary).toMatchObject({ pass: 1, fail: 1 });
    expect(report.gate.decision).toBe('blocked');
    const shards = [readReport(prodShard), readReport(betaShard)].flatMap((x) => x.findings);
    expect(report.findings.map((f) => f.id).sort()).toEqual(shards.map((f) => f.id).sort());
    const snapshot = JSON.parse(readFileSync(path.join(dir, 'snapshot.json'), 'utf8'));
    expect(snapshot.targets.map((t: { name: string }) => t.name)).toEqual(['acme-beta', 'acme-prod']);
    const v = await runCli(['verify', rel(dir)], { cwd: p.dir });
    expect(v.stdout).toContain('VERIFIED');
    expect(v.code).toBe(0);
  });

  it('a merge of passing shards exits 0', async () => {
    const r = await runCli(['merge', rel(betaShard), '--out', 'merged-beta', '-q'], { cwd: p.dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^gate passed · merged-beta\//);
  });

  it('refuses shards that overlap in targets, or that do not verify (exit 2)', async () => {
    const overlap = await runCli(['merge', rel(prodShard), rel(prodShard), '--out', 'm2'], { cwd: p.dir });
    expect(overlap.code).toBe(2);
    expect(overlap.stderr).toContain('target acme-prod is in both');
    const bad = path.join(p.dir, 'bad-shard');
    cpSync(betaShard, bad, { recursive: true });
    writeFileSync(path.join(bad, 'snapshot.json'), '{}');
    const tampered = await runCli(['merge', rel(prodShard), 'bad-shard', '--out', 'm3'], { cwd: p.dir });
    expect(tampered.code).toBe(2);
    expect(tampered.stderr).toContain('refusing to merge: bad-shard does not verify');
    expect(tampered.stdout).toContain('snapshot.json: digest mismatch');
  });
});
