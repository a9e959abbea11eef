/**
 * The Figur mock: Bearer `sk_test_…` / `sk_live_…` keys, ULID job ids, the `{error: {…}}`
 * envelope, `JobDetailResponse` bodies and the same-family handlers.
 * @see ../../specs/figur.yaml
 * @see ../../../shared/PROVIDERS.md (figur)
 */
import type { Credential, ProviderAdapter } from './adapter.js';
import { figurError } from './figur-errors.js';
import { figurHandlers } from './figur-handlers.js';
import { cancelFigurJob, renderFigurJob } from './figur-render.js';

/** The capability every read (getJob, listJobs, listJobEvents) needs. */
const JOBS_READ = 'jobs:read';

const bearer = (key: string): Record<string, string> => ({ authorization: `Bearer ${key}` });

/** Demo keys: a full key per tenant, and an acme key without `jobs:read` (403 on reads). */
const credentials: Credential[] = [
  { tenant: 'acme', label: 'acme test key', headers: bearer('sk_test_acme_7Qm2xK9pL4vR8tN3cW6y'), scopes: [JOBS_READ] },
  { tenant: 'globex', label: 'globex test key', headers: bearer('sk_test_globex_Hc5Wz1Jd6Ty0Bf4Sq8Ke'), scopes: [JOBS_READ] },
  { tenant: 'acme', label: 'acme key without jobs:read', headers: bearer('sk_test_acme_nr_3Vb9Ke7Xq2Lm5Pd8'), scopes: [] },
];

const KEY = /^sk_(?:test|live)_[A-Za-z0-9_]{8,120}$/;

/**
 * The Figur adapter.
 * @example createProviderMock({ adapter: figurAdapter, contract: loadContract('figur'), … })
 */
export const figurAdapter: ProviderAdapter = {
  id: 'figur',
  credentials,
  readCredential(request) {
    const header = request.headers.get('authorization');
    if (header === null || header.length > 512) return null;
    const match = /^bearer[ \t]+(\S+)[ \t]*$/i.exec(header);
    const key = match?.[1];
    return key !== undefined && KEY.test(key) ? key : null;
  },
  credentialKey: (credential) => (credential.headers.authorization ?? '').replace(/^Bearer /, ''),
  scopeFor: (role) => (role === 'getJob' || role === 'listJobs' || role === 'listJobEvents' ? JOBS_READ : undefined),
  newJobId: (random, _index, createdAt) => random.ulid('job', createdAt),
  error: figurError,
  renderJob: renderFigurJob,
  cancel: cancelFigurJob,
  handlers: figurHandlers,
};
