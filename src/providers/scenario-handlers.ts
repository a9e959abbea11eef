/**
 * Scenario's role handlers beyond getJob: `GET /jobs` (filters, pages) and the cancel action.
 * @see ../../specs/scenario.yaml
 */
import type { JobHandle, RoleContext, RoleHandler, WireResponse } from './adapter.js';
import { DEFAULT_JOB_TYPE, SCENARIO_STATUSES } from './scenario-render.js';

/** Jobs per page when the client sends no `pageSize`. */
export const DEFAULT_PAGE_SIZE = 20;

const statuses = new Set<string>(SCENARIO_STATUSES);

/** The page token: base64url of `{"jobId": <last job of the page>}`, opaque to clients. */
export function encodePageToken(jobId: string): string {
  return btoa(JSON.stringify({ jobId })).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** The job id a page token names, or undefined when the token is not one of ours. */
export function decodePageToken(token: string): string | undefined {
  if (token.length === 0 || token.length > 512 || !/^[A-Za-z0-9_-]+$/.test(token)) return undefined;
  try {
    const padded = token.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (token.length % 4)) % 4);
    const value: unknown = JSON.parse(atob(padded));
    const jobId = (value as { jobId?: unknown } | null)?.jobId;
    return typeof jobId === 'string' ? jobId : undefined;
  } catch {
    return undefined;
  }
}

function invalid(ctx: RoleContext, message: string): WireResponse {
  return ctx.error('bad-request', { message });
}

function jobOf(handle: JobHandle): Record<string, unknown> {
  return (handle.render() as { job: Record<string, unknown> }).job;
}

/**
 * `GET /jobs`: this tenant's jobs, newest first, filtered by current `status` and `type`, in
 * pages of `pageSize`. The token names the last job of the previous page, so a job that changes
 * status between pages neither repeats nor shifts the pages.
 */
export const listScenarioJobs: RoleHandler = (ctx) => {
  const query = ctx.url.searchParams;
  const status = query.get('status');
  if (status !== null && !statuses.has(status)) return invalid(ctx, `Invalid request parameters: status must be one of ${SCENARIO_STATUSES.join(', ')}.`);
  const type = query.get('type');
  const size = query.get('pageSize');
  if (size !== null && !/^[1-9][0-9]{0,5}$/.test(size)) return invalid(ctx, 'Invalid request parameters: pageSize must be a positive integer.');
  const pageSize = size === null ? DEFAULT_PAGE_SIZE : Number(size);
  const newestFirst = ctx.jobs().reverse();
  let start = 0;
  const token = query.get('paginationToken');
  if (token !== null) {
    const after = decodePageToken(token);
    const at = after === undefined ? -1 : newestFirst.findIndex((job) => job.record.id === after);
    if (at < 0) return invalid(ctx, 'Invalid request parameters: paginationToken is not a token from a previous page of this list.');
    start = at + 1;
  }
  const matching = newestFirst.slice(start).filter((job) => {
    if (type !== null && (job.record.scenario.jobType ?? DEFAULT_JOB_TYPE) !== type) return false;
    return status === null || job.timeline().state.status === status;
  });
  const page = matching.slice(0, pageSize);
  const last = page[page.length - 1];
  const more = matching.length > pageSize && last !== undefined;
  return { status: 200, body: { jobs: page.map(jobOf), ...(more ? { nextPaginationToken: encodePageToken(last.record.id) } : {}) } };
};

/**
 * `POST /jobs/{jobId}/action` with `{"action": "cancel"}`: the job, now canceled. A job that has
 * already ended answers the documented 400.
 */
export const cancelScenarioJobAction: RoleHandler = (ctx) => {
  const job = ctx.job();
  if (!job) return ctx.error('not-found');
  if (job.isTerminal()) {
    const status = job.timeline().state.status;
    return invalid(ctx, `Job ${job.record.id} is already ${status}: only a job that has not ended can be canceled.`);
  }
  job.act('cancel');
  return { status: 200, body: job.render() };
};
