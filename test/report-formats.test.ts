// report.html in a real headless Chromium (no request but the file, no console error, hostile names shown
// as text and never run, a screenshot), junit.xml through Chromium's XML parser, and results.sarif
// against the official SARIF 2.1.0 JSON Schema.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderHtml } from '../src/report/html.js';
import { renderJunit } from '../src/report/junit.js';
import type { Report } from '../src/report/model.js';
import { fileUri, renderSarif } from '../src/report/sarif.js';
import { createAjv } from '../src/util/ajv.js';
import { HOSTILE, hostileReport } from './helpers/hostile-report.js';

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

let browser: Browser;
let dir: string;
const report: Report = hostileReport();

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'readiness-html-'));
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
});
afterAll(async () => {
  await browser?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function openPage(): Promise<{ page: Page; requests: string[]; problems: string[]; url: string }> {
  const file = path.join(dir, 'report.html');
  writeFileSync(file, renderHtml(report));
  const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
  const requests: string[] = [];
  const problems: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  const url = pathToFileURL(file).href;
  await page.goto(url, { waitUntil: 'load' });
  return { page, requests, problems, url };
}

describe('report.html in headless Chromium', () => {
  it('makes no request but the file itself, logs no error, and runs nothing from the estate', async () => {
    const { page, requests, problems, url } = await openPage();
    expect(requests).toEqual([url]);
    expect(problems).toEqual([]);
    expect(await page.evaluate('window.__pwned')).toBeUndefined();
    expect(await page.locator('script, img, iframe, object, link[rel=stylesheet]').count()).toBe(0);
    expect(await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content')).toBe(
      "default-src 'none'; style-src 'unsafe-inline'",
    );
    // The hostile name is shown as text, verbatim apart from the ANSI sequence (dropped).
    const text = await page.locator('body').textContent();
    expect(text).toContain(
      'evil<script>window.__pwned=1</script><img src=x onerror="window.__pwned=2">]]>|x',
    );
    expect(text).toContain('::error::pwnedred%0A');
    expect(text).not.toContain('\u001b');
    await page.close();
  });

  it('shows the gate first, charts per stage and control, findings with evidence, waivers, errors and the run', async () => {
    const { page } = await openPage();
    const gate = page.locator('.gate');
    expect(await gate.textContent()).toContain('Gate: BLOCKED');
    expect(await gate.textContent()).toContain('acme-prod: 3 failing finding(s) at or above low');
    // The gate comes before everything else in the main column.
    const order = await page.evaluate(
      "document.querySelector('.gate').compareDocumentPosition(document.getElementById('summary')) & Node.DOCUMENT_POSITION_FOLLOWING",
    );
    expect(order).toBeTruthy();
    expect(await page.locator('svg.chart').count()).toBe(2);
    expect(await page.locator('svg[aria-label="Findings by stage"] text').allTextContents()).toEqual(
      expect.arrayContaining(['private-beta acme-beta', 'production-enterprise acme-prod']),
    );
    expect(await page.locator('svg[aria-label="Findings by control"]').innerHTML()).toContain('SL-BETA');
    expect(await page.locator('#controls + section h3').first().textContent()).toContain('SL-BACKUPS');
    const failing = page.locator('article.finding', { hasText: 'orders-db' }).first();
    expect(await failing.textContent()).toContain('Remediation: Raise BackupRetentionPeriod.');
    expect(await failing.locator('details pre').textContent()).toContain('"backupRetentionPeriod": 1');
    const waivers = await page
      .locator('#waivers + p + table tbody tr')
      .evaluateAll((rows) =>
        rows.map((r) =>
          [...(r as unknown as { cells: { textContent: string }[] }).cells].map((c) => c.textContent),
        ),
      );
    expect(waivers.map((cells) => [cells[3], cells[4]])).toEqual([
      ['active', '2027-03-31'],
      ['expired', '2026-10-01'],
    ]);
    expect(await page.locator('#errors + table').textContent()).toContain('AccessDenied');
    const run = await page.locator('#run').locator('..').textContent();
    expect(run).toContain('arn:aws:sts::111111111111:assumed-role/readiness-read/run');
    expect(run).toContain('sha256:00aa');
    expect(run).toContain(`readiness ${report.tool.version}`);
    expect(run).toContain('2026-11-29T12:00:00.000Z');

    // Print: the navigation goes, evidence is laid out in full.
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('nav').isVisible()).toBe(false);
    await page.emulateMedia({ media: 'screen' });

    const shot = path.join(dir, 'report.png');
    await page.screenshot({ path: shot, fullPage: true });
    const repo = path.resolve(import.meta.dirname, '..', '.tmp');
    mkdirSync(repo, { recursive: true });
    await page.screenshot({ path: path.join(repo, 'report-html.png'), fullPage: true });
    expect(statSync(shot).size).toBeGreaterThan(20_000);
    await page.close();
  });
});

interface Junit {
  error?: string;
  root: string;
  totals: Record<string, string>;
  suites: {
    name: string;
    props: string[];
    cases: { classname: string; name: string; outcome: string; message: string | null; body: string }[];
  }[];
}

/** Runs in the page: Chromium's own XML parser reads the file as a JUnit consumer would. */
const PARSE_JUNIT = `(xml) => {
  const doc = new DOMParser().parseFromString(xml, 'application/xml');
  const bad = doc.querySelector('parsererror');
  if (bad) return { error: bad.textContent };
  const root = doc.documentElement;
  const attrs = (el, names) => Object.fromEntries(names.map((n) => [n, el.getAttribute(n)]));
  return {
    root: root.tagName,
    totals: attrs(root, ['tests', 'failures', 'errors', 'skipped']),
    suites: [...doc.querySelectorAll('testsuite')].map((s) => ({
      ...attrs(s, ['name', 'tests', 'failures', 'errors', 'skipped']),
      props: [...s.querySelectorAll('property')].map((p) => p.getAttribute('name') + '=' + p.getAttribute('value')),
      cases: [...s.querySelectorAll('testcase')].map((c) => ({
        classname: c.getAttribute('classname'),
        name: c.getAttribute('name'),
        outcome: c.firstElementChild ? c.firstElementChild.tagName : 'pass',
        message: c.firstElementChild ? c.firstElementChild.getAttribute('message') : null,
        body: c.firstElementChild ? c.firstElementChild.textContent : '',
      })),
    })),
  };
}`;

describe('junit.xml', () => {
  it('is well-formed XML of the common JUnit shape with a case per finding', async () => {
    const page = await browser.newPage();
    const parsed = (await page.evaluate(`(${PARSE_JUNIT})(${JSON.stringify(renderJunit(report))})`)) as Junit;
    await page.close();
    expect(parsed.error).toBeUndefined();
    expect(parsed.root).toBe('testsuites');
    expect(parsed.totals).toEqual({ tests: '7', failures: '3', errors: '1', skipped: '1' });
    const prod = parsed.suites.find((x) => x.name === 'acme-prod')!;
    const beta = parsed.suites.find((x) => x.name === 'acme-beta');
    expect(parsed.suites.map((x) => x.name)).toEqual(['acme-prod', 'acme-beta']);
    expect(beta).toMatchObject({ name: 'acme-beta', tests: '1', failures: '0', errors: '0', skipped: '0' });
    expect(prod).toMatchObject({ name: 'acme-prod', tests: '6', failures: '3', errors: '1', skipped: '1' });
    expect(prod.props).toContain('stage=production-enterprise');
    const outcome = Object.fromEntries(prod.cases.map((c) => [c.name, [c.classname, c.outcome]]));
    expect(outcome['orders-db']).toEqual(['acme-prod.backups.retention', 'failure']);
    expect(outcome['billing-db']).toEqual(['acme-prod.backups.retention', 'pass']);
    expect(outcome['reporting-copy']).toEqual(['acme-prod.backups.retention', 'skipped']);
    expect(outcome['aws.rds.instances@222222222222/eu-west-2']?.[1]).toBe('error');
    const waived = prod.cases.find((c) => c.name === 'reporting-copy');
    expect(waived?.message).toBe(
      'waived until 2027-03-31 (SEC-0, approved by ciso@thesmios.example): Rebuilt nightly reporting-*',
    );
    // The hostile name survives as data (XML drops the ESC; attribute normalisation turns \n into a space).
    expect(prod.cases.map((c) => c.name)).toContain(HOSTILE.replace('\u001b', '').replace('\n', ' '));
    expect(prod.cases.find((c) => c.name === 'orders-db')?.body).toContain(
      'remediation: Raise BackupRetentionPeriod.',
    );
  });
});

describe('results.sarif', () => {
  const schema = JSON.parse(
    readFileSync(new URL('./fixtures/schemas/sarif-schema-2.1.0.json', import.meta.url), 'utf8'),
  ) as { id: string } & Record<string, unknown>;
  // The official file declares draft-04 but uses nothing draft-07 reads differently; ajv 8 knows draft-07.
  const { $schema: _declared, id, ...rest } = schema;
  const validate = createAjv().compile({ ...rest, $id: id });
  const sarif = JSON.parse(renderSarif(report));

  it('is valid against the official SARIF 2.1.0 JSON Schema', () => {
    const ok = validate(structuredClone(sarif));
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
    expect(sarif.version).toBe('2.1.0');
  });

  it('has a rule per check and a result per fail/error/waived finding, located at its policy', () => {
    const run = sarif.runs[0];
    expect(run.tool.driver.rules.map((r: { id: string }) => r.id)).toEqual(['aws.rds.backup-retention']);
    const rule = run.tool.driver.rules[0];
    expect(rule.shortDescription.text).toBeTruthy();
    expect(rule.fullDescription.text).toBeTruthy();
    expect(rule.help.text).toContain('Policies using this check');
    expect(rule.defaultConfiguration.level).toBe('error');
    expect(run.results).toHaveLength(5);
    const orders = run.results.find((r: { message: { text: string } }) =>
      r.message.text.includes('orders-db'),
    );
    expect(orders.level).toBe('error');
    expect(orders.locations[0].physicalLocation).toEqual({
      artifactLocation: { uri: 'policies/backups.yaml' },
      region: { startLine: 4, startColumn: 1 },
    });
    const finding = report.findings.find((f) => f.resource.id === 'orders-db')!;
    expect(orders.partialFingerprints).toEqual({ 'readinessFinding/v1': finding.id });
    const waived = run.results.find((r: { suppressions?: unknown[] }) => r.suppressions);
    expect(waived.suppressions).toEqual([
      {
        kind: 'external',
        status: 'accepted',
        justification: expect.stringContaining('Rebuilt nightly reporting-* (SEC-0'),
      },
    ]);
  });

  it('turns policy paths into URI references', () => {
    expect(fileUri('policies/beta backups.yaml')).toBe('policies/beta%20backups.yaml');
    expect(fileUri('/abs/p.yaml')).toBe('file:///abs/p.yaml');
  });
});
