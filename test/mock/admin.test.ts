import { beforeAll, describe, expect, it } from 'vitest';
import { providerIds } from '../../src/providers/ids.js';
import { type OpenMock, openMock } from '../helpers/drive.js';

let drive: OpenMock;
const admin = (path: string, init?: RequestInit) => drive.mock.handle(new Request(`http://mock.test/__admin/${path}`, init));
const post = (path: string, body: unknown) => admin(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

beforeAll(() => {
  drive = openMock({ seed: 'admin' });
});

describe('admin API', () => {
  it('GET providers lists every provider with a base URL that reaches its operations, two tenants and a job per scenario', async () => {
    const list = (await (await admin('providers')).json()) as Array<{ id: string; baseUrl: string; tenants: Array<{ id: string; headers: Record<string, string> }>; jobs: Array<{ id: string; tenant: string; scenario: string }> }>;
    expect(list.map((p) => p.id)).toEqual([...providerIds]);
    expect(list.find((p) => p.id === 'scenario')?.baseUrl).toBe('http://mock.test/scenario/v1');
    for (const p of list) {
      expect(p.tenants.map((t) => t.id).sort()).toEqual(['acme', 'globex']);
      const scenarios = new Set(p.jobs.filter((j) => j.tenant === 'acme').map((j) => j.scenario));
      expect(scenarios).toEqual(new Set(drive.mock.providers.get(p.id)?.scenarios.keys()));
      const job = p.jobs[0] as { id: string };
      const op = drive.mock.providers.get(p.id)?.contract.operation('getJob');
      // The listed base URL plus the operation's path (and its required query, e.g. api-version) reaches the job.
      const url = new URL(`${p.baseUrl}${op?.path.replace(/\{[^}]+\}/, job.id)}`);
      for (const [name, value] of new URL(drive.url(p.id, 'getJob', job.id)).searchParams) url.searchParams.set(name, value);
      const r = await drive.mock.handle(new Request(url, { headers: p.tenants[0]?.headers ?? {} }));
      expect(`${p.id} ${r.status}`).toBe(`${p.id} 200`);
    }
  });

  it('POST jobs creates a job of a scenario for a tenant; the clock moves it', async () => {
    const created = await post('jobs', { provider: 'figur', scenario: 'happy-path', tenant: 'globex' });
    expect(created.status).toBe(201);
    const job = (await created.json()) as { id: string; tenant: string; scenario: string };
    expect(job).toMatchObject({ tenant: 'globex', scenario: 'happy-path' });
    const headers = drive.headers('figur', 'globex');
    const before = await drive.call('figur', 'getJob', job.id, { headers });
    expect((before.body as { status: string }).status).toBe('NOT_STARTED');
    const moved = await post('clock', { advanceMs: 60_000 });
    expect(moved.status).toBe(200);
    const after = await drive.call('figur', 'getJob', job.id, { headers });
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

  it.each([
    // "é" is two bytes, sent in two chunks: decoded as one character.
    ['a character split across chunks', [Buffer.from('{"provider":"figur","scenario":"happy-path","note":"caf\xc3', 'latin1'), Buffer.from('\xa9"}', 'latin1')], 201],
    ['a byte that is not UTF-8', [Buffer.from('{"provider":"figur","scenario":"happy-path","note":"\xff"}', 'latin1')], 400],
    ['a character cut off at the end', [Buffer.from('{"provider":"figur","scenario":"happy-path"} \xc3', 'latin1')], 400],
  ])('POST jobs decodes a streamed body as strict UTF-8: %s', async (_name, chunks, status) => {
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        for (const chunk of chunks) controller.enqueue(new Uint8Array(chunk));
        controller.close();
      },
    });
    const r = await admin('jobs', { method: 'POST', headers: { 'content-type': 'application/json' }, body, duplex: 'half' } as RequestInit);
    const answer = (await r.json()) as { message?: string };
    expect(`${r.status} ${answer.message ?? ''}`).toMatch(status === 201 ? /^201 $/ : /^400 Request body is not valid UTF-8\.$/);
  });

  it('GET journal is newest first, bounded, and redacts credentials', async () => {
    const info = drive.info('figur');
    await drive.call('figur', 'getJob', info.jobs[0]?.id as string, { headers: info.tenants[0]?.headers ?? {} });
    const { entries } = (await (await admin('journal?limit=3')).json()) as { entries: Array<{ provider: string; headers: Record<string, string>; status: number }> };
    expect(entries).toHaveLength(3);
    expect(entries[0]?.provider).toBe('figur');
    expect(entries[0]?.headers.authorization).toBe('[redacted]');
    const secret = info.tenants[0]?.headers.authorization?.split(' ')[1] as string;
    expect(secret.length).toBeGreaterThan(8);
    expect(JSON.stringify(entries)).not.toContain(secret);
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
