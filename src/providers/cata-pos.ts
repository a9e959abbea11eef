/**
 * The cata-pos (Cata POS integration service) mock adapter: `X-Api-Key` keys for two tenants,
 * digit job ids, the `{code, isSuccess, message, job}` envelope, `{"error": {…}}` errors, and
 * the generate and respond handlers. There is no cancel endpoint.
 * @see ../../specs/cata-pos.yaml
 * @see ../../../shared/PROVIDERS.md (cata-pos)
 */
import type { Credential, ProviderAdapter, RoleHandler } from './adapter.js';
import { cataPosError, cataPosErrorOf, renderCataPosJob } from './cata-pos-render.js';

/** Job ids start here, so demo ids look like the spec's examples (5700, 5701, …). */
const FIRST_JOB_ID = 5700;

/** Longest X-Api-Key read; anything longer is not a key. */
const MAX_KEY = 256;

/** A key is printable ASCII without spaces. */
const KEY = /^[\x21-\x7e]+$/;

function apiKey(key: string): Record<string, string> {
  return { 'x-api-key': key };
}

/** The demo credentials: one tenant-scoped key each (the service has no scopes). */
const credentials: Credential[] = [
  { tenant: 'acme', label: 'acme API key', headers: apiKey('cpk_test_acme_5f2c8e91a7d04b3e9c61f0a2d84b7e35'), scopes: [] },
  { tenant: 'globex', label: 'globex API key', headers: apiKey('cpk_test_globex_a93d17c4e25b4f08b6e2d9c07f1a5b84'), scopes: [] },
];

/** `POST /api/v1/adapter-scripts/generate`: the body becomes the job's input. */
const createJob: RoleHandler = (ctx) => {
  const job = ctx.create({ input: { ...(ctx.body as Record<string, unknown>) } });
  return { status: 200, body: { code: 200, jobId: Number(job.record.id), message: 'Generation job created', isSuccess: true } };
};

/** `POST …/jobs/{jobId}/respond`: accepted only while the job waits for an answer, else 400. */
const respondToJob: RoleHandler = (ctx) => {
  const job = ctx.job();
  if (!job) return ctx.error('not-found');
  const line = job.timeline();
  if (!line.waiting) return cataPosError(400, 'Job is not awaiting clarification', `job ${job.record.id} has status ${line.state.status}`);
  job.act('respond', { response: (ctx.body as { response: string }).response });
  return { status: 200, body: { code: 200, isSuccess: true, message: 'Response recorded; job resumed' } };
};

/**
 * The cata-pos adapter. Jobs are created with `POST …/generate` (scenario from
 * `Prefer: scenario=<name>`), polled with `GET …/jobs/{jobId}` and answered with `POST …/respond`.
 * @example fetch(`${base}/api/v1/adapter-scripts/jobs/5700`, { headers: { 'x-api-key': key } })
 */
export const cataPosAdapter: ProviderAdapter = {
  id: 'cata-pos',
  credentials,
  readCredential(request) {
    const header = request.headers.get('x-api-key');
    if (header === null || header.length > MAX_KEY) return null;
    const key = header.trim();
    return KEY.test(key) ? key : null;
  },
  credentialKey(credential) {
    return credential.headers['x-api-key'] ?? '';
  },
  newJobId(_random, index) {
    return String(FIRST_JOB_ID + index);
  },
  error: cataPosErrorOf,
  renderJob: renderCataPosJob,
  handlers: { createJob, respondToJob },
};
