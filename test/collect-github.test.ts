// The github collector against the local GitHub stand-in, through the real octokit (throttling, retry,
// pagination, App auth).
import { generateKeyPairSync } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { createGitHubCollector, resolveGitHubAuth } from '../src/collect/github.js';
import type { CollectOptions, SliceResult } from '../src/collect/types.js';
import { target } from '../src/kit/builders.js';
import {
  type GitHubSim,
  type GitHubSimOptions,
  protectionJson,
  ruleJson,
  type SimRepo,
  startGitHub,
} from '../src/sim/github.js';
import { startStatusPage } from '../src/sim/statuspage.js';
import type { FactName } from '../src/snapshot/facts.js';
import { snapshotErrors } from './helpers/snapshot.js';

const TOKEN = 'ghp_TestToken0123456789abcdefghijklmnopqr';
const REPO = 'thesmios/platform';
const ALL: FactName[] = ['github.branchProtection', 'github.environments', 'github.securityFeatures'];
const collector = createGitHubCollector({ retries: 2, retryBaseMs: 10, maxRateLimitWaitSeconds: 5 });

let sims: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(sims.map((s) => s.close()));
  sims = [];
});

async function github(repo: SimRepo, over: Partial<GitHubSimOptions> = {}): Promise<GitHubSim> {
  const sim = await startGitHub({ repos: { [REPO]: repo }, tokens: [TOKEN], ...over });
  sims.push(sim);
  return sim;
}

function run(
  sim: { url: string },
  facts: FactName[] = ALL,
  env: NodeJS.ProcessEnv = { GITHUB_TOKEN: TOKEN },
  over: Partial<CollectOptions> = {},
): Promise<SliceResult> {
  return collector.collect(
    target({ github: { repo: REPO, environment: 'production', apiUrl: sim.url } }),
    facts,
    { concurrency: 4, timeoutMs: 2_000, now: new Date('2026-11-29T12:00:00Z'), env, ...over },
  );
}

const protectedRepo: SimRepo = {
  protection: protectionJson({ approvals: 2, checks: ['build', 'readiness-gate'] }),
  security: {
    secret_scanning: true,
    secret_scanning_push_protection: true,
    dependabot_security_updates: true,
  },
  vulnerabilityAlerts: true,
  environments: {
    production: {
      reviewers: [
        { type: 'Team', name: 'release-managers' },
        { type: 'User', name: 'octocat' },
      ],
      preventSelfReview: true,
      branchPolicy: 'protected',
    },
  },
};

describe('github collector', { timeout: 10_000 }, () => {
  it('reads a protected repository', async () => {
    const sim = await github(protectedRepo);
    const r = await run(sim);
    expect(r.errors).toEqual([]);
    expect(r.facts['github.branchProtection']).toEqual([
      {
        repo: REPO,
        branch: 'main',
        classic: {
          requirePullRequest: true,
          requiredApprovingReviewCount: 2,
          dismissStaleReviews: true,
          requireCodeOwnerReviews: false,
          requiredStatusChecks: ['build', 'readiness-gate'],
          strictStatusChecks: true,
          enforceAdmins: true,
          allowForcePushes: false,
          allowDeletions: false,
        },
        rules: [],
      },
    ]);
    expect(r.facts['github.environments']?.[0]).toMatchObject({
      name: 'production',
      exists: true,
      requiredReviewers: [
        { type: 'Team', name: 'release-managers' },
        { type: 'User', name: 'octocat' },
      ],
      preventSelfReview: true,
      deploymentBranchPolicy: { protectedBranches: true, customBranchPolicies: false, patterns: [] },
    });
    expect(r.facts['github.securityFeatures']?.[0]).toMatchObject({
      secretScanning: 'enabled',
      secretScanningPushProtection: 'enabled',
      dependabotSecurityUpdates: 'enabled',
      dependabotAlerts: 'enabled',
      notes: [],
    });
    expect(r.calls['github:GET /repos/{owner}/{repo}']).toBe(1);
    expect(r.calls['github:GET /repos/{owner}/{repo}/branches/{branch}/protection']).toBe(1);
    expect(sim.requests.every((q) => q.authorization === `token ${TOKEN}`)).toBe(true);
    expect(sim.requests.find((q) => q.path.includes('/rules/'))?.query.per_page).toBe('100');
    expect(snapshotErrors(r)).toEqual([]);
  });

  it('reads an unprotected repository: 404 is "not protected", not an error', async () => {
    const sim = await github({ environments: {} });
    const r = await run(sim);
    expect(r.errors).toEqual([]);
    expect(r.facts['github.branchProtection']?.[0]).toMatchObject({ classic: null, rules: [] });
    expect(r.facts['github.environments']?.[0]).toMatchObject({ exists: false, requiredReviewers: [] });
    expect(r.facts['github.securityFeatures']?.[0]).toMatchObject({
      secretScanning: 'disabled',
      dependabotAlerts: 'disabled',
    });
  });

  it('reads rules from rulesets, across several pages', async () => {
    const sim = await github(
      {
        rules: [
          ruleJson('deletion'),
          ruleJson('non_fast_forward'),
          ruleJson('pull_request', {
            dismiss_stale_reviews_on_push: true,
            require_code_owner_review: true,
            require_last_push_approval: false,
            required_approving_review_count: 2,
            required_review_thread_resolution: false,
          }),
          ruleJson(
            'required_status_checks',
            {
              strict_required_status_checks_policy: true,
              required_status_checks: [{ context: 'readiness-gate', integration_id: 15368 }],
            },
            { id: 7, source: 'thesmios', sourceType: 'Organization' },
          ),
          ruleJson('required_linear_history'),
        ],
      },
      { pageSize: 2 },
    );
    const r = await run(sim, ['github.branchProtection']);
    expect(r.errors).toEqual([]);
    const bp = r.facts['github.branchProtection']?.[0];
    expect(bp?.classic).toBeNull();
    expect(bp?.rules.map((x) => x.type)).toEqual([
      'deletion',
      'non_fast_forward',
      'pull_request',
      'required_status_checks',
      'required_linear_history',
    ]);
    expect(bp?.rules[2]).toMatchObject({ requiredApprovingReviewCount: 2, rulesetId: 42 });
    expect(bp?.rules[3]).toMatchObject({
      requiredStatusChecks: ['readiness-gate'],
      rulesetSourceType: 'Organization',
      rulesetSource: 'thesmios',
    });
    expect(sim.requests.filter((q) => q.path.endsWith('/rules/branches/main'))).toHaveLength(3);
    expect(r.calls['github:GET /repos/{owner}/{repo}/rules/branches/{branch}']).toBe(3);
    expect(snapshotErrors(r)).toEqual([]);
  });

  it('reads an environment with custom branch policies across several pages', async () => {
    const patterns = ['main', 'release/*', 'hotfix/*', 'v*', 'stable'];
    const sim = await github(
      {
        environments: {
          production: { reviewers: [{ type: 'User', name: 'octocat' }], branchPolicy: patterns },
        },
      },
      { pageSize: 2 },
    );
    const r = await run(sim, ['github.environments']);
    expect(r.errors).toEqual([]);
    expect(r.facts['github.environments']?.[0]?.deploymentBranchPolicy).toEqual({
      protectedBranches: false,
      customBranchPolicies: true,
      patterns: [...patterns].sort().map((name) => ({ name, type: 'branch' })),
    });
    expect(sim.requests.filter((q) => q.path.endsWith('/deployment-branch-policies'))).toHaveLength(3);
    expect(snapshotErrors(r)).toEqual([]);
  });

  it('reads an environment without reviewers or branch policy', async () => {
    const sim = await github({ environments: { production: {} } });
    const r = await run(sim, ['github.environments']);
    expect(r.facts['github.environments']?.[0]).toMatchObject({
      exists: true,
      requiredReviewers: [],
      deploymentBranchPolicy: null,
    });
  });

  it('records 401 as could-not-look for every fact, without the token', async () => {
    const sim = await github(protectedRepo);
    const wrong = 'ghp_WrongToken0123456789abcdefghijklmnopq';
    const r = await run(sim, ALL, { GH_TOKEN: wrong });
    expect(r.errors.map((e) => [e.fact, e.code])).toEqual(ALL.map((f) => [f, 'Unauthorized']));
    expect(JSON.stringify(r)).not.toContain(wrong);
    expect(sim.requests).toHaveLength(1);
  });

  it('records 403 on one endpoint as an error for that fact only', async () => {
    const sim = await github(protectedRepo, {
      faults: [
        {
          path: `/repos/${REPO}/branches/main/protection`,
          status: 403,
          message: 'Resource not accessible by personal access token',
        },
      ],
    });
    const r = await run(sim);
    expect(r.errors).toMatchObject([
      {
        fact: 'github.branchProtection',
        code: 'Forbidden',
        operation: 'GET /repos/{owner}/{repo}/branches/{branch}/protection',
      },
    ]);
    expect(r.facts['github.environments']).toHaveLength(1);
    expect(r.facts['github.securityFeatures']).toHaveLength(1);
    expect(sim.requests.filter((q) => q.path.endsWith('/protection'))).toHaveLength(1); // 403 is not retried
  });

  it('records a body that is not JSON (an SSO login page, a cut-off document) as could-not-look', async () => {
    const sim = await github(protectedRepo, {
      faults: [
        {
          path: `/repos/${REPO}/branches/main/protection`,
          status: 200,
          body: '<html><body>Sign in to continue</body></html>',
        },
        {
          path: `/repos/${REPO}/environments/production`,
          status: 200,
          body: '{"name": "production", "protection_rul',
          contentType: 'application/json',
        },
      ],
    });
    const r = await run(sim);
    expect(r.errors.map((e) => [e.fact, e.operation, e.code]).sort()).toEqual([
      [
        'github.branchProtection',
        'GET /repos/{owner}/{repo}/branches/{branch}/protection',
        'MalformedResponse',
      ],
      [
        'github.environments',
        'GET /repos/{owner}/{repo}/environments/{environment_name}',
        'MalformedResponse',
      ],
    ]);
    expect(r.facts['github.branchProtection']).toBeUndefined();
    expect(r.facts['github.environments']).toBeUndefined();
    expect(r.facts['github.securityFeatures']).toHaveLength(1);
  });

  it('records a repository that answers 404 as could-not-look, not as "unprotected"', async () => {
    const sim = await github(protectedRepo);
    const r = await collector.collect(
      target({ github: { repo: 'thesmios/missing', apiUrl: sim.url } }),
      ALL,
      { concurrency: 4, timeoutMs: 2_000, now: new Date(), env: { GITHUB_TOKEN: TOKEN } },
    );
    expect(r.errors.map((e) => e.code)).toEqual(['NotFound', 'NotFound', 'NotFound']);
    expect(r.facts).toEqual({});
  });

  it('does not take a 404 to a non-admin token as "not protected"', async () => {
    const sim = await github({ ...protectedRepo, admin: false });
    const r = await run(sim, ['github.branchProtection', 'github.securityFeatures']);
    expect(r.errors).toMatchObject([{ fact: 'github.branchProtection', code: 'NotAdmin' }]);
    expect(r.facts['github.securityFeatures']?.[0]).toMatchObject({
      secretScanning: 'unknown',
      dependabotAlerts: 'unknown',
    });
    expect(r.facts['github.securityFeatures']?.[0]?.notes.length).toBe(2);
  });

  for (const status of [403, 429] as const) {
    it(`gives up at once on an exhausted rate limit (${status}) that resets late`, async () => {
      const sim = await github(protectedRepo, { rateLimit: { status, resetInSeconds: 3600 } });
      const started = Date.now();
      const r = await run(sim);
      expect(Date.now() - started).toBeLessThan(2_000);
      expect(r.errors.map((e) => e.code)).toEqual(['RateLimited', 'RateLimited', 'RateLimited']);
      expect(r.errors[0]?.message).toMatch(/resets at \d{4}-/);
      expect(sim.requests).toHaveLength(1);
    });
  }

  it('waits for a rate limit that resets within the bound, then carries on', async () => {
    const now = Math.floor(Date.now() / 1000);
    const sim = await github(protectedRepo, {
      faults: [
        {
          path: `/repos/${REPO}`,
          status: 403,
          times: 1,
          message: 'API rate limit exceeded',
          headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(now) },
        },
      ],
    });
    const r = await run(sim, ['github.securityFeatures']);
    expect(r.errors).toEqual([]);
    expect(sim.requests.filter((q) => q.path === `/repos/${REPO}`)).toHaveLength(2);
  });

  it('retries server errors a bounded number of times', async () => {
    const sim = await github(protectedRepo, { faults: [{ path: `/repos/${REPO}`, status: 502, times: 1 }] });
    expect((await run(sim, ['github.securityFeatures'])).errors).toEqual([]);

    const sick = await github(protectedRepo, { faults: [{ path: `/repos/${REPO}`, status: 500 }] });
    const r = await run(sick, ['github.securityFeatures']);
    expect(r.errors).toMatchObject([{ code: 'ServerError' }]);
    expect(sick.requests).toHaveLength(3); // one try and two retries
    expect(r.calls['github:GET /repos/{owner}/{repo}']).toBe(3);
  });

  it('ends a request that hangs at the deadline', async () => {
    const hang = await startStatusPage({ scenario: 'hang' });
    sims.push(hang);
    const started = Date.now();
    const r = await run(
      { url: hang.url.replace(/\/$/, '') },
      ['github.environments'],
      { GITHUB_TOKEN: TOKEN },
      { timeoutMs: 200 },
    );
    expect(r.errors).toMatchObject([{ code: 'Timeout' }]);
    expect(Date.now() - started).toBeLessThan(3_000);
  });

  it('authenticates as a GitHub App installation', async () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const sim = await github(protectedRepo, { appId: '123456' });
    const r = await run(sim, ['github.branchProtection'], {
      GITHUB_APP_ID: '123456',
      GITHUB_APP_PRIVATE_KEY: pem.replace(/\n/g, '\\n'),
      GITHUB_APP_INSTALLATION_ID: '99',
    });
    expect(r.errors).toEqual([]);
    expect(sim.requests[0]).toMatchObject({ method: 'POST', path: '/app/installations/99/access_tokens' });
    expect(sim.requests.slice(1).every((q) => q.authorization?.startsWith('token ghs_'))).toBe(true);
  });

  it('keeps the App private key out of errors', async () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const sim = await github(protectedRepo, { appId: 'another-app' });
    const r = await run(sim, ['github.branchProtection'], {
      GITHUB_APP_ID: '123456',
      GITHUB_APP_PRIVATE_KEY: pem,
      GITHUB_APP_INSTALLATION_ID: '99',
    });
    expect(r.errors).toMatchObject([{ code: 'Unauthorized' }]);
    const text = JSON.stringify(r);
    expect(text).not.toContain('PRIVATE KEY');
    expect(text).not.toContain(pem.split('\n')[1]);
  });

  it('uses GITHUB_API_URL when the target names no API URL', async () => {
    const sim = await github(protectedRepo);
    const r = await collector.collect(target({ github: { repo: REPO } }), ['github.environments'], {
      concurrency: 4,
      timeoutMs: 2_000,
      now: new Date(),
      env: { GITHUB_TOKEN: TOKEN, GITHUB_API_URL: `${sim.url}/` },
    });
    expect(r.errors).toEqual([]);
    expect(sim.requests.length).toBeGreaterThan(0);
  });

  it('records missing credentials and missing configuration', async () => {
    const sim = await github(protectedRepo);
    expect((await run(sim, ['github.environments'], {})).errors).toMatchObject([{ code: 'NoCredentials' }]);
    const r = await collector.collect(target(), ['github.environments'], {
      concurrency: 1,
      timeoutMs: 100,
      now: new Date(),
      env: { GITHUB_TOKEN: TOKEN },
    });
    expect(r.errors).toMatchObject([{ code: 'NotConfigured' }]);
  });

  it('prefers a complete App configuration and reports an incomplete one', () => {
    expect(resolveGitHubAuth({ GITHUB_TOKEN: 't0ken', GITHUB_APP_ID: '1' }).auth).toEqual({
      kind: 'token',
      token: 't0ken',
    });
    expect(resolveGitHubAuth({ GITHUB_APP_ID: '1' }).problem).toContain('GITHUB_APP_PRIVATE_KEY');
    expect(
      resolveGitHubAuth({
        GH_TOKEN: 'x',
        GITHUB_APP_ID: '1',
        GITHUB_APP_PRIVATE_KEY: 'k',
        GITHUB_APP_INSTALLATION_ID: '2',
      }).auth?.kind,
    ).toBe('app');
  });
});
