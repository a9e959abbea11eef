/**
 * The cata-pos mock adapter driven through the real mock core, without sockets: every built-in
 * scenario polled to its end (answering clarifications through `POST …/respond`), auth,
 * tenancy, malformed ids, every handler and every fault — each answer checked against
 * specs/cata-pos.yaml (status, content type, body) and its lifecycle.
 * @see ../../specs/cata-pos.yaml
 */
import { describe, expect, it } from 'vitest';
import { loadContract, validateResponse } from '../../src/contracts/index.js';
import { checkSnapshot, checkTransition } from '../../src/lifecycle/evaluate.js';
import { createMock, type Mock } from '../../src/mock/index.js';

// biome-ignore lint/suspicious/noExplicitAny: response bodies are JSON the assertions reach into
type Body = Record<string, any>;
type Operation = 'getJob' | 'createJob' | 'respondToJob';
interface Answer {
  status: number;
  headers: Headers;
  text: string;
  body: Body;
}

const lifecycle = loadContract('cata-pos').spec.lifecycle;
/** The demo credentials, as the mock lists them for its users. */
function tenantHeaders(tenant: string): Record<string, string> {
  const [provider] = createMock({ providers: ['cata-pos'], clock: 'manual', seed: 'test', seedJobs: false }).describe('http://mock.test');
  const headers = provider?.tenants.find((t) => t.id === tenant)?.headers;
  if (!headers) throw new Error(`cata-pos lists no ${tenant} tenant`);
  return headers;
}
const ACME = tenantHeaders('acme');
const GLOBEX = tenantHeaders('globex');
const ORIGIN = 'http://mock.test/cata-pos/api/v1/adapter-scripts';

async function setup(options: { seed?: string; clock?: 'manual' | 'poll'; rateLimit?: number; bodyLimit?: number } = {}): Promise<Mock> {
  return createMock({ providers: ['cata-pos'], clock: options.clock ?? 'manual', seed: options.seed ?? 'test', seedJobs: false, sleep: async () => {}, ...options });
}

/** Sends a request and validates the answer against the spec (status, content type, body). */
async function send(mock: Mock, operation: Operation, path: string, init: { headers?: Record<string, string>; body?: unknown; raw?: string } = {}): Promise<Answer> {
  const method = operation === 'getJob' ? 'GET' : 'POST';
  const payload = init.raw ?? (init.body === undefined ? undefined : JSON.stringify(init.body));
  const headers = { ...(payload !== undefined ? { 'content-type': 'application/json' } : {}), ...(init.headers ?? ACME) };
  const response = await mock.handle(new Request(`${ORIGIN}${path}`, { method, headers, ...(payload !== undefined ? { body: payload } : {}) }));
  const text = await response.text();
  const body = JSON.parse(text) as Body;
  const checked = validateResponse({ provider: 'cata-pos', operation, status: response.status, contentType: response.headers.get('content-type'), body });
  expect(checked, `${operation} ${response.status} ${text}`).toEqual({ ok: true });
  return { status: response.status, headers: response.headers, text, body };
}

const get = (mock: Mock, id: string, headers: Record<string, string> = ACME) => send(mock, 'getJob', `/jobs/${id}`, { headers });
const respond = (mock: Mock, id: string, response: string, headers: Record<string, string> = ACME) => send(mock, 'respondToJob', `/jobs/${id}/respond`, { headers, body: { response } });

async function create(mock: Mock, scenario?: string, body: Body = { provider: 'revel', topic: 'sync_products' }): Promise<string> {
  const answer = await send(mock, 'createJob', '/generate', { headers: { ...ACME, ...(scenario ? { prefer: `scenario=${scenario}` } : {}) }, body });
  expect(answer.status).toBe(200);
  expect(answer.body).toMatchObject({ code: 200, isSuccess: true, message: 'Generation job created' });
  return String(answer.body.jobId);
}

const scenarioCases: Array<[string, { final: string; seen: string[]; faults?: number[]; responds?: number; maxMs?: number }]> = [
  ['happy-path', { final: 'completed', seen: ['pending', 'running', 'completed'] }],
  ['failure', { final: 'failed', seen: ['pending', 'running', 'failed'] }],
  ['slow', { final: 'completed', seen: ['pending', 'running', 'completed'], maxMs: 400_000 }],
  ['stuck', { final: 'running', seen: ['pending', 'running'], maxMs: 600_000 }],
  ['flaky', { final: 'completed', seen: ['pending', 'running', 'completed'], faults: [503, 429] }],
  ['needs-clarification', { final: 'completed', seen: ['pending', 'running', 'needs_clarification', 'running', 'completed'], responds: 1 }],
  ['retries-exhausted', { final: 'completed', seen: ['pending', 'running', 'needs_clarification', 'running', 'completed'], responds: 1 }],
];

describe('cata-pos scenarios', () => {
  it('loads every built-in scenario and passes the lead loader’s lifecycle check', async () => {
    const mock = await setup();
    expect(mock.problems.map((p) => p.message)).toEqual([]);
    expect(mock.scenarioList().map((s) => s.name).sort()).toEqual(scenarioCases.map(([name]) => name).sort());
  });

  it.each(scenarioCases)('%s runs to its end (manual clock, every poll validated)', async (name, want) => {
    const mock = await setup();
    const id = await create(mock, name);
    let previous: unknown;
    const seen: string[] = [];
    const faults: number[] = [];
    let responds = 0;
    let triedEarly = false;
    for (let ms = 0; ms <= (want.maxMs ?? 60_000); ms += 500, mock.clock.advance(500)) {
      const answer = await get(mock, id);
      if (answer.status !== 200) {
        if (faults.at(-1) !== answer.status) faults.push(answer.status);
        expect(answer.headers.get('retry-after')).toBe(answer.status === 429 ? '2' : '1');
        continue;
      }
      const job = answer.body.job;
      expect(checkSnapshot(lifecycle, job)).toEqual([]);
      if (previous !== undefined) expect(checkTransition(lifecycle, previous, job)).toEqual([]);
      previous = job;
      if (seen.at(-1) !== job.status) seen.push(job.status);
      if (job.status === 'running' && !triedEarly) {
        triedEarly = true;
        const early = await respond(mock, id, 'too early');
        expect(early.status).toBe(400);
        expect(early.body.error).toEqual({ code: 400, message: 'Job is not awaiting clarification', details: `job ${id} has status running`, field: '' });
      }
      if (job.status === 'needs_clarification' && job.humanResponse === '') {
        expect(job.clarification).not.toBe('');
        expect((await respond(mock, id, 'Under `objects`; pagination is in `meta.next`.')).status).toBe(200);
        responds++;
        const resumed = (await get(mock, id)).body.job;
        expect(resumed).toMatchObject({ status: 'running', humanResponse: 'Under `objects`; pagination is in `meta.next`.' });
        expect((await respond(mock, id, 'again')).status).toBe(400);
      }
      if (lifecycle.terminal.includes(job.status)) break;
    }
    const last = previous as Body;
    expect(last.status).toBe(want.final);
    expect(seen).toEqual(want.seen);
    expect(faults).toEqual(want.faults ?? []);
    expect(responds).toBe(want.responds ?? 0);
    if (want.final === 'completed') {
      expect(last.resultScriptId).toBeGreaterThan(0);
      expect(last.stage).toBe('done');
      expect(last.testResults.at(-1).passed).toBe(true);
      expect(last.hypothesis).toContain('function transform');
    } else {
      expect(last.resultScriptId).toBe(0);
    }
  });

  it('retries-exhausted shows four failed attempts, stage retrying and retries 3 while waiting', async () => {
    const mock = await setup();
    const id = await create(mock, 'retries-exhausted');
    mock.clock.advance(60_000);
    const job = (await get(mock, id)).body.job;
    expect(job).toMatchObject({ status: 'needs_clarification', stage: 'retrying', retries: 3, humanResponse: '', resultScriptId: 0 });
    expect(job.testResults.map((t: Body) => [t.attempt, t.passed])).toEqual([[1, false], [2, false], [3, false], [4, false]]);
  });

  it('in poll mode the answer shows on the next poll and the job resumes', async () => {
    const mock = await setup({ clock: 'poll' });
    const id = await create(mock, 'needs-clarification');
    let job: Body = {};
    for (let i = 0; i < 10 && job.status !== 'needs_clarification'; i++) job = (await get(mock, id)).body.job;
    expect(job.status).toBe('needs_clarification');
    expect((await respond(mock, id, 'objects')).status).toBe(200);
    job = (await get(mock, id)).body.job;
    expect(job).toMatchObject({ status: 'running', humanResponse: 'objects' });
    for (let i = 0; i < 10 && job.status !== 'completed'; i++) job = (await get(mock, id)).body.job;
    expect(job.status).toBe('completed');
  });

  it('renders the same bytes for the same seed and clock, and a stable script id', async () => {
    const [a, b] = [await setup({ seed: 's1' }), await setup({ seed: 's1' })];
    const [ia, ib] = [await create(a), await create(b)];
    for (const step of [0, 3000, 20_000]) {
      a.clock.advance(step);
      b.clock.advance(step);
      expect((await get(a, ia)).text).toBe((await get(b, ib)).text);
    }
    const first = (await get(a, ia)).body.job.resultScriptId;
    a.clock.advance(60_000);
    expect((await get(a, ia)).body.job.resultScriptId).toBe(first);
  });
});

describe('cata-pos handlers', () => {
  it('generate: digit ids from 5700, the body becomes the job, seed placeholders until they apply', async () => {
    const mock = await setup();
    expect(await create(mock, 'happy-path', { provider: 'lightspeed', topic: 'order_dispatch' })).toBe('5700');
    expect(await create(mock)).toBe('5701');
    const { body } = await get(mock, '5700');
    expect(body).toMatchObject({ code: 200, isSuccess: true, message: 'Job retrieved' });
    expect(body.job).toMatchObject({ id: 5700, provider: 'lightspeed', topic: 'order_dispatch', status: 'pending', stage: 'queued', hypothesis: '', clarification: '', humanResponse: '', retries: 0, resultScriptId: 0, testResults: [] });
    expect(body.job.createdAt).toBe('2026-01-01T00:00:00.000Z');
    expect(body.job.logs).toEqual([{ stage: 'queued', message: 'Job queued', timestamp: '2026-01-01T00:00:00.000Z' }]);
  });

  it.each([
    ['missing topic', { body: { provider: 'revel' } }, 'Validation failed', 'topic'],
    ['empty provider', { body: { provider: '', topic: 'sync_products' } }, 'Validation failed', 'provider'],
    ['extra field', { body: { provider: 'revel', topic: 'x', priority: 'high' } }, 'Validation failed', 'priority'],
    ['no body', {}, 'Validation failed', ''],
    ['not JSON', { raw: '{"provider":' }, 'Bad request', ''],
  ] as const)('generate 400: %s', async (_name, init, message, field) => {
    const mock = await setup();
    const answer = await send(mock, 'createJob', '/generate', init);
    expect(answer.status).toBe(400);
    expect(answer.body.error).toMatchObject({ code: 400, message, field });
  });

  it('generate 400: unknown scenario in Prefer; body over the limit', async () => {
    const mock = await setup({ bodyLimit: 64 });
    const unknown = await send(mock, 'createJob', '/generate', { headers: { ...ACME, prefer: 'scenario=nope' }, body: { provider: 'revel', topic: 'x' } });
    expect([unknown.status, unknown.body.error.field]).toEqual([400, 'Prefer']);
    const big = await send(mock, 'createJob', '/generate', { body: { provider: 'revel', topic: 'x'.repeat(200) } });
    expect([big.status, big.body.error.message]).toEqual([400, 'Request body too large']);
  });

  it('respond: 404 unknown and other tenant, 400 on a terminal job and on an empty answer', async () => {
    const mock = await setup();
    const id = await create(mock, 'needs-clarification');
    const done = await create(mock, 'happy-path');
    mock.clock.advance(20_000);
    expect((await respond(mock, '9999', 'x')).status).toBe(404);
    expect((await respond(mock, id, 'x', GLOBEX)).status).toBe(404);
    const terminal = await respond(mock, done, 'x');
    expect([terminal.status, terminal.body.error.details]).toEqual([400, `job ${done} has status completed`]);
    const empty = await send(mock, 'respondToJob', `/jobs/${id}/respond`, { body: { response: '' } });
    expect([empty.status, empty.body.error.field]).toEqual([400, 'response']);
    expect((await respond(mock, id, 'objects')).status).toBe(200);
  });
});

describe('cata-pos auth, tenancy and errors', () => {
  it('another tenant’s job answers exactly like an id that never existed', async () => {
    const mine = await setup();
    const id = await create(mine);
    const empty = await setup();
    const [theirs, never] = [await get(mine, id, GLOBEX), await get(empty, id, GLOBEX)];
    expect([theirs.status, theirs.text]).toEqual([404, never.text]);
    expect(theirs.body.error).toEqual({ code: 404, message: 'Generation job not found', details: `no generation job with id ${id}`, field: 'jobId' });
    expect(theirs.headers.get('content-type')).toBe(never.headers.get('content-type'));
    const [r1, r2] = [await respond(mine, id, 'x', GLOBEX), await respond(empty, id, 'x', GLOBEX)];
    expect([r1.status, r1.text]).toEqual([404, r2.text]);
  });

  it.each([
    ['no key', {}],
    ['unknown key', { 'x-api-key': 'cpk_test_acme_00000000000000000000000000000000' }],
    ['key with a space', { 'x-api-key': 'cpk test' }],
    ['huge key', { 'x-api-key': 'k'.repeat(10_000) }],
    ['bearer instead of the key', { authorization: `Bearer ${ACME['x-api-key']}` }],
  ])('401 for %s on every operation', async (_name, headers) => {
    const mock = await setup();
    const id = await create(mock);
    for (const answer of [await get(mock, id, headers), await respond(mock, id, 'x', headers), await send(mock, 'createJob', '/generate', { headers, body: { provider: 'revel', topic: 'x' } })]) {
      expect(answer.status).toBe(401);
      expect(answer.body.error).toMatchObject({ code: 401, field: 'X-Api-Key' });
    }
  });

  it('garbage in X-Api-Key answers 401, never a crash', async () => {
    const mock = await setup();
    for (const value of ['', '   ', 'ä'.repeat(3), 'x'.repeat(100_000)]) {
      const answer = await get(mock, '5700', { 'x-api-key': encodeURIComponent(value) });
      expect([answer.status, answer.body.error.field]).toEqual([401, 'X-Api-Key']);
    }
  });

  it.each(['abc', '-1', '57.19', '%ZZ', '5'.repeat(300)])('malformed jobId %j gets the documented 404', async (raw) => {
    const mock = await setup();
    const answer = await get(mock, raw);
    expect([answer.status, answer.body.error.field]).toEqual([404, 'jobId']);
    expect((await send(mock, 'respondToJob', `/jobs/${raw}/respond`, { body: { response: 'x' } })).status).toBe(404);
  });

  it.each(['500', '502', '503', '429'])('Prefer: fault=%s answers the documented error on every operation', async (fault) => {
    const mock = await setup();
    const id = await create(mock);
    const headers = { ...ACME, prefer: `fault=${fault}, retry-after=3` };
    for (const answer of [await get(mock, id, headers), await respond(mock, id, 'x', headers), await send(mock, 'createJob', '/generate', { headers, body: { provider: 'revel', topic: 'x' } })]) {
      expect(answer.status).toBe(Number(fault));
      expect(answer.body.error.code).toBe(Number(fault));
      if (fault === '429') expect(answer.headers.get('retry-after')).toBe('3');
    }
  });

  it('rate limit answers 429 with Retry-After', async () => {
    const mock = await setup({ rateLimit: 2 });
    const id = await create(mock);
    await get(mock, id);
    const limited = await get(mock, id);
    expect([limited.status, limited.headers.get('retry-after')]).toEqual([429, '1']);
  });
});
