/**
 * Figur's wire JSON: the neutral job state as `JobDetailResponse`, events as
 * `JobEventResponse` (seq = 1-based index in the job's event list) and artifacts with
 * presigned-looking image URLs.
 * @see ../../specs/figur.yaml
 */
import type { Artifact, JobEvent, JobState } from '../engine/state.js';
import type { CancelRule } from '../engine/timeline.js';
import type { JobRecord, RenderContext } from './adapter.js';

/** Where Figur's presigned artifact URLs point. */
const ARTIFACT_BUCKET = 'https://figur-artifacts.s3.eu-west-1.amazonaws.com';
/** A demo AWS access key id (AKIA + 16), fixed so URLs look like one signer made them. */
const ACCESS_KEY = 'AKIA4FIGURDEMO7QKP2X';

/** The job's type: its creating route's, else the scenario's `jobType`, else MODEL_GENERATOR. */
export function jobTypeOf(record: JobRecord): string {
  return record.jobType ?? record.scenario.jobType ?? 'MODEL_GENERATOR';
}

/** The render helpers for a job outside the core's getJob path (events, list). */
export function renderContextOf(record: JobRecord): RenderContext {
  return { job: record, iso: (offsetMs) => new Date(record.createdAt + offsetMs).toISOString() };
}

/** `20260101T000000Z`: the SigV4 date of an ISO timestamp. */
function amzDate(iso: string): string {
  return iso.replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

/** An `ArtifactResponse`: the URL is a pure function of (job id, artifact name). */
export function renderArtifact(artifact: Artifact, ctx: RenderContext): Record<string, unknown> {
  const { job } = ctx;
  const date = amzDate(ctx.iso(0));
  const file = artifact.name.includes('.') ? artifact.name : `${artifact.name}.png`;
  const query = [
    'X-Amz-Algorithm=AWS4-HMAC-SHA256',
    `X-Amz-Credential=${ACCESS_KEY}%2F${date.slice(0, 8)}%2Feu-west-1%2Fs3%2Faws4_request`,
    `X-Amz-Date=${date}`,
    'X-Amz-Expires=900',
    'X-Amz-SignedHeaders=host',
    `X-Amz-Signature=${job.random.hex(`artifact:${artifact.name}`, 64)}`,
  ].join('&');
  return {
    image_url: `${ARTIFACT_BUCKET}/t/${job.id}/${file}?${query}`,
    kind: artifact.kind,
    role: artifact.role,
    label: artifact.label ?? null,
    meta: artifact.meta ?? {},
  };
}

/** A `JobEventResponse`; `seq` is the event's 1-based position in the job's event list. */
export function renderEvent(event: JobEvent, seq: number, ctx: RenderContext): Record<string, unknown> {
  return {
    seq,
    event_type: event.type,
    visibility: 'public',
    stage: event.stage ?? null,
    message: event.message,
    artifacts: (event.artifacts ?? []).map((a) => renderArtifact(a, ctx)),
    extra: { ...(event.data ?? {}), ...(event.error != null ? { error: event.error } : {}) },
    created_at: ctx.iso(event.at),
  };
}

/** The job's final artifacts (step artifacts and event artifacts, first by name wins). */
function finalArtifacts(state: JobState): Artifact[] {
  const seen = new Map<string, Artifact>();
  const all = [...state.artifacts, ...state.events.flatMap((e) => e.artifacts ?? [])];
  for (const a of all) if (a.role === 'final' && !seen.has(a.name)) seen.set(a.name, a);
  return [...seen.values()];
}

/** The getJob 200 body (`JobDetailResponse`). */
export function renderFigurJob(state: JobState, ctx: RenderContext): Record<string, unknown> {
  const { job } = ctx;
  const last = state.events[state.events.length - 1];
  return {
    public_id: job.id,
    job_type: jobTypeOf(job),
    status: state.status,
    created_at: ctx.iso(0),
    request: Object.keys(job.input).length > 0 ? job.input : null,
    result: state.status === 'SUCCESS' ? finalArtifacts(state).map((a) => renderArtifact(a, ctx)) : [],
    latest_event: last ? renderEvent(last, state.events.length, ctx) : null,
  };
}

/**
 * Figur has no canceled status: a canceled job ends in FAILURE with a `failed` event whose
 * `extra` says so.
 */
export const cancelFigurJob: CancelRule = (state, atMs) => {
  if (state.status === 'SUCCESS' || state.status === 'FAILURE') return state;
  return {
    ...state,
    status: 'FAILURE',
    error: { code: 'CANCELED', message: 'Job canceled by request.' },
    events: [
      ...state.events,
      { at: atMs, type: 'failed', stage: state.stage, message: 'Job canceled.', error: 'Job canceled by request.', data: { canceled: true, reason: 'canceled_by_client' } },
    ],
    statusHistory: [...state.statusHistory, { at: atMs, status: 'FAILURE' }],
    updatedAt: atMs,
  };
};
