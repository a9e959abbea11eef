import { UsageError } from '../errors/index.js';
import type { HeaderList } from './headers.js';
import type { JobReport, ProbeName, ProbeReport } from './report.js';

/** What `checkJobs` reports while it runs (progress output listens to these). */
export type CheckEvent =
  | { type: 'job-start'; job: string }
  | { type: 'poll'; job: string; poll: number; httpStatus: number | null; status: string | undefined; findings: number; elapsedMs: number }
  | { type: 'job-end'; job: string; report: JobReport }
  | { type: 'probe'; probe: ProbeReport };

/**
 * Options of `checkJobs`. Only provider, baseUrl and jobs are required; the defaults are the
 * CLI's. `fetch`, `sleep` and `now` are injectable so tests never wait.
 */
export interface CheckOptions {
  provider: string;
  /** The provider's base URL (the spec's server URL on staging), e.g. `https://stg-api.example.com/v1`. */
  baseUrl: string;
  jobs: readonly string[];
  /**
   * Query parameters sent with every request (an `api-version`, say). A required query parameter
   * of an operation not given here is filled from the spec's example (or first enum value).
   */
  query?: Record<string, string>;
  /** Credential headers for the jobs' tenant. */
  headers?: Record<string, string> | HeaderList;
  /** Credentials of another tenant: enables the tenant probe. */
  otherTenantHeaders?: Record<string, string> | HeaderList;
  /** Wait between polls of a job, ms (default 1000). A longer Retry-After wins. */
  intervalMs?: number;
  /** A job must reach a terminal state within this many ms (default 10 min); probes too. */
  timeoutMs?: number;
  /** The whole run (creates, probes, polls, retries, waits) ends within this many ms (default: no limit beyond the timeouts). */
  deadlineMs?: number;
  /** Start this many jobs through the provider's create operation (1–20), then poll them too. */
  create?: number;
  /** The create operation's request body (JSON value), when it needs one. */
  createBody?: unknown;
  /** Each request, redirects and body included, ms (default 30 s). */
  requestTimeoutMs?: number;
  /** Jobs polled at once (default 4). */
  concurrency?: number;
  /** Polls per job at most (default unlimited: the timeout bounds it). */
  maxPolls?: number;
  /** Polls after a terminal state, to check it stays final (default 1). */
  terminalPolls?: number;
  /** Retries of a 429/5xx answer (default 3), first backoff (default 500 ms, doubling). */
  retries?: number;
  backoffMs?: number;
  /** Cap on any wait before a retry, Retry-After included (default 60 s). */
  maxBackoffMs?: number;
  /** Body bytes read at most (default 8 MiB). */
  maxBodyBytes?: number;
  /** JSON nesting accepted at most (default 256). */
  maxJsonDepth?: number;
  maxRedirects?: number;
  /** Probes to skip; `false` skips all (default: run every probe). */
  probes?: boolean | { skip: readonly ProbeName[] };
  /** Only this shard of the job list: `{ index: 1, total: 4 }` is the first of four. */
  shard?: { index: number; total: number };
  /** A specs folder other than the package's own. */
  specsDir?: string;
  /** Your provider's own spec file (x-job-lifecycle, x-job-role): `provider` names it. */
  spec?: string;
  fetch?: typeof globalThis.fetch;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  now?: () => number;
  signal?: AbortSignal;
  onEvent?: (event: CheckEvent) => void;
}

/**
 * Parses `i/n` (1-based), e.g. `2/4`.
 * @example parseShard('2/4') // { index: 2, total: 4 }
 */
export function parseShard(raw: string): { index: number; total: number } {
  const m = /^(\d+)\/(\d+)$/.exec(raw.trim());
  const index = Number(m?.[1]);
  const total = Number(m?.[2]);
  if (!m || total < 1 || index < 1 || index > total) throw new UsageError(`--shard must be i/n with 1 <= i <= n (e.g. 2/4), got "${raw}".`);
  return { index, total };
}

/** The jobs of one shard: every n-th job, starting at the i-th. */
export function shardJobs(jobs: readonly string[], shard: { index: number; total: number } | undefined): string[] {
  if (!shard) return [...jobs];
  return jobs.filter((_, i) => i % shard.total === shard.index - 1);
}

function positive(name: string, value: number | undefined, fallback: number, min = 0): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) && value !== Number.POSITIVE_INFINITY) throw new UsageError(`${name} must be a number, got ${value}.`);
  if (value < min) throw new UsageError(`${name} must be at least ${min}, got ${value}.`);
  return value;
}

/** Options with every default filled in and checked. */
export function resolveNumbers(o: CheckOptions) {
  return {
    intervalMs: positive('interval', o.intervalMs, 1000),
    timeoutMs: positive('timeout', o.timeoutMs, 600_000, 1),
    deadlineMs: positive('deadline', o.deadlineMs, Number.POSITIVE_INFINITY, 1),
    requestTimeoutMs: positive('request timeout', o.requestTimeoutMs, 30_000, 1),
    concurrency: Math.floor(positive('concurrency', o.concurrency, 4, 1)),
    maxPolls: positive('max polls', o.maxPolls, Number.POSITIVE_INFINITY, 1),
    terminalPolls: Math.floor(positive('terminal polls', o.terminalPolls, 1)),
    retries: Math.floor(positive('retries', o.retries, 3)),
    backoffMs: positive('backoff', o.backoffMs, 500),
    maxBackoffMs: positive('max backoff', o.maxBackoffMs, 60_000),
    maxBodyBytes: Math.floor(positive('max body bytes', o.maxBodyBytes, 8 * 1024 * 1024, 1)),
    maxJsonDepth: Math.floor(positive('max JSON depth', o.maxJsonDepth, 256, 1)),
    maxRedirects: Math.floor(positive('max redirects', o.maxRedirects, 5)),
  };
}

/** The numbers `checkJobs` runs with. */
export type ResolvedNumbers = ReturnType<typeof resolveNumbers>;
