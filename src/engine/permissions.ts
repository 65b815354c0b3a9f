// Least privilege for a run: the IAM policy document and the GitHub token scopes that exactly the enabled
// checks need: the permissions each check declares, plus the operations FACT_SOURCES lists for the AWS
// facts it requires (so a check that forgets one still gets a policy the collector can work with; the
// tests hold FACT_SOURCES to what the collector really calls). Pure; `readiness permissions` prints it.
//
// Besides the checks' own actions, the AWS collector always calls sts:GetCallerIdentity (once per account
// and region, to record and verify who it reads as; AWS allows it without a grant, but an SCP may deny
// it), and sts:AssumeRole when a target's account names a roleArn. sts:AssumeRole belongs to the
// principal the run starts as (scope its Resource to the role ARNs); the rest belongs to the read role.
import type { Check } from '../kit/define.js';
import { FACT_SOURCES } from '../snapshot/facts.js';

export interface IamPolicyDocument {
  Version: '2012-10-17';
  Statement: { Sid: string; Effect: 'Allow'; Action: string[]; Resource: '*' }[];
}

const IAM_ACTION = /^[a-z0-9-]+:[A-Za-z0-9*]+$/;

export interface PermissionOptions {
  /** Add sts:AssumeRole (some target account is read through a role). */
  assumeRole?: boolean;
}

/** The sorted, unique IAM actions the checks need (plus the collector's own STS calls). */
export function iamActionsFor(checks: readonly Check[], options: PermissionOptions = {}): string[] {
  const declared = checks.flatMap((c) => c.permissions);
  const implied = checks.flatMap((c) =>
    c.requires.filter((f) => FACT_SOURCES[f].source === 'aws').flatMap((f) => FACT_SOURCES[f].operations),
  );
  const actions = new Set(
    [...declared, ...implied].filter((p) => !p.startsWith('github:') && IAM_ACTION.test(p)),
  );
  if (actions.size > 0) actions.add('sts:GetCallerIdentity');
  if (options.assumeRole) actions.add('sts:AssumeRole');
  return [...actions].sort();
}

export function iamPolicyFor(checks: readonly Check[], options: PermissionOptions = {}): IamPolicyDocument {
  return {
    Version: '2012-10-17',
    Statement: [
      { Sid: 'ReadinessReadOnly', Effect: 'Allow', Action: iamActionsFor(checks, options), Resource: '*' },
    ],
  };
}

/** The sorted, unique GitHub scopes/permissions the checks declare (those starting with "github:"). */
export function githubScopesFor(checks: readonly Check[]): string[] {
  return [...new Set(checks.flatMap((c) => c.permissions).filter((p) => p.startsWith('github:')))].sort();
}
