/**
 * The osapi mock adapter: Bearer JWTs with `job:read` / `job:write` scopes, UUID ids, the
 * `{error}` body (the server sets only `error`) and the framework's `{message}` 400 for a
 * malformed UUID, checked before the token.
 * @see ../../specs/osapi.yaml
 * @see ../../../shared/PROVIDERS.md (osapi)
 */
import type { Credential, ErrorContext, ErrorKind, ProviderAdapter, WireResponse } from './adapter.js';
import type { JobRole } from './ids.js';
import { osapiHandlers, parameterFormatError } from './osapi-handlers.js';
import { renderOsapiJob } from './osapi-render.js';

/**
 * Demo tokens: HS256 JWTs signed with the demo key `job-contracts-osapi-demo-signing-key`,
 * header `{"alg":"HS256","typ":"JWT"}`, payload `{iss: "osapi", aud: ["osapi"], iat: 2026-01-01,
 * exp: 2100-01-01, sub, roles, scopes}`. The mock matches them byte for byte; the payload's
 * `scopes` equal each credential's `scopes`.
 */
const TOKENS = {
  acmeAdmin:
    'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJvc2FwaSIsImF1ZCI6WyJvc2FwaSJdLCJpYXQiOjE3NjcyMjU2MDAsImV4cCI6NDEwMjQ0NDgwMCwic3ViIjoib3BzQGFjbWUuZXhhbXBsZSIsInJvbGVzIjpbImFkbWluIl0sInNjb3BlcyI6WyJqb2I6cmVhZCIsImpvYjp3cml0ZSJdfQ.LwfDy_-QnNYrstlMy_XcF6BfPUEtClOwYHp5O8MLPh8',
  acmeReadOnly:
    'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJvc2FwaSIsImF1ZCI6WyJvc2FwaSJdLCJpYXQiOjE3NjcyMjU2MDAsImV4cCI6NDEwMjQ0NDgwMCwic3ViIjoiZGFzaGJvYXJkQGFjbWUuZXhhbXBsZSIsInJvbGVzIjpbInJlYWQiXSwic2NvcGVzIjpbImpvYjpyZWFkIl19.SqrwlWyMFdiwdL5YG-w2uRKMH3yZ0JoGHrebVkQCWk4',
  globexAdmin:
    'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJvc2FwaSIsImF1ZCI6WyJvc2FwaSJdLCJpYXQiOjE3NjcyMjU2MDAsImV4cCI6NDEwMjQ0NDgwMCwic3ViIjoib3BzQGdsb2JleC5leGFtcGxlIiwicm9sZXMiOlsiYWRtaW4iXSwic2NvcGVzIjpbImpvYjpyZWFkIiwiam9iOndyaXRlIl19.s058Ss_S3y8sU7mWg8eT3uoyZyelrCerAE1WdmkfQxI',
} as const;

const bearer = (tenant: string, label: string, token: string, scopes: string[]): Credential => ({
  tenant,
  label,
  headers: { authorization: `Bearer ${token}` },
  scopes,
});

const credentials: Credential[] = [
  bearer('acme', 'acme admin (job:read job:write)', TOKENS.acmeAdmin, ['job:read', 'job:write']),
  bearer('acme', 'acme read-only (job:read)', TOKENS.acmeReadOnly, ['job:read']),
  bearer('globex', 'globex admin (job:read job:write)', TOKENS.globexAdmin, ['job:read', 'job:write']),
];

/** `Authorization: Bearer <header.payload.signature>`; anything else (or a huge header) is none. */
const BEARER_JWT = /^Bearer[ \t]+([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)[ \t]*$/i;

function readCredential(request: Request): string | null {
  const header = request.headers.get('authorization');
  if (!header || header.length > 4096) return null;
  return BEARER_JWT.exec(header)?.[1] ?? null;
}

const SCOPES: Partial<Record<JobRole, string>> = {
  getJob: 'job:read',
  listJobs: 'job:read',
  createJob: 'job:write',
  deleteJob: 'job:write',
  retryJob: 'job:write',
};

/** What google/uuid says about a string it cannot parse (length in bytes, as Go counts). */
function uuidError(raw: string): string {
  const length = new TextEncoder().encode(raw).length;
  return [32, 36, 38, 45].includes(length) ? 'invalid UUID format' : `invalid UUID length: ${length}`;
}

const fail = (status: number, error: string, headers?: Record<string, string>): WireResponse => ({
  status,
  body: { error },
  ...(headers ? { headers } : {}),
});

function error(kind: ErrorKind, ctx: ErrorContext): WireResponse {
  switch (kind) {
    case 'unauthorized':
      return fail(401, 'Bearer token required');
    case 'forbidden':
      return fail(403, 'Insufficient permissions');
    case 'not-found':
      // The same text for an unknown id and another tenant's job: only the id is echoed.
      return fail(404, `job not found: ${ctx.id ?? ''}`);
    case 'malformed-id': {
      const raw = ctx.id ?? '';
      const shown = raw.length > 200 ? `${raw.slice(0, 200)}…` : raw;
      return parameterFormatError(ctx.field ?? 'id', `error unmarshaling '${shown}' text as *uuid.UUID: ${uuidError(raw)}`);
    }
    case 'bad-request':
      // Body binding is the framework's job too (malformed JSON): its {message} form.
      return { status: 400, body: { message: ctx.message ?? 'Bad Request' } };
    case 'validation':
      return fail(400, ctx.message ?? 'invalid request');
    case 'too-large':
      // OSAPI documents no 413; its nearest documented answer is the handler's 400.
      return fail(400, `request body too large${ctx.message ? `: ${ctx.message}` : ''}`);
    case 'rate-limited': {
      const retryAfter = String(ctx.retryAfter ?? 1);
      return fail(429, 'rate limit exceeded', { 'retry-after': retryAfter });
    }
    case 'server-error':
      return fail(500, ctx.message ?? 'failed to get job status: nats: timeout');
    case 'bad-gateway':
      return fail(502, 'bad gateway: the API server did not answer');
    case 'unavailable':
      return fail(503, 'service unavailable: job queue is not ready');
  }
}

/** The osapi provider's mock adapter. */
export const osapiAdapter: ProviderAdapter = {
  id: 'osapi',
  credentials,
  readCredential,
  credentialKey: (credential) => (credential.headers.authorization ?? '').replace(/^Bearer /, ''),
  scopeFor: (role) => SCOPES[role],
  malformedIdBeforeAuth: true,
  newJobId: (random) => random.uuid('job-id'),
  error,
  renderJob: renderOsapiJob,
  handlers: osapiHandlers,
};
