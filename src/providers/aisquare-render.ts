import type { JobEvent, JobState } from '../engine/state.js';
import type { RenderContext } from './adapter.js';

/** The job type a scenario without `jobType` renders as (one of the seed's 24 values). */
export const DEFAULT_JOB_TYPE = 'BLOG_GENERATION';

/** Event ids are one integer sequence per job, spaced so jobs never share an id. */
const EVENT_ID_BASE = 90_000;
const EVENT_IDS_PER_JOB = 1_000;

/** The soft-delete audit columns every AISquare model carries; never set on a live row. */
const AUDIT_NULLS = { updated_by: null, deleted_by: null, deleted_at: null } as const;

/**
 * One event as an `AgentEvent`. Keyed by its position in the stream, which never changes
 * (events only append), so every poll renders it byte-identically.
 * @see ../../specs/aisquare.yaml (components/schemas/AgentEvent)
 */
function renderEvent(event: JobEvent, index: number, ctx: RenderContext): Record<string, unknown> {
  const at = ctx.iso(event.at);
  return {
    id: EVENT_ID_BASE + ctx.job.index * EVENT_IDS_PER_JOB + index,
    uid: ctx.job.random.uuid(`event:${index}`),
    created_at: at,
    updated_at: at,
    is_active: true,
    created_by: null,
    ...AUDIT_NULLS,
    type: event.type,
    content: event.message,
    metadata: event.data ?? {},
  };
}

/** The user who created the job: one per tenant, so `created_by` stays constant. */
function creatorOf(ctx: RenderContext): string {
  return `integrations@${ctx.job.tenant}.example`;
}

/**
 * The getJob 200 body (a `JobPacket`) for a neutral state. `result` only on COMPLETED,
 * `error_message` only on FAILED, as the spec's lifecycle says.
 * @see ../../specs/aisquare.yaml (components/schemas/JobPacket, x-job-lifecycle)
 */
export function renderJobPacket(state: JobState, ctx: RenderContext): Record<string, unknown> {
  const failed = state.status === 'FAILED';
  return {
    id: Number(ctx.job.id),
    uid: ctx.job.random.uuid('job'),
    created_at: ctx.iso(0),
    updated_at: ctx.iso(state.updatedAt),
    is_active: true,
    created_by: creatorOf(ctx),
    ...AUDIT_NULLS,
    type: ctx.job.scenario.jobType ?? DEFAULT_JOB_TYPE,
    status: state.status,
    result: state.status === 'COMPLETED' ? (state.result ?? null) : null,
    error_message: failed ? (state.error?.message ?? state.message ?? 'The job failed.') : null,
    events: state.events.map((event, i) => renderEvent(event, i, ctx)),
  };
}
