// What the simulator's service handlers share: the error they throw (turned into each protocol's error
// document by the server), real pagination with opaque tokens, and the request they are given.

export type Service = 'rds' | 'backup' | 'sts';

export class SimError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** The caller, as the simulator identified it from the SigV4 credential. */
export interface Caller {
  account: string;
  accessKeyId: string;
  /** IAM user name, or the assumed role and session. */
  user?: string;
  role?: { name: string; session: string };
}

export interface SimCall {
  service: Service;
  operation: string;
  region: string;
  caller: Caller;
  /** awsQuery form parameters, or restJson1 query parameters. */
  params: URLSearchParams;
  /** restJson1 path labels. */
  labels: Record<string, string>;
  now: Date;
}

export interface PageLimits {
  min: number;
  max: number;
  default: number;
  sizeParam: string;
  invalidCode: string;
}

/** One page of `items` from an opaque token; the next token only when items remain. */
export function paginate<T>(
  items: readonly T[],
  token: string | null,
  size: string | null,
  limits: PageLimits,
): { page: T[]; next?: string; pageSize: number } {
  const pageSize = size === null ? limits.default : Number(size);
  if (!Number.isInteger(pageSize) || pageSize < limits.min || pageSize > limits.max) {
    throw new SimError(
      400,
      limits.invalidCode,
      `Invalid value ${size} for ${limits.sizeParam}. Must be between ${limits.min} and ${limits.max}.`,
    );
  }
  let offset = 0;
  if (token) {
    const m = /^o(\d+)$/.exec(Buffer.from(token, 'base64url').toString('utf8'));
    if (!m) throw new SimError(400, limits.invalidCode, 'The pagination token is not valid.');
    offset = Number(m[1]);
  }
  const page = items.slice(offset, offset + pageSize);
  const end = offset + page.length;
  return {
    page,
    pageSize,
    ...(end < items.length ? { next: Buffer.from(`o${end}`).toString('base64url') } : {}),
  };
}

export const arn = {
  db: (region: string, account: string, id: string) => `arn:aws:rds:${region}:${account}:db:${id}`,
  cluster: (region: string, account: string, id: string) => `arn:aws:rds:${region}:${account}:cluster:${id}`,
  snapshot: (region: string, account: string, id: string) =>
    `arn:aws:rds:${region}:${account}:snapshot:${id}`,
  clusterSnapshot: (region: string, account: string, id: string) =>
    `arn:aws:rds:${region}:${account}:cluster-snapshot:${id}`,
  backup: (region: string, account: string, kind: string, id: string) =>
    `arn:aws:backup:${region}:${account}:${kind}:${id}`,
};

/** A stable, id-like hex string derived from a seed (no randomness, so runs repeat). */
export function stableId(seed: string, length = 8): string {
  let h = 2166136261;
  let out = '';
  while (out.length < length) {
    for (const ch of `${seed}#${out.length}`) h = Math.imul(h ^ ch.charCodeAt(0), 16777619) >>> 0;
    out += h.toString(16).padStart(8, '0');
  }
  return out.slice(0, length);
}
