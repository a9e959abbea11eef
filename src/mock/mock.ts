import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createContracts } from '../contracts/contracts.js';
import { type LoadCache, openLoadCache, resolveCacheDir } from '../contracts/load-cache.js';
import { packageRoot } from '../contracts/package-root.js';
import { type Clock, type ClockMode, createClock } from '../engine/clock.js';
import { loadScenarioDir } from '../engine/load.js';
import type { Scenario } from '../engine/scenario.js';
import { ConfigError, UsageError } from '../errors/index.js';
import { type ProviderId, providerIds } from '../providers/ids.js';
import { adapters } from '../providers/registry.js';
import { handleAdmin } from './admin.js';
import { checkScenario } from './check-scenario.js';
import { Journal } from './journal.js';
import { headless, headOfRequest, type PlainAnswer, type RequestHead, toResponse } from './head.js';
import type { FetchHandler } from './node-server.js';
import { createProviderMock, outsideRoute, type ProviderMock } from './provider-mock.js';
import { serverBasePath } from './router.js';
import { checkScenarioDirs } from './scenario-dirs.js';
import { createTextSource } from './text.js';

/** How to build a mock. Every field is optional: the defaults are `npm run mock`'s. */
export interface MockOptions {
  providers?: readonly ProviderId[];
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
  fallback?: (provider: ProviderId, request: Request, path: string) => Promise<Response>;
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

/** What GET /__admin/providers lists for each provider. */
export interface ProviderInfo {
  id: ProviderId;
  baseUrl: string;
  tenants: Array<{ id: string; headers: Record<string, string> }>;
  /** Every credential the mock accepts, limited ones included, with the scopes each grants. */
  credentials: Array<{ tenant: string; label: string; headers: Record<string, string>; scopes: string[] }>;
  jobs: Array<{ id: string; tenant: string; scenario: string }>;
}

/** A running mock: one Fetch handler for every provider, plus its jobs and clock. */
export interface Mock {
  readonly clock: Clock;
  readonly journal: Journal;
  readonly providers: Map<ProviderId, ProviderMock>;
  /** Scenario files that could not be used, with messages naming file, step and rule. */
  readonly problems: ConfigError[];
  /** How the start-up cache served this mock: entries found, entries computed, and its folder. */
  readonly cache: LoadCache['stats'];
  /** Answers any request: providers, `/__admin/*`, or a JSON 404. Its `answerHead` is the same
   *  core for node:http's GETs (see `serve`). */
  readonly handle: FetchHandler;
  /** The path prefix a provider is mounted at ('' at root, else `/<id>`). */
  mountOf(provider: ProviderId): string;
  describe(origin: string): ProviderInfo[];
  createJob(provider: ProviderId, scenario: string, tenant?: string): { id: string; tenant: string; scenario: string };
  scenarioList(): Array<{ provider: ProviderId; name: string; description: string }>;
  jobCount(): number;
  reset(): void;
}

function loadScenarios(provider: ProviderId, dirs: readonly string[], cache: LoadCache): { scenarios: Map<string, Scenario>; files: Map<string, string>; errors: ConfigError[] } {
  const scenarios = new Map<string, Scenario>();
  const files = new Map<string, string>();
  const errors: ConfigError[] = [];
  for (const dir of dirs) {
    const loaded = loadScenarioDir(join(dir, provider), cache);
    errors.push(...loaded.errors);
    for (const s of loaded.scenarios) {
      scenarios.set(s.name, s);
      // The loader checks that a scenario's name is its file name: messages name the real file.
      const base = join(dir, provider, s.name);
      files.set(s.name, ['.yaml', '.yml', '.json'].map((ext) => base + ext).find((file) => existsSync(file)) ?? base);
    }
  }
  return { scenarios, files, errors };
}

/**
 * Builds the mock behind `npm run mock`, the MSW handlers and the tests: one engine, one
 * Fetch handler. Nothing is shared between two mocks.
 * @example const mock = createMock({ clock: 'manual', seed: 'test' });
 */
export function createMock(options: MockOptions = {}): Mock {
  const ids = options.providers ?? providerIds;
  if (options.mount === 'root' && ids.length !== 1) throw new ConfigError('mount "root" serves exactly one provider; pass providers: [id].');
  const clock = typeof options.clock === 'object' ? options.clock : createClock(options.clock ?? 'wall', { ...(options.speed ? { speed: options.speed } : {}), ...(options.epoch !== undefined ? { epoch: options.epoch } : {}) });
  const seed = String(options.seed ?? 'job-contracts');
  const journal = new Journal(options.journalSize ?? 1000);
  const text = createTextSource();
  const cache = openLoadCache(resolveCacheDir(options.cache));
  const contracts = createContracts({ cache });
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  checkScenarioDirs(options.scenarioDirs ?? []);
  const dirs = [join(packageRoot(), 'scenarios'), ...(options.scenarioDirs ?? [])];
  const problems: ConfigError[] = [];
  const providers = new Map<ProviderId, ProviderMock>();
  const seeded = new Map<ProviderId, Array<{ id: string; tenant: string; scenario: string }>>();

  for (const id of ids) {
    const adapter = adapters[id];
    const contract = contracts.get(id);
    const loaded = loadScenarios(id, dirs, cache);
    problems.push(...loaded.errors);
    for (const [name, scenario] of [...loaded.scenarios]) {
      // The check's outcome depends on the provider's code (in the cache's fingerprint), its
      // spec and the scenario: a pass is remembered under those.
      const checked = `${id}\u0000${contract.spec.digest}\u0000${JSON.stringify(scenario)}`;
      if (cache.get<boolean>('check', checked)) continue;
      try {
        checkScenario(scenario, loaded.files.get(name) ?? name, adapter, contract);
        cache.set('check', checked, true);
      } catch (error) {
        problems.push(error as ConfigError);
        loaded.scenarios.delete(name);
      }
    }
    providers.set(
      id,
      createProviderMock({
        adapter,
        contract,
        scenarios: loaded.scenarios,
        clock,
        seed,
        text,
        journal,
        sleep,
        cache,
        ...(options.maxJobs !== undefined ? { maxJobs: options.maxJobs } : {}),
        ...(options.bodyLimit ? { bodyLimit: options.bodyLimit } : {}),
        ...(options.rateLimit ? { rateLimit: options.rateLimit } : {}),
        ...(options.fallback ? { fallback: (request: Request, path: string) => (options.fallback as NonNullable<MockOptions['fallback']>)(id, request, path) } : {}),
        ...(options.schemaOnly ? { schemaOnly: true } : {}),
      }),
    );
  }

  cache.save();

  const mountOf = (id: ProviderId) => (options.mount === 'root' ? '' : `/${id}`);

  const seedJobs = () => {
    seeded.clear();
    if (options.seedJobs === false) return;
    for (const [id, provider] of providers) {
      const list: Array<{ id: string; tenant: string; scenario: string }> = [];
      const names = [...provider.scenarios.keys()].sort();
      for (const name of names) list.push({ id: provider.createJob({ scenario: name, tenant: 'acme', pinned: true }).record.id, tenant: 'acme', scenario: name });
      if (provider.scenarios.has('happy-path')) list.push({ id: provider.createJob({ scenario: 'happy-path', tenant: 'globex', pinned: true }).record.id, tenant: 'globex', scenario: 'happy-path' });
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
        credentials: provider.adapter.credentials.map(({ tenant, label, headers, scopes }) => ({ tenant, label, headers, scopes })),
        jobs: provider.store.all().map((j) => ({ id: j.record.id, tenant: j.record.tenant, scenario: j.record.scenario.name })),
      })),
    createJob: (id, scenario, tenant = 'acme') => {
      const provider = providers.get(id);
      if (!provider) throw new UsageError(`provider ${id} is not served by this mock. Served: ${[...providers.keys()].join(', ')}.`);
      const job = provider.createJob({ scenario, tenant });
      return { id: job.record.id, tenant, scenario };
    },
    scenarioList: () => [...providers].flatMap(([id, p]) => [...p.scenarios.values()].map((s) => ({ provider: id, name: s.name, description: s.description }))),
    jobCount: () => [...providers.values()].reduce((n, p) => n + p.store.size, 0),
    reset: () => {
      for (const provider of providers.values()) provider.store.clear();
      journal.clear();
      seedJobs();
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
    const provider = providers.get(head as ProviderId);
    if (!provider) return outsideRoute(404, `No provider at /${head}. Providers: ${[...providers.keys()].map((p) => `/${p}`).join(', ')}; admin API at /__admin/providers.`);
    return provider.answer(request, slash === -1 ? '/' : path.slice(slash));
  }
  return mock;
}
