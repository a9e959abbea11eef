/**
 * The osapi mock through its public door (`createMock` + `mock.handle`), without sockets:
 * every scenario to its end, auth and scopes, the malformed-UUID 400 before auth, tenancy, and
 * each operation. Every answer is checked with validateResponse (status, content type, body).
 * @see ../../specs/osapi.yaml
 */
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadContract, validateResponse } from '../../src/contracts/index.js';
import { checkSnapshot, checkTransition } from '../../src/lifecycle/evaluate.js';
import { scenarioStepTimes } from '../helpers/scenario-steps.js';
import { createMock, type Mock } from '../../src/mock/index.js';

// biome-ignore lint/suspicious/noExplicitAny: response bodies are JSON the assertions reach into
type Body = Record<string, any>;

const lifecycle = loadContract('osapi').spec.lifecycle;
const ORIGIN = 'http://mock.test/osapi';
/** The scenario files' step times (ms after creation): the test polls at each one. */
const stepTimes = scenarioStepTimes('osapi');

/** The spec's demo tokens (HS256 JWTs signed with the demo key; their payload lists the scopes). */
const TOKENS = {
  acmeAdmin:
    'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJvc2FwaSIsImF1ZCI6WyJvc2FwaSJdLCJpYXQiOjE3NjcyMjU2MDAsImV4cCI6NDEwMjQ0NDgwMCwic3ViIjoib3BzQGFjbWUuZXhhbXBsZSIsInJvbGVzIjpbImFkbWluIl0sInNjb3BlcyI6WyJqb2I6cmVhZCIsImpvYjp3cml0ZSJdfQ.LwfDy_-QnNYrstlMy_XcF6BfPUEtClOwYHp5O8MLPh8',
  acmeReadOnly:
    'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJvc2FwaSIsImF1ZCI6WyJvc2FwaSJdLCJpYXQiOjE3NjcyMjU2MDAsImV4cCI6NDEwMjQ0NDgwMCwic3ViIjoiZGFzaGJvYXJkQGFjbWUuZXhhbXBsZSIsInJvbGVzIjpbInJlYWQiXSwic2NvcGVzIjpbImpvYjpyZWFkIl19.SqrwlWyMFdiwdL5YG-w2uRKMH3yZ0JoGHrebVkQCWk4',
  globexAdmin:
    'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJvc2FwaSIsImF1ZCI6WyJvc2FwaSJdLCJpYXQiOjE3NjcyMjU2MDAsImV4cCI6NDEwMjQ0NDgwMCwic3ViIjoib3BzQGdsb2JleC5leGFtcGxlIiwicm9sZXMiOlsiYWRtaW4iXSwic2NvcGVzIjpbImpvYjpyZWFkIiwiam9iOndyaXRlIl19.s058Ss_S3y8sU7mWg8eT3uoyZyelrCerAE1WdmkfQxI',
} as const;
const ACME = { authorization: `Bearer ${TOKENS.acmeAdmin}` };
const READ_ONLY = { authorization: `Bearer ${TOKENS.acmeReadOnly}` };
const GLOBEX = { authorization: `Bearer ${TOKENS.globexAdmin}` };
const UNKNOWN_ID = '7c9e6679-7425-40de-944b-e07fc1f90ae7';

function setup(options: { seed?: string; rateLimit?: number } = {}): Mock {
  return createMock({ providers: ['osapi'], clock: 'manual', seed: options.seed ?? 'test', seedJobs: false, sleep: async () => {}, ...(options.rateLimit ? { rateLimit: options.rateLimit } : {}) });
}

interface Answer {
  status: number;
  headers: Headers;
  text: string;
  body: Body;
}

/** Sends a request and checks the answer against the operation's contract. */
async function call(
  mock: Mock,
  operation: string,
  method: string,
  path: string,
  options: { headers?: Record<string, string>; body?: unknown; raw?: string } = {},
): Promise<Answer> {
  const headers: Record<string, string> = { ...options.headers };
  const payload = options.raw ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
  if (payload !== undefined) headers['content-type'] = 'application/json';
  const response = await mock.handle(new Request(`${ORIGIN}${path}`, { method, headers, ...(payload !== undefined ? { body: payload } : {}) }));
  const text = await response.text();
  const body = text === '' ? undefined : JSON.parse(text);
  const contentType = response.headers.get('content-type');
  const result = validateResponse({ provider: 'osapi', operation, status: response.status, ...(contentType ? { contentType } : {}), body });
  expect(result, `${method} ${path} → ${response.status} ${text}`).toEqual({ ok: true });
  return { status: response.status, headers: response.headers, text, body };
}

const getJob = (mock: Mock, id: string, headers: Record<string, string> = ACME) => call(mock, 'getJob', 'GET', `/job/${id}`, { headers });
const seedJob = (mock: Mock, scenario: string, tenant = 'acme') => mock.createJob('osapi', scenario, tenant).id;
const list = async (mock: Mock, query = '', headers: Record<string, string> = ACME) => (await call(mock, 'listJobs', 'GET', `/job${query}`, { headers })).body;

describe('osapi scenarios', () => {
  it('ships the built-in scenarios (canceled is N/A: osapi has no cancel, DELETE removes), each under ten minutes', () => {
    const mock = setup();
    expect(mock.problems.map((p) => p.message)).toEqual([]);
    expect(mock.scenarioList().map((s) => s.name).sort()).toEqual(['broadcast-partial-failure', 'failure', 'flaky', 'happy-path', 'retried', 'slow', 'stuck']);
    for (const [name, steps] of stepTimes) expect(steps.at(-1)?.at ?? 0, name).toBeLessThan(10 * 60_000);
  });

  it.each([...stepTimes.keys()])('%s: every step answers valid and keeps the lifecycle (direct transitions)', async (name) => {
    const mock = setup();
    const id = seedJob(mock, name);
    let previous: unknown;
    let elapsed = 0;
    for (const step of stepTimes.get(name) ?? []) {
      mock.clock.advance(step.at - elapsed);
      elapsed = step.at;
      const answer = await getJob(mock, id);
      if (step.fault) {
        expect(answer.status, `${name} at ${step.at}`).toBe(Number(step.fault));
        continue;
      }
      expect(answer.status).toBe(200);
      expect(checkSnapshot(lifecycle, answer.body), `${name} at ${step.at}`).toEqual([]);
      if (previous !== undefined) expect(checkTransition(lifecycle, previous, answer.body, { direct: true }), `${name} at ${step.at}`).toEqual([]);
      previous = answer.body;
    }
  });

  it('happy-path: submitted → processing → completed with result, changed false, Go times and durations', async () => {
    const mock = setup();
    const id = seedJob(mock, 'happy-path');
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect((await getJob(mock, id)).body).toEqual({
      id,
      status: 'submitted',
      created: '2026-01-01T00:00:00Z',
      operation: { type: 'node.hostname.get', data: {} },
      changed: null,
      updated_at: '2026-01-01T00:00:00Z',
      timeline: [{ timestamp: '2026-01-01T00:00:00Z', event: 'submitted', hostname: '_api', message: 'Job submitted to queue' }],
    });
    mock.clock.advance(400);
    const processing = (await getJob(mock, id)).body;
    expect(processing).toMatchObject({ status: 'processing', changed: null, hostname: 'web-01', updated_at: '2026-01-01T00:00:00.4Z' });
    expect(processing.agent_states).toEqual({ 'web-01': { status: 'acknowledged' } });
    mock.clock.advance(2000);
    const done = (await getJob(mock, id)).body;
    expect(done).toMatchObject({ status: 'completed', result: { hostname: 'web-01' }, changed: false, hostname: 'web-01', updated_at: '2026-01-01T00:00:02.4Z' });
    expect(done.agent_states).toEqual({ 'web-01': { status: 'completed', duration: '1.5s' } });
    expect(done).not.toHaveProperty('responses'); // single-agent job: responses only for broadcasts
    expect(done).not.toHaveProperty('error');
    expect((done.timeline as Body[]).map((e) => e.event)).toEqual(['submitted', 'acknowledged', 'started', 'completed']);
    expect((done.timeline as Body[]).map((e) => e.timestamp)).toEqual(['2026-01-01T00:00:00Z', '2026-01-01T00:00:00.4Z', '2026-01-01T00:00:00.9Z', '2026-01-01T00:00:02.4Z']);
  });

  it('failure: failed with the agent error, changed stays null, no result', async () => {
    const mock = setup();
    const id = seedJob(mock, 'failure');
    mock.clock.advance(3000);
    const body = (await getJob(mock, id)).body;
    const error = 'failed to set DNS configuration: interface eth1 does not exist';
    expect(body).toMatchObject({ status: 'failed', changed: null, error, hostname: 'web-02' });
    expect(body).not.toHaveProperty('result');
    expect(body.agent_states).toEqual({ 'web-02': { status: 'failed', error, duration: '2s' } });
    expect((body.timeline as Body[]).at(-1)).toMatchObject({ event: 'failed', error });
  });

  it('slow: still submitted after 20 s, processing at 4 min, completed after about 5 min', async () => {
    const mock = setup();
    const id = seedJob(mock, 'slow');
    mock.clock.advance(20_000);
    expect((await getJob(mock, id)).body.status).toBe('submitted');
    mock.clock.advance(220_000);
    expect((await getJob(mock, id)).body.status).toBe('processing');
    mock.clock.advance(62_500);
    const body = (await getJob(mock, id)).body;
    expect(body).toMatchObject({ status: 'completed', changed: true, updated_at: '2026-01-01T00:05:02.5Z' });
    expect(body.agent_states).toEqual({ 'db-01': { status: 'completed', duration: '4m31.5s' } });
  });

  it('stuck: stays processing for a day', async () => {
    const mock = setup();
    const id = seedJob(mock, 'stuck');
    mock.clock.advance(86_400_000);
    expect((await getJob(mock, id)).body).toMatchObject({ status: 'processing', changed: null, updated_at: '2026-01-01T00:00:01Z' });
  });

  it('flaky: 503 with Retry-After 2, then 429 with Retry-After 3, between good answers, then completed', async () => {
    const mock = setup();
    const id = seedJob(mock, 'flaky');
    const statuses: Array<[number, string | null]> = [];
    let elapsed = 0;
    for (const at of [0, 500, 1000, 3000, 4000, 7000]) {
      mock.clock.advance(at - elapsed);
      elapsed = at;
      const answer = await getJob(mock, id);
      statuses.push([answer.status, answer.headers.get('retry-after')]);
      if (answer.status === 503) expect(answer.body).toEqual({ error: 'service unavailable: job queue is not ready' });
      if (answer.status === 429) expect(answer.body).toEqual({ error: 'rate limit exceeded' });
    }
    expect(statuses).toEqual([
      [200, null],
      [200, null],
      [503, '2'],
      [200, null],
      [429, '3'],
      [200, null],
    ]);
    expect((await getJob(mock, id)).body.status).toBe('completed');
  });

  it('broadcast-partial-failure: three agents, two completed, one failed, partial_failure; agents keyed in sorted order', async () => {
    const mock = setup();
    const id = seedJob(mock, 'broadcast-partial-failure');
    mock.clock.advance(1500);
    const midway = (await getJob(mock, id)).body;
    expect(midway.status).toBe('processing');
    expect(midway).not.toHaveProperty('error');
    expect(midway.hostname).toBe('web-01');
    expect(Object.keys(midway.responses)).toEqual(['web-01']);
    mock.clock.advance(1600);
    const body = (await getJob(mock, id)).body;
    const error = 'failed to get disk usage: statfs /var/lib/postgresql: permission denied';
    expect(body).toMatchObject({ status: 'partial_failure', changed: null, error, hostname: 'db-01' });
    expect(body.operation).toEqual({ type: 'node.disk.get', data: {} });
    expect(body.agent_states).toEqual({
      'db-01': { status: 'failed', error, duration: '2.5s' },
      'web-01': { status: 'completed', duration: '850ms' },
      'web-02': { status: 'completed', duration: '1.1s' },
    });
    expect(Object.keys(body.agent_states)).toEqual(['db-01', 'web-01', 'web-02']);
    expect(Object.keys(body.responses)).toEqual(['db-01', 'web-01', 'web-02']);
    expect(body.responses['db-01']).toEqual({ status: 'failed', error, hostname: 'db-01' });
    expect(body.responses['web-01']).toMatchObject({ status: 'completed', changed: false, hostname: 'web-01' });
    expect(body.responses['web-02'].data.disks[0]).toMatchObject({ name: '/' });
    expect(body.timeline).toHaveLength(10);
  });

  it('retried: stays failed and its timeline gains a retried event after the failure', async () => {
    const mock = setup();
    const id = seedJob(mock, 'retried');
    mock.clock.advance(3400);
    const failed = (await getJob(mock, id)).body;
    mock.clock.advance(20_000);
    const retried = (await getJob(mock, id)).body;
    expect(retried.status).toBe('failed');
    expect(retried.timeline).toEqual([
      ...failed.timeline,
      { timestamp: '2026-01-01T00:00:23.4Z', event: 'retried', hostname: '_api', message: 'Job retried with the same operation as a new job' },
    ]);
  });

  it('answers the same bytes for the same seed, and other ids for another seed', async () => {
    const bodies: string[] = [];
    for (const seed of ['test', 'test', 'other']) {
      const mock = setup({ seed });
      const id = seedJob(mock, 'broadcast-partial-failure');
      mock.clock.advance(5000);
      bodies.push((await getJob(mock, id)).text);
    }
    expect(bodies[0]).toBe(bodies[1]);
    expect(bodies[2]).not.toBe(bodies[0]);
  });
});

describe('osapi auth, tenancy and ids', () => {
  it.each<[string, Record<string, string>]>([
    ['no Authorization header', {}],
    ['an unknown JWT', { authorization: 'Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln' }],
    ['a token that is not a JWT', { authorization: 'Bearer sk_test_acme_123' }],
    ['Basic credentials', { authorization: `Basic ${Buffer.from('acme:secret').toString('base64')}` }],
    ['the scheme without a token', { authorization: 'Bearer' }],
    ['a huge header', { authorization: `Bearer ${'a'.repeat(10_000)}.b.c` }],
    ['garbage', { authorization: '\u00ff\u00fe%%%' }],
    ['bad base64 in a Basic header', { authorization: 'Basic !!!' }],
    ['a JWT with empty segments', { authorization: 'Bearer ..' }],
    ['two tokens', { authorization: `Bearer ${TOKENS.acmeAdmin} ${TOKENS.acmeAdmin}` }],
    ['the admin token with one character changed', { authorization: `Bearer ${TOKENS.acmeAdmin.slice(0, -1)}9` }],
  ])('401 "Bearer token required" for %s', async (_name, headers) => {
    const mock = setup();
    const id = seedJob(mock, 'happy-path');
    for (const [operation, method, path] of [
      ['getJob', 'GET', `/job/${id}`],
      ['listJobs', 'GET', '/job'],
      ['deleteJob', 'DELETE', `/job/${id}`],
      ['retryJob', 'POST', `/job/${id}/retry`],
    ] as const) {
      const answer = await call(mock, operation, method, path, { headers });
      expect([answer.status, answer.body]).toEqual([401, { error: 'Bearer token required' }]);
    }
    expect((await getJob(mock, id)).status).toBe(200); // nothing was deleted
  });

  it('describes each tenant with its admin token; accepts the scheme in any case', async () => {
    const mock = setup();
    const described = mock.describe('http://mock.test')[0];
    expect(described?.tenants).toEqual([
      { id: 'acme', headers: ACME },
      { id: 'globex', headers: GLOBEX },
    ]);
    const id = seedJob(mock, 'happy-path');
    expect((await getJob(mock, id, { authorization: `bearer ${TOKENS.acmeAdmin}` })).status).toBe(200);
  });

  it('demo tokens are HS256 JWTs signed with the demo key whose payload lists their scopes', () => {
    const scopes = { acmeAdmin: ['job:read', 'job:write'], acmeReadOnly: ['job:read'], globexAdmin: ['job:read', 'job:write'] };
    for (const [name, token] of Object.entries(TOKENS)) {
      const [header, payload, signature] = token.split('.') as [string, string, string];
      expect(JSON.parse(Buffer.from(header, 'base64url').toString())).toEqual({ alg: 'HS256', typ: 'JWT' });
      expect(JSON.parse(Buffer.from(payload, 'base64url').toString()).scopes).toEqual(scopes[name as keyof typeof scopes]);
      expect(createHmac('sha256', 'job-contracts-osapi-demo-signing-key').update(`${header}.${payload}`).digest('base64url')).toBe(signature);
    }
  });

  it('a read-only token reads but gets 403 "Insufficient permissions" on create, delete and retry', async () => {
    const mock = setup();
    const id = seedJob(mock, 'happy-path');
    expect((await getJob(mock, id, READ_ONLY)).status).toBe(200);
    expect((await call(mock, 'getJobApiAlias', 'GET', `/api/job/${id}`, { headers: READ_ONLY })).status).toBe(200);
    expect((await call(mock, 'listJobs', 'GET', '/job', { headers: READ_ONLY })).status).toBe(200);
    const writes = [
      await call(mock, 'createJob', 'POST', '/job', { headers: READ_ONLY, body: { operation: { type: 'node.hostname.get', data: {} }, target_hostname: '_any' } }),
      await call(mock, 'deleteJob', 'DELETE', `/job/${id}`, { headers: READ_ONLY }),
      await call(mock, 'retryJob', 'POST', `/job/${id}/retry`, { headers: READ_ONLY, body: {} }),
    ];
    for (const answer of writes) expect([answer.status, answer.body]).toEqual([403, { error: 'Insufficient permissions' }]);
    expect((await getJob(mock, id)).status).toBe(200); // nothing was deleted
    expect((await list(mock)).total_items).toBe(1); // nothing was created
  });

  it('another tenant’s job answers byte-identical to an id that does not exist', async () => {
    const mock = setup();
    const id = seedJob(mock, 'happy-path', 'acme');
    const foreign = await getJob(mock, id, GLOBEX);
    await call(mock, 'deleteJob', 'DELETE', `/job/${id}`, { headers: ACME });
    const gone = await getJob(mock, id, ACME);
    expect([foreign.status, foreign.text]).toEqual([404, JSON.stringify({ error: `job not found: ${id}` })]);
    expect(gone.text).toBe(foreign.text);
    const strip = (h: Headers) => [...h.entries()].filter(([k]) => k !== 'x-request-id');
    expect(strip(gone.headers)).toEqual(strip(foreign.headers));
    expect((await getJob(mock, UNKNOWN_ID)).body).toEqual({ error: `job not found: ${UNKNOWN_ID}` });
    // and for the write operations
    const other = seedJob(mock, 'happy-path', 'acme');
    expect((await call(mock, 'deleteJob', 'DELETE', `/job/${other}`, { headers: GLOBEX })).body).toEqual({ error: `job not found: ${other}` });
    expect((await call(mock, 'retryJob', 'POST', `/job/${other}/retry`, { headers: GLOBEX })).body).toEqual({ error: `job not found: ${other}` });
    expect((await getJob(mock, other)).status).toBe(200);
    expect((await list(mock, '', GLOBEX)).total_items).toBe(0);
  });

  it('a malformed UUID gets the framework’s 400 {message} before auth, on every {id} operation', async () => {
    const mock = setup();
    const cases = [
      ['getJob', 'GET', '/job/not-a-uuid'],
      ['getJobApiAlias', 'GET', '/api/job/not-a-uuid'],
      ['deleteJob', 'DELETE', '/job/not-a-uuid'],
      ['retryJob', 'POST', '/job/not-a-uuid/retry'],
    ] as const;
    for (const [operation, method, path] of cases) {
      for (const headers of [{}, ACME, READ_ONLY]) {
        const answer = await call(mock, operation, method, path, { headers });
        expect([answer.status, answer.body]).toEqual([400, { message: "Invalid format for parameter id: error unmarshaling 'not-a-uuid' text as *uuid.UUID: invalid UUID length: 10" }]);
      }
    }
    const badHex = 'zzzzzzzz-7425-40de-944b-e07fc1f90ae7';
    expect((await getJob(mock, badHex, {})).body).toEqual({ message: `Invalid format for parameter id: error unmarshaling '${badHex}' text as *uuid.UUID: invalid UUID format` });
  });

  it('serves the /api/job/{id} alias with the same body as /job/{id}', async () => {
    const mock = setup();
    const id = seedJob(mock, 'broadcast-partial-failure');
    mock.clock.advance(2000);
    const seed = await getJob(mock, id);
    const alias = await call(mock, 'getJobApiAlias', 'GET', `/api/job/${id}`, { headers: ACME });
    expect(alias.text).toBe(seed.text);
    expect((await call(mock, 'getJobApiAlias', 'GET', `/api/job/${UNKNOWN_ID}`, { headers: ACME })).status).toBe(404);
  });
});

describe('osapi operations', () => {
  const createBody = { operation: { type: 'network.dns.get', data: { interface_name: 'eth0' } }, target_hostname: '_any' };

  it('createJob: 201 {job_id, status, revision, timestamp}; the job echoes the submitted operation', async () => {
    const mock = setup();
    mock.clock.advance(1234);
    const answer = await call(mock, 'createJob', 'POST', '/job', { headers: ACME, body: createBody });
    expect(answer.status).toBe(201);
    expect(answer.body).toEqual({ job_id: expect.any(String), status: 'created', revision: 1, timestamp: '2026-01-01T00:00:01.234Z' });
    const job = (await getJob(mock, answer.body.job_id)).body;
    expect(job).toMatchObject({ id: answer.body.job_id, status: 'submitted', operation: createBody.operation, created: '2026-01-01T00:00:01.234Z' });
    const second = (await call(mock, 'createJob', 'POST', '/job', { headers: ACME, body: createBody })).body;
    expect(second.revision).toBe(2);
    expect(second.job_id).not.toBe(answer.body.job_id);
  });

  it('createJob: Prefer scenario=<name> picks the scenario; an unknown one is 400 {error}', async () => {
    const mock = setup();
    const answer = await call(mock, 'createJob', 'POST', '/job', { headers: { ...ACME, prefer: 'scenario=failure' }, body: createBody });
    mock.clock.advance(10_000);
    expect((await getJob(mock, answer.body.job_id)).body.status).toBe('failed');
    const unknown = await call(mock, 'createJob', 'POST', '/job', { headers: { ...ACME, prefer: 'scenario=canceled' }, body: createBody });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error).toMatch(/canceled/);
  });

  it.each<[string, { body?: unknown; raw?: string }, RegExp, 'error' | 'message']>([
    ['a body without target_hostname', { body: { operation: { type: 'node.hostname.get' } } }, /target_hostname/, 'error'],
    ['an operation that is a string', { body: { operation: 'node.hostname.get', target_hostname: '_any' } }, /./, 'error'],
    ['malformed JSON', { raw: '{"operation":' }, /JSON/, 'message'],
    ['no body', {}, /./, 'error'],
    ['a body over the size limit', { raw: JSON.stringify({ ...createBody, pad: 'x'.repeat(1024 * 1024 + 10) }) }, /too large/, 'error'],
  ])('createJob: %s → 400, no job created', async (_name, request, text, key) => {
    const mock = setup();
    const answer = await call(mock, 'createJob', 'POST', '/job', { headers: ACME, ...request });
    expect(answer.status).toBe(400);
    expect(Object.keys(answer.body)).toEqual([key]);
    expect(answer.body[key]).toMatch(text);
    expect((await list(mock)).total_items).toBe(0);
  });

  it('listJobs: newest first, this tenant only, status filter, limit/offset, counts of every status', async () => {
    const mock = setup();
    const ids = ['happy-path', 'failure', 'stuck', 'happy-path', 'broadcast-partial-failure'].map((s) => seedJob(mock, s));
    seedJob(mock, 'happy-path', 'globex');
    mock.clock.advance(10_000);
    const all = await list(mock);
    expect(all.total_items).toBe(5);
    expect(all.status_counts).toEqual({ submitted: 0, processing: 1, completed: 2, failed: 1, partial_failure: 1, skipped: 0 });
    expect(all.items.map((j: Body) => j.id)).toEqual([...ids].reverse());
    expect(all.items[0]).toEqual((await getJob(mock, ids[4] as string)).body);
    const completed = await list(mock, '?status=completed');
    expect(completed.total_items).toBe(2);
    expect(completed.items.map((j: Body) => j.id)).toEqual([ids[3], ids[0]]);
    expect(completed.status_counts).toEqual(all.status_counts);
    const page = await list(mock, '?limit=2&offset=1');
    expect([page.total_items, page.items.map((j: Body) => j.id)]).toEqual([5, [ids[3], ids[2]]]);
    const beyond = await list(mock, '?offset=50');
    expect([beyond.total_items, beyond.items]).toEqual([5, []]);
    expect((await list(mock, '', GLOBEX)).total_items).toBe(1);
  });

  it.each<[string, string]>([
    ['limit=0', 'limit'],
    ['limit=101', 'limit'],
    ['limit=abc', 'limit'],
    ['offset=-1', 'offset'],
    ['offset=1.5', 'offset'],
    ['status=running', 'status'],
  ])('listJobs: %s → 400 naming the parameter', async (query, name) => {
    const mock = setup();
    const answer = await call(mock, 'listJobs', 'GET', `/job?${query}`, { headers: ACME });
    expect(answer.status).toBe(400);
    expect(Object.values(answer.body).join(' ')).toContain(name);
  });

  it('listJobs: limit 1 and 100 are accepted', async () => {
    const mock = setup();
    seedJob(mock, 'happy-path');
    seedJob(mock, 'happy-path');
    expect((await list(mock, '?limit=1')).items).toHaveLength(1);
    expect((await list(mock, '?limit=100')).items).toHaveLength(2);
  });

  it('deleteJob: 204 without a body on a running job, then 404 everywhere', async () => {
    const mock = setup();
    const id = seedJob(mock, 'slow');
    mock.clock.advance(60_000);
    expect((await getJob(mock, id)).body.status).toBe('processing');
    const deleted = await call(mock, 'deleteJob', 'DELETE', `/job/${id}`, { headers: ACME });
    expect([deleted.status, deleted.text, deleted.headers.get('content-type')]).toEqual([204, '', null]);
    expect((await getJob(mock, id)).status).toBe(404);
    expect((await call(mock, 'getJobApiAlias', 'GET', `/api/job/${id}`, { headers: ACME })).status).toBe(404);
    expect((await call(mock, 'deleteJob', 'DELETE', `/job/${id}`, { headers: ACME })).status).toBe(404);
    expect((await call(mock, 'retryJob', 'POST', `/job/${id}/retry`, { headers: ACME })).status).toBe(404);
    expect((await list(mock)).total_items).toBe(0);
  });

  it('deleteJob: a terminal job is deleted too; an unknown id is 404', async () => {
    const mock = setup();
    const id = seedJob(mock, 'failure');
    mock.clock.advance(10_000);
    expect((await call(mock, 'deleteJob', 'DELETE', `/job/${id}`, { headers: ACME })).status).toBe(204);
    const unknown = await call(mock, 'deleteJob', 'DELETE', `/job/${UNKNOWN_ID}`, { headers: ACME });
    expect([unknown.status, unknown.body]).toEqual([404, { error: `job not found: ${UNKNOWN_ID}` }]);
  });

  it('retryJob: 201 with a new job of the same operation; the original keeps its status and gains a retried event', async () => {
    const mock = setup();
    const original = seedJob(mock, 'failure');
    mock.clock.advance(5000);
    const before = (await getJob(mock, original)).body;
    const answer = await call(mock, 'retryJob', 'POST', `/job/${original}/retry`, { headers: ACME, body: { target_hostname: 'web-03' } });
    expect(answer.status).toBe(201);
    const created = answer.body;
    expect(created).toMatchObject({ status: 'created', revision: 2, timestamp: '2026-01-01T00:00:05Z' });
    const retried = (await getJob(mock, created.job_id)).body;
    expect(retried).toMatchObject({ id: created.job_id, status: 'submitted', created: '2026-01-01T00:00:05Z' });
    expect(retried.operation).toEqual({ type: 'network.dns.update', data: { servers: ['1.1.1.1', '8.8.8.8'], interface_name: 'eth1' } });
    mock.clock.advance(10_000);
    expect((await getJob(mock, created.job_id)).body.status).toBe('completed'); // a retry runs happy-path unless Prefer says otherwise
    const after = (await getJob(mock, original)).body;
    expect(after.status).toBe(before.status);
    expect(after.timeline.slice(0, -1)).toEqual(before.timeline);
    expect(after.timeline.at(-1)).toMatchObject({ event: 'retried', hostname: '_api', message: expect.stringContaining(created.job_id), timestamp: '2026-01-01T00:00:05Z' });
    expect(checkTransition(lifecycle, before, after)).toEqual([]);
    expect(checkSnapshot(lifecycle, after)).toEqual([]);
    const bare = await call(mock, 'retryJob', 'POST', `/job/${original}/retry`, { headers: ACME });
    expect([bare.status, bare.body.revision]).toEqual([201, 3]);
  });

  it('retryJob of a running job: the retried event sits in time order among the steps still to come', async () => {
    const mock = setup();
    const original = seedJob(mock, 'happy-path');
    mock.clock.advance(100);
    const first = (await getJob(mock, original)).body;
    expect(first.status).not.toMatch(/completed|failed/);
    expect((await call(mock, 'retryJob', 'POST', `/job/${original}/retry`, { headers: ACME, body: {} })).status).toBe(201);
    let previous = first;
    for (let poll = 0; poll < 40; poll++) {
      mock.clock.advance(500);
      const body = (await getJob(mock, original)).body;
      expect(checkTransition(lifecycle, previous, body)).toEqual([]);
      previous = body;
    }
    const events = (previous.timeline as Body[]).map((e) => e.event);
    expect(previous.status).toBe('completed');
    expect(events.filter((e) => e === 'retried')).toHaveLength(1);
    expect(events.indexOf('retried')).toBeLessThan(events.indexOf('completed'));
    const stamps = (previous.timeline as Body[]).map((e) => Date.parse(e.timestamp));
    expect([...stamps].sort((a, b) => a - b)).toEqual(stamps);
  });

  it('retryJob: Prefer scenario picks how the retry ends; an unknown one is 400; a bad body is 400', async () => {
    const mock = setup();
    const original = seedJob(mock, 'failure');
    const answer = await call(mock, 'retryJob', 'POST', `/job/${original}/retry`, { headers: { ...ACME, prefer: 'scenario=broadcast-partial-failure' }, body: {} });
    mock.clock.advance(10_000);
    expect((await getJob(mock, answer.body.job_id)).body.status).toBe('partial_failure');
    const unknown = await call(mock, 'retryJob', 'POST', `/job/${original}/retry`, { headers: { ...ACME, prefer: 'scenario=nope' } });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error).toMatch(/nope/);
    const bad = await call(mock, 'retryJob', 'POST', `/job/${original}/retry`, { headers: ACME, body: { target_hostname: '' } });
    expect(bad.status).toBe(400);
    expect(bad.body).toHaveProperty('error');
  });

  it.each(['500', '502', '503', '429'])('Prefer fault=%s answers the documented error on every operation', async (fault) => {
    const mock = setup();
    const id = seedJob(mock, 'happy-path');
    const headers = { ...ACME, prefer: `fault=${fault}` };
    const answers = [
      await getJob(mock, id, headers),
      await call(mock, 'getJobApiAlias', 'GET', `/api/job/${id}`, { headers }),
      await call(mock, 'listJobs', 'GET', '/job', { headers }),
      await call(mock, 'createJob', 'POST', '/job', { headers, body: createBody }),
      await call(mock, 'retryJob', 'POST', `/job/${id}/retry`, { headers }),
      await call(mock, 'deleteJob', 'DELETE', `/job/${id}`, { headers }),
    ];
    for (const answer of answers) {
      expect(answer.status).toBe(Number(fault));
      expect(Object.keys(answer.body)).toEqual(['error']);
      if (fault === '429' || fault === '503') expect(answer.headers.get('retry-after')).toMatch(/^\d+$/);
    }
  });

  it('the mock’s rate limit answers 429 with Retry-After in OSAPI’s body', async () => {
    const mock = setup({ rateLimit: 2 });
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) {
      const answer = await call(mock, 'listJobs', 'GET', '/job', { headers: ACME });
      statuses.push(answer.status);
      if (answer.status === 429) expect([answer.body, answer.headers.get('retry-after')]).toEqual([{ error: 'rate limit exceeded' }, '1']);
    }
    expect(statuses).toEqual([200, 200, 429]);
  });
});
