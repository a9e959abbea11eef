import type { Command } from 'commander';
import { createColors } from 'picocolors';
import type { ProviderInfo } from '../mock/mock.js';
import { CliUsageError, parseIntOption, type CliIo } from './io.js';
import type { ClockMode } from '../core/clock.js';
import { addProviderOptions, pickProvider, requireScenarios, resolveProviders, sourcesOf } from './providers-option.js';
import { refuseBrokenScenarios } from './scenario-problems.js';

interface MockCliOptions {
  port: string;
  host: string;
  seed: string;
  clock: string;
  speed: string;
  provider?: string;
  mode: string;
  rateLimit?: string;
  scenarios?: string[];
  spec?: string[];
  skipBrokenScenarios?: boolean;
  cache: boolean;
  cors: boolean;
  maxJobs: string;
  watch?: boolean;
}

/**
 * The start-up table, readable in an 80-column terminal: per provider a line with its base URL,
 * then one indented row per seeded job of tenant acme (scenario, job id); then each tenant's
 * credentials as curl-ready `-H` flags (kept out of the table so long tokens paste whole).
 * Plain aligned columns: every cell is ASCII, and printing it sits between listening and the
 * first answer, where a box-drawing table costs ~40 ms.
 */
export function formatStartTable(info: ProviderInfo[]): string {
  // Each provider's first tenant (acme for the built-ins) owns one job per scenario.
  const firstTenantJobs = (p: ProviderInfo) => p.jobs.filter((j) => j.tenant === p.tenants[0]?.id);
  const width = Math.max('scenario'.length, ...info.flatMap((p) => firstTenantJobs(p).map((j) => j.scenario.length)));
  // At least 18 wide, as the built-in ids need; a longer id of your own widens the column.
  const label = Math.max(16, ...info.flatMap((p) => p.tenants.map((t) => p.id.length + t.id.length + 1))) + 2;
  const lines = [`provider / base URL, then each scenario's job (of the first tenant, acme)`];
  for (const p of info) {
    lines.push(`${p.id}  ${p.baseUrl}`);
    for (const j of firstTenantJobs(p)) lines.push(`  ${j.scenario.padEnd(width)}  ${j.id}`);
  }
  const credentials = info.flatMap((p) =>
    p.tenants.map(
      (t) =>
        `  ${`${p.id} ${t.id}`.padEnd(label)}${Object.entries(t.headers)
          .map(([k, v]) => `-H '${k}: ${v}'`)
          .join(' ')}`,
    ),
  );
  return `${lines.join('\n')}\nDemo credentials, tenants acme and globex (another tenant's job answers 404);\nall of them, limited ones too, with their scopes: GET /__admin/providers\n${credentials.join('\n')}`;
}

/** The job the "Try:" line polls: one still running when a person reads it (the `slow` scenario's). */
export function tryJob(info: ProviderInfo): ProviderInfo['jobs'][number] | undefined {
  const acme = info.jobs.filter((j) => j.tenant === info.tenants[0]?.id);
  return acme.find((j) => j.scenario === 'slow') ?? acme.find((j) => j.scenario === 'stuck') ?? acme[0];
}

/** `job-contracts mock`: every provider's scenario-scripted mock on one port. */
export function registerMock(program: Command, io: CliIo): void {
  addProviderOptions(program.command('mock'))
    .description('serve scenario-scripted mocks of every provider (default http://127.0.0.1:4010/<provider>)')
    .option('--port <n>', 'port (0 for any free one)', '4010')
    .option('--host <addr>', 'address to listen on', '127.0.0.1')
    .option('--seed <seed>', 'seed for ids, timestamps and text', 'job-contracts')
    .option('--clock <mode>', 'wall | poll | manual', 'wall')
    .option('--speed <x>', 'wall clock speed factor', '1')
    .option('--provider <id>', 'serve one provider at the root instead of all under /<id>')
    .option('--mode <mode>', 'scenario | schema (everything schema-driven through Prism)', 'scenario')
    .option('--rate-limit <n>', 'requests per second per credential before the provider\'s 429')
    .option('--skip-broken-scenarios', 'serve without the scenario files that cannot be used (default: refuse to start, exit 2)')
    .option('--max-jobs <n>', 'live jobs kept per provider; past it the oldest created through the API are forgotten', '50000')
    .option('--no-cors', 'no CORS headers and no preflight answers (on by default, so a browser app on another port can poll)')
    .option('--watch', 'reload specs and scenarios when their files change (a broken edit keeps the last good version)')
    .option('--no-cache', 'parse and check every spec and scenario afresh (skips node_modules/.cache/job-contracts)')
    .action(async (options: MockCliOptions) => {
      const pc = createColors(io.color);
      const port = parseIntOption('--port', options.port, 0, 65535);
      if (!['wall', 'poll', 'manual'].includes(options.clock)) throw new CliUsageError(`--clock must be wall, poll or manual, got "${options.clock}".`);
      const speed = Number(options.speed);
      if (!Number.isFinite(speed) || speed <= 0 || speed > 10_000) throw new CliUsageError(`--speed must be a number above 0 (up to 10000), got "${options.speed}".`);
      if (options.mode !== 'scenario' && options.mode !== 'schema') throw new CliUsageError(`--mode must be scenario or schema, got "${options.mode}".`);
      const maxJobs = parseIntOption('--max-jobs', options.maxJobs, 1, 100_000_000);
      const rateLimit = options.rateLimit === undefined ? undefined : parseIntOption('--rate-limit', options.rateLimit, 1, 1_000_000);
      const resolved = resolveProviders(options);
      const only = pickProvider(resolved, options.provider);
      const providers = sourcesOf(resolved, only);
      let prism: import('../node/prism.js').PrismFallback | undefined;
      if (options.mode === 'schema') {
        const { startPrism } = await import('../node/prism.js');
        io.err('Starting Prism for schema-driven answers (a few seconds)…\n');
        prism = await startPrism(only ? [only] : resolved.ids, { files: resolved.files, basePort: port });
      }
      const fallback = prism?.fallback;
      // Loaded here, not at start-up: `validate` and `--help` should not pay for the mock.
      const { createMock } = await import('../mock/mock.js');
      const { serve } = await import('../node/server.js');
      // Whatever stops the start from here on also stops the Prism children already running.
      const started = await (async () => {
        const mock = createMock({
          providers,
          seed: options.seed,
          clock: options.clock as ClockMode,
          speed,
          ...(options.provider ? { mount: 'root' as const } : {}),
          ...(rateLimit ? { rateLimit } : {}),
          scenarioDirs: resolved.scenarioDirs,
          ...(fallback ? { fallback, schemaOnly: true } : {}),
          ...(options.cache ? {} : { cache: false as const }),
          maxJobs,
        });
        refuseBrokenScenarios(mock.problems, io, options.skipBrokenScenarios === true);
        if (!fallback) requireScenarios(resolved, (id) => mock.providers.get(id)?.scenarios.size ?? 0);
        try {
          return { mock, running: await serve(mock.handle, { host: options.host, port, cors: options.cors }) };
        } catch (error) {
          const code = (error as NodeJS.ErrnoException).code;
          throw new CliUsageError(
            code === 'EADDRINUSE' ? `port ${port} on ${options.host} is in use. Stop the other server or pass --port <n> (0 picks a free one).` : `cannot listen on ${options.host}:${port}: ${(error as Error).message}.`,
          );
        }
      })().catch(async (error: unknown) => {
        await prism?.close();
        throw error;
      });
      const { mock, running } = started;
      const info = mock.describe(running.origin);
      io.out(`${pc.bold('job-contracts mock')} on ${running.origin}  (clock ${options.clock}${options.clock === 'wall' ? ` ×${speed}` : ''}, seed ${options.seed}, mode ${options.mode})\n`);
      io.out(`${formatStartTable(info)}\n`);
      const first = info[0];
      const job = first ? tryJob(first) : undefined;
      const getJob = first ? mock.providers.get(first.id)?.contract.operation('getJob') : undefined;
      if (first && job && getJob) {
        const headers = Object.entries(first.tenants[0]?.headers ?? {})
          .map(([k, v]) => `-H '${k}: ${v}'`)
          .join(' ');
        io.out(`Try (the ${job.scenario} scenario's job, still running): curl ${headers} ${first.baseUrl}${getJob.path.replace(/\{[^}]+\}/, job.id)}\n`);
      }
      io.out(`Admin API: ${running.origin}/__admin/providers\n`);
      io.out("Create a job: the provider's create endpoint with Prefer: scenario=<name>, or\n");
      // Providers whose real API has no create endpoint (their jobs start elsewhere) are named.
      const noCreate = [...mock.providers].filter(([, p]) => !p.contract.operation('createJob')).map(([id]) => id);
      io.out(`POST /__admin/jobs {"provider","scenario"}${noCreate.length ? ` (${noCreate.join(' and ')} have no create\nendpoint in their real APIs)` : ''}. Ctrl-C stops.\n`);
      // chokidar loads only when asked for.
      const watching = options.watch ? await import('../node/watch.js') : undefined;
      const watcher = watching?.watchMock(mock, { onReload: (report) => io.out(watching.describeReload(report)) });
      if (watcher) io.out(`Watching ${mock.watchList().length} spec files and scenario folders for changes.\n`);
      const stop = () => {
        void Promise.all([running.close(), prism?.close(), watcher?.close()]).then(() => process.exit(0));
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
}
