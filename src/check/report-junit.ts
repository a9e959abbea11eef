/**
 * The JUnit reporter: one test suite per job, one test case per check (a finding code), plus a
 * suite for the probes — the XML GitHub Actions, GitLab, Jenkins and CircleCI read.
 */
import junitModule, { type Builder, type TestSuite } from 'junit-report-builder';
import { redactDeep } from './redact.js';
import type { CheckReport, Finding, FindingCode, JobReport } from './report.js';

// CommonJS whose module.exports is the builder; the typings describe it as `exports.default`.
const junit = ((junitModule as unknown as { default?: Builder }).default ?? junitModule) as unknown as Builder;

/** The checks every polled job gets, by finding code. */
const jobChecks: Array<[FindingCode, string]> = [
  ['schema', 'bodies match the schema'],
  ['undocumented-status', 'status codes are documented'],
  ['content-type', 'content types are documented'],
  ['lifecycle-transition', 'only legal state transitions'],
  ['lifecycle-terminal-changed', 'terminal states are final'],
  ['lifecycle-monotonic', 'monotonic fields and timestamps never go back'],
  ['lifecycle-append-only', 'append-only arrays only append'],
  ['lifecycle-field', 'fields appear only in their states'],
  ['transport', 'whole answers, no 429/5xx'],
  ['timeout', 'reaches a terminal state in time'],
  ['job-vanished', 'a job once seen stays found'],
  ['job-unfinished', 'polling ends in a terminal state'],
];

function describe(f: Finding): string {
  const where = [f.poll !== null ? `poll ${f.poll}` : null, `+${f.elapsedMs} ms`, f.status !== null ? `HTTP ${f.status}` : null, f.pointer ? `at ${f.pointer}` : null].filter(Boolean).join(', ');
  return `[${f.code}] ${f.message} (${where}; expected ${f.expected}, actual ${f.actual}${f.count > 1 ? `; seen ${f.count}x` : ''})${f.excerpt ? `\n    ${f.excerpt}` : ''}`;
}

function addCase(suite: TestSuite, className: string, name: string, findings: Finding[], seconds?: number): void {
  const test = suite.testCase().className(className).name(name);
  if (seconds !== undefined) test.time(seconds);
  const violations = findings.filter((f) => f.severity === 'violation');
  const warnings = findings.filter((f) => f.severity === 'warning');
  if (violations.length > 0) {
    test.failure(`${violations.length} violation(s): ${(violations[0] as Finding).message}`, (violations[0] as Finding).code);
    test.stacktrace(violations.map(describe).join('\n'));
  }
  if (warnings.length > 0) test.standardOutput(warnings.map(describe).join('\n'));
}

function jobSuite(builder: Builder, report: CheckReport, job: JobReport): void {
  const className = `${report.provider}.job.${job.id}`;
  const suite = builder.testSuite().name(`${report.provider} job ${job.id}`).time(job.elapsedMs / 1000);
  suite.property('polls', String(job.polls)).property('finalStatus', job.finalStatus ?? '');
  if (job.created) suite.property('created', 'true');
  if (job.error !== null) {
    suite.testCase().className(className).name('the job can be polled').error(job.error, 'configuration');
    return;
  }
  for (const [code, title] of jobChecks) addCase(suite, className, `${code}: ${title}`, job.findings.filter((f) => f.code === code));
  const tenant = report.probes.filter((p) => p.name === 'tenant' && p.job === job.id);
  if (tenant.length > 0) addCase(suite, className, "tenant-leak: another tenant's request answers like an unknown id", tenant.flatMap((p) => p.findings));
}

/** Characters XML 1.0 cannot carry (control characters, lone surrogates), and CDATA's end marker. */
function xmlSafe(text: string): string {
  return text.replace(/[^\t\n\r\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '\uFFFD').replaceAll(']]>', ']] >');
}

/** Renders the report as JUnit XML. */
export function renderJunit(original: CheckReport): string {
  const report = redactDeep(original, xmlSafe);
  const builder = junit.newBuilder().name(`job-contracts check ${report.provider}`);
  for (const job of report.jobs) jobSuite(builder, report, job);
  if ((report.created ?? []).length > 0) {
    const suite = builder.testSuite().name(`${report.provider} created jobs`);
    suite.property('created', report.created.flatMap((c) => (c.id === null ? [] : [c.id])).join(','));
    for (const c of report.created) {
      if (c.error !== null) suite.testCase().className(`${report.provider}.create`).name(`${c.operation}: no job`).error(c.error, 'configuration');
      else addCase(suite, `${report.provider}.create`, `${c.operation} ${c.id ?? 'no job'}: the answer names the new job`, c.findings);
    }
  }
  const runWide = report.probes.filter((p) => p.name !== 'tenant');
  if (runWide.length > 0) {
    const suite = builder.testSuite().name(`${report.provider} probes`);
    for (const probe of runWide) addCase(suite, `${report.provider}.probes`, `${probe.name}: ${probe.request}`, probe.findings);
  }
  return `${builder.build()}\n`;
}
