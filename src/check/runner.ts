/**
 * `checkJobs`: jobs created if asked, then probes and every job polled to its end (a few at a
 * time, all within the run's deadline), as one report with every credential redacted.
 */
import { setTimeout as delay } from 'node:timers/promises';
import { createContracts } from '../contracts/contracts.js';
import { defaultContracts } from '../contracts/index.js';
import { UsageError } from '../errors/index.js';
import { type RunContext, jobUrl } from './context.js';
import { createJob, createOperation } from './create.js';
import { toHeaderList } from './headers.js';
import { type CheckOptions, resolveNumbers, shardJobs } from './options.js';
import { pollJob } from './poller.js';
import { probeTasks } from './probes.js';
import { unknownIdLike } from './ids.js';
import { get } from './transport.js';
import { createRedactor, redactDeep, secretsOfHeaders, stripUserInfo } from './redact.js';
import { type CheckReport, type JobReport, type ProbeName, type ProbeReport, probeNames, summarize } from './report.js';
import { createQueryOf } from './query.js';

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
  // A query would be glued into every path (and printed); a fragment would drop the path.
  if (url.search !== '' || raw.includes('?')) throw new UsageError('--base-url has a query string (?…). Pass the base URL alone; credentials go in --header or JOB_CONTRACTS_HEADERS.');
  if (url.hash !== '' || raw.includes('#')) throw new UsageError('--base-url has a fragment (#…). Pass the base URL alone, e.g. https://staging.example.com/v1.');
  return stripped;
}

/** Failures of a first request that mean the base URL cannot be reached at all. */
const UNREACHABLE = new Set(['refused', 'dns', 'tls', 'reset']);

/** One GET (no credentials, no retry) before anything else: an unreachable base URL is a setup error (exit 2). */
async function preflight(ctx: RunContext, id: string): Promise<void> {
  const url = jobUrl(ctx, id);
  const [attempt] = await get({ ...ctx.transport, retries: 0 }, url, [], { endBy: ctx.deadlineAt });
  if (!attempt || attempt.ok || !UNREACHABLE.has(attempt.failure.rule)) return;
  const origin = new URL(url).origin;
  const fix =
    attempt.failure.rule === 'tls'
      ? /self-signed|trusted CA/.test(attempt.failure.message)
        ? ' If staging uses a private CA, point NODE_EXTRA_CA_CERTS at its certificate (PEM), e.g. NODE_EXTRA_CA_CERTS=./staging-ca.pem.'
        : ' Check the scheme (http/https) and port of --base-url.'
      : attempt.failure.rule === 'reset'
        ? ' Check the scheme (http/https) and port of --base-url.'
        : ' Check --base-url.';
  throw new UsageError(`cannot reach ${origin}: ${attempt.failure.message}.${fix}`);
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
 * const report = await checkJobs({ provider: 'my-api', baseUrl, jobs: [id], headers: { Authorization: `Bearer ${key}` } });
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
    const createCount = options.create ?? 0;
    if (options.jobs.length === 0 && createCount === 0) throw new UsageError('no jobs to check: pass at least one --job <id>, or --create <n>.');
    const { url } = parseBaseUrl(options.baseUrl);
    const baseUrl = url.href.replace(/\/+$/, '');
    const now = options.now ?? Date.now;
    const sleep = options.sleep ?? ((ms: number, signal?: AbortSignal) => delay(ms, undefined, signal ? { signal } : {}));
    const started = now();
    const queryOf = createQueryOf(contract, options.query ?? {});
    // A required query parameter with no value stops the run here, before any request.
    queryOf(operation);
    const ctx: RunContext = {
      provider: options.provider,
      contract,
      operation,
      queryOf,
      baseUrl,
      headers,
      otherHeaders,
      numbers,
      deadlineAt: started + numbers.deadlineMs,
      redact,
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
    const createOp = createCount > 0 ? createOperation(ctx, createCount, options.createBody) : undefined;
    const startedAt = new Date().toISOString();
    await preflight(ctx, options.jobs[0] ?? unknownIdLike('01JWQYPTRR9R336K6AF10Q87SD', () => true));
    // Created jobs are the run's own: every shard creates its own, so they are not sharded.
    const created = createOp ? await pool(Array.from({ length: createCount }), numbers.concurrency, () => createJob(ctx, createOp, options.createBody)) : [];
    const own = new Set(created.flatMap((c) => (c.id === null ? [] : [c.id])));
    const jobs = [...shardJobs(options.jobs, options.shard), ...own];
    // Probes and polls share one pool: --concurrency bounds every request in flight.
    const probeRuns = probeTasks(ctx, jobs, skippedProbes(options)).map((task) => async () => {
      const probe = await task();
      ctx.emit({ type: 'probe', probe });
      return probe;
    });
    const tasks: Array<() => Promise<ProbeReport | JobReport>> = [...probeRuns, ...jobs.map((id) => () => pollJob(ctx, id, own.has(id)))];
    const results = await pool(tasks, numbers.concurrency, (task) => task());
    const probes = results.filter((r): r is ProbeReport => 'name' in r);
    const reports = results.filter((r): r is JobReport => !('name' in r));
    const report: CheckReport = { provider: options.provider, baseUrl, startedAt, durationMs: Math.round(now() - started), created, jobs: reports, probes, summary: summarize(reports, probes, created) };
    return redactDeep(report, redact);
  } catch (error) {
    if (error instanceof Error) {
      error.message = redact(error.message);
      if (error.stack) error.stack = redact(error.stack);
    }
    throw error;
  }
}
