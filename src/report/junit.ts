// junit.xml: the report as test results, so Jenkins, GitLab and every CI dashboard can show it. A
// <testsuite> per target, a <testcase> per finding (classname `target.policyId`, name the resource);
// `fail` is a <failure>, `error` an <error>, `skipped` and `waived` are <skipped message="why">.
// The shape is the common one (testsuites > testsuite > properties, testcase) that both parsers read.
import type { Finding } from '../model/types.js';
import { xmlSafe as x } from './escape.js';
import type { Report } from './model.js';

function body(f: Finding): string {
  const lines = [
    f.message,
    `policy: ${f.policyId} (check ${f.checkId}); severity ${f.severity}${f.blocking ? '; blocks the gate' : ''}`,
    `resource: ${f.resource.type} ${f.resource.arn ?? f.resource.id}`,
    `controls: ${f.controls.join(', ')}`,
  ];
  if (f.remediation) lines.push(`remediation: ${f.remediation}`);
  lines.push(`evidence: ${JSON.stringify(f.evidence, null, 2)}`);
  return x(lines.join('\n'));
}

function testcase(f: Finding): string {
  const open = `    <testcase classname="${x(`${f.target}.${f.policyId}`)}" name="${x(f.resource.id)}" time="0"`;
  const type = x(`${f.severity}.${f.messageId}`);
  switch (f.status) {
    case 'pass':
      return `${open}/>`;
    case 'fail':
      return `${open}>\n      <failure message="${x(f.message)}" type="${type}">${body(f)}</failure>\n    </testcase>`;
    case 'error':
      return `${open}>\n      <error message="${x(f.message)}" type="${type}">${body(f)}</error>\n    </testcase>`;
    case 'skipped':
      return `${open}>\n      <skipped message="${x(f.message)}"/>\n    </testcase>`;
    case 'waived': {
      const w = f.waiver;
      const why = w
        ? `waived until ${w.expires} (${w.ticket}, approved by ${w.approver}): ${w.reason}`
        : 'waived';
      return `${open}>\n      <skipped message="${x(why)}"/>\n    </testcase>`;
    }
  }
}

export function renderJunit(report: Report): string {
  const count = (fs: Finding[]) => ({
    tests: fs.length,
    failures: fs.filter((f) => f.status === 'fail').length,
    errors: fs.filter((f) => f.status === 'error').length,
    skipped: fs.filter((f) => f.status === 'skipped' || f.status === 'waived').length,
  });
  const attrs = (c: ReturnType<typeof count>) =>
    `tests="${c.tests}" failures="${c.failures}" errors="${c.errors}" skipped="${c.skipped}" time="0"`;
  const suites = report.targets.map((t, i) => {
    const fs = report.findings.filter((f) => f.target === t.name);
    const props = [
      ['stage', t.stage],
      ['threshold', t.threshold],
      ['run', report.run.id],
      ...(t.residency ? [['residency', t.residency]] : []),
    ]
      .map(([k, v]) => `      <property name="${x(k ?? '')}" value="${x(v ?? '')}"/>`)
      .join('\n');
    return [
      `  <testsuite name="${x(t.name)}" id="${i}" ${attrs(count(fs))} timestamp="${x(report.run.collectedAt.replace(/\.\d+Z$/, 'Z'))}" hostname="readiness">`,
      `    <properties>\n${props}\n    </properties>`,
      ...fs.map(testcase),
      '  </testsuite>',
    ].join('\n');
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="readiness ${x(report.gate.decision)}" ${attrs(count(report.findings))}>`,
    ...suites,
    '</testsuites>',
    '',
  ].join('\n');
}
