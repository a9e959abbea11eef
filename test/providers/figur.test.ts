/**
 * The Figur mock through its public door (`createMock` + `mock.handle`): every built-in
 * scenario run to its end, auth and tenancy, every operation and the error kinds — each answer
 * validated against specs/figur.yaml and every poll checked against its x-job-lifecycle.
 * @see ../../specs/figur.yaml
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadContract, validateResponse } from '../../src/contracts/index.js';
import { checkSnapshot, checkTransition } from '../../src/lifecycle/evaluate.js';
import { createMock, type MockOptions } from '../../src/mock/mock.js';

type Body = Record<string, any>;

const lifecycle = loadContract('figur').spec.lifecycle;
const scenarioDir = new URL('../../scenarios/figur/', import.meta.url);
/** The scenario files as written: names, step times, inputs and job types. */
const scenarios = new Map<string, Body>(
  readdirSync(scenarioDir)
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => {
      const s = parse(readFileSync(new URL(f, scenarioDir), 'utf8')) as Body;
      return [s.name as string, s];
    }),
);
const stepTimes = (name: string): number[] => (scenarios.get(name)?.steps as Body[]).map((s) => s.at as number);
/** The job type a scenario's job has when created outside the API. */
const jobTypeOf = (s: Body): string => s.job?.job_type;

const BASE = 'http://mock.test/figur';
const ACME = 'sk_test_acme_7Qm2xK9pL4vR8tN3cW6y';
const GLOBEX = 'sk_test_globex_Hc5Wz1Jd6Ty0Bf4Sq8Ke';
const NO_READ = 'sk_test_acme_nr_3Vb9Ke7Xq2Lm5Pd8';
const UNKNOWN_ID = '01JZZZZZZZZZZZZZZZZZZZZZZZ';

interface Answer {
  status: number;
  body: Body;
  headers: Headers;
  text: string;
}

function setup(extra: Partial<MockOptions> = {}) {
  const mock = createMock({ providers: ['figur'], clock: 'manual', seed: 'test', seedJobs: false, sleep: async () => {}, ...extra });

  /** One request; the answer is validated against `operation` (status, content type, body). */
  async function call(
    operation: string,
    method: string,
    path: string,
    options: { key?: string | null; body?: unknown; raw?: string; prefer?: string; headers?: Record<string, string> } = {},
  ): Promise<Answer> {
    const headers: Record<string, string> = { ...options.headers };
    const key = options.key === undefined ? ACME : options.key;
    if (key !== null) headers.authorization = `Bearer ${key}`;
    if (options.prefer) headers.prefer = options.prefer;
    let payload: string | undefined = options.raw;
    if (options.body !== undefined) payload = JSON.stringify(options.body);
    if (payload !== undefined) headers['content-type'] = 'application/json';
    const response = await mock.handle(new Request(`${BASE}${path}`, { method, headers, ...(payload !== undefined ? { body: payload } : {}) }));
    const text = await response.text();
    const body = text ? (JSON.parse(text) as Body) : {};
    const checked = validateResponse({ provider: 'figur', operation, status: response.status, contentType: response.headers.get('content-type'), body });
    expect(checked, `${method} ${path} → ${response.status} ${text}`).toEqual({ ok: true });
    if (response.status >= 400) expect(body.error.request_id).toBe(response.headers.get('x-request-id'));
    return { status: response.status, body, headers: response.headers, text };
  }

  const create = async (scenario: string, route = '/v1/try-on', input: Body = { garment_image_url: 'https://shop.example.org/p/1/front.jpg' }, key = ACME) => {
    const a = await call(route === '/v1/try-on' ? 'createTryOnJob' : 'createModelGeneratorJob', 'POST', route, { key, body: input, prefer: `scenario=${scenario}` });
    expect(a.status).toBe(202);
    return a.body.job_id as string;
  };
  const get = (id: string, key = ACME, prefer?: string) => call('getJob', 'GET', `/v1/jobs/${id}`, { key, ...(prefer ? { prefer } : {}) });
  return { mock, clock: mock.clock, call, create, get };
}

const routeFor = (s: Body) => (jobTypeOf(s) === 'MODEL_GENERATOR' ? '/v1/model-generator' : '/v1/try-on');

describe('figur scenarios run to their end', () => {
  const want: Record<string, { final: string; horizonMs: number }> = {
    'happy-path': { final: 'SUCCESS', horizonMs: 60_000 },
    failure: { final: 'FAILURE', horizonMs: 60_000 },
    slow: { final: 'SUCCESS', horizonMs: 400_000 },
    stuck: { final: 'IN_PROGRESS', horizonMs: 900_000 },
    flaky: { final: 'SUCCESS', horizonMs: 60_000 },
    canceled: { final: 'FAILURE', horizonMs: 700_000 },
    'intermediate-artifacts': { final: 'SUCCESS', horizonMs: 60_000 },
  };

  it('ships exactly the built-in scenarios', () => {
    expect([...scenarios.keys()].sort()).toEqual(Object.keys(want).sort());
    expect(setup().mock.problems).toEqual([]);
  });

  it.each(Object.entries(want))('%s', async (name, { final, horizonMs }) => {
    const { clock, create, get } = setup();
    const scenario = scenarios.get(name) as Body;
    const id = await create(name, routeFor(scenario), scenario.input ?? {});
    let previous: Body | undefined;
    const seen = new Set<number>();
    const statuses: string[] = [];
    for (let t = 0; t <= horizonMs; t += 1000) {
      const a = await get(id);
      seen.add(a.status);
      if (a.status === 200) {
        expect(checkSnapshot(lifecycle, a.body)).toEqual([]);
        if (previous) expect(checkTransition(lifecycle, previous, a.body)).toEqual([]);
        if (statuses.at(-1) !== a.body.status) statuses.push(a.body.status);
        previous = a.body;
      } else {
        expect(Number(a.headers.get('retry-after'))).toBeGreaterThan(0);
      }
      if (previous && lifecycle.terminal.includes(previous.status) && t > 20_000) break;
      clock.advance(1000);
    }
    expect(previous?.status).toBe(final);
    expect(statuses[0]).toBe('NOT_STARTED');
    if (final === 'SUCCESS') {
      expect(previous?.result.length).toBeGreaterThan(0);
      expect(previous?.latest_event.event_type).toBe('succeeded');
    }
    if (final === 'FAILURE') expect(previous?.latest_event.event_type).toBe('failed');
    if (name === 'flaky') expect([...seen].sort()).toEqual([200, 429, 503]);
    else expect([...seen]).toEqual([200]);
    if (name === 'canceled') expect(previous?.latest_event.extra.canceled).toBe(true);
    if (name === 'slow') expect(stepTimes(name).at(-1)).toBeGreaterThanOrEqual(240_000);
  });

  it.each([...scenarios.keys()])('%s: every step renders valid and moves by a direct transition', async (name) => {
    const { clock, mock, get } = setup();
    const { id } = mock.createJob('figur', name);
    let previous: Body | undefined;
    let at = 0;
    for (const stepAt of stepTimes(name)) {
      clock.advance(stepAt - at);
      at = stepAt;
      const a = await get(id);
      if (a.status !== 200) continue; // a fault step: the answer was validated by call()
      expect(checkSnapshot(lifecycle, a.body)).toEqual([]);
      if (previous !== undefined) expect(checkTransition(lifecycle, previous, a.body, { direct: true })).toEqual([]);
      previous = a.body;
    }
    expect(previous?.job_type).toBe(jobTypeOf(scenarios.get(name) as Body));
  });

  it.each([...scenarios.keys()])('%s: a cancel after any non-terminal step is a direct move to FAILURE', async (name) => {
    const times = stepTimes(name);
    for (let i = 0; i < times.length; i++) {
      const { clock, create, get, call } = setup();
      const id = await create(name);
      clock.advance(times[i] ?? 0);
      const before = await get(id);
      if (before.status !== 200 || lifecycle.terminal.includes(before.body.status)) continue;
      expect((await call('cancelJob', 'POST', `/v1/jobs/${id}/cancel`)).status).toBe(200);
      const after = (await get(id)).body;
      expect(checkSnapshot(lifecycle, after)).toEqual([]);
      expect(checkTransition(lifecycle, before.body, after, { direct: true })).toEqual([]);
      expect(after.latest_event).toMatchObject({ event_type: 'failed', extra: { canceled: true }, seq: (before.body.latest_event?.seq ?? 0) + 1 });
      const events = (await call('listJobEvents', 'GET', `/v1/jobs/${id}/events`)).body.events;
      expect(events.at(-1)).toEqual(after.latest_event);
    }
  });

  it('flaky: 429 carries Retry-After 2, 503 Retry-After 1', async () => {
    const { clock, create, get } = setup();
    const id = await create('flaky');
    clock.advance(3000);
    const unavailable = await get(id);
    expect([unavailable.status, unavailable.headers.get('retry-after'), unavailable.body.error.code]).toEqual([503, '1', 'SERVICE_UNAVAILABLE']);
    clock.advance(4000);
    const limited = await get(id);
    expect([limited.status, limited.headers.get('retry-after'), limited.body.error.code]).toEqual([429, '2', 'RATE_LIMITED']);
  });

  it('intermediate-artifacts: latest_event.seq and events?since= agree at every poll', async () => {
    const { clock, create, get, call } = setup();
    const id = await create('intermediate-artifacts');
    const urls = new Map<string, string>();
    for (let t = 0; t <= 15_000; t += 500) {
      const job = (await get(id)).body;
      const all = (await call('listJobEvents', 'GET', `/v1/jobs/${id}/events`)).body;
      expect(all.public_id).toBe(id);
      expect(all.events.map((e: Body) => e.seq)).toEqual(all.events.map((_: unknown, i: number) => i + 1));
      expect(all.events.at(-1)).toEqual(job.latest_event);
      const since = job.latest_event.seq - 1;
      const after = (await call('listJobEvents', 'GET', `/v1/jobs/${id}/events?since=${since}`)).body;
      expect(after.events).toEqual([job.latest_event]);
      expect((await call('listJobEvents', 'GET', `/v1/jobs/${id}/events?since=${job.latest_event.seq}`)).body.events).toEqual([]);
      if (job.status !== 'SUCCESS') expect(job.result).toEqual([]);
      for (const e of all.events) {
        for (const a of e.artifacts) {
          expect(a.image_url).toMatch(/^https:\/\/figur-artifacts\.s3\.eu-west-1\.amazonaws\.com\/t\/[0-9A-Z]{26}\/.+\?X-Amz-Algorithm=AWS4-HMAC-SHA256&.*X-Amz-Signature=[0-9a-f]{64}$/);
          if (urls.has(a.kind + a.label)) expect(urls.get(a.kind + a.label)).toBe(a.image_url);
          urls.set(a.kind + a.label, a.image_url);
        }
      }
      clock.advance(500);
    }
    const done = (await get(id)).body;
    expect(done.status).toBe('SUCCESS');
    expect(done.result.map((a: Body) => [a.role, a.label])).toEqual([['final', 'Front'], ['final', 'Back']]);
    const events = (await call('listJobEvents', 'GET', `/v1/jobs/${id}/events`)).body.events as Body[];
    expect(events.map((e) => e.event_type)).toEqual(['queued', 'stage', 'stage', 'stage', 'stage', 'succeeded']);
    expect(events.flatMap((e) => e.artifacts.filter((a: Body) => a.role === 'intermediate').map((a: Body) => a.kind))).toEqual(['garment_mask', 'on_model_render', 'on_model_render']);
  });

  it('poll clock: each GET moves one step; a cancel shows at once', async () => {
    const { create, get, call } = setup({ clock: 'poll', epoch: Date.UTC(2026, 0, 1) });
    const id = await create('happy-path');
    const seen: string[] = [];
    for (let i = 0; i < 7; i++) {
      const job = (await get(id)).body;
      seen.push(`${job.status}:${job.latest_event.seq}`);
    }
    expect(seen).toEqual(['NOT_STARTED:1', 'IN_PROGRESS:2', 'IN_PROGRESS:3', 'IN_PROGRESS:4', 'SUCCESS:5', 'SUCCESS:5', 'SUCCESS:5']);
    const other = await create('happy-path');
    await get(other);
    await get(other);
    expect((await call('cancelJob', 'POST', `/v1/jobs/${other}/cancel`)).body.status).toBe('FAILURE');
    const after = (await get(other)).body;
    expect([after.status, after.latest_event.seq, after.latest_event.event_type]).toEqual(['FAILURE', 3, 'failed']);
  });

  it('renders byte-identical bodies for the same seed', async () => {
    const texts: string[] = [];
    for (let i = 0; i < 2; i++) {
      const { clock, create, get } = setup();
      const id = await create('happy-path', '/v1/model-generator', { prompt: 'x' });
      clock.advance(20_000);
      texts.push((await get(id)).text);
    }
    expect(texts[0]).toBe(texts[1]);
  });
});
describe('figur auth and tenancy', () => {
  it('answers another tenant\'s job exactly like an unknown id, on every id route', async () => {
    const { create, call } = setup();
    const id = await create('happy-path');
    const routes: Array<[string, string, string]> = [
      ['getJob', 'GET', ''],
      ['listJobEvents', 'GET', '/events'],
      ['cancelJob', 'POST', '/cancel'],
    ];
    for (const [op, method, suffix] of routes) {
      const other = await call(op, method, `/v1/jobs/${id}${suffix}`, { key: GLOBEX });
      const missing = await call(op, method, `/v1/jobs/${UNKNOWN_ID}${suffix}`, { key: ACME });
      expect(other.status).toBe(404);
      expect(other.body.error.code).toBe('JOB_NOT_FOUND');
      const strip = (b: Body, ownId: string) => JSON.stringify(b).replace(b.error.request_id, 'RID').replace(ownId, 'ID');
      expect(strip(other.body, id)).toBe(strip(missing.body, UNKNOWN_ID));
      expect([...other.headers.keys()].sort()).toEqual([...missing.headers.keys()].sort());
    }
  });

  it.each([
    ['no Authorization', {}],
    ['an unknown key', { authorization: 'Bearer sk_test_nobody_0000000000000000' }],
    ['a live key nobody issued', { authorization: 'Bearer sk_live_acme_7Qm2xK9pL4vR8tN3cW6y' }],
    ['Basic instead of Bearer', { authorization: `Basic ${btoa('sk_test_acme:x')}` }],
    ['a key without the sk_ prefix', { authorization: 'Bearer pk_test_acme_7Qm2xK9pL4vR8tN3cW6y' }],
    ['garbage', { authorization: 'Bearer \u00ff\u00fe%%%' }],
    ['a huge header', { authorization: `Bearer sk_test_${'a'.repeat(10_000)}` }],
  ] as Array<[string, Record<string, string>]>)('401 UNAUTHORIZED with %s', async (_name, headers) => {
    const { call } = setup();
    const a = await call('getJob', 'GET', `/v1/jobs/${UNKNOWN_ID}`, { key: null, headers });
    expect([a.status, a.body.error.code]).toEqual([401, 'UNAUTHORIZED']);
  });

  it('accepts the scheme in any case', async () => {
    const { call, create } = setup();
    const id = await create('happy-path');
    expect((await call('getJob', 'GET', `/v1/jobs/${id}`, { key: null, headers: { authorization: `bearer ${ACME}` } })).status).toBe(200);
  });

  it('403 on every read without jobs:read; the same key may still create', async () => {
    const { call, create } = setup();
    const id = await create('happy-path', '/v1/try-on', {}, NO_READ);
    for (const [op, path] of [['getJob', `/v1/jobs/${id}`], ['listJobEvents', `/v1/jobs/${id}/events`], ['listJobs', '/v1/jobs']]) {
      const a = await call(op as string, 'GET', path as string, { key: NO_READ });
      expect([a.status, a.body.error.code]).toEqual([403, 'FORBIDDEN']);
    }
  });

  it.each([
    ['not a ULID', 'job_123'],
    ['lower case', '01jwqyptrr9r336k6af10q87sd'],
    ['bad %-encoding', '%E0%A4%A'],
  ])('422 VALIDATION_ERROR for a malformed public_id (%s), after auth', async (_name, raw) => {
    const { call } = setup();
    for (const [op, method, suffix] of [['getJob', 'GET', ''], ['listJobEvents', 'GET', '/events'], ['cancelJob', 'POST', '/cancel']] as const) {
      const a = await call(op, method, `/v1/jobs/${raw}${suffix}`);
      expect([a.status, a.body.error.code]).toEqual([422, 'VALIDATION_ERROR']);
      expect((await call(op, method, `/v1/jobs/${raw}${suffix}`, { key: null })).status).toBe(401);
    }
  });

  it('answers its own 429 when the per-key rate limit is exceeded', async () => {
    const { call } = setup({ rateLimit: 2 });
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) statuses.push((await call('listJobs', 'GET', '/v1/jobs')).status);
    const last = await call('listJobs', 'GET', '/v1/jobs');
    expect([...statuses, last.status]).toEqual([200, 200, 429, 429]);
    expect(last.headers.get('retry-after')).toBe('1');
  });
});

describe('figur handlers', () => {
  it('createJob: 202 with the route\'s job type, the body echoed as request, credits per workflow', async () => {
    const { call, get } = setup();
    const tryOn = await call('createTryOnJob', 'POST', '/v1/try-on', { body: { garment_image_url: 'https://shop.example.org/a.jpg' }, prefer: 'scenario=happy-path' });
    expect(tryOn.body).toEqual({ request_id: tryOn.headers.get('x-request-id'), job_id: expect.stringMatching(/^[0-9A-HJKMNP-TV-Z]{26}$/), status: 'NOT_STARTED', credits_cost: 1 });
    const model = await call('createModelGeneratorJob', 'POST', '/v1/model-generator', { body: { prompt: 'studio' } });
    expect(model.body.credits_cost).toBe(2);
    const a = (await get(tryOn.body.job_id)).body;
    expect([a.job_type, a.request, a.result, a.latest_event.seq, a.latest_event.event_type]).toEqual(['TRY_ON', { garment_image_url: 'https://shop.example.org/a.jpg' }, [], 1, 'queued']);
    const b = (await get(model.body.job_id)).body;
    expect([b.job_type, b.request]).toEqual(['MODEL_GENERATOR', { prompt: 'studio' }]);
    expect(b.created_at).toBe('2026-01-01T00:00:00.000Z');
  });

  it('createJob: an empty body object renders request null; ids sort by creation', async () => {
    const { call, clock, get } = setup();
    const first = (await call('createTryOnJob', 'POST', '/v1/try-on', { body: {} })).body.job_id as string;
    clock.advance(5);
    const second = (await call('createTryOnJob', 'POST', '/v1/try-on', { body: {} })).body.job_id as string;
    expect(first < second).toBe(true);
    expect((await get(first)).body.request).toBeNull();
  });

  it.each([
    ['an unknown Prefer scenario', { body: {}, prefer: 'scenario=nope' }],
    ['a body that is not JSON', { raw: '{"prompt":' }],
    ['an array body', { body: [1, 2] }],
    ['no body', {}],
  ] as Array<[string, { body?: unknown; raw?: string; prefer?: string }]>)('createJob: 422 VALIDATION_ERROR for %s', async (_name, options) => {
    const { call } = setup();
    const a = await call('createTryOnJob', 'POST', '/v1/try-on', options);
    expect([a.status, a.body.error.code]).toEqual([422, 'VALIDATION_ERROR']);
  });

  it('createJob: a body over the limit is 422 VALIDATION_ERROR (Figur documents no 413)', async () => {
    const { call } = setup({ bodyLimit: 1024 });
    const a = await call('createModelGeneratorJob', 'POST', '/v1/model-generator', { body: { prompt: 'x'.repeat(4096) } });
    expect([a.status, a.body.error.code]).toEqual([422, 'VALIDATION_ERROR']);
  });

  it('listJobs: only this tenant\'s jobs, newest first, job_type filter, limit/offset, count = all matching', async () => {
    const { call, create, clock } = setup();
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      ids.push(await create('happy-path', i % 2 === 0 ? '/v1/try-on' : '/v1/model-generator', { n: i }));
      clock.advance(1000);
    }
    await create('happy-path', '/v1/try-on', {}, GLOBEX);
    const all = (await call('listJobs', 'GET', '/v1/jobs')).body;
    expect([all.limit, all.offset, all.count]).toEqual([20, 0, 5]);
    expect(all.jobs.map((j: Body) => j.public_id)).toEqual([...ids].reverse());
    expect(all.jobs[4].status).toBe('IN_PROGRESS');
    const tryOn = (await call('listJobs', 'GET', '/v1/jobs?job_type=TRY_ON')).body;
    expect(tryOn.jobs.map((j: Body) => j.request.n)).toEqual([4, 2, 0]);
    expect(tryOn.count).toBe(3);
    const page = (await call('listJobs', 'GET', '/v1/jobs?limit=2&offset=1')).body;
    expect([page.jobs.map((j: Body) => j.request.n), page.limit, page.offset, page.count]).toEqual([[3, 2], 2, 1, 5]);
    const past = (await call('listJobs', 'GET', '/v1/jobs?offset=50')).body;
    expect([past.jobs, past.count]).toEqual([[], 5]);
    expect((await call('listJobs', 'GET', '/v1/jobs?job_type=UPSCALE')).body.jobs).toEqual([]);
    expect((await call('listJobs', 'GET', '/v1/jobs', { key: GLOBEX })).body.count).toBe(1);
  });

  it.each(['limit=0', 'limit=abc', 'offset=-1', 'offset=1.5', 'job_type=try-on'])('listJobs: 422 for %s', async (query) => {
    const { call } = setup();
    const a = await call('listJobs', 'GET', `/v1/jobs?${query}`);
    expect([a.status, a.body.error.code]).toEqual([422, 'VALIDATION_ERROR']);
    expect(a.body.error.message).toContain(query.split('=')[0]);
  });

  it('listJobEvents: events after the cursor; 422 for a bad since', async () => {
    const { call, create, clock } = setup();
    const id = await create('happy-path');
    clock.advance(20_000);
    const all = (await call('listJobEvents', 'GET', `/v1/jobs/${id}/events?since=0`)).body.events as Body[];
    expect(all.map((e) => [e.seq, e.event_type, e.visibility])).toEqual([
      [1, 'queued', 'public'], [2, 'stage', 'public'], [3, 'stage', 'public'], [4, 'stage', 'public'], [5, 'succeeded', 'public'],
    ]);
    expect(all[4]?.extra).toEqual({ cost: 2 });
    expect((await call('listJobEvents', 'GET', `/v1/jobs/${id}/events?since=3`)).body.events.map((e: Body) => e.seq)).toEqual([4, 5]);
    expect((await call('listJobEvents', 'GET', `/v1/jobs/${id}/events?since=99`)).body.events).toEqual([]);
    for (const bad of ['-1', 'x', '1e3']) {
      const a = await call('listJobEvents', 'GET', `/v1/jobs/${id}/events?since=${bad}`);
      expect([a.status, a.body.error.code]).toEqual([422, 'VALIDATION_ERROR']);
    }
  });

  it('cancelJob: a running job ends in FAILURE with a canceled failed event; later steps never happen', async () => {
    const { call, create, clock, get } = setup();
    const id = await create('canceled', '/v1/model-generator', { prompt: 'batch' });
    clock.advance(130_000);
    const before = (await get(id)).body;
    expect(before.status).toBe('IN_PROGRESS');
    const a = await call('cancelJob', 'POST', `/v1/jobs/${id}/cancel`);
    expect([a.status, a.body]).toEqual([200, { public_id: id, status: 'FAILURE' }]);
    const after = (await get(id)).body;
    expect(checkTransition(lifecycle, before, after, { direct: true })).toEqual([]);
    expect(after.status).toBe('FAILURE');
    expect(after.result).toEqual([]);
    expect(after.latest_event).toMatchObject({ seq: before.latest_event.seq + 1, event_type: 'failed', extra: { canceled: true } });
    expect(after.latest_event.created_at).toBe('2026-01-01T00:02:10.000Z');
    clock.advance(1_000_000);
    expect((await get(id)).text).toBe(JSON.stringify(after));
    const events = (await call('listJobEvents', 'GET', `/v1/jobs/${id}/events?since=${before.latest_event.seq}`)).body.events;
    expect(events).toEqual([after.latest_event]);
  });

  it('cancelJob: a NOT_STARTED job can be canceled too', async () => {
    const { call, create, get } = setup();
    const id = await create('slow');
    expect((await call('cancelJob', 'POST', `/v1/jobs/${id}/cancel`)).body.status).toBe('FAILURE');
    expect((await get(id)).body.latest_event.seq).toBe(2);
  });

  it('cancelJob: 409 on a job that already ended, both SUCCESS and FAILURE', async () => {
    const { call, create, clock } = setup();
    const done = await create('happy-path');
    const failed = await create('failure');
    clock.advance(60_000);
    for (const [id, status] of [[done, 'SUCCESS'], [failed, 'FAILURE']]) {
      const a = await call('cancelJob', 'POST', `/v1/jobs/${id}/cancel`);
      expect([a.status, a.body.error.code]).toEqual([409, 'JOB_NOT_CANCELABLE']);
      expect(a.body.error.message).toContain(status);
    }
    const running = await create('stuck');
    expect((await call('cancelJob', 'POST', `/v1/jobs/${running}/cancel`)).status).toBe(200);
    expect((await call('cancelJob', 'POST', `/v1/jobs/${running}/cancel`)).status).toBe(409);
  });

  it('cancelJob: 422 when a body is sent (the route takes none)', async () => {
    const { call, create } = setup();
    const id = await create('stuck');
    const a = await call('cancelJob', 'POST', `/v1/jobs/${id}/cancel`, { body: { reason: 'dup' } });
    expect([a.status, a.body.error.code]).toEqual([422, 'VALIDATION_ERROR']);
  });
});

describe('figur faults per request (Prefer: fault=…)', () => {
  it.each([
    ['500', 500, 'INTERNAL_ERROR'],
    ['502', 502, 'BAD_GATEWAY'],
    ['503', 503, 'SERVICE_UNAVAILABLE'],
    ['429', 429, 'RATE_LIMITED'],
  ] as const)('fault=%s on every operation', async (fault, status, code) => {
    const { call, create } = setup();
    const id = await create('stuck');
    const prefer = `fault=${fault}`;
    const calls: Array<[string, string, string]> = [
      ['getJob', 'GET', `/v1/jobs/${id}`],
      ['listJobEvents', 'GET', `/v1/jobs/${id}/events`],
      ['listJobs', 'GET', '/v1/jobs'],
      ['cancelJob', 'POST', `/v1/jobs/${id}/cancel`],
      ['createTryOnJob', 'POST', '/v1/try-on'],
      ['createModelGeneratorJob', 'POST', '/v1/model-generator'],
    ];
    for (const [op, method, path] of calls) {
      const a = await call(op, method, path, { prefer, ...(method === 'POST' && !path.endsWith('cancel') ? { body: {} } : {}) });
      expect([a.status, a.body.error.code]).toEqual([status, code]);
      if (status === 429 || status === 503) expect(a.headers.get('retry-after')).toBe('1');
    }
  });

  it('fault=latency and fault=invalid-json keep the status', async () => {
    const { create, mock } = setup();
    const id = await create('happy-path');
    const slow = await mock.handle(new Request(`${BASE}/v1/jobs/${id}`, { headers: { authorization: `Bearer ${ACME}`, prefer: 'fault=latency' } }));
    expect(slow.status).toBe(200);
    const broken = await mock.handle(new Request(`${BASE}/v1/jobs/${id}`, { headers: { authorization: `Bearer ${ACME}`, prefer: 'fault=invalid-json' } }));
    expect(broken.status).toBe(200);
    await expect(broken.clone().json()).rejects.toThrow();
  });
});
