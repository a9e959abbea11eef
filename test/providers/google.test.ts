/**
 * Google AIP-151 long-running operations through the mock's public door (`createMock` +
 * `mock.handle`): every scenario started with `POST /v1/documents:import` and polled to its end
 * (every answer validated against specs/google.yaml, every poll checked against its
 * x-job-lifecycle and the Operation rules: done ⇔ ended, then exactly one of response / error),
 * `:cancel`, list paging, delete, auth, scopes and tenancy.
 * @see ../../specs/google.yaml
 */
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadContract, validateResponse } from '../../src/contracts/index.js';
import { checkSnapshot, checkTransition } from '../../src/lifecycle/evaluate.js';
import { scenarioStepTimes } from '../helpers/scenario-steps.js';
import { createMock, type Mock } from '../../src/mock/mock.js';

// biome-ignore lint/suspicious/noExplicitAny: response bodies are JSON the assertions reach into
type Body = Record<string, any>;

const lifecycle = loadContract('google').spec.lifecycle;
const ORIGIN = 'http://mock.test/google';
/** The scenario files' step times (ms after creation) and faults: the test polls at each one. */
const steps = scenarioStepTimes('google');
/** The spec's demo tokens (x-job-mock.credentials). */
const ACME = { authorization: 'Bearer ya29.demo-acme-Hq3N7vK2pX9sL4mT8wR6cY1b' };
const READ_ONLY = { authorization: 'Bearer ya29.demo-acme-ro-Zt5Wq1Jd6Ty0Bf4Sq8Ke2n' };
const GLOBEX = { authorization: 'Bearer ya29.demo-globex-Lm5Pd8Vb9Ke7Xq2Rt4Ny6w' };
const UNKNOWN_ID = '999999999999999';
const IMPORT = { inputUri: 'gs://acme-imports/documents/test.jsonl' };
const TERMINAL = ['SUCCEEDED', 'FAILED', 'CANCELLED'];

interface Answer {
  status: number;
  headers: Headers;
  text: string;
  body: Body;
}

function setup(seed = 'test'): Mock {
  return createMock({ providers: ['google'], clock: 'manual', seed, seedJobs: false, sleep: async () => {} });
}

/** Sends a request and checks the answer against the operation's contract. */
async function call(mock: Mock, operation: string, method: string, path: string, options: { headers?: Record<string, string>; body?: unknown; raw?: string } = {}): Promise<Answer> {
  const headers: Record<string, string> = { ...(options.headers ?? ACME) };
  const payload = options.raw ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
  if (payload !== undefined) headers['content-type'] = 'application/json';
  const response = await mock.handle(new Request(`${ORIGIN}${path}`, { method, headers, ...(payload !== undefined ? { body: payload } : {}) }));
  const text = await response.text();
  const body = text === '' ? undefined : JSON.parse(text);
  const contentType = response.headers.get('content-type');
  const result = validateResponse({ provider: 'google', operation, status: response.status, ...(contentType ? { contentType } : {}), body });
  expect(result, `${method} ${path} → ${response.status} ${text}`).toEqual({ ok: true });
  return { status: response.status, headers: response.headers, text, body };
}

const idOf = (operation: Body) => String(operation.name).replace(/^operations\//, '');
const get = (mock: Mock, id: string, headers: Record<string, string> = ACME) => call(mock, 'getOperation', 'GET', `/v1/operations/${id}`, { headers });
const cancel = (mock: Mock, id: string, headers: Record<string, string> = ACME) => call(mock, 'cancelOperation', 'POST', `/v1/operations/${id}:cancel`, { headers, body: {} });
const remove = (mock: Mock, id: string, headers: Record<string, string> = ACME) => call(mock, 'deleteOperation', 'DELETE', `/v1/operations/${id}`, { headers });
const list = (mock: Mock, query = '', headers: Record<string, string> = ACME) => call(mock, 'listOperations', 'GET', `/v1/operations${query}`, { headers });

/** Starts an import with a scenario; answers the new operation's id. */
async function start(mock: Mock, scenario = 'happy-path', headers: Record<string, string> = ACME): Promise<string> {
  const answer = await call(mock, 'importDocuments', 'POST', '/v1/documents:import', { headers: { ...headers, prefer: `scenario=${scenario}` }, body: IMPORT });
  expect(answer.status).toBe(200);
  return idOf(answer.body);
}

/** The AIP-151 rules every Operation keeps, on top of the lifecycle. */
function checkOperation(op: Body, where: string): void {
  const state = op.metadata.state as string;
  expect(op.done === true, `${where}: done ⇔ ${state} is an end state`).toBe(TERMINAL.includes(state));
  if (op.done) expect(['response' in op, 'error' in op].filter(Boolean), `${where}: exactly one of response/error`).toHaveLength(1);
  else expect(op, where).not.toHaveProperty('response');
  if (state === 'CANCELLED') expect(op.error.code, where).toBe(1);
}

const finals: Array<[string, string]> = [
  ['happy-path', 'SUCCEEDED'],
  ['failure', 'FAILED'],
  ['canceled', 'CANCELLED'],
  ['slow', 'SUCCEEDED'],
  ['flaky', 'SUCCEEDED'],
  ['stuck', 'RUNNING'],
];

describe('google scenarios', () => {
  it('ships happy-path, failure, canceled, slow, flaky and stuck, all loading without problems', () => {
    const mock = setup();
    expect(mock.problems.map((p) => p.message)).toEqual([]);
    expect(mock.scenarioList().map((s) => s.name).sort()).toEqual(finals.map(([n]) => n).sort());
  });

  it.each(finals)('%s runs to its end: every answer valid, lifecycle kept, ends %s', async (name, final) => {
    const mock = setup();
    const id = await start(mock, name);
    let previous: Body | undefined;
    let elapsed = 0;
    const faults: number[] = [];
    for (const step of steps.get(name) ?? []) {
      mock.clock.advance(step.at - elapsed);
      elapsed = step.at;
      const answer = await get(mock, id);
      if (step.fault) {
        expect(answer.status).toBe(Number(step.fault));
        expect(answer.headers.get('retry-after')).toMatch(/^\d+$/);
        faults.push(answer.status);
        continue;
      }
      expect(answer.status).toBe(200);
      const where = `${name} at ${step.at}`;
      expect(checkSnapshot(lifecycle, answer.body), where).toEqual([]);
      if (previous) expect(checkTransition(lifecycle, previous, answer.body, { direct: true }), where).toEqual([]);
      checkOperation(answer.body, where);
      expect(answer.body.name).toBe(`operations/${id}`);
      previous = answer.body;
    }
    mock.clock.advance(3_600_000);
    const last = (await get(mock, id)).body;
    expect(last.metadata.state).toBe(final);
    expect(last).toEqual(previous); // nothing changes after the last step
    if (name === 'flaky') expect(faults).toEqual([503, 429]);
  });

  it('happy-path: PENDING with done false at once, progress grows, then a response and done', async () => {
    const mock = setup();
    mock.clock.advance(1234);
    const started = await call(mock, 'importDocuments', 'POST', '/v1/documents:import', { body: IMPORT });
    const id = idOf(started.body);
    expect(id).toMatch(/^[0-9]{15}$/);
    expect(started.body).toEqual({
      name: `operations/${id}`,
      metadata: {
        '@type': 'type.googleapis.com/google.example.documents.v1.ImportDocumentsMetadata',
        state: 'PENDING',
        progressPercent: 0,
        inputUri: IMPORT.inputUri,
        createTime: '2026-01-01T00:00:01.234Z',
        updateTime: '2026-01-01T00:00:01.234Z',
      },
      done: false,
    });
    expect((await get(mock, id)).text).toBe(started.text);
    mock.clock.advance(1500);
    expect((await get(mock, id)).body.metadata).toMatchObject({ state: 'RUNNING', progressPercent: 45, updateTime: '2026-01-01T00:00:02.734Z' });
    mock.clock.advance(1500);
    const done = (await get(mock, id)).body;
    expect(done).toMatchObject({ done: true, metadata: { state: 'SUCCEEDED', progressPercent: 100, endTime: '2026-01-01T00:00:04.234Z' }, response: { importedCount: 1280 } });
    expect(done).not.toHaveProperty('error');
  });

  it('failure: done with a google.rpc.Status error and no response', async () => {
    const mock = setup();
    const id = await start(mock, 'failure');
    mock.clock.advance(2000);
    const body = (await get(mock, id)).body;
    expect(body).toMatchObject({ done: true, metadata: { state: 'FAILED' }, error: { code: 3, details: [{ '@type': 'type.googleapis.com/google.rpc.BadRequest' }] } });
    expect(body).not.toHaveProperty('response');
  });

  it('answers the same bytes for the same seed, and other ids for another seed', async () => {
    const texts: string[] = [];
    for (const seed of ['test', 'test', 'other']) {
      const mock = setup(seed);
      const id = await start(mock, 'failure');
      mock.clock.advance(5000);
      texts.push((await get(mock, id)).text);
    }
    expect(texts[0]).toBe(texts[1]);
    expect(texts[2]).not.toBe(texts[0]);
  });
});

describe('google :cancel', () => {
  it('answers {}; the next poll is done with error.code 1 (CANCELLED), progress kept, no response; the lifecycle holds', async () => {
    const mock = setup();
    const id = await start(mock, 'happy-path');
    mock.clock.advance(1600);
    const before = (await get(mock, id)).body;
    expect(before.metadata).toMatchObject({ state: 'RUNNING', progressPercent: 45 });
    const answer = await cancel(mock, id);
    expect([answer.status, answer.body]).toEqual([200, {}]);
    mock.clock.advance(100);
    const after = (await get(mock, id)).body;
    expect(after).toMatchObject({ done: true, metadata: { state: 'CANCELLED', progressPercent: 45 }, error: { code: 1 } });
    expect(after).not.toHaveProperty('response');
    expect(checkTransition(lifecycle, before, after)).toEqual([]);
    checkOperation(after, 'after cancel');
    mock.clock.advance(60_000); // the steps after the cancel never happen
    expect((await get(mock, id)).body).toEqual(after);
  });

  it('works without a body; a done operation cannot be cancelled (400 FAILED_PRECONDITION)', async () => {
    const mock = setup();
    const id = await start(mock, 'stuck');
    mock.clock.advance(2000);
    const bare = await call(mock, 'cancelOperation', 'POST', `/v1/operations/${id}:cancel`);
    expect([bare.status, bare.body]).toEqual([200, {}]);
    expect((await get(mock, id)).body.error).toEqual({ code: 1, message: 'Operation was cancelled.' });
    const again = await cancel(mock, id);
    expect([again.status, again.body.error.status]).toEqual([400, 'FAILED_PRECONDITION']);
    const finished = await start(mock, 'happy-path');
    mock.clock.advance(10_000);
    expect((await cancel(mock, finished)).body.error.status).toBe('FAILED_PRECONDITION');
    expect((await get(mock, finished)).body.metadata.state).toBe('SUCCEEDED');
  });

  it('GET on the :cancel path is not the operation (405), and an unknown id is 404', async () => {
    const mock = setup();
    expect((await cancel(mock, UNKNOWN_ID)).body).toEqual({ error: { code: 404, message: `Operation "operations/${UNKNOWN_ID}" not found.`, status: 'NOT_FOUND' } });
    const id = await start(mock);
    const response = await mock.handle(new Request(`${ORIGIN}/v1/operations/${id}:cancel`, { method: 'GET', headers: ACME }));
    expect(response.status).not.toBe(200);
    expect((await get(mock, id)).body.done).toBe(false);
  });
});

describe('google list and delete', () => {
  it('pages with pageSize and pageToken to every operation of the tenant, once each; the last page has no token', async () => {
    const mock = setup();
    const ids: string[] = [];
    for (const scenario of ['happy-path', 'failure', 'stuck', 'slow', 'canceled']) ids.push(await start(mock, scenario));
    await start(mock, 'happy-path', GLOBEX);
    mock.clock.advance(5000);
    const seen: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const page = (await list(mock, `?pageSize=2${token === undefined ? '' : `&pageToken=${token}`}`)).body;
      expect(page.operations.length).toBeLessThanOrEqual(2);
      for (const op of page.operations) {
        checkOperation(op, 'listed');
        expect(op).toEqual((await get(mock, idOf(op))).body);
      }
      seen.push(...page.operations.map(idOf));
      token = page.nextPageToken ?? undefined;
      if (token !== undefined) expect(token).not.toBe('');
      pages++;
    } while (token !== undefined && pages < 10);
    expect(pages).toBe(3);
    expect([...seen].sort()).toEqual([...ids].sort());
    const all = (await list(mock)).body;
    expect(all.operations.map(idOf).sort()).toEqual([...ids].sort());
    expect(all.nextPageToken ?? undefined).toBeUndefined();
    expect((await list(mock, '', GLOBEX)).body.operations).toHaveLength(1);
    expect((await list(mock, '?filter=done%3Dtrue')).status).toBe(200);
    // A page token is the caller's own: another tenant's is INVALID_ARGUMENT, not a peek at acme's list.
    const acmeToken = (await list(mock, '?pageSize=1')).body.nextPageToken as string;
    const stolen = await list(mock, `?pageSize=1&pageToken=${encodeURIComponent(acmeToken)}`, GLOBEX);
    expect([stolen.status, stolen.body.error?.status]).toEqual([400, 'INVALID_ARGUMENT']);
  });

  it.each(['pageSize=-1', 'pageSize=1001', 'pageSize=abc', 'pageToken=not-a-token'])('list: %s → 400 INVALID_ARGUMENT naming the parameter', async (query) => {
    const mock = setup();
    const answer = await list(mock, `?${query}`);
    expect([answer.status, answer.body.error.status]).toEqual([400, 'INVALID_ARGUMENT']);
    expect(answer.body.error.message).toContain(query.split('=')[0]);
  });

  it('delete answers {}; the operation is then NOT_FOUND everywhere and leaves the list', async () => {
    const mock = setup();
    const id = await start(mock, 'slow');
    const answer = await remove(mock, id);
    expect([answer.status, answer.body]).toEqual([200, {}]);
    expect((await get(mock, id)).status).toBe(404);
    expect((await cancel(mock, id)).status).toBe(404);
    expect((await remove(mock, id)).status).toBe(404);
    expect((await list(mock)).body.operations ?? []).toEqual([]);
  });
});

describe('google auth, tenancy and names', () => {
  it('another tenant’s operation answers 404 byte-identical to an unknown id, on get, cancel and delete', async () => {
    const mock = setup();
    const id = await start(mock, 'stuck');
    mock.clock.advance(1000);
    const strip = (h: Headers) => [...h.entries()].filter(([k]) => k !== 'x-request-id');
    const foreign = await get(mock, id, GLOBEX);
    expect([foreign.status, foreign.body]).toEqual([404, { error: { code: 404, message: `Operation "operations/${id}" not found.`, status: 'NOT_FOUND' } }]);
    const unknown = await get(mock, UNKNOWN_ID, GLOBEX);
    expect(unknown.text).toBe(foreign.text.replace(id, UNKNOWN_ID));
    expect(strip(unknown.headers)).toEqual(strip(foreign.headers));
    expect((await cancel(mock, id, GLOBEX)).status).toBe(404);
    expect((await remove(mock, id, GLOBEX)).status).toBe(404);
    const mine = (await get(mock, id)).body;
    expect([mine.done, mine.metadata.state]).toEqual([false, 'RUNNING']); // neither cancelled nor deleted
  });

  it.each<[string, Record<string, string>]>([
    ['no Authorization header', {}],
    ['an unknown token', { authorization: 'Bearer ya29.not-a-demo-token' }],
    ['an API key where a token belongs', { authorization: 'AIzaSyDemoKey' }],
    ['Basic credentials', { authorization: `Basic ${Buffer.from('acme:secret').toString('base64')}` }],
    ['a huge header', { authorization: `Bearer ${'a'.repeat(10_000)}` }],
  ])('401 UNAUTHENTICATED for %s, on every operation', async (_name, headers) => {
    const mock = setup();
    const id = await start(mock);
    for (const answer of [
      await get(mock, id, headers),
      await list(mock, '', headers),
      await cancel(mock, id, headers),
      await remove(mock, id, headers),
      await call(mock, 'importDocuments', 'POST', '/v1/documents:import', { headers, body: IMPORT }),
    ]) {
      expect([answer.status, answer.body.error.status]).toEqual([401, 'UNAUTHENTICATED']);
    }
    expect((await get(mock, id)).body.done).toBe(false);
  });

  it('a read-only token reads and lists but gets 403 PERMISSION_DENIED on import, cancel and delete', async () => {
    const mock = setup();
    const id = await start(mock);
    expect((await get(mock, id, READ_ONLY)).status).toBe(200);
    expect((await list(mock, '', READ_ONLY)).status).toBe(200);
    for (const answer of [
      await call(mock, 'importDocuments', 'POST', '/v1/documents:import', { headers: READ_ONLY, body: IMPORT }),
      await cancel(mock, id, READ_ONLY),
      await remove(mock, id, READ_ONLY),
    ]) {
      expect([answer.status, answer.body.error.status]).toEqual([403, 'PERMISSION_DENIED']);
    }
    expect((await list(mock)).body.operations).toHaveLength(1);
  });

  it.each(['not-a-number', '1'.repeat(30), '12%2F34'])('a malformed operation id (%s) is 400 INVALID_ARGUMENT', async (raw) => {
    const mock = setup();
    for (const answer of [await get(mock, raw), await remove(mock, raw), await cancel(mock, raw)]) {
      expect([answer.status, answer.body.error.status]).toEqual([400, 'INVALID_ARGUMENT']);
    }
  });

  it.each<[string, { body?: unknown; raw?: string }]>([
    ['no inputUri', { body: {} }],
    ['an inputUri that is not a gs:// URI', { body: { inputUri: 'https://example.com/x.jsonl' } }],
    ['an unknown field', { body: { ...IMPORT, extra: 1 } }],
    ['malformed JSON', { raw: '{"inputUri":' }],
    ['no body', {}],
  ])('import with %s → 400 INVALID_ARGUMENT, no operation started', async (_name, request) => {
    const mock = setup();
    const answer = await call(mock, 'importDocuments', 'POST', '/v1/documents:import', request);
    expect([answer.status, answer.body.error.status]).toEqual([400, 'INVALID_ARGUMENT']);
    expect((await list(mock)).body.operations ?? []).toEqual([]);
  });

  it.each([
    ['500', 'INTERNAL'],
    ['502', 'UNAVAILABLE'],
    ['503', 'UNAVAILABLE'],
    ['429', 'RESOURCE_EXHAUSTED'],
  ])('Prefer fault=%s answers the documented error on every operation', async (fault, status) => {
    const mock = setup();
    const id = await start(mock);
    const headers = { ...ACME, prefer: `fault=${fault}` };
    for (const answer of [
      await get(mock, id, headers),
      await list(mock, '', headers),
      await cancel(mock, id, headers),
      await remove(mock, id, headers),
      await call(mock, 'importDocuments', 'POST', '/v1/documents:import', { headers, body: IMPORT }),
    ]) {
      expect([answer.status, answer.body.error.code, answer.body.error.status]).toEqual([Number(fault), Number(fault), status]);
      if (fault === '429' || fault === '503') expect(answer.headers.get('retry-after')).toMatch(/^\d+$/);
    }
    expect((await get(mock, id)).body.done).toBe(false); // the faults had no side effects
  });
});
