// Secrets never reach a bundle or the output: a live `check` runs with AWS and GitHub credentials in its
// environment (one of them even referenced from the configuration), and a saved snapshot carries a raw
// response and an endpoint with a password; every file of each bundle and all output are scanned. Then the
// whole matrix: stand-ins whose errors echo the credentials they were sent (AWS: the Authorization and
// session-token headers of the base and of the assumed-role credentials; GitHub: the token), a status page
// URL carrying a token, `check` in GitHub Actions and `collect` — every byte written or printed is scanned.
import { readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { rdsInstance, snapshotOf, targetSnapshot } from '../src/kit/builders.js';
import type { Report } from '../src/report/model.js';
import { bundleIn } from './helpers/bundles.js';
import { runCli } from './helpers/cli.js';
import {
  ACCOUNT,
  goodEstate,
  POLICIES,
  PROTECTED_REPO,
  REGION,
  ROLE_ARN,
  type StandIns,
  startStandIns,
} from './helpers/live.js';
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
let stand: StandIns | undefined;
afterEach(async () => {
  p?.cleanup();
  await stand?.close();
  p = undefined;
  stand = undefined;
});

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

describe('redaction across the fault matrix', () => {
  const ENV = {
    AWS_ACCESS_KEY_ID: 'AKIALIVETESTREADER01',
    AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYECHOTESTKEY',
    AWS_SESSION_TOKEN: 'FwoGZXIvYXdzEECHOSESSIONTOKEN//////////wEaDEchoTest',
    GITHUB_TOKEN: 'ghp_EchoTestToken00000000000000000000000001',
    STATUS_PAGE_TOKEN: 'sp_echo_test_token_0000000004',
  };
  const scanAll = (files: [string, string][]) =>
    files.flatMap(([name, text]) => [
      ...Object.entries(ENV)
        .filter(([, v]) => text.includes(v))
        .map(([k]) => `${name}: ${k}`),
      // Temporary (assumed-role) access key ids, and the session tokens STS issued with them.
      ...(/\bASIA[A-Z0-9]{12,}/.test(text) ? [`${name}: an ASIA access key id`] : []),
      ...(/token: (?!\\?\[redacted\\?\])[^)\s]/.test(text) ? [`${name}: an echoed session token`] : []),
    ]);

  it('errors that echo the credentials sent, a token in a URL, Actions output and a snapshot: nothing leaks', async () => {
    stand = await startStandIns({
      estate: goodEstate(),
      awsFaults: [
        // acme-prod (eu-west-2): AssumeRole refused, echoing the base keys and the session token.
        { kind: 'accessDenied', service: 'sts', operation: 'AssumeRole', region: REGION, echo: true },
        // globex-prod (eu-west-1): the role is assumed; RDS and Backup echo the temporary credentials.
        { kind: 'accessDenied', service: 'rds', region: 'eu-west-1', echo: true },
        { kind: 'expiredToken', service: 'backup', region: 'eu-west-1', echo: true },
      ],
      github: {
        faults: [{ path: /\/protection$/, status: 403, message: 'Denied', echoAuthorization: true }],
      },
      repo: PROTECTED_REPO,
    });
    const aws = (region: string) =>
      `aws: { regions: [${region}], endpoint: "${stand?.aws.url}", accounts: [{ id: "${ACCOUNT}", roleArn: "${ROLE_ARN}" }] }`;
    const rest = `orderForm: { backupRetentionDays: 35 }
    github: { repo: thesmios/platform, apiUrl: "${stand.github.url}" }
    statusPage: { url: "${stand.status.url}?token=\${env:STATUS_PAGE_TOKEN}" }`;
    p = tempProject({
      'readiness.yaml': `targets:
  - name: acme-prod
    stage: production-enterprise
    ${aws(REGION)}
    ${rest}
  - name: globex-prod
    stage: production-enterprise
    ${aws('eu-west-1')}
    ${rest}
policies: [policies]
collect: { timeoutMs: 5000 }
`,
      ...POLICIES,
      'summary.md': '',
    });
    const actions = {
      ...ENV,
      GITHUB_ACTIONS: 'true',
      GITHUB_STEP_SUMMARY: path.join(p.dir, 'summary.md'),
    };
    const live = await runCli(['check', '--out', 'out', '--verbose'], { cwd: p.dir, env: actions });
    expect(live.code, live.stderr).toBe(3); // nothing fails outright; what could not be read blocks
    const collected = await runCli(['collect', '--out', 'snap.json'], { cwd: p.dir, env: ENV });
    expect(collected.code).toBe(3);
    const dir = bundleIn(p.dir, 'out');
    const report = JSON.parse(readFileSync(path.join(dir, 'report.json'), 'utf8')) as Report;

    // The stand-ins did echo: each error says what it was sent, with the secrets cut out.
    const errors = report.findings.filter((f) => f.status === 'error').map((f) => f.message);
    const echoed = (op: string) => errors.find((m) => m.includes(op) && m.includes('(request: '));
    for (const op of ['sts:AssumeRole', 'rds:DescribeDB', 'backup:List']) {
      expect(echoed(op), op).toMatch(/Credential=\[(access key|redacted)\]\/.*; token: \[redacted\]\)/);
    }
    expect(errors.find((m) => m.includes('(you sent: '))).toContain('(you sent: token [redacted])');

    const files: [string, string][] = [
      ...readdirSync(dir).map((f) => [f, readFileSync(path.join(dir, f), 'utf8')] as [string, string]),
      ['snap.json', readFileSync(path.join(p.dir, 'snap.json'), 'utf8')],
      ['summary.md', readFileSync(path.join(p.dir, 'summary.md'), 'utf8')],
      ['check stdout', live.stdout],
      ['check stderr', live.stderr],
      ['collect stdout', collected.stdout],
      ['collect stderr', collected.stderr],
    ];
    expect(scanAll(files)).toEqual([]);
    // The status page was read with its token (the URL works), and is stored without it.
    expect(stand.status.requests.length).toBeGreaterThan(0);
    expect(readFileSync(path.join(dir, 'snapshot.json'), 'utf8')).toContain('?token=[redacted]');
  });
});
