import { UsageError } from '../errors/index.js';
import { http, type HttpHandler } from 'msw';
import type { ClockMode } from '../core/clock.js';
import type { JournalEntry } from '../core/journal.js';
import { createMock, type ProviderSource } from '../mock/mock.js';
import type { ProviderMock } from '../core/provider.js';
import { serverBasePath } from '../core/router.js';
import type { ProviderId } from '../providers/ids.js';
import type { BuiltInScenarios, JobBodies } from './types.js';

/** A demo tenant of every built-in provider. */
export type Tenant = 'acme' | 'globex';

/** A built-in provider's getJob body; a provider of your own gives plain JSON. */
type BodyOf<P extends string> = P extends ProviderId ? JobBodies[P] : Record<string, unknown>;
/** A built-in provider's scenario names; a provider of your own takes any of its file names. */
type ScenarioOf<P extends string> = P extends ProviderId ? BuiltInScenarios[P] : string;
/** A built-in provider's tenants; a provider of your own names its own in x-job-mock.credentials. */
type TenantOf<P extends string> = P extends ProviderId ? Tenant : string;

/** What every `createJobHandlers` call may set, whichever provider it serves. */
interface CommonOptions<P extends string> {
  /** Where the handlers answer; default: the provider's production base URL (its spec's server). */
  baseUrl?: string;
  seed?: string | number;
  /** `wall` (default; follows Date.now, so vitest fake timers drive it), `manual` or `poll`. */
  clock?: ClockMode;
  speed?: number;
  /** Jobs to create up front; default one per scenario for the first tenant and a happy-path
   *  job for the second, as `npm run mock` seeds them. */
  jobs?: ReadonlyArray<{ id?: string; scenario: ScenarioOf<P>; tenant?: TenantOf<P> }>;
  /** Requests per second per credential before the provider's 429. */
  rateLimit?: number;
}

/** Options of `createJobHandlers` for a built-in provider. */
export interface JobHandlersOptions<P extends ProviderId> extends CommonOptions<P> {
  provider: P;
}

/**
 * Options of `createJobHandlers` for a provider of your own: its spec file and scenario folders,
 * either at the top level or as `provider: { spec, scenarios }`.
 */
export type OwnJobHandlersOptions = CommonOptions<string> & ({ provider: ProviderSource } | (ProviderSource & { provider?: undefined }));

/** The MSW handlers and the control object that drives their jobs. */
export interface JobHandlers<P extends string> {
  provider: P;
  /** MSW 2 `http` handlers, one per operation of the spec (other paths stay unhandled, so
   *  `onUnhandledRequest` decides, and two providers may share a host). */
  handlers: HttpHandler[];
  baseUrl: string;
  /** Ready-to-send credential headers of each tenant. */
  tenants: Record<TenantOf<P>, Record<string, string>>;
  /** The jobs created up front, in order. */
  jobs: Array<{ id: string; scenario: ScenarioOf<P>; tenant: TenantOf<P> }>;
  /** Their ids, in order. */
  jobIds: string[];
  /** Creates a job (default: the first tenant's) and returns its id. */
  createJob(scenario: ScenarioOf<P>, options?: { tenant?: TenantOf<P>; id?: string }): string;
  /** Moves the clock forward (manual clock; shifts the wall clock too). */
  advance(ms: number): void;
  /** Advances until the job is terminal, waits for the client, or has nothing left; returns its body. */
  runToEnd(id: string): BodyOf<P>;
  /** The job's getJob body now (does not count as a poll). */
  job(id: string): BodyOf<P>;
  /** Forgets all jobs and recreates the initial ones. */
  reset(): void;
  /** What the handlers answered, newest first, credentials redacted. */
  journal(): JournalEntry[];
}

function toMswPath(path: string): string {
  return path.replace(/\{([^}]+)\}/g, ':$1');
}

/** The provider a call serves: a built-in id, or a source (`provider: {…}` or top-level `spec`). */
function sourceOf(options: JobHandlersOptions<ProviderId> | OwnJobHandlersOptions): ProviderId | ProviderSource {
  if (typeof options.provider === 'string' || typeof options.provider === 'object') return options.provider;
  const { spec, scenarios, id, hooks } = options as ProviderSource;
  if (typeof spec !== 'string') throw new Error('job-contracts: createJobHandlers needs a built-in `provider` id, or `spec` (your provider\'s spec file) and `scenarios` (its folders).');
  return { spec, ...(scenarios !== undefined ? { scenarios } : {}), ...(id !== undefined ? { id } : {}), ...(hooks !== undefined ? { hooks } : {}) };
}

/**
 * MSW handlers for one provider, answering exactly as `npm run mock` does — same engine, same
 * scenarios, auth, tenancy and faults — with no server. Nothing is shared between two calls.
 * @example
 * const jobs = createJobHandlers({ provider: 'scenario', clock: 'manual' });
 * const mine = createJobHandlers({ spec: 'render-farm.yaml', scenarios: 'scenarios', clock: 'manual' });
 * const server = setupServer(...jobs.handlers, ...mine.handlers);
 */
export function createJobHandlers<P extends ProviderId>(options: JobHandlersOptions<P>): JobHandlers<P>;
export function createJobHandlers(options: OwnJobHandlersOptions): JobHandlers<string>;
export function createJobHandlers(options: JobHandlersOptions<ProviderId> | OwnJobHandlersOptions): JobHandlers<string> {
  type P = string;
  const mock = createMock({
    providers: [sourceOf(options)],
    mount: 'root',
    clock: options.clock ?? 'wall',
    ...(options.seed !== undefined ? { seed: options.seed } : {}),
    ...(options.speed !== undefined ? { speed: options.speed } : {}),
    ...(options.rateLimit !== undefined ? { rateLimit: options.rateLimit } : {}),
    // Without a job list: the same jobs `npm run mock` seeds (one per scenario, plus globex's happy-path).
    seedJobs: options.jobs === undefined,
  });
  // A scenario that breaks the spec would silently be missing: refuse it, naming file, step and rule.
  if (mock.problems.length > 0) throw mock.problems[0];
  const [providerId, provider] = [...mock.providers][0] as [string, ProviderMock];
  const spec = provider.contract.spec;
  const baseUrl = (options.baseUrl ?? spec.serverUrl).replace(/\/+$/, '');
  const basePath = new URL(baseUrl).pathname.replace(/\/+$/, '');
  const specBase = serverBasePath(spec.serverUrl);

  const resolve = ({ request }: { request: Request }) => {
    const pathname = new URL(request.url).pathname;
    return provider.handle(request, specBase + pathname.slice(basePath.length));
  };
  const handlers: HttpHandler[] = spec.operations.map((op) => {
    const method = op.method.toLowerCase() as 'get' | 'post' | 'put' | 'patch' | 'delete';
    return http[method](`${baseUrl}${toMswPath(op.path)}`, resolve);
  });

  const tenantHeaders: Record<string, Record<string, string>> = Object.fromEntries(provider.tenants().map((t) => [t.id, t.headers]));
  const firstTenant = provider.tenants()[0]?.id ?? 'acme';
  const jobs: JobHandlers<P>['jobs'] = [];
  const seed = () => {
    jobs.length = 0;
    if (options.jobs === undefined) {
      for (const j of provider.store.all()) jobs.push({ id: j.identity.id, scenario: j.scenario.name, tenant: j.identity.tenant });
      return;
    }
    for (const j of options.jobs) {
      const tenant = j.tenant ?? firstTenant;
      const id = provider.createJob({ scenario: j.scenario, tenant, ...(j.id !== undefined ? { id: j.id } : {}) }).identity.id;
      jobs.push({ id, scenario: j.scenario, tenant });
    }
  };
  seed();

  const stored = (id: string) => {
    const job = provider.store.get(id);
    if (!job) throw new UsageError(`no ${providerId} job ${id}. Known: ${provider.store.all().map((j) => j.identity.id).join(', ')}.`);
    return job;
  };
  const terminal = new Set(spec.lifecycle.terminal);

  return {
    provider: providerId,
    handlers,
    baseUrl,
    tenants: tenantHeaders,
    jobs,
    get jobIds() {
      return jobs.map((j) => j.id);
    },
    createJob: (scenario, o = {}) => provider.createJob({ scenario, tenant: o.tenant ?? firstTenant, ...(o.id !== undefined ? { id: o.id } : {}) }).identity.id,
    advance: (ms) => mock.clock.advance(ms),
    runToEnd(id) {
      const job = stored(id);
      for (let guard = 0; guard < 10_000; guard++) {
        const line = provider.timeline(job);
        if (provider.isTerminal(job) || line.waiting) break;
        if (mock.clock.mode === 'poll') {
          if (line.step >= job.scenario.steps.length - 1) break;
          job.polls++;
          continue;
        }
        if (line.nextAt === undefined) break;
        mock.clock.advance(Math.max(1, job.identity.createdAt + line.nextAt - mock.clock.now()));
      }
      return provider.render(job) as BodyOf<P>;
    },
    job: (jobId) => provider.render(stored(jobId)) as BodyOf<P>,
    reset: () => {
      mock.reset();
      if (options.jobs !== undefined) provider.store.clear();
      seed();
    },
    journal: () => mock.journal.list(),
  };
}
