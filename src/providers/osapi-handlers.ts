/**
 * The osapi roles beyond getJob: create, list, delete and retry.
 * @see ../../specs/osapi.yaml
 */
import { ConfigError } from '../errors/index.js';
import type { JobHandle, ProviderAdapter, RoleContext, RoleHandler, WireResponse } from './adapter.js';
import { goTime, operationOf } from './osapi-render.js';

/** The job statuses, in the order OSAPI lists them (status_counts always has all six). */
export const osapiStatuses = ['submitted', 'processing', 'completed', 'failed', 'partial_failure', 'skipped'] as const;

/** The web framework's 400 for a parameter it cannot bind: `{"message": …}`, not `{error}`. */
export function parameterFormatError(name: string, detail: string): WireResponse {
  return { status: 400, body: { message: `Invalid format for parameter ${name}: ${detail}` } };
}

/** `201 {job_id, status, revision, timestamp}`, as create and retry answer. */
function created(job: JobHandle): WireResponse {
  return {
    status: 201,
    body: {
      job_id: job.record.id,
      status: 'created',
      // The NATS KV revision of the job's first write: one per job created, in order.
      revision: job.record.index + 1,
      timestamp: goTime(new Date(job.record.createdAt).toISOString()),
    },
  };
}

/** An integer query parameter as Go's strconv.Atoi reads it; a string is the binding error. */
function queryInt(url: URL, name: string, fallback: number): number | string {
  const raw = url.searchParams.get(name);
  if (raw === null) return fallback;
  if (!/^[+-]?\d{1,18}$/.test(raw)) return `strconv.ParseInt: parsing ${JSON.stringify(raw.slice(0, 100))}: invalid syntax`;
  return Number(raw);
}

/** Creates a job through the core, turning an unknown `Prefer: scenario` into OSAPI's 400. */
function createOrReject(ctx: RoleContext, options: Parameters<RoleContext['create']>[0]): JobHandle | WireResponse {
  try {
    return ctx.create(options);
  } catch (error) {
    if (error instanceof ConfigError) return ctx.error('validation', { message: error.message, field: 'Prefer' });
    throw error;
  }
}

const createJob: RoleHandler = (ctx) => {
  const job = createOrReject(ctx, { input: ctx.body as Record<string, unknown> });
  return 'status' in job ? job : created(job);
};

const listJobs: RoleHandler = (ctx) => {
  const limit = queryInt(ctx.url, 'limit', 10);
  if (typeof limit === 'string') return parameterFormatError('limit', limit);
  const offset = queryInt(ctx.url, 'offset', 0);
  if (typeof offset === 'string') return parameterFormatError('offset', offset);
  if (limit < 1 || limit > 100) return ctx.error('validation', { message: 'limit must be between 1 and 100', field: 'limit' });
  if (offset < 0) return ctx.error('validation', { message: 'offset must be 0 or greater', field: 'offset' });
  const status = ctx.url.searchParams.get('status');
  if (status !== null && !(osapiStatuses as readonly string[]).includes(status)) {
    return ctx.error('validation', { message: `invalid status filter: ${status.slice(0, 100)}`, field: 'status' });
  }
  const counts: Record<string, number> = Object.fromEntries(osapiStatuses.map((s) => [s, 0]));
  const matching: JobHandle[] = [];
  // Newest first, as OSAPI lists its KV bucket.
  for (const job of ctx.jobs().reverse()) {
    const current = job.timeline().state.status;
    counts[current] = (counts[current] ?? 0) + 1;
    if (status === null || current === status) matching.push(job);
  }
  return {
    status: 200,
    body: { total_items: matching.length, status_counts: counts, items: matching.slice(offset, offset + limit).map((job) => job.render()) },
  };
};

const deleteJob: RoleHandler = (ctx) => {
  const job = ctx.job();
  if (!job) return ctx.error('not-found');
  // Any state, running included: OSAPI deletes the KV entry; agents' late answers are dropped.
  job.remove();
  return { status: 204 };
};

/**
 * A new job with the original's operation (and `target_hostname` from the body, `_any` when
 * absent). Its scenario is the `Prefer: scenario=` one, else happy-path: a retry is a fresh run,
 * and the client picks how it ends. The original keeps its status; its timeline gains a
 * `retried` event (PROVIDERS.md lists it among the timeline events), as the `retried` scenario
 * scripts it.
 */
const retryJob: RoleHandler = (ctx) => {
  const original = ctx.job();
  if (!original) return ctx.error('not-found');
  const operation = operationOf(original.record);
  if (!operation) return ctx.error('validation', { message: `job ${original.record.id} has no operation data` });
  const body = (ctx.body ?? {}) as { target_hostname?: string };
  const job = createOrReject(ctx, {
    input: { operation, target_hostname: body.target_hostname ?? '_any' },
    parentId: original.record.id,
  });
  if ('status' in job) return job;
  original.act('event', { event: { type: 'retried', host: '_api', message: `Job retried with the same operation as new job ${job.record.id}` } });
  return created(job);
};

/** The osapi role handlers. */
export const osapiHandlers: ProviderAdapter['handlers'] = { createJob, listJobs, deleteJob, retryJob };
