// The bundle's report formats: a file name and a pure renderer each. `--format` picks among them;
// report.json, snapshot.json, inputs.json and manifest.json are always written (verify needs them).
import { renderHtml } from './html.js';
import { renderJson } from './json.js';
import { renderJunit } from './junit.js';
import { renderMarkdown } from './markdown.js';
import type { Report } from './model.js';
import { renderSarif } from './sarif.js';

export interface Format {
  file: string;
  render(report: Report): string;
}

export const FORMATS: Record<string, Format> = {
  json: { file: 'report.json', render: renderJson },
  md: { file: 'report.md', render: renderMarkdown },
  html: { file: 'report.html', render: renderHtml },
  junit: { file: 'junit.xml', render: renderJunit },
  sarif: { file: 'results.sarif', render: renderSarif },
};

export const ALWAYS = ['json'];

export function formatNames(): string[] {
  return Object.keys(FORMATS).sort();
}
