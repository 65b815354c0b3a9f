// The simulator at the wire, through the real SDK clients: pagination and its limits, who the caller is
// (static keys, assumed roles), fault injection, rate limits and the request log.
import { readFileSync } from 'node:fs';
import {
  BackupClient,
  ListBackupPlansCommand,
  paginateListRecoveryPointsByBackupVault,
} from '@aws-sdk/client-backup';
import { DescribeDBInstancesCommand, paginateDescribeDBInstances, RDSClient } from '@aws-sdk/client-rds';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { afterEach, describe, expect, it } from 'vitest';
import '../src/collect/aws/clients.js'; // sets the SDK's Node-version notice switch
import { type Estate, resolveWhen } from '../src/sim/estate.js';
import { type Simulator, startSimulator } from '../src/sim/index.js';
import { A, B, estate, KEY_A, NOW, SECRET } from './helpers/aws.js';

let sim: Simulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

const creds = (accessKeyId = KEY_A, sessionToken?: string) => ({
  accessKeyId,
  secretAccessKey: SECRET,
  ...(sessionToken ? { sessionToken } : {}),
});
const cfg = (s: Simulator, region = 'eu-west-2', credentials = creds(), maxAttempts = 1) => ({
  region,
  endpoint: s.url,
  credentials,
  maxAttempts,
});
const caught = async (p: Promise<unknown>) => {
  try {
    await p;
  } catch (e) {
    return e as Error & { $metadata?: { httpStatusCode?: number } };
  }
  throw new Error('expected a failure');
};

describe('simulator', () => {
  it('paginates DescribeDBInstances with Marker/MaxRecords and rejects page sizes RDS rejects', async () => {
    const instances = Array.from({ length: 45 }, (_, i) => ({ id: `db-${String(i).padStart(2, '0')}` }));
    sim = await startSimulator({ estate: estate({ 'eu-west-2': { instances } }), now: NOW });
    const rds = new RDSClient(cfg(sim));
    const ids: string[] = [];
    for await (const page of paginateDescribeDBInstances({ client: rds, pageSize: 20 }, {})) {
      ids.push(...(page.DBInstances ?? []).map((d) => d.DBInstanceIdentifier ?? ''));
    }
    expect(ids).toEqual(instances.map((i) => i.id));
    expect(sim.requests.map((r) => r.pageSize)).toEqual([20, 20, 20]);
    const bad = await caught(rds.send(new DescribeDBInstancesCommand({ MaxRecords: 5 })));
    expect(bad.name).toBe('InvalidParameterValue');
  });

  it('paginates AWS Backup lists with NextToken/MaxResults', async () => {
    const recoveryPoints = Array.from({ length: 7 }, (_, i) => ({
      resource: `arn:aws:rds:eu-west-2:${A}:db:db-${i}`,
      createdAt: `-${i + 1}h`,
    }));
    sim = await startSimulator({
      estate: estate({ 'eu-west-2': { vaults: [{ name: 'v', recoveryPoints }] } }),
    });
    const backup = new BackupClient(cfg(sim));
    const seen: string[] = [];
    for await (const page of paginateListRecoveryPointsByBackupVault(
      { client: backup, pageSize: 3 },
      { BackupVaultName: 'v' },
    )) {
      seen.push(...(page.RecoveryPoints ?? []).map((r) => r.ResourceArn ?? ''));
    }
    expect(seen).toEqual(recoveryPoints.map((r) => r.resource));
    expect(sim.requests.map((r) => [r.operation, r.pageSize])).toEqual([
      ['ListRecoveryPointsByBackupVault', 3],
      ['ListRecoveryPointsByBackupVault', 3],
      ['ListRecoveryPointsByBackupVault', 3],
    ]);
  });

  it('names the caller by access key, and AssumeRole issues keys that carry the role account', async () => {
    sim = await startSimulator({ estate: estate({}, {}) });
    const sts = new STSClient(cfg(sim));
    expect(await sts.send(new GetCallerIdentityCommand({}))).toMatchObject({
      Account: A,
      Arn: `arn:aws:iam::${A}:user/ci`,
    });
    const denied = await caught(
      sts.send(
        new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${B}:role/reader`, RoleSessionName: 'readiness-t' }),
      ),
    );
    expect(denied.name).toBe('AccessDenied'); // B's role requires an external id
    const out = await sts.send(
      new AssumeRoleCommand({
        RoleArn: `arn:aws:iam::${B}:role/reader`,
        RoleSessionName: 'readiness-t',
        ExternalId: 'acme-ext',
      }),
    );
    const c = out.Credentials;
    expect(c?.AccessKeyId).toMatch(new RegExp(`^ASIA${B}`));
    const asB = new STSClient(
      cfg(sim, 'eu-west-1', creds(c?.AccessKeyId, c?.SessionToken) as ReturnType<typeof creds>),
    );
    expect(await asB.send(new GetCallerIdentityCommand({}))).toMatchObject({
      Account: B,
      Arn: `arn:aws:sts::${B}:assumed-role/reader/readiness-t`,
    });
    expect(sim.requests.at(-1)).toMatchObject({ service: 'sts', account: B, region: 'eu-west-1' });
    const forged = new STSClient(cfg(sim, 'eu-west-1', creds(c?.AccessKeyId, 'not-the-token')));
    expect((await caught(forged.send(new GetCallerIdentityCommand({})))).name).toBe('InvalidClientTokenId');
  });

  it('rejects unknown keys the way each service does', async () => {
    sim = await startSimulator({ estate: estate({}) });
    const who = creds('AKIAUNKNOWNKEY000001');
    expect(
      (await caught(new RDSClient(cfg(sim, 'eu-west-2', who)).send(new DescribeDBInstancesCommand({})))).name,
    ).toBe('InvalidClientTokenId');
    expect(
      (await caught(new BackupClient(cfg(sim, 'eu-west-2', who)).send(new ListBackupPlansCommand({})))).name,
    ).toBe('UnrecognizedClientException');
  });

  it('injects faults by service, operation, account and region, for the first n requests', async () => {
    sim = await startSimulator({
      estate: estate({ 'eu-west-2': {}, 'eu-west-1': {} }),
      faults: [
        { service: 'rds', operation: 'DescribeDBInstances', region: 'eu-west-1', kind: 'accessDenied' },
        { service: 'backup', kind: 'throttle', times: 1 },
        { service: 'rds', operation: 'DescribeDBClusters', kind: 'serverError' },
      ],
    });
    const west2 = new RDSClient(cfg(sim));
    const west1 = new RDSClient(cfg(sim, 'eu-west-1'));
    await expect(west2.send(new DescribeDBInstancesCommand({}))).resolves.toBeDefined();
    expect((await caught(west1.send(new DescribeDBInstancesCommand({})))).name).toBe('AccessDenied');
    const backup = new BackupClient(cfg(sim));
    expect((await caught(backup.send(new ListBackupPlansCommand({})))).name).toBe('ThrottlingException');
    await expect(backup.send(new ListBackupPlansCommand({}))).resolves.toBeDefined(); // times: 1 used up
    const { DescribeDBClustersCommand } = await import('@aws-sdk/client-rds');
    const fiveXX = await caught(west2.send(new DescribeDBClustersCommand({})));
    expect(fiveXX.$metadata?.httpStatusCode).toBe(503);
    expect(sim.requests.map((r) => [r.operation, r.region, r.status, r.fault])).toEqual([
      ['DescribeDBInstances', 'eu-west-2', 200, undefined],
      ['DescribeDBInstances', 'eu-west-1', 403, 'accessDenied'],
      ['ListBackupPlans', 'eu-west-2', 429, 'throttle'],
      ['ListBackupPlans', 'eu-west-2', 200, undefined],
      ['DescribeDBClusters', 'eu-west-2', 503, 'serverError'],
    ]);
    sim.setFaults([]);
    await expect(west2.send(new DescribeDBClustersCommand({}))).resolves.toBeDefined();
  });

  it('keeps a token bucket per (account, region, service): bursts pass, the rest are throttled', async () => {
    sim = await startSimulator({
      estate: estate({ 'eu-west-2': {}, 'eu-west-1': {} }),
      rateLimits: [{ service: 'rds', perSecond: 0.5, burst: 2 }],
    });
    const west2 = new RDSClient(cfg(sim));
    const results = await Promise.allSettled(
      Array.from({ length: 4 }, () => west2.send(new DescribeDBInstancesCommand({}))),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(2);
    const rejected = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(rejected.reason.name).toBe('Throttling');
    // Another region has its own bucket.
    await expect(
      new RDSClient(cfg(sim, 'eu-west-1')).send(new DescribeDBInstancesCommand({})),
    ).resolves.toBeDefined();
  });

  it('leaves a hung request hanging until the client gives up, and still closes promptly', async () => {
    sim = await startSimulator({ estate: estate({}), faults: [{ kind: 'hang' }] });
    const { NodeHttpHandler } = await import('@smithy/node-http-handler');
    const rds = new RDSClient({
      ...cfg(sim),
      requestHandler: new NodeHttpHandler({ requestTimeout: 300, throwOnRequestTimeout: true }),
    });
    const started = Date.now();
    expect((await caught(rds.send(new DescribeDBInstancesCommand({})))).name).toBe('TimeoutError');
    expect(Date.now() - started).toBeLessThan(2000);
    const again = rds.send(new DescribeDBInstancesCommand({})).catch((e: Error) => e);
    await new Promise((r) => setTimeout(r, 50));
    const closing = Date.now();
    await sim.close();
    sim = undefined;
    expect(Date.now() - closing).toBeLessThan(1000);
    expect(await again).toBeInstanceOf(Error);
  });

  it('resolves relative estate times against its clock', () => {
    expect(resolveWhen('-2d', NOW).toISOString()).toBe('2026-11-27T12:00:00.000Z');
    expect(resolveWhen('+90m', NOW).toISOString()).toBe('2026-11-29T13:30:00.000Z');
    expect(resolveWhen('2026-01-01T00:00:00Z', NOW).toISOString()).toBe('2026-01-01T00:00:00.000Z');
    expect(() => resolveWhen('yesterday', NOW)).toThrow(/not a time/);
  });

  it('serves the demo estate', async () => {
    const demo = JSON.parse(
      readFileSync(new URL('../examples/demo/estate.json', import.meta.url), 'utf8'),
    ) as Estate;
    sim = await startSimulator({ estate: demo });
    const sts = new STSClient(cfg(sim, 'eu-west-2', creds('AKIADEMOREADINESS001')));
    const role = await sts.send(
      new AssumeRoleCommand({
        RoleArn: 'arn:aws:iam::333333333333:role/readiness-read',
        RoleSessionName: 'demo',
      }),
    );
    const asProd = creds(role.Credentials?.AccessKeyId, role.Credentials?.SessionToken);
    const west1 = await new RDSClient(cfg(sim, 'eu-west-1', asProd)).send(new DescribeDBInstancesCommand({}));
    expect(west1.DBInstances?.map((d) => d.DBInstanceIdentifier)).toEqual(['acme-eu-analytics']);
  });
});
