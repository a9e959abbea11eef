import type { CheckReport } from './report.js';

/**
 * The JSON reporter: the report object as is, `{ provider, baseUrl, jobs: [{ id, polls,
 * finalStatus, findings }], probes, summary: { violations, warnings } }`.
 * @see ./README.md#the-json-report
 */
export function renderJson(report: CheckReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
