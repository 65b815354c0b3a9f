// Hostile strings from the estate, end to end: the simulator serves a database whose identifier and tags,
// and a backup plan, selection and default branch whose names, carry HTML, a CDATA end, ANSI escapes (colour
// and an OSC hyperlink), a workflow command, a newline and a pipe. `readiness check` runs inside "GitHub
// Actions" (annotations on stdout, the job summary appended to a file), and every output and bundle file is
// checked for what would break out in its own format. test/report-formats.test.ts proves the renderers on a
// built report; this proves the strings survive the real path (SDK → collector → snapshot → every format).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../src/report/model.js';
import { protectionJson } from '../src/sim/github.js';
import type { Estate } from '../src/sim/index.js';
import { bundleIn } from './helpers/bundles.js';
import { type CliResult, runCli } from './helpers/cli.js';
import {
  ACCOUNT,
  CREDENTIALS as C,
  CREDENTIALS,
  endpointsOf,
  liveProject,
  REGION,
  type StandIns,
  startStandIns,
  verifyExit,
} from './helpers/live.js';
import type { TempProject } from './helpers/project.js';

const ESC = '\u001b';
/** What follows the newline: a line that starts with it would mean the newline got through. */
const AFTER_NEWLINE = 'nextline';
const evil = (tag: string) =>
  `${tag}<script>window.__pwned=1</script><img src=x onerror="window.__pwned=2">]]>|pipe|` +
  `${ESC}[31mred${ESC}]8;;http://evil.example${ESC}\\link${ESC}]8;;${ESC}\\` +
  `::error::pwned\n${AFTER_NEWLINE} %0A::warning::again`;
const DB = evil('db');
const PLAN = evil('plan');
const SELECTION = evil('selection');
const BRANCH = evil('main');

function hostileEstate(): Estate {
  return {
    users: [{ accessKeyId: C.AWS_ACCESS_KEY_ID, account: ACCOUNT, name: 'ci' }],
    accounts: {
      [ACCOUNT]: {
        roles: [{ name: 'readiness-read' }],
        regions: {
          [REGION]: {
            instances: [
              // Fails retention and is in no plan: its id and tags reach every failing-finding format.
              { id: DB, backupRetentionDays: 1, tags: { owner: evil('tag'), [evil('key')]: 'x' } },
              // Passes, protected by the hostile plan and selection: their names reach the pass message.
              { id: 'orders-db', backupRetentionDays: 35, tags: { backup: 'true' } },
            ],
            backupPlans: [
              {
                name: PLAN,
                rules: [{ name: evil('rule'), vault: 'main', schedule: 'cron(0 3 ? * * *)' }],
                selections: [{ name: SELECTION, listOfTags: [{ key: 'backup', value: 'true' }] }],
              },
            ],
            vaults: [{ name: 'main' }],
          },
        },
      },
    },
  };
}

const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'];

let stand: StandIns;
let project: TempProject;
let browser: Browser;
let run: CliResult;
let bundle: string;
let summary: string;
const file = (name: string) => readFileSync(path.join(bundle, name), 'utf8');

beforeAll(async () => {
  stand = await startStandIns({
    estate: hostileEstate(),
    repo: {
      defaultBranch: BRANCH,
      protection: protectionJson({ approvals: 0, checks: [evil('check')], allowForcePushes: true }),
    },
  });
  project = liveProject(endpointsOf(stand), { timeoutMs: 5000 });
  project.write('summary.md', '# earlier step\n');
  run = await runCli(['check', '--out', 'out', '--verbose'], {
    cwd: project.dir,
    env: {
      ...CREDENTIALS,
      GITHUB_ACTIONS: 'true',
      GITHUB_STEP_SUMMARY: path.join(project.dir, 'summary.md'),
    },
  });
  bundle = bundleIn(project.dir, 'out');
  summary = readFileSync(path.join(project.dir, 'summary.md'), 'utf8');
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await stand?.close();
  project?.cleanup();
});

/** Lines of a text that begin with something only a broken-out newline could put there. */
const brokenLines = (text: string) =>
  text.split('\n').filter((l) => l.startsWith(AFTER_NEWLINE) || l.trimStart().startsWith(' %0A'));

describe('hostile names from the estate', () => {
  it('reach the findings as data: the gate fails on them, the bundle verifies', async () => {
    expect(run.code, run.stderr).toBe(1);
    const report = JSON.parse(file('report.json')) as Report;
    const ids = report.findings.map((f) => f.resource.id);
    expect(ids).toContain(DB);
    expect(ids).toContain(`thesmios/platform@${BRANCH}`);
    const protectedBy = report.findings.find((f) => f.messageId === 'protected');
    expect(protectedBy?.message).toContain(PLAN);
    expect(protectedBy?.message).toContain(SELECTION);
    expect((await verifyExit(project.dir, bundle)).code).toBe(0);
  });

  it('terminal and annotations: no escape sequence, no line the estate started, only our own workflow commands', () => {
    const out = run.stdout;
    expect(out).toContain(`pwned ${AFTER_NEWLINE}`); // the newline is there, as a space
    expect(out).not.toContain(ESC);
    expect(out).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
    expect(brokenLines(out)).toEqual([]);
    const commands = out.split('\n').filter((l) => l.startsWith('::'));
    const report = JSON.parse(file('report.json')) as Report;
    const open = report.findings.filter((f) => f.status === 'fail' || f.status === 'error');
    expect(commands).toHaveLength(open.length);
    for (const line of commands) {
      // ::error file=…,line=…,col=…,title=…::message — properties escape ':' and ',', so the first '::'
      // after the command name ends them; the message carries no raw newline to start another command.
      expect(line).toMatch(/^::(error|warning) file=[^:,]+,line=\d+,col=\d+,title=[^:,]*::[^\n]*$/);
    }
    expect(out).toContain('::error::pwned'); // the estate's text, shown mid-line as data
    expect(out.split('\n').filter((l) => l.includes('::error::pwned') && l.startsWith('::error::'))).toEqual(
      [],
    );
    expect(run.stderr).not.toContain(ESC);
  });

  it('report.md and the job summary: no HTML, no command, every table row keeps its cells', () => {
    expect(summary.startsWith('# earlier step\n## Readiness gate')).toBe(true);
    for (const [name, md] of [
      ['report.md', file('report.md')],
      ['summary', summary],
    ] as const) {
      expect(md, name).not.toMatch(/<(script|img|iframe)/i);
      expect(md, name).not.toContain(ESC);
      expect(md, name).not.toContain(']]>');
      expect(brokenLines(md), name).toEqual([]);
      expect(
        md.split('\n').filter((l) => l.startsWith('::')),
        name,
      ).toEqual([]);
      let cells: number | undefined;
      for (const line of md.split('\n')) {
        if (!line.startsWith('|')) {
          cells = undefined;
          continue;
        }
        // Cells are split by pipes that are not escaped; a row with more than its header broke out.
        const n = line.split(/(?<!\\)\|/).length;
        cells ??= n;
        expect(n, `${name}: ${line}`).toBe(cells);
      }
      expect(md, name).toContain('db&lt;script&gt;');
      expect(md, name).toContain(`pwned ${AFTER_NEWLINE}`);
    }
  });

  it('report.html: shown as text in a real browser, nothing runs, nothing is fetched', async () => {
    const html = file('report.html');
    expect(html).not.toMatch(/<(script|img|iframe|object)\b/i);
    expect(html).not.toContain(ESC);
    const page = await browser.newPage();
    const requests: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    const url = pathToFileURL(path.join(bundle, 'report.html')).href;
    await page.goto(url, { waitUntil: 'load' });
    expect(requests).toEqual([url]);
    expect(await page.evaluate('window.__pwned')).toBeUndefined();
    expect(await page.locator('script, img, iframe, object').count()).toBe(0);
    const text = (await page.locator('body').textContent()) ?? '';
    expect(text).toContain('db<script>window.__pwned=1</script>');
    expect(text).toContain('plan<script>');
    await page.close();
  });

  it('junit.xml: well-formed for a strict XML parser, the names kept as attribute text', async () => {
    const xml = file('junit.xml');
    expect(xml).not.toContain(ESC);
    const page = await browser.newPage();
    const parsed = (await page.evaluate(`((xml) => {
      const doc = new DOMParser().parseFromString(xml, 'application/xml');
      const bad = doc.querySelector('parsererror');
      if (bad) return { error: bad.textContent };
      return { names: [...doc.querySelectorAll('testcase')].map((c) => c.getAttribute('name')) };
    })(${JSON.stringify(xml)})`)) as { error?: string; names?: string[] };
    await page.close();
    expect(parsed.error).toBeUndefined();
    expect(parsed.names?.some((n) => n.startsWith('db<script>') && n.includes(']]>|pipe|'))).toBe(true);
  });

  it('results.sarif, report.json, snapshot.json, inputs.json: valid JSON holding the names verbatim', () => {
    const sarif = JSON.parse(file('results.sarif'));
    const texts = sarif.runs[0].results.map((r: { message: { text: string } }) => r.message.text);
    expect(texts.some((t: string) => t.includes(DB))).toBe(true);
    const snapshot = JSON.parse(file('snapshot.json'));
    const instances = snapshot.targets[0].facts['aws.rds.instances'] as { id: string }[];
    expect(instances.map((i) => i.id)).toContain(DB);
    JSON.parse(file('inputs.json'));
    JSON.parse(file('manifest.json'));
  });
});
