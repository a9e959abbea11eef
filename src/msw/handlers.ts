import { UsageError } from '../errors/index.js';
import { http, type HttpHandler } from 'msw';
import type { ClockMode } from '../engine/clock.js';
import type { JournalEntry } from '../mock/journal.js';
import { createMock } from '../mock/mock.js';
import type { ProviderMock } from '../mock/provider-mock.js';
import { serverBasePath } from '../mock/router.js';
import type { ProviderId } from '../providers/ids.js';
import type { BuiltInScenarios, JobBodies } from './types.js';

/** A demo tenant of every provider. */
export type Tenant = 'acme' | 'globex';

/** Options of `createJobHandlers`. */
export interface JobHandlersOptions<P extends ProviderId> {
  provider: P;
  /** Where the handlers answer; default: the provider's production base URL (its spec's server). */
  baseUrl?: string;
  seed?: string | number;
  /** `wall` (default; follows Date.now, so vitest fake timers drive it), `manual` or `poll`. */
  clock?: ClockMode;
  speed?: number;
  /** Jobs to create up front; default one per built-in scenario for tenant acme and a
   *  happy-path job for globex, as `npm run mock` seeds them. */
  jobs?: ReadonlyArray<{ id?: string; scenario: BuiltInScenarios[P]; tenant?: Tenant }>;
  /** Requests per second per credential before the provider's 429. */
  rateLimit?: number;
}

/** The MSW handlers and the control object that drives their jobs. */
export interface JobHandlers<P extends ProviderId> {
  provider: P;
  /** MSW 2 `http` handlers, one per operation of the spec (other paths stay unhandled, so
   *  `onUnhandledRequest` decides, and two providers may share a host). */
  handlers: HttpHandler[];
  baseUrl: string;
  /** Ready-to-send credential headers of each tenant. */
  tenants: Record<Tenant, Record<string, string>>;
  /** The jobs created up front, in order. */
  jobs: Array<{ id: string; scenario: BuiltInScenarios[P]; tenant: Tenant }>;
  /** Their ids, in order. */
  jobIds: string[];
  /** Creates a job and returns its id. */
  createJob(scenario: BuiltInScenarios[P], options?: { tenant?: Tenant; id?: string }): string;
  /** Moves the clock forward (manual clock; shifts the wall clock too). */
  advance(ms: number): void;
  /** Advances until the job is terminal, waits for the client, or has nothing left; returns its body. */
  runToEnd(id: string): JobBodies[P];
  /** The job's getJob body now (does not count as a poll). */
  job(id: string): JobBodies[P];
  /** Forgets all jobs and recreates the initial ones. */
  reset(): void;
  /** What the handlers answered, newest first, credentials redacted. */
  journal(): JournalEntry[];
}

function toMswPath(path: string): string {
  return path.replace(/\{([^}]+)\}/g, ':$1');
}

/**
 * MSW handlers for one provider, answering exactly as `npm run mock` does — same engine, same
 * scenarios, auth, tenancy and faults — with no server. Nothing is shared between two calls.
 * @example
 * const jobs = createJobHandlers({ provider: 'scenario', clock: 'manual' });
 * const server = setupServer(...jobs.handlers);
 */
export function createJobHandlers<P extends ProviderId>(options: JobHandlersOptions<P>): JobHandlers<P> {
  const mock = createMock({
    providers: [options.provider],
    mount: 'root',
    clock: options.clock ?? 'wall',
    ...(options.seed !== undefined ? { seed: options.seed } : {}),
    ...(options.speed !== undefined ? { speed: options.speed } : {}),
    ...(options.rateLimit !== undefined ? { rateLimit: options.rateLimit } : {}),
    // Without a job list: the same jobs `npm run mock` seeds (one per scenario, plus globex's happy-path).
    seedJobs: options.jobs === undefined,
  });
  const provider = mock.providers.get(options.provider) as ProviderMock;
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

  const tenantHeaders = Object.fromEntries(provider.tenants().map((t) => [t.id, t.headers])) as Record<Tenant, Record<string, string>>;
  const jobs: JobHandlers<P>['jobs'] = [];
  const seed = () => {
    jobs.length = 0;
    if (options.jobs === undefined) {
      for (const j of provider.store.all()) jobs.push({ id: j.record.id, scenario: j.record.scenario.name as BuiltInScenarios[P], tenant: j.record.tenant as Tenant });
      return;
    }
    for (const j of options.jobs) {
      const tenant = j.tenant ?? 'acme';
      const id = provider.createJob({ scenario: j.scenario, tenant, ...(j.id !== undefined ? { id: j.id } : {}) }).record.id;
      jobs.push({ id, scenario: j.scenario, tenant });
    }
  };
  seed();

  const stored = (id: string) => {
    const job = provider.store.get(id);
    if (!job) throw new UsageError(`no ${options.provider} job ${id}. Known: ${provider.store.all().map((j) => j.record.id).join(', ')}.`);
    return job;
  };
  const terminal = new Set(spec.lifecycle.terminal);

  return {
    provider: options.provider,
    handlers,
    baseUrl,
    tenants: tenantHeaders,
    jobs,
    get jobIds() {
      return jobs.map((j) => j.id);
    },
    createJob: (scenario, o = {}) => provider.createJob({ scenario, tenant: o.tenant ?? 'acme', ...(o.id !== undefined ? { id: o.id } : {}) }).record.id,
    advance: (ms) => mock.clock.advance(ms),
    runToEnd(id) {
      const job = stored(id);
      for (let guard = 0; guard < 10_000; guard++) {
        const line = provider.timeline(job);
        if (terminal.has(line.state.status) || line.waiting) break;
        if (mock.clock.mode === 'poll') {
          if (line.step >= job.record.scenario.steps.length - 1) break;
          job.polls++;
          continue;
        }
        if (line.nextAt === undefined) break;
        mock.clock.advance(Math.max(1, job.record.createdAt + line.nextAt - mock.clock.now()));
      }
      return provider.render(job) as JobBodies[P];
    },
    job: (id) => provider.render(stored(id)) as JobBodies[P],
    reset: () => {
      mock.reset();
      if (options.jobs !== undefined) provider.store.clear();
      seed();
    },
    journal: () => mock.journal.list(),
  };
}
