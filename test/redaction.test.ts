// Secrets never reach a bundle or the output: a live `check` runs with AWS and GitHub credentials in its
// environment (one of them even referenced from the configuration), and a saved snapshot carries a raw
// response and an endpoint with a password; every file of each bundle and all output are scanned.
import { readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { rdsInstance, snapshotOf, targetSnapshot } from '../src/kit/builders.js';
import { bundleIn } from './helpers/bundles.js';
import { runCli } from './helpers/cli.js';
import { RETENTION_POLICY, type TempProject, tempProject } from './helpers/project.js';

const SECRETS = {
  AWS_ACCESS_KEY_ID: 'AKIAREDACTIONTEST0001',
  AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYREDACTIONKEY',
  AWS_SESSION_TOKEN: 'FwoGZXIvYXdzEREDACTIONSESSIONTOKEN//////////wEaDOnw',
  GITHUB_TOKEN: 'ghs_RedactionTestToken0000000000000001',
  GH_TOKEN: 'gho_RedactionTestToken0000000000000002',
  READINESS_API_KEY: 'rk_live_redaction_0000000003',
};

/** A local port with nothing listening: every call fails fast with ECONNREFUSED. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

function scan(dir: string, texts: string[]): string[] {
  const hits: string[] = [];
  const files = readdirSync(dir).map((f) => [f, readFileSync(path.join(dir, f), 'utf8')] as const);
  for (const [name, text] of [...files, ...texts.map((t, i) => [`output#${i}`, t] as const)]) {
    for (const [key, value] of Object.entries(SECRETS))
      if (text.includes(value)) hits.push(`${name}: ${key}`);
  }
  return hits;
}

let p: TempProject | undefined;
afterEach(() => p?.cleanup());

describe('redaction', () => {
  it('a live check with credentials in the environment keeps them out of the bundle and the output', async () => {
    const port = await closedPort();
    p = tempProject({
      'readiness.yaml': `targets:
  - name: acme-prod
    stage: production-enterprise
    orderForm: { backupRetentionDays: 35 }
    aws:
      regions: [eu-west-2]
      endpoint: http://127.0.0.1:${port}
      accounts:
        - id: "111111111111"
          roleArn: arn:aws:iam::111111111111:role/readiness-read
          externalId: "\${env:AWS_SESSION_TOKEN}"
    github: { repo: thesmios/platform, apiUrl: "http://127.0.0.1:${port}" }
policies: [policies]
collect: { timeoutMs: 2000 }
`,
      'policies/backups.yaml': RETENTION_POLICY,
      'policies/github.yaml': `id: github.protection
title: Main is protected
controls: [SL-CHANGE]
stages: [production-enterprise]
check: github.branch-protection
`,
    });
    const r = await runCli(['check', '--out', 'out', '--sign-key', 'missing.pem'], {
      cwd: p.dir,
      env: SECRETS,
    });
    expect(r.code).toBe(2); // the key is read before anything is collected
    const live = await runCli(['check', '--out', 'out', '--verbose'], { cwd: p.dir, env: SECRETS });
    expect([live.code, live.stderr]).toEqual([3, expect.any(String)]);
    const dir = bundleIn(p.dir, 'out');
    const report = JSON.parse(readFileSync(path.join(dir, 'report.json'), 'utf8'));
    expect(report.summary.error).toBeGreaterThan(0);
    expect(scan(dir, [live.stdout, live.stderr, r.stderr])).toEqual([]);
    // The reference from the configuration is visible as redacted, not dropped silently.
    expect(readFileSync(path.join(dir, 'inputs.json'), 'utf8')).toContain('"externalId": "[redacted]"');
  });

  it('a snapshot keeps only the schema fields: no raw responses, no passwords in URLs', async () => {
    const snapshot = snapshotOf([
      targetSnapshot('acme-prod', {
        'aws.rds.instances': [
          {
            ...rdsInstance({ id: 'orders-db', backupRetentionDays: 35 }),
            raw: { Credentials: SECRETS.AWS_SECRET_ACCESS_KEY },
          } as never,
        ],
        'aws.rds.clusters': [],
      }),
    ]);
    const t = snapshot.targets[0]!;
    t.provenance.endpoint = `http://user:${SECRETS.READINESS_API_KEY}@127.0.0.1:4566/`;
    (t.provenance as Record<string, unknown>).rawResponse = `token ${SECRETS.GITHUB_TOKEN}`;
    p = tempProject({
      'readiness.yaml': `targets:
  - name: acme-prod
    stage: production-enterprise
    orderForm: { backupRetentionDays: 35 }
    aws: { regions: [eu-west-2] }
policies: [policies]
`,
      'policies/backups.yaml': RETENTION_POLICY,
      'snap.json': JSON.stringify(snapshot),
    });
    const r = await runCli(['check', '--snapshot', 'snap.json', '--out', 'out'], { cwd: p.dir, env: {} });
    expect(r.code).toBe(0);
    const dir = bundleIn(p.dir, 'out');
    expect(scan(dir, [r.stdout, r.stderr])).toEqual([]);
    const kept = JSON.parse(readFileSync(path.join(dir, 'snapshot.json'), 'utf8'));
    expect(kept.targets[0].facts['aws.rds.instances'][0]).not.toHaveProperty('raw');
    expect(kept.targets[0].provenance).toEqual({
      startedAt: t.provenance.startedAt,
      finishedAt: t.provenance.finishedAt,
      calls: {},
      endpoint: 'http://127.0.0.1:4566/',
    });
    const v = await runCli(['verify', path.relative(p.dir, dir)], { cwd: p.dir });
    expect(v.code).toBe(0);
  });
});
