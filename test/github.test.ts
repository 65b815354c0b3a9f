// GitHub Actions output: annotations escaped by the runner's rules, the job summary appended to
// $GITHUB_STEP_SUMMARY, and a check run created through octokit against a local stand-in for the API.
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rdsInstance, snapshotOf, targetSnapshot } from '../src/kit/builders.js';
import { escapeData, escapeProperty, renderAnnotations } from '../src/report/github.js';
import { evidenceProject } from './helpers/bundles.js';
import { runCli } from './helpers/cli.js';
import { HOSTILE, hostileReport } from './helpers/hostile-report.js';
import type { TempProject } from './helpers/project.js';

describe('workflow annotations', () => {
  it('escapes data and properties by the runner rules', () => {
    expect(escapeData('50% done\r\nnext')).toBe('50%25 done%0D%0Anext');
    expect(escapeProperty('a:b,c%\n')).toBe('a%3Ab%2Cc%25%0A');
    expect(escapeData('red\u001b[31mtext\u0007')).toBe('redtext');
  });

  it('one ::error line per blocking failing finding, at its policy file, with nothing from the estate able to start a command', () => {
    const out = renderAnnotations(hostileReport());
    const lines = out.trimEnd().split('\n');
    expect(lines).toHaveLength(4);
    for (const l of lines)
      expect(l).toMatch(/^::error file=policies\/backups\.yaml,line=4,col=1,title=[^:]+::/);
    const hostile = lines.find((l) => l.includes('evil'))!;
    expect(hostile).toContain('evil<script>');
    // The name's newline and `::` are encoded in the title property, so the command ends where ours does.
    expect(hostile).toContain('|x%0A%3A%3Aerror%3A%3Apwnedred%250A::Automated backups are disabled');
    expect(hostile).not.toContain('\u001b');
    expect(hostile).toContain('title=Failing%3A backups.retention on acme-prod/evil');
    expect(out).toContain('::error file=policies/backups.yaml,line=4,col=1,title=Undetermined%3A');
    expect(HOSTILE).toContain('\n');
  });
});

interface Seen {
  method: string;
  url: string;
  auth: string;
  body: { output: { summary: string; annotations: unknown[] } };
}

describe('the CLI in GitHub Actions', () => {
  let p: TempProject;
  let server: Server;
  let base: string;
  const seen: Seen[] = [];
  let status = 201;

  beforeAll(async () => {
    p = evidenceProject({
      'snap.json': snapshotOf([
        targetSnapshot('acme-prod', {
          'aws.rds.instances': [rdsInstance({ id: 'orders-db', backupRetentionDays: 1 })],
          'aws.rds.clusters': [],
        }),
      ]),
    });
    p.write('summary.md', '# earlier step\n');
    server = createServer((req: IncomingMessage, res) => {
      let text = '';
      req.on('data', (d) => {
        text += d;
      });
      req.on('end', () => {
        seen.push({
          method: req.method ?? '',
          url: req.url ?? '',
          auth: String(req.headers.authorization),
          body: JSON.parse(text || '{}'),
        });
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify(
            status < 300 ? { id: 7, html_url: 'http://127.0.0.1/check/7' } : { message: 'boom' },
          ),
        );
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    p?.cleanup();
  });

  const env = () => ({
    GITHUB_ACTIONS: 'true',
    GITHUB_STEP_SUMMARY: path.join(p.dir, 'summary.md'),
    GITHUB_REPOSITORY: 'thesmios/platform',
    GITHUB_SHA: 'a'.repeat(40),
    GITHUB_TOKEN: 'ghs_testtoken123456',
    GITHUB_API_URL: base,
  });

  it('prints annotations, appends the job summary and creates a check run', async () => {
    const r = await runCli(['check', '--snapshot', 'snap.json', '-q', '--github-check-run'], {
      cwd: p.dir,
      env: env(),
    });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(
      /^::error file=policies\/backups\.yaml,line=1,col=1,title=Failing%3A backups\.retention on acme-prod\/orders-db::Automated backups are kept 1 days/m,
    );
    expect(r.stderr).toContain('check run created: http://127.0.0.1/check/7');
    const summary = readFileSync(path.join(p.dir, 'summary.md'), 'utf8');
    expect(summary.startsWith('# earlier step\n## Readiness gate: ❌ blocked')).toBe(true);
    expect(seen).toHaveLength(1);
    const call = seen[0]!;
    expect([call.method, call.url]).toEqual(['POST', '/repos/thesmios/platform/check-runs']);
    expect(call.auth).toContain('ghs_testtoken123456');
    expect(call.body).toMatchObject({
      name: 'readiness gate',
      head_sha: 'a'.repeat(40),
      status: 'completed',
      conclusion: 'failure',
      output: { title: expect.stringContaining('Readiness gate blocked: 1 fail') },
    });
    expect(call.body.output.summary).toContain('## Readiness gate: ❌ blocked');
    expect(call.body.output.annotations).toEqual([
      expect.objectContaining({ path: 'policies/backups.yaml', start_line: 1, annotation_level: 'failure' }),
    ]);
  });

  it('a failing GitHub API is a warning; the gate decides the exit code', async () => {
    status = 500;
    const r = await runCli(['check', '--snapshot', 'snap.json', '-q', '--github-check-run'], {
      cwd: p.dir,
      env: env(),
    });
    status = 201;
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('could not create the check run (HTTP 500)');
  });

  it('--github-check-run without its settings is a usage error before anything runs; no annotations outside Actions', async () => {
    const r = await runCli(['check', '--snapshot', 'snap.json', '--github-check-run'], {
      cwd: p.dir,
      env: { GITHUB_SHA: 'x' },
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--github-check-run: GITHUB_REPOSITORY, GITHUB_TOKEN not set');
    const plain = await runCli(['check', '--snapshot', 'snap.json', '-q'], { cwd: p.dir });
    expect(plain.stdout).not.toContain('::error');
  });
});
