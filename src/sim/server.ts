// The local AWS simulator: one node:http server that speaks RDS and STS (awsQuery) and AWS Backup
// (restJson1) well enough for the real SDK clients, seeded from an estate, with fault injection and a
// log of every request. The caller's account comes from the SigV4 access key, the region and service
// from the credential scope. Used by the tests, `readiness demo` and scripts/sim.ts.
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type BackupView, backupView, handleBackup, matchBackupRoute } from './backup.js';
import { type Caller, type Service, type SimCall, SimError } from './common.js';
import type { Estate } from './estate.js';
import { type FaultKind, type FaultRule, Faults, type RateLimit, type RequestKey } from './faults.js';
import { handleRds, RDS_XMLNS, type RdsView, rdsView } from './rds.js';
import { expiredToken, handleSts, KeyRing, STS_XMLNS } from './sts.js';
import { queryError, queryResponse } from './xml.js';

export interface SimulatorOptions {
  estate: Estate;
  faults?: FaultRule[];
  /** Latency added to every request, in milliseconds. */
  latencyMs?: number;
  rateLimits?: RateLimit[];
  /** The clock relative estate times are resolved against; default the start time. */
  now?: Date;
  /** Default 0 (any free port). The host is always 127.0.0.1. */
  port?: number;
}

export interface SimRequest {
  service: Service | 'unknown';
  operation: string;
  account?: string;
  region?: string;
  accessKeyId?: string;
  /** The page size the request asked for (MaxRecords / MaxResults), if any. */
  pageSize?: number;
  /** HTTP status sent; 0 while pending or when the request was left hanging. */
  status: number;
  fault?: FaultKind | 'rateLimit';
  /** Arrival and answer times (Date.now()); finishedAt is missing for a request left hanging. */
  at: number;
  finishedAt?: number;
}

export interface Simulator {
  url: string;
  /** Every request received, in order of arrival. */
  requests: SimRequest[];
  /** Replace the fault rules (their `times` counters start again). */
  setFaults(rules: FaultRule[]): void;
  close(): Promise<void>;
}

const SERVICES = new Set<string>(['rds', 'backup', 'sts']);
const SCOPE = /Credential=([A-Z0-9]+)\/\d{8}\/([a-z0-9-]+)\/([a-z0-9-]+)\/aws4_request/;
const HTML_503 =
  '<html><head><title>503 Service Temporarily Unavailable</title></head><body><center>' +
  '<h1>503 Service Temporarily Unavailable</h1></center></body></html>';
// What moto (a Flask app) sends for a path it has no route for.
const HTML_404 =
  '<!doctype html>\n<html lang=en>\n<title>404 Not Found</title>\n<h1>Not Found</h1>\n' +
  '<p>The requested URL was not found on the server.</p>\n';

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > 1_000_000) req.destroy(new Error('body too large'));
      else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function startSimulator(options: SimulatorOptions): Promise<Simulator> {
  const { estate } = options;
  const now = options.now ?? new Date();
  const keys = new KeyRing(estate);
  const faults = new Faults(options.faults, options.rateLimits);
  const requests: SimRequest[] = [];
  const hanging = new Set<ServerResponse>();
  const views = new Map<string, { rds: RdsView; backup: BackupView }>();
  const view = (account: string, region: string) => {
    const key = `${account}/${region}`;
    let v = views.get(key);
    if (!v) {
      const regions = estate.accounts[account]?.regions ?? {};
      v = {
        rds: rdsView(regions, account, region, now),
        backup: backupView(regions[region] ?? {}, account, region, now),
      };
      views.set(key, v);
    }
    return v;
  };
  // Build every declared region up front so a bad estate fails at start, not on some request.
  for (const [account, a] of Object.entries(estate.accounts)) {
    for (const region of Object.keys(a.regions)) view(account, region);
  }

  function send(
    res: ServerResponse,
    entry: SimRequest,
    status: number,
    type: string,
    body: string,
    extra = {},
  ) {
    entry.status = status;
    entry.finishedAt = Date.now();
    res.writeHead(status, {
      'content-type': type,
      'content-length': Buffer.byteLength(body),
      'x-amzn-requestid': randomUUID(),
      ...extra,
    });
    res.end(body);
  }

  function sendError(res: ServerResponse, entry: SimRequest, service: string, e: SimError) {
    if (service === 'backup') {
      const body = JSON.stringify({ Code: e.code, Message: e.message });
      send(res, entry, e.status, 'application/json', body, { 'x-amzn-errortype': e.code });
    } else {
      const xmlns = service === 'sts' ? STS_XMLNS : RDS_XMLNS;
      send(res, entry, e.status, 'text/xml', queryError(e.code, e.message, xmlns, randomUUID()));
    }
  }

  function answer(call: SimCall): { type: string; body: string } {
    if (call.service === 'backup') {
      const json = handleBackup(call, view(call.caller.account, call.region).backup);
      return { type: 'application/json', body: JSON.stringify(json) };
    }
    const result =
      call.service === 'sts'
        ? handleSts(call, keys)
        : handleRds(call, view(call.caller.account, call.region).rds);
    const xmlns = call.service === 'sts' ? STS_XMLNS : RDS_XMLNS;
    return { type: 'text/xml', body: queryResponse(call.operation, xmlns, result, randomUUID()) };
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBody(req);
    const url = new URL(req.url ?? '/', 'http://sim');
    const scope = SCOPE.exec(req.headers.authorization ?? '');
    const service = scope && SERVICES.has(scope[3] as string) ? (scope[3] as Service) : undefined;
    let params = url.searchParams;
    let operation = 'unknown';
    let labels: Record<string, string> = {};
    if (service === 'backup') {
      const route = req.method === 'GET' ? matchBackupRoute(url.pathname) : undefined;
      if (route) ({ operation, labels } = route);
    } else if (service) {
      params = new URLSearchParams(body);
      operation = params.get('Action') ?? 'unknown';
    }
    const accessKeyId = scope?.[1];
    const size = params.get('MaxRecords') ?? params.get('maxResults') ?? params.get('MaxResults');
    const entry: SimRequest = {
      service: service ?? 'unknown',
      operation,
      ...(scope ? { region: scope[2] as string, accessKeyId: accessKeyId as string } : {}),
      ...(size !== null ? { pageSize: Number(size) } : {}),
      status: 0,
      at: Date.now(),
    };
    const temp = /^ASIA(\d{12})/.exec(accessKeyId ?? '');
    if (temp) entry.account = temp[1];
    requests.push(entry);
    if (!service || !scope) {
      return sendError(
        res,
        entry,
        'sts',
        new SimError(403, 'MissingAuthenticationToken', 'Request is missing a SigV4 signature.'),
      );
    }
    try {
      if (operation === 'unknown') throw new SimError(404, 'UnknownOperationException', 'Unknown operation.');
      const token = req.headers['x-amz-security-token'];
      const caller: Caller = keys.identify(
        scope[1] as string,
        typeof token === 'string' ? token : undefined,
        service,
      );
      entry.account = caller.account;
      const key: RequestKey = { service, operation, account: caller.account, region: scope[2] as string };
      const { latencyMs, fault, echo } = faults.pick(key);
      const delay = (options.latencyMs ?? 0) + latencyMs;
      if (delay > 0) await sleep(delay);
      if (fault) entry.fault = fault;
      if (!faults.admit(key)) {
        entry.fault = 'rateLimit';
        throw throttled(service);
      }
      const call: SimCall = { service, operation, region: key.region, caller, params, labels, now };
      const echoed = (e: SimError) =>
        echo
          ? new SimError(
              e.status,
              e.code,
              `${e.message} (request: ${req.headers.authorization}; token: ${String(token ?? '')})`,
            )
          : e;
      switch (fault) {
        case 'hang':
          hanging.add(res);
          res.on('close', () => hanging.delete(res));
          return;
        case 'serverError':
          return send(res, entry, 503, 'text/html', HTML_503);
        case 'unimplemented':
          return send(res, entry, 404, 'text/html', HTML_404);
        case 'throttle':
          throw echoed(throttled(service));
        case 'accessDenied':
          throw echoed(
            new SimError(
              403,
              service === 'backup' ? 'AccessDeniedException' : 'AccessDenied',
              `User: arn:aws:iam::${caller.account}:user/sim is not authorized to perform: ${service}:${operation}`,
            ),
          );
        case 'expiredToken':
          throw echoed(expiredToken(service));
        case 'malformed': {
          const ok = answer(call);
          return send(
            res,
            entry,
            200,
            ok.type,
            ok.body.slice(0, Math.max(1, Math.floor(ok.body.length / 2))),
          );
        }
        default: {
          const ok = answer(call);
          return send(res, entry, 200, ok.type, ok.body);
        }
      }
    } catch (err) {
      const e = err instanceof SimError ? err : new SimError(500, 'InternalFailure', String(err));
      sendError(res, entry, service, e);
    }
  }

  const server = createServer((req, res) => {
    handle(req, res).catch(() => res.destroy());
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    setFaults: (rules) => faults.set(rules),
    close: () =>
      new Promise<void>((resolve) => {
        for (const res of hanging) res.destroy();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function throttled(service: Service): SimError {
  return service === 'backup'
    ? new SimError(429, 'ThrottlingException', 'Rate exceeded')
    : new SimError(400, 'Throttling', 'Rate exceeded');
}
