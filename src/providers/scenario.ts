/**
 * The Scenario (scenario.com) mock adapter: Basic or Bearer credentials, `job_` + base62 ids,
 * `{message}` errors, the `{"job": {...}}` renderer, listJobs and the cancel action.
 * @see ../../specs/scenario.yaml
 * @see ../../../shared/PROVIDERS.md (scenario)
 */
import type { JobRole } from './ids.js';
import type { Credential, ErrorContext, ErrorKind, ProviderAdapter, WireResponse } from './adapter.js';
import { cancelScenarioJobAction, listScenarioJobs } from './scenario-handlers.js';
import { cancelScenarioJob, renderScenarioJob } from './scenario-render.js';

const basic = (apiKey: string, apiSecret: string) => ({ authorization: `Basic ${btoa(`${apiKey}:${apiSecret}`)}` });
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const FULL = ['jobs:read', 'jobs:write'];

/**
 * Demo credentials. Each tenant has an API key pair (Basic) and a Bearer token with full access;
 * acme also has a viewer's Bearer token that may read jobs but not cancel them.
 */
export const scenarioCredentials: Credential[] = [
  { tenant: 'acme', label: 'acme API key (Basic)', headers: basic('api_acme_7Hq2LmX9vR4tKp8W', 'aCmE5ecr3t_Zt8Nf2Qw6Yh1Jc4Vb9Xk3'), scopes: FULL },
  { tenant: 'acme', label: 'acme token (Bearer)', headers: bearer('sct_acme_R2d8Kq4Lm7Nx1Vb5Tz9Hc3Wf6Pj0Ys'), scopes: FULL },
  { tenant: 'acme', label: 'acme viewer token (Bearer, read-only)', headers: bearer('sct_acme_view_J5r9Xm2Qe8Lt4Wc7Nb1Vk3'), scopes: ['jobs:read'] },
  { tenant: 'globex', label: 'globex API key (Basic)', headers: basic('api_globex_3Fw8Nz1Kc6Tq9Vd2', 'gL0bEx5ecr3t_Pm4Rs7Ua2Xe9Hy6Lb1'), scopes: FULL },
  { tenant: 'globex', label: 'globex token (Bearer)', headers: bearer('sct_globex_M6t1Zq9Hw3Kd7Rn2Xb5Lf8Vc4Gs'), scopes: FULL },
];

const MAX_AUTHORIZATION = 2048;

/**
 * The credential key of an `Authorization` header: `basic:<apiKey>:<apiSecret>` or
 * `bearer:<token>`; null when missing, too long, of another scheme or badly encoded.
 */
export function scenarioKeyOf(header: string | null | undefined): string | null {
  if (!header || header.length > MAX_AUTHORIZATION) return null;
  const match = /^(basic|bearer) +([A-Za-z0-9+/=._~-]+) *$/i.exec(header);
  if (!match) return null;
  const scheme = (match[1] as string).toLowerCase();
  const value = match[2] as string;
  if (scheme === 'bearer') return `bearer:${value}`;
  if (value.length % 4 !== 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(value)) return null;
  let decoded: string;
  try {
    decoded = atob(value);
  } catch {
    return null;
  }
  const colon = decoded.indexOf(':');
  if (colon <= 0 || colon === decoded.length - 1 || /[^\x21-\x7e]/.test(decoded)) return null;
  return `basic:${decoded}`;
}

const READ_ROLES = new Set<JobRole>(['getJob', 'listJobs']);

function clip(text: string): string {
  return text.length > 80 ? `${text.slice(0, 80)}…` : text;
}

/** Scenario's error answers: always `{message}` (the only documented field). */
export function scenarioError(kind: ErrorKind, ctx: ErrorContext): WireResponse {
  const answer = (status: number, message: string): WireResponse => ({ status, body: { message } });
  switch (kind) {
    case 'unauthorized':
      return answer(401, 'Unauthorized: send Authorization: Basic base64(apiKey:apiSecret) or Authorization: Bearer <token>.');
    case 'forbidden':
      return answer(403, 'Forbidden: these credentials may read jobs but not act on them.');
    case 'not-found':
      return answer(404, `Job ${clip(ctx.id ?? '')} not found`);
    case 'malformed-id':
      return answer(400, `Invalid request parameters: jobId "${clip(ctx.id ?? '')}" must be job_ followed by letters and digits.`);
    case 'bad-request':
      return answer(400, ctx.message ?? 'Invalid request');
    case 'validation':
      return answer(400, `Invalid request body${ctx.field ? ` at ${ctx.field}` : ''}: ${ctx.message ?? 'does not match the schema'} (expected {"action": "cancel"}).`);
    case 'too-large':
      // No 413 is documented; 400 is Scenario's answer to a malformed request.
      return answer(400, ctx.message ?? 'Request body is too large.');
    case 'rate-limited':
      return answer(429, `Too many requests: retry after ${ctx.retryAfter ?? 1} s.`);
    case 'server-error':
      return answer(500, ctx.message ?? 'Internal server error');
    case 'bad-gateway':
      return answer(502, 'Bad gateway: an upstream service did not answer. Retry later.');
    case 'unavailable':
      return answer(503, 'Service temporarily unavailable. Retry after the Retry-After delay.');
  }
}

/**
 * The scenario provider's adapter.
 * @example createProviderMock({ adapter: scenarioAdapter, contract: loadContract('scenario'), … })
 */
export const scenarioAdapter: ProviderAdapter = {
  id: 'scenario',
  credentials: scenarioCredentials,
  readCredential: (request) => scenarioKeyOf(request.headers.get('authorization')),
  credentialKey: (credential) => scenarioKeyOf(credential.headers.authorization) ?? `invalid:${credential.label}`,
  scopeFor: (role) => (READ_ROLES.has(role) ? 'jobs:read' : 'jobs:write'),
  newJobId: (random) => `job_${random.base62('jobId', 24)}`,
  error: scenarioError,
  renderJob: renderScenarioJob,
  cancel: cancelScenarioJob,
  handlers: {
    listJobs: listScenarioJobs,
    cancelJob: cancelScenarioJobAction,
  },
};
