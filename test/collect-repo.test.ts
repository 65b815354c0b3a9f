// The repo collector on a local checkout (a temporary folder with symlinks in and out of it) and through
// the GitHub contents API of the local stand-in; then the repo checks on what it collected.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import contentAssertions from '../checks/repo.content-assertions.js';
import filesPresent from '../checks/repo.files-present.js';
import { createRepoCollector, repoCollector } from '../src/collect/repo.js';
import type { CollectOptions } from '../src/collect/types.js';
import { target } from '../src/kit/builders.js';
import { runCase } from '../src/kit/tester.js';
import { type GitHubSim, startGitHub } from '../src/sim/github.js';
import { snapshotErrors } from './helpers/snapshot.js';

const TOKEN = 'ghp_RepoTestToken0123456789abcdefghijklmn';
const options = (repoPaths: string[] | undefined, over: Partial<CollectOptions> = {}): CollectOptions => ({
  concurrency: 2,
  timeoutMs: 2_000,
  now: new Date('2026-11-29T12:00:00Z'),
  env: { GITHUB_TOKEN: TOKEN },
  ...(repoPaths ? { needs: { repoPaths } } : {}),
  ...over,
});
const RUNBOOK = 'We notify the ICO within 72 hours (UK GDPR Article 33). The DPO sends the notification.\n';

describe('repo collector, local checkout', { timeout: 10_000 }, () => {
  let base: string;
  let root: string;
  beforeAll(() => {
    base = mkdtempSync(join(tmpdir(), 'readiness-repo-'));
    root = join(base, 'repo');
    mkdirSync(join(root, '.github'), { recursive: true });
    mkdirSync(join(root, 'docs', 'runbooks'), { recursive: true });
    writeFileSync(join(root, 'SECURITY.md'), '# Security\nReport to security@thesmios.example\n');
    writeFileSync(join(root, '.github', 'CODEOWNERS'), '* @thesmios/platform\n');
    writeFileSync(join(root, 'docs', 'runbooks', 'incident.md'), RUNBOOK);
    writeFileSync(join(root, 'logo.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2]));
    writeFileSync(join(root, 'big.txt'), 'x'.repeat(5000));
    writeFileSync(join(root, 'not-asked.md'), 'never read');
    writeFileSync(join(base, 'outside.txt'), 'secret outside the repository');
    mkdirSync(join(base, 'outside-dir'));
    writeFileSync(join(base, 'outside-dir', 'x.md'), 'outside');
    symlinkSync(join(root, 'docs', 'runbooks', 'incident.md'), join(root, 'RUNBOOK.md'));
    symlinkSync(join(base, 'outside.txt'), join(root, 'escape.txt'));
    symlinkSync('../../outside-dir', join(root, 'docs', 'linked'));
  });
  afterAll(() => rmSync(base, { recursive: true, force: true }));

  const collect = (paths: string[] | undefined, limits = {}) =>
    createRepoCollector({ limits }).collect(target({ repo: { path: root } }), ['repo.files'], options(paths));

  it('reads exactly the paths the policies need', async () => {
    const r = await collect(['SECURITY.md', 'CODEOWNERS', '.github/CODEOWNERS', 'docs/runbooks/incident.md']);
    expect(r.errors).toEqual([]);
    const files = r.facts['repo.files'] ?? [];
    expect(files.map((f) => [f.path, f.exists, f.kind ?? null])).toEqual([
      ['.github/CODEOWNERS', true, 'file'],
      ['CODEOWNERS', false, null],
      ['SECURITY.md', true, 'file'],
      ['docs/runbooks/incident.md', true, 'file'],
    ]);
    expect(files.find((f) => f.path === 'docs/runbooks/incident.md')).toMatchObject({
      source: 'local',
      content: RUNBOOK,
      size: Buffer.byteLength(RUNBOOK),
      sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    expect(JSON.stringify(r)).not.toContain('never read');
    expect(r.calls).toEqual({ 'fs:read {repo.path}/{path}': 4 });
    expect(snapshotErrors(r)).toEqual([]);
  });

  it('reads nothing when no policy names a path', async () => {
    const r = await collect(undefined);
    expect(r.facts['repo.files']).toEqual([]);
  });

  it('follows symlinks inside the repository only', async () => {
    const files = (await collect(['RUNBOOK.md', 'escape.txt', 'docs/linked/x.md'])).facts['repo.files'] ?? [];
    expect(files.find((f) => f.path === 'RUNBOOK.md')).toMatchObject({ exists: true, content: RUNBOOK });
    for (const path of ['escape.txt', 'docs/linked/x.md']) {
      const f = files.find((x) => x.path === path);
      expect(f?.problem?.code).toBe('OutsideRepository');
      expect(f?.content).toBeUndefined();
    }
    expect(JSON.stringify(files)).not.toContain('secret outside');
  });

  it('refuses paths that climb out or are absolute, without reading them', async () => {
    const files =
      (await collect(['../outside.txt', '/etc/passwd', 'docs/../../outside.txt'])).facts['repo.files'] ?? [];
    expect(files.map((f) => f.problem?.code)).toEqual(['UnsafePath', 'UnsafePath', 'UnsafePath']);
    expect(JSON.stringify(files)).not.toContain('secret outside');
  });

  it('records directories, binary files and files over the bound without their text', async () => {
    const files =
      (await collect(['docs', 'logo.png', 'big.txt'], { maxContentBytes: 1000 })).facts['repo.files'] ?? [];
    expect(files.find((f) => f.path === 'docs')).toMatchObject({ exists: true, kind: 'dir' });
    expect(files.find((f) => f.path === 'logo.png')).toMatchObject({ kind: 'file', size: 7 });
    expect(files.find((f) => f.path === 'logo.png')?.content).toBeUndefined();
    expect(files.find((f) => f.path === 'big.txt')).toMatchObject({
      kind: 'file',
      size: 5000,
      truncated: true,
    });
  });

  it('records a repository path that does not exist as could-not-look', async () => {
    const r = await repoCollector.collect(
      target({ repo: { path: join(base, 'nope') } }),
      ['repo.files'],
      options(['SECURITY.md']),
    );
    expect(r.errors).toMatchObject([{ fact: 'repo.files', code: 'RepoNotFound' }]);
  });

  it('feeds the repo checks', async () => {
    const paths = [
      ...(filesPresent.needs?.(
        { files: ['SECURITY.md', { name: 'CODEOWNERS', anyOf: ['.github/CODEOWNERS', 'CODEOWNERS'] }] },
        target(),
      ).repoPaths ?? []),
      'docs/runbooks/incident.md',
    ];
    const r = await collect(paths);
    const present = runCase(filesPresent, {
      name: 'collected',
      facts: r.facts,
      options: {
        files: ['SECURITY.md', { name: 'CODEOWNERS', anyOf: ['.github/CODEOWNERS', 'CODEOWNERS'] }],
      },
    });
    expect(present.map((f) => [f.resource.id, f.status])).toEqual([
      ['SECURITY.md', 'pass'],
      ['CODEOWNERS', 'pass'],
    ]);
    const runbook = runCase(contentAssertions, {
      name: 'collected',
      facts: r.facts,
      options: {
        path: 'docs/runbooks/incident.md',
        patterns: [
          { description: '72 hours', pattern: '72\\s*hours' },
          { description: 'ICO', pattern: '\\bICO\\b' },
          { description: 'Article 33', pattern: 'Article\\s+33' },
          { description: 'sender', pattern: 'DPO sends' },
        ],
      },
    });
    expect(runbook.map((f) => [f.status, f.messageId])).toEqual([['pass', 'allMatched']]);
  });
});

describe('repo collector, GitHub contents API', { timeout: 10_000 }, () => {
  let sim: GitHubSim;
  afterEach(() => sim?.close());
  const gh = (apiUrl: string, repo = 'thesmios/platform') => target({ github: { repo, apiUrl } });

  it('reads files, directories and absences', async () => {
    sim = await startGitHub({
      repos: {
        'thesmios/platform': {
          files: {
            'SECURITY.md': '# Security\n',
            '.github/CODEOWNERS': '* @thesmios/platform\n',
            'docs/runbooks/incident.md': RUNBOOK,
          },
        },
      },
      tokens: [TOKEN],
    });
    const r = await repoCollector.collect(
      gh(sim.url),
      ['repo.files'],
      options(['.github/CODEOWNERS', 'CODEOWNERS', 'docs/runbooks', 'docs/runbooks/incident.md']),
    );
    expect(r.errors).toEqual([]);
    expect((r.facts['repo.files'] ?? []).map((f) => [f.path, f.source, f.exists, f.kind ?? null])).toEqual([
      ['.github/CODEOWNERS', 'github', true, 'file'],
      ['CODEOWNERS', 'github', false, null],
      ['docs/runbooks', 'github', true, 'dir'],
      ['docs/runbooks/incident.md', 'github', true, 'file'],
    ]);
    expect(r.facts['repo.files']?.[3]?.content).toBe(RUNBOOK);
    expect(snapshotErrors(r)).toEqual([]);
    expect(r.calls['github:GET /repos/{owner}/{repo}/contents/{path}']).toBe(4);
  });

  it('records 403 as could-not-look for the whole fact, without the token', async () => {
    sim = await startGitHub({
      repos: { 'thesmios/platform': { files: { 'SECURITY.md': 'x' } } },
      tokens: [TOKEN],
      faults: [
        {
          path: /\/contents\//,
          status: 403,
          message: `Resource not accessible by personal access token ${TOKEN}`,
        },
      ],
    });
    const r = await repoCollector.collect(gh(sim.url), ['repo.files'], options(['SECURITY.md']));
    expect(r.facts).toEqual({});
    expect(r.errors).toMatchObject([{ fact: 'repo.files', code: 'Forbidden' }]);
    expect(JSON.stringify(r)).not.toContain(TOKEN);
  });

  it('does not take the 404s of an unreadable repository for absent files', async () => {
    sim = await startGitHub({ repos: {}, tokens: [TOKEN] });
    const r = await repoCollector.collect(
      gh(sim.url, 'thesmios/secret'),
      ['repo.files'],
      options(['SECURITY.md']),
    );
    expect(r.errors).toMatchObject([
      { fact: 'repo.files', code: 'NotFound', operation: 'GET /repos/{owner}/{repo}' },
    ]);
  });

  it('records a target with neither a path nor a repository', async () => {
    const r = await repoCollector.collect(target(), ['repo.files'], options(['SECURITY.md']));
    expect(r.errors).toMatchObject([{ code: 'NotConfigured' }]);
  });
});
