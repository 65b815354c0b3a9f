// Terminal summary: grouped by target and control, failures first; colour only when asked for.
import type { Finding, Status } from '../model/types.js';
import { termSafe } from './escape.js';
import type { Report } from './model.js';

export interface TerminalOptions {
  color: boolean;
  /** Also list every passing finding, not just a count per control. */
  verbose?: boolean;
  bundleDir?: string;
}

const MARK: Record<Status, string> = { pass: '✓', fail: '✗', error: '!', skipped: '-', waived: '~' };
const COLOR: Record<Status, number> = { pass: 32, fail: 31, error: 35, skipped: 90, waived: 33 };

export function renderTerminal(report: Report, opts: TerminalOptions): string {
  const paint = (code: number, s: string) => (opts.color ? `\u001b[${code}m${s}\u001b[0m` : s);
  const bold = (s: string) => (opts.color ? `\u001b[1m${s}\u001b[0m` : s);
  const lines: string[] = [];
  lines.push(
    `readiness ${report.tool.version} · run ${report.run.id} · state collected ${report.run.collectedAt}`,
  );
  for (const t of report.targets) {
    lines.push('');
    lines.push(bold(`${termSafe(t.name)}  (${t.stage}; fail or error at ${t.threshold} or above blocks)`));
    const findings = report.findings.filter((f) => f.target === t.name);
    // Each finding is listed once, under its policy's first control.
    const controls = [...new Set(findings.map((f) => f.controls[0] ?? '(none)'))].sort();
    for (const control of controls) {
      const mine = findings.filter((f) => (f.controls[0] ?? '(none)') === control);
      const passed = mine.filter((f) => f.status === 'pass');
      const skipped = mine.filter((f) => f.status === 'skipped').length;
      const counts = `${paint(32, `${passed.length} passed`)}${skipped ? paint(90, ` · ${skipped} skipped`) : ''}`;
      lines.push(`  ${bold(control)}  ${counts}`);
      // Passes and skips are counted; only what needs attention is listed, unless --verbose.
      const shown: Finding[] = opts.verbose
        ? mine
        : mine.filter((f) => f.status !== 'pass' && f.status !== 'skipped');
      for (const f of shown) {
        const tag = paint(COLOR[f.status], `${MARK[f.status]} ${f.status.toUpperCase().padEnd(7)}`);
        const block = f.blocking ? paint(31, ' [blocks]') : '';
        lines.push(
          `    ${tag} ${f.severity.padEnd(8)} ${termSafe(f.policyId)}  ${termSafe(f.resource.id)}${block}`,
        );
        lines.push(`              ${termSafe(f.message)}`);
      }
    }
    for (const e of t.collectionErrors) {
      lines.push(
        paint(
          35,
          `  ! could not read ${e.operation} in ${[e.account, e.region].filter(Boolean).join('/') || 'target'}: ${termSafe(e.code)}`,
        ),
      );
    }
  }
  const expired = report.waivers.filter((w) => w.status !== 'active');
  for (const w of expired) {
    lines.push(
      paint(
        33,
        `waiver ${termSafe(w.id)} (${termSafe(w.policy)} on ${termSafe(w.target)}) is ${w.status} and waives nothing`,
      ),
    );
  }
  const s = report.summary;
  lines.push('');
  lines.push(
    `${s.pass} pass · ${s.fail} fail · ${s.error} error · ${s.skipped} skipped · ${s.waived} waived`,
  );
  const gate = report.gate.decision === 'passed' ? paint(32, 'PASSED') : paint(31, 'BLOCKED');
  lines.push(bold(`Gate: ${gate}`));
  for (const r of report.gate.reasons) lines.push(`  - ${termSafe(r)}`);
  if (opts.bundleDir) lines.push(`Evidence bundle: ${opts.bundleDir}`);
  return `${lines.join('\n')}\n`;
}
