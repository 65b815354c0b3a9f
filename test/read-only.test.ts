// Read-only: the tool never asks AWS or GitHub to change anything. `readiness demo` — the whole pipeline, every
// policy of the pack, all three stand-ins — runs with its stand-ins observed, and every request they received
// is a read: AWS Describe*/List*/Get* (plus sts:AssumeRole, which only issues credentials), GitHub and the
// status pages GET. The one write the tool can make, creating a check run with --github-check-run, is then
// shown to be the only non-GET request of such a run. (test/collect-aws-permissions.test.ts proves the AWS
// calls are exactly those the least-privilege policy grants.)
import { afterAll, describe, expect, it, vi } from 'vitest';
import { main } from '../src/cli/main.js';
import type { GitHubSim } from '../src/sim/github.js';
import type { Simulator } from '../src/sim/index.js';
import type { StatusPageSim } from '../src/sim/statuspage.js';
import { CREDENTIALS, endpointsOf, liveProject, REPO, type StandIns, startStandIns } from './helpers/live.js';
import { captureIo, type TempProject, tempProject } from './helpers/project.js';

const seen = vi.hoisted(() => ({
  aws: [] as Simulator[],
  github: [] as GitHubSim[],
  status: [] as StatusPageSim[],
}));
// The demo starts its stand-ins itself; keep a handle on each to read its request log.
vi.mock('../src/sim/index.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../src/sim/index.js')>();
  return {
    ...real,
    startSimulator: async (...args: Parameters<typeof real.startSimulator>) => {
      const sim = await real.startSimulator(...args);
      seen.aws.push(sim);
      return sim;
    },
  };
});
vi.mock('../src/sim/github.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../src/sim/github.js')>();
  return {
    ...real,
    startGitHub: async (...args: Parameters<typeof real.startGitHub>) => {
      const sim = await real.startGitHub(...args);
      seen.github.push(sim);
      return sim;
    },
  };
});
vi.mock('../src/sim/statuspage.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../src/sim/statuspage.js')>();
  return {
    ...real,
    startStatusPage: async (...args: Parameters<typeof real.startStatusPage>) => {
      const sim = await real.startStatusPage(...args);
      seen.status.push(sim);
      return sim;
    },
  };
});

/** AWS operations that only read (sts:AssumeRole issues temporary credentials and changes nothing). */
const AWS_READ = /^(rds|backup|sts):(Describe|List|Get)[A-Za-z]+$|^sts:AssumeRole$/;

let project: TempProject | undefined;
let stand: StandIns | undefined;
afterAll(async () => {
  project?.cleanup();
  await stand?.close();
});

describe('read-only', () => {
  it('the whole demo sends only reads to AWS, GitHub and the status pages', async () => {
    project = tempProject({});
    const io = captureIo(project.dir);
    expect(await main(['demo', '--out', 'out', '-q'], io)).toBe(0);
    expect(io.stdout.join('')).toContain('The demo ran');
    expect(seen.aws.length).toBeGreaterThan(0);
    expect(seen.github.length).toBeGreaterThan(0);
    expect(seen.status.length).toBeGreaterThan(0);

    const aws = [...new Set(seen.aws.flatMap((s) => s.requests.map((r) => `${r.service}:${r.operation}`)))];
    // Every registered source was exercised: RDS, AWS Backup and STS, GitHub, the status pages.
    for (const prefix of ['rds:', 'backup:', 'sts:AssumeRole', 'sts:GetCallerIdentity'])
      expect(
        aws.some((op) => op.startsWith(prefix)),
        prefix,
      ).toBe(true);
    expect(aws.filter((op) => !AWS_READ.test(op))).toEqual([]);
    console.info(`demo: ${aws.length} distinct AWS operations, all reads:\n  ${aws.sort().join('\n  ')}`);

    const github = seen.github.flatMap((s) => s.requests.map((r) => `${r.method} ${r.path}`));
    expect(github.length).toBeGreaterThan(0);
    expect(github.filter((r) => !r.startsWith('GET '))).toEqual([]);
    const pages = seen.status.flatMap((s) => s.requests);
    expect(pages.length).toBeGreaterThan(0);
    expect(pages.filter((r) => !r.startsWith('GET '))).toEqual([]);
  });

  it('--github-check-run adds exactly one write: POST .../check-runs', async () => {
    stand = await startStandIns();
    const p = liveProject(endpointsOf(stand));
    const io = captureIo(p.dir, {
      ...CREDENTIALS,
      GITHUB_REPOSITORY: REPO,
      GITHUB_SHA: 'a'.repeat(40),
      GITHUB_API_URL: stand.github.url,
    });
    try {
      expect(await main(['check', '--out', 'out', '-q', '--github-check-run'], io)).toBe(0);
    } finally {
      p.cleanup();
    }
    expect(io.stderr.join('')).toContain('check run created');
    const writes = stand.github.requests
      .filter((r) => r.method !== 'GET')
      .map((r) => `${r.method} ${r.path}`);
    expect(writes).toEqual([`POST /repos/${REPO}/check-runs`]);
    expect(
      stand.aws.requests.map((r) => `${r.service}:${r.operation}`).filter((op) => !AWS_READ.test(op)),
    ).toEqual([]);
    expect(stand.status.requests.filter((r) => !r.startsWith('GET '))).toEqual([]);
  });
});
