/**
 * Figur's one error envelope `{"error": {"code", "message", "request_id"}}` for every error
 * kind, each on a status the spec documents where the kind can occur.
 * @see ../../specs/figur.yaml (components.responses)
 */
import type { ErrorContext, ErrorKind, WireResponse } from './adapter.js';

/** A Figur error answer: `request_id` is the request's ULID. */
export function figurEnvelope(status: number, code: string, message: string, requestId: string, headers?: Record<string, string>): WireResponse {
  return { status, body: { error: { code, message, request_id: requestId } }, ...(headers ? { headers } : {}) };
}

/** `field: message`, or the message alone. */
function withField(ctx: ErrorContext, fallback: string): string {
  const message = ctx.message ?? fallback;
  return ctx.field ? `${ctx.field}: ${message}` : message;
}

/**
 * The error answer of each kind. Malformed ids, bad JSON, over-large bodies and schema
 * failures are all 422 VALIDATION_ERROR: Figur documents no 400 or 413.
 */
export function figurError(kind: ErrorKind, ctx: ErrorContext): WireResponse {
  const id = ctx.requestId;
  switch (kind) {
    case 'unauthorized':
      return figurEnvelope(401, 'UNAUTHORIZED', 'Missing or invalid API key.', id);
    case 'forbidden':
      return figurEnvelope(403, 'FORBIDDEN', 'This API key lacks the jobs:read capability.', id);
    case 'not-found':
      // Same text for an unknown id and another tenant's job: only request_id differs.
      return figurEnvelope(404, 'JOB_NOT_FOUND', ctx.id !== undefined ? `Job ${ctx.id.slice(0, 64)} not found.` : 'Job not found.', id);
    case 'malformed-id':
      return figurEnvelope(422, 'VALIDATION_ERROR', 'public_id must be a ULID (26 characters, Crockford base32).', id);
    case 'bad-request':
      return figurEnvelope(422, 'VALIDATION_ERROR', withField(ctx, 'The request could not be processed.'), id);
    case 'validation':
      return figurEnvelope(422, 'VALIDATION_ERROR', withField(ctx, 'The request body is invalid.'), id);
    case 'too-large':
      return figurEnvelope(422, 'VALIDATION_ERROR', ctx.message ?? 'Request body is too large.', id);
    case 'rate-limited': {
      const retryAfter = ctx.retryAfter ?? 1;
      return figurEnvelope(429, 'RATE_LIMITED', `Rate limit exceeded; retry in ${retryAfter} s.`, id, { 'retry-after': String(retryAfter) });
    }
    case 'server-error':
      return figurEnvelope(500, 'INTERNAL_ERROR', ctx.message ?? 'An internal error occurred.', id);
    case 'bad-gateway':
      return figurEnvelope(502, 'BAD_GATEWAY', 'An upstream service failed to answer.', id);
    case 'unavailable':
      return figurEnvelope(503, 'SERVICE_UNAVAILABLE', 'The service is temporarily unavailable; retry later.', id, ctx.retryAfter !== undefined ? { 'retry-after': String(ctx.retryAfter) } : undefined);
  }
}
