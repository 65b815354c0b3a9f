// `readiness demo`: the whole pipeline on the fictional demo estate, with no cloud account. It starts the
// local stand-ins on 127.0.0.1 — the AWS simulator serving examples/demo/estate.json through the real SDK
// clients, a GitHub stand-in serving examples/demo/github.json, and one status page per target from
// examples/demo/statuspages.json — points the demo targets at them, and runs `check`. The estate has
// deliberate failures, so the demo's gate is blocked on purpose; the demo itself exits 0 when it ran.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { displayPath, type LoadedProject } from '../config/load.js';
import type { Estate } from '../sim/estate.js';
import { type GitHubSim, protectionJson, ruleJson, type SimRepo, startGitHub } from '../sim/github.js';
import { startSimulator } from '../sim/index.js';
import { type StatusPageOptions, type StatusPageSim, startStatusPage } from '../sim/statuspage.js';
import type { Io } from './io.js';
import { runCheck } from './run.js';

export const DEMO_DIR = fileURLToPath(new URL('../../examples/demo/', import.meta.url));

/** Fictional credentials the stand-ins know; the user's own credentials are never used by the demo. */
const DEMO_ENV = {
  AWS_ACCESS_KEY_ID: 'AKIADEMOREADINESS001',
  AWS_SECRET_ACCESS_KEY: 'demo-secret-for-the-local-simulator',
  AWS_REGION: 'eu-west-2',
  GITHUB_TOKEN: 'demo-token-for-the-local-github-stand-in',
};

/** examples/demo/github.json: repositories in a short form (see its $comment). */
interface DemoRepo extends Omit<SimRepo, 'protection' | 'rules' | 'files'> {
  protection?: Parameters<typeof protectionJson>[0];
  rules?: { type: string; parameters?: Record<string, unknown> }[];
  /** A folder, relative to examples/demo/, whose files the contents API serves. */
  files?: string;
}
interface DemoGitHub {
  repos: Record<string, DemoRepo>;
}
/** examples/demo/statuspages.json: one status page per target name. */
interface DemoStatusPages {
  pages: Record<string, Pick<StatusPageOptions, 'scenario' | 'components' | 'pageName'>>;
}

const readJson = <T>(name: string): T => JSON.parse(readFileSync(path.join(DEMO_DIR, name), 'utf8')) as T;

/** Every file below `dir`, by path relative to it with forward slashes. */
function filesBelow(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const rel of (readdirSync(dir, { recursive: true }) as string[]).sort()) {
    const abs = path.join(dir, rel);
    if (statSync(abs).isFile()) out[rel.split(path.sep).join('/')] = readFileSync(abs, 'utf8');
  }
  return out;
}

function simRepos(demo: DemoGitHub): Record<string, SimRepo> {
  return Object.fromEntries(
    Object.entries(demo.repos).map(([name, { protection, rules, files, ...rest }]) => [
      name,
      {
        ...rest,
        ...(protection ? { protection: protectionJson(protection) } : {}),
        ...(rules ? { rules: rules.map((r) => ruleJson(r.type, r.parameters, { source: name })) } : {}),
        ...(files ? { files: filesBelow(path.join(DEMO_DIR, files)) } : {}),
      },
    ]),
  );
}

export async function runDemo(io: Io, opts: { out: string; quiet?: boolean }): Promise<number> {
  const rel = (p: string) => displayPath(path.join(DEMO_DIR, p), io.cwd);
  const closers: (() => Promise<void>)[] = [];
  try {
    const aws = await startSimulator({ estate: readJson<Estate>('estate.json') });
    closers.push(() => aws.close());
    const github: GitHubSim = await startGitHub({
      repos: simRepos(readJson<DemoGitHub>('github.json')),
      tokens: [DEMO_ENV.GITHUB_TOKEN],
    });
    closers.push(() => github.close());
    const pages = new Map<string, StatusPageSim>();
    for (const [target, page] of Object.entries(readJson<DemoStatusPages>('statuspages.json').pages)) {
      const sim = await startStatusPage(page);
      closers.push(() => sim.close());
      pages.set(target, sim);
    }

    io.err(
      `Demo: ${rel('readiness.yaml')} against local stand-ins on 127.0.0.1 — the AWS simulator at ${aws.url} ` +
        `serving ${rel('estate.json')}, GitHub at ${github.url} serving ${rel('github.json')}, and ` +
        `${pages.size} status page(s) from ${rel('statuspages.json')}. Everything in them is fictional.\n\n`,
    );
    const adjust = (project: LoadedProject) => {
      for (const t of project.inputs.targets) {
        if (t.aws) t.aws = { ...t.aws, endpoint: aws.url };
        if (t.github) t.github = { ...t.github, apiUrl: github.url };
        const page = pages.get(t.name);
        if (t.statusPage && page) t.statusPage = { url: page.url };
      }
    };
    const env: NodeJS.ProcessEnv = { ...DEMO_ENV, ...(io.env.CI ? { CI: io.env.CI } : {}) };
    const result = await runCheck(
      { ...io, env },
      {
        config: path.join(DEMO_DIR, 'readiness.yaml'),
        out: opts.out,
        adjust,
        ...(opts.quiet ? { quiet: true } : {}),
      },
    );
    io.out(
      `\nThe demo ran: its gate is ${result.report.gate.decision}` +
        (result.report.gate.decision === 'blocked'
          ? ' on purpose (the demo estate has deliberate failures)'
          : '') +
        `. A real run would exit ${result.exitCode}.\n`,
    );
    return 0;
  } finally {
    await Promise.all(closers.map((close) => close()));
  }
}
