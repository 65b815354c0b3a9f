// The http collector against the local Statuspage stand-in, through Node's real fetch.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpCollector, httpCollector, summaryUrl } from '../src/collect/http.js';
import { classifyNetworkError } from '../src/collect/net.js';
import type { CollectOptions } from '../src/collect/types.js';
import { target } from '../src/kit/builders.js';
import { type StatusPageScenario, type StatusPageSim, startStatusPage } from '../src/sim/statuspage.js';
import { snapshotErrors } from './helpers/snapshot.js';

const options = (over: Partial<CollectOptions> = {}): CollectOptions => ({
  concurrency: 4,
  timeoutMs: 2_000,
  now: new Date('2026-11-29T12:00:00Z'),
  ...over,
});
const collectFrom = (url: string, over: Partial<CollectOptions> = {}) =>
  httpCollector.collect(target({ statusPage: { url } }), ['http.statusPage'], options(over));

describe('http collector', { timeout: 10_000 }, () => {
  let sim: StatusPageSim;
  beforeAll(async () => {
    sim = await startStatusPage();
  });
  afterAll(() => sim.close());
  const at = (scenario: StatusPageScenario) => {
    sim.setScenario(scenario);
    return collectFrom(sim.url);
  };

  it('reads an operational page and its Statuspage summary', async () => {
    const r = await at('operational');
    expect(r.errors).toEqual([]);
    const page = r.facts['http.statusPage']?.[0];
    expect(page).toMatchObject({ url: sim.url, status: 200, api: 'statuspage', apiStatus: 200 });
    expect(page?.summary?.indicator).toBe('none');
    expect(page?.summary?.components.map((c) => [c.name, c.status, c.group ?? null])).toEqual([
      ['Platform', 'operational', null],
      ['API', 'operational', null],
      ['Verifier API', 'operational', null],
      ['Web app', 'operational', null],
      ['Credential signing', 'operational', 'Platform'],
    ]);
    expect(page?.latencyMs).toBeGreaterThanOrEqual(0);
    expect(r.calls).toEqual({ 'GET {statusPage.url}': 1, 'GET {statusPage.url}/api/v2/summary.json': 1 });
    expect(snapshotErrors(r)).toEqual([]);
  });

  it('reads a major outage', async () => {
    const page = (await at('major-outage')).facts['http.statusPage']?.[0];
    expect(page?.summary?.indicator).toBe('major');
    expect(page?.summary?.components.find((c) => c.name === 'API')?.status).toBe('major_outage');
    expect(page?.summary?.components.find((c) => c.name === 'Verifier API')?.status).toBe('operational');
  });

  it('reads maintenance in progress', async () => {
    const page = (await at('maintenance')).facts['http.statusPage']?.[0];
    expect(page?.summary?.indicator).toBe('maintenance');
    expect(page?.summary?.scheduledMaintenances[0]).toMatchObject({ status: 'in_progress' });
  });

  it('records 503 as could-not-look', async () => {
    const r = await at('server-error');
    expect(r.facts['http.statusPage']).toEqual([]);
    expect(r.errors).toMatchObject([{ fact: 'http.statusPage', code: 'ServerError' }]);
  });

  it('gives up on a page that never answers at the deadline', async () => {
    sim.setScenario('hang');
    const started = Date.now();
    const r = await collectFrom(sim.url, { timeoutMs: 300 });
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(r.errors).toMatchObject([{ code: 'Timeout' }]);
  });

  it('stops a redirect loop', async () => {
    const r = await at('redirect-loop');
    expect(r.errors).toMatchObject([{ code: 'RedirectLoop' }]);
    expect(sim.requests.length).toBeLessThan(100);
  });

  it('stops an endless redirect chain after the bound', async () => {
    sim.requests.length = 0;
    const r = await at('redirect-chain');
    expect(r.errors).toMatchObject([{ code: 'TooManyRedirects' }]);
    expect(sim.requests).toHaveLength(6);
  });

  it('follows a permanent redirect and finds the API under the new path', async () => {
    const page = (await at('moved')).facts['http.statusPage']?.[0];
    expect(page?.finalUrl).toBe(`${sim.url}status/`);
    expect(page?.redirects).toEqual([`${sim.url}status/`]);
    expect(page?.apiUrl).toBe(`${sim.url}status/api/v2/summary.json`);
    expect(page?.api).toBe('statuspage');
  });

  it('stops reading an oversized API body', async () => {
    const started = Date.now();
    const r = await at('oversized');
    expect(r.errors).toMatchObject([{ code: 'BodyTooLarge' }]);
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('honours a smaller body bound', async () => {
    sim.setScenario('operational');
    const r = await createHttpCollector({ maxBodyBytes: 100 }).collect(
      target({ statusPage: { url: sim.url } }),
      ['http.statusPage'],
      options(),
    );
    expect(r.errors).toMatchObject([
      { code: 'BodyTooLarge', operation: 'GET {statusPage.url}/api/v2/summary.json' },
    ]);
    // the page itself is only cut, not refused: it answered, and its status is recorded
    expect(r.facts['http.statusPage']?.[0]?.status).toBe(200);
  });

  it('records invalid JSON from the API as could-not-look', async () => {
    const r = await at('invalid-json');
    expect(r.errors).toMatchObject([{ code: 'InvalidJson' }]);
  });

  it('treats an HTML page whose API answers 404 as a live page without API', async () => {
    const r = await at('html-only');
    expect(r.errors).toEqual([]);
    expect(r.facts['http.statusPage']?.[0]).toMatchObject({ status: 200, api: 'none', apiStatus: 404 });
    expect(r.facts['http.statusPage']?.[0]?.summary).toBeUndefined();
  });

  it('records a page that answers 404 as a fact (the check fails it)', async () => {
    const r = await at('not-found');
    expect(r.errors).toEqual([]);
    expect(r.facts['http.statusPage']?.[0]).toMatchObject({ status: 404, api: 'none' });
  });

  it('names DNS failures', async () => {
    const r = await collectFrom('http://status.readiness-test.invalid/', { timeoutMs: 3_000 });
    expect(r.errors).toMatchObject([{ code: 'DnsFailure' }]);
    expect(r.errors[0]?.message).toMatch(/ENOTFOUND|EAI_AGAIN|EAI_NONAME|EAI_FAIL/);
  });

  it('names refused connections', async () => {
    const closed = await startStatusPage();
    await closed.close();
    const r = await collectFrom(closed.url);
    expect(r.errors).toMatchObject([{ code: 'ConnectionRefused' }]);
  });

  it('records a target without a status page URL as an error', async () => {
    const r = await httpCollector.collect(target(), ['http.statusPage'], options());
    expect(r.errors).toMatchObject([{ code: 'NotConfigured' }]);
  });

  it('keeps credentials in the URL out of messages', async () => {
    sim.setScenario('server-error');
    const url = sim.url.replace('http://', 'http://user:s3cr3t-pass@');
    const r = await collectFrom(url);
    expect(JSON.stringify(r)).not.toContain('s3cr3t-pass');
  });

  it('puts the summary next to the page path', () => {
    expect(summaryUrl('https://status.example.com')).toBe('https://status.example.com/api/v2/summary.json');
    expect(summaryUrl('https://example.com/status?x=1')).toBe(
      'https://example.com/status/api/v2/summary.json',
    );
  });
});

describe('TLS failures', { timeout: 10_000 }, () => {
  let dir: string | undefined;
  let tls: { key: string; cert: string } | undefined;
  beforeAll(() => {
    try {
      dir = mkdtempSync(join(tmpdir(), 'readiness-tls-'));
      execFileSync(
        'openssl',
        ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1'].concat([
          '-keyout',
          join(dir, 'key.pem'),
          '-out',
          join(dir, 'cert.pem'),
        ]),
        { stdio: 'ignore', timeout: 10_000 },
      );
      tls = {
        key: readFileSync(join(dir, 'key.pem'), 'utf8'),
        cert: readFileSync(join(dir, 'cert.pem'), 'utf8'),
      };
    } catch {
      tls = undefined;
    }
  });
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('names a self-signed certificate as a TLS failure', async (ctx) => {
    if (!tls) ctx.skip();
    const sim = await startStatusPage({ tls });
    try {
      const r = await collectFrom(sim.url);
      expect(r.errors).toMatchObject([{ code: 'TlsFailure' }]);
      expect(r.errors[0]?.message).toMatch(/SELF_SIGNED|CERT/);
    } finally {
      await sim.close();
    }
  });

  it('classifies low-level codes', () => {
    const fetchError = (code: string) => Object.assign(new TypeError('fetch failed'), { cause: { code } });
    expect(classifyNetworkError(fetchError('CERT_HAS_EXPIRED')).code).toBe('TlsFailure');
    expect(classifyNetworkError(fetchError('ERR_TLS_CERT_ALTNAME_INVALID')).code).toBe('TlsFailure');
    expect(classifyNetworkError(fetchError('EAI_AGAIN')).code).toBe('DnsFailure');
    expect(classifyNetworkError(fetchError('UND_ERR_CONNECT_TIMEOUT')).code).toBe('Timeout');
    expect(classifyNetworkError(fetchError('ECONNRESET')).code).toBe('ConnectionFailed');
  });
});
