/**
 * Figur's same-family operations: start a workflow job, list jobs, follow a job's event
 * cursor, cancel a job.
 * @see ../../specs/figur.yaml
 */
import type { RoleContext, RoleHandler, WireResponse } from './adapter.js';
import { figurEnvelope } from './figur-errors.js';
import { jobTypeOf, renderContextOf, renderEvent } from './figur-render.js';

/** Credits each workflow costs (undocumented; demo values). */
const CREDITS: Record<string, number> = { TRY_ON: 1, MODEL_GENERATOR: 2 };
const DEFAULT_LIMIT = 20;
const UPPER_SNAKE = /^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$/;

/** `/v1/try-on` → `TRY_ON`: the job type of a `POST /v1/<workflow>` route. */
export function jobTypeForPath(path: string): string {
  const workflow = path.split('/').filter(Boolean).pop() ?? 'job';
  return workflow.replace(/[^A-Za-z0-9]+/g, '_').toUpperCase();
}

type Parsed = { ok: true; value: number } | { ok: false; answer: WireResponse };

/** An optional non-negative integer query parameter at least `min`; a 422 otherwise. */
function intQuery(ctx: RoleContext, name: string, min: number, fallback: number): Parsed {
  const raw = ctx.url.searchParams.get(name);
  if (raw === null) return { ok: true, value: fallback };
  const value = /^\d{1,9}$/.test(raw) ? Number(raw) : Number.NaN;
  if (!Number.isInteger(value) || value < min) {
    return { ok: false, answer: ctx.error('validation', { field: name, message: `must be an integer >= ${min}.` }) };
  }
  return { ok: true, value };
}

/** POST /v1/<workflow> → 202 `{request_id, job_id, status, credits_cost}`. */
const createJob: RoleHandler = (ctx) => {
  const jobType = jobTypeForPath(ctx.operation.path);
  const body = (ctx.body ?? {}) as Record<string, unknown>;
  const job = ctx.create({ input: body, jobType });
  return {
    status: 202,
    body: { request_id: ctx.requestId, job_id: job.record.id, status: job.timeline().state.status, credits_cost: CREDITS[jobType] ?? 1 },
  };
};

/** GET /v1/jobs → `{jobs, limit, offset, count}`: newest first; `count` is the total matching. */
const listJobs: RoleHandler = (ctx) => {
  const jobType = ctx.url.searchParams.get('job_type');
  if (jobType !== null && !UPPER_SNAKE.test(jobType)) {
    return ctx.error('validation', { field: 'job_type', message: 'must be UPPER_SNAKE, e.g. MODEL_GENERATOR.' });
  }
  const limit = intQuery(ctx, 'limit', 1, DEFAULT_LIMIT);
  if (!limit.ok) return limit.answer;
  const offset = intQuery(ctx, 'offset', 0, 0);
  if (!offset.ok) return offset.answer;
  const matching = ctx
    .jobs()
    .reverse()
    .filter((job) => jobType === null || jobTypeOf(job.record) === jobType);
  const page = matching.slice(offset.value, offset.value + limit.value).map((job) => job.render());
  return { status: 200, body: { jobs: page, limit: limit.value, offset: offset.value, count: matching.length } };
};

/** GET /v1/jobs/{public_id}/events?since=<seq> → the events with seq > since. */
const listJobEvents: RoleHandler = (ctx) => {
  const job = ctx.job();
  if (!job) return ctx.error('not-found');
  const since = intQuery(ctx, 'since', 0, 0);
  if (!since.ok) return since.answer;
  const { events } = job.timeline().state;
  const render = renderContextOf(job.record);
  // seq is the 1-based index, exactly as latest_event renders it.
  const after = events.slice(since.value).map((event, i) => renderEvent(event, since.value + i + 1, render));
  return { status: 200, body: { public_id: job.record.id, events: after } };
};

/** POST /v1/jobs/{public_id}/cancel → 200 `{public_id, status}`; 409 once the job has ended. */
const cancelJob: RoleHandler = (ctx) => {
  const job = ctx.job();
  if (!job) return ctx.error('not-found');
  if (job.isTerminal()) {
    const status = job.timeline().state.status;
    return figurEnvelope(409, 'JOB_NOT_CANCELABLE', `Job ${job.record.id} already ended (${status}) and cannot be canceled.`, ctx.requestId);
  }
  job.act('cancel');
  return { status: 200, body: { public_id: job.record.id, status: job.timeline().state.status } };
};

/** Figur's handlers for every role but getJob. */
export const figurHandlers = { createJob, listJobs, listJobEvents, cancelJob };
