// Renderings of a bundle diff: Markdown (for a pull request or a job summary) and plain terminal text.
import type { BundleDiff, DiffItem } from '../evidence/diff.js';
import { mdSafe, termSafe } from './escape.js';

type Section = { title: string; items: (DiffItem & { keys?: string[] })[] };

function sections(d: BundleDiff): Section[] {
  return [
    { title: 'New failures', items: d.newFailures },
    { title: 'Resolved', items: d.resolved },
    { title: 'Still failing', items: d.stillFailing },
    { title: 'Changed evidence', items: d.changedEvidence },
  ];
}

const transition = (i: DiffItem) => `${i.before ?? 'absent'} → ${i.after ?? 'absent'}`;

export function renderDiffMarkdown(d: BundleDiff): string {
  const out = [
    `## Readiness diff: ${d.newFailures.length} new failure(s), ${d.resolved.length} resolved`,
    '',
    `Old: run ${mdSafe(d.old.runId)} (gate ${d.old.decision}, collected ${mdSafe(d.old.collectedAt)}) · New: run ${mdSafe(d.new.runId)} (gate ${d.new.decision}, collected ${mdSafe(d.new.collectedAt)})`,
  ];
  for (const s of sections(d)) {
    out.push('', `### ${s.title} (${s.items.length})`);
    if (!s.items.length) continue;
    out.push('', '| target | policy | resource | status | detail |', '| --- | --- | --- | --- | --- |');
    for (const i of s.items) {
      const detail = i.keys ? `evidence: ${i.keys.join(', ')}` : i.message;
      out.push(
        `| ${mdSafe(i.target)} | ${mdSafe(i.policyId)} | ${mdSafe(i.resource)} | ${transition(i)}${i.blocking && s.title === 'New failures' ? ' **blocks**' : ''} | ${mdSafe(detail)} |`,
      );
    }
  }
  return `${out.join('\n')}\n`;
}

export function renderDiffText(d: BundleDiff): string {
  const out = [
    `old ${termSafe(d.old.runId)} (gate ${d.old.decision}) → new ${termSafe(d.new.runId)} (gate ${d.new.decision})`,
  ];
  for (const s of sections(d)) {
    out.push('', `${s.title}: ${s.items.length}`);
    for (const i of s.items) {
      out.push(
        `  ${transition(i).padEnd(18)} ${termSafe(i.target)}  ${termSafe(i.policyId)}  ${termSafe(i.resource)}`,
      );
      out.push(
        `      ${i.keys ? `evidence changed: ${i.keys.map(termSafe).join(', ')}` : termSafe(i.message)}`,
      );
    }
  }
  return `${out.join('\n')}\n`;
}
