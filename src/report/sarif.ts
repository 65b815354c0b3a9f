// results.sarif: SARIF 2.1.0 for code-scanning tools (GitHub code scanning and others). A rule per check
// (its metadata from the registry), a result per `fail`/`error` finding and per `waived` one (suppressed,
// with the waiver as justification), located at the policy that asked for the check, and fingerprinted
// by the finding id so the same gap is the same alert from run to run.
import { getCheck } from '../../checks/index.js';
import type { Finding, Severity } from '../model/types.js';
import type { PolicyInfo, Report } from './model.js';

type Level = 'error' | 'warning' | 'note';
const LEVEL: Record<Severity, Level> = { critical: 'error', high: 'error', medium: 'warning', low: 'note' };

/** A relative path as a URI reference (forward slashes, percent-encoded); an absolute one as file://. */
export function fileUri(file: string): string {
  const posix = file.replace(/\\/g, '/');
  const encoded = posix
    .split('/')
    .map((s) => encodeURIComponent(s))
    .join('/');
  if (/^[A-Za-z]:\//.test(posix)) return `file:///${encoded.replace(/^([A-Za-z])%3A/, '$1:')}`;
  return posix.startsWith('/') ? `file://${encoded}` : encoded;
}

function rule(checkId: string, policies: PolicyInfo[]) {
  const check = getCheck(checkId);
  const first = policies[0];
  const title = check?.meta.title ?? first?.title ?? checkId;
  const severity = (check?.meta.severity ?? first?.severity ?? 'high') as Severity;
  const remediation = check?.meta.remediation ?? 'See the policy that uses this check.';
  const used = policies.map((p) => `- \`${p.id}\`: ${p.title}`).join('\n');
  return {
    id: checkId,
    name: checkId.replace(/[^A-Za-z0-9]+(.)?/g, (_m, c: string | undefined) => (c ? c.toUpperCase() : '')),
    shortDescription: { text: title },
    fullDescription: { text: check?.meta.description ?? title },
    help: {
      text: `${remediation}\n\nPolicies using this check:\n${policies.map((p) => `- ${p.id}: ${p.title}`).join('\n')}`,
      markdown: `**Remediation:** ${remediation}\n\nPolicies using this check:\n\n${used}`,
    },
    defaultConfiguration: { level: LEVEL[severity] ?? 'error' },
    properties: {
      tags: ['readiness', ...new Set(policies.flatMap((p) => p.controls))],
      severity,
    },
  };
}

function result(f: Finding, ruleIndex: number, policy: PolicyInfo | undefined) {
  return {
    ruleId: f.checkId,
    ruleIndex,
    kind: 'fail' as const,
    level: f.blocking ? 'error' : f.status === 'waived' ? LEVEL[f.severity] : 'warning',
    message: {
      text: `${f.target} · ${f.resource.id}: ${f.message}${f.remediation && f.status !== 'waived' ? ` Remediation: ${f.remediation}` : ''}`,
    },
    locations: [
      {
        ...(policy
          ? {
              physicalLocation: {
                artifactLocation: { uri: fileUri(policy.file) },
                region: { startLine: Math.max(1, policy.line), startColumn: Math.max(1, policy.col) },
              },
            }
          : {}),
        logicalLocations: [
          {
            name: f.resource.id,
            fullyQualifiedName: f.resource.arn ?? `${f.target}/${f.resource.type}/${f.resource.id}`,
            kind: 'resource',
          },
        ],
      },
    ],
    partialFingerprints: { 'readinessFinding/v1': f.id },
    ...(f.status === 'waived' && f.waiver
      ? {
          suppressions: [
            {
              kind: 'external' as const,
              status: 'accepted' as const,
              justification: `${f.waiver.reason} (${f.waiver.ticket}; owner ${f.waiver.owner}, approved by ${f.waiver.approver}; expires ${f.waiver.expires})`,
            },
          ],
        }
      : {}),
    properties: {
      status: f.status,
      severity: f.severity,
      blocking: f.blocking,
      policyId: f.policyId,
      target: f.target,
      stage: f.stage,
      controls: f.controls,
      resource: f.resource,
      evidence: f.evidence,
    },
  };
}

export function renderSarif(report: Report): string {
  const byCheck = new Map<string, PolicyInfo[]>();
  for (const p of report.policies) byCheck.set(p.checkId, [...(byCheck.get(p.checkId) ?? []), p]);
  for (const f of report.findings) if (!byCheck.has(f.checkId)) byCheck.set(f.checkId, []);
  const ruleIds = [...byCheck.keys()].sort();
  const policies = new Map(report.policies.map((p) => [p.id, p]));
  const results = report.findings
    .filter((f) => f.status === 'fail' || f.status === 'error' || f.status === 'waived')
    .map((f) => result(f, ruleIds.indexOf(f.checkId), policies.get(f.policyId)));
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: report.tool.name,
            version: report.tool.version,
            informationUri: 'https://readiness.dev/',
            rules: ruleIds.map((id) => rule(id, byCheck.get(id) ?? [])),
          },
        },
        automationDetails: { id: `readiness/${report.targets.map((t) => t.name).join('+')}/` },
        invocations: [
          {
            executionSuccessful: true,
            startTimeUtc: report.run.startedAt,
            endTimeUtc: report.run.finishedAt,
            properties: {
              gate: report.gate.decision,
              runId: report.run.id,
              collectedAt: report.run.collectedAt,
            },
          },
        ],
        results,
      },
    ],
  };
  return `${JSON.stringify(sarif, null, 2)}\n`;
}
