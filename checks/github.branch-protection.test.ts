import { branchProtection, classicProtection, factError } from '../src/kit/builders.js';
import { CheckTester } from '../src/kit/tester.js';
import check from './github.branch-protection.js';

const BRANCH = 'thesmios/platform@main';
const rule = (type: string, p: { approvals?: number; checks?: string[] } = {}) => ({
  type,
  rulesetId: 42,
  rulesetSource: 'thesmios/platform',
  rulesetSourceType: 'Repository',
  ...(p.approvals !== undefined ? { requiredApprovingReviewCount: p.approvals } : {}),
  ...(p.checks ? { requiredStatusChecks: p.checks } : {}),
});
const githubError = (code: string) =>
  factError({
    fact: 'github.branchProtection',
    source: 'github',
    operation: 'GET /repos/{owner}/{repo}/branches/{branch}/protection',
    account: undefined,
    region: undefined,
    code,
    message: `GitHub answered: ${code}`,
  });

new CheckTester(check).run({
  valid: [
    {
      name: 'classic protection with review, gate check, no force push, no deletion',
      facts: { 'github.branchProtection': [branchProtection()] },
      expect: [
        {
          status: 'pass',
          messageId: 'protected',
          resource: BRANCH,
          data: { protectedBy: 'branch protection' },
        },
      ],
    },
    {
      name: 'rulesets only',
      facts: {
        'github.branchProtection': [
          branchProtection({
            classic: null,
            rules: [
              rule('pull_request', { approvals: 2 }),
              rule('required_status_checks', { checks: ['readiness-gate'] }),
              rule('non_fast_forward'),
              rule('deletion'),
            ],
          }),
        ],
      },
      options: { minApprovingReviews: 2 },
      expect: [
        { status: 'pass', messageId: 'protected', data: { protectedBy: 'ruleset(s) 42', approvals: 2 } },
      ],
    },
    {
      name: 'classic and rulesets combine: the strictest requirement counts',
      facts: {
        'github.branchProtection': [
          branchProtection({
            classic: classicProtection({
              requiredApprovingReviewCount: 1,
              requiredStatusChecks: [],
              allowForcePushes: true,
            }),
            rules: [
              rule('pull_request', { approvals: 2 }),
              rule('required_status_checks', { checks: ['readiness-gate'] }),
              rule('non_fast_forward'),
            ],
          }),
        ],
      },
      options: { minApprovingReviews: 2 },
    },
    {
      name: 'a custom gate check name',
      facts: {
        'github.branchProtection': [
          branchProtection({ classic: classicProtection({ requiredStatusChecks: ['ci / gate'] }) }),
        ],
      },
      options: { requiredStatusChecks: ['ci / gate'] },
    },
  ],
  invalid: [
    {
      name: 'unprotected branch',
      facts: { 'github.branchProtection': [branchProtection({ classic: null, rules: [] })] },
      expect: [{ status: 'fail', messageId: 'notProtected', resource: BRANCH }],
    },
    {
      name: 'too few approvals and the gate check missing',
      facts: {
        'github.branchProtection': [
          branchProtection({
            classic: classicProtection({ requiredApprovingReviewCount: 1, requiredStatusChecks: ['build'] }),
          }),
        ],
      },
      options: { minApprovingReviews: 2 },
      expect: [
        {
          status: 'fail',
          messageId: 'requirementsNotMet',
          data: { approvals: 1, missingChecks: 'readiness-gate', forcePushes: 'blocked' },
        },
      ],
    },
    {
      name: 'force pushes and deletion allowed',
      facts: {
        'github.branchProtection': [
          branchProtection({ classic: classicProtection({ allowForcePushes: true, allowDeletions: true }) }),
        ],
      },
      expect: [
        {
          status: 'fail',
          messageId: 'requirementsNotMet',
          data: { forcePushes: 'allowed', deletions: 'allowed' },
        },
      ],
    },
    {
      name: 'a ruleset that requires no pull request does not satisfy review',
      facts: {
        'github.branchProtection': [
          branchProtection({ classic: null, rules: [rule('deletion'), rule('non_fast_forward')] }),
        ],
      },
      expect: [
        {
          status: 'fail',
          messageId: 'requirementsNotMet',
          data: {
            problems: 'pull requests are not required; status check(s) readiness-gate are not required',
          },
        },
      ],
    },
    {
      name: '403 is could-not-look, not unprotected',
      facts: { 'github.branchProtection': [] },
      errors: [githubError('Forbidden')],
      expect: [{ status: 'error', messageId: 'factUnavailable', data: { code: 'Forbidden' } }],
    },
    {
      name: 'exhausted rate limit is could-not-look',
      facts: { 'github.branchProtection': [] },
      errors: [githubError('RateLimited')],
      expect: [{ status: 'error', messageId: 'factUnavailable', data: { code: 'RateLimited' } }],
    },
  ],
  invalidOptions: [
    {
      name: 'GitHub allows at most 6 approvals',
      options: { minApprovingReviews: 7 },
      path: '/minApprovingReviews',
    },
    {
      name: 'check names are strings',
      options: { requiredStatusChecks: [1] },
      path: '/requiredStatusChecks/0',
    },
  ],
});
