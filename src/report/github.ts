// GitHub Actions output, pure: workflow-command annotations for failing findings and the check-run payload.
// The CLI decides when to print them (GITHUB_ACTIONS=true) and where to send them. Escaping follows the
// runner's rules: in data `%`, `\r`, `\n` are percent-encoded; in properties also `:` and `,`. ANSI and other
// control characters are dropped, so an estate string can neither start a new command nor paint the log.
import type { Finding } from '../model/types.js';
import { renderMarkdown } from './markdown.js';
import type { Report } from './model.js';

const CONTROL =
  /\u001b\[[0-9;?]*[ -/]*[@-~]|\u001b[\]PX^_][^\u0007\u001b]*(\u0007|\u001b\\)?|[\u0000-\u0009\u000b\u000c\u000e-\u001f\u007f-\u009f]/g;

export function escapeData(s: string): string {
  return s.replace(CONTROL, '').replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** GitHub shows at most 10 annotations of each level per step and 50 per job; more only adds noise. */
export const MAX_ANNOTATIONS = 50;

function failing(report: Report): Finding[] {
  const open = report.findings.filter((f) => f.status === 'fail' || f.status === 'error');
  return [...open.filter((f) => f.blocking), ...open.filter((f) => !f.blocking)];
}

export function renderAnnotations(report: Report): string {
  const policies = new Map(report.policies.map((p) => [p.id, p]));
  const open = failing(report);
  const lines = open.slice(0, MAX_ANNOTATIONS).map((f) => {
    const p = policies.get(f.policyId);
    const props = [
      ...(p ? [`file=${escapeProperty(p.file)}`, `line=${p.line}`, `col=${p.col}`] : []),
      `title=${escapeProperty(`${f.status === 'error' ? 'Undetermined' : 'Failing'}: ${f.policyId} on ${f.target}/${f.resource.id}`)}`,
    ];
    const msg = `${f.message}${f.remediation ? `\nRemediation: ${f.remediation}` : ''}`;
    return `::${f.blocking ? 'error' : 'warning'} ${props.join(',')}::${escapeData(msg)}`;
  });
  if (open.length > MAX_ANNOTATIONS) {
    lines.push(
      `::notice::${escapeData(`${open.length - MAX_ANNOTATIONS} more failing finding(s) in report.json`)}`,
    );
  }
  return lines.length ? `${lines.join('\n')}\n` : '';
}

/** The job summary: the Markdown report (already safe for GitHub's renderer). */
export function renderJobSummary(report: Report): string {
  return renderMarkdown(report);
}

const MAX_SUMMARY = 65_000;

export interface CheckRunPayload {
  name: string;
  head_sha: string;
  status: 'completed';
  conclusion: 'success' | 'failure';
  completed_at: string;
  external_id: string;
  output: {
    title: string;
    summary: string;
    annotations: {
      path: string;
      start_line: number;
      end_line: number;
      annotation_level: 'failure' | 'warning';
      title: string;
      message: string;
    }[];
  };
}

export function checkRunPayload(report: Report, headSha: string): CheckRunPayload {
  const policies = new Map(report.policies.map((p) => [p.id, p]));
  const s = report.summary;
  let summary = renderMarkdown(report);
  if (summary.length > MAX_SUMMARY)
    summary = `${summary.slice(0, MAX_SUMMARY)}\n\n…truncated; see the evidence bundle.`;
  const annotations = failing(report)
    .filter((f) => policies.has(f.policyId))
    .slice(0, MAX_ANNOTATIONS)
    .map((f) => {
      const p = policies.get(f.policyId)!;
      return {
        path: p.file.replace(/\\/g, '/'),
        start_line: Math.max(1, p.line),
        end_line: Math.max(1, p.line),
        annotation_level: f.blocking ? ('failure' as const) : ('warning' as const),
        title: `${f.policyId} on ${f.target}/${f.resource.id}`.slice(0, 255),
        message: `${f.message}${f.remediation ? `\nRemediation: ${f.remediation}` : ''}`.slice(0, 64_000),
      };
    });
  return {
    name: 'readiness gate',
    head_sha: headSha,
    status: 'completed',
    conclusion: report.gate.decision === 'passed' ? 'success' : 'failure',
    completed_at: report.run.finishedAt,
    external_id: report.run.id,
    output: {
      title: `Readiness gate ${report.gate.decision}: ${s.fail} fail, ${s.error} error, ${s.waived} waived, ${s.pass} pass`,
      summary,
      annotations,
    },
  };
}
