/**
 * The osapi mock through the real core, without sockets: every scenario to its end, auth and
 * scopes, the malformed-UUID 400 before auth, tenancy, and each handler. Every response is
 * checked with validateResponse (status, content type, body).
 * @see ../../src/providers/osapi.ts
 */
import { createHmac } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadContract, validateResponse } from '../../src/contracts/index.js';
import { type Clock, createClock } from '../../src/engine/clock.js';
import { parseScenario } from '../../src/engine/load.js';
import type { Scenario } from '../../src/engine/scenario.js';
import { checkSnapshot, checkTransition } from '../../src/lifecycle/evaluate.js';
import { Journal } from '../../src/mock/journal.js';
import { createProviderMock, type ProviderMock } from '../../src/mock/provider-mock.js';
import { createTextSource } from '../../src/mock/text.js';
import { osapiAdapter } from '../../src/providers/osapi.js';
import { goDuration, goTime } from '../../src/providers/osapi-render.js';

type Body = Record<string, unknown>;

const contract = loadContract('osapi');
const lifecycle = contract.spec.lifecycle;
const scenarioDir = new URL('../../scenarios/osapi/', import.meta.url);
const scenarioFiles = readdirSync(scenarioDir).filter((n) => n.endsWith('.yaml')).sort();
const scenarios = new Map<string, Scenario>(
  scenarioFiles.map((name) => {
    const scenario = parseScenario(readFileSync(new URL(name, scenarioDir), 'utf8'), join('scenarios/osapi', name));
    return [scenario.name, scenario];
  }),
);

const [acmeAdmin, acmeReadOnly, globexAdmin] = osapiAdapter.credentials as [
  (typeof osapiAdapter.credentials)[0],
  (typeof osapiAdapter.credentials)[0],
  (typeof osapiAdapter.credentials)[0],
];
const ACME = acmeAdmin.headers;
const READ_ONLY = acmeReadOnly.headers;
const GLOBEX = globexAdmin.headers;
const UNKNOWN_ID = '7c9e6679-7425-40de-944b-e07fc1f90ae7';

function setup(options: { seed?: string; rateLimit?: number } = {}): { mock: ProviderMock; clock: Clock } {
  const clock = createClock('manual');
  const mock = createProviderMock({
    adapter: osapiAdapter,
    contract,
    scenarios,
    clock,
    seed: options.seed ?? 'test',
    text: createTextSource(),
    journal: new Journal(),
    sleep: async () => {},
    ...(options.rateLimit ? { rateLimit: options.rateLimit } : {}),
  });
  return { mock, clock };
}

interface Answer {
  status: number;
  headers: Headers;
  text: string;
  body: unknown;
}

/** Sends a request and checks the answer against the operation's contract. */
async function call(
  mock: ProviderMock,
  operation: string,
  method: string,
  path: string,
  options: { headers?: Record<string, string>; body?: unknown; raw?: string } = {},
): Promise<Answer> {
  const init: RequestInit = { method, headers: { ...options.headers } };
  if (options.raw !== undefined) init.body = options.raw;
  else if (options.body !== undefined) init.body = JSON.stringify(options.body);
  if (init.body !== undefined) (init.headers as Record<string, string>)['content-type'] = 'application/json';
  const request = new Request(`http://localhost:8080${path}`, init);
  const response = await mock.handle(request, new URL(request.url).pathname);
  const text = await response.text();
  const body = text === '' ? undefined : JSON.parse(text);
  const contentType = response.headers.get('content-type');
  const result = validateResponse({ provider: 'osapi', operation, status: response.status, ...(contentType ? { contentType } : {}), body });
  expect(result, `${method} ${path} → ${response.status} ${text}`).toEqual({ ok: true });
  return { status: response.status, headers: response.headers, text, body };
}

const getJob = (mock: ProviderMock, id: string, headers: Record<string, string> = ACME) => call(mock, 'getJob', 'GET', `/job/${id}`, { headers });

/** Creates a job of a scenario for a tenant, as seeding does. */
function seedJob(mock: ProviderMock, scenario: string, tenant = 'acme'): string {
  return mock.createJob({ scenario, tenant }).record.id;
}

describe('osapi scenarios', () => {
  it('ships the built-in scenarios (canceled is N/A: osapi has no cancel, DELETE removes)', () => {
    expect([...scenarios.keys()].sort()).toEqual(['broadcast-partial-failure', 'failure', 'flaky', 'happy-path', 'retried', 'slow', 'stuck']);
    for (const scenario of scenarios.values()) {
      const last = scenario.steps[scenario.steps.length - 1]?.at ?? 0;
      expect(last, scenario.name).toBeLessThan(10 * 60_000);
    }
  });

  it.each([...scenarios.keys()])('%s: every step renders valid and keeps the lifecycle (direct transitions)', async (name) => {
    const { mock, clock } = setup();
    const job = mock.createJob({ scenario: name });
    const scenario = scenarios.get(name) as Scenario;
    let previous: unknown;
    let elapsed = 0;
    for (const step of scenario.steps) {
      clock.advance(step.at - elapsed);
      elapsed = step.at;
      const rendered = mock.render(job);
      expect(validateResponse({ provider: 'osapi', operation: 'getJob', status: 200, body: rendered })).toEqual({ ok: true });
      expect(checkSnapshot(lifecycle, rendered), `${name} at ${step.at}`).toEqual([]);
      if (previous !== undefined) expect(checkTransition(lifecycle, previous, rendered, { direct: true }), `${name} at ${step.at}`).toEqual([]);
      previous = rendered;
      // Over HTTP too: a fault step answers its fault, every other step the same body.
      const answer = await getJob(mock, job.record.id);
      if (step.fault) expect(answer.status).toBe(Number(step.fault.kind));
      else expect(answer.body).toEqual(rendered);
    }
  });

  it('happy-path: submitted → processing → completed with result, changed false, Go times and durations', async () => {
    const { mock, clock } = setup();
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
    clock.advance(400);
    const processing = (await getJob(mock, id)).body as Body;
    expect(processing).toMatchObject({ status: 'processing', changed: null, hostname: 'web-01', updated_at: '2026-01-01T00:00:00.4Z' });
    expect(processing.agent_states).toEqual({ 'web-01': { status: 'acknowledged' } });
    clock.advance(2000);
    const done = (await getJob(mock, id)).body as Body;
    expect(done).toMatchObject({ status: 'completed', result: { hostname: 'web-01' }, changed: false, hostname: 'web-01', updated_at: '2026-01-01T00:00:02.4Z' });
    expect(done.agent_states).toEqual({ 'web-01': { status: 'completed', duration: '1.5s' } });
    expect(done).not.toHaveProperty('responses'); // single-agent job: responses only for broadcasts
    expect(done).not.toHaveProperty('error');
    expect((done.timeline as Body[]).map((e) => e.event)).toEqual(['submitted', 'acknowledged', 'started', 'completed']);
  });

  it('failure: failed with the agent error, changed stays null, no result', async () => {
    const { mock, clock } = setup();
    const id = seedJob(mock, 'failure');
    clock.advance(3000);
    const body = (await getJob(mock, id)).body as Body;
    expect(body).toMatchObject({ status: 'failed', changed: null, error: 'failed to set DNS configuration: interface eth1 does not exist', hostname: 'web-02' });
    expect(body).not.toHaveProperty('result');
    expect(body.agent_states).toEqual({ 'web-02': { status: 'failed', error: 'failed to set DNS configuration: interface eth1 does not exist', duration: '2s' } });
    expect((body.timeline as Body[]).at(-1)).toMatchObject({ event: 'failed', error: 'failed to set DNS configuration: interface eth1 does not exist' });
  });

  it('slow: still submitted after 20 s, processing at 4 min, completed after about 5 min', async () => {
    const { mock, clock } = setup();
    const id = seedJob(mock, 'slow');
    clock.advance(20_000);
    expect(((await getJob(mock, id)).body as Body).status).toBe('submitted');
    clock.advance(220_000);
    expect(((await getJob(mock, id)).body as Body).status).toBe('processing');
    clock.advance(62_500);
    const body = (await getJob(mock, id)).body as Body;
    expect(body).toMatchObject({ status: 'completed', changed: true, updated_at: '2026-01-01T00:05:02.5Z' });
    expect(body.agent_states).toEqual({ 'db-01': { status: 'completed', duration: '4m31.5s' } });
  });

  it('stuck: stays processing for a day', async () => {
    const { mock, clock } = setup();
    const id = seedJob(mock, 'stuck');
    clock.advance(86_400_000);
    const body = (await getJob(mock, id)).body as Body;
    expect(body).toMatchObject({ status: 'processing', changed: null, updated_at: '2026-01-01T00:00:01Z' });
  });

  it('flaky: 503 with Retry-After 2, then 429 with Retry-After 3, between good answers, then completed', async () => {
    const { mock, clock } = setup();
    const id = seedJob(mock, 'flaky');
    const statuses: Array<[number, string | null]> = [];
    let elapsed = 0;
    for (const at of [0, 500, 1000, 3000, 4000, 7000]) {
      clock.advance(at - elapsed);
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
    expect(((await getJob(mock, id)).body as Body).status).toBe('completed');
  });

  it('broadcast-partial-failure: three agents, two completed, one failed, partial_failure', async () => {
    const { mock, clock } = setup();
    const id = seedJob(mock, 'broadcast-partial-failure');
    clock.advance(1500);
    const midway = (await getJob(mock, id)).body as Body;
    expect(midway.status).toBe('processing');
    expect(midway).not.toHaveProperty('error');
    expect(Object.keys(midway.responses as Body)).toEqual(['web-01']);
    clock.advance(1600);
    const body = (await getJob(mock, id)).body as Body;
    expect(body).toMatchObject({ status: 'partial_failure', changed: null, error: 'failed to get disk usage: statfs /var/lib/postgresql: permission denied' });
    expect(body.operation).toEqual({ type: 'node.disk.get', data: {} });
    expect(body.agent_states).toEqual({
      'db-01': { status: 'failed', error: 'failed to get disk usage: statfs /var/lib/postgresql: permission denied', duration: '2.5s' },
      'web-01': { status: 'completed', duration: '850ms' },
      'web-02': { status: 'completed', duration: '1.1s' },
    });
    const responses = body.responses as Record<string, Body>;
    expect(Object.keys(responses)).toEqual(['db-01', 'web-01', 'web-02']);
    expect(responses['db-01']).toEqual({ status: 'failed', error: 'failed to get disk usage: statfs /var/lib/postgresql: permission denied', hostname: 'db-01' });
    expect(responses['web-01']).toMatchObject({ status: 'completed', changed: false, hostname: 'web-01' });
    expect(body.timeline as Body[]).toHaveLength(10);
  });

  it('retried: stays failed and its timeline gains a retried event after the failure', async () => {
    const { mock, clock } = setup();
    const id = seedJob(mock, 'retried');
    clock.advance(3400);
    const failed = (await getJob(mock, id)).body as Body;
    clock.advance(20_000);
    const retried = (await getJob(mock, id)).body as Body;
    expect(retried.status).toBe('failed');
    expect(retried.timeline as Body[]).toEqual([
      ...(failed.timeline as Body[]),
      { timestamp: '2026-01-01T00:00:23.4Z', event: 'retried', hostname: '_api', message: 'Job retried with the same operation as a new job' },
    ]);
  });

  it('answers the same bytes for the same seed, and other ids for another seed', async () => {
    const bodies: string[] = [];
    for (const seed of ['test', 'test', 'other']) {
      const { mock, clock } = setup({ seed });
      const id = seedJob(mock, 'broadcast-partial-failure');
      clock.advance(5000);
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
  ])('401 "Bearer token required" for %s', async (_name, headers) => {
    const { mock } = setup();
    const id = seedJob(mock, 'happy-path');
    for (const [operation, method, path] of [
      ['getJob', 'GET', `/job/${id}`],
      ['listJobs', 'GET', '/job'],
      ['deleteJob', 'DELETE', `/job/${id}`],
    ] as const) {
      const answer = await call(mock, operation, method, path, { headers });
      expect(answer.status).toBe(401);
      expect(answer.body).toEqual({ error: 'Bearer token required' });
    }
  });

  it('accepts the scheme in any case', async () => {
    const { mock } = setup();
    const id = seedJob(mock, 'happy-path');
    const token = (ACME.authorization as string).split(' ')[1];
    expect((await getJob(mock, id, { authorization: `bearer ${token}` })).status).toBe(200);
  });

  it('a read-only token reads but gets 403 "Insufficient permissions" on create, delete and retry', async () => {
    const { mock } = setup();
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
  });

  it('another tenant’s job answers byte-identical to an id that does not exist', async () => {
    const { mock } = setup();
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
  });

  it('a malformed UUID gets the framework’s 400 {message} before auth, on every {id} operation', async () => {
    const { mock } = setup();
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
    const { mock, clock } = setup();
    const id = seedJob(mock, 'broadcast-partial-failure');
    clock.advance(2000);
    const seed = await getJob(mock, id);
    const alias = await call(mock, 'getJobApiAlias', 'GET', `/api/job/${id}`, { headers: ACME });
    expect(alias.text).toBe(seed.text);
    expect((await call(mock, 'getJobApiAlias', 'GET', `/api/job/${UNKNOWN_ID}`, { headers: ACME })).status).toBe(404);
  });

  it('demo tokens are HS256 JWTs whose payload lists the credential’s scopes', () => {
    expect(new Set(osapiAdapter.credentials.map((c) => c.tenant))).toEqual(new Set(['acme', 'globex']));
    for (const credential of osapiAdapter.credentials) {
      const token = osapiAdapter.credentialKey(credential);
      const [header, payload, signature] = token.split('.') as [string, string, string];
      expect(JSON.parse(Buffer.from(header, 'base64url').toString())).toEqual({ alg: 'HS256', typ: 'JWT' });
      expect(JSON.parse(Buffer.from(payload, 'base64url').toString()).scopes).toEqual(credential.scopes);
      expect(createHmac('sha256', 'job-contracts-osapi-demo-signing-key').update(`${header}.${payload}`).digest('base64url')).toBe(signature);
      expect(osapiAdapter.readCredential(new Request('http://x/', { headers: credential.headers }))).toBe(token);
    }
  });

  it.each<[string, Record<string, string>]>([
    ['garbage', { authorization: '\u00ff\u00fe%%%' }],
    ['bad base64 in a Basic header', { authorization: 'Basic !!!' }],
    ['a JWT with empty segments', { authorization: 'Bearer ..' }],
    ['two tokens', { authorization: 'Bearer a.b.c d.e.f' }],
  ])('readCredential returns null for %s', (_name, headers) => {
    expect(osapiAdapter.readCredential(new Request('http://x/', { headers }))).toBeNull();
  });
});

describe('osapi handlers', () => {
  const createBody = { operation: { type: 'network.dns.get', data: { interface_name: 'eth0' } }, target_hostname: '_any' };

  it('createJob: 201 {job_id, status, revision, timestamp}; the job echoes the submitted operation', async () => {
    const { mock, clock } = setup();
    clock.advance(1234);
    const answer = await call(mock, 'createJob', 'POST', '/job', { headers: ACME, body: createBody });
    expect(answer.status).toBe(201);
    const created = answer.body as Body;
    expect(created).toEqual({ job_id: expect.any(String), status: 'created', revision: 1, timestamp: '2026-01-01T00:00:01.234Z' });
    const job = (await getJob(mock, created.job_id as string)).body as Body;
    expect(job).toMatchObject({ id: created.job_id, status: 'submitted', operation: createBody.operation, created: '2026-01-01T00:00:01.234Z' });
    const second = (await call(mock, 'createJob', 'POST', '/job', { headers: ACME, body: createBody })).body as Body;
    expect(second.revision).toBe(2);
    expect(second.job_id).not.toBe(created.job_id);
  });

  it('createJob: Prefer scenario=<name> picks the scenario; an unknown one is 400 {error}', async () => {
    const { mock, clock } = setup();
    const answer = await call(mock, 'createJob', 'POST', '/job', { headers: { ...ACME, prefer: 'scenario=failure' }, body: createBody });
    clock.advance(10_000);
    expect(((await getJob(mock, (answer.body as Body).job_id as string)).body as Body).status).toBe('failed');
    const unknown = await call(mock, 'createJob', 'POST', '/job', { headers: { ...ACME, prefer: 'scenario=canceled' }, body: createBody });
    expect(unknown.status).toBe(400);
    expect((unknown.body as { error: string }).error).toMatch(/Unknown scenario "canceled"/);
  });

  it.each<[string, { body?: unknown; raw?: string }, number, RegExp, 'error' | 'message']>([
    ['a body without target_hostname', { body: { operation: { type: 'node.hostname.get' } } }, 400, /target_hostname/, 'error'],
    ['an operation that is a string', { body: { operation: 'node.hostname.get', target_hostname: '_any' } }, 400, /./, 'error'],
    ['malformed JSON', { raw: '{"operation":' }, 400, /JSON/, 'message'],
    ['no body', {}, 400, /./, 'error'],
    ['a body over the size limit', { raw: JSON.stringify({ ...createBody, pad: 'x'.repeat(1024 * 1024 + 10) }) }, 400, /too large/, 'error'],
  ])('createJob: %s → %i', async (_name, request, status, text, key) => {
    const { mock } = setup();
    const answer = await call(mock, 'createJob', 'POST', '/job', { headers: ACME, ...request });
    expect(answer.status).toBe(status);
    expect(Object.keys(answer.body as Body)).toEqual([key]);
    expect((answer.body as Record<string, string>)[key]).toMatch(text);
    expect(mock.store.size).toBe(0);
  });

  it('listJobs: newest first, this tenant only, status filter, limit/offset, counts of every status', async () => {
    const { mock, clock } = setup();
    const ids = ['happy-path', 'failure', 'stuck', 'happy-path', 'broadcast-partial-failure'].map((s) => seedJob(mock, s));
    seedJob(mock, 'happy-path', 'globex');
    clock.advance(10_000);
    const all = (await call(mock, 'listJobs', 'GET', '/job', { headers: ACME })).body as { total_items: number; status_counts: Body; items: Body[] };
    expect(all.total_items).toBe(5);
    expect(all.status_counts).toEqual({ submitted: 0, processing: 1, completed: 2, failed: 1, partial_failure: 1, skipped: 0 });
    expect(all.items.map((j) => j.id)).toEqual([...ids].reverse());
    expect(all.items[0]).toEqual(mock.render(mock.store.get(ids[4] as string) as NonNullable<ReturnType<typeof mock.store.get>>));
    const completed = (await call(mock, 'listJobs', 'GET', '/job?status=completed', { headers: ACME })).body as typeof all;
    expect(completed.total_items).toBe(2);
    expect(completed.items.map((j) => j.id)).toEqual([ids[3], ids[0]]);
    expect(completed.status_counts).toEqual(all.status_counts);
    const page = (await call(mock, 'listJobs', 'GET', '/job?limit=2&offset=1', { headers: ACME })).body as typeof all;
    expect([page.total_items, page.items.map((j) => j.id)]).toEqual([5, [ids[3], ids[2]]]);
    const beyond = (await call(mock, 'listJobs', 'GET', '/job?offset=50', { headers: ACME })).body as typeof all;
    expect([beyond.total_items, beyond.items]).toEqual([5, []]);
    const globex = (await call(mock, 'listJobs', 'GET', '/job', { headers: GLOBEX })).body as typeof all;
    expect(globex.total_items).toBe(1);
  });

  it.each<[string, Body]>([
    ['limit=0', { error: 'limit must be between 1 and 100' }],
    ['limit=101', { error: 'limit must be between 1 and 100' }],
    ['limit=abc', { message: 'Invalid format for parameter limit: strconv.ParseInt: parsing "abc": invalid syntax' }],
    ['offset=-1', { error: 'offset must be 0 or greater' }],
    ['offset=1.5', { message: 'Invalid format for parameter offset: strconv.ParseInt: parsing "1.5": invalid syntax' }],
    ['status=running', { error: 'invalid status filter: running' }],
  ])('listJobs: %s → 400', async (query, body) => {
    const { mock } = setup();
    const answer = await call(mock, 'listJobs', 'GET', `/job?${query}`, { headers: ACME });
    expect([answer.status, answer.body]).toEqual([400, body]);
  });

  it('listJobs: limit 1 and 100 are accepted', async () => {
    const { mock } = setup();
    seedJob(mock, 'happy-path');
    seedJob(mock, 'happy-path');
    expect(((await call(mock, 'listJobs', 'GET', '/job?limit=1', { headers: ACME })).body as { items: unknown[] }).items).toHaveLength(1);
    expect(((await call(mock, 'listJobs', 'GET', '/job?limit=100', { headers: ACME })).body as { items: unknown[] }).items).toHaveLength(2);
  });

  it('deleteJob: 204 without a body on a running job, then 404 everywhere', async () => {
    const { mock, clock } = setup();
    const id = seedJob(mock, 'slow');
    clock.advance(60_000);
    expect(((await getJob(mock, id)).body as Body).status).toBe('processing');
    const deleted = await call(mock, 'deleteJob', 'DELETE', `/job/${id}`, { headers: ACME });
    expect([deleted.status, deleted.text, deleted.headers.get('content-type')]).toEqual([204, '', null]);
    expect((await getJob(mock, id)).status).toBe(404);
    expect((await call(mock, 'getJobApiAlias', 'GET', `/api/job/${id}`, { headers: ACME })).status).toBe(404);
    expect((await call(mock, 'deleteJob', 'DELETE', `/job/${id}`, { headers: ACME })).status).toBe(404);
    expect((await call(mock, 'retryJob', 'POST', `/job/${id}/retry`, { headers: ACME })).status).toBe(404);
    expect(((await call(mock, 'listJobs', 'GET', '/job', { headers: ACME })).body as Body).total_items).toBe(0);
  });

  it('deleteJob: a terminal job is deleted too; an unknown id is 404', async () => {
    const { mock, clock } = setup();
    const id = seedJob(mock, 'failure');
    clock.advance(10_000);
    expect((await call(mock, 'deleteJob', 'DELETE', `/job/${id}`, { headers: ACME })).status).toBe(204);
    const unknown = await call(mock, 'deleteJob', 'DELETE', `/job/${UNKNOWN_ID}`, { headers: ACME });
    expect([unknown.status, unknown.body]).toEqual([404, { error: `job not found: ${UNKNOWN_ID}` }]);
  });

  it('retryJob: 201 with a new job of the same operation; the original keeps its status and gains a retried event; target_hostname defaults to _any', async () => {
    const { mock, clock } = setup();
    const original = seedJob(mock, 'failure');
    clock.advance(5000);
    const before = (await getJob(mock, original)).body as Body;
    const answer = await call(mock, 'retryJob', 'POST', `/job/${original}/retry`, { headers: ACME, body: { target_hostname: 'web-03' } });
    expect(answer.status).toBe(201);
    const created = answer.body as Body;
    expect(created).toMatchObject({ status: 'created', revision: 2, timestamp: '2026-01-01T00:00:05Z' });
    const retry = mock.store.get(created.job_id as string);
    expect(retry?.record).toMatchObject({ parentId: original, tenant: 'acme', input: { target_hostname: 'web-03' } });
    expect(retry?.record.scenario.name).toBe('happy-path');
    const retried = (await getJob(mock, created.job_id as string)).body as Body;
    expect(retried.operation).toEqual(scenarios.get('failure')?.input?.operation);
    const after = (await getJob(mock, original)).body as Body;
    const timeline = (body: Body) => body.timeline as Array<Record<string, unknown>>;
    expect(after.status).toBe(before.status);
    expect(timeline(after).slice(0, -1)).toEqual(timeline(before));
    expect(timeline(after).at(-1)).toMatchObject({ event: 'retried', hostname: '_api', message: expect.stringContaining(created.job_id as string), timestamp: '2026-01-01T00:00:05Z' });
    expect(checkTransition(lifecycle, before, after)).toEqual([]);
    expect(checkSnapshot(lifecycle, after)).toEqual([]);
    const bare = await call(mock, 'retryJob', 'POST', `/job/${original}/retry`, { headers: ACME });
    expect(mock.store.get((bare.body as Body).job_id as string)?.record.input.target_hostname).toBe('_any');
  });

  it('retryJob of a running job: the retried event sits in time order among the steps still to come', async () => {
    const { mock, clock } = setup();
    const original = seedJob(mock, 'happy-path');
    clock.advance(100);
    const first = (await getJob(mock, original)).body as Body;
    expect(first.status).not.toMatch(/completed|failed/);
    expect((await call(mock, 'retryJob', 'POST', `/job/${original}/retry`, { headers: ACME, body: {} })).status).toBe(201);
    let previous = first;
    for (let poll = 0; poll < 40; poll++) {
      clock.advance(500);
      const body = (await getJob(mock, original)).body as Body;
      expect(checkTransition(lifecycle, previous, body)).toEqual([]);
      previous = body;
    }
    const events = (previous.timeline as Array<{ event: string; timestamp: string }>).map((e) => e.event);
    expect(previous.status).toBe('completed');
    expect(events.filter((e) => e === 'retried')).toHaveLength(1);
    expect(events.indexOf('retried')).toBeLessThan(events.indexOf('completed'));
    const stamps = (previous.timeline as Array<{ timestamp: string }>).map((e) => Date.parse(e.timestamp));
    expect([...stamps].sort((a, b) => a - b)).toEqual(stamps);
  });

  it('retryJob: Prefer scenario picks how the retry ends; an unknown one is 400; a bad body is 400', async () => {
    const { mock, clock } = setup();
    const original = seedJob(mock, 'failure');
    const answer = await call(mock, 'retryJob', 'POST', `/job/${original}/retry`, { headers: { ...ACME, prefer: 'scenario=broadcast-partial-failure' }, body: {} });
    clock.advance(10_000);
    expect(((await getJob(mock, (answer.body as Body).job_id as string)).body as Body).status).toBe('partial_failure');
    const unknown = await call(mock, 'retryJob', 'POST', `/job/${original}/retry`, { headers: { ...ACME, prefer: 'scenario=nope' } });
    expect(unknown.status).toBe(400);
    expect((unknown.body as { error: string }).error).toMatch(/no scenario "nope"/);
    const bad = await call(mock, 'retryJob', 'POST', `/job/${original}/retry`, { headers: ACME, body: { target_hostname: '' } });
    expect(bad.status).toBe(400);
    expect(bad.body).toHaveProperty('error');
  });

  it.each(['500', '502', '503', '429'])('Prefer fault=%s answers the documented error on every operation', async (fault) => {
    const { mock } = setup();
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
      expect(Object.keys(answer.body as Body)).toEqual(['error']);
      if (fault === '429' || fault === '503') expect(answer.headers.get('retry-after')).toMatch(/^\d+$/);
    }
  });

  it('the mock’s rate limit answers 429 with Retry-After in OSAPI’s body', async () => {
    const { mock } = setup({ rateLimit: 2 });
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) {
      const answer = await call(mock, 'listJobs', 'GET', '/job', { headers: ACME });
      statuses.push(answer.status);
      if (answer.status === 429) expect([answer.body, answer.headers.get('retry-after')]).toEqual([{ error: 'rate limit exceeded' }, '1']);
    }
    expect(statuses).toEqual([200, 200, 429]);
  });

  it('every error kind maps to a status the getJob contract documents', () => {
    const kinds = ['unauthorized', 'forbidden', 'not-found', 'malformed-id', 'bad-request', 'validation', 'too-large', 'rate-limited', 'server-error', 'bad-gateway', 'unavailable'] as const;
    const statuses = kinds.map((kind) => {
      const wire = osapiAdapter.error(kind, { requestId: '01J0000000000000000000000', id: UNKNOWN_ID, message: 'x' });
      const operation = kind === 'validation' || kind === 'too-large' || kind === 'bad-request' ? 'createJob' : 'getJob';
      expect(validateResponse({ provider: 'osapi', operation, status: wire.status, body: wire.body }), kind).toEqual({ ok: true });
      return wire.status;
    });
    expect(statuses).toEqual([401, 403, 404, 400, 400, 400, 400, 429, 500, 502, 503]);
  });
});

describe('osapi Go formats', () => {
  it.each<[number, string]>([
    [0, '0s'],
    [1, '1ms'],
    [850, '850ms'],
    [1000, '1s'],
    [1500, '1.5s'],
    [2001, '2.001s'],
    [60_000, '1m0s'],
    [123_400, '2m3.4s'],
    [3_600_000, '1h0m0s'],
    [3_723_500, '1h2m3.5s'],
    [-1500, '-1.5s'],
  ])('goDuration(%i) = %s', (ms, want) => {
    expect(goDuration(ms)).toBe(want);
  });

  it.each<[string, string]>([
    ['2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00Z'],
    ['2026-01-01T00:00:01.500Z', '2026-01-01T00:00:01.5Z'],
    ['2026-01-01T00:00:01.234Z', '2026-01-01T00:00:01.234Z'],
  ])('goTime(%s) = %s', (iso, want) => {
    expect(goTime(iso)).toBe(want);
  });
});
