import type { JobState } from '../engine/state.js';
import type { ErrorContext, ErrorKind, RenderContext, WireResponse } from './adapter.js';

/**
 * Cata POS wire JSON: the `{code, isSuccess, message, job}` envelope and the
 * `{"error": {code, message, details, field}}` error body.
 * @see ../../specs/cata-pos.yaml
 */

/** The stage a job shows when its scenario leaves `stage` unset (the enum has no null). */
const defaultStage: Record<string, string> = {
  pending: 'queued',
  running: 'gathering',
  needs_clarification: 'retrying',
  completed: 'done',
  failed: 'done',
};

/** Longest id echoed back in an error's `details` (path ids can be long garbage). */
const MAX_ID_TEXT = 64;

function text(value: unknown, fallback: string): string {
  return typeof value === 'string' && value.length > 0 ? value : fallback;
}

/** The saved script's id: the scenario's `result.scriptId`, else a stable number per job. */
function scriptIdOf(state: JobState, ctx: RenderContext): number {
  const fromResult = (state.result as { scriptId?: unknown } | null)?.scriptId;
  if (typeof fromResult === 'number' && Number.isInteger(fromResult) && fromResult > 0) return fromResult;
  return ctx.job.random.int('resultScriptId', 100, 99999);
}

/**
 * The getJob 200 body. Fields that do not apply yet carry the seed's placeholders: `""` for
 * hypothesis, clarification and humanResponse, `0` for resultScriptId (never null).
 * @see ../../specs/cata-pos.yaml#/components/schemas/GenerationJob
 */
export function renderCataPosJob(state: JobState, ctx: RenderContext): unknown {
  const input = ctx.job.input;
  return {
    code: 200,
    isSuccess: true,
    message: 'Job retrieved',
    job: {
      id: Number(ctx.job.id),
      provider: text(input.provider, 'revel'),
      topic: text(input.topic, 'sync_products'),
      status: state.status,
      stage: state.stage ?? defaultStage[state.status] ?? 'queued',
      hypothesis: state.hypothesis ?? '',
      testResults: state.testResults.map((t, i) => ({
        attempt: i + 1,
        passed: t.passed,
        error: t.passed ? '' : t.error,
        outputPreview: t.outputPreview,
        outputCount: t.outputCount,
        timestamp: ctx.iso(t.at),
      })),
      clarification: state.clarification ?? '',
      humanResponse: state.humanResponse ?? '',
      logs: state.events.map((e) => ({ stage: e.stage ?? e.type, message: e.message, timestamp: ctx.iso(e.at) })),
      retries: state.retries,
      resultScriptId: state.status === 'completed' ? scriptIdOf(state, ctx) : 0,
      createdAt: ctx.iso(0),
      updatedAt: ctx.iso(state.updatedAt),
    },
  };
}

/** One error answer in the provider's shape; `code` echoes the HTTP status. */
export function cataPosError(status: number, message: string, details: string, field = ''): WireResponse {
  return { status, body: { error: { code: status, message, details, field } } };
}

function idText(id: string | undefined): string {
  const raw = id ?? '';
  return raw.length > MAX_ID_TEXT ? `${raw.slice(0, MAX_ID_TEXT)}...` : raw;
}

/**
 * Every error kind, mapped to a status each operation that can produce it documents.
 * `forbidden` cannot happen (the service has no scopes) and answers 401 like a bad key;
 * `malformed-id` is the not-found answer (404 is documented wherever a jobId is);
 * `too-large` is a 400 (the spec documents no 413).
 */
export function cataPosErrorOf(kind: ErrorKind, ctx: ErrorContext): WireResponse {
  switch (kind) {
    case 'unauthorized':
      return cataPosError(401, 'Unauthorized', 'missing, invalid or expired API key', 'X-Api-Key');
    case 'forbidden':
      return cataPosError(401, 'Unauthorized', 'API key is not allowed to use this endpoint', 'X-Api-Key');
    case 'not-found':
      return cataPosError(404, 'Generation job not found', `no generation job with id ${idText(ctx.id)}`, 'jobId');
    case 'malformed-id':
      return cataPosError(404, 'Generation job not found', `jobId must be a string of digits, got "${idText(ctx.id)}"`, 'jobId');
    case 'bad-request':
      return cataPosError(400, 'Bad request', ctx.message ?? 'request body is not valid JSON', ctx.field ?? '');
    case 'validation':
      return cataPosError(400, 'Validation failed', ctx.message ?? 'request body is invalid', ctx.field ?? '');
    case 'too-large':
      return cataPosError(400, 'Request body too large', ctx.message ?? 'request body is too large', '');
    case 'rate-limited':
      return cataPosError(429, 'Too many requests', `rate limit exceeded; retry after ${ctx.retryAfter ?? 1} seconds`);
    case 'server-error':
      return cataPosError(500, 'Internal server error', ctx.message ?? 'unexpected error while handling the request');
    case 'bad-gateway':
      return cataPosError(502, 'Bad gateway', ctx.message ?? 'upstream service returned an invalid response');
    case 'unavailable':
      return cataPosError(503, 'Service unavailable', ctx.message ?? 'the generation service is temporarily unavailable');
  }
}
