// Shared subject lists for checks: the in-scope RDS databases of a target, each judged where AWS decides
// its settings — a standalone instance at itself, an Aurora member at its cluster.

import type { ResourceRef } from '../model/types.js';
import type { FactItem } from '../snapshot/facts.js';
import { Type } from '../util/typebox.js';
import type { CheckContext } from './define.js';

export type DbInstanceItem = FactItem<'aws.rds.instances'>;
export type DbClusterItem = FactItem<'aws.rds.clusters'>;

export const DB_INSTANCE = 'aws.rds.db-instance';
export const DB_CLUSTER = 'aws.rds.db-cluster';

export function instanceRef(i: DbInstanceItem): ResourceRef {
  return { type: DB_INSTANCE, id: i.id, arn: i.arn, account: i.account, region: i.region };
}
export function clusterRef(c: DbClusterItem): ResourceRef {
  return { type: DB_CLUSTER, id: c.id, arn: c.arn, account: c.account, region: c.region };
}

export type Database =
  | { kind: 'instance'; item: DbInstanceItem; ref: ResourceRef }
  | { kind: 'cluster'; item: DbClusterItem; ref: ResourceRef }
  /** An Aurora member: judged at its cluster (present when the cluster was found, else undefined). */
  | { kind: 'member'; item: DbInstanceItem; ref: ResourceRef; cluster: DbClusterItem | undefined };

const key = (account: string, region: string, id: string) => `${account}/${region}/${id}`;

/**
 * Results computed once per (instances, clusters, key) and shared by every check that asks: lists of the
 * same facts in the same scope are the same, and sharing them shares their resource refs too. Read-only.
 */
export function shared<T>(
  instances: readonly DbInstanceItem[],
  clusters: readonly DbClusterItem[],
  key: string | undefined,
  make: () => T,
  cache: WeakMap<readonly DbInstanceItem[], WeakMap<readonly DbClusterItem[], Map<string, T>>>,
): T {
  if (key === undefined) return make();
  let byClusters = cache.get(instances);
  if (!byClusters) {
    byClusters = new WeakMap();
    cache.set(instances, byClusters);
  }
  let byKey = byClusters.get(clusters);
  if (!byKey) {
    byKey = new Map();
    byClusters.set(clusters, byKey);
  }
  let found = byKey.get(key);
  if (found === undefined) {
    found = make();
    byKey.set(key, found);
  }
  return found;
}

const databaseLists = new WeakMap<
  readonly DbInstanceItem[],
  WeakMap<readonly DbClusterItem[], Map<string, readonly Database[]>>
>();

/** In-scope instances and clusters, joined by (account, region, id) through a map. Read-only. */
export function databases(
  instances: readonly DbInstanceItem[],
  clusters: readonly DbClusterItem[],
  ctx: CheckContext,
): readonly Database[] {
  return shared(
    instances,
    clusters,
    ctx.scopeKey,
    () => findDatabases(instances, clusters, ctx),
    databaseLists,
  );
}

function findDatabases(
  instances: readonly DbInstanceItem[],
  clusters: readonly DbClusterItem[],
  ctx: CheckContext,
): Database[] {
  const byKey = new Map(clusters.map((c) => [key(c.account, c.region, c.id), c]));
  const out: Database[] = [];
  for (const c of clusters) {
    if (
      ctx.inScope({
        type: DB_CLUSTER,
        id: c.id,
        arn: c.arn,
        account: c.account,
        region: c.region,
        tags: c.tags,
      })
    ) {
      out.push({ kind: 'cluster', item: c, ref: clusterRef(c) });
    }
  }
  for (const i of instances) {
    if (
      !ctx.inScope({
        type: DB_INSTANCE,
        id: i.id,
        arn: i.arn,
        account: i.account,
        region: i.region,
        tags: i.tags,
      })
    ) {
      continue;
    }
    if (i.clusterId) {
      out.push({
        kind: 'member',
        item: i,
        ref: instanceRef(i),
        cluster: byKey.get(key(i.account, i.region, i.clusterId)),
      });
    } else {
      out.push({ kind: 'instance', item: i, ref: instanceRef(i) });
    }
  }
  return out;
}

/** The `readReplicas` option several database checks share: skip read replicas or judge them too. */
export function readReplicasOption(defaultMode: 'skip' | 'judge', why: string) {
  return Type.Union([Type.Literal('skip'), Type.Literal('judge')], {
    default: defaultMode,
    description: `Read replicas: ${why}`,
  });
}
