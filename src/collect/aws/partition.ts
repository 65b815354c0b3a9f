// One (account, region) being read: its clients and a memo of shared lists, so that every list is fetched
// once however many facts need it. Plus the small helpers the RDS and Backup readers share.
import type { BackupClient } from '@aws-sdk/client-backup';
import type { RDSClient } from '@aws-sdk/client-rds';
import type { FactItem, FactName } from '../../snapshot/facts.js';
import type { CollectNeeds } from '../types.js';
import { MalformedResponseError, withOp } from './errors.js';

export interface Partition {
  account: string;
  region: string;
  rds: RDSClient;
  backup: BackupClient;
  now: Date;
  needs: CollectNeeds;
  /** The result of `load`, computed once per key in this partition (failures are shared too). */
  once<T>(key: string, load: () => Promise<T>): Promise<T>;
}

export type Reader<K extends FactName> = (p: Partition) => Promise<FactItem<K>[]>;

export function memo(): Partition['once'] {
  const cache = new Map<string, Promise<unknown>>();
  return <T>(key: string, load: () => Promise<T>) => {
    let hit = cache.get(key) as Promise<T> | undefined;
    if (!hit) {
      hit = load();
      hit.catch(() => {}); // observed by every caller; keep Node from calling it unhandled
      cache.set(key, hit);
    }
    return hit;
  };
}

/** RDS MaxRecords allows 20..100; AWS Backup MaxResults up to 1000. Always ask for the most. */
export const RDS_PAGE = 100;
export const BACKUP_PAGE = 1000;
/** A guard against an endpoint that hands out tokens forever. */
const MAX_PAGES = 10_000;

/**
 * Every item of every page, in order. With `map` (and the operation to blame a malformed item on), each
 * page is mapped as it arrives, so only the fields checks read are kept, never a whole list of SDK objects.
 */
export async function drain<P, T, R = T>(
  pages: AsyncIterable<P>,
  items: (page: P) => T[] | undefined,
  map?: { operation: string; item: (t: T) => R },
): Promise<R[]> {
  const out: R[] = [];
  let n = 0;
  for await (const page of pages) {
    const list = items(page) ?? [];
    if (map)
      withOp(map.operation, () => {
        for (const t of list) out.push(map.item(t));
      });
    else for (const t of list) out.push(t as unknown as R);
    if (++n >= MAX_PAGES) throw new MalformedResponseError(`more than ${MAX_PAGES} pages`);
  }
  return out;
}

/** A field the API always returns; its absence means the response is not what it claims to be. */
export function need<T>(value: T | undefined | null, what: string): T {
  if (value === undefined || value === null || value === '') {
    throw new MalformedResponseError(`response item without ${what}`);
  }
  return value;
}

export const iso = (d: Date | undefined): string | undefined =>
  d instanceof Date && !Number.isNaN(d.getTime()) ? d.toISOString() : undefined;

/** A copy without undefined properties, so snapshots hold only what AWS said. (A copy, not `delete`:
 * deleting turns objects into slow, large dictionaries, and there are tens of thousands of them.) */
export function compact<T extends object>(o: T): T {
  const out = {} as T;
  for (const k in o) if (o[k] !== undefined) out[k] = o[k];
  return out;
}

export function tagMap(list: { Key?: string | undefined; Value?: string | undefined }[] | undefined) {
  const tags: Record<string, string> = {};
  for (const t of list ?? []) if (t.Key !== undefined) tags[t.Key] = t.Value ?? '';
  return tags;
}

/** Runs `fn` over every item at once (the clients' semaphore bounds requests); waits for all, then
 * rethrows the first failure so no call outlives its fact. */
export async function each<T, R>(items: readonly T[], fn: (item: T) => Promise<R>): Promise<R[]> {
  const settled = await Promise.allSettled(items.map(fn));
  const failed = settled.find((s) => s.status === 'rejected');
  if (failed) throw (failed as PromiseRejectedResult).reason;
  return settled.map((s) => (s as PromiseFulfilledResult<R>).value);
}

/** Maps the items one operation returned; a malformed item is blamed on that operation. */
export function mapOp<T, R>(operation: string, items: readonly T[], fn: (item: T) => R): R[] {
  return withOp(operation, () => items.map(fn));
}
