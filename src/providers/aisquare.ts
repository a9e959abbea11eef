/**
 * The aisquare (AISquare Studio) mock adapter: Bearer keys for two tenants, integer job ids,
 * Django REST Framework `{"detail": …}` errors and the JobPacket renderer.
 * @see ../../specs/aisquare.yaml
 * @see ../../../shared/PROVIDERS.md (aisquare)
 */
import type { Credential, ErrorContext, ErrorKind, ProviderAdapter, WireResponse } from './adapter.js';
import { renderJobPacket } from './aisquare-render.js';

/** Job ids start here, so demo ids look like real primary keys (4000, 4001, …). */
const FIRST_JOB_ID = 4000;

/** Longest Authorization header read; anything longer is not a credential. */
const MAX_AUTHORIZATION = 1024;

const BEARER = /^Bearer +([A-Za-z0-9._~+/-]+=*) *$/i;

function bearer(token: string): Record<string, string> {
  return { authorization: `Bearer ${token}` };
}

/** The demo credentials: one full-access API key per tenant (AISquare has no scopes). */
const credentials: Credential[] = [
  { tenant: 'acme', label: 'acme API key', headers: bearer('aisq_sk_acme_7c41e9b02f6d4a58b3e1c9d07a25f3b8'), scopes: [] },
  { tenant: 'globex', label: 'globex API key', headers: bearer('aisq_sk_globex_2d93f5a7c18e4b06a9d2e7f4c3b15a60'), scopes: [] },
];

/** What DRF says for each error, and with what status. @see ../../specs/aisquare.yaml (components/responses) */
function answerFor(kind: ErrorKind, ctx: ErrorContext): WireResponse {
  const wait = ctx.retryAfter ?? 1;
  switch (kind) {
    case 'unauthorized':
      // DRF's NotAuthenticated, with the challenge its authentication class declares.
      return { status: 401, body: { detail: 'Authentication credentials were not provided.' }, headers: { 'www-authenticate': 'Bearer realm="api"' } };
    case 'forbidden':
      return { status: 403, body: { detail: 'You do not have permission to perform this action.' } };
    case 'not-found':
    case 'malformed-id':
      // get_object_or_404 turns a non-integer pk (ValueError) into Http404: same body either way.
      return { status: 404, body: { detail: 'No JobPacket matches the given query.' } };
    case 'bad-request':
      return { status: 400, body: { detail: `JSON parse error - ${ctx.message ?? 'Expecting value: line 1 column 1 (char 0)'}` } };
    case 'validation':
      return { status: 400, body: { detail: ctx.message ?? 'Invalid input.' } };
    case 'too-large':
      // Django's RequestDataTooBig is a SuspiciousOperation: a 400, not a 413.
      return { status: 400, body: { detail: 'Request body exceeded settings.DATA_UPLOAD_MAX_MEMORY_SIZE.' } };
    case 'rate-limited':
      return {
        status: 429,
        body: { detail: `Request was throttled. Expected available in ${wait} second${wait === 1 ? '' : 's'}.` },
        headers: { 'retry-after': String(wait) },
      };
    case 'server-error':
      return { status: 500, body: { detail: 'A server error occurred.' } };
    case 'bad-gateway':
      return { status: 502, body: { detail: 'Bad gateway: the upstream application server did not answer.' } };
    case 'unavailable':
      return { status: 503, body: { detail: 'Service temporarily unavailable, try again later.' } };
  }
}

/**
 * The aisquare adapter. Only `GET /api/v2/orchestrations/jobs/{id}/` is documented, so there
 * are no handlers and no cancel: jobs come from seeding and the admin API.
 */
export const aisquareAdapter: ProviderAdapter = {
  id: 'aisquare',
  credentials,
  readCredential(request) {
    const header = request.headers.get('authorization');
    if (header === null || header.length > MAX_AUTHORIZATION) return null;
    return BEARER.exec(header.trim())?.[1] ?? null;
  },
  credentialKey(credential) {
    return (credential.headers.authorization ?? '').replace(/^Bearer +/, '');
  },
  newJobId(_random, index) {
    return String(FIRST_JOB_ID + index);
  },
  error: answerFor,
  renderJob: renderJobPacket,
  handlers: {},
};
