// The http source: a target's status page. Fetched with a deadline, redirects followed by hand up to a bound
// (Node's fetch would follow 20) and bodies read up to a bound (it would read any size). When the page
// publishes the Atlassian Statuspage API (/api/v2/summary.json) its overall indicator and components are
// read too. Could-not-look (DNS, TLS, refused, timeout, 5xx, 429, redirect loops, unreadable API) becomes
// a FactError; a page that answers 4xx is a fact the check judges.
import type { ResolvedTarget } from '../config/schema.js';
import type { FactItem, FactName } from '../snapshot/facts.js';
import type { FactError } from '../snapshot/snapshot.js';
import { TOOL } from '../version.js';
import { classifyNetworkError, describeNetworkFailure, displayUrl } from './net.js';
import type { CollectOptions, SliceResult, SourceCollector } from './types.js';

export interface HttpLimits {
  maxRedirects: number;
  maxBodyBytes: number;
}
export const HTTP_LIMITS: HttpLimits = { maxRedirects: 5, maxBodyBytes: 1024 * 1024 };

export type HttpFailureCode =
  | ReturnType<typeof classifyNetworkError>['code']
  | 'TooManyRedirects'
  | 'RedirectLoop'
  | 'BadRedirect'
  | 'BodyTooLarge';

export class HttpFailure extends Error {
  constructor(
    readonly code: HttpFailureCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'HttpFailure';
  }
}

export interface Fetched {
  finalUrl: string;
  redirects: string[];
  status: number;
  latencyMs: number;
  contentType?: string;
  body: Buffer;
  /** True when the body was longer than the bound and `truncate` allowed cutting it. */
  truncated: boolean;
}

export interface FetchOptions extends Partial<HttpLimits> {
  timeoutMs: number;
  signal?: AbortSignal;
  accept: string;
  /** Cut an oversized body instead of failing (enough for a page whose status is all we need). */
  truncate?: boolean;
  onRequest?: () => void;
}

async function readBody(res: Response, max: number, truncate: boolean, url: string) {
  const declared = Number(res.headers.get('content-length'));
  if (!truncate && Number.isFinite(declared) && declared > max) {
    await res.body?.cancel();
    throw new HttpFailure('BodyTooLarge', `${displayUrl(url)} declares ${declared} bytes; limit is ${max}`);
  }
  const reader = res.body?.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  while (reader) {
    const { done, value } = await reader.read();
    if (done) break;
    if (size + value.byteLength > max) {
      await reader.cancel();
      if (!truncate) {
        throw new HttpFailure('BodyTooLarge', `${displayUrl(url)} sent more than ${max} bytes`);
      }
      chunks.push(value.subarray(0, max - size));
      return { body: Buffer.concat(chunks), truncated: true };
    }
    size += value.byteLength;
    chunks.push(value);
  }
  return { body: Buffer.concat(chunks), truncated: false };
}

/** GET with a deadline over the whole exchange, manual bounded redirects and a bounded body. */
export async function fetchBounded(url: string, o: FetchOptions): Promise<Fetched> {
  const maxRedirects = o.maxRedirects ?? HTTP_LIMITS.maxRedirects;
  const deadline = AbortSignal.timeout(o.timeoutMs);
  const signal = o.signal ? AbortSignal.any([deadline, o.signal]) : deadline;
  const started = performance.now();
  const redirects: string[] = [];
  const seen = new Set<string>();
  let current = url;
  try {
    for (;;) {
      seen.add(current);
      o.onRequest?.();
      const res = await fetch(current, {
        redirect: 'manual',
        signal,
        headers: { accept: o.accept, 'user-agent': `${TOOL.name}/${TOOL.version}` },
      });
      const location = res.headers.get('location');
      if (res.status >= 300 && res.status < 400 && location !== null) {
        await res.body?.cancel();
        const next = new URL(location, current);
        if (next.protocol !== 'http:' && next.protocol !== 'https:') {
          throw new HttpFailure('BadRedirect', `${displayUrl(current)} redirects to a ${next.protocol} URL`);
        }
        if (seen.has(next.href)) {
          throw new HttpFailure('RedirectLoop', `redirect loop at ${displayUrl(next)}`);
        }
        if (redirects.length >= maxRedirects) {
          throw new HttpFailure(
            'TooManyRedirects',
            `more than ${maxRedirects} redirects from ${displayUrl(url)}`,
          );
        }
        redirects.push(next.href);
        current = next.href;
        continue;
      }
      const latencyMs = Math.round(performance.now() - started);
      const max = o.maxBodyBytes ?? HTTP_LIMITS.maxBodyBytes;
      const { body, truncated } = await readBody(res, max, o.truncate ?? false, current);
      const contentType = res.headers.get('content-type') ?? undefined;
      return {
        finalUrl: current,
        redirects,
        status: res.status,
        latencyMs,
        ...(contentType ? { contentType } : {}),
        body,
        truncated,
      };
    }
  } catch (err) {
    if (err instanceof HttpFailure) throw err;
    const failure = classifyNetworkError(err, deadline.aborted);
    const what = failure.code === 'Timeout' ? `no answer within ${o.timeoutMs} ms` : '';
    throw new HttpFailure(
      failure.code,
      `GET ${displayUrl(current)}: ${describeNetworkFailure(failure)}${what ? ` (${what})` : ''}`,
      { cause: err },
    );
  }
}

type StatusPageItem = FactItem<'http.statusPage'>;
type Summary = NonNullable<StatusPageItem['summary']>;

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
const optStr = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** The parts of a Statuspage v2 summary the checks read; undefined when the document is not one. */
export function parseSummary(doc: unknown): Summary | undefined {
  if (!isObj(doc) || !isObj(doc.status) || typeof doc.status.indicator !== 'string') return undefined;
  if (!Array.isArray(doc.components)) return undefined;
  const components = doc.components.filter(isObj);
  const groupNames = new Map(components.filter((c) => c.group === true).map((c) => [c.id, String(c.name)]));
  const page = isObj(doc.page) ? doc.page : {};
  const updatedAt = optStr(page.updated_at);
  return {
    pageName: String(page.name ?? ''),
    ...(updatedAt ? { updatedAt } : {}),
    indicator: doc.status.indicator,
    description: String(doc.status.description ?? ''),
    components: components.map((c) => {
      const group = typeof c.group_id === 'string' ? groupNames.get(c.group_id) : undefined;
      return {
        name: String(c.name),
        status: String(c.status),
        ...(group ? { group } : {}),
        isGroup: c.group === true,
      };
    }),
    scheduledMaintenances: (Array.isArray(doc.scheduled_maintenances) ? doc.scheduled_maintenances : [])
      .filter(isObj)
      .map((m) => {
        const scheduledFor = optStr(m.scheduled_for);
        const scheduledUntil = optStr(m.scheduled_until);
        return {
          name: String(m.name ?? ''),
          status: String(m.status ?? ''),
          ...(scheduledFor ? { scheduledFor } : {}),
          ...(scheduledUntil ? { scheduledUntil } : {}),
        };
      }),
  };
}

/** Where a page's Statuspage API lives: /api/v2/summary.json under the page's path. */
export function summaryUrl(pageUrl: string): string {
  const u = new URL(pageUrl);
  if (!u.pathname.endsWith('/')) u.pathname += '/';
  u.search = '';
  u.hash = '';
  return new URL('api/v2/summary.json', u).href;
}

const PAGE_OP = 'GET {statusPage.url}';
const API_OP = 'GET {statusPage.url}/api/v2/summary.json';
/** Statuses that mean "could not look" rather than "the page is not served". */
const couldNotLook = (status: number) => status >= 500 || status === 408 || status === 429;

async function collectStatusPage(
  target: ResolvedTarget,
  options: CollectOptions,
  limits: HttpLimits,
  calls: Record<string, number>,
): Promise<{ item?: StatusPageItem; error?: Omit<FactError, 'fact' | 'source'> }> {
  const url = target.statusPage?.url;
  if (!url) {
    return {
      error: { operation: PAGE_OP, code: 'NotConfigured', message: 'the target has no statusPage.url' },
    };
  }
  const count = (op: string) => () => {
    calls[op] = (calls[op] ?? 0) + 1;
  };
  const base = {
    timeoutMs: options.timeoutMs,
    ...limits,
    ...(options.signal ? { signal: options.signal } : {}),
  };
  const fail = (operation: string, err: unknown, item?: StatusPageItem) => ({
    ...(item ? { item } : {}),
    error: {
      operation,
      code: err instanceof HttpFailure ? err.code : 'ConnectionFailed',
      message: err instanceof Error ? err.message : String(err),
    },
  });
  let page: Fetched;
  try {
    page = await fetchBounded(url, {
      ...base,
      accept: 'text/html,application/json;q=0.9,*/*;q=0.8',
      truncate: true,
      onRequest: count(PAGE_OP),
    });
  } catch (err) {
    return fail(PAGE_OP, err);
  }
  if (couldNotLook(page.status)) {
    const code = page.status === 429 ? 'RateLimited' : page.status === 408 ? 'Timeout' : 'ServerError';
    return {
      error: {
        operation: PAGE_OP,
        code,
        message: `${displayUrl(page.finalUrl)} answered HTTP ${page.status}`,
      },
    };
  }
  const item: StatusPageItem = {
    url,
    finalUrl: page.finalUrl,
    redirects: page.redirects,
    status: page.status,
    latencyMs: page.latencyMs,
    ...(page.contentType ? { contentType: page.contentType } : {}),
    api: 'none',
  };
  if (page.status < 200 || page.status >= 300) return { item };

  const apiUrl = summaryUrl(page.finalUrl);
  let api: Fetched;
  try {
    api = await fetchBounded(apiUrl, { ...base, accept: 'application/json', onRequest: count(API_OP) });
  } catch (err) {
    return fail(API_OP, err, item);
  }
  item.apiUrl = api.finalUrl;
  item.apiStatus = api.status;
  if (api.status === 404 || api.status === 410) return { item };
  if (api.status < 200 || api.status >= 300) {
    const code = couldNotLook(api.status)
      ? api.status === 429
        ? 'RateLimited'
        : 'ServerError'
      : 'ApiStatus';
    const message = `${displayUrl(api.finalUrl)} answered HTTP ${api.status}`;
    return { item, error: { operation: API_OP, code, message } };
  }
  let doc: unknown;
  try {
    doc = JSON.parse(api.body.toString('utf8'));
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    return {
      item,
      error: { operation: API_OP, code: 'InvalidJson', message: `${displayUrl(api.finalUrl)}: ${why}` },
    };
  }
  const summary = parseSummary(doc);
  if (!summary) {
    return {
      item,
      error: {
        operation: API_OP,
        code: 'UnexpectedShape',
        message: `${displayUrl(api.finalUrl)} is JSON but not a Statuspage summary (no status.indicator or components)`,
      },
    };
  }
  return { item: { ...item, api: 'statuspage', summary } };
}

export function createHttpCollector(limits: Partial<HttpLimits> = {}): SourceCollector {
  const bounds = { ...HTTP_LIMITS, ...limits };
  return {
    source: 'http',
    facts: ['http.statusPage'],
    async collect(target: ResolvedTarget, facts: FactName[], options: CollectOptions): Promise<SliceResult> {
      const calls: Record<string, number> = {};
      if (!facts.includes('http.statusPage')) return { facts: {}, errors: [], calls };
      options.onProgress?.({ target: target.name, source: 'http', phase: 'start' });
      const { item, error } = await collectStatusPage(target, options, bounds, calls);
      options.onProgress?.({ target: target.name, source: 'http', phase: 'done' });
      return {
        facts: { 'http.statusPage': item ? [item] : [] },
        errors: error ? [{ fact: 'http.statusPage', source: 'http', ...error }] : [],
        calls,
      };
    },
  };
}

export const httpCollector: SourceCollector = createHttpCollector();
