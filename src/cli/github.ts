// GitHub Actions integration at the edge: workflow annotations on stdout (when GITHUB_ACTIONS=true), the
// job summary appended to $GITHUB_STEP_SUMMARY, and, with --github-check-run, a check run created through
// octokit. The renderers are pure (src/report/github.ts); this module only decides and sends.
import { appendFileSync } from 'node:fs';
import { Octokit } from '@octokit/rest';
import { checkRunPayload, renderAnnotations, renderJobSummary } from '../report/github.js';
import type { Report } from '../report/model.js';
import { CliExit, EXIT, type Io } from './io.js';

export interface CheckRunTarget {
  owner: string;
  repo: string;
  sha: string;
  token: string;
  baseUrl: string;
}

/** Reads what a check run needs from the environment; a usage error (exit 2) before anything is collected. */
export function checkRunTarget(env: NodeJS.ProcessEnv): CheckRunTarget {
  const missing = ['GITHUB_REPOSITORY', 'GITHUB_SHA'].filter((k) => !env[k]);
  const token = env.GITHUB_TOKEN || env.GH_TOKEN;
  if (!token) missing.push('GITHUB_TOKEN');
  if (missing.length) throw new CliExit(EXIT.invalid, `--github-check-run: ${missing.join(', ')} not set`);
  const [owner, repo, ...rest] = (env.GITHUB_REPOSITORY as string).split('/');
  if (!owner || !repo || rest.length) {
    throw new CliExit(
      EXIT.invalid,
      `--github-check-run: GITHUB_REPOSITORY must be owner/name, got "${env.GITHUB_REPOSITORY}"`,
    );
  }
  return {
    owner,
    repo,
    sha: env.GITHUB_SHA as string,
    token: token as string,
    baseUrl: (env.GITHUB_API_URL || 'https://api.github.com').replace(/\/+$/, ''),
  };
}

export async function createCheckRun(
  report: Report,
  target: CheckRunTarget,
  timeoutMs = 15_000,
): Promise<string> {
  const octokit = new Octokit({
    auth: target.token,
    baseUrl: target.baseUrl,
    userAgent: `readiness/${report.tool.version}`,
    request: { signal: AbortSignal.timeout(timeoutMs), retries: 0 },
    log: { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} },
  });
  const res = await octokit.rest.checks.create({
    owner: target.owner,
    repo: target.repo,
    ...checkRunPayload(report, target.sha),
  });
  return res.data.html_url ?? String(res.data.id);
}

/** Everything GitHub gets from a finished run; a failed check run is a warning, never a changed verdict. */
export async function publishToGithub(io: Io, report: Report, checkRun?: CheckRunTarget): Promise<void> {
  if (io.env.GITHUB_ACTIONS === 'true') io.out(renderAnnotations(report));
  const summaryFile = io.env.GITHUB_STEP_SUMMARY;
  if (summaryFile) {
    try {
      appendFileSync(summaryFile, `${renderJobSummary(report)}\n`);
    } catch (err) {
      io.err(`readiness: could not write the job summary to ${summaryFile}: ${(err as Error).message}\n`);
    }
  }
  if (checkRun) {
    try {
      const url = await createCheckRun(report, checkRun);
      io.err(`check run created: ${url}\n`);
    } catch (err) {
      const status = (err as { status?: number }).status;
      io.err(
        `readiness: could not create the check run${status ? ` (HTTP ${status})` : ''}: ${(err as Error).message}\n`,
      );
    }
  }
}
