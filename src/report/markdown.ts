// report.md: short enough for a pull-request comment or a job summary — the gate first, a table per
// target, then what fails or could not be determined.
import { mdSafe } from './escape.js';
import type { Report } from './model.js';

const ICON = { pass: '✅', fail: '❌', error: '⚠️', skipped: '⏭️', waived: '🟡' } as const;
const MAX_ROWS = 50;

export function renderMarkdown(report: Report): string {
  const out: string[] = [];
  const blocked = report.gate.decision === 'blocked';
  out.push(`## Readiness gate: ${blocked ? '❌ blocked' : '✅ passed'}`);
  out.push('');
  for (const r of report.gate.reasons) out.push(`- ${mdSafe(r)}`);
  if (report.gate.reasons.length) out.push('');
  out.push('| target | stage | blocks at | pass | fail | error | skipped | waived |');
  out.push('| --- | --- | --- | ---: | ---: | ---: | ---: | ---: |');
  for (const t of report.targets) {
    const s = t.summary;
    out.push(
      `| ${mdSafe(t.name)} | ${t.stage} | ${t.threshold} | ${s.pass} | ${s.fail} | ${s.error} | ${s.skipped} | ${s.waived} |`,
    );
  }
  const open = report.findings.filter((f) => f.status === 'fail' || f.status === 'error');
  if (open.length) {
    out.push('');
    out.push('### Failing and undetermined');
    out.push('');
    out.push('| | target | control | policy | resource | finding |');
    out.push('| --- | --- | --- | --- | --- | --- |');
    for (const f of open.slice(0, MAX_ROWS)) {
      out.push(
        `| ${ICON[f.status]}${f.blocking ? ' **blocks**' : ''} | ${mdSafe(f.target)} | ${mdSafe(f.controls.join(', '))} | ${mdSafe(f.policyId)} | ${mdSafe(f.resource.id)} | ${mdSafe(f.message)} |`,
      );
    }
    if (open.length > MAX_ROWS) out.push(`\n…and ${open.length - MAX_ROWS} more in report.json.`);
  }
  const waivers = report.waivers;
  if (waivers.length) {
    out.push('');
    out.push('### Waivers');
    out.push('');
    out.push('| waiver | policy | target | status | expires | ticket | applied to |');
    out.push('| --- | --- | --- | --- | --- | --- | ---: |');
    for (const w of waivers) {
      out.push(
        `| ${mdSafe(w.id)} | ${mdSafe(w.policy)} | ${mdSafe(w.target)} | ${w.status} | ${mdSafe(w.expires)} | ${mdSafe(w.ticket)} | ${w.applied.length} |`,
      );
    }
  }
  out.push('');
  out.push(
    `<sub>readiness ${mdSafe(report.tool.version)} · run ${mdSafe(report.run.id)} · state collected ${mdSafe(report.run.collectedAt)}</sub>`,
  );
  return `${out.join('\n')}\n`;
}
