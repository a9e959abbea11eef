import { readJsonBody } from '../core/body.js';
import type { Mock } from './mock.js';

/**
 * The latest time the clock may be moved to: ids (ULIDs hold 48 bits of ms, up to year 10889)
 * and the specs' 4-digit-year date-times break past year 9999; the margin leaves a wall clock
 * room to keep running.
 */
export const LATEST_CLOCK = Date.UTC(9000, 0, 1);

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', 'cache-control': 'no-store' } });
}

function problem(status: number, message: string): Response {
  return json(status, { error: status === 404 ? 'not_found' : 'bad_request', message });
}

async function readObject(request: Request): Promise<Record<string, unknown> | Response> {
  const read = await readJsonBody(request, 64 * 1024);
  if (read.kind === 'too-large') return problem(413, 'Admin request bodies are limited to 64 KiB.');
  if (read.kind === 'invalid') return problem(400, read.message);
  const value = read.kind === 'json' ? read.value : {};
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return problem(400, 'Send a JSON object.');
  return value as Record<string, unknown>;
}

/**
 * The admin API under /__admin: providers, jobs, clock, reset, journal, health.
 * @see ../../README.md#admin-api
 */
export async function handleAdmin(mock: Mock, request: Request, path: string, origin: string): Promise<Response> {
  const route = `${request.method} ${path.replace(/\/+$/, '')}`;
  switch (route) {
    case 'GET /__admin/providers':
      return json(200, mock.describe(origin));
    case 'GET /__admin/health':
      return json(200, {
        status: 'ok',
        clock: mock.clock.mode,
        now: new Date(mock.clock.now()).toISOString(),
        jobs: mock.jobCount(),
        // Jobs forgotten to stay within maxJobs (oldest created through the API first).
        evicted: [...mock.providers.values()].reduce((n, p) => n + p.store.evicted, 0),
        journal: mock.journal.size,
      });
    case 'GET /__admin/scenarios':
      return json(200, mock.scenarioList());
    case 'GET /__admin/journal': {
      const limit = Number(new URL(request.url).searchParams.get('limit') ?? '100');
      return json(200, { entries: mock.journal.list(Number.isInteger(limit) && limit > 0 ? limit : 100) });
    }
    case 'POST /__admin/reset':
      mock.reset();
      return json(200, { ok: true });
    case 'POST /__admin/clock': {
      const body = await readObject(request);
      if (body instanceof Response) return body;
      const advance = body.advanceMs;
      const most = Math.max(0, LATEST_CLOCK - mock.clock.now());
      if (typeof advance !== 'number' || !Number.isFinite(advance) || advance < 0 || advance > most) {
        return problem(400, `Send {"advanceMs": <number from 0 to ${most}>}: the clock stops at ${new Date(LATEST_CLOCK).toISOString()}.`);
      }
      mock.clock.advance(advance);
      return json(200, { now: new Date(mock.clock.now()).toISOString() });
    }
    case 'POST /__admin/jobs': {
      const body = await readObject(request);
      if (body instanceof Response) return body;
      const { provider, scenario, tenant } = body;
      if (typeof provider !== 'string' || !mock.providers.has(provider)) {
        return problem(400, `"provider" must be one of: ${[...mock.providers.keys()].join(', ')}.`);
      }
      const known = mock.providers.get(provider)?.scenarios;
      if (typeof scenario !== 'string' || !known?.has(scenario)) return problem(400, `"scenario" must be one of: ${[...(known?.keys() ?? [])].join(', ')}.`);
      const tenants = mock.providers.get(provider)?.tenants().map((t) => t.id) ?? [];
      if (tenant !== undefined && (typeof tenant !== 'string' || !tenants.includes(tenant))) return problem(400, `"tenant" must be one of: ${tenants.join(', ')}.`);
      return json(201, mock.createJob(provider, scenario, tenant as string | undefined));
    }
    default:
      return problem(404, `No admin route ${route}. Routes: GET providers, health, scenarios, journal; POST jobs, clock, reset.`);
  }
}
