import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMock, type Mock } from '../../src/mock/mock.js';
import { type RunningServer, serve } from '../../src/node/server.js';
import { providerIds } from '../../src/providers/ids.js';
import { call, operationUrl } from '../helpers/drive.js';

let mock: Mock;
let server: RunningServer;
const admin = (path: string, init?: RequestInit) => fetch(`${server.origin}/__admin/${path}`, init);
const post = (path: string, body: unknown) => admin(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

beforeAll(async () => {
  mock = createMock({ clock: 'manual', seed: 'admin' });
  server = await serve(mock.handle, { port: 0 });
});
afterAll(async () => {
  await server?.close();
});

describe('admin API', () => {
  it('GET providers lists every provider with a base URL that reaches its operations, two tenants and a job per scenario', async () => {
    const list = (await (await admin('providers')).json()) as Array<{ id: string; baseUrl: string; tenants: Array<{ id: string; headers: Record<string, string> }>; jobs: Array<{ id: string; tenant: string; scenario: string }> }>;
    expect(list.map((p) => p.id)).toEqual([...providerIds]);
    expect(list.find((p) => p.id === 'scenario')?.baseUrl).toBe(`${server.origin}/scenario/v1`);
    for (const p of list) {
      expect(p.tenants.map((t) => t.id).sort()).toEqual(['acme', 'globex']);
      const scenarios = new Set(p.jobs.filter((j) => j.tenant === 'acme').map((j) => j.scenario));
      expect(scenarios).toEqual(new Set(mock.providers.get(p.id as (typeof providerIds)[number])?.scenarios.keys()));
      const job = p.jobs[0] as { id: string };
      const op = mock.providers.get(p.id as (typeof providerIds)[number])?.contract.operation('getJob');
      const r = await fetch(`${p.baseUrl}${op?.path.replace(/\{[^}]+\}/, job.id)}`, { headers: p.tenants[0]?.headers ?? {} });
      expect(r.status).toBe(200);
    }
  });

  it('POST jobs creates a job of a scenario for a tenant; the clock moves it', async () => {
    const created = await post('jobs', { provider: 'figur', scenario: 'happy-path', tenant: 'globex' });
    expect(created.status).toBe(201);
    const job = (await created.json()) as { id: string; tenant: string; scenario: string };
    expect(job).toMatchObject({ tenant: 'globex', scenario: 'happy-path' });
    const info = mock.describe(server.origin).find((p) => p.id === 'figur');
    const headers = info?.tenants.find((t) => t.id === 'globex')?.headers ?? {};
    const url = operationUrl(mock, info as NonNullable<typeof info>, 'getJob', job.id);
    const before = await call('figur', 'getJob', url, { headers });
    expect((before.body as { status: string }).status).toBe('NOT_STARTED');
    const moved = await post('clock', { advanceMs: 60_000 });
    expect(moved.status).toBe(200);
    const after = await call('figur', 'getJob', url, { headers });
    expect((after.body as { status: string }).status).toBe('SUCCESS');
    expect(after.issues).toEqual([]);
  });

  it.each([
    ['unknown provider', { provider: 'nope', scenario: 'happy-path' }, /"provider" must be one of/],
    ['unknown scenario', { provider: 'figur', scenario: 'workflow' }, /"scenario" must be one of: canceled/],
    ['unknown tenant', { provider: 'figur', scenario: 'happy-path', tenant: 'initech' }, /"tenant" must be/],
  ])('POST jobs rejects %s with 400', async (_name, body, message) => {
    const r = await post('jobs', body);
    expect(r.status).toBe(400);
    expect((await r.json()).message).toMatch(message);
  });

  it('POST clock rejects a bad body; invalid JSON is a 400, not a crash', async () => {
    expect((await post('clock', { advanceMs: -5 })).status).toBe(400);
    const r = await admin('clock', { method: 'POST', body: '{nope' });
    expect(r.status).toBe(400);
    expect((await r.json()).message).toMatch(/not valid JSON/);
  });

  it('GET journal is newest first, bounded, and redacts credentials', async () => {
    const info = mock.describe(server.origin)[1];
    await fetch(operationUrl(mock, info as NonNullable<typeof info>, 'getJob', info?.jobs[0]?.id as string), { headers: info?.tenants[0]?.headers ?? {} });
    const { entries } = (await (await admin('journal?limit=3')).json()) as { entries: Array<{ provider: string; headers: Record<string, string>; status: number }> };
    expect(entries).toHaveLength(3);
    expect(entries[0]?.provider).toBe('figur');
    expect(entries[0]?.headers.authorization).toBe('[redacted]');
    expect(JSON.stringify(entries)).not.toContain(info?.tenants[0]?.headers.authorization?.split(' ')[1] as string);
  });

  it('POST reset forgets created jobs and re-seeds the built-in ones', async () => {
    const created = (await (await post('jobs', { provider: 'osapi', scenario: 'happy-path' })).json()) as { id: string };
    expect((await post('reset', {})).status).toBe(200);
    const list = (await (await admin('providers')).json()) as Array<{ id: string; jobs: Array<{ id: string }> }>;
    expect(list.find((p) => p.id === 'osapi')?.jobs.map((j) => j.id)).not.toContain(created.id);
    expect(list.find((p) => p.id === 'osapi')?.jobs.length).toBeGreaterThan(5);
  });

  it('GET health answers; unknown admin routes are JSON 404s', async () => {
    const health = await (await admin('health')).json();
    expect(health).toMatchObject({ status: 'ok', clock: 'manual' });
    const r = await admin('nope');
    expect(r.status).toBe(404);
    expect((await r.json()).message).toMatch(/No admin route/);
  });
});
