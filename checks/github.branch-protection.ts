// SL-CHANGE-CONTROL: production changes reach the default branch only through review and the readiness
// gate. The default branch is protected by classic branch protection or by active rulesets (either counts;
// the strictest of the two applies), with at least N approving reviews, the gate's status check required,
// and force pushes and deletion blocked.
// fail: no protection at all (GitHub's 404 for a readable repository), or a requirement not met.
// error: 401/403, rate limit, or a 404 to a token that may not see the settings (from the collector).
//
//   - id: thesmios.change.branch-protection
//     check: github.branch-protection
//     options: { minApprovingReviews: 1, requiredStatusChecks: [readiness-gate] }

import { defineCheck } from '../src/kit/define.js';
import { Type } from '../src/util/typebox.js';

export default defineCheck({
  id: 'github.branch-protection',
  meta: {
    title: 'The default branch is protected',
    description:
      'The default branch of the target repository is protected by branch protection or rulesets: ' +
      'pull requests with enough approving reviews, the required status checks, no force pushes, no deletion.',
    severity: 'high',
    docs:
      'policies:\n  - id: change.branch-protection\n    check: github.branch-protection\n' +
      '    options: { minApprovingReviews: 2, requiredStatusChecks: [readiness-gate] }',
    remediation:
      'Protect the default branch (Settings → Rules → Rulesets, or Branches → Branch protection): require ' +
      'pull request reviews, the status checks listed, and block force pushes and deletions.',
  },
  options: Type.Object(
    {
      minApprovingReviews: Type.Integer({
        minimum: 0,
        maximum: 6,
        default: 1,
        description: 'Approving reviews a pull request needs before merging (GitHub allows 0 to 6).',
      }),
      requiredStatusChecks: Type.Array(Type.String({ minLength: 1 }), {
        default: ['readiness-gate'],
        uniqueItems: true,
        description: 'Status check names (contexts) that must be required, e.g. the readiness gate job.',
      }),
      blockForcePushes: Type.Boolean({ default: true, description: 'Force pushes must be blocked.' }),
      blockDeletions: Type.Boolean({ default: true, description: 'Deleting the branch must be blocked.' }),
    },
    { additionalProperties: false },
  ),
  requires: ['github.branchProtection'],
  permissions: ['github:administration:read', 'github:metadata:read'],
  messages: {
    protected:
      'Branch {{branch}} of {{repo}} is protected by {{protectedBy}}: {{approvals}} approving review(s), ' +
      'checks {{checks}}, force pushes and deletion blocked as required.',
    notProtected: 'Branch {{branch}} of {{repo}} has no branch protection and no active ruleset.',
    requirementsNotMet: 'Branch {{branch}} of {{repo}} is protected by {{protectedBy}} but {{problems}}.',
  },
  *evaluate(facts, options) {
    for (const bp of facts['github.branchProtection']) {
      const resource = { type: 'github.branch', id: `${bp.repo}@${bp.branch}` };
      const { classic, rules } = bp;
      const prRules = rules.filter((r) => r.type === 'pull_request');
      const approvals = Math.max(
        classic?.requirePullRequest ? classic.requiredApprovingReviewCount : -1,
        ...prRules.map((r) => r.requiredApprovingReviewCount ?? 0),
      );
      const checks = new Set([
        ...(classic?.requiredStatusChecks ?? []),
        ...rules.flatMap((r) => r.requiredStatusChecks ?? []),
      ]);
      const forcePushBlocked =
        (classic !== null && !classic.allowForcePushes) || rules.some((r) => r.type === 'non_fast_forward');
      const deletionBlocked =
        (classic !== null && !classic.allowDeletions) || rules.some((r) => r.type === 'deletion');
      const rulesets = [...new Set(rules.map((r) => r.rulesetId ?? r.rulesetSource ?? '?'))];
      const protectedBy = [
        ...(classic ? ['branch protection'] : []),
        ...(rulesets.length ? [`ruleset(s) ${rulesets.join(', ')}`] : []),
      ].join(' and ');
      const missingChecks = options.requiredStatusChecks.filter((c) => !checks.has(c));
      const data = {
        repo: bp.repo,
        branch: bp.branch,
        protectedBy,
        approvals: Math.max(approvals, 0),
        minApprovingReviews: options.minApprovingReviews,
        checks: [...checks].sort().join(', ') || 'none',
        missingChecks: missingChecks.join(', ') || null,
        forcePushes: forcePushBlocked ? 'blocked' : 'allowed',
        deletions: deletionBlocked ? 'blocked' : 'allowed',
      };
      const evidence = { classic, rules, effective: { ...data, pullRequestRequired: approvals >= 0 } };
      if (!classic && rules.length === 0) {
        yield { status: 'fail', messageId: 'notProtected', resource, data, evidence };
        continue;
      }
      const problems = [
        approvals < 0 && options.minApprovingReviews > 0 && 'pull requests are not required',
        approvals >= 0 &&
          approvals < options.minApprovingReviews &&
          `${approvals} approving review(s) are required, not ${options.minApprovingReviews}`,
        missingChecks.length > 0 && `status check(s) ${missingChecks.join(', ')} are not required`,
        options.blockForcePushes && !forcePushBlocked && 'force pushes are allowed',
        options.blockDeletions && !deletionBlocked && 'deletion is allowed',
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
