// `collect`, `evaluate` and `permissions` end to end: the CLI as a subprocess against the AWS simulator,
// through the real SDK clients, with static credentials in the environment.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Estate } from '../src/sim/estate.js';
import { type Simulator, startSimulator } from '../src/sim/index.js';
import type { Snapshot } from '../src/snapshot/snapshot.js';
import { runCli } from './helpers/cli.js';
import { RETENTION_POLICY, type TempProject, tempProject } from './helpers/project.js';

const estate = JSON.parse(
  readFileSync(new URL('../examples/demo/estate.json', import.meta.url), 'utf8'),
) as Estate;
let sim: Simulator;
let project: TempProject;
const env = {
  AWS_ACCESS_KEY_ID: 'AKIADEMOREADINESS001',
  AWS_SECRET_ACCESS_KEY: 'test-secret-value-never-printed',
  AWS_REGION: 'eu-west-2',
};

beforeAll(async () => {
  sim = await startSimulator({ estate });
  project = tempProject({
    'readiness.yaml': `targets:
  - name: acme-prod
    stage: production-enterprise
    residency: uk
    orderForm: { rpoMinutes: 60, rtoMinutes: 240, backupRetentionDays: 35, restoreTestMaxAgeDays: 30 }
    aws:
      endpoint: ${sim.url}
      regions: [eu-west-2, eu-west-1]
      accounts:
        - { id: "333333333333", roleArn: "arn:aws:iam::333333333333:role/readiness-read" }
        - { id: "444444444444", roleArn: "arn:aws:iam::444444444444:role/readiness-read" }
      scope: { tags: { tenant: acme } }
policies: [policies]
`,
    'policies/backups.yaml': RETENTION_POLICY,
  });
});
afterAll(async () => {
  await sim.close();
  project.cleanup();
});

describe('collect, evaluate, permissions', () => {
  it('collect writes a snapshot read through assume-role in two accounts and two regions', async () => {
    const r = await runCli(['collect', '--out', 'snap.json'], { cwd: project.dir, env });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^snap\.json: 1 target\(s\), \d+ API call\(s\), 0 collection error\(s\)\n$/);
    const snap = JSON.parse(readFileSync(path.join(project.dir, 'snap.json'), 'utf8')) as Snapshot;
    const t = snap.targets[0];
    expect(t?.collected).toEqual(['aws.rds.clusters', 'aws.rds.instances']);
    expect(new Set(t?.facts['aws.identity']?.map((i) => i.account))).toEqual(
      new Set(['333333333333', '444444444444']),
    );
    expect(new Set(t?.facts['aws.rds.instances']?.map((i) => i.region))).toEqual(
      new Set(['eu-west-1', 'eu-west-2']),
    );
    expect(t?.provenance.calls['rds:DescribeDBInstances']).toBe(4);
    expect(readFileSync(path.join(project.dir, 'snap.json'), 'utf8')).not.toContain(
      env.AWS_SECRET_ACCESS_KEY,
    );
  });

  it('evaluate judges the saved snapshot like check does live', async () => {
    const saved = await runCli(['evaluate', 'snap.json', '--out', 'saved', '-q'], { cwd: project.dir, env });
    const live = await runCli(['check', '--out', 'live', '-q'], { cwd: project.dir, env });
    expect(saved.code).toBe(1);
    expect(live.code).toBe(1);
    const findings = (dir: string) => {
      const out = (dir === 'saved' ? saved : live).stdout.trim().split(' · ')[1] as string;
      const report = JSON.parse(readFileSync(path.join(project.dir, out, 'report.json'), 'utf8'));
      return report.findings.map((f: { id: string; status: string }) => [f.id, f.status]);
    };
    expect(findings('saved')).toEqual(findings('live'));
    expect(findings('live').length).toBeGreaterThan(3);
  });

  it('permissions prints the least-privilege IAM policy for the enabled policies', async () => {
    const r = await runCli(['permissions', '--format', 'iam'], { cwd: project.dir });
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.Version).toBe('2012-10-17');
    expect(doc.Statement[0].Action).toEqual([
      'rds:DescribeDBClusters',
      'rds:DescribeDBInstances',
      'sts:AssumeRole',
      'sts:GetCallerIdentity',
    ]);
  });
});
