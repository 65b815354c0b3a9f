// A local stand-in for the GitHub REST API, for tests and the demo. It answers exactly the endpoints the
// collectors call, in the shapes GitHub publishes (repository, branch protection, rules for a branch,
// environments, deployment branch policies, vulnerability alerts, contents, installation tokens, and the
// check run a gate may create), with pagination by Link headers, and the failures that matter: 401, 403,
// 404, exhausted rate limits (403/429 with x-ratelimit-remaining: 0), 5xx (with an HTML body too), hangs and
// malformed bodies. Listens on 127.0.0.1, port 0.
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SimEnvironment {
  reviewers?: { type: 'User' | 'Team'; name: string }[];
  preventSelfReview?: boolean;
  waitTimerMinutes?: number;
  /** 'protected': protected branches only; a list: custom name patterns; absent: any branch. */
  branchPolicy?: 'protected' | string[];
}

export interface SimRepo {
  defaultBranch?: string;
  private?: boolean;
  /** Whether the caller is a repository admin (default true). Non-admins get 404 for admin-only settings. */
  admin?: boolean;
  /** security_and_analysis, feature name → enabled; hidden from non-admins. */
  security?: Partial<
    Record<'secret_scanning' | 'secret_scanning_push_protection' | 'dependabot_security_updates', boolean>
  >;
  vulnerabilityAlerts?: boolean;
  /** Classic protection of the default branch, in GitHub's response shape (see protectionJson). */
  protection?: Record<string, unknown>;
  /** Active rules for the default branch, in GitHub's response shape (see ruleJson). */
  rules?: Record<string, unknown>[];
  environments?: Record<string, SimEnvironment>;
  files?: Record<string, string>;
}

export interface SimFault {
  /** Matched against the request path (without query). */
  path: string | RegExp;
  /** The status to answer with; ignored when `hang` is set. */
  status: number;
  /** How many times to answer with the fault (default: always). */
  times?: number;
  message?: string;
  headers?: Record<string, string>;
  /** Send this body as it is (e.g. a load balancer's HTML page, or truncated JSON) instead of GitHub's JSON. */
  body?: string;
  /** Content type of `body` (default text/html). */
  contentType?: string;
  /** Never answer; the client's deadline must end the request. */
  hang?: boolean;
  /** Echo the request's Authorization header in the error message, as a badly behaved proxy might. */
  echoAuthorization?: boolean;
}

export interface GitHubSimOptions {
  repos: Record<string, SimRepo>;
  /** Accepted tokens (Authorization: token X / Bearer X); default: any non-empty token. */
  tokens?: string[];
  /** GitHub App id whose JWTs may create installation tokens. */
  appId?: string;
  /** Force small pages (GitHub's own limit is 100). */
  pageSize?: number;
  /** Every request answers this rate-limit error. */
  rateLimit?: { status: 403 | 429; resetInSeconds: number };
  faults?: SimFault[];
}

export interface SimRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  authorization?: string;
}

export interface GitHubSim {
  url: string;
  requests: SimRequest[];
  close(): Promise<void>;
}

const DOCS = 'https://docs.github.com/rest';
const INSTALLATION_TOKEN = 'ghs_simInstallationToken000000000000000';

/** Classic branch protection as GET .../branches/{branch}/protection answers it. */
export function protectionJson(p: {
  approvals?: number | null;
  checks?: string[] | null;
  strict?: boolean;
  enforceAdmins?: boolean;
  allowForcePushes?: boolean;
  allowDeletions?: boolean;
}): Record<string, unknown> {
  const base = 'https://api.github.com/repos/OWNER/REPO/branches/main/protection';
  return {
    url: base,
    ...(p.checks === null
      ? {}
      : {
          required_status_checks: {
            url: `${base}/required_status_checks`,
            strict: p.strict ?? true,
            contexts: p.checks ?? [],
            contexts_url: `${base}/required_status_checks/contexts`,
            checks: (p.checks ?? []).map((context) => ({ context, app_id: null })),
          },
        }),
    ...(p.approvals === null
      ? {}
      : {
          required_pull_request_reviews: {
            url: `${base}/required_pull_request_reviews`,
            dismiss_stale_reviews: true,
            require_code_owner_reviews: false,
            require_last_push_approval: false,
            required_approving_review_count: p.approvals ?? 1,
          },
        }),
    required_signatures: { url: `${base}/required_signatures`, enabled: false },
    enforce_admins: { url: `${base}/enforce_admins`, enabled: p.enforceAdmins ?? true },
    required_linear_history: { enabled: false },
    allow_force_pushes: { enabled: p.allowForcePushes ?? false },
    allow_deletions: { enabled: p.allowDeletions ?? false },
    block_creations: { enabled: false },
    required_conversation_resolution: { enabled: false },
    lock_branch: { enabled: false },
    allow_fork_syncing: { enabled: false },
  };
}

/** One rule as GET .../rules/branches/{branch} answers it. */
export function ruleJson(
  type: string,
  parameters?: Record<string, unknown>,
  ruleset: { id?: number; source?: string; sourceType?: 'Repository' | 'Organization' } = {},
): Record<string, unknown> {
  return {
    type,
    ...(parameters ? { parameters } : {}),
    ruleset_source_type: ruleset.sourceType ?? 'Repository',
    ruleset_source: ruleset.source ?? 'OWNER/REPO',
    ruleset_id: ruleset.id ?? 42,
  };
}

function repositoryJson(full: string, spec: SimRepo, base: string) {
  const [owner, name] = full.split('/') as [string, string];
  const admin = spec.admin ?? true;
  const security = spec.security ?? {};
  return {
    id: Number.parseInt(createHash('sha256').update(full).digest('hex').slice(0, 8), 16),
    node_id: 'R_sim',
    name,
    full_name: full,
    private: spec.private ?? true,
    owner: { login: owner, id: 1, type: 'Organization', url: `${base}/users/${owner}` },
    html_url: `https://github.com/${full}`,
    url: `${base}/repos/${full}`,
    archived: false,
    disabled: false,
    visibility: spec.private === false ? 'public' : 'private',
    default_branch: spec.defaultBranch ?? 'main',
    permissions: { admin, maintain: admin, push: true, triage: true, pull: true },
    ...(admin
      ? {
          security_and_analysis: Object.fromEntries(
            (
              ['secret_scanning', 'secret_scanning_push_protection', 'dependabot_security_updates'] as const
            ).map((k) => [k, { status: security[k] ? 'enabled' : 'disabled' }]),
          ),
        }
      : {}),
  };
}

function environmentJson(full: string, name: string, env: SimEnvironment, base: string) {
  const rules: Record<string, unknown>[] = [];
  if (env.waitTimerMinutes !== undefined) {
    rules.push({ id: 1, node_id: 'GA_wait', type: 'wait_timer', wait_timer: env.waitTimerMinutes });
  }
  if (env.reviewers?.length) {
    rules.push({
      id: 2,
      node_id: 'GA_reviewers',
      type: 'required_reviewers',
      prevent_self_review: env.preventSelfReview ?? false,
      reviewers: env.reviewers.map((r, i) => ({
        type: r.type,
        reviewer:
          r.type === 'User'
            ? { login: r.name, id: 100 + i, type: 'User' }
            : { id: 200 + i, slug: r.name, name: r.name, permission: 'pull' },
      })),
    });
  }
  if (env.branchPolicy) rules.push({ id: 3, node_id: 'GA_branch', type: 'branch_policy' });
  return {
    id: 1000,
    node_id: 'EN_sim',
    name,
    url: `${base}/repos/${full}/environments/${encodeURIComponent(name)}`,
    html_url: `https://github.com/${full}/deployments/activity_log?environments_filter=${encodeURIComponent(name)}`,
    created_at: '2026-01-05T10:00:00Z',
    updated_at: '2026-11-01T10:00:00Z',
    protection_rules: rules,
    deployment_branch_policy: env.branchPolicy
      ? {
          protected_branches: env.branchPolicy === 'protected',
          custom_branch_policies: env.branchPolicy !== 'protected',
        }
      : null,
  };
}

export async function startGitHub(options: GitHubSimOptions): Promise<GitHubSim> {
  const requests: SimRequest[] = [];
  const faults = (options.faults ?? []).map((f) => ({ ...f, left: f.times ?? Number.POSITIVE_INFINITY }));
  let base = '';
  const resetAt = Math.floor(Date.now() / 1000) + (options.rateLimit?.resetInSeconds ?? 3600);

  const send = (
    res: ServerResponse,
    status: number,
    body?: unknown,
    headers: Record<string, string> = {},
  ) => {
    const text = body === undefined ? '' : JSON.stringify(body);
    res.writeHead(status, {
      ...(body === undefined ? {} : { 'content-type': 'application/json; charset=utf-8' }),
      'content-length': Buffer.byteLength(text),
      'x-github-api-version-selected': '2022-11-28',
      'x-ratelimit-limit': '5000',
      'x-ratelimit-remaining': options.rateLimit ? '0' : '4999',
      'x-ratelimit-reset': String(resetAt),
      'x-ratelimit-used': options.rateLimit ? '5000' : '1',
      'x-ratelimit-resource': 'core',
      ...headers,
    });
    res.end(text);
  };
  const notFound = (res: ServerResponse, message = 'Not Found') =>
    send(res, 404, { message, documentation_url: DOCS, status: '404' });

  const page = (res: ServerResponse, url: URL, items: unknown[], wrap?: (slice: unknown[]) => unknown) => {
    const perPage = Math.min(Number(url.searchParams.get('per_page')) || 30, 100, options.pageSize ?? 100);
    const n = Math.max(1, Number(url.searchParams.get('page')) || 1);
    const last = Math.max(1, Math.ceil(items.length / perPage));
    const slice = items.slice((n - 1) * perPage, n * perPage);
    const link = (p: number, rel: string) => {
      const u = new URL(url.href);
      u.searchParams.set('per_page', String(perPage));
      u.searchParams.set('page', String(p));
      return `<${base}${u.pathname}${u.search}>; rel="${rel}"`;
    };
    const links = [
      ...(n > 1 ? [link(n - 1, 'prev'), link(1, 'first')] : []),
      ...(n < last ? [link(n + 1, 'next'), link(last, 'last')] : []),
    ];
    send(res, 200, wrap ? wrap(slice) : slice, links.length ? { link: links.join(', ') } : {});
  };

  const authorized = (req: IncomingMessage): boolean => {
    const h = req.headers.authorization ?? '';
    const m = /^(token|bearer) (.+)$/i.exec(h);
    if (!m) return false;
    const token = m[2] as string;
    if (token === INSTALLATION_TOKEN) return true;
    return options.tokens ? options.tokens.includes(token) : token.length > 0;
  };

  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', base);
    const path = url.pathname;
    requests.push({
      method: req.method ?? 'GET',
      path,
      query: Object.fromEntries(url.searchParams),
      ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}),
    });
    if (options.rateLimit) {
      return send(res, options.rateLimit.status, {
        message: 'API rate limit exceeded for installation. Check out the documentation for more details.',
        documentation_url: 'https://docs.github.com/rest/overview/resources-in-the-rest-api#rate-limiting',
        status: String(options.rateLimit.status),
      });
    }
    const fault = faults.find(
      (f) => f.left > 0 && (typeof f.path === 'string' ? f.path === path : f.path.test(path)),
    );
    if (fault) {
      fault.left--;
      if (fault.hang) return;
      if (fault.body !== undefined) {
        res.writeHead(fault.status, {
          'content-type': fault.contentType ?? 'text/html',
          'content-length': Buffer.byteLength(fault.body),
          ...fault.headers,
        });
        return void res.end(fault.body);
      }
      const echoed = fault.echoAuthorization ? ` (you sent: ${req.headers.authorization ?? 'nothing'})` : '';
      return send(
        res,
        fault.status,
        { message: `${fault.message ?? 'Simulated failure'}${echoed}`, documentation_url: DOCS },
        fault.headers,
      );
    }
    const installation = /^\/app\/installations\/([^/]+)\/access_tokens$/.exec(path);
    if (installation && req.method === 'POST') {
      const jwt = (req.headers.authorization ?? '').replace(/^bearer /i, '');
      const payload = JSON.parse(
        Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString('utf8') || '{}',
      ) as { iss?: unknown };
      if (!options.appId || String(payload.iss) !== options.appId) {
        return send(res, 401, { message: 'A JSON web token could not be decoded', documentation_url: DOCS });
      }
      return send(res, 201, {
        token: INSTALLATION_TOKEN,
        expires_at: new Date(Date.now() + 3600_000).toISOString(),
        permissions: { administration: 'read', contents: 'read', metadata: 'read', actions: 'read' },
        repository_selection: 'selected',
      });
    }
    if (!authorized(req))
      return send(res, 401, { message: 'Bad credentials', documentation_url: DOCS, status: '401' });

    const m = /^\/repos\/([^/]+)\/([^/]+)(\/.*)?$/.exec(path);
    if (m && req.method === 'POST' && m[3] === '/check-runs' && options.repos[`${m[1]}/${m[2]}`]) {
      return send(res, 201, { id: 7, html_url: `https://github.com/${m[1]}/${m[2]}/runs/7` });
    }
    if (!m || req.method !== 'GET') return notFound(res);
    const full = `${m[1]}/${m[2]}`;
    const spec = options.repos[full];
    if (!spec) return notFound(res);
    const rest = m[3] ?? '';
    const admin = spec.admin ?? true;
    const branch = spec.defaultBranch ?? 'main';
    const arg = (m: string[], i: number) => decodeURIComponent(m[i] ?? '');

    const contents = (p: string) => {
      const files = spec.files ?? {};
      const content = files[p];
      if (content !== undefined) {
        const buf = Buffer.from(content, 'utf8');
        const sha = createHash('sha1').update(`blob ${buf.length}\0`).update(buf).digest('hex');
        const self = `${base}/repos/${full}/contents/${p}?ref=${branch}`;
        const html = `https://github.com/${full}/blob/${branch}/${p}`;
        return send(res, 200, {
          type: 'file',
          encoding: 'base64',
          size: buf.length,
          name: p.split('/').pop(),
          path: p,
          content: (buf.toString('base64').match(/.{1,60}/g) ?? []).join('\n'),
          sha,
          url: self,
          git_url: `${base}/repos/${full}/git/blobs/${sha}`,
          html_url: html,
          download_url: `https://raw.githubusercontent.com/${full}/${branch}/${p}`,
          _links: { self, git: `${base}/repos/${full}/git/blobs/${sha}`, html },
        });
      }
      const below = Object.keys(files)
        .filter((f) => f.startsWith(`${p}/`))
        .map((f) => f.slice(p.length + 1).split('/'));
      if (below.length === 0) return notFound(res);
      const names = [...new Set(below.map((parts) => parts[0] as string))].sort();
      const entries = names.map((n) => ({
        type: below.some((parts) => parts[0] === n && parts.length > 1) ? 'dir' : 'file',
        name: n,
        path: `${p}/${n}`,
      }));
      return send(res, 200, entries);
    };

    const routes: [RegExp, (m: string[]) => void][] = [
      [/^$/, () => send(res, 200, repositoryJson(full, spec, base))],
      [
        /^\/branches\/([^/]+)\/protection$/,
        (m) => {
          if (!admin || arg(m, 1) !== branch) return notFound(res);
          return spec.protection ? send(res, 200, spec.protection) : notFound(res, 'Branch not protected');
        },
      ],
      [/^\/rules\/branches\/([^/]+)$/, (m) => page(res, url, arg(m, 1) === branch ? (spec.rules ?? []) : [])],
      [
        /^\/environments\/([^/]+)(\/deployment-branch-policies)?$/,
        (m) => {
          const name = arg(m, 1);
          const env = spec.environments?.[name];
          if (!env) return notFound(res);
          if (!m[2]) return send(res, 200, environmentJson(full, name, env, base));
          const patterns = Array.isArray(env.branchPolicy) ? env.branchPolicy : [];
          const items = patterns.map((p, i) => ({
            id: 500 + i,
            node_id: `DBP_${i}`,
            name: p,
            type: 'branch',
          }));
          return page(res, url, items, (slice) => ({ total_count: items.length, branch_policies: slice }));
        },
      ],
      [
        /^\/vulnerability-alerts$/,
        () => {
          if (!admin || !spec.vulnerabilityAlerts) return notFound(res);
          res.writeHead(204, { 'x-ratelimit-remaining': '4999' });
          res.end();
        },
      ],
      [/^\/contents\/(.+)$/, (m) => contents(arg(m, 1).replace(/\/+$/, ''))],
    ];
    for (const [re, answer] of routes) {
      const m = re.exec(rest);
      if (m) return answer(m);
    }
    return notFound(res);
  };

  const server = createServer(handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: base,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
