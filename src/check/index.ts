/**
 * The contract check: polls live jobs, validates every answer and each job's lifecycle, probes
 * auth, not-found and tenancy, and reports in pretty, JSON or JUnit form.
 * @see ../../README.md#check-staging-in-ci
 */

// Running a check
export { checkJobs } from './runner.js';
export { type CheckEvent, type CheckOptions, parseShard, shardJobs } from './options.js';
export { parseHeaderLines, mergeHeaders, type HeaderList } from './headers.js';
export { parseDuration, formatDuration } from './duration.js';
export { parseQueryParam } from './query.js';

// The report
export {
  allFindings,
  findingCodes,
  probeNames,
  type CheckReport,
  type Finding,
  type FindingCode,
  type JobReport,
  type ProbeName,
  type ProbeReport,
  type Severity,
} from './report.js';

// Reporters
export { renderJson } from './report-json.js';
export { renderJunit } from './report-junit.js';
export { renderPretty } from './report-pretty.js';
export { createProgress, type Progress } from './progress.js';

// Redaction
export { createRedactor, redactDeep, secretsOfHeaders, type Redactor } from './redact.js';

// The vitest matcher lives at `job-contracts/check/vitest` (./vitest.ts): this door needs no vitest.
