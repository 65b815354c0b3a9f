// SL-CHANGE-CONTROL: a production rollout needs a person's approval and comes from a controlled branch.
// The target's deployment environment (target.github.environment, default production) exists, has
// required reviewers, and restricts which branches may deploy to it.
// fail: the environment does not exist (GitHub's 404 for a readable repository), or a requirement not met.
// error: 401/403, rate limit, timeouts (from the collector).
//
//   - id: thesmios.change.production-environment
//     check: github.environment-protection
//     options: { minReviewers: 1, requireBranchPolicy: true, preventSelfReview: true }

import { defineCheck } from '../src/kit/define.js';
import { Type } from '../src/util/typebox.js';

export default defineCheck({
  id: 'github.environment-protection',
  meta: {
    title: 'The production environment requires approval and a deployment branch policy',
    description:
      "The target's GitHub deployment environment exists, lists at least minReviewers required reviewers " +
      '(users or teams), and allows deployments only from protected branches or named branch patterns.',
    severity: 'high',
    docs:
      'policies:\n  - id: change.production-environment\n    check: github.environment-protection\n' +
      '    options: { minReviewers: 1, preventSelfReview: true }',
    remediation:
      'In Settings → Environments, create the environment, add required reviewers, and set Deployment ' +
      'branches to "Protected branches" or selected branch patterns.',
  },
  options: Type.Object(
    {
      minReviewers: Type.Integer({
        minimum: 0,
        maximum: 6,
        default: 1,
        description: 'Required reviewers (users or teams) the environment must list; GitHub allows up to 6.',
      }),
      requireBranchPolicy: Type.Boolean({
        default: true,
        description: 'Deployments must be limited to protected branches or branch patterns.',
      }),
      preventSelfReview: Type.Boolean({
        default: false,
        description: 'The person who triggers a deployment must not be able to approve it.',
      }),
    },
    { additionalProperties: false },
  ),
  requires: ['github.environments'],
  permissions: ['github:actions:read', 'github:metadata:read'],
  messages: {
    protected:
      'Environment {{environment}} of {{repo}} requires {{reviewers}} reviewer(s) and deploys from {{branches}}.',
    missing: 'Environment {{environment}} does not exist in {{repo}}.',
    requirementsNotMet: 'Environment {{environment}} of {{repo}}: {{problems}}.',
  },
  *evaluate(facts, options) {
    for (const env of facts['github.environments']) {
      const resource = { type: 'github.environment', id: `${env.repo}:${env.name}` };
      const policy = env.deploymentBranchPolicy;
      const branches = !policy
        ? 'any branch'
        : policy.protectedBranches
          ? 'protected branches'
          : `branches matching ${policy.patterns.map((p) => p.name).join(', ') || '(no pattern: none)'}`;
      const data = {
        repo: env.repo,
        environment: env.name,
        reviewers: env.requiredReviewers.length,
        reviewerNames: env.requiredReviewers.map((r) => `${r.type}:${r.name}`).join(', ') || null,
        branches,
      };
      const evidence = { environment: env };
      if (!env.exists) {
        yield { status: 'fail', messageId: 'missing', resource, data, evidence };
        continue;
      }
      const problems = [
        env.requiredReviewers.length < options.minReviewers &&
          `${env.requiredReviewers.length} required reviewer(s), at least ${options.minReviewers} needed`,
        options.requireBranchPolicy && !policy && 'any branch may deploy (no deployment branch policy)',
        options.preventSelfReview && env.preventSelfReview !== true && 'self-review is not prevented',
      ].filter((p): p is string => typeof p === 'string');
      yield problems.length
        ? {
            status: 'fail',
            messageId: 'requirementsNotMet',
            resource,
            data: { ...data, problems: problems.join('; ') },
            evidence,
          }
        : { status: 'pass', messageId: 'protected', resource, data, evidence };
    }
  },
});
