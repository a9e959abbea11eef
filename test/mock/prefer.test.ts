import { describe, expect, it } from 'vitest';
import { validateResponse } from '../../src/contracts/index.js';
import { requiredQueryOf } from '../../src/contracts/sample-request.js';
import { faultKinds } from '../../src/core/fault.js';
import { createMock } from '../../src/mock/mock.js';
import { providerIds } from '../../src/providers/ids.js';

const mock = createMock({ clock: 'manual', sleep: async () => {} });
const origin = 'http://127.0.0.1:4010';

/** GET of the provider's first seeded acme job, with a Prefer header. */
async function getWith(provider: (typeof providerIds)[number], prefer: string) {
  const info = mock.describe(origin).find((p) => p.id === provider);
  const job = info?.jobs.find((j) => j.tenant === 'acme' && j.scenario === 'happy-path');
  const contract = mock.providers.get(provider)?.contract;
  const op = contract?.operation('getJob');
  const path = op?.path.replace(/\{[^}]+\}/, job?.id ?? '');
  // Required query parameters (azure's api-version) as a client of that API sends them.
  const query = contract && op ? new URLSearchParams(requiredQueryOf(contract, op)).toString() : '';
  const response = await mock.handle(new Request(`${info?.baseUrl}${path}${query ? `?${query}` : ''}`, { headers: { ...info?.tenants[0]?.headers, prefer } }));
  const text = await response.text();
  const body = JSON.parse(text) as unknown;
  const valid = validateResponse({ provider, operation: 'getJob', status: response.status, contentType: response.headers.get('content-type'), body });
  return { status: response.status, text, valid, retryAfter: response.headers.get('retry-after') };
}

describe('a Prefer header the mock cannot honour gets the provider\'s own validation error, never a normal answer', () => {
  it.each(providerIds)('%s: fault=bogus names the known kinds', async (provider) => {
    const answer = await getWith(provider, 'fault=bogus');
    expect(answer.status).toBe(provider === 'figur' ? 422 : 400);
    expect(answer.valid).toEqual({ ok: true });
    for (const kind of faultKinds) expect(answer.text).toContain(kind);
  });

  it.each(providerIds.flatMap((p) => ['abc', '-1', '1.5', '1e3', '999999999'].map((v) => [p, v] as const)))('%s: fault=429, retry-after=%s → 4xx, not Retry-After: NaN', async (provider, value) => {
    const answer = await getWith(provider, `fault=429, retry-after=${value}`);
    expect(answer.status).toBe(provider === 'figur' ? 422 : 400);
    expect(answer.valid).toEqual({ ok: true });
    expect(answer.text).toMatch(/retry-after/);
    expect(answer.retryAfter).toBeNull();
  });

  it.each(providerIds)('%s: a good fault=429, retry-after=5 still answers 429 with Retry-After: 5', async (provider) => {
    const answer = await getWith(provider, 'fault=429, retry-after=5');
    expect(answer.status).toBe(429);
    expect(answer.retryAfter).toBe('5');
    expect(answer.valid).toEqual({ ok: true });
  });
});
