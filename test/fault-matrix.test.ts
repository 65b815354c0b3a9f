// Fail closed under faults, end to end: `readiness check` as a subprocess, its one target pointed at the
// local stand-ins, with one fault injected into one source per case. For every (source, fault) the run
// ends in bounded time; the findings that needed that source are `error` naming the operation and the
// code; the other policies are judged exactly as in a run without the fault; the gate blocks with 3 (or 1
// when another finding fails outright); and the bundle is complete and verifies.
//
// Sources and the policies that read them:
//   RDS     → backups.retention, backups.protected      (rds:DescribeDBInstances, rds:DescribeDBClusters)
//   Backup  → backups.protected                         (backup:ListBackupPlans, ...)
//   STS     → both AWS policies                         (sts:AssumeRole, then sts:GetCallerIdentity)
//   GitHub  → change.branch-protection                  (GET /repos/{owner}/{repo}, ...)
//   status  → status.live                               (GET {statusPage.url}, .../api/v2/summary.json)
// Faults that do not apply:
//   - "endpoint unreachable" for RDS and Backup alone: RDS, Backup and STS share the target's one AWS
//     endpoint, so an unreachable endpoint is the STS row (the first call of a partition), which fails both
//     AWS policies.
//   - "expired credentials" for the status page: it is public, read without any credentials.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Finding } from '../src/model/types.js';
import type { GitHubSimOptions, SimRepo } from '../src/sim/github.js';
import type { FaultRule } from '../src/sim/index.js';
import type { StatusPageScenario } from '../src/sim/statuspage.js';
import { BUNDLE_FILES, readReport } from './helpers/bundles.js';
import { runCli } from './helpers/cli.js';
import {
  CREDENTIALS,
  closedPort,
  endpointsOf,
  entriesIn,
  liveProject,
  PROTECTED_REPO,
  startStandIns,
  verifyExit,
} from './helpers/live.js';

type Source = 'rds' | 'backup' | 'sts' | 'github' | 'status';
type Fault = 'throttle' | 'serverError' | 'hang' | 'malformed' | 'accessDenied' | 'expired' | 'unreachable';

/**
 * Per call. Not smaller: on a loaded two-core runner a healthy stand-in's answer can take over a second to
 * be read (with 1 s, the fault-free baseline itself timed out now and then).
 */
const TIMEOUT_MS = 2500;
/**
 * The run (report.run.startedAt → finishedAt: collect, evaluate, write) ends within this. The slowest case
 * in theory is GitHub hanging: three attempts of TIMEOUT_MS with octokit's bounded waits (1 s, 4 s) between
 * them, 12.5 s; the rest is headroom for a loaded machine (measured: up to 15.3 s).
 */
const BOUND_MS = 20_000;
/** The process is killed (and the case fails) if it has not exited by then. */
const KILL_MS = 90_000;

const AFFECTS: Record<Source, string[]> = {
  rds: ['backups.retention', 'backups.protected'],
  backup: ['backups.protected'],
  sts: ['backups.retention', 'backups.protected'],
  github: ['change.branch-protection'],
  status: ['status.live'],
};
const POLICY_IDS = ['backups.protected', 'backups.retention', 'change.branch-protection', 'status.live'];

const HTML_502 =
  '<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center></body></html>';

/** How each fault is injected into each source. */
interface Injection {
  awsFaults?: FaultRule[];
  github?: Partial<GitHubSimOptions>;
  status?: StatusPageScenario;
  /** Point this source's URL at a closed port. */
  unreachable?: 'aws' | 'github' | 'status';
}

const AWS_KIND: Record<Exclude<Fault, 'unreachable'>, FaultRule['kind']> = {
  throttle: 'throttle',
  serverError: 'serverError',
  hang: 'hang',
  malformed: 'malformed',
  accessDenied: 'accessDenied',
  expired: 'expiredToken',
};
const everyPath = /.*/;
const GITHUB: Record<Exclude<Fault, 'unreachable'>, Partial<GitHubSimOptions>> = {
  // A secondary rate limit on every request: octokit waits (retry-after: 1) twice, then gives up.
  throttle: {
    faults: [
      {
        path: everyPath,
        status: 403,
        message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.',
        headers: { 'retry-after': '1' },
      },
    ],
  },
  serverError: { faults: [{ path: everyPath, status: 502, body: HTML_502 }] },
  hang: { faults: [{ path: everyPath, status: 0, hang: true }] },
  malformed: {
    faults: [
      {
        path: everyPath,
        status: 200,
        body: '{"id": 1, "name": "platform", "default_br',
        contentType: 'application/json; charset=utf-8',
      },
    ],
  },
  accessDenied: {
    faults: [{ path: everyPath, status: 403, message: 'Resource not accessible by integration' }],
  },
  expired: { faults: [{ path: everyPath, status: 401, message: 'Bad credentials' }] },
};
const STATUS: Partial<Record<Fault, StatusPageScenario>> = {
  throttle: 'rate-limited',
  serverError: 'server-error',
  hang: 'hang',
  malformed: 'invalid-json',
  accessDenied: 'forbidden',
};

function inject(source: Source, fault: Fault): Injection {
  if (fault === 'unreachable') {
    return { unreachable: source === 'github' ? 'github' : source === 'status' ? 'status' : 'aws' };
  }
  if (source === 'github') return { github: GITHUB[fault] };
  if (source === 'status') return { status: STATUS[fault] as StatusPageScenario };
  return { awsFaults: [{ kind: AWS_KIND[fault], service: source }] };
}

interface Case {
  source: Source;
  fault: Fault;
  /** The code the collector records. */
  code: string;
  /** The operation it names. */
  operation: string;
  /** Another source has a deliberate failure, so the gate blocks with 1 rather than 3. */
  alsoFailing?: boolean;
  /** The affected findings are `fail` (judged), not `error` (see the case). */
  judged?: boolean;
}

const GH_REPO = 'GET /repos/{owner}/{repo}';
const PAGE = 'GET {statusPage.url}';
const API = 'GET {statusPage.url}/api/v2/summary.json';

const CASES: Case[] = [
  { source: 'rds', fault: 'throttle', code: 'Throttling', operation: 'rds:DescribeDB' },
  { source: 'rds', fault: 'serverError', code: 'Http503', operation: 'rds:DescribeDB', alsoFailing: true },
  { source: 'rds', fault: 'hang', code: 'Timeout', operation: 'rds:DescribeDB' },
  {
    source: 'rds',
    fault: 'malformed',
    code: 'MalformedResponse',
    operation: 'rds:DescribeDB',
    alsoFailing: true,
  },
  { source: 'rds', fault: 'accessDenied', code: 'AccessDenied', operation: 'rds:DescribeDB' },
  { source: 'rds', fault: 'expired', code: 'ExpiredToken', operation: 'rds:DescribeDB', alsoFailing: true },
  {
    source: 'backup',
    fault: 'throttle',
    code: 'ThrottlingException',
    operation: 'backup:List',
    alsoFailing: true,
  },
  { source: 'backup', fault: 'serverError', code: 'Http503', operation: 'backup:List' },
  { source: 'backup', fault: 'hang', code: 'Timeout', operation: 'backup:List', alsoFailing: true },
  { source: 'backup', fault: 'malformed', code: 'MalformedResponse', operation: 'backup:List' },
  {
    source: 'backup',
    fault: 'accessDenied',
    code: 'AccessDeniedException',
    operation: 'backup:List',
    alsoFailing: true,
  },
  { source: 'backup', fault: 'expired', code: 'ExpiredTokenException', operation: 'backup:List' },
  { source: 'sts', fault: 'throttle', code: 'Throttling', operation: 'sts:AssumeRole' },
  { source: 'sts', fault: 'serverError', code: 'Http503', operation: 'sts:AssumeRole', alsoFailing: true },
  { source: 'sts', fault: 'hang', code: 'Timeout', operation: 'sts:AssumeRole' },
  {
    source: 'sts',
    fault: 'malformed',
    code: 'MalformedResponse',
    operation: 'sts:AssumeRole',
    alsoFailing: true,
  },
  { source: 'sts', fault: 'accessDenied', code: 'AccessDenied', operation: 'sts:AssumeRole' },
  { source: 'sts', fault: 'expired', code: 'ExpiredToken', operation: 'sts:AssumeRole', alsoFailing: true },
  { source: 'sts', fault: 'unreachable', code: 'EndpointUnreachable', operation: 'sts:AssumeRole' },
  { source: 'github', fault: 'throttle', code: 'RateLimited', operation: GH_REPO },
  { source: 'github', fault: 'serverError', code: 'ServerError', operation: GH_REPO, alsoFailing: true },
  { source: 'github', fault: 'hang', code: 'Timeout', operation: GH_REPO },
  { source: 'github', fault: 'malformed', code: 'MalformedResponse', operation: GH_REPO, alsoFailing: true },
  { source: 'github', fault: 'accessDenied', code: 'Forbidden', operation: GH_REPO },
  { source: 'github', fault: 'expired', code: 'Unauthorized', operation: GH_REPO, alsoFailing: true },
  { source: 'github', fault: 'unreachable', code: 'ConnectionRefused', operation: GH_REPO },
  { source: 'status', fault: 'throttle', code: 'RateLimited', operation: PAGE, alsoFailing: true },
  { source: 'status', fault: 'serverError', code: 'ServerError', operation: PAGE },
  { source: 'status', fault: 'hang', code: 'Timeout', operation: PAGE, alsoFailing: true },
  { source: 'status', fault: 'malformed', code: 'InvalidJson', operation: API },
  // A public page that answers 403 is not live for the public either: judged `fail`, not `error`.
  { source: 'status', fault: 'accessDenied', code: 'notServed', operation: PAGE, judged: true },
  { source: 'status', fault: 'unreachable', code: 'ConnectionRefused', operation: PAGE, alsoFailing: true },
];

/**
 * The deliberate failure of an `alsoFailing` case, in a source the fault leaves alone: the repository loses
 * its branch protection, or (when GitHub is the faulted source) the status page reports a major outage.
 */
function variant(c: Case): 'clean' | 'unprotected' | 'outage' {
  if (!c.alsoFailing) return 'clean';
  return c.source === 'github' ? 'outage' : 'unprotected';
}
const UNPROTECTED: SimRepo = {};

interface Run {
  code: number | null;
  /** From the report: the run's own start to finish. */
  ms: number;
  /** The whole process, start-up included. */
  wallMs: number;
  findings: Finding[];
  stderr: string;
}

async function runCase(c: Pick<Case, 'source' | 'fault'> | undefined, v: ReturnType<typeof variant>) {
  const injection = c ? inject(c.source, c.fault) : {};
  const stand = await startStandIns({
    ...(injection.awsFaults ? { awsFaults: injection.awsFaults } : {}),
    ...(injection.github ? { github: injection.github } : {}),
    repo: v === 'unprotected' ? UNPROTECTED : PROTECTED_REPO,
    status: injection.status ?? (v === 'outage' ? 'major-outage' : 'operational'),
  });
  const endpoints = endpointsOf(stand);
  if (injection.unreachable) {
    const dead = `http://127.0.0.1:${await closedPort()}${injection.unreachable === 'status' ? '/' : ''}`;
    endpoints[injection.unreachable] = dead;
  }
  const p = liveProject(endpoints, { timeoutMs: TIMEOUT_MS });
  try {
    const started = Date.now();
    const r = await runCli(['check', '--out', 'out', '-q'], {
      cwd: p.dir,
      env: CREDENTIALS,
      timeoutMs: KILL_MS,
    });
    const wallMs = Date.now() - started;
    if (r.code === 2) throw new Error(`check: exit 2\n${r.stderr}`);
    const entries = entriesIn(p.dir, 'out');
    expect(entries, 'one complete bundle, nothing partial').toHaveLength(1);
    expect(entries[0]).not.toMatch(/\.partial$/);
    const bundle = path.join(p.dir, 'out', entries[0] as string);
    expect(readdirSync(bundle).sort()).toEqual(BUNDLE_FILES);
    const verified = await verifyExit(p.dir, bundle);
    expect(verified.code, verified.out).toBe(0);
    const report = readReport(bundle);
    const ms = Date.parse(report.run.finishedAt) - Date.parse(report.run.startedAt);
    const run: Run = { code: r.code, ms, wallMs, findings: report.findings, stderr: r.stderr };
    return run;
  } finally {
    await stand.close();
    p.cleanup();
  }
}

/** What a policy decided, per resource (stand-in ports, which differ between runs, left out). */
const judged = (fs: Finding[], policy: string) =>
  fs
    .filter((f) => f.policyId === policy)
    .map((f) => {
      const id = f.resource.id.replace(/127\.0\.0\.1:\d+/, 'stand-in');
      return `${f.resource.type} ${id}: ${f.status} ${f.messageId}`;
    })
    .sort();

const baselines = new Map<string, Promise<Run>>();
const baseline = (v: ReturnType<typeof variant>) => {
  let b = baselines.get(v);
  if (!b) {
    b = runCase(undefined, v);
    baselines.set(v, b);
  }
  return b;
};

const timings: string[] = [];
afterAll(() => {
  console.info(`fault matrix, run times (timeoutMs ${TIMEOUT_MS}):\n  ${timings.sort().join('\n  ')}`);
});

describe('without faults', () => {
  it.concurrent(
    'every policy passes; a deliberate failure elsewhere fails only its own policy',
    async ({ expect }) => {
      const [clean, unprotected, outage] = await Promise.all([
        baseline('clean'),
        baseline('unprotected'),
        baseline('outage'),
      ]);
      expect(clean.code, clean.stderr).toBe(0);
      for (const id of POLICY_IDS) expect(judged(clean.findings, id).join()).toMatch(/: pass /);
      expect(clean.findings.every((f) => f.status === 'pass')).toBe(true);
      expect(unprotected.code).toBe(1);
      expect(judged(unprotected.findings, 'change.branch-protection')).toEqual([
        'github.branch thesmios/platform@main: fail notProtected',
      ]);
      expect(outage.code).toBe(1);
      expect(judged(outage.findings, 'status.live').join()).toContain('fail indicatorFailing');
    },
    2 * KILL_MS,
  );
});

describe('fault matrix', () => {
  for (const c of CASES) {
    const name = `${c.source} × ${c.fault} → ${c.code}${c.alsoFailing ? ' (another policy fails: exit 1)' : ''}`;
    it.concurrent(
      name,
      async ({ expect }) => {
        const v = variant(c);
        const [run, base] = await Promise.all([runCase(c, v), baseline(v)]);
        timings.push(
          `${c.source.padEnd(6)} ${c.fault.padEnd(12)} run ${String(run.ms).padStart(5)} ms, process ${String(run.wallMs).padStart(5)} ms`,
        );
        expect(run.ms).toBeLessThan(BOUND_MS);
        expect(run.code, run.stderr).toBe(c.alsoFailing || c.judged ? 1 : 3);
        for (const id of POLICY_IDS) {
          const mine = run.findings.filter((f) => f.policyId === id);
          expect(mine.length, id).toBeGreaterThan(0);
          if (!AFFECTS[c.source].includes(id)) {
            // Unaffected: judged exactly as in the same estate without the fault.
            expect(judged(run.findings, id), id).toEqual(judged(base.findings, id));
            continue;
          }
          for (const f of mine) {
            if (c.judged) {
              expect([f.status, f.messageId]).toEqual(['fail', c.code]);
              continue;
            }
            expect(f.status, `${id}: ${f.message}`).toBe('error');
            expect(f.blocking).toBe(true);
            expect(f.messageId).toBe('factUnavailable');
            expect(f.message).toContain(c.operation);
            expect(f.message).toContain(`(${c.code})`);
            const errors = (f.evidence as { errors: { operation: string; code: string }[] }).errors;
            expect(errors.length).toBeGreaterThan(0);
            for (const e of errors) {
              expect(e.operation).toContain(c.operation);
              expect(e.code).toBe(c.code);
            }
          }
        }
      },
      2 * KILL_MS,
    );
  }
});
