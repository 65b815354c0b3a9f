// Pieces of report.html that are not about the report's content: the stylesheet (screen and print) and
// the inline SVG bar chart. No external resource of any kind: the page must open offline under a CSP of
// `default-src 'none'`.
import type { Status } from '../model/types.js';
import { htmlSafe } from './escape.js';

/** HTML-escaped text, with ANSI sequences and control characters (other than line breaks and tabs) dropped. */
export function e(s: string): string {
  return htmlSafe(
    s
      .replace(/\u001b\[[0-9;?]*[ -/]*[@-~]/g, '')
      .replace(/\u001b[\]PX^_][^\u0007\u001b]*(\u0007|\u001b\\)?/g, '')
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g, ''),
  );
}

/** An identifier (path, ARN, e-mail, policy id) escaped, with line-break opportunities after separators. */
export function ident(s: string): string {
  return e(s).replace(/([/.@_:-])(?=[^\s])/g, '$1<wbr>');
}

export const STATUS_ORDER: readonly Status[] = ['fail', 'error', 'waived', 'skipped', 'pass'];

/** Colours chosen to stay apart for common colour blindness and to keep 4.5:1 contrast with white text. */
export const STATUS_COLOR: Record<Status, string> = {
  fail: '#b42318',
  error: '#6941c6',
  waived: '#9a6700',
  skipped: '#57606a',
  pass: '#1a7f37',
};

export interface BarRow {
  label: string;
  sublabel?: string;
  counts: Record<Status, number>;
}

/** A stacked horizontal bar per row, with its counts written out (the chart never relies on colour alone). */
export function barChart(title: string, rows: readonly BarRow[]): string {
  const labelW = 230;
  const barW = 360;
  const rowH = 26;
  const top = 6;
  const width = labelW + barW + 290;
  const height = top + rows.length * rowH + 4;
  const parts: string[] = [];
  rows.forEach((row, i) => {
    const y = top + i * rowH;
    const total = STATUS_ORDER.reduce((n, s) => n + row.counts[s], 0);
    const label = row.label.length > 34 ? `${row.label.slice(0, 33)}…` : row.label;
    parts.push(
      `<text x="0" y="${y + 15}" class="lbl">${e(label)}${row.sublabel ? ` <tspan class="sub">${e(row.sublabel)}</tspan>` : ''}</text>`,
    );
    let x = labelW;
    for (const s of STATUS_ORDER) {
      const n = row.counts[s];
      if (!n || !total) continue;
      const w = Math.max(2, Math.round((n / total) * barW));
      parts.push(
        `<rect x="${x}" y="${y + 3}" width="${w}" height="${rowH - 8}" fill="${STATUS_COLOR[s]}"><title>${e(row.label)}: ${n} ${s}</title></rect>`,
      );
      x += w;
    }
    if (!total) parts.push(`<text x="${labelW}" y="${y + 15}" class="none">no findings</text>`);
    const text = STATUS_ORDER.filter((s) => row.counts[s])
      .map((s) => `${row.counts[s]} ${s}`)
      .join(' · ');
    parts.push(`<text x="${labelW + barW + 10}" y="${y + 15}" class="cnt">${e(text)}</text>`);
  });
  return (
    `<svg class="chart" role="img" aria-label="${e(title)}" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" xmlns="http://www.w3.org/2000/svg">` +
    `<title>${e(title)}</title>${parts.join('')}</svg>`
  );
}

export function legend(): string {
  return `<p class="legend">${STATUS_ORDER.map(
    (s) => `<span><i style="background:${STATUS_COLOR[s]}"></i>${s}</span>`,
  ).join('')}</p>`;
}

export const CSS = `
:root { color-scheme: light; --fg:#1f2328; --muted:#57606a; --line:#d0d7de; --bg:#fff; --soft:#f6f8fa; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: var(--fg); background: var(--bg); }
main { max-width: 1120px; margin: 0 auto; padding: 24px 28px 64px; }
h1 { font-size: 1.6rem; margin: 0 0 4px; }
h2 { font-size: 1.25rem; margin: 36px 0 12px; padding-bottom: 6px; border-bottom: 1px solid var(--line); }
h3 { font-size: 1.05rem; margin: 24px 0 8px; }
code, pre, .mono { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: .86em; }
.meta { color: var(--muted); margin: 0 0 16px; }
.gate { border-radius: 8px; padding: 14px 18px; color: #fff; margin: 12px 0 8px; }
.gate.blocked { background: #b42318; }
.gate.passed { background: #1a7f37; }
.gate strong { font-size: 1.35rem; display: block; }
.gate ul { margin: 6px 0 0; padding-left: 20px; }
.tiles { display: flex; flex-wrap: wrap; gap: 10px; margin: 12px 0; padding: 0; list-style: none; }
.tiles li { border: 1px solid var(--line); border-left: 6px solid var(--c); border-radius: 6px; padding: 6px 14px; min-width: 104px; }
.tiles b { display: block; font-size: 1.3rem; }
nav { margin: 8px 0 0; }
nav a { margin-right: 14px; color: #0969da; }
table { border-collapse: collapse; width: 100%; margin: 8px 0 12px; font-size: .92em; }
th, td { border: 1px solid var(--line); padding: 5px 8px; text-align: left; vertical-align: top; overflow-wrap: break-word; }
td.wide { min-width: 14em; }
td.nw { white-space: nowrap; }
.expired { color: #9a6700; font-weight: 600; }
th { background: var(--soft); white-space: nowrap; }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
.badge { display: inline-block; border-radius: 10px; padding: 0 9px; color: #fff; font-size: .8em; font-weight: 600; text-transform: uppercase; letter-spacing: .03em; }
.blocks { display: inline-block; border: 1px solid #b42318; color: #b42318; border-radius: 10px; padding: 0 8px; font-size: .8em; font-weight: 600; }
.finding { border: 1px solid var(--line); border-left: 6px solid var(--c); border-radius: 6px; padding: 8px 12px; margin: 10px 0; break-inside: avoid; }
.finding header { display: flex; flex-wrap: wrap; gap: 8px; align-items: baseline; }
.finding p { margin: 6px 0; white-space: pre-wrap; overflow-wrap: anywhere; }
.finding .res { font-weight: 600; overflow-wrap: anywhere; }
.muted { color: var(--muted); }
details summary { cursor: pointer; color: #0969da; }
pre { background: var(--soft); border: 1px solid var(--line); border-radius: 6px; padding: 8px 10px; overflow: auto; max-height: 420px; white-space: pre-wrap; overflow-wrap: anywhere; }
.chart { max-width: 100%; height: auto; display: block; margin: 4px 0 8px; }
.chart .lbl { font-size: 13px; fill: var(--fg); }
.chart .sub, .chart .none { font-size: 11px; fill: var(--muted); }
.chart .cnt { font-size: 12px; fill: var(--fg); }
.legend span { margin-right: 14px; font-size: .88em; }
.legend i { display: inline-block; width: 11px; height: 11px; margin-right: 5px; border-radius: 2px; vertical-align: -1px; }
dl.run { display: grid; grid-template-columns: max-content 1fr; gap: 3px 16px; }
dl.run dt { color: var(--muted); }
dl.run dd { margin: 0; overflow-wrap: anywhere; }
@media print {
  body { font-size: 10.5pt; }
  main { max-width: none; padding: 0; }
  nav { display: none; }
  .gate, .badge, .tiles li, .finding, .legend i, .chart rect { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  h2 { break-after: avoid; }
  tr, .finding, svg { break-inside: avoid; }
  details::details-content { content-visibility: visible; display: block; }
  details summary { color: var(--fg); }
  pre { max-height: none; }
  a { color: inherit; text-decoration: none; }
}
`;
