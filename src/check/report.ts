/**
 * The report `checkJobs` returns and every reporter prints: findings per job and per probe.
 * @see ./README.md#the-json-report
 */

/** Every way a provider can break its contract, as `check` reports it. */
export const findingCodes = [
  'schema',
  'undocumented-status',
  'content-type',
  'lifecycle-transition',
  'lifecycle-terminal-changed',
  'lifecycle-monotonic',
  'lifecycle-append-only',
  'lifecycle-field',
  'auth-probe',
  'not-found-probe',
  'tenant-leak',
  'transport',
  'timeout',
  'job-vanished',
  'job-unfinished',
] as const;

/** A finding code. */
export type FindingCode = (typeof findingCodes)[number];

/** The probes `check` runs besides polling; each can be skipped. */
export const probeNames = ['auth', 'unknown-id', 'malformed-id', 'tenant'] as const;

/** A probe name (`--skip-probe <name>`). */
export type ProbeName = (typeof probeNames)[number];

/** `violation` fails the check (exit 1); `warning` is reported only (a retried 429 or 5xx). */
export type Severity = 'violation' | 'warning';

/** One way the provider broke its contract, with where and when it was seen. */
export interface Finding {
  code: FindingCode;
  severity: Severity;
  /** The job polled or probed; null for probes not tied to a job. */
  job: string | null;
  /** The probe that found it, when a probe did. */
  probe: ProbeName | null;
  /** 1-based poll of the job (null for probes). */
  poll: number | null;
  /** ms since the job's (or the probes') start when first seen. */
  elapsedMs: number;
  /** The operationId requested. */
  operation: string;
  /** The HTTP status answered, or null when there was no answer. */
  status: number | null;
  /** JSON pointer into the body (or the job object, for lifecycle findings); '' for the whole. */
  pointer: string;
  /** The rule broken: a JSON Schema keyword, a lifecycle rule, `timeout`, `reset`, … */
  rule: string;
  expected: string;
  actual: string;
  message: string;
  /** A short excerpt of the answer, credentials redacted. */
  excerpt: string;
  /** How many times it was seen (the same rule at the same pointer is reported once). */
  count: number;
}

/** One job's polls and findings. */
export interface JobReport {
  id: string;
  polls: number;
  /** The last status seen, or null when no poll got a job. */
  finalStatus: string | null;
  /** True when the job reached a terminal state. */
  terminal: boolean;
  elapsedMs: number;
  /** Why the job could not be checked at all (wrong id, base URL or credentials), else null. */
  error: string | null;
  /** True when this run started the job (`create`). */
  created?: boolean;
  findings: Finding[];
}

/** One job this run asked the provider to start (`check --create`). */
export interface CreatedJob {
  /** The create operation's operationId. */
  operation: string;
  /** The new job's id, or null when the create did not give one. */
  id: string | null;
  status: number | null;
  /** Why no job was created when the provider refused in a documented way (exit 2), else null. */
  error: string | null;
  findings: Finding[];
}

/** One probe's outcome. */
export interface ProbeReport {
  name: ProbeName;
  /** The job probed (tenant probe), or null. */
  job: string | null;
  /** The request, described with credentials redacted, e.g. `GET /v1/jobs/01H… without credentials`. */
  request: string;
  status: number | null;
  ok: boolean;
  findings: Finding[];
}

/** What one `check` run found. */
export interface CheckReport {
  provider: string;
  baseUrl: string;
  startedAt: string;
  durationMs: number;
  /** Jobs this run started (`create`), in the order asked; empty when it started none. */
  created: CreatedJob[];
  jobs: JobReport[];
  probes: ProbeReport[];
  summary: {
    jobs: number;
    polls: number;
    violations: number;
    /** Jobs that could not be checked (configuration errors: exit 2). */
    errors: number;
    warnings: number;
    /** Violations per code. */
    byCode: Partial<Record<FindingCode, number>>;
  };
}

/** Every finding of a report: creates, jobs, probes. */
export function allFindings(report: Pick<CheckReport, 'jobs' | 'probes'> & { created?: CreatedJob[] }): Finding[] {
  return [...(report.created ?? []).flatMap((c) => c.findings), ...report.jobs.flatMap((j) => j.findings), ...report.probes.flatMap((p) => p.findings)];
}

/** Counts violations and warnings. */
export function summarize(jobs: JobReport[], probes: ProbeReport[], created: CreatedJob[] = []): CheckReport['summary'] {
  const findings = allFindings({ jobs, probes, created });
  const byCode: Partial<Record<FindingCode, number>> = {};
  let violations = 0;
  for (const f of findings) {
    if (f.severity !== 'violation') continue;
    violations++;
    byCode[f.code] = (byCode[f.code] ?? 0) + 1;
  }
  return {
    jobs: jobs.length,
    polls: jobs.reduce((n, j) => n + j.polls, 0),
    violations,
    errors: jobs.filter((j) => j.error !== null).length + created.filter((c) => c.error !== null).length,
    warnings: findings.length - violations,
    byCode,
  };
}
