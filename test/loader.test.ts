import { afterEach, describe, expect, it } from 'vitest';
import { loadProject } from '../src/config/load.js';
import { formatProblem } from '../src/config/problems.js';
import { BASE_CONFIG, RETENTION_POLICY, type TempProject, tempProject } from './helpers/project.js';

let project: TempProject | undefined;
afterEach(() => project?.cleanup());

function load(files: Record<string, string>, env: NodeJS.ProcessEnv = {}) {
  project = tempProject(files);
  const result = loadProject('readiness.yaml', { cwd: project.dir, env });
  return { ...result, lines: result.problems.map(formatProblem) };
}

describe('loading', () => {
  it('loads a valid project and resolves target references in options per target', () => {
    const { project: p, problems } = load({
      'readiness.yaml': BASE_CONFIG,
      'policies/b.yaml': RETENTION_POLICY,
    });
    expect(problems).toEqual([]);
    expect(p?.inputs.policies[0]?.optionsByTarget).toEqual({
      'acme-prod': { minRetentionDays: 35, readReplicas: 'skip' },
    });
    expect(p?.inputs.targets[0]?.residencyRegions).toEqual(['eu-west-2']);
    expect(p?.files.map((f) => f.path)).toEqual(['readiness.yaml', 'policies/b.yaml']);
  });

  it('reports a wrong option type, an unknown check id and a duplicate policy id, each positioned', () => {
    const policies = `id: a
title: A
controls: [SL-BACKUPS]
stages: [production-enterprise]
check: aws.rds.backup-retention
options:
  minRetentionDays: seven
---
id: b
title: B
controls: [SL-BACKUPS]
stages: [production-enterprise]
check: aws.rds.backup-retentoin
---
id: a
title: A again
controls: [SL-BACKUPS]
stages: [production-enterprise]
check: aws.rds.backup-retention
`;
    const { lines, project: p } = load({ 'readiness.yaml': BASE_CONFIG, 'policies/p.yaml': policies });
    expect(p).toBeUndefined();
    expect(lines).toEqual([
      'policies/p.yaml:7:21 options.minRetentionDays: must be an integer (aws.rds.backup-retention)',
      'policies/p.yaml:13:8 check: unknown check "aws.rds.backup-retentoin"; did you mean "aws.rds.backup-retention"?',
      'policies/p.yaml:15:5 id: duplicate policy id "a" (first defined at policies/p.yaml:1:5)',
    ]);
  });

  it('reports YAML syntax errors, unknown fields with a suggestion, wrong types and unset variables at once', () => {
    const config = `targets:
  - name: acme-prod
    stage: production
    residncy: uk
    aws: { regions: [eu-west-2], profile: "\${env:AWS_PROFILE_UNSET}" }
policies: [policies]
`;
    const { lines } = load({ 'readiness.yaml': config });
    expect(lines).toContain(
      'readiness.yaml:3:12 targets[0].stage: must be one of "public-demo", "private-beta", "production-enterprise"',
    );
    expect(lines).toContain(
      'readiness.yaml:4:5 targets[0].residncy: unknown field "residncy"; did you mean "residency"?',
    );
    expect(lines).toContain(
      'readiness.yaml:5:43 targets[0].aws.profile: environment variable AWS_PROFILE_UNSET is not set',
    );
  });

  it('substitutes ${env:NAME} when the variable is set', () => {
    const config = BASE_CONFIG.replace(
      'regions: [eu-west-2] }',
      'regions: [eu-west-2], profile: "${env:MY_PROFILE}" }',
    );
    const { project: p, problems } = load(
      { 'readiness.yaml': config, 'policies/b.yaml': RETENTION_POLICY },
      { MY_PROFILE: 'acme' },
    );
    expect(problems).toEqual([]);
    expect(p?.inputs.targets[1]?.aws?.profile).toBe('acme');
  });

  it('reports YAML syntax errors with their position', () => {
    const { lines } = load({ 'readiness.yaml': BASE_CONFIG, 'policies/b.yaml': 'id: [unclosed\ntitle: x\n' });
    expect(lines.length).toBeGreaterThan(0);
    expect(lines[0]).toMatch(/^policies\/b\.yaml:\d+:\d+ YAML syntax: /);
  });

  it('reports a reference to an order-form value the target does not declare', () => {
    const config = BASE_CONFIG.replace(
      'orderForm: { rpoMinutes: 60, rtoMinutes: 240, backupRetentionDays: 35, restoreTestMaxAgeDays: 30 }',
      'orderForm: { rpoMinutes: 60 }',
    );
    const { lines } = load({ 'readiness.yaml': config, 'policies/b.yaml': RETENTION_POLICY });
    expect(lines).toEqual([
      'policies/b.yaml:7:21 options.minRetentionDays: refers to target.orderForm.backupRetentionDays, which target "acme-prod" does not declare (aws.rds.backup-retention)',
    ]);
  });

  it('reports waivers naming unknown policies or targets, and self-approved waivers', () => {
    const waivers = `waivers:
  - policy: backups.retentoin
    target: acme-prd
    reason: r
    owner: a@x
    approver: A@x
    ticket: T-1
    expires: "2027-01-01"
`;
    const { lines } = load({
      'readiness.yaml': `${BASE_CONFIG}waivers: waivers.yaml\n`,
      'policies/b.yaml': RETENTION_POLICY,
      'waivers.yaml': waivers,
    });
    expect(lines).toEqual([
      'waivers.yaml:2:13 waivers[0].policy: unknown policy "backups.retentoin"; did you mean "backups.retention"?',
      'waivers.yaml:3:13 waivers[0].target: unknown target "acme-prd"; did you mean "acme-prod"?',
      'waivers.yaml:6:15 waivers[0].approver: the approver must not be the owner',
    ]);
  });

  it('reports missing policy folders and waiver files at the config line naming them', () => {
    const { lines } = load({
      'readiness.yaml': `${BASE_CONFIG.replace('[policies]', '[nowhere]')}waivers: gone.yaml\n`,
    });
    expect(lines).toEqual([
      'readiness.yaml:12:12 policies[0]: policy file or folder not found: nowhere',
      'readiness.yaml:13:10 waivers: file not found: gone.yaml',
    ]);
  });

  it('reports a missing config file', () => {
    const { lines } = load({});
    expect(lines).toEqual(['readiness.yaml:1:1 file not found: readiness.yaml']);
  });

  it('reports unknown residencies with a suggestion', () => {
    const { lines } = load({
      'readiness.yaml': BASE_CONFIG.replace('residency: uk', 'residency: ukk'),
      'policies/b.yaml': RETENTION_POLICY,
    });
    expect(lines[0]).toMatch(
      /^readiness\.yaml:4:16 targets\[0\]\.residency: unknown residency "ukk"; did you mean "uk"\?/,
    );
  });
});
