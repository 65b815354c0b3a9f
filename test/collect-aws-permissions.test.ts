// Least privilege, checked against what the collector really calls: for each AWS fact, the operations
// seen by the simulator are exactly FACT_SOURCES' list (plus the STS calls every read makes), and the IAM
// policy computed for the registered checks covers exactly the calls needed to collect their facts.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHECKS } from '../checks/index.js';
import { AWS_FACTS, collectAws } from '../src/collect/aws/index.js';
import type { ResolvedTarget } from '../src/config/schema.js';
import { githubScopesFor, iamActionsFor, iamPolicyFor } from '../src/engine/permissions.js';
import type { Check } from '../src/kit/define.js';
import type { Estate } from '../src/sim/estate.js';
import { type Simulator, startSimulator } from '../src/sim/index.js';
import { FACT_SOURCES, type FactName } from '../src/snapshot/facts.js';
import { NOW, options } from './helpers/aws.js';

const demo = JSON.parse(
  readFileSync(new URL('../examples/demo/estate.json', import.meta.url), 'utf8'),
) as Estate;
const STS = ['sts:AssumeRole', 'sts:GetCallerIdentity'];

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({ estate: demo, now: NOW });
});
afterAll(() => sim.close());

const acmeProd = (): ResolvedTarget => ({
  name: 'acme-prod',
  stage: 'production-enterprise',
  aws: {
    regions: ['eu-west-2', 'eu-west-1'],
    endpoint: sim.url,
    accounts: ['333333333333', '444444444444'].map((id) => ({
      id,
      roleArn: `arn:aws:iam::${id}:role/readiness-read`,
    })),
  },
});

/** The IAM actions the simulator saw while collecting `facts` for acme-prod from the demo estate. */
async function observed(facts: FactName[]): Promise<string[]> {
  const from = sim.requests.length;
  const res = await collectAws(
    acmeProd(),
    facts,
    options({
      env: { AWS_ACCESS_KEY_ID: 'AKIADEMOREADINESS001', AWS_SECRET_ACCESS_KEY: 'demo-secret' },
      needs: { restoreJobWindowDays: 90 },
    }),
  );
  expect(res.errors).toEqual([]);
  return [...new Set(sim.requests.slice(from).map((r) => `${r.service}:${r.operation}`))].sort();
}

describe('permissions', () => {
  it.each(AWS_FACTS.map((f) => [f]))(
    '%s is read with exactly the operations FACT_SOURCES lists',
    async (fact) => {
      expect(await observed([fact])).toEqual([...new Set([...FACT_SOURCES[fact].operations, ...STS])].sort());
    },
  );

  it('iamPolicyFor(CHECKS) covers exactly the IAM operations collecting their facts calls', async () => {
    const facts = [...new Set(CHECKS.flatMap((c) => c.requires))].filter(
      (f) => FACT_SOURCES[f].source === 'aws',
    );
    const policy = iamPolicyFor(CHECKS, { assumeRole: true });
    const actions = policy.Statement[0]?.Action ?? [];
    const called = facts.length ? await observed(facts) : [];
    const missing = called.filter((a) => !actions.includes(a));
    const extra = actions.filter((a) => !called.includes(a));
    expect({ missing, extra }, `checks: ${CHECKS.map((c) => c.id).join(', ')}`).toEqual({
      missing: [],
      extra: [],
    });
  });

  it('builds one sorted, unique Allow statement and keeps GitHub scopes apart', () => {
    const check = (permissions: string[], requires: string[] = []) =>
      ({ permissions, requires }) as unknown as Check;
    const checks = [
      check(['rds:DescribeDBInstances', 'backup:ListBackupPlans', 'github:repo:read']),
      check(['rds:DescribeDBInstances', 'github:administration:read', 'not an action']),
    ];
    expect(iamPolicyFor(checks)).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'ReadinessReadOnly',
          Effect: 'Allow',
          Action: ['backup:ListBackupPlans', 'rds:DescribeDBInstances', 'sts:GetCallerIdentity'],
          Resource: '*',
        },
      ],
    });
    expect(iamActionsFor(checks, { assumeRole: true })).toContain('sts:AssumeRole');
    expect(iamActionsFor([check(['github:repo:read'])])).toEqual([]);
    expect(githubScopesFor(checks)).toEqual(['github:administration:read', 'github:repo:read']);
    // Operations of the required facts are added even when a check forgets to declare them.
    expect(iamActionsFor([check([], ['aws.backup.recoveryPoints'])])).toEqual([
      'backup:ListBackupVaults',
      'backup:ListRecoveryPointsByBackupVault',
      'sts:GetCallerIdentity',
    ]);
  });
});
