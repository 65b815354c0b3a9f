// A local stand-in for an Atlassian Statuspage site, for tests and the demo: an HTML page at / and the
// public API at /api/v2/summary.json, in the shapes Statuspage publishes, plus the ways a status page goes
// wrong (5xx with a load balancer's HTML page, 429 storms, 403, hangs, redirect loops, huge or broken
// bodies, no API at all). Listens on 127.0.0.1, port 0.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo } from 'node:net';

export type StatusPageScenario =
  | 'operational'
  | 'major-outage'
  | 'maintenance'
  | 'server-error'
  | 'rate-limited'
  | 'forbidden'
  | 'hang'
  | 'redirect-loop'
  | 'redirect-chain'
  | 'moved'
  | 'oversized'
  | 'invalid-json'
  | 'html-only'
  | 'not-found';

export interface SimComponent {
  name: string;
  status?: string;
  group?: string;
}

export interface StatusPageOptions {
  scenario?: StatusPageScenario;
  /** Components to publish; default: API, Verifier API, Web app and Credential signing (grouped). */
  components?: SimComponent[];
  pageName?: string;
  /** Serve HTTPS with this key and certificate (PEM), e.g. a self-signed one to test TLS failures. */
  tls?: { key: string; cert: string };
}

export interface StatusPageSim {
  url: string;
  setScenario(s: StatusPageScenario): void;
  /** Requests seen, as "METHOD /path". */
  requests: string[];
  close(): Promise<void>;
}

const DEFAULT_COMPONENTS: SimComponent[] = [
  { name: 'API' },
  { name: 'Verifier API' },
  { name: 'Web app' },
  { name: 'Credential signing', group: 'Platform' },
];
const UPDATED = '2026-11-29T11:58:00.000Z';

function summary(scenario: StatusPageScenario, components: SimComponent[], pageName: string, base: string) {
  const statusOf = (c: SimComponent): string => {
    if (c.status) return c.status;
    if (scenario === 'major-outage' && c.name === 'API') return 'major_outage';
    if (scenario === 'maintenance' && c.name === 'Web app') return 'under_maintenance';
    return 'operational';
  };
  const groups = [...new Set(components.flatMap((c) => (c.group ? [c.group] : [])))];
  const groupId = (g: string) => `grp${groups.indexOf(g)}`;
  const listed = [
    ...groups.map((g, i) => ({
      id: groupId(g),
      name: g,
      status: 'operational',
      created_at: UPDATED,
      updated_at: UPDATED,
      position: i + 1,
      description: null,
      showcase: false,
      start_date: null,
      group_id: null,
      page_id: 'sim0page',
      group: true,
      only_show_if_degraded: false,
      components: components.filter((c) => c.group === g).map((c) => `cmp-${c.name}`),
    })),
    ...components.map((c, i) => ({
      id: `cmp-${c.name}`,
      name: c.name,
      status: statusOf(c),
      created_at: UPDATED,
      updated_at: UPDATED,
      position: groups.length + i + 1,
      description: null,
      showcase: true,
      start_date: '2026-01-01',
      group_id: c.group ? groupId(c.group) : null,
      page_id: 'sim0page',
      group: false,
      only_show_if_degraded: false,
    })),
  ];
  const indicator =
    scenario === 'major-outage' ? 'major' : scenario === 'maintenance' ? 'maintenance' : 'none';
  const description =
    scenario === 'major-outage'
      ? 'Major System Outage'
      : scenario === 'maintenance'
        ? 'Service Under Maintenance'
        : 'All Systems Operational';
  const maintenance = {
    id: 'mnt1',
    name: 'Database engine upgrade',
    status: scenario === 'maintenance' ? 'in_progress' : 'scheduled',
    created_at: '2026-11-20T09:00:00.000Z',
    updated_at: UPDATED,
    monitoring_at: null,
    resolved_at: null,
    impact: 'maintenance',
    shortlink: `${base}/incidents/mnt1`,
    started_at: '2026-11-29T11:00:00.000Z',
    page_id: 'sim0page',
    incident_updates: [],
    scheduled_for: '2026-11-29T11:00:00.000Z',
    scheduled_until: '2026-11-29T13:00:00.000Z',
  };
  return {
    page: { id: 'sim0page', name: pageName, url: base, time_zone: 'Europe/London', updated_at: UPDATED },
    components: listed,
    incidents: [],
    scheduled_maintenances: scenario === 'operational' ? [] : [maintenance],
    status: { indicator, description },
  };
}

const html = (title: string) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title></head>` +
  `<body><h1>${title}</h1><p>All systems operational.</p></body></html>`;

export async function startStatusPage(options: StatusPageOptions = {}): Promise<StatusPageSim> {
  let scenario: StatusPageScenario = options.scenario ?? 'operational';
  const components = options.components ?? DEFAULT_COMPONENTS;
  const pageName = options.pageName ?? 'Thesmios Status';
  const requests: string[] = [];
  let base = '';

  const send = (res: ServerResponse, status: number, type: string, body: string) => {
    res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(body) });
    res.end(body);
  };
  const redirect = (res: ServerResponse, status: number, location: string) => {
    res.writeHead(status, { location, 'content-length': 0 });
    res.end();
  };

  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const path = new URL(req.url ?? '/', base).pathname;
    requests.push(`${req.method} ${path}`);
    if (scenario === 'hang') return; // never answers; the client's deadline must end it
    if (scenario === 'server-error') return send(res, 503, 'text/html', html('503 Service Unavailable'));
    if (scenario === 'rate-limited') {
      res.writeHead(429, { 'content-type': 'text/plain', 'retry-after': '3600', 'content-length': 17 });
      return void res.end('Too Many Requests');
    }
    if (scenario === 'forbidden') return send(res, 403, 'text/html', html('403 Forbidden'));
    if (scenario === 'not-found') return send(res, 404, 'text/html', html('Not found'));
    if (scenario === 'redirect-loop') return redirect(res, 302, path === '/' ? '/status' : '/');
    if (scenario === 'redirect-chain') {
      const n = Number(path.split('/').pop()) || 0;
      return redirect(res, 302, `/hop/${n + 1}`);
    }
    let prefix = '/';
    if (scenario === 'moved') {
      if (path === '/') return redirect(res, 301, '/status/');
      prefix = '/status/';
    }
    if (path === prefix) return send(res, 200, 'text/html; charset=utf-8', html(pageName));
    if (path !== `${prefix}api/v2/summary.json`) return send(res, 404, 'text/plain', 'Not Found');
    if (scenario === 'html-only') return send(res, 404, 'text/html', html('Not found'));
    if (scenario === 'invalid-json') {
      return send(res, 200, 'application/json', '{"page": {"name": "Thesmios Status"}, "status": {');
    }
    if (scenario === 'oversized') {
      // 4 MiB of JSON, chunked, no content-length: the client must stop reading on its own.
      res.writeHead(200, { 'content-type': 'application/json' });
      const chunk = `${' '.repeat(64 * 1024 - 1)}\n`;
      let sent = 0;
      const pump = () => {
        while (sent < 64 && !res.destroyed) {
          sent++;
          if (!res.write(sent === 1 ? `{"pad":"${chunk}` : chunk)) return void res.once('drain', pump);
        }
        if (!res.destroyed) res.end('"}');
      };
      return pump();
    }
    return send(
      res,
      200,
      'application/json; charset=utf-8',
      JSON.stringify(summary(scenario, components, pageName, base)),
    );
  };

  const server = options.tls ? createTlsServer(options.tls, handle) : createServer(handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `${options.tls ? 'https' : 'http'}://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: `${base}/`,
    setScenario(s) {
      scenario = s;
    },
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
