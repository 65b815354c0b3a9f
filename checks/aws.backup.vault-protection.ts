// SL-BACKUPS: managed backups are only worth their promise while they cannot be read, deleted or shortened
// by the wrong hands. The vaults holding the databases' recovery points are encrypted with a customer-
// managed KMS key, under Vault Lock with a minimum retention, and their access policy allows no principal
// outside the target's own (and explicitly allowed) accounts (src/lib/access-policy.ts).
//
//   - id: thesmios.backups.vault-protection
//     check: aws.backup.vault-protection
//     options: { minLockRetentionDays: 7, allowedAccounts: ['222222222222'] }

import { defineCheck } from '../src/kit/define.js';
import { outsideGrants } from '../src/lib/access-policy.js';
import { iamActions } from '../src/lib/actions.js';
import { parseArn } from '../src/lib/arn.js';
import { subjects } from '../src/lib/protection.js';
import { compareStrings } from '../src/util/compare.js';
import { entry } from '../src/util/map.js';
import { Type } from '../src/util/typebox.js';

const VAULT = 'aws.backup.vault';

const REQUIRES = [
  'aws.rds.instances',
  'aws.rds.clusters',
  'aws.backup.recoveryPoints',
  'aws.backup.vaults',
] as const;

export default defineCheck({
  id: 'aws.backup.vault-protection',
  meta: {
    title: 'Backup vaults are encrypted with our key, locked, and closed to outsiders',
    description:
      'Every vault holding a recovery point of an in-scope database uses a customer-managed KMS key, is ' +
      'locked (AWS Backup Vault Lock) with a minimum retention of at least minLockRetentionDays, and has no ' +
      'Allow statement for "*" or for accounts other than the target\'s and allowedAccounts.',
    severity: 'high',
    docs:
      'policies:\n  - id: backups.vault-protection\n    check: aws.backup.vault-protection\n' +
      "    options: { minLockRetentionDays: 7, allowedAccounts: ['222222222222'] }",
    remediation:
      'Create the vault with a customer-managed KMS key (vault keys cannot be changed; copy recovery points ' +
      'to a new vault), apply put-backup-vault-lock-configuration with MinRetentionDays, and remove open ' +
      'Allow statements from the vault access policy.',
  },
  options: Type.Object(
    {
      requireCustomerManagedKey: Type.Boolean({
        default: true,
        description: 'Require a customer-managed KMS key.',
      }),
      requireLock: Type.Boolean({ default: true, description: 'Require AWS Backup Vault Lock.' }),
      minLockRetentionDays: Type.Integer({
        minimum: 1,
        default: 7,
        description: 'Vault Lock must enforce a minimum retention of at least this many days.',
      }),
      allowedAccounts: Type.Array(Type.String({ pattern: '^[0-9]{12}$' }), {
        default: [],
        uniqueItems: true,
        description: "Accounts the access policy may grant besides the target's own.",
      }),
    },
    { additionalProperties: false },
  ),
  requires: REQUIRES,
  permissions: iamActions(REQUIRES),
  messages: {
    vaultProtected: 'Vault {{vault}} meets every requirement: {{checked}}.',
    vaultExposed: 'Vault {{vault}}: {{problems}}.',
    policyUnreadable: 'Vault {{vault}}: the access policy cannot be read ({{error}}).',
    vaultNotCollected:
      'Vault {{vault}} holds recovery points of {{resources}} but was not among the collected vaults.',
    noVaultsInUse: 'No recovery point of an in-scope database was found, so no vault can be judged.',
  },
  *evaluate(facts, options, ctx) {
    const dbs = subjects(facts['aws.rds.instances'], facts['aws.rds.clusters'], ctx, 'judge').subjects;
    if (dbs.length === 0) return;
    const inScope = new Set(dbs.map((d) => d.arn));
    // account → region → vault name → the in-scope databases it holds recovery points of (nested maps:
    // no key string is built for each of tens of thousands of recovery points).
    const held = new Map<string, Map<string, Map<string, Set<string>>>>();
    for (const p of facts['aws.backup.recoveryPoints']) {
      if (!inScope.has(p.resourceArn)) continue;
      const regions = entry(held, p.account, () => new Map<string, Map<string, Set<string>>>());
      entry(
        entry(regions, p.region, () => new Map<string, Set<string>>()),
        p.vaultName,
        () => new Set<string>(),
      ).add(p.resourceArn);
    }
    const vaultsHeld = [...held].flatMap(([account, regions]) =>
      [...regions].flatMap(([region, names]) =>
        [...names].map(([name, resources]) => ({ account, region, name, resources })),
      ),
    );
    if (vaultsHeld.length === 0) {
      yield { status: 'fail', messageId: 'noVaultsInUse' };
      return;
    }
    const key = (account: string, region: string, name: string) => `${account}/${region}/${name}`;
    const vaults = new Map(facts['aws.backup.vaults'].map((v) => [key(v.account, v.region, v.name), v]));
    const own = (ctx.target.aws?.accounts ?? []).map((a) => a.id);
    for (const { account, region, name, resources } of vaultsHeld) {
      const k = key(account, region, name);
      const v = vaults.get(k);
      const holds = [...resources].sort(compareStrings);
      // A vault not collected is still named by its ARN (the partition is its databases'): vaults of one
      // name in two regions or accounts are two resources, with two finding ids.
      const partition = parseArn(holds[0] as string)?.partition ?? 'aws';
      const arn = v?.arn ?? `arn:${partition}:backup:${region}:${account}:backup-vault:${name}`;
      const resource = { type: VAULT, id: name, arn, account, region };
      if (!v) {
        yield {
          status: 'error',
          messageId: 'vaultNotCollected',
          resource,
          data: { vault: name, resources: holds.join(', ') },
        };
        continue;
      }
      const allowed = new Set([...own, account, ...options.allowedAccounts]);
      const read = v.accessPolicy ? outsideGrants(v.accessPolicy, allowed) : { grants: [] };
      if ('error' in read) {
        yield {
          status: 'error',
          messageId: 'policyUnreadable',
          resource,
          data: { vault: name, error: read.error },
        };
        continue;
      }
      const problems = [
        ...read.grants.map((g) => `access policy statement ${g.statement} allows ${g.principal}`),
        options.requireCustomerManagedKey && !v.encryptionKeyType?.startsWith('CUSTOMER_MANAGED')
          ? `encrypted with ${v.encryptionKeyType ?? 'a key of unknown type'}, not a customer-managed key`
          : '',
        options.requireLock && !v.locked ? 'not locked (Vault Lock)' : '',
        options.requireLock && v.locked && (v.minRetentionDays ?? 0) < options.minLockRetentionDays
          ? `lock minimum retention ${v.minRetentionDays ?? 0} days, under ${options.minLockRetentionDays}`
          : '',
      ].filter(Boolean);
      const checked = [
        'access policy closed to outsiders',
        options.requireCustomerManagedKey ? 'customer-managed key' : '',
        options.requireLock ? `locked, minimum retention ${v.minRetentionDays ?? 0} days` : '',
      ].filter(Boolean);
      const evidence = {
        encryptionKeyArn: v.encryptionKeyArn ?? null,
        encryptionKeyType: v.encryptionKeyType ?? null,
        locked: v.locked,
        lockMode: v.locked
          ? v.lockDate && Date.parse(v.lockDate) <= ctx.now.getTime()
            ? 'compliance'
            : 'governance'
          : null,
        minRetentionDays: v.minRetentionDays ?? null,
        outsideGrants: read.grants,
        allowedAccounts: [...allowed].sort(compareStrings),
        holdsRecoveryPointsOf: holds,
      };
      yield problems.length
        ? {
            status: 'fail',
            messageId: 'vaultExposed',
            resource,
            data: { vault: name, problems: problems.join('; ') },
            evidence,
          }
        : {
            status: 'pass',
            messageId: 'vaultProtected',
            resource,
            data: { vault: name, checked: checked.join(', ') },
            evidence,
          };
    }
  },
});
