import { factError, githubEnvironment } from '../src/kit/builders.js';
import { CheckTester } from '../src/kit/tester.js';
import check from './github.environment-protection.js';

const ENV = 'thesmios/platform:production';

new CheckTester(check).run({
  valid: [
    {
      name: 'reviewers and protected branches',
      facts: { 'github.environments': [githubEnvironment()] },
      options: { preventSelfReview: true },
      expect: [
        {
          status: 'pass',
          messageId: 'protected',
          resource: ENV,
          data: { reviewers: 1, branches: 'protected branches' },
        },
      ],
    },
    {
      name: 'reviewers and custom branch patterns',
      facts: {
        'github.environments': [
          githubEnvironment({
            deploymentBranchPolicy: {
              protectedBranches: false,
              customBranchPolicies: true,
              patterns: [{ name: 'release/*', type: 'branch' }],
            },
          }),
        ],
      },
      expect: [{ status: 'pass', messageId: 'protected', data: { branches: 'branches matching release/*' } }],
    },
  ],
  invalid: [
    {
      name: 'environment absent',
      facts: {
        'github.environments': [
          githubEnvironment({ exists: false, requiredReviewers: [], deploymentBranchPolicy: null }),
        ],
      },
      expect: [{ status: 'fail', messageId: 'missing', resource: ENV }],
    },
    {
      name: 'environment without reviewers or branch policy',
      facts: {
        'github.environments': [githubEnvironment({ requiredReviewers: [], deploymentBranchPolicy: null })],
      },
      expect: [
        {
          status: 'fail',
          messageId: 'requirementsNotMet',
          data: {
            problems:
              '0 required reviewer(s), at least 1 needed; any branch may deploy (no deployment branch policy)',
          },
        },
      ],
    },
    {
      name: 'self-review allowed when the policy forbids it',
      facts: { 'github.environments': [githubEnvironment({ preventSelfReview: false })] },
      options: { preventSelfReview: true },
      expect: [
        {
          status: 'fail',
          messageId: 'requirementsNotMet',
          data: { problems: 'self-review is not prevented' },
        },
      ],
    },
    {
      name: '401 is could-not-look',
      facts: { 'github.environments': [] },
      errors: [
        factError({
          fact: 'github.environments',
          source: 'github',
          operation: 'GET /repos/{owner}/{repo}',
          account: undefined,
          region: undefined,
          code: 'Unauthorized',
          message: 'GitHub answered HTTP 401: Bad credentials',
        }),
      ],
      expect: [{ status: 'error', messageId: 'factUnavailable', data: { code: 'Unauthorized' } }],
    },
  ],
  invalidOptions: [{ name: 'negative reviewers', options: { minReviewers: -1 }, path: '/minReviewers' }],
});
