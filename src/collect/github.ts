// The github source: a target repository's default-branch protection (classic and rulesets), its deployment
// environment and its security features, read through octokit. Throttling and retry are octokit's, but
// bounded — a few retries, no waiting for a distant rate-limit reset, a deadline on every attempt — so a run
// against a sick GitHub ends. A 404 that means "not configured" is data; 401/403, exhausted rate limits,
// 5xx and timeouts are FactErrors ("could not look"). Tokens never reach a message.

import { createAppAuth } from '@octokit/auth-app';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import { Octokit } from '@octokit/rest';
import type { ResolvedTarget } from '../config/schema.js';
import type { FactItem, FactMap, FactName } from '../snapshot/facts.js';
import type { FactError } from '../snapshot/snapshot.js';
import { compareStrings } from '../util/compare.js';
import { TOOL } from '../version.js';
import { classifyNetworkError, describeNetworkFailure, redact } from './net.js';
import type { CollectOptions, SliceResult, SourceCollector } from './types.js';

export type GitHubAuth =
  | { kind: 'token'; token: string }
  | { kind: 'app'; appId: string; privateKey: string; installationId: string };

/** Credentials from the environment: a GitHub App when all three GITHUB_APP_* are set, else a token. */
export function resolveGitHubAuth(env: NodeJS.ProcessEnv): { auth?: GitHubAuth; problem?: string } {
  const app = {
    GITHUB_APP_ID: env.GITHUB_APP_ID,
    GITHUB_APP_PRIVATE_KEY: env.GITHUB_APP_PRIVATE_KEY,
    GITHUB_APP_INSTALLATION_ID: env.GITHUB_APP_INSTALLATION_ID,
  };
  const set = Object.entries(app).filter(([, v]) => v);
  if (set.length === 3) {
    const privateKey = (app.GITHUB_APP_PRIVATE_KEY as string).replace(/\\n/g, '\n');
    return {
      auth: {
        kind: 'app',
        appId: app.GITHUB_APP_ID as string,
        privateKey,
        installationId: app.GITHUB_APP_INSTALLATION_ID as string,
      },
    };
  }
  const token = env.GITHUB_TOKEN || env.GH_TOKEN;
  if (token) return { auth: { kind: 'token', token } };
  if (set.length > 0) {
    const missing = Object.keys(app).filter((k) => !app[k as keyof typeof app]);
    return { problem: `GitHub App credentials are incomplete: ${missing.join(', ')} not set` };
  }
  return {
    problem:
      'no GitHub credentials: set GITHUB_TOKEN or GH_TOKEN (or GITHUB_APP_ID, ..._PRIVATE_KEY, ..._INSTALLATION_ID)',
  };
}

function secretsOf(auth: GitHubAuth): string[] {
  return auth.kind === 'token' ? [auth.token] : [auth.privateKey];
}

/** target.github.apiUrl, else GITHUB_API_URL (GitHub Enterprise), else api.github.com. */
export function githubBaseUrl(target: ResolvedTarget, env: NodeJS.ProcessEnv): string {
  return (target.github?.apiUrl ?? env.GITHUB_API_URL ?? 'https://api.github.com').replace(/\/+$/, '');
}

export interface GitHubLimits {
  /** Retries of a failed request (5xx, timeout, and rate limits that reset soon enough). */
  retries: number;
  /** Base of octokit's growing retry wait: (n+1)² × this, in milliseconds. */
  retryBaseMs: number;
  /** A rate limit that resets later than this is an error, not a wait. */
  maxRateLimitWaitSeconds: number;
}
export const GITHUB_LIMITS: GitHubLimits = { retries: 2, retryBaseMs: 1000, maxRateLimitWaitSeconds: 30 };

export const GITHUB_OPS = {
  repo: 'GET /repos/{owner}/{repo}',
  protection: 'GET /repos/{owner}/{repo}/branches/{branch}/protection',
  rules: 'GET /repos/{owner}/{repo}/rules/branches/{branch}',
  environment: 'GET /repos/{owner}/{repo}/environments/{environment_name}',
  branchPolicies: 'GET /repos/{owner}/{repo}/environments/{environment_name}/deployment-branch-policies',
  vulnerabilityAlerts: 'GET /repos/{owner}/{repo}/vulnerability-alerts',
  contents: 'GET /repos/{owner}/{repo}/contents/{path}',
  installationToken: 'POST /app/installations/{installation_id}/access_tokens',
} as const;

const ROUTES = Object.values(GITHUB_OPS).map((op) => {
  const [method, route] = op.split(' ') as [string, string];
  const body = route.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\\?\{[^}]+\\?\}/g, '[^/]+');
  return {
    op,
    method,
    re: new RegExp(`^${route.endsWith('{path}') ? body.replace(/\[\^\/\]\+$/, '.+') : body}$`),
  };
});

/** The operation a request belongs to, for call counts: templates as given, absolute (next-page) URLs matched. */
function operationOf(method: string, url: string, basePath: string): string {
  if (!/^https?:/.test(url)) return `${method} ${url}`;
  let path = new URL(url).pathname;
  if (basePath !== '/' && path.startsWith(basePath)) path = path.slice(basePath.length);
  return ROUTES.find((r) => r.method === method && r.re.test(path))?.op ?? `${method} ${path}`;
}

export interface GitHubClientOptions {
  auth: GitHubAuth;
  baseUrl: string;
  /** Deadline of every single attempt, in milliseconds. */
  timeoutMs: number;
  signal?: AbortSignal;
  /** Incremented per attempt, by operation ("GET /repos/{owner}/{repo}"). */
  calls?: Record<string, number>;
  limits?: Partial<GitHubLimits>;
}

const quiet = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };

export function createGitHubClient(o: GitHubClientOptions) {
  const limits = { ...GITHUB_LIMITS, ...o.limits };
  const basePath = new URL(o.baseUrl).pathname.replace(/\/+$/, '') || '/';
  // Registered first, so innermost: runs on every attempt, including octokit's retries.
  const bounded = (octokit: Pick<Octokit, 'hook'>) => {
    octokit.hook.wrap('request', async (request, options) => {
      const op = operationOf(options.method, options.url, basePath);
      if (o.calls) o.calls[`github:${op}`] = (o.calls[`github:${op}`] ?? 0) + 1;
      const deadline = AbortSignal.timeout(o.timeoutMs);
      const signal = o.signal ? AbortSignal.any([deadline, o.signal]) : deadline;
      // Set on the options object itself: before-after-hook hands every hook the same object and ignores
      // the argument passed down, so a fresh object would never reach the request.
      options.request = { ...options.request, signal };
      const response = await request(options);
      // octokit hands back the text of a body it cannot parse as JSON (an HTML login page, a cut-off
      // document): that is could-not-look, never an empty or default setting.
      const data: unknown = response.data;
      if (response.status !== 204 && (typeof data !== 'object' || data === null)) {
        throw new GitHubCallError(
          op,
          'MalformedResponse',
          `GitHub answered HTTP ${response.status} with a body that is not the JSON the API documents`,
        );
      }
      return response;
    });
  };
  const willWait = (retryAfter: number, _options: unknown, _octokit: unknown, retryCount: number) =>
    retryCount < limits.retries && retryAfter <= limits.maxRateLimitWaitSeconds;
  const GitHub = Octokit.plugin(bounded, throttling, retry);
  const auth =
    o.auth.kind === 'token'
      ? { auth: o.auth.token }
      : {
          authStrategy: createAppAuth,
          auth: { appId: o.auth.appId, privateKey: o.auth.privateKey, installationId: o.auth.installationId },
        };
  return new GitHub({
    ...auth,
    baseUrl: o.baseUrl,
    userAgent: `${TOOL.name}/${TOOL.version}`,
    log: quiet,
    throttle: { onRateLimit: willWait, onSecondaryRateLimit: willWait, retryAfterBaseValue: 1000 },
    retry: {
      retries: limits.retries,
      retryAfterBaseValue: limits.retryBaseMs,
      doNotRetry: [400, 401, 403, 404, 410, 422, 429, 451],
    },
  });
}
export type GitHubClient = ReturnType<typeof createGitHubClient>;

interface HttpishError {
  status?: number;
  message?: string;
  response?: { headers?: Record<string, string | number | undefined> };
}
export const statusOf = (err: unknown): number | undefined =>
  typeof (err as HttpishError)?.status === 'number' ? (err as HttpishError).status : undefined;

/** A failed call, already described (code + redacted message) for a FactError. */
export class GitHubCallError extends Error {
  constructor(
    readonly operation: string,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'GitHubCallError';
  }
}

/** Names what went wrong by status and headers (never by message text), with secrets removed. */
export function describeGitHubError(
  err: unknown,
  secrets: readonly string[] = [],
): { code: string; message: string } {
  if (err instanceof GitHubCallError) return { code: err.code, message: redact(err.message, secrets) };
  const e = err as HttpishError;
  const status = statusOf(err);
  const headers = e?.response?.headers ?? {};
  const said = redact(String(e?.message ?? err), secrets);
  if (status && e?.response) {
    if (
      (status === 403 || status === 429) &&
      (String(headers['x-ratelimit-remaining']) === '0' || headers['retry-after'])
    ) {
      const reset = Number(headers['x-ratelimit-reset']);
      const when =
        Number.isFinite(reset) && reset > 0 ? `; resets at ${new Date(reset * 1000).toISOString()}` : '';
      return { code: 'RateLimited', message: `GitHub rate limit exhausted (HTTP ${status})${when}: ${said}` };
    }
    const code =
      status === 401
        ? 'Unauthorized'
        : status === 403
          ? 'Forbidden'
          : status === 404
            ? 'NotFound'
            : status >= 500
              ? 'ServerError'
              : `Http${status}`;
    return { code, message: `GitHub answered HTTP ${status}: ${said}` };
  }
  const failure = classifyNetworkError(err);
  return { code: failure.code, message: `GitHub could not be reached: ${describeNetworkFailure(failure)}` };
}

/** Everything a GitHub-reading collector needs for one target, or why it cannot have it. */
export function githubContext(
  target: ResolvedTarget,
  options: CollectOptions,
  calls: Record<string, number>,
  limits: Partial<GitHubLimits> = {},
):
  | { ok: true; client: GitHubClient; owner: string; repo: string; auth: GitHubAuth; secrets: string[] }
  | { ok: false; code: string; message: string } {
  if (!target.github) return { ok: false, code: 'NotConfigured', message: 'the target has no github.repo' };
  const env = options.env ?? process.env;
  const { auth, problem } = resolveGitHubAuth(env);
  if (!auth) return { ok: false, code: 'NoCredentials', message: problem ?? 'no GitHub credentials' };
  const [owner, repo] = target.github.repo.split('/') as [string, string];
  const client = createGitHubClient({
    auth,
    baseUrl: githubBaseUrl(target, env),
    timeoutMs: options.timeoutMs,
    calls,
    limits,
    ...(options.signal ? { signal: options.signal } : {}),
  });
  return { ok: true, client, owner, repo, auth, secrets: secretsOf(auth) };
}

type RepoData = Awaited<ReturnType<GitHubClient['rest']['repos']['get']>>['data'];

async function notFoundAs<T, D>(p: Promise<T>, fallback: D): Promise<T | D> {
  try {
    return await p;
  } catch (err) {
    if (statusOf(err) === 404) return fallback;
    throw err;
  }
}

async function branchProtection(
  c: GitHubClient,
  o: string,
  r: string,
  repo: RepoData,
  call: Caller,
  trust404: boolean,
): Promise<FactItem<'github.branchProtection'>> {
  const branch = repo.default_branch;
  const [classic, rules] = await Promise.all([
    call(GITHUB_OPS.protection, () =>
      notFoundAs(
        c.rest.repos.getBranchProtection({ owner: o, repo: r, branch }).then((x) => x.data),
        null,
      ),
    ),
    call(GITHUB_OPS.rules, () =>
      notFoundAs(c.paginate(c.rest.repos.getBranchRules, { owner: o, repo: r, branch, per_page: 100 }), []),
    ),
  ]);
  if (Array.isArray(classic) || !Array.isArray(rules)) {
    throw new GitHubCallError(
      GITHUB_OPS.protection,
      'MalformedResponse',
      'GitHub answered with an unexpected shape',
    );
  }
  if (classic === null && !trust404) {
    throw new GitHubCallError(
      GITHUB_OPS.protection,
      'NotAdmin',
      'GitHub answered 404 to a token without admin rights on the repository, which cannot be told from "not protected"',
    );
  }
  const pr = classic?.required_pull_request_reviews;
  const sc = classic?.required_status_checks;
  return {
    repo: `${o}/${r}`,
    branch,
    classic: classic && {
      requirePullRequest: pr !== undefined,
      requiredApprovingReviewCount: pr?.required_approving_review_count ?? 0,
      dismissStaleReviews: pr?.dismiss_stale_reviews ?? false,
      requireCodeOwnerReviews: pr?.require_code_owner_reviews ?? false,
      requiredStatusChecks: [
        ...new Set([...(sc?.contexts ?? []), ...(sc?.checks ?? []).map((x) => x.context)]),
      ].sort(),
      strictStatusChecks: sc?.strict ?? false,
      enforceAdmins: classic.enforce_admins?.enabled ?? false,
      allowForcePushes: classic.allow_force_pushes?.enabled === true,
      allowDeletions: classic.allow_deletions?.enabled === true,
    },
    rules: rules.map((rule) => {
      const p = (rule as { parameters?: Record<string, unknown> }).parameters ?? {};
      const checks = p.required_status_checks as { context: string }[] | undefined;
      return {
        type: rule.type,
        ...(rule.ruleset_id !== undefined ? { rulesetId: rule.ruleset_id } : {}),
        ...(rule.ruleset_source ? { rulesetSource: rule.ruleset_source } : {}),
        ...(rule.ruleset_source_type ? { rulesetSourceType: rule.ruleset_source_type } : {}),
        ...(typeof p.required_approving_review_count === 'number'
          ? { requiredApprovingReviewCount: p.required_approving_review_count }
          : {}),
        ...(checks ? { requiredStatusChecks: checks.map((x) => x.context).sort() } : {}),
      };
    }),
  };
}

async function environment(
  c: GitHubClient,
  o: string,
  r: string,
  name: string,
  call: Caller,
): Promise<FactItem<'github.environments'>> {
  const env = await call(GITHUB_OPS.environment, () =>
    notFoundAs(
      c.rest.repos.getEnvironment({ owner: o, repo: r, environment_name: name }).then((x) => x.data),
      null,
    ),
  );
  const base = { repo: `${o}/${r}`, name };
  if (Array.isArray(env)) {
    throw new GitHubCallError(
      GITHUB_OPS.environment,
      'MalformedResponse',
      'GitHub answered with an unexpected shape',
    );
  }
  if (!env) return { ...base, exists: false, requiredReviewers: [], deploymentBranchPolicy: null };
  type Rule = {
    type: string;
    wait_timer?: number;
    prevent_self_review?: boolean;
    reviewers?: {
      type?: string;
      reviewer?: { login?: string; slug?: string; name?: string | null; id?: number };
    }[];
  };
  const rules = (env.protection_rules ?? []) as Rule[];
  const reviewerRule = rules.find((x) => x.type === 'required_reviewers');
  const wait = rules.find((x) => x.type === 'wait_timer')?.wait_timer;
  const policy = env.deployment_branch_policy;
  const patterns = policy?.custom_branch_policies
    ? await call(GITHUB_OPS.branchPolicies, () =>
        c.paginate(c.rest.repos.listDeploymentBranchPolicies, {
          owner: o,
          repo: r,
          environment_name: name,
          per_page: 100,
        }),
      )
    : [];
  return {
    ...base,
    exists: true,
    requiredReviewers: (reviewerRule?.reviewers ?? []).map((x) => ({
      type: x.type ?? 'User',
      name: x.reviewer?.login ?? x.reviewer?.slug ?? x.reviewer?.name ?? String(x.reviewer?.id ?? '?'),
    })),
    ...(reviewerRule?.prevent_self_review !== undefined
      ? { preventSelfReview: reviewerRule.prevent_self_review }
      : {}),
    ...(wait !== undefined ? { waitTimerMinutes: wait } : {}),
    deploymentBranchPolicy: policy
      ? {
          protectedBranches: policy.protected_branches,
          customBranchPolicies: policy.custom_branch_policies,
          patterns: patterns
            .map((x) => ({ name: x.name ?? '', type: x.type ?? 'branch' }))
            .sort((a, b) => compareStrings(a.name, b.name)),
        }
      : null,
  };
}

async function securityFeatures(
  c: GitHubClient,
  o: string,
  r: string,
  repo: RepoData,
  call: Caller,
  trust404: boolean,
): Promise<FactItem<'github.securityFeatures'>> {
  const notes: string[] = [];
  const sa = repo.security_and_analysis;
  if (!sa)
    notes.push(
      'security_and_analysis is not visible to this token (it needs admin rights on the repository)',
    );
  const state = (v: { status?: string } | undefined) =>
    !sa ? ('unknown' as const) : v?.status === 'enabled' ? ('enabled' as const) : ('disabled' as const);
  const alerts = await call(GITHUB_OPS.vulnerabilityAlerts, async () => {
    try {
      await c.rest.repos.checkVulnerabilityAlerts({ owner: o, repo: r });
      return 'enabled' as const;
    } catch (err) {
      const e = describeGitHubError(err);
      if (statusOf(err) === 404 && trust404) return 'disabled' as const;
      if (e.code === 'Forbidden' || e.code === 'Unauthorized' || statusOf(err) === 404) {
        notes.push(
          `Dependabot alerts: ${e.code === 'NotFound' ? 'a 404 to a token without admin rights' : e.code}`,
        );
        return 'unknown' as const;
      }
      throw err;
    }
  });
  return {
    repo: `${o}/${r}`,
    secretScanning: state(sa?.secret_scanning),
    secretScanningPushProtection: state(sa?.secret_scanning_push_protection),
    dependabotSecurityUpdates: state(sa?.dependabot_security_updates),
    dependabotAlerts: alerts,
    notes,
  };
}

type Caller = <T>(operation: string, fn: () => Promise<T>) => Promise<T>;

export const GITHUB_FACTS = [
  'github.branchProtection',
  'github.environments',
  'github.securityFeatures',
] as const;

export function createGitHubCollector(limits: Partial<GitHubLimits> = {}): SourceCollector {
  return {
    source: 'github',
    facts: GITHUB_FACTS,
    async collect(target: ResolvedTarget, facts: FactName[], options: CollectOptions): Promise<SliceResult> {
      const calls: Record<string, number> = {};
      const errors: FactError[] = [];
      const out: Partial<FactMap> = {};
      const wanted = GITHUB_FACTS.filter((f) => facts.includes(f));
      const record = (fact: FactName, e: { operation: string; code: string; message: string }) =>
        errors.push({ fact, source: 'github', operation: e.operation, code: e.code, message: e.message });
      if (wanted.length === 0) return { facts: out, errors, calls };
      const ctx = githubContext(target, options, calls, limits);
      if (!ctx.ok) {
        for (const f of wanted)
          record(f, { operation: 'github:credentials', code: ctx.code, message: ctx.message });
        return { facts: out, errors, calls };
      }
      const { client, owner, repo, secrets } = ctx;
      options.onProgress?.({
        target: target.name,
        source: 'github',
        phase: 'start',
        detail: `${owner}/${repo}`,
      });
      const call: Caller = async (operation, fn) => {
        try {
          return await fn();
        } catch (err) {
          if (err instanceof GitHubCallError) throw err;
          const d = describeGitHubError(err, secrets);
          throw new GitHubCallError(operation, d.code, d.message);
        }
      };
      try {
        // The repository first: a 404 further on means "not configured" only when the repository is readable.
        const repoData = await call(GITHUB_OPS.repo, () =>
          client.rest.repos.get({ owner, repo }).then((x) => x.data),
        );
        if (typeof repoData.default_branch !== 'string' || Array.isArray(repoData)) {
          throw new GitHubCallError(
            GITHUB_OPS.repo,
            'MalformedResponse',
            'GitHub answered without a default branch',
          );
        }
        // A user token without admin rights gets 404 for settings it may not see; an App's rights are its own.
        const trust404 = ctx.auth.kind === 'app' || repoData.permissions?.admin !== false;
        const jobs: Record<string, () => Promise<unknown>> = {
          'github.branchProtection': () => branchProtection(client, owner, repo, repoData, call, trust404),
          'github.environments': () =>
            environment(client, owner, repo, target.github?.environment ?? 'production', call),
          'github.securityFeatures': () => securityFeatures(client, owner, repo, repoData, call, trust404),
        };
        await Promise.all(
          wanted.map((fact) =>
            (jobs[fact] as () => Promise<unknown>)().then(
              (item) => {
                (out as Record<string, unknown[]>)[fact] = [item];
              },
              (err: unknown) => record(fact, toCallError(err, secrets)),
            ),
          ),
        );
      } catch (err) {
        for (const f of wanted) record(f, toCallError(err, secrets));
      }
      options.onProgress?.({
        target: target.name,
        source: 'github',
        phase: 'done',
        detail: `${owner}/${repo}`,
      });
      return { facts: out, errors, calls };
    },
  };
}

function toCallError(err: unknown, secrets: string[]): { operation: string; code: string; message: string } {
  if (err instanceof GitHubCallError)
    return { operation: err.operation, code: err.code, message: redact(err.message, secrets) };
  return { operation: 'github:collect', ...describeGitHubError(err, secrets) };
}

export const githubCollector: SourceCollector = createGitHubCollector();
