import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Command } from 'commander';
import type { CheckReport, ProbeName } from '../check/index.js';
import { probeNames } from '../check/report.js';

// The checker is loaded when `check` runs, so `mock` and `validate` start without it.
type CheckModule = typeof import('../check/index.js');
import { UsageError } from '../errors/index.js';
import { type CliIo, CliUsageError, parseIntOption, processIo } from './io.js';
import { addProviderOptions, pickProvider, providerHelp, resolveProviders } from './providers-option.js';

const reporterNames = ['pretty', 'json', 'junit'] as const;
type ReporterName = (typeof reporterNames)[number];

interface CheckCliOptions {
  provider?: string;
  spec?: string[];
  scenarios?: string[];
  baseUrl: string;
  job?: string[];
  header?: string[];
  query?: string[];
  otherTenantHeader?: string[];
  interval: string;
  timeout: string;
  deadline?: string;
  create?: string;
  createBody?: string;
  requestTimeout: string;
  concurrency: string;
  maxPolls?: string;
  terminalPolls: string;
  retries: string;
  maxBackoff: string;
  maxBodyBytes: string;
  shard?: string;
  probes: boolean;
  skipProbe?: string[];
  quiet?: boolean;
}

const collect = (value: string, previous: string[] | undefined) => [...(previous ?? []), value];

function readJsonFile(option: string, file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (cause) {
    throw new CliUsageError(`cannot read ${option} ${file}: ${(cause as NodeJS.ErrnoException).code ?? (cause as Error).message}. Check the path.`);
  }
  try {
    return JSON.parse(text);
  } catch (cause) {
    throw new CliUsageError(`${option} ${file} is not JSON: ${(cause as Error).message}.`);
  }
}

function render(check: CheckModule, name: ReporterName, report: CheckReport, color: boolean): string {
  if (name === 'json') return check.renderJson(report);
  if (name === 'junit') return check.renderJunit(report);
  return check.renderPretty(report, { color });
}

function headersFrom(check: CheckModule, flags: string[], envName: string, flag: string) {
  const env = process.env[envName];
  return check.mergeHeaders(env ? check.parseHeaderLines(env.split('\n'), envName) : [], check.parseHeaderLines(flags, flag));
}

function skipList(raw: string[]): ProbeName[] {
  return raw.flatMap((r) => r.split(',')).map((name) => {
    const trimmed = name.trim();
    if (!(probeNames as readonly string[]).includes(trimmed)) throw new CliUsageError(`--skip-probe must be one of ${probeNames.join(', ')}, got "${trimmed}".`);
    return trimmed as ProbeName;
  });
}

/** `job-contracts check`: polls live jobs and checks every answer and each job's lifecycle. */
export function registerCheck(program: Command, io: CliIo): void {
  // --reporter/--output pairs, in command-line order (an --output belongs to the --reporter before it).
  const reporters: Array<{ name: ReporterName; output?: string }> = [];
  addProviderOptions(program.command('check'))
    .description("poll live jobs and check every answer, each job's lifecycle, auth, not-found and tenancy against the contract")
    .option('--provider <id>', `${providerHelp()} (default: your one --spec)`)
    .requiredOption('--base-url <url>', "the provider's base URL (the spec's server URL on your staging host)")
    .option('--job <id>', 'a job to poll (repeatable)', collect)
    .option('--header <line>', "credential header 'Name: value' (repeatable; or JOB_CONTRACTS_HEADERS, one per line)", collect)
    .option('--query <name=value>', "a query parameter sent with every request, e.g. api-version=2024-01-01 (repeatable; a required one the spec gives an example of is sent anyway)", collect)
    .option('--other-tenant-header <line>', "another tenant's credential header: enables the tenant probe (or JOB_CONTRACTS_OTHER_TENANT_HEADERS)", collect)
    .option('--interval <duration>', 'wait between polls of a job; a longer Retry-After wins', '1s')
    .option('--timeout <duration>', 'per job (and per probe): reach a terminal state within this', '10m')
    .option('--deadline <duration>', 'the whole run, probes, retries and waits included, ends within this (default: no limit beyond --timeout)')
    .option('--create <n>', `start n jobs (at most 20) through the provider's create operation, then poll them too`)
    .option('--create-body <file>', 'JSON request body for --create, when the create operation needs one')
    .option('--request-timeout <duration>', 'per request, body included', '30s')
    .option('--concurrency <n>', 'jobs polled at once', '4')
    .option('--max-polls <n>', 'polls per job at most (default: no limit, the timeout bounds it)')
    .option('--terminal-polls <n>', 'polls after a terminal state, to check it stays final', '1')
    .option('--retries <n>', 'retries of a 429/5xx answer, with backoff', '3')
    .option('--max-backoff <duration>', 'longest wait before a retry, Retry-After included', '60s')
    .option('--max-body-bytes <n>', 'bytes read from a body at most', String(8 * 1024 * 1024))
    .option('--shard <i/n>', 'check only the i-th of n slices of the job list (CI matrix)')
    .option('--no-probes', 'skip every probe')
    .option('--skip-probe <name>', `skip a probe: ${probeNames.join(', ')} (repeatable)`, collect)
    .option('--reporter <name>', 'pretty | json | junit (repeatable; default pretty)', (value: string) => {
      if (!(reporterNames as readonly string[]).includes(value)) throw new CliUsageError(`--reporter must be one of ${reporterNames.join(', ')}, got "${value}".`);
      reporters.push({ name: value as ReporterName });
      return value;
    })
    .option('--output <file>', 'write the preceding --reporter to this file instead of stdout', (value: string) => {
      const last = reporters[reporters.length - 1];
      if (!last || last.output !== undefined) throw new CliUsageError('put each --output right after the --reporter it is for, e.g. --reporter junit --output junit.xml.');
      last.output = value;
      return value;
    })
    .option('--quiet', 'no progress output')
    .action(async (options: CheckCliOptions) => {
      const resolved = resolveProviders(options);
      const provider = pickProvider(resolved, options.provider, true) as string;
      const spec = resolved.files.get(provider);
      const check: CheckModule = await import('../check/index.js');
      const create = options.create === undefined ? undefined : parseIntOption('--create', options.create, 1, 20);
      if ((!options.job || options.job.length === 0) && create === undefined) throw new CliUsageError('no jobs to check: pass at least one --job <id>, or --create <n>.');
      if (options.createBody !== undefined && create === undefined) throw new CliUsageError('--create-body goes with --create <n>.');
      const createBody = options.createBody === undefined ? undefined : readJsonFile('--create-body', options.createBody);
      const chosen = reporters.length > 0 ? reporters : [{ name: 'pretty' as const }];
      if (chosen.filter((r) => r.output === undefined).length > 1) throw new CliUsageError('only one reporter can write to stdout; give the others --output <file>.');
      let report: CheckReport;
      const stderrTty = io === processIo && process.stderr.isTTY === true;
      const timeoutMs = check.parseDuration('--timeout', options.timeout);
      const progress = options.quiet || !chosen.some((r) => r.name === 'pretty') ? undefined : check.createProgress({ write: io.err, timeoutMs, ...(stderrTty ? { tty: process.stderr } : {}) });
      try {
        report = await check.checkJobs({
          provider,
          ...(spec !== undefined ? { spec } : {}),
          baseUrl: options.baseUrl,
          jobs: options.job ?? [],
          ...(create !== undefined ? { create } : {}),
          ...(createBody !== undefined ? { createBody } : {}),
          ...(options.deadline !== undefined ? { deadlineMs: check.parseDuration('--deadline', options.deadline) } : {}),
          ...(options.query !== undefined ? { query: Object.fromEntries(options.query.map((raw) => check.parseQueryParam(raw))) } : {}),
          headers: headersFrom(check, options.header ?? [], 'JOB_CONTRACTS_HEADERS', '--header'),
          otherTenantHeaders: headersFrom(check, options.otherTenantHeader ?? [], 'JOB_CONTRACTS_OTHER_TENANT_HEADERS', '--other-tenant-header'),
          intervalMs: check.parseDuration('--interval', options.interval),
          timeoutMs,
          requestTimeoutMs: check.parseDuration('--request-timeout', options.requestTimeout),
          concurrency: parseIntOption('--concurrency', options.concurrency, 1, 256),
          ...(options.maxPolls !== undefined ? { maxPolls: parseIntOption('--max-polls', options.maxPolls, 1) } : {}),
          terminalPolls: parseIntOption('--terminal-polls', options.terminalPolls, 0, 100),
          retries: parseIntOption('--retries', options.retries, 0, 20),
          maxBackoffMs: check.parseDuration('--max-backoff', options.maxBackoff),
          maxBodyBytes: parseIntOption('--max-body-bytes', options.maxBodyBytes, 1024),
          probes: options.probes === false ? false : { skip: skipList(options.skipProbe ?? []) },
          ...(options.shard !== undefined ? { shard: check.parseShard(options.shard) } : {}),
          ...(progress ? { onEvent: progress.onEvent } : {}),
        });
      } catch (error) {
        if (error instanceof UsageError) throw new CliUsageError(error.message);
        throw error;
      } finally {
        progress?.stop();
      }
      for (const reporter of chosen) {
        if (reporter.output === undefined) {
          io.out(render(check, reporter.name, report, io.color));
          continue;
        }
        try {
          mkdirSync(dirname(reporter.output), { recursive: true });
          writeFileSync(reporter.output, render(check, reporter.name, report, false));
        } catch (cause) {
          throw new CliUsageError(`cannot write ${reporter.output}: ${(cause as NodeJS.ErrnoException).code ?? (cause as Error).message}. Check the path.`);
        }
      }
      io.exit(report.summary.errors > 0 ? 2 : report.summary.violations > 0 ? 1 : 0);
    });
}
