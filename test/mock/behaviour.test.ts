import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMock } from '../../src/mock/mock.js';
import { type RunningServer, serve } from '../../src/node/server.js';
import { providerIds } from '../../src/providers/ids.js';
import { driverOf, type OpenMock, openMock } from '../helpers/drive.js';

const slept: number[] = [];
let drive: OpenMock;

beforeAll(() => {
  drive = openMock({ seed: 'behaviour', sleep: async (ms) => void slept.push(ms) });
});

/** Removes what may differ between two requests: per-request ids. */
function withoutRequestIds(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value ?? null), (key, v) => (/^request_?id$/i.test(key) ? '<request id>' : v));
}
const unknownId = (provider: string) => drive.mock.providers.get(provider)?.unusedId() as string;
const firstJob = (provider: string) => drive.info(provider).jobs[0]?.id as string;
const get = (provider: string, id: string, headers: Record<string, string>) => drive.mock.handle(new Request(drive.url(provider, 'getJob', id), { headers }));

describe.each(providerIds)('%s', (provider) => {
  it('answers another tenant exactly as it answers an id that never existed', async () => {
    const job = drive.info(provider).jobs.find((j) => j.tenant === 'acme' && j.scenario === 'happy-path');
    expect(job).toBeDefined();
    const id = (job as { id: string }).id;
    const own = await drive.call(provider, 'getJob', id, { headers: drive.headers(provider, 'acme') });
    expect(own.status).toBe(200);
    expect(own.issues).toEqual([]);
    const globex = drive.headers(provider, 'globex');
    const never = unknownId(provider);
    expect(drive.mock.providers.get(provider)?.store.get(never)).toBeUndefined();
    const foreign = await get(provider, id, globex);
    const missing = await get(provider, never, globex);
    expect(foreign.status).toBe(404);
    expect(foreign.status).toBe(missing.status);
    // The not-found text may echo the requested id: compare with the id masked.
    const mask = (text: string, masked: string) => withoutRequestIds(JSON.parse(text.split(masked).join('<id>')));
    expect(mask(await foreign.text(), id)).toEqual(mask(await missing.text(), never));
    const headerNames = (r: Response) => [...r.headers.keys()].filter((k) => !['date', 'x-request-id', 'content-length'].includes(k)).sort();
    expect(headerNames(foreign)).toEqual(headerNames(missing));
  });

  it('answers missing and unknown credentials with its own documented 401', async () => {
    const id = firstJob(provider);
    const none = await drive.call(provider, 'getJob', id);
    const bad = await drive.call(provider, 'getJob', id, { headers: { authorization: 'Bearer nope', 'x-api-key': 'nope' } });
    const garbage = await drive.call(provider, 'getJob', id, { headers: { authorization: 'Basic !!!not-base64', 'x-api-key': 'x'.repeat(5000) } });
    for (const r of [none, bad, garbage]) {
      expect(r.status).toBe(401);
      expect(r.issues).toEqual([]);
    }
  });

  it('answers a malformed id with its own documented error', async () => {
    const r = await drive.call(provider, 'getJob', 'not a valid id/../%', { headers: drive.headers(provider) });
    expect([400, 404, 422]).toContain(r.status);
    expect(r.issues).toEqual([]);
  });

  it.each(['500', '502', '503', '429'])('Prefer: fault=%s answers the documented error', async (fault) => {
    const r = await drive.call(provider, 'getJob', firstJob(provider), { headers: { ...drive.headers(provider), prefer: `fault=${fault}` } });
    expect(r.status).toBe(Number(fault));
    expect(r.issues).toEqual([]);
  });

  it('Prefer: fault=429 sends Retry-After', async () => {
    const r = await get(provider, firstJob(provider), { ...drive.headers(provider), prefer: 'fault=429' });
    expect(r.headers.get('retry-after')).toMatch(/^\d+$/);
  });

  it('faults that break the body: truncated, invalid JSON; reset is a network error', async () => {
    const headers = (fault: string) => ({ ...drive.headers(provider), prefer: `fault=${fault}` });
    const truncated = await get(provider, firstJob(provider), headers('truncate'));
    await expect(truncated.text()).rejects.toThrow();
    const invalid = await get(provider, firstJob(provider), headers('invalid-json'));
    await expect(invalid.json()).rejects.toThrow(SyntaxError);
    const reset = await get(provider, firstJob(provider), headers('reset'));
    expect(reset.type).toBe('error');
  });

  it('latency waits (through the injected sleep) and then answers normally', async () => {
    slept.length = 0;
    const r = await drive.call(provider, 'getJob', firstJob(provider), { headers: { ...drive.headers(provider), prefer: 'fault=latency' } });
    expect(r.status).toBe(200);
    expect(r.issues).toEqual([]);
    expect(slept).toEqual([1000]);
  });
});

// The socket is what this one tests: node:http turns the transport faults into a cut body and a reset.
describe('transport faults over a real socket', () => {
  let server: RunningServer;
  let socket: OpenMock;
  beforeAll(async () => {
    const mock = createMock({ clock: 'manual', seed: 'behaviour', providers: ['figur'] });
    server = await serve(mock.handle, { port: 0 });
    socket = driverOf(mock);
  });
  afterAll(async () => {
    await server?.close();
  });
  it('truncated body, invalid JSON, reset', async () => {
    const url = socket.url('figur', 'getJob', socket.info('figur').jobs[0]?.id as string).replace('http://mock.test', server.origin);
    const headers = (fault: string) => ({ ...socket.headers('figur'), prefer: `fault=${fault}` });
    const truncated = await fetch(url, { headers: headers('truncate') });
    await expect(truncated.text()).rejects.toThrow();
    const invalid = await fetch(url, { headers: headers('invalid-json') });
    await expect(invalid.json()).rejects.toThrow(SyntaxError);
    await expect(fetch(url, { headers: headers('reset') })).rejects.toThrow();
  });
});

describe('routes outside every spec', () => {
  it('unknown provider prefix → JSON 404', async () => {
    const r = await drive.mock.handle(new Request('http://mock.test/nope/jobs/1'));
    expect(r.status).toBe(404);
    expect((await r.json()).message).toMatch(/No provider at \/nope/);
  });
  it('unknown path of a provider → JSON 404; wrong method → 405 with Allow', async () => {
    const r = await drive.request('scenario', 'GET', '/nothing-here');
    expect(r.status).toBe(404);
    const m = await drive.mock.handle(new Request(drive.url('scenario', 'getJob', firstJob('scenario')), { method: 'PUT', headers: drive.headers('scenario') }));
    expect(m.status).toBe(405);
    expect(m.headers.get('allow')).toMatch(/GET/);
  });
});

describe('determinism', () => {
  it('two mocks with the same seed give byte-identical bodies for the same job and clock', async () => {
    const [a, b, c] = [openMock({ seed: 'same' }), openMock({ seed: 'same' }), openMock({ seed: 'other' })];
    const bodies = async (m: OpenMock) => {
      const out: string[] = [];
      for (const p of m.mock.describe('http://x')) {
        for (const job of p.jobs) {
          const r = await m.mock.handle(new Request(m.url(p.id, 'getJob', job.id), { headers: m.headers(p.id, job.tenant) }));
          out.push(`${r.status} ${await r.text()}`);
        }
      }
      return out;
    };
    for (const m of [a, b, c]) m.mock.clock.advance(4_321);
    const [x, y, z] = [await bodies(a), await bodies(b), await bodies(c)];
    expect(x.length).toBeGreaterThan(25);
    expect(x.filter((s) => s.startsWith('200 ')).length).toBeGreaterThan(25); // (flaky jobs may be in a fault)
    expect(x).toEqual(y);
    expect(x).not.toEqual(z);
  });
});
