// `list` and `explain`: the checks and policies, and one check's or policy's documentation.

import { CHECKS, checkIds, getCheck } from '../../checks/index.js';
import type { Inputs } from '../engine/inputs.js';
import type { Check } from '../kit/define.js';
import { defaultOptions } from '../kit/options.js';
import { FACT_SOURCES } from '../snapshot/facts.js';
import { compareStrings } from '../util/compare.js';
import { didYouMean } from '../util/similar.js';
import { CliExit, EXIT } from './io.js';

export function renderList(inputs: Inputs | undefined): string {
  const lines = ['Checks:'];
  const width = Math.max(...CHECKS.map((c) => c.id.length));
  for (const c of CHECKS)
    lines.push(`  ${c.id.padEnd(width)}  ${c.meta.severity.padEnd(8)}  ${c.meta.title}`);
  if (inputs) {
    lines.push('', 'Policies:');
    const pw = Math.max(...inputs.policies.map((p) => p.policy.id.length), 0);
    for (const p of [...inputs.policies].sort((a, b) => compareStrings(a.policy.id, b.policy.id))) {
      lines.push(
        `  ${p.policy.id.padEnd(pw)}  ${p.check.id}  [${p.policy.controls.join(', ')}]  ${p.policy.stages.join(', ')}`,
      );
    }
  }
  return `${lines.join('\n')}\n`;
}

function optionLines(check: Check): string[] {
  const defaults = defaultOptions(check).options;
  const props = (check.options.properties ?? {}) as Record<
    string,
    { description?: string; type?: string; enum?: unknown[] }
  >;
  return Object.entries(props).map(([key, schema]) => {
    const def = defaults[key] === undefined ? '' : ` (default ${JSON.stringify(defaults[key])})`;
    return `  ${key}${def}: ${schema.description ?? ''}`;
  });
}

export function explainCheck(check: Check): string {
  const facts = check.requires.map((f) => `  ${f}  (${FACT_SOURCES[f].operations.join(', ')})`);
  return [
    `${check.id} — ${check.meta.title}`,
    '',
    check.meta.description,
    '',
    `Default severity: ${check.meta.severity}`,
    '',
    'Options:',
    ...(optionLines(check).length ? optionLines(check) : ['  (none)']),
    '',
    'Reads:',
    ...(facts.length ? facts : ['  only the target configuration']),
    '',
    'Permissions:',
    ...(check.permissions.length ? check.permissions.map((p) => `  ${p}`) : ['  (none)']),
    '',
    'Messages:',
    ...Object.entries(check.messages).map(([id, text]) => `  ${id}: ${text}`),
    '',
    'Example:',
    ...check.meta.docs.split('\n').map((l) => `  ${l}`),
    '',
    `Remediation: ${check.meta.remediation}`,
    '',
  ].join('\n');
}

export function explain(id: string, inputs: Inputs | undefined): string {
  const check = getCheck(id);
  if (check) return explainCheck(check);
  const policy = inputs?.policies.find((p) => p.policy.id === id);
  if (policy) {
    const p = policy.policy;
    return [
      `${p.id} — ${p.title}`,
      `Defined at ${policy.at.file}:${policy.at.line}:${policy.at.col}`,
      '',
      ...(p.commitment ? ['Commitment it proves:', `  "${p.commitment}"`, ''] : []),
      ...(p.description ? [p.description, ''] : []),
      `Controls: ${p.controls.join(', ')}`,
      ...(p.frameworks?.length ? [`Frameworks: ${p.frameworks.join(', ')}`] : []),
      `Stages: ${p.stages.join(', ')}`,
      `Severity: ${p.severity ?? policy.check.meta.severity}`,
      `Options: ${JSON.stringify(p.options ?? {})}`,
      ...(p.scope ? [`Scope: ${JSON.stringify(p.scope)}`] : []),
      ...(p.remediation ? ['', `Remediation: ${p.remediation}`] : []),
      '',
      '---',
      explainCheck(policy.check),
    ].join('\n');
  }
  const known = [...checkIds(), ...(inputs?.policies.map((p) => p.policy.id) ?? [])];
  const hint = didYouMean(id, known);
  throw new CliExit(EXIT.invalid, `no check or policy "${id}"${hint ? `; did you mean "${hint}"?` : ''}`);
}
