/**
 * `checkJobs`: probes, then every job polled to its end (a few at a time), as one report with
 * every credential redacted.
 */
import { setTimeout as delay } from 'node:timers/promises';
import { createContracts } from '../contracts/contracts.js';
import { defaultContracts } from '../contracts/index.js';
import { UsageError } from '../errors/index.js';
import type { RunContext } from './context.js';
import { toHeaderList } from './headers.js';
import { type CheckOptions, resolveNumbers, shardJobs } from './options.js';
import { pollJob } from './poller.js';
import { runProbes } from './probes.js';
import { createRedactor, redactDeep, secretsOfHeaders, stripUserInfo } from './redact.js';
import { type CheckReport, type JobReport, type ProbeName, probeNames, summarize } from './report.js';

function parseBaseUrl(raw: string): { url: URL; secrets: string[] } {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new UsageError('--base-url is not a URL. Pass the provider\'s base URL, e.g. https://staging.example.com/v1.');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new UsageError(`--base-url must be http or https, got ${url.protocol.slice(0, -1)}.`);
  const stripped = stripUserInfo(url);
  if (stripped.secrets.length > 0) throw new UsageError('--base-url carries credentials (user:password@). Pass them with --header or JOB_CONTRACTS_HEADERS instead.');
  return stripped;
}

function skippedProbes(options: CheckOptions): Set<ProbeName> {
  if (options.probes === false) return new Set(probeNames);
  const skip = new Set<ProbeName>(options.probes && options.probes !== true ? options.probes.skip : []);
  // The run-wide probes need to run once, not once per shard.
  if (options.shard && options.shard.index > 1) for (const name of ['auth', 'unknown-id', 'malformed-id'] as const) skip.add(name);
  return skip;
}

async function pool<T, R>(items: readonly T[], size: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(size, items.length) }, worker));
  return results;
}

/**
 * Checks live jobs against a provider's contract: every answer, each job's lifecycle across
 * polls, and the auth, not-found and tenant probes. Never throws for what the server does;
 * throws UsageError for options that cannot work.
 * @example
 * const report = await checkJobs({ provider: 'figur', baseUrl, jobs: [id], headers: { Authorization: `Bearer ${key}` } });
 * if (report.summary.violations > 0) process.exitCode = 1;
 */
export async function checkJobs(options: CheckOptions): Promise<CheckReport> {
  const numbers = resolveNumbers(options);
  const headers = toHeaderList(options.headers);
  const otherHeaders = toHeaderList(options.otherTenantHeaders);
  const redact = createRedactor([...secretsOfHeaders(headers), ...secretsOfHeaders(otherHeaders)]);
  try {
    const contracts =
      options.spec !== undefined
        ? createContracts({ files: new Map([[options.provider, options.spec]]) })
        : options.specsDir
          ? createContracts({ specsDir: options.specsDir })
          : defaultContracts();
    const contract = contracts.get(options.provider);
    const operation = contract.operation('getJob');
    if (!operation) throw new UsageError(`${options.provider} documents no getJob operation (x-job-role: getJob); nothing to poll.`);
    if (options.jobs.length === 0) throw new UsageError('no jobs to check: pass at least one --job <id>.');
    const { url } = parseBaseUrl(options.baseUrl);
    const baseUrl = url.href.replace(/\/+$/, '');
    const jobs = shardJobs(options.jobs, options.shard);
    const now = options.now ?? Date.now;
    const sleep = options.sleep ?? ((ms: number, signal?: AbortSignal) => delay(ms, undefined, signal ? { signal } : {}));
    const ctx: RunContext = {
      provider: options.provider,
      contract,
      operation,
      baseUrl,
      headers,
      otherHeaders,
      numbers,
      now,
      sleep: (ms) => sleep(ms, options.signal).catch(() => undefined),
      emit: (event) => options.onEvent?.(redactDeep(event, redact)),
      transport: {
        fetch: options.fetch ?? globalThis.fetch,
        sleep,
        now,
        requestTimeoutMs: numbers.requestTimeoutMs,
        maxBodyBytes: numbers.maxBodyBytes,
        maxRedirects: numbers.maxRedirects,
        retries: numbers.retries,
        backoffMs: numbers.backoffMs,
        maxBackoffMs: numbers.maxBackoffMs,
        ...(options.signal ? { signal: options.signal } : {}),
      },
    };
    const startedAt = new Date().toISOString();
    const started = now();
    const probes = await runProbes(ctx, jobs, skippedProbes(options));
    const reports: JobReport[] = await pool(jobs, numbers.concurrency, (id) => pollJob(ctx, id));
    const report: CheckReport = { provider: options.provider, baseUrl, startedAt, durationMs: Math.round(now() - started), jobs: reports, probes, summary: summarize(reports, probes) };
    return redactDeep(report, redact);
  } catch (error) {
    if (error instanceof Error) {
      error.message = redact(error.message);
      if (error.stack) error.stack = redact(error.stack);
    }
    throw error;
  }
}
