import { createContracts, providerIdOfFile } from '../contracts/contracts.js';
import { openLoadCache, resolveCacheDir } from '../contracts/load-cache.js';
import { createSchemaCompiler } from '../contracts/compile.js';
import type { LoadCache } from '../core/ports.js';
import { packageRoot } from '../contracts/package-root.js';
import { type Clock, type ClockMode, createClock } from '../core/clock.js';
import type { Scenario } from '../core/scenario.js';
import { ConfigError, UsageError } from '../errors/index.js';
import { type ProviderId, providerIds } from '../providers/ids.js';
import type { ProviderHooks } from '../core/load-definition.js';
import type { JobStore } from '../core/jobs.js';
import { type LoadedProvider, loadProvider, type ResolvedSource } from '../load/provider.js';
import { handleAdmin } from './admin.js';
import { Journal } from '../core/journal.js';
import { headless, headOfRequest, type PlainAnswer, type RequestHead, toResponse } from '../core/head.js';
import type { FetchHandler } from '../node/server.js';
import { createProviderMock, type ProviderMock } from '../core/provider.js';
import { outsideRoute } from '../core/answers.js';
import { serverBasePath } from '../core/router.js';
import { checkScenarioDirs } from '../load/scenario-dirs.js';

/** How to build a mock. Every field is optional: the defaults are `npm run mock`'s. */
export interface MockOptions {
  /**
   * Which providers to serve (default: every built-in one): a built-in id, or your own provider
   * as `{ spec, scenarios, hooks }` — its spec file and the folders of its scenario files.
   */
  providers?: readonly (ProviderId | ProviderSource)[];
  seed?: string | number;
  clock?: ClockMode | Clock;
  speed?: number;
  epoch?: number;
  /** `prefix` (default): every provider under `/<id>`; `root`: one provider at `/`. */
  mount?: 'prefix' | 'root';
  /** Extra folders laid out like scenarios/ (`<dir>/<provider>/<name>.yaml`); they win by name. */
  scenarioDirs?: readonly string[];
  rateLimit?: number;
  bodyLimit?: number;
  journalSize?: number;
  sleep?: (ms: number) => Promise<void>;
  /** Create one job per built-in scenario at start (default true). */
  seedJobs?: boolean;
  fallback?: (provider: string, request: Request, path: string) => Promise<Response>;
  schemaOnly?: boolean;
  /**
   * Where parsed specs and scenarios and load-time check results are kept between starts
   * (default `node_modules/.cache/job-contracts`, or JOB_CONTRACTS_CACHE_DIR; JOB_CONTRACTS_CACHE=off
   * or `false` turns it off). Keyed by file contents and the toolkit's own code.
   */
  cache?: string | false;
  /**
   * Live jobs kept per provider (default 50,000): past it, the oldest job created through the
   * API or `createJob` is forgotten and answers as an id that never existed. The jobs seeded at
   * start stay.
   */
  maxJobs?: number;
}

/** A provider of your own: its spec file, its scenario folders, and (rarely) hooks. */
export interface ProviderSource {
  /** The OpenAPI 3.1 file with x-job-lifecycle, x-job-role and x-job-mock. */
  spec: string;
  /** Folders holding its scenario files (`<dir>/*.yaml`, or `<dir>/<id>/*.yaml`). */
  scenarios?: string | readonly string[];
  /** The provider's id (default: the spec file's name without `.yaml`). */
  id?: string;
  hooks?: ProviderHooks;
}

/** What GET /__admin/providers lists for each provider. */
export interface ProviderInfo {
  id: string;
  baseUrl: string;
  tenants: Array<{ id: string; headers: Record<string, string> }>;
  /** Every credential the mock accepts, with its tenant and scopes. */
  credentials: Array<{ tenant: string; label: string; scopes: string[]; headers: Record<string, string>; query?: Record<string, string> }>;
  jobs: Array<{ id: string; tenant: string; scenario: string }>;
}

/** A running mock: one Fetch handler for every provider, plus its jobs and clock. */
export interface Mock {
  readonly clock: Clock;
  readonly journal: Journal;
  readonly providers: Map<string, ProviderMock>;
  /** Scenario files that could not be used, with messages naming file, step and rule. */
  readonly problems: ConfigError[];
  /** How the start-up cache served this mock: entries found, entries computed, and its folder. */
  readonly cache: LoadCache['stats'];
  /** Answers any request: providers, `/__admin/*`, or a JSON 404. Its `answerHead` is the same
   *  core for node:http's GETs (see `serve`). */
  readonly handle: FetchHandler;
  /** The path prefix a provider is mounted at ('' at root, else `/<id>`). */
  mountOf(provider: string): string;
  describe(origin: string): ProviderInfo[];
  createJob(provider: string, scenario: string, tenant?: string): { id: string; tenant: string; scenario: string };
  scenarioList(): Array<{ provider: string; name: string; description: string }>;
  jobCount(): number;
  reset(): void;
  /** The spec files and scenario folders this mock was loaded from (what `--watch` watches). */
  watchList(): string[];
  /**
   * Loads every provider's files again. A spec that no longer loads keeps its last good version;
   * a broken scenario file keeps its last good version; jobs keep running on their scenario's new
   * version, and jobs whose scenario is gone are dropped.
   */
  reload(): ReloadReport;
}

/** What a reload did. */
export interface ReloadReport {
  reloaded: string[];
  /** Providers whose spec failed to load: still served as they were. */
  kept: string[];
  problems: ConfigError[];
  /** Jobs dropped because their scenario is gone. */
  dropped: number;
}

/**
 * Builds the mock behind `npm run mock`, the MSW handlers and the tests: one engine, one
 * Fetch handler. Nothing is shared between two mocks.
 * @example const mock = createMock({ clock: 'manual', seed: 'test' });
 */
export function createMock(options: MockOptions = {}): Mock {
  const sources: ResolvedSource[] = (options.providers ?? providerIds).map((p) =>
    typeof p === 'string'
      ? { id: p }
      : { id: p.id ?? providerIdOfFile(p.spec), spec: p.spec, scenarios: typeof p.scenarios === 'string' ? [p.scenarios] : (p.scenarios ?? []), ...(p.hooks ? { hooks: p.hooks } : {}) },
  );
  const ids = sources.map((s) => s.id);
  if (options.mount === 'root' && ids.length !== 1) throw new ConfigError('mount "root" serves exactly one provider; pass providers: [id].');
  const clock = typeof options.clock === 'object' ? options.clock : createClock(options.clock ?? 'wall', { ...(options.speed ? { speed: options.speed } : {}), ...(options.epoch !== undefined ? { epoch: options.epoch } : {}) });
  const seed = String(options.seed ?? 'job-contracts');
  const journal = new Journal(options.journalSize ?? 1000);
  const cache = openLoadCache(resolveCacheDir(options.cache));
  const compile = createSchemaCompiler(cache);
  const files = new Map(sources.flatMap((s) => (s.spec !== undefined ? [[s.id, s.spec] as [string, string]] : [])));
  const contracts = createContracts({ cache, files });
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const extraDirs = options.scenarioDirs ?? [];
  // Files straight in a folder belong to the one provider of your own, when that is all there is.
  checkScenarioDirs(extraDirs, ids, sources.length === 1 && sources[0]?.spec !== undefined);
  const problems: ConfigError[] = [];
  const providers = new Map<string, ProviderMock>();
  const seeded = new Map<string, Array<{ id: string; tenant: string; scenario: string }>>();

  const single = ids.length === 1;
  const build = (source: ResolvedSource, loaded: LoadedProvider, store?: JobStore): ProviderMock =>
    createProviderMock({
      definition: loaded.definition,
      scenarios: loaded.scenarios,
      clock,
      seed,
      journal,
      mountPath: options.mount === 'root' ? '' : `/${source.id}`,
      sleep,
      compile,
      ...(store ? { store } : {}),
      ...(options.maxJobs !== undefined ? { maxJobs: options.maxJobs } : {}),
      ...(options.bodyLimit ? { bodyLimit: options.bodyLimit } : {}),
      ...(options.rateLimit ? { rateLimit: options.rateLimit } : {}),
      ...(options.fallback ? { fallback: (request: Request, path: string) => (options.fallback as NonNullable<MockOptions['fallback']>)(source.id, request, path) } : {}),
      ...(options.schemaOnly ? { schemaOnly: true } : {}),
    });
  const loadedBy = new Map<string, LoadedProvider>();
  for (const source of sources) {
    const loaded = loadProvider(source, { contracts, cache, extraDirs, single });
    problems.push(...loaded.problems);
    loadedBy.set(source.id, loaded);
    providers.set(source.id, build(source, loaded));
  }

  cache.save();

  const mountOf = (id: string) => (options.mount === 'root' ? '' : `/${id}`);

  const seedJobs = () => {
    seeded.clear();
    if (options.seedJobs === false) return;
    for (const [id, provider] of providers) {
      const list: Array<{ id: string; tenant: string; scenario: string }> = [];
      const names = [...provider.scenarios.keys()].sort();
      // The provider's tenants, in the order its credentials name them (acme, globex for the
      // built-ins): the first gets a job per scenario, the second a happy-path to probe tenancy.
      const [first, second] = provider.tenants().map((t) => t.id);
      if (first === undefined) continue;
      for (const name of names) list.push({ id: provider.createJob({ scenario: name, tenant: first, pinned: true }).identity.id, tenant: first, scenario: name });
      if (second !== undefined && provider.scenarios.has('happy-path')) list.push({ id: provider.createJob({ scenario: 'happy-path', tenant: second, pinned: true }).identity.id, tenant: second, scenario: 'happy-path' });
      seeded.set(id, list);
    }
  };
  seedJobs();

  const mock: Mock = {
    clock,
    journal,
    providers,
    problems,
    cache: cache.stats,
    mountOf,
    describe: (origin) =>
      [...providers].map(([id, provider]) => ({
        id,
        baseUrl: `${origin}${mountOf(id)}${serverBasePath(provider.contract.spec.serverUrl)}`,
        tenants: provider.tenants(),
        credentials: provider.credentials.map((c) => ({ tenant: c.tenant, label: c.label, scopes: c.scopes, headers: c.headers, ...(Object.keys(c.query).length > 0 ? { query: c.query } : {}) })),
        jobs: provider.store.all().map((j) => ({ id: j.identity.id, tenant: j.identity.tenant, scenario: j.scenario.name })),
      })),
    createJob: (id, scenario, tenant) => {
      const provider = providers.get(id);
      if (!provider) throw new UsageError(`provider ${id} is not served by this mock. Served: ${[...providers.keys()].join(', ')}.`);
      const job = provider.createJob({ scenario, tenant: tenant ?? provider.tenants()[0]?.id ?? 'acme' });
      return { id: job.identity.id, tenant: job.identity.tenant, scenario };
    },
    scenarioList: () => [...providers].flatMap(([id, p]) => [...p.scenarios.values()].map((s) => ({ provider: id, name: s.name, description: s.description }))),
    jobCount: () => [...providers.values()].reduce((n, p) => n + p.store.size, 0),
    reset: () => {
      for (const provider of providers.values()) provider.store.clear();
      journal.clear();
      seedJobs();
    },
    watchList: () => [...new Set([...loadedBy.values()].flatMap((l) => l.watch))],
    reload: () => {
      const report: ReloadReport = { reloaded: [], kept: [], problems: [], dropped: 0 };
      // A fresh contract set: specs are read again (the start-up cache still skips unchanged work).
      const fresh = createContracts({ cache, files });
      for (const source of sources) {
        const before = loadedBy.get(source.id) as LoadedProvider;
        let loaded: LoadedProvider;
        try {
          loaded = loadProvider(source, { contracts: fresh, cache, extraDirs, single });
        } catch (error) {
          // A broken spec: keep serving the last good version.
          report.kept.push(source.id);
          report.problems.push(error as ConfigError);
          continue;
        }
        // A broken scenario file keeps its last good version.
        for (const problem of loaded.problems) {
          report.problems.push(problem);
          for (const [name, file] of before.files) if (problem.file === file && !loaded.scenarios.has(name) && before.scenarios.has(name)) {
            loaded.scenarios.set(name, before.scenarios.get(name) as Scenario);
            loaded.files.set(name, file);
          }
        }
        const store = (providers.get(source.id) as ProviderMock).store;
        for (const job of store.all()) {
          const scenario = loaded.scenarios.get(job.scenario.name);
          if (scenario) job.scenario = scenario;
          else {
            store.remove(job);
            report.dropped++;
          }
          job.memo = undefined;
        }
        loadedBy.set(source.id, loaded);
        providers.set(source.id, build(source, loaded, store));
        report.reloaded.push(source.id);
      }
      cache.save();
      return report;
    },
    handle: Object.assign(async (request: Request) => headless(request, toResponse(await answer(headOfRequest(request)))), { answerHead: answer }),
  };

  /** The one core behind both doors: a PlainAnswer (often without a promise) or a Response. */
  function answer(request: RequestHead): Response | PlainAnswer | Promise<Response | PlainAnswer> {
    const path = request.pathname;
    if (path === '/__admin' || path.startsWith('/__admin/')) {
      const full = request.request();
      return handleAdmin(mock, full, path, new URL(full.url).origin);
    }
    if (options.mount === 'root') {
      const [only] = providers.values();
      return (only as ProviderMock).answer(request, path);
    }
    const slash = path.indexOf('/', 1);
    const head = slash === -1 ? path.slice(1) : path.slice(1, slash);
    const provider = providers.get(head);
    if (!provider) return outsideRoute(404, `No provider at /${head}. Providers: ${[...providers.keys()].map((p) => `/${p}`).join(', ')}; admin API at /__admin/providers.`);
    return provider.answer(request, slash === -1 ? '/' : path.slice(slash));
  }
  return mock;
}
