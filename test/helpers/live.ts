// Live runs against the local stand-ins: the AWS simulator, the GitHub stand-in and the status page, each
// on 127.0.0.1 port 0, and a throwaway project whose one target points at them. Used by the fault matrix,
// interruption, hostile-estate, redaction and read-only tests.
import { readdirSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { main } from '../../src/cli/main.js';
import {
  type GitHubSim,
  type GitHubSimOptions,
  protectionJson,
  type SimRepo,
  startGitHub,
} from '../../src/sim/github.js';
import type { Estate, FaultRule } from '../../src/sim/index.js';
import { type Simulator, startSimulator } from '../../src/sim/index.js';
import { type StatusPageScenario, type StatusPageSim, startStatusPage } from '../../src/sim/statuspage.js';
import { captureIo, type TempProject, tempProject } from './project.js';

export const ACCOUNT = '111111111111';
export const REGION = 'eu-west-2';
export const REPO = 'thesmios/platform';
export const ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/readiness-read`;

/** Credentials the run gets in its environment; the stand-ins accept them. */
export const CREDENTIALS = {
  AWS_ACCESS_KEY_ID: 'AKIALIVETESTREADER01',
  AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYLIVETESTKEY',
  AWS_SESSION_TOKEN: 'FwoGZXIvYXdzELIVETESTSESSIONTOKEN//////////wEaDLiveTest',
  GITHUB_TOKEN: 'ghp_LiveTestToken0000000000000000000000001',
};

/** One database, backed up by a plan whose selection picks it by tag: every AWS policy passes. */
export function goodEstate(): Estate {
  return {
    users: [{ accessKeyId: CREDENTIALS.AWS_ACCESS_KEY_ID, account: ACCOUNT, name: 'ci' }],
    accounts: {
      [ACCOUNT]: {
        roles: [{ name: 'readiness-read' }],
        regions: {
          [REGION]: {
            instances: [{ id: 'orders-db', backupRetentionDays: 35, tags: { backup: 'true' } }],
            backupPlans: [
              {
                name: 'daily',
                rules: [{ name: 'daily', vault: 'main', schedule: 'cron(0 3 ? * * *)' }],
                selections: [{ name: 'tagged', listOfTags: [{ key: 'backup', value: 'true' }] }],
              },
            ],
            vaults: [{ name: 'main' }],
          },
        },
      },
    },
  };
}

export const PROTECTED_REPO: SimRepo = {
  protection: protectionJson({ approvals: 1, checks: ['readiness-gate'] }),
};

export interface StandIns {
  aws: Simulator;
  github: GitHubSim;
  status: StatusPageSim;
  close(): Promise<void>;
}

export async function startStandIns(
  o: {
    estate?: Estate;
    awsFaults?: FaultRule[];
    github?: Partial<GitHubSimOptions>;
    repo?: SimRepo;
    status?: StatusPageScenario;
  } = {},
): Promise<StandIns> {
  const [aws, github, status] = await Promise.all([
    startSimulator({ estate: o.estate ?? goodEstate(), faults: o.awsFaults ?? [] }),
    startGitHub({ repos: { [REPO]: o.repo ?? PROTECTED_REPO }, ...o.github }),
    startStatusPage({ scenario: o.status ?? 'operational' }),
  ]);
  return {
    aws,
    github,
    status,
    close: async () => {
      await Promise.all([aws.close(), github.close(), status.close()]);
    },
  };
}

/** A local port with nothing listening: connections are refused at once. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export const POLICIES: Record<string, string> = {
  'policies/retention.yaml': `id: backups.retention
title: Automated backups kept as long as the order form says
controls: [SL-BACKUPS]
stages: [production-enterprise]
check: aws.rds.backup-retention
options:
  minRetentionDays: \${target.orderForm.backupRetentionDays}
`,
  'policies/protected.yaml': `id: backups.protected
title: Every database is in a backup plan
controls: [SL-BACKUPS]
stages: [production-enterprise]
check: aws.backup.resources-protected
`,
  'policies/branch.yaml': `id: change.branch-protection
title: The default branch is protected
controls: [SL-CHANGE]
stages: [production-enterprise]
check: github.branch-protection
`,
  'policies/status.yaml': `id: status.live
title: The status page is live
controls: [SL-STATUS-PAGE]
stages: [production-enterprise]
check: http.status-page.live
`,
};

export interface Endpoints {
  aws: string;
  github: string;
  status: string;
}

export const endpointsOf = (s: StandIns): Endpoints => ({
  aws: s.aws.url,
  github: s.github.url,
  status: s.status.url,
});

export function liveConfig(e: Endpoints, o: { timeoutMs?: number; name?: string } = {}): string {
  return `targets:
  - name: ${o.name ?? 'acme-prod'}
    stage: production-enterprise
    orderForm: { backupRetentionDays: 35 }
    aws:
      regions: [${REGION}]
      endpoint: ${e.aws}
      accounts: [{ id: "${ACCOUNT}", roleArn: "${ROLE_ARN}" }]
    github: { repo: ${REPO}, apiUrl: "${e.github}" }
    statusPage: { url: "${e.status}" }
policies: [policies]
collect: { timeoutMs: ${o.timeoutMs ?? 1000}, concurrency: 4 }
`;
}

export function liveProject(
  e: Endpoints,
  o: { timeoutMs?: number; policies?: Record<string, string> } = {},
): TempProject {
  return tempProject({ 'readiness.yaml': liveConfig(e, o), ...(o.policies ?? POLICIES) });
}

/** Everything under `out` (relative to the project): bundle folders, and any `.partial` ones. */
export function entriesIn(dir: string, out: string): string[] {
  try {
    return readdirSync(path.join(dir, out)).sort();
  } catch {
    return [];
  }
}

/** `readiness verify DIR`, in process (the same code path as the CLI, without another process). */
export async function verifyExit(cwd: string, bundle: string): Promise<{ code: number; out: string }> {
  const io = captureIo(cwd);
  const code = await main(['verify', bundle], io);
  return { code, out: io.stdout.join('') + io.stderr.join('') };
}
