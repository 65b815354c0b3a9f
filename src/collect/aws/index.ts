// The AWS collector: for each configured account (its own credentials or an assumed role) and region,
// confirm who we are (sts:GetCallerIdentity, recorded as aws.identity), then read the requested RDS and
// AWS Backup facts concurrently. A failure is a FactError for exactly that fact in that (account, region);
// the partition's items for that fact are dropped, never reported as an empty list.
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import type { ResolvedTarget } from '../../config/schema.js';
import {
  FACT_NAMES,
  FACT_SOURCES,
  type FactItem,
  type FactMap,
  type FactName,
} from '../../snapshot/facts.js';
import type { FactError } from '../../snapshot/snapshot.js';
import type { CollectOptions, SliceResult, SourceCollector } from '../types.js';
import { BACKUP_READERS } from './backup.js';
import {
  type AwsRun,
  assumedRole,
  baseCredentials,
  type CredentialsProvider,
  createRun,
  regionClients,
} from './clients.js';
import { factError } from './errors.js';
import { memo, type Partition, type Reader } from './partition.js';
import { RDS_READERS } from './rds.js';

export const AWS_FACTS: readonly FactName[] = FACT_NAMES.filter((f) => FACT_SOURCES[f].source === 'aws');

const READERS: Partial<{ [K in FactName]: Reader<K> }> = { ...RDS_READERS, ...BACKUP_READERS };

interface Account {
  id?: string | undefined;
  roleArn?: string | undefined;
  externalId?: string | undefined;
}

interface Sink {
  facts: Partial<FactMap>;
  errors: FactError[];
}

function push<K extends FactName>(sink: Sink, fact: K, items: FactItem<K>[]): void {
  const list = (sink.facts[fact] ?? []) as FactItem<K>[];
  list.push(...items);
  sink.facts[fact] = list as Partial<FactMap>[K];
}

function failAll(
  run: AwsRun,
  sink: Sink,
  facts: readonly FactName[],
  err: unknown,
  where: Account & { region: string },
  op: string,
) {
  for (const fact of facts) {
    sink.errors.push(factError(fact, err, { account: where.id, region: where.region }, run.secrets, op));
  }
}

async function readPartition(
  run: AwsRun,
  account: Account,
  region: string,
  credentials: CredentialsProvider,
  facts: readonly FactName[],
  sink: Sink,
): Promise<void> {
  const progress = run.options.onProgress;
  const event = {
    target: run.target.name,
    source: 'aws',
    region,
    ...(account.id ? { account: account.id } : {}),
  };
  progress?.({ ...event, phase: 'start' });
  const clients = regionClients(run, region, credentials);
  try {
    let identity: { Account?: string; Arn?: string; UserId?: string };
    try {
      identity = await clients.sts.send(new GetCallerIdentityCommand({}));
    } catch (err) {
      failAll(run, sink, facts, err, { ...account, region }, 'sts:GetCallerIdentity');
      return;
    }
    const id = identity.Account ?? '';
    if (!id || (account.id && id !== account.id)) {
      const err = Object.assign(
        new Error(
          `credentials belong to account ${id || '(none)'}, not the configured ${account.id ?? 'account'}`,
        ),
        { name: 'AccountMismatch' },
      );
      failAll(run, sink, facts, err, { ...account, region }, 'sts:GetCallerIdentity');
      return;
    }
    push(sink, 'aws.identity', [
      {
        account: id,
        arn: identity.Arn ?? '',
        userId: identity.UserId ?? '',
        region,
        ...(account.roleArn ? { roleArn: account.roleArn } : {}),
      },
    ]);
    const partition: Partition = {
      account: id,
      region,
      rds: clients.rds,
      backup: clients.backup,
      now: run.options.now,
      needs: run.options.needs ?? {},
      once: memo(),
    };
    await Promise.all(
      facts.map(async (fact) => {
        const read = READERS[fact] as Reader<typeof fact> | undefined;
        if (!read) return;
        try {
          push(sink, fact, await read(partition));
        } catch (err) {
          sink.errors.push(factError(fact, err, { account: id, region }, run.secrets, `aws:${fact}`));
        }
      }),
    );
  } finally {
    // No client.destroy(): it would destroy the run's shared HTTP handler; collectAws does that at the end.
    progress?.({ ...event, phase: 'done' });
  }
}

async function readAccount(
  run: AwsRun,
  account: Account,
  facts: readonly FactName[],
  sink: Sink,
): Promise<void> {
  const regions = run.target.aws?.regions ?? [];
  const base = baseCredentials(run);
  const credentials = account.roleArn
    ? assumedRole(run, base, { roleArn: account.roleArn, externalId: account.externalId })
    : base;
  try {
    await credentials();
  } catch (err) {
    const op = account.roleArn ? 'sts:AssumeRole' : 'aws:credentials';
    for (const region of regions) {
      const event = {
        target: run.target.name,
        source: 'aws',
        region,
        ...(account.id ? { account: account.id } : {}),
      };
      run.options.onProgress?.({ ...event, phase: 'start' });
      failAll(run, sink, facts, err, { ...account, region }, op);
      run.options.onProgress?.({ ...event, phase: 'done', detail: 'failed' });
    }
    return;
  }
  await Promise.all(regions.map((region) => readPartition(run, account, region, credentials, facts, sink)));
}

const KEYS = ['arn', 'snapshotArn', 'resourceArn', 'selectionId', 'jobId'] as const;
function sortKey(item: object): string {
  const o = item as Record<string, unknown>;
  const key = KEYS.map((k) => o[k]).find((v) => typeof v === 'string') ?? JSON.stringify(o);
  return `${o.account}\0${o.region}\0${key}`;
}

export async function collectAws(
  target: ResolvedTarget,
  requested: FactName[],
  options: CollectOptions,
): Promise<SliceResult> {
  const facts = requested.filter((f) => AWS_FACTS.includes(f));
  const sink: Sink = { facts: {}, errors: [] };
  // Every requested fact is a list (possibly empty); identities are always recorded.
  for (const f of [...facts, 'aws.identity' as const]) sink.facts[f] ??= [];
  if (!target.aws) {
    const err = Object.assign(new Error(`target ${target.name} has no aws section`), {
      name: 'NotConfigured',
    });
    for (const fact of facts) sink.errors.push(factError(fact, err, {}, [], 'aws:config'));
    return { facts: sink.facts, errors: sink.errors, calls: {} };
  }
  const run = createRun(target, options);
  const accounts: Account[] = target.aws.accounts ?? [{}];
  const source = { target: target.name, source: 'aws' };
  options.onProgress?.({
    ...source,
    phase: 'start',
    partitions: accounts.length * target.aws.regions.length,
  });
  try {
    await Promise.all(accounts.map((a) => readAccount(run, a, facts, sink)));
  } finally {
    run.handler.destroy();
    options.onProgress?.({ ...source, phase: 'done' });
  }
  // Deterministic order whatever the timing: by account, region, then the item's own key.
  for (const [fact, list] of Object.entries(sink.facts) as [FactName, object[]][]) {
    const keyed = list.map((item) => [sortKey(item), item] as const);
    keyed.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    sink.facts[fact] = keyed.map(([, item]) => item) as never;
  }
  const calls: Record<string, number> = { ...run.calls };
  for (const [op, n] of Object.entries(run.retries)) calls[`retries:${op}`] = n;
  return { facts: sink.facts, errors: sink.errors, calls };
}

export const awsCollector: SourceCollector = {
  source: 'aws',
  facts: AWS_FACTS,
  collect: collectAws,
};
