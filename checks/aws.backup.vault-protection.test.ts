import { describe, expect, it } from 'vitest';
import { evaluate } from '../src/engine/index.js';
import { DEFAULT_THRESHOLDS } from '../src/engine/inputs.js';
import {
  factError,
  loadedPolicy,
  rdsInstance,
  recoveryPoint,
  snapshotOf,
  target,
  targetSnapshot,
  vault,
} from '../src/kit/builders.js';
import { defaultOptions } from '../src/kit/options.js';
import { CheckTester } from '../src/kit/tester.js';
import check from './aws.backup.vault-protection.js';

const db = rdsInstance({ id: 'db-1' });
const policy = (...statements: object[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements });
const facts = (vaults: ReturnType<typeof vault>[], points = [recoveryPoint({ resourceArn: db.arn })]) => ({
  'aws.rds.instances': [db],
  'aws.rds.clusters': [],
  'aws.backup.recoveryPoints': points,
  'aws.backup.vaults': vaults,
});

new CheckTester(check).run({
  valid: [
    {
      name: 'customer key, locked for 35 days, no access policy',
      facts: facts([vault({ name: 'main' })]),
      expect: [{ status: 'pass', messageId: 'vaultProtected', resource: 'main' }],
    },
    {
      name: 'a policy that denies everyone and allows our own and an allowed account',
      facts: facts([
        vault({
          name: 'main',
          accessPolicy: policy(
            { Effect: 'Deny', Principal: '*', Action: 'backup:DeleteRecoveryPoint' },
            {
              Sid: 'own',
              Effect: 'Allow',
              Principal: { AWS: 'arn:aws:iam::111111111111:root' },
              Action: '*',
            },
            {
              Sid: 'dr',
              Effect: 'Allow',
              Principal: { AWS: ['222222222222'] },
              Action: 'backup:CopyIntoBackupVault',
            },
            { Effect: 'Allow', Principal: { Service: 'backup.amazonaws.com' }, Action: '*' },
          ),
        }),
      ]),
      options: { allowedAccounts: ['222222222222'] },
    },
    {
      name: 'vaults not holding in-scope recovery points are not judged',
      facts: {
        ...facts([vault({ name: 'main' }), vault({ name: 'other', locked: false })]),
      },
      expect: [{ status: 'pass', messageId: 'vaultProtected', resource: 'main' }],
    },
  ],
  invalid: [
    {
      name: 'an Allow to Principal "*" opens the vault',
      facts: facts([
        vault({
          name: 'main',
          accessPolicy: policy({ Sid: 'open', Effect: 'Allow', Principal: '*', Action: 'backup:*' }),
        }),
      ]),
      expect: [
        {
          status: 'fail',
          messageId: 'vaultExposed',
          resource: 'main',
          data: { problems: 'access policy statement open allows *' },
        },
      ],
    },
    {
      name: 'an Allow to an account outside the allowed list',
      facts: facts([
        vault({
          name: 'main',
          accessPolicy: policy({
            Effect: 'Allow',
            Principal: { AWS: 'arn:aws:iam::999999999999:role/x' },
            Action: '*',
          }),
        }),
      ]),
      expect: [{ status: 'fail', messageId: 'vaultExposed', resource: 'main' }],
    },
    {
      name: 'NotPrincipal with Allow grants everyone else',
      facts: facts([
        vault({
          name: 'main',
          accessPolicy: policy({ Effect: 'Allow', NotPrincipal: { AWS: '111111111111' }, Action: '*' }),
        }),
      ]),
      expect: [{ status: 'fail', messageId: 'vaultExposed' }],
    },
    {
      name: 'an AWS-owned key is not a customer-managed key',
      facts: facts([vault({ name: 'main', encryptionKeyType: 'AWS_OWNED_KMS_KEY' })]),
      expect: [{ status: 'fail', messageId: 'vaultExposed', resource: 'main' }],
    },
    {
      name: 'an unlocked vault, and a lock shorter than required',
      facts: facts(
        [vault({ name: 'main', locked: false }), vault({ name: 'dr', minRetentionDays: 3 })],
        [recoveryPoint({ resourceArn: db.arn }), recoveryPoint({ resourceArn: db.arn, vaultName: 'dr' })],
      ),
      options: { minLockRetentionDays: 7 },
      expect: [
        {
          status: 'fail',
          messageId: 'vaultExposed',
          resource: 'main',
          data: { problems: 'not locked (Vault Lock)' },
        },
        { status: 'fail', messageId: 'vaultExposed', resource: 'dr' },
      ],
    },
    {
      name: 'an unreadable access policy is an error',
      facts: facts([vault({ name: 'main', accessPolicy: '{not json' })]),
      expect: [{ status: 'error', messageId: 'policyUnreadable', resource: 'main' }],
    },
    {
      name: 'a vault holding our recovery points but not collected is an error',
      facts: facts([]),
      expect: [{ status: 'error', messageId: 'vaultNotCollected', resource: 'main' }],
    },
    {
      name: 'databases with no recovery points leave no vault to judge',
      facts: facts([vault({ name: 'main' })], []),
      expect: [{ status: 'fail', messageId: 'noVaultsInUse' }],
    },
    {
      name: 'no databases at all: not applicable when the policy allows an empty scope',
      facts: { ...facts([]), 'aws.rds.instances': [] },
      emptyScope: 'skip',
      expect: [{ status: 'skipped', messageId: 'emptyScopeSkipped' }],
    },
    {
      name: 'vaults that could not be listed in the region are an error',
      facts: facts([]),
      errors: [factError({ fact: 'aws.backup.vaults', operation: 'backup:ListBackupVaults' })],
      expect: [{ status: 'error', messageId: 'factUnavailable', resource: 'main' }],
    },
  ],
  invalidOptions: [
    {
      name: 'allowed accounts are 12 digits',
      options: { allowedAccounts: ['acme'] },
      path: '/allowedAccounts/0',
    },
  ],
});

describe('a vault that was not collected', () => {
  it('is named by its ARN, so vaults of one name in two regions are two resources with two ids', () => {
    const west = rdsInstance({ id: 'db-w', region: 'eu-west-2' });
    const central = rdsInstance({ id: 'db-c', region: 'eu-central-1' });
    const snapshot = snapshotOf([
      targetSnapshot('acme-prod', {
        'aws.rds.instances': [west, central],
        'aws.rds.clusters': [],
        'aws.backup.recoveryPoints': [
          recoveryPoint({ resourceArn: west.arn, region: 'eu-west-2' }),
          recoveryPoint({ resourceArn: central.arn, region: 'eu-central-1' }),
        ],
        'aws.backup.vaults': [],
      }),
    ]);
    const prod = target({ name: 'acme-prod', aws: { regions: ['eu-west-2', 'eu-central-1'] } });
    const { findings } = evaluate(
      {
        targets: [prod],
        policies: [loadedPolicy(check, defaultOptions(check).options, ['acme-prod'])],
        waivers: [],
        thresholds: DEFAULT_THRESHOLDS,
      },
      snapshot,
    );
    expect(findings.map((f) => [f.messageId, f.resource.id, f.resource.arn])).toEqual([
      ['vaultNotCollected', 'main', 'arn:aws:backup:eu-central-1:111111111111:backup-vault:main'],
      ['vaultNotCollected', 'main', 'arn:aws:backup:eu-west-2:111111111111:backup-vault:main'],
    ]);
    expect(new Set(findings.map((f) => f.id)).size).toBe(2);
  });
});
