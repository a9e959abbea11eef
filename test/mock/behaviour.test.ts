import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRandom } from '../../src/core/random.js';
import { createMock, type Mock, type ProviderInfo } from '../../src/mock/mock.js';
import { type RunningServer, serve } from '../../src/node/server.js';
import { providerIds } from '../../src/providers/ids.js';
import { call, operationUrl } from '../helpers/drive.js';

let mock: Mock;
let server: RunningServer;
let info: ProviderInfo[];
const slept: number[] = [];

beforeAll(async () => {
  mock = await createMock({ clock: 'manual', seed: 'behaviour', sleep: async (ms) => void slept.push(ms) });
  server = await serve(mock.handle, { port: 0 });
  info = mock.describe(server.origin);
});
afterAll(async () => {
  await server?.close();
});

const of = (id: string) => info.find((p) => p.id === id) as ProviderInfo;
/** Removes what may differ between two requests: per-request ids. */
function withoutRequestIds(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value ?? null), (key, v) => (key === 'request_id' ? '<request id>' : v));
}
function unknownId(provider: (typeof providerIds)[number]): string {
  return mock.providers.get(provider)?.adapter.newJobId(createRandom('never-created'), 99_999, mock.clock.now()) as string;
}

describe.each(providerIds)('%s', (provider) => {
  it('answers another tenant exactly as it answers an id that never existed', async () => {
    const p = of(provider);
    const job = p.jobs.find((j) => j.tenant === 'acme' && j.scenario === 'happy-path');
    const globex = p.tenants.find((t) => t.id === 'globex')?.headers ?? {};
    expect(job).toBeDefined();
    const own = await call(provider, 'getJob', operationUrl(mock, p, 'getJob', (job as { id: string }).id), { headers: p.tenants[0]?.headers ?? {} });
    expect(own.status).toBe(200);
    const foreign = await fetch(operationUrl(mock, p, 'getJob', (job as { id: string }).id), { headers: globex });
    const missing = await fetch(operationUrl(mock, p, 'getJob', unknownId(provider)), { headers: globex });
    expect(foreign.status).toBe(404);
    expect(foreign.status).toBe(missing.status);
    // The not-found text may echo the requested id: compare with the id masked.
    const mask = (text: string, id: string) => withoutRequestIds(JSON.parse(text.split(id).join('<id>')));
    const [a, b] = [mask(await foreign.text(), (job as { id: string }).id), mask(await missing.text(), unknownId(provider))];
    expect(a).toEqual(b);
    const headerNames = (r: Response) => [...r.headers.keys()].filter((k) => !['date', 'x-request-id', 'content-length'].includes(k)).sort();
    expect(headerNames(foreign)).toEqual(headerNames(missing));
  });

  it('answers missing and unknown credentials with its own documented 401', async () => {
    const p = of(provider);
    const id = p.jobs[0]?.id as string;
    const none = await call(provider, 'getJob', operationUrl(mock, p, 'getJob', id));
    const bad = await call(provider, 'getJob', operationUrl(mock, p, 'getJob', id), { headers: { authorization: 'Bearer nope', 'x-api-key': 'nope' } });
    const garbage = await call(provider, 'getJob', operationUrl(mock, p, 'getJob', id), { headers: { authorization: 'Basic !!!not-base64', 'x-api-key': 'x'.repeat(5000) } });
    for (const r of [none, bad, garbage]) {
      expect(r.status).toBe(401);
      expect(r.issues).toEqual([]);
    }
  });

  it('answers a malformed id with its own documented error', async () => {
    const p = of(provider);
    const r = await call(provider, 'getJob', operationUrl(mock, p, 'getJob', 'not a valid id/../%'), { headers: p.tenants[0]?.headers ?? {} });
    expect([400, 404, 422]).toContain(r.status);
    expect(r.issues).toEqual([]);
  });

  it.each(['500', '502', '503', '429'])('Prefer: fault=%s answers the documented error', async (fault) => {
    const p = of(provider);
    const r = await call(provider, 'getJob', operationUrl(mock, p, 'getJob', p.jobs[0]?.id as string), { headers: { ...p.tenants[0]?.headers, prefer: `fault=${fault}` } });
    expect(r.status).toBe(Number(fault));
    expect(r.issues).toEqual([]);
  });

  it('Prefer: fault=429 sends Retry-After', async () => {
    const p = of(provider);
    const r = await fetch(operationUrl(mock, p, 'getJob', p.jobs[0]?.id as string), { headers: { ...p.tenants[0]?.headers, prefer: 'fault=429' } });
    expect(r.headers.get('retry-after')).toMatch(/^\d+$/);
  });

  it('faults that break the transport: truncated body, invalid JSON, reset', async () => {
    const p = of(provider);
    const url = operationUrl(mock, p, 'getJob', p.jobs[0]?.id as string);
    const truncated = await fetch(url, { headers: { ...p.tenants[0]?.headers, prefer: 'fault=truncate' } });
    await expect(truncated.text()).rejects.toThrow();
    const invalid = await fetch(url, { headers: { ...p.tenants[0]?.headers, prefer: 'fault=invalid-json' } });
    await expect(invalid.json()).rejects.toThrow(SyntaxError);
    await expect(fetch(url, { headers: { ...p.tenants[0]?.headers, prefer: 'fault=reset' } })).rejects.toThrow();
  });

  it('latency waits (through the injected sleep) and then answers normally', async () => {
    const p = of(provider);
    slept.length = 0;
    const r = await call(provider, 'getJob', operationUrl(mock, p, 'getJob', p.jobs[0]?.id as string), { headers: { ...p.tenants[0]?.headers, prefer: 'fault=latency' } });
    expect(r.status).toBe(200);
    expect(r.issues).toEqual([]);
    expect(slept).toEqual([1000]);
  });
});

describe('routes outside every spec', () => {
  it('unknown provider prefix → JSON 404', async () => {
    const r = await fetch(`${server.origin}/nope/jobs/1`);
    expect(r.status).toBe(404);
    expect((await r.json()).message).toMatch(/No provider at \/nope/);
  });
  it('unknown path of a provider → JSON 404; wrong method → 405 with Allow', async () => {
    const p = of('scenario');
    const r = await fetch(`${p.baseUrl}/nothing-here`);
    expect(r.status).toBe(404);
    const m = await fetch(operationUrl(mock, p, 'getJob', p.jobs[0]?.id as string), { method: 'PUT', headers: p.tenants[0]?.headers ?? {} });
    expect(m.status).toBe(405);
    expect(m.headers.get('allow')).toMatch(/GET/);
  });
});

describe('determinism', () => {
  it('two mocks with the same seed give byte-identical bodies for the same job and clock', async () => {
    const a = await createMock({ clock: 'manual', seed: 'same' });
    const b = await createMock({ clock: 'manual', seed: 'same' });
    const c = await createMock({ clock: 'manual', seed: 'other' });
    const bodies = async (m: Mock) => {
      const out: string[] = [];
      for (const p of m.describe('http://x')) {
        for (const job of p.jobs) {
          const r = await m.handle(new Request(operationUrl(m, p, 'getJob', job.id), { headers: p.tenants.find((t) => t.id === job.tenant)?.headers ?? {} }));
          out.push(`${r.status} ${await r.text()}`);
        }
      }
      return out;
    };
    for (const m of [a, b, c]) m.clock.advance(4_321);
    const [x, y, z] = [await bodies(a), await bodies(b), await bodies(c)];
    expect(x.length).toBeGreaterThan(25);
    expect(x).toEqual(y);
    expect(x).not.toEqual(z);
  });
});
