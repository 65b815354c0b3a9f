// What every source collector takes and returns. Collectors are the only code that does I/O; each returns
// a typed slice of facts plus the errors it met, and never reports an unreadable fact as empty.
import type { ResolvedTarget } from '../config/schema.js';
import type { FactMap, FactName } from '../snapshot/facts.js';
import type { FactError } from '../snapshot/snapshot.js';

export interface ProgressEvent {
  target: string;
  source: string;
  account?: string;
  region?: string;
  phase: 'start' | 'done';
  detail?: string;
  /** On a source's own start event (no account or region): how many (account, region) parts follow. */
  partitions?: number;
}

/** Requests in flight per source and target when neither the configuration nor --concurrency says. */
export const DEFAULT_CONCURRENCY = 32;

export interface CollectOptions {
  /** Bound on concurrent API calls per source. */
  concurrency: number;
  /** Timeout for every single API call, in milliseconds. */
  timeoutMs: number;
  signal?: AbortSignal;
  onProgress?: (e: ProgressEvent) => void;
  /** Environment to read credentials and tokens from (defaults to process.env). */
  env?: NodeJS.ProcessEnv;
  /** The snapshot's collectedAt; windows such as restore jobs are computed from it. */
  now: Date;
  /** Per-fact needs derived from the policies' options, e.g. how far back restore jobs must be read. */
  needs?: CollectNeeds;
}

export interface CollectNeeds {
  /** Days of restore jobs to read (the longest window any enabled policy needs). */
  restoreJobWindowDays?: number;
  /** Repository files (relative paths) that enabled policies read; the repo collector reads only these. */
  repoPaths?: string[];
}

export interface SliceResult {
  facts: Partial<FactMap>;
  errors: FactError[];
  /** Calls made, per operation ("rds:DescribeDBInstances": 3). */
  calls: Record<string, number>;
}

export interface SourceCollector {
  source: string;
  /** The facts this collector can produce. */
  facts: readonly FactName[];
  collect(target: ResolvedTarget, facts: FactName[], options: CollectOptions): Promise<SliceResult>;
}
