// report.json: the report as stable, sorted JSON (keys in the order the model builds them).
import type { Report } from './model.js';

export function renderJson(report: Report): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
