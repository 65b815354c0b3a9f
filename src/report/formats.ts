// The bundle's report formats: a file name and a pure renderer each. `--format` picks among them;
// report.json, snapshot.json and manifest.json are always written (verify needs them).
import { renderJson } from './json.js';
import { renderMarkdown } from './markdown.js';
import type { Report } from './model.js';

export interface Format {
  file: string;
  render(report: Report): string;
}

export const FORMATS: Record<string, Format> = {
  json: { file: 'report.json', render: renderJson },
  md: { file: 'report.md', render: renderMarkdown },
};

export const ALWAYS = ['json'];

export function formatNames(): string[] {
  return Object.keys(FORMATS).sort();
}
