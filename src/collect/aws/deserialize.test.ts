// The schema walks by plan (deserialize.ts) against the SDK's own: every operation the collector calls,
// answered by the simulator and read by clients side by side (one with the SDK's protocol, one with ours);
// the bodies those answers carried, perturbed at random and read by both walks; made-up schemas with every
// kind of member a plan covers or hands to the SDK; and that the collector's clients use the walks.

import { createRequire } from 'node:module';
import {
  BackupClient,
  GetBackupPlanCommand,
  GetBackupSelectionCommand,
  GetBackupVaultAccessPolicyCommand,
  GetRestoreTestingSelectionCommand,
  ListBackupPlansCommand,
  ListBackupSelectionsCommand,
  ListBackupVaultsCommand,
  ListProtectedResourcesCommand,
  ListRecoveryPointsByBackupVaultCommand,
  ListRestoreJobsCommand,
  ListRestoreTestingPlansCommand,
  ListRestoreTestingSelectionsCommand,
} from '@aws-sdk/client-backup';
import {
  DescribeDBClusterSnapshotAttributesCommand,
  DescribeDBClusterSnapshotsCommand,
  DescribeDBClustersCommand,
  DescribeDBInstanceAutomatedBackupsCommand,
  DescribeDBInstancesCommand,
  DescribeDBSnapshotAttributesCommand,
  DescribeDBSnapshotsCommand,
  DescribePendingMaintenanceActionsCommand,
  RDSClient,
} from '@aws-sdk/client-rds';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { AwsRestJsonProtocol, JsonShapeDeserializer2, XmlShapeDeserializer } from '@aws-sdk/core/protocols';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ResolvedTarget } from '../../config/schema.js';
import { type GeneratedEstate, generateEstate } from '../../sim/generate.js';
import { type Simulator, startSimulator } from '../../sim/index.js';
import { mulberry32 } from '../../util/random.js';
import { DEFAULT_RESTORE_JOB_WINDOW_DAYS } from './backup.js';
import { assumedRole, type Credentials, createRun, regionClients } from './clients.js';
import { FastJsonShapeDeserializer, FastRestJsonProtocol, XmlSchemaWalker } from './deserialize.js';
import { AWS_FACTS, collectAws } from './index.js';
import { BACKUP_PAGE, RDS_PAGE } from './partition.js';
import { FastQueryProtocol, FastXmlShapeDeserializer } from './xml.js';

const NOW = new Date('2026-11-29T12:00:00.000Z');

/** A total, ordered rendering: every object's keys in order, with what JSON would drop or blur (undefined,
 * NaN and -0, dates valid or not, functions, big integers, prototypes other than the plain ones). */
function rendering(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (value === null) return 'null';
  switch (typeof value) {
    case 'number':
      return Object.is(value, -0) ? '-0' : String(value);
    case 'bigint':
      return `${value}n`;
    case 'string':
      return JSON.stringify(value);
    case 'function':
      return `function ${value.name}`;
    case 'object':
      break;
    default:
      return String(value);
  }
  if (value instanceof Date)
    return `Date(${Number.isNaN(value.getTime()) ? 'invalid' : value.toISOString()})`;
  const prototype = Object.getPrototypeOf(value);
  if (Array.isArray(value)) {
    const tag = prototype === Array.prototype ? '' : '~';
    return `${tag}[${Array.from(value, rendering).join(',')}]`;
  }
  const tag = prototype === Object.prototype ? '' : `${prototype?.constructor?.name ?? 'null'}`;
  const entries = Object.keys(value).map(
    (key) => `${JSON.stringify(key)}:${rendering((value as Record<string, unknown>)[key])}`,
  );
  return `${tag}{${entries.join(',')}}`;
}

type Outcome = { threw: false; value: unknown } | { threw: true; error: string };

function outcome(read: () => unknown): Outcome {
  try {
    return { threw: false, value: read() };
  } catch (error) {
    return { threw: true, error: `${(error as Error)?.constructor?.name}: ${(error as Error)?.message}` };
  }
}

// The SDK reads a string with a JSON media type into a LazyJsonString: a String object with methods made
// afresh for each one, so two equal ones differ to toStrictEqual. Compared by their text instead (their
// rendering still shows their type and every key).
const isLazyJson = (v: unknown) => v instanceof String && 'deserializeJSON' in v;
expect.addEqualityTesters([
  (a: unknown, b: unknown) => (isLazyJson(a) && isLazyJson(b) ? String(a) === String(b) : undefined),
]);

/** Both walks on one input: the same value, in the same key order, or the same error. */
function expectSameOutcome(ours: Outcome, theirs: Outcome, input: () => string): void {
  expect(ours.threw, `threw on ${input()}`).toBe(theirs.threw);
  if (!ours.threw && !theirs.threw) {
    expect(rendering(ours.value), `on ${input()}`).toBe(rendering(theirs.value));
    expect(ours.value).toStrictEqual(theirs.value);
  } else if (ours.threw && theirs.threw) {
    expect(ours.error, `on ${input()}`).toBe(theirs.error);
  }
}

// ---- Real responses ----

/** What reached a walk of ours while the clients below ran: the schema, the parsed body (a copy for JSON,
 * whose walk rewrites lists in place) and the walk's settings, so the perturbation tests can read real
 * bodies again. */
interface Seen {
  kind: 'xml' | 'json';
  schema: unknown;
  body: unknown;
  settings: XmlShapeDeserializer['settings'] | JsonShapeDeserializer2['settings'];
}
const seen: Seen[] = [];
/** Bodies kept per schema: a few are plenty, and a list page can be large. */
const SEEN_PER_SCHEMA = 3;

function keep(entry: Seen): void {
  if (seen.filter((s) => s.schema === entry.schema).length < SEEN_PER_SCHEMA) seen.push(entry);
}

describe('every operation the collector calls, read by clients side by side', () => {
  let generated: GeneratedEstate;
  let sim: Simulator;
  /** Every account × region, with credentials for the account (its assumed role). */
  let partitions: { account: string; roleArn: string; region: string; credentials: Credentials }[];
  /** Responses compared per operation ("rds:DescribeDBInstances"). */
  const compared = new Map<string, number>();

  beforeAll(async () => {
    generated = generateEstate({ instances: 400, accounts: 2, regions: 2, seed: 3, windowDays: 30 });
    // Maps in a response (AdvancedBackupSettings' BackupOptions), which the generator does not make.
    for (const account of Object.values(generated.estate.accounts)) {
      for (const region of Object.values(account.regions)) {
        const plan = region.backupPlans?.[0];
        if (plan) {
          plan.advancedBackupSettings = [
            { resourceType: 'EC2', backupOptions: { WindowsVSS: 'enabled' } },
            { resourceType: 'RDS', backupOptions: {} },
          ];
        }
      }
    }
    sim = await startSimulator({ estate: generated.estate, now: NOW });
    const sts = new STSClient(
      clientConfig({ region: generated.regions[0] as string, credentials: generated.credentials }),
    );
    partitions = [];
    for (const { id, roleArn } of generated.accounts) {
      const out = await sts.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'deserialize' }));
      const c = out.Credentials;
      const credentials = {
        accessKeyId: c?.AccessKeyId as string,
        secretAccessKey: c?.SecretAccessKey as string,
        sessionToken: c?.SessionToken as string,
      };
      for (const region of generated.regions) partitions.push({ account: id, roleArn, region, credentials });
    }
    sts.destroy();

    // Keep what reaches our walks (the JSON walk rewrites lists in place, so a copy first).
    const xmlRead = FastXmlShapeDeserializer.prototype.readSchema;
    vi.spyOn(FastXmlShapeDeserializer.prototype, 'readSchema').mockImplementation(function (
      this: FastXmlShapeDeserializer,
      schema,
      body,
    ) {
      keep({ kind: 'xml', schema, body, settings: this.settings });
      return xmlRead.call(this, schema, body);
    });
    const json = FastJsonShapeDeserializer.prototype as unknown as {
      _read(this: FastJsonShapeDeserializer, schema: unknown, body: unknown): unknown;
    };
    const jsonRead = json._read;
    vi.spyOn(json, '_read').mockImplementation(function (this: FastJsonShapeDeserializer, schema, body) {
      keep({ kind: 'json', schema, body: structuredClone(body), settings: this.settings });
      return jsonRead.call(this, schema, body);
    });
  });
  afterAll(async () => {
    vi.restoreAllMocks();
    await sim?.close();
  });

  type Where = { region: string; credentials: Credentials };
  const clientConfig = ({ region, credentials }: Where) => ({
    region,
    endpoint: sim.url,
    credentials,
    maxAttempts: 1,
  });
  // Each pair: a client with the SDK's own protocol, and one with ours.
  const rdsPair = (p: Where) => ({
    sdk: new RDSClient(clientConfig(p)),
    fast: new RDSClient({ ...clientConfig(p), protocol: FastQueryProtocol }),
  });
  const stsPair = (p: Where) => ({
    sdk: new STSClient(clientConfig(p)),
    fast: new STSClient({ ...clientConfig(p), protocol: FastQueryProtocol }),
  });
  const backupPair = (p: Where) => ({
    sdk: new BackupClient(clientConfig(p)),
    fast: new BackupClient({ ...clientConfig(p), protocol: FastRestJsonProtocol }),
  });

  /** The output without what differs per response anyway (the request id the simulator makes up). */
  const comparable = (output: unknown) => {
    const { $metadata, ...rest } = output as { $metadata?: { requestId?: string } };
    if (!$metadata) return output;
    const { requestId: _requestId, ...metadata } = $metadata;
    return { ...rest, $metadata: metadata };
  };

  /** What an error shows: its class, name, message, fault, metadata (the request id aside), and every
   * other field it carries, in order. */
  const errorOf = (e: unknown) => {
    const { $metadata, ...fields } = e as Record<string, unknown> & { $metadata?: unknown };
    const error = e as Error & { $fault?: string };
    return {
      class: error.constructor.name,
      name: error.name,
      message: error.message,
      fault: error.$fault,
      metadata: comparable({ $metadata }),
      fields: rendering(fields),
    };
  };

  /** One call through both clients of a pair: the same output, key order and all, or the same error.
   * Returns the SDK client's output, or throws its error. `mask` blanks what the simulator makes afresh
   * for each call. */
  async function both<C, T>(
    clients: { sdk: C; fast: C },
    operation: string,
    call: (client: C) => Promise<T>,
    mask: (output: T) => unknown = (output) => output,
  ): Promise<T> {
    const [theirs, ours] = await Promise.allSettled([call(clients.sdk), call(clients.fast)]);
    compared.set(operation, (compared.get(operation) ?? 0) + 1);
    expect(ours.status, operation).toBe(theirs.status);
    if (theirs.status === 'rejected') {
      expect(errorOf((ours as PromiseRejectedResult).reason), operation).toEqual(errorOf(theirs.reason));
      throw theirs.reason;
    }
    const expected = comparable(mask(theirs.value));
    const actual = comparable(mask((ours as PromiseFulfilledResult<T>).value));
    expect(rendering(actual), operation).toBe(rendering(expected));
    expect(actual).toStrictEqual(expected);
    return theirs.value;
  }

  /** Every page of a paginated operation through both clients, as `both` does for one call; the SDK
   * client's pages. */
  async function pages<C, T>(
    clients: { sdk: C; fast: C },
    operation: string,
    call: (client: C, token: string | undefined) => Promise<T>,
    next: (page: T) => string | undefined,
  ): Promise<T[]> {
    const out: T[] = [];
    let token: string | undefined;
    do {
      const page: T = await both(clients, operation, (client) => call(client, token));
      out.push(page);
      token = next(page);
    } while (token);
    return out;
  }

  it('sts: GetCallerIdentity in every partition, AssumeRole into every account', async () => {
    for (const p of partitions) {
      const sts = stsPair(p);
      const identity = await both(sts, 'sts:GetCallerIdentity', (c) =>
        c.send(new GetCallerIdentityCommand({})),
      );
      expect(identity.Account).toBe(p.account);
    }
    const base = { region: generated.regions[0] as string, credentials: generated.credentials };
    const sts = stsPair(base);
    for (const { roleArn } of generated.accounts) {
      // Each call makes new keys, valid from the millisecond it was answered: their kinds must agree.
      const out = await both(
        sts,
        'sts:AssumeRole',
        (c) => c.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'deserialize' })),
        ({ Credentials, ...rest }) => ({
          Credentials:
            Credentials && Object.fromEntries(Object.entries(Credentials).map(([k, v]) => [k, typeof v])),
          ...rest,
        }),
      );
      expect(out.Credentials?.Expiration).toBeInstanceOf(Date);
    }
  });

  it('rds: instances, clusters, snapshots and their attributes, automated backups, maintenance', async () => {
    for (const p of partitions) {
      const rds = rdsPair(p);
      const page = { MaxRecords: RDS_PAGE };
      const instances = await pages(
        rds,
        'rds:DescribeDBInstances',
        (c, Marker) => c.send(new DescribeDBInstancesCommand({ ...page, Marker })),
        (out) => out.Marker,
      );
      expect(instances.flatMap((out) => out.DBInstances ?? []).length).toBeGreaterThan(0);
      await pages(
        rds,
        'rds:DescribeDBClusters',
        (c, Marker) => c.send(new DescribeDBClustersCommand({ ...page, Marker })),
        (out) => out.Marker,
      );
      const snapshots = await pages(
        rds,
        'rds:DescribeDBSnapshots',
        (c, Marker) => c.send(new DescribeDBSnapshotsCommand({ ...page, Marker })),
        (out) => out.Marker,
      );
      for (const s of snapshots.flatMap((out) => out.DBSnapshots ?? [])) {
        if (s.SnapshotType !== 'manual') continue;
        await both(rds, 'rds:DescribeDBSnapshotAttributes', (c) =>
          c.send(new DescribeDBSnapshotAttributesCommand({ DBSnapshotIdentifier: s.DBSnapshotIdentifier })),
        );
      }
      const clusterSnapshots = await pages(
        rds,
        'rds:DescribeDBClusterSnapshots',
        (c, Marker) => c.send(new DescribeDBClusterSnapshotsCommand({ ...page, Marker })),
        (out) => out.Marker,
      );
      for (const s of clusterSnapshots.flatMap((out) => out.DBClusterSnapshots ?? [])) {
        if (s.SnapshotType !== 'manual') continue;
        await both(rds, 'rds:DescribeDBClusterSnapshotAttributes', (c) =>
          c.send(
            new DescribeDBClusterSnapshotAttributesCommand({
              DBClusterSnapshotIdentifier: s.DBClusterSnapshotIdentifier,
            }),
          ),
        );
      }
      await pages(
        rds,
        'rds:DescribeDBInstanceAutomatedBackups',
        (c, Marker) => c.send(new DescribeDBInstanceAutomatedBackupsCommand({ ...page, Marker })),
        (out) => out.Marker,
      );
      await pages(
        rds,
        'rds:DescribePendingMaintenanceActions',
        (c, Marker) => c.send(new DescribePendingMaintenanceActionsCommand({ ...page, Marker })),
        (out) => out.Marker,
      );
    }
  });

  it('backup: plans and selections, vaults with access policies and recovery points, protected resources, restore testing, restore jobs', async () => {
    for (const p of partitions) {
      const backup = backupPair(p);
      const page = { MaxResults: BACKUP_PAGE };
      const plans = await pages(
        backup,
        'backup:ListBackupPlans',
        (c, NextToken) => c.send(new ListBackupPlansCommand({ ...page, NextToken })),
        (out) => out.NextToken,
      );
      for (const { BackupPlanId } of plans.flatMap((out) => out.BackupPlansList ?? [])) {
        await both(backup, 'backup:GetBackupPlan', (c) => c.send(new GetBackupPlanCommand({ BackupPlanId })));
        const selections = await pages(
          backup,
          'backup:ListBackupSelections',
          (c, NextToken) => c.send(new ListBackupSelectionsCommand({ ...page, BackupPlanId, NextToken })),
          (out) => out.NextToken,
        );
        for (const { SelectionId } of selections.flatMap((out) => out.BackupSelectionsList ?? [])) {
          await both(backup, 'backup:GetBackupSelection', (c) =>
            c.send(new GetBackupSelectionCommand({ BackupPlanId, SelectionId })),
          );
        }
      }
      const vaults = await pages(
        backup,
        'backup:ListBackupVaults',
        (c, NextToken) => c.send(new ListBackupVaultsCommand({ ...page, NextToken })),
        (out) => out.NextToken,
      );
      let withoutPolicy = 0;
      for (const { BackupVaultName } of vaults.flatMap((out) => out.BackupVaultList ?? [])) {
        // A vault without an access policy answers ResourceNotFoundException: the same error from both.
        await both(backup, 'backup:GetBackupVaultAccessPolicy', (c) =>
          c.send(new GetBackupVaultAccessPolicyCommand({ BackupVaultName })),
        ).catch((error: Error) => {
          expect(error.name).toBe('ResourceNotFoundException');
          withoutPolicy++;
        });
        await pages(
          backup,
          'backup:ListRecoveryPointsByBackupVault',
          (c, NextToken) =>
            c.send(new ListRecoveryPointsByBackupVaultCommand({ ...page, BackupVaultName, NextToken })),
          (out) => out.NextToken,
        );
      }
      expect(withoutPolicy).toBeGreaterThan(0);
      await pages(
        backup,
        'backup:ListProtectedResources',
        (c, NextToken) => c.send(new ListProtectedResourcesCommand({ ...page, NextToken })),
        (out) => out.NextToken,
      );
      const testingPlans = await pages(
        backup,
        'backup:ListRestoreTestingPlans',
        (c, NextToken) => c.send(new ListRestoreTestingPlansCommand({ ...page, NextToken })),
        (out) => out.NextToken,
      );
      for (const { RestoreTestingPlanName } of testingPlans.flatMap((out) => out.RestoreTestingPlans ?? [])) {
        const selections = await pages(
          backup,
          'backup:ListRestoreTestingSelections',
          (c, NextToken) =>
            c.send(new ListRestoreTestingSelectionsCommand({ ...page, RestoreTestingPlanName, NextToken })),
          (out) => out.NextToken,
        );
        for (const s of selections.flatMap((out) => out.RestoreTestingSelections ?? [])) {
          await both(backup, 'backup:GetRestoreTestingSelection', (c) =>
            c.send(
              new GetRestoreTestingSelectionCommand({
                RestoreTestingPlanName,
                RestoreTestingSelectionName: s.RestoreTestingSelectionName,
              }),
            ),
          );
        }
      }
      const after = new Date(NOW.getTime() - DEFAULT_RESTORE_JOB_WINDOW_DAYS * 86_400_000);
      const jobs = await pages(
        backup,
        'backup:ListRestoreJobs',
        (c, NextToken) => c.send(new ListRestoreJobsCommand({ ...page, ByCreatedAfter: after, NextToken })),
        (out) => out.NextToken,
      );
      expect(jobs.flatMap((out) => out.RestoreJobs ?? []).length).toBeGreaterThan(0);
    }
  });

  it.each([
    ['access denied', 'accessDenied'],
    ['throttling', 'throttle'],
    ['an expired token', 'expiredToken'],
    ['a truncated body', 'malformed'],
    ['a load balancer page', 'serverError'],
  ] as const)('backup errors: %s', async (_name, kind) => {
    const backup = backupPair(partitions[0] as Where);
    sim.setFaults([{ kind, service: 'backup', operation: 'ListBackupVaults' }]);
    try {
      const [theirs, ours] = await Promise.allSettled([
        backup.sdk.send(new ListBackupVaultsCommand({})),
        backup.fast.send(new ListBackupVaultsCommand({})),
      ]);
      expect(theirs.status).toBe('rejected');
      expect(ours.status).toBe('rejected');
      const expected = errorOf((theirs as PromiseRejectedResult).reason);
      const actual = errorOf((ours as PromiseRejectedResult).reason);
      expect(actual.name).not.toBe('');
      if (kind === 'malformed') {
        // The body text attached to a parse failure differs by request id; nothing else may.
        expect({ ...actual, fields: undefined }).toEqual({ ...expected, fields: undefined });
      } else {
        expect(actual).toEqual(expected);
      }
    } finally {
      sim.setFaults([]);
    }
  });

  it('compared every operation the collector calls', async () => {
    const target: ResolvedTarget = {
      name: 'deserialize-test',
      stage: 'production-enterprise',
      aws: { regions: [...generated.regions], endpoint: sim.url, accounts: generated.accounts },
    };
    const { calls, errors } = await collectAws(target, [...AWS_FACTS], {
      concurrency: 8,
      timeoutMs: 10_000,
      now: NOW,
      env: {
        AWS_ACCESS_KEY_ID: generated.credentials.accessKeyId,
        AWS_SECRET_ACCESS_KEY: generated.credentials.secretAccessKey,
      },
    });
    expect(errors).toEqual([]);
    const operations = Object.keys(calls).filter((op) => !op.startsWith('retries:'));
    expect(operations.length).toBeGreaterThan(20);
    for (const op of operations) expect(compared.get(op) ?? 0, op).toBeGreaterThan(0);
  });
});

// ---- The same bodies, perturbed ----
// Perturbations are drawn from one seed (mulberry32): fast-check picks the seeds and reports the one that
// fails; a value-by-value arbitrary would cost far more for bodies this size.

/** Texts and values no well-formed response holds where they land: every scalar conversion's edge (case,
 * spaces, numbers that are not, dates of each format, valid or not), and values of the wrong kind. */
const XML_ODDITIES: unknown[] = [
  '',
  ' ',
  '\n',
  'true',
  'TRUE',
  'False',
  'yes',
  '0',
  '-1',
  ' 42 ',
  '1e3',
  '0x10',
  'NaN',
  'Infinity',
  '2026-11-29T12:00:00Z',
  '2026-11-29t12:00:00.123456+05:30',
  '2026-02-30T00:00:00Z',
  '2026-11-29T24:00:00Z',
  '2026-11-29 12:00:00',
  '0099-01-01T00:00:00Z',
  'Sun, 06 Nov 1994 08:49:37 GMT',
  '1700000000',
  '1700000000.5',
  'not a date',
  {},
  { member: 'x' },
  { '#text': 'x' },
  ['a', 'b'],
  // The SDK's parser pairs a child named "constructor" with Object.prototype.constructor.
  Object,
  undefined,
];
const JSON_ODDITIES: unknown[] = [
  '',
  'x',
  'true',
  'Infinity',
  '-Infinity',
  'NaN',
  '12',
  '2026-11-29T12:00:00Z',
  'Sun, 06 Nov 1994 08:49:37 GMT',
  '1700000000.5',
  0,
  -0,
  1.5,
  -1,
  1700000000,
  1700000000.1234,
  1e21,
  true,
  false,
  null,
  {},
  [],
  [1, 'a'],
  { __type: 'x' },
];
/** Keys put into objects: what the bodies use anyway, plus the special ones. */
const STRAY_KEYS = ['member', 'entry', 'key', 'value', '#text', '__type', 'Other', 'x'];

/** A copy of `body`, changed at random: members dropped, doubled (XML: a repeated element; JSON: a list
 * item twice), made odd, stray keys added; long lists cut to a few items first, to keep runs quick. */
function perturb(body: unknown, next: () => number, oddities: unknown[], xml: boolean): unknown {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)] as T;
  const visit = (value: unknown): unknown => {
    if (next() < 0.04) return pick(oddities);
    if (Array.isArray(value)) {
      const items = value.slice(0, 3).map(visit);
      if (items.length && next() < 0.2) items.push(pick(items));
      if (next() < 0.1) items.reverse();
      return items;
    }
    if (value === null || typeof value !== 'object') return value;
    const out: Record<string, unknown> = {};
    const put = (key: string, v: unknown) =>
      Object.defineProperty(out, key, { value: v, enumerable: true, writable: true, configurable: true });
    for (const [key, v] of Object.entries(value)) {
      const roll = next();
      if (roll < 0.1) continue;
      if (xml && roll < 0.15) put(key, [visit(v), visit(v)]);
      else put(key, visit(v));
    }
    if (next() < 0.1) put(pick(STRAY_KEYS), pick(oddities));
    return out;
  };
  return visit(body);
}

/** The walks of both sides for one seen body. The SDK's deserializers get the same settings and the same
 * serde context as ours. */
function walkers(entry: Seen) {
  if (entry.kind === 'xml') {
    const settings = entry.settings as XmlShapeDeserializer['settings'];
    const sdk = new XmlShapeDeserializer(settings);
    const ours = new FastXmlShapeDeserializer(settings);
    return {
      sdk: (body: unknown) => sdk.readSchema(entry.schema as never, body),
      ours: (body: unknown) => ours.readSchema(entry.schema as never, body),
    };
  }
  const settings = entry.settings as JsonShapeDeserializer2['settings'];
  const sdk = new JsonShapeDeserializer2(settings);
  const ours = new FastJsonShapeDeserializer(settings);
  // The JSON walks rewrite lists in place: each gets its own copy.
  return {
    sdk: (body: unknown) => sdk.readObject(entry.schema as never, structuredClone(body) as never),
    ours: (body: unknown) => ours.readObject(entry.schema as never, structuredClone(body) as never),
  };
}

const PERTURBED_RUNS = 150;

describe('real bodies, perturbed: both walks give the same value or the same error', () => {
  it('saw bodies of every kind', () => {
    expect(seen.filter((s) => s.kind === 'xml').length).toBeGreaterThan(10);
    expect(seen.filter((s) => s.kind === 'json').length).toBeGreaterThan(10);
  });

  it(`each body read as sent, then ${PERTURBED_RUNS} perturbations of it`, () => {
    for (const entry of seen) {
      const walk = walkers(entry);
      const show = (body: unknown) => () => rendering(body).slice(0, 2000);
      expectSameOutcome(
        outcome(() => walk.ours(entry.body)),
        outcome(() => walk.sdk(entry.body)),
        show(entry.body),
      );
      const oddities = entry.kind === 'xml' ? XML_ODDITIES : JSON_ODDITIES;
      fc.assert(
        fc.property(fc.noShrink(fc.integer()), (seed) => {
          const body = perturb(entry.body, mulberry32(seed), oddities, entry.kind === 'xml');
          expectSameOutcome(
            outcome(() => walk.ours(body)),
            outcome(() => walk.sdk(body)),
            show(body),
          );
        }),
        { numRuns: PERTURBED_RUNS, seed: 20261130 },
      );
    }
  });
});

// ---- Made-up schemas: every kind of member ----

// Static schemas as the SDK's clients write them: [3, namespace, name, traits, member names, member
// schemas] for a structure (4 for a union), [1, …, item] for a list, [2, …, key, value] for a map, a number
// for a simple type (0 string, 1 number, 2 boolean, 4-7 timestamps, 15 document, 17 and 19 big numbers,
// 21 blob; 64 + n a list of n, 128 + n a map to n), [schema, traits] for a member with traits of its own.
const NS = 'test.deserialize';
const JsonText = [0, NS, 'JsonText', { mediaType: 'application/json' }, 0];
const Inner = [3, NS, 'Inner', 0, ['Name', 'Count', 'At'], [0, 1, 4]];
const Strings = [1, NS, 'Strings', 0, [0, { xmlName: 'item' }]];
const Inners = [1, NS, 'Inners', 0, [() => Inner, { xmlName: 'Inner' }]];
const Counts = [2, NS, 'Counts', 0, [0, { xmlName: 'K' }], [1, { xmlName: 'V' }]];
const Either = [4, NS, 'Either', 0, ['A', 'B'], [0, 1]];
const WithPayload = [3, NS, 'WithPayload', 0, ['Body', 'Note'], [[() => Inner, { httpPayload: 1 }], 0]];
const Sink: unknown[] = [
  3,
  NS,
  'Sink',
  0,
  [
    'Str',
    'Num',
    'Bool',
    'Time',
    'DateTime',
    'HttpDate',
    'Epoch',
    'Blob',
    'BigInt',
    'BigDec',
    'Doc',
    'Json',
    'Renamed',
    'Named',
    'Header',
    'Strings',
    'FlatStrings',
    'Numbers',
    'Times',
    'Inners',
    'FlatInners',
    'Counts',
    'FlatCounts',
    'StringMap',
    'NumberMap',
    'Either',
    'Inner',
    'Self',
    'Payload',
  ],
  [
    0,
    1,
    2,
    4,
    5,
    6,
    7,
    21,
    17,
    19,
    15,
    () => JsonText,
    [0, { xmlName: 'Other' }],
    [0, { jsonName: 'other' }],
    [0, { httpHeader: 'x-header' }],
    () => Strings,
    [() => Strings, { xmlFlattened: 1 }],
    64 | 1,
    64 | 7,
    () => Inners,
    [() => Inners, { xmlFlattened: 1 }],
    () => Counts,
    [() => Counts, { xmlFlattened: 1 }],
    128 | 0,
    128 | 1,
    () => Either,
    () => Inner,
    () => Sink,
    () => WithPayload,
  ],
];
const SCHEMAS: [string, unknown][] = [
  ['a structure of every kind', Sink],
  ['a structure with an httpPayload member', WithPayload],
  ['a union', Either],
  ['a list of structures', Inners],
  ['a map', Counts],
  ['a timestamp', 4],
  ['a document', 15],
];
const KEYS = [
  ...(Sink[4] as string[]),
  'Other',
  'other',
  'item',
  'Inner',
  'Name',
  'Count',
  'At',
  'A',
  'B',
  'K',
  'V',
  'Body',
  'Note',
  ...STRAY_KEYS,
];

/** Values shaped like a parsed body, over the keys above: what a walk of these schemas can meet. */
const { value: bodyValue } = fc.letrec<{ value: unknown; leaf: unknown }>((tie) => ({
  leaf: fc.oneof(fc.constantFrom(...XML_ODDITIES, ...JSON_ODDITIES), fc.string({ maxLength: 3 })),
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    { weight: 3, arbitrary: tie('leaf') },
    { weight: 2, arbitrary: fc.dictionary(fc.constantFrom(...KEYS), tie('value'), { maxKeys: 8 }) },
    { weight: 1, arbitrary: fc.array(tie('value'), { maxLength: 3 }) },
  ),
}));

const XML_SETTINGS: XmlShapeDeserializer['settings'] = {
  timestampFormat: { useTrait: true, default: 5 },
  httpBindings: false,
  xmlNamespace: 'https://example.com/',
  serviceNamespace: NS,
};
const JSON_SETTINGS = (jsonName: boolean): JsonShapeDeserializer2['settings'] => ({
  timestampFormat: { useTrait: true, default: 7 },
  httpBindings: true,
  jsonName,
});
const SYNTHETIC_RUNS = 2000;

describe('made-up schemas of every kind: both walks give the same value or the same error', () => {
  // JSON bodies hold no functions (structuredClone could not copy them either).
  const jsonBody = bodyValue.filter((v) => !rendering(v).includes('function'));

  it.each(SCHEMAS)(`XML, %s (${SYNTHETIC_RUNS} bodies)`, (_name, schema) => {
    const sdk = new XmlShapeDeserializer(XML_SETTINGS);
    const ours = new FastXmlShapeDeserializer(XML_SETTINGS);
    fc.assert(
      fc.property(bodyValue, (body) => {
        expectSameOutcome(
          outcome(() => ours.readSchema(schema as never, body)),
          outcome(() => sdk.readSchema(schema as never, body)),
          () => rendering(body),
        );
      }),
      { numRuns: SYNTHETIC_RUNS, seed: 20261131 },
    );
  });

  it.each(SCHEMAS.flatMap(([name, schema]) => [true, false].map((jsonName) => [name, jsonName, schema])))(
    `JSON, %s, jsonName %s (${SYNTHETIC_RUNS} bodies)`,
    (_name, jsonName, schema) => {
      const sdk = new JsonShapeDeserializer2(JSON_SETTINGS(jsonName as boolean));
      const ours = new FastJsonShapeDeserializer(JSON_SETTINGS(jsonName as boolean));
      fc.assert(
        fc.property(jsonBody, (body) => {
          expectSameOutcome(
            outcome(() => ours.readObject(schema as never, structuredClone(body) as never)),
            outcome(() => sdk.readObject(schema as never, structuredClone(body) as never)),
            () => rendering(body),
          );
        }),
        { numRuns: SYNTHETIC_RUNS, seed: 20261201 },
      );
    },
  );
});

// ---- The collector's clients ----

describe("the collector's clients", () => {
  let generated: GeneratedEstate;
  let sim: Simulator;
  beforeAll(async () => {
    generated = generateEstate({ instances: 50, accounts: 1, regions: 1, seed: 5, windowDays: 30 });
    sim = await startSimulator({ estate: generated.estate, now: NOW });
  });
  afterAll(async () => {
    vi.restoreAllMocks();
    await sim?.close();
  });

  it("read every response with the walks by plan, and the SDK's walks are never needed", async () => {
    const target: ResolvedTarget = {
      name: 'deserialize-test',
      stage: 'production-enterprise',
      aws: { regions: [...generated.regions], endpoint: sim.url, accounts: generated.accounts },
    };
    const run = createRun(target, { concurrency: 4, timeoutMs: 5000, now: NOW });
    const credentials = async () => generated.credentials;
    const region = regionClients(run, generated.regions[0] as string, credentials);
    expect(region.rds.config.protocol).toBeInstanceOf(FastQueryProtocol);
    expect(region.sts.config.protocol).toBeInstanceOf(FastQueryProtocol);
    expect(region.backup.config.protocol).toBeInstanceOf(FastRestJsonProtocol);
    expect(region.backup.config.protocol).toBeInstanceOf(AwsRestJsonProtocol);

    const ourXml = vi.spyOn(XmlSchemaWalker.prototype, 'read');
    const ourJson = vi.spyOn(FastJsonShapeDeserializer.prototype as unknown as { _read(): unknown }, '_read');
    const sdkXml = vi.spyOn(XmlShapeDeserializer.prototype, 'readSchema');
    const sdkJson = vi.spyOn(JsonShapeDeserializer2.prototype as unknown as { _read(): unknown }, '_read');
    try {
      await region.sts.send(new GetCallerIdentityCommand({}));
      await region.rds.send(new DescribeDBInstancesCommand({}));
      expect(ourXml).toHaveBeenCalledTimes(2);
      // The assumed-role STS client is private to assumedRole: seen through the responses it reads.
      const role = assumedRole(run, credentials, { roleArn: generated.accounts[0]?.roleArn as string });
      expect((await role()).accessKeyId).toMatch(/^ASIA/);
      expect(ourXml).toHaveBeenCalledTimes(3);

      const plans = await region.backup.send(new ListBackupPlansCommand({}));
      const BackupPlanId = plans.BackupPlansList?.[0]?.BackupPlanId;
      await region.backup.send(new GetBackupPlanCommand({ BackupPlanId }));
      await region.backup.send(new ListRestoreJobsCommand({}));
      expect(ourJson).toHaveBeenCalledTimes(3);
      expect(sdkXml).not.toHaveBeenCalled();
      expect(sdkJson).not.toHaveBeenCalled();
    } finally {
      run.handler.destroy();
    }
  });
});

describe('the pinned packages are the ones the SDK clients use', () => {
  // The walks extend, call and are compared against @aws-sdk/core and @smithy/core as this project pins
  // them: those must be the very copies the three clients load, or an SDK upgrade could change the SDK's
  // walks under us unnoticed.
  const ours = createRequire(import.meta.url);
  const from = (module: string, dependency: string) =>
    createRequire(ours.resolve(module)).resolve(dependency);

  it('resolves @aws-sdk/core and @smithy/core to the same files as the clients and @aws-sdk/core do', () => {
    const dependencies = ['@aws-sdk/core/protocols', '@smithy/core/protocols', '@smithy/core/schema'];
    for (const client of ['@aws-sdk/client-rds', '@aws-sdk/client-sts', '@aws-sdk/client-backup']) {
      for (const dependency of dependencies) expect(from(client, dependency)).toBe(ours.resolve(dependency));
    }
    for (const dependency of ['@smithy/core/protocols', '@smithy/core/schema', '@smithy/core/serde']) {
      expect(from('@aws-sdk/core/protocols', dependency)).toBe(ours.resolve(dependency));
    }
  });
});
