// report.html: the report for people — one self-contained page (no script, no network, a CSP that forbids
// both), readable on screen and on paper. The gate comes first, then charts per stage and per control, the
// findings of each control with their evidence and remediation, waivers, collection errors and the run's
// provenance. Every string from the estate or the inputs goes through htmlSafe.

import { type Finding, STAGES, type Status } from '../model/types.js';
import { compareStrings } from '../util/compare.js';
import { summarize } from './build.js';
import { type BarRow, barChart, CSS, e, ident, legend, STATUS_COLOR, STATUS_ORDER } from './html-parts.js';
import type { Report } from './model.js';

const badge = (s: Status) => `<span class="badge" style="background:${STATUS_COLOR[s]}">${s}</span>`;

function controlsOf(report: Report): string[] {
  return [
    ...new Set(report.findings.flatMap((f) => (f.controls.length ? f.controls : ['(no control)']))),
  ].sort();
}

function findingsOf(report: Report, control: string): Finding[] {
  return report.findings.filter((f) =>
    f.controls.length ? f.controls.includes(control) : control === '(no control)',
  );
}

function gateSection(report: Report): string {
  const blocked = report.gate.decision === 'blocked';
  const reasons = report.gate.reasons.length
    ? `<ul>${report.gate.reasons.map((r) => `<li>${e(r)}</li>`).join('')}</ul>`
    : '<div>No finding at or above its stage’s threshold failed or was undetermined.</div>';
  const tiles = STATUS_ORDER.map(
    (s) => `<li style="--c:${STATUS_COLOR[s]}"><b>${report.summary[s]}</b>${s}</li>`,
  ).join('');
  return `<section aria-labelledby="gate"><div class="gate ${blocked ? 'blocked' : 'passed'}" id="gate">
<strong>Gate: ${blocked ? 'BLOCKED' : 'PASSED'}</strong>${reasons}</div>
<ul class="tiles" aria-label="Findings by status">${tiles}</ul></section>`;
}

function summarySection(report: Report): string {
  const stages: BarRow[] = STAGES.filter((st) => report.targets.some((t) => t.stage === st)).map((st) => ({
    label: st,
    sublabel: report.targets
      .filter((t) => t.stage === st)
      .map((t) => t.name)
      .join(', '),
    counts: summarize(report.findings.filter((f) => f.stage === st)),
  }));
  const controls: BarRow[] = controlsOf(report).map((c) => ({
    label: c,
    counts: summarize(findingsOf(report, c)),
  }));
  const rows = report.targets
    .map(
      (t) =>
        `<tr><td>${e(t.name)}</td><td>${e(t.stage)}</td><td>${e(t.residency ?? '')}</td><td>${e(t.threshold)}</td>${STATUS_ORDER.map(
          (s) => `<td class="n">${t.summary[s]}</td>`,
        ).join('')}</tr>`,
    )
    .join('');
  return `<section><h2 id="summary">Summary</h2>${legend()}
<h3>By stage</h3>${barChart('Findings by stage', stages)}
<h3>By control</h3>${barChart('Findings by control', controls)}
<h3>Targets</h3><table><thead><tr><th>target</th><th>stage</th><th>residency</th><th>blocks at</th>${STATUS_ORDER.map(
    (s) => `<th>${s}</th>`,
  ).join('')}</tr></thead><tbody>${rows}</tbody></table></section>`;
}

function findingCard(f: Finding): string {
  const where = [f.resource.account, f.resource.region].filter(Boolean).join(' · ');
  const waiver = f.waiver
    ? `<p><b>Waived</b> by ${e(f.waiver.id)} (${e(f.waiver.ticket)}; owner ${e(f.waiver.owner)}, approved by ${e(f.waiver.approver)}; expires ${e(f.waiver.expires)}): ${e(f.waiver.reason)}</p>`
    : '';
  return `<article class="finding" style="--c:${STATUS_COLOR[f.status]}">
<header>${badge(f.status)}<span class="muted">${e(f.severity)}</span>${f.blocking ? '<span class="blocks">blocks the gate</span>' : ''}<span>${e(f.target)}</span><span class="res">${e(f.resource.id)}</span><span class="muted">${e(f.resource.type)}${where ? ` · ${e(where)}` : ''}</span></header>
<p>${e(f.message)}</p>
<p class="muted">Policy <code>${e(f.policyId)}</code> · check <code>${e(f.checkId)}</code>${f.resource.arn ? ` · <code>${e(f.resource.arn)}</code>` : ''} · finding <code>${e(f.id)}</code></p>
${f.remediation && (f.status === 'fail' || f.status === 'error') ? `<p><b>Remediation:</b> ${e(f.remediation)}</p>` : ''}${waiver}
<details><summary>Evidence</summary><pre>${e(JSON.stringify(f.evidence, null, 2))}</pre></details>
</article>`;
}

function controlsSection(report: Report): string {
  const parts = controlsOf(report).map((c) => {
    const all = findingsOf(report, c);
    const open = all.filter((f) => f.status !== 'pass');
    const passed = all.filter((f) => f.status === 'pass');
    const policies = [...new Set(all.map((f) => f.policyId))]
      .map((id) => report.policies.find((p) => p.id === id))
      .filter((p) => p !== undefined)
      .map(
        (p) =>
          `<li><code>${e(p.id)}</code> — ${e(p.title)}${p.commitment ? ` <span class="muted">(${e(p.commitment)})</span>` : ''}</li>`,
      )
      .join('');
    const passList = passed.length
      ? `<details><summary>${passed.length} passing finding(s)</summary>${passed.map(findingCard).join('')}</details>`
      : '';
    return `<section><h3 id="control-${e(c)}">${e(c)} <span class="muted">${STATUS_ORDER.filter((s) =>
      all.some((f) => f.status === s),
    )
      .map((s) => `${all.filter((f) => f.status === s).length} ${s}`)
      .join(' · ')}</span></h3><ul>${policies}</ul>${open.map(findingCard).join('')}${passList}</section>`;
  });
  return `<section><h2 id="controls">Findings by control</h2>${parts.join('') || '<p>No findings.</p>'}</section>`;
}

function waiversSection(report: Report): string {
  if (!report.waivers.length) return '<section><h2 id="waivers">Waivers</h2><p>No waivers.</p></section>';
  const rows = report.waivers
    .map(
      (w) =>
        `<tr><td>${ident(w.id)}</td><td>${ident(w.policy)}</td><td>${ident(w.target)} / ${ident(w.resource)}</td><td${w.status === 'active' ? '' : ' class="expired"'}>${e(w.status)}</td><td class="nw">${e(w.expires)}</td><td>${ident(w.owner)} → ${ident(w.approver)}</td><td class="nw">${e(w.ticket)}</td><td class="wide">${e(w.reason)}</td><td class="n">${w.applied.length}</td></tr>`,
    )
    .join('');
  return `<section><h2 id="waivers">Waivers</h2><p class="muted">An expired waiver waives nothing; expiry is judged at the time the state was collected.</p>
<table><thead><tr><th>waiver</th><th>policy</th><th>target / resource</th><th>status</th><th>expires</th><th>owner → approver</th><th>ticket</th><th>reason</th><th>applied</th></tr></thead><tbody>${rows}</tbody></table></section>`;
}

function errorsSection(report: Report): string {
  const rows = report.targets.flatMap((t) =>
    t.collectionErrors.map(
      (x) =>
        `<tr><td>${e(t.name)}</td><td>${e(x.fact)}</td><td><code>${e(x.operation)}</code></td><td>${e(x.account ?? '')}</td><td>${e(x.region ?? '')}</td><td>${e(x.code)}</td><td>${e(x.message)}</td></tr>`,
    ),
  );
  const body = rows.length
    ? `<table><thead><tr><th>target</th><th>fact</th><th>operation</th><th>account</th><th>region</th><th>code</th><th>message</th></tr></thead><tbody>${rows.join('')}</tbody></table>`
    : '<p>None: every fact the policies needed was read.</p>';
  return `<section><h2 id="errors">Collection errors</h2>${body}</section>`;
}

function runSection(report: Report): string {
  const r = report.run;
  const ids = report.targets.flatMap((t) =>
    t.identities.map(
      (i) => `<tr><td>${e(t.name)}</td><td>${e(i.account)}</td><td><code>${e(i.arn)}</code></td></tr>`,
    ),
  );
  const calls = report.targets.flatMap((t) =>
    Object.entries(t.calls).map(
      ([op, n]) => `<tr><td>${e(t.name)}</td><td><code>${e(op)}</code></td><td class="n">${n}</td></tr>`,
    ),
  );
  const digests = Object.entries(report.inputs.digests)
    .sort(([a], [b]) => compareStrings(a, b))
    .map(([file, d]) => `<tr><td>${e(file)}</td><td><code>${e(d)}</code></td></tr>`);
  return `<section><h2 id="run">Run</h2><dl class="run">
<dt>run id</dt><dd><code>${e(r.id)}</code></dd><dt>mode</dt><dd>${e(r.mode)}</dd>
<dt>state collected at</dt><dd>${e(r.collectedAt)}</dd><dt>started</dt><dd>${e(r.startedAt)}</dd><dt>finished</dt><dd>${e(r.finishedAt)}</dd>
<dt>tool</dt><dd>${e(report.tool.name)} ${e(report.tool.version)}</dd><dt>configuration</dt><dd>${e(report.inputs.config)}</dd>
<dt>thresholds</dt><dd>${Object.entries(report.gate.thresholds)
    .map(([st, sev]) => `${e(st)}: ${e(sev)}`)
    .join(' · ')}</dd></dl>
<h3>Accounts and identities read</h3>${ids.length ? `<table><thead><tr><th>target</th><th>account</th><th>identity</th></tr></thead><tbody>${ids.join('')}</tbody></table>` : '<p>No cloud identity was read (the state came from a saved snapshot or from sources without one).</p>'}
${calls.length ? `<h3>API calls</h3><table><thead><tr><th>target</th><th>operation</th><th>calls</th></tr></thead><tbody>${calls.join('')}</tbody></table>` : ''}
<h3>Input digests</h3><table><thead><tr><th>file</th><th>digest</th></tr></thead><tbody>${digests.join('')}</tbody></table></section>`;
}

export function renderHtml(report: Report): string {
  const blocked = report.gate.decision === 'blocked';
  const targets = report.targets.map((t) => t.name).join(', ');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>Readiness ${blocked ? 'BLOCKED' : 'PASSED'} — ${e(targets)}</title>
<style>${CSS}</style></head>
<body><main>
<h1>Operational readiness report</h1>
<p class="meta">${e(targets)} · state collected ${e(report.run.collectedAt)} · run <code>${e(report.run.id)}</code> · ${e(report.tool.name)} ${e(report.tool.version)}</p>
<nav aria-label="Sections"><a href="#summary">Summary</a><a href="#controls">Findings</a><a href="#waivers">Waivers</a><a href="#errors">Collection errors</a><a href="#run">Run</a></nav>
${gateSection(report)}
${summarySection(report)}
${controlsSection(report)}
${waiversSection(report)}
${errorsSection(report)}
${runSection(report)}
</main></body></html>
`;
}
