/**
 * The Azure status monitor through the mock's public door: every scenario started with
 * `POST /analyze`, its `Operation-Location` followed and polled as a client would (waiting the
 * answer's Retry-After on a manual clock) to its end — every answer validated against
 * specs/azure.yaml and every poll checked against its x-job-lifecycle; api-version, auth and
 * tenancy.
 * @see ../../specs/azure.yaml
 */
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadContract, validateResponse } from '../../src/contracts/index.js';
import { checkSnapshot, checkTransition } from '../../src/lifecycle/evaluate.js';
import { createMock } from '../../src/mock/mock.js';

type Body = Record<string, any>;

const lifecycle = loadContract('azure').spec.lifecycle;
const scenarioNames = readdirSync(new URL('../../scenarios/azure/', import.meta.url))
  .filter((f) => f.endsWith('.yaml'))
  .map((f) => f.replace(/\.yaml$/, ''));

const ORIGIN = 'http://mock.test';
const VERSION = 'api-version=2024-01-01';
/** A token of acme's that may poll but not start operations (x-job-mock.credentials). */
const READER = { authorization: 'Bearer eyJhbGciOiJub25lIn0.eyJ0aWQiOiJhY21lIn0.acme-reader-token' };
const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';

interface Answer {
  status: number;
  headers: Headers;
  text: string;
  body: Body | undefined;
}

function setup() {
  const mock = createMock({ providers: ['azure'], clock: 'manual', seed: 'test', seedJobs: false, sleep: async () => {} });
  const [info] = mock.describe(ORIGIN);
  if (!info) throw new Error('azure is not served');
  const headersOf = (tenant: string) => info.tenants.find((t) => t.id === tenant)?.headers ?? {};
  const acme = headersOf('acme');
  const globex = headersOf('globex');

  /** One request to an absolute URL; the answer is validated against `operation`. */
  async function send(operation: string, url: string, init: { method?: string; headers?: Record<string, string>; body?: unknown } = {}): Promise<Answer> {
    const headers = { ...(init.headers ?? acme), ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}) };
    const response = await mock.handle(new Request(url, { method: init.method ?? 'GET', headers, ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}) }));
    const text = await response.text();
    const body = text === '' ? undefined : (JSON.parse(text) as Body);
    const checked = validateResponse({ provider: 'azure', operation, status: response.status, contentType: response.headers.get('content-type'), body });
    expect(checked, `${init.method ?? 'GET'} ${url} → ${response.status} ${text}`).toEqual({ ok: true });
    return { status: response.status, headers: response.headers, text, body };
  }

  /** Starts an operation; answers its status monitor URL (the Operation-Location header). */
  async function start(scenario: string, headers: Record<string, string> = acme): Promise<string> {
    const a = await send('startAnalyze', `${info?.baseUrl}/analyze?${VERSION}`, {
      method: 'POST',
      headers: { ...headers, prefer: `scenario=${scenario}` },
      body: { urlSource: 'https://contoso.example/invoices/1.pdf' },
    });
    expect(a.status).toBe(202);
    expect(a.text).toBe('');
    expect(Number(a.headers.get('retry-after'))).toBeGreaterThan(0);
    const location = a.headers.get('operation-location') ?? '';
    expect(location).toMatch(new RegExp(`^${info?.baseUrl}/operations/[0-9a-f-]{36}\\?${VERSION}$`));
    return location;
  }

  const poll = (location: string, headers: Record<string, string> = acme) => send('getOperation', location, { headers });
  return { mock, info, acme, globex, send, start, poll };
}

/**
 * Polls the monitor to a final status like a client honouring Retry-After; every 200 is checked
 * against the lifecycle and for Retry-After (present while in progress, absent at the end).
 */
async function runToEnd(t: ReturnType<typeof setup>, location: string, maxPolls = 200) {
  const answers: Answer[] = [];
  const statuses: string[] = [];
  let previous: Body | undefined;
  for (let i = 0; i < maxPolls; i++) {
    const a = await t.poll(location);
    answers.push(a);
    const retryAfter = a.headers.get('retry-after');
    if (a.status === 200) {
      const job = a.body as Body;
      expect(checkSnapshot(lifecycle, job)).toEqual([]);
      if (previous) expect(checkTransition(lifecycle, previous, job)).toEqual([]);
      if (statuses.at(-1) !== job.status) statuses.push(job.status);
      previous = job;
      if (lifecycle.terminal.includes(job.status)) {
        expect(retryAfter, `Retry-After on a final (${job.status}) answer`).toBeNull();
        break;
      }
    }
    expect(retryAfter, `Retry-After on a ${a.status} ${a.body?.status ?? ''} answer`).toMatch(/^[1-9]\d*$/);
    t.mock.clock.advance(Number(retryAfter) * 1000);
  }
  return { answers, statuses, final: previous as Body };
}

describe('azure scenarios run to their end through Operation-Location', () => {
  const want: Record<string, string> = { 'happy-path': 'Succeeded', failure: 'Failed', canceled: 'Canceled', slow: 'Succeeded', flaky: 'Succeeded' };

  it('ships exactly these scenarios, all loaded', () => {
    expect(scenarioNames.sort()).toEqual(Object.keys(want).sort());
    expect(setup().mock.problems).toEqual([]);
  });

  it.each(Object.entries(want))('%s ends %s', async (name, final) => {
    const t = setup();
    const location = await t.start(name);
    const { answers, statuses, final: job } = await runToEnd(t, location);
    expect(statuses[0]).toBe('NotStarted');
    expect(statuses).toContain('Running');
    expect(job.status).toBe(final);
    expect(job.id).toBe(new URL(location).pathname.split('/').pop());
    expect('error' in job).toBe(final === 'Failed');
    expect('result' in job).toBe(final === 'Succeeded');
    if (final === 'Failed') expect(job.error.code).toMatch(/^[A-Za-z]+$/);
    expect(Date.parse(job.lastActionDateTime)).toBeGreaterThan(Date.parse(job.createdDateTime));
    const codes = [...new Set(answers.map((a) => a.status))].sort();
    expect(codes).toEqual(name === 'flaky' ? [200, 429, 503] : [200]);
    // The end never changes: much later, the same bytes and still no Retry-After.
    t.mock.clock.advance(3_600_000);
    const later = await t.poll(location);
    expect([later.text, later.headers.get('retry-after')]).toEqual([answers.at(-1)?.text, null]);
  });

  it('flaky: the 503 carries Retry-After 1, the 429 Retry-After 2, both in the error envelope', async () => {
    const t = setup();
    const { answers } = await runToEnd(t, await t.start('flaky'));
    const faults = answers.filter((a) => a.status !== 200).map((a) => JSON.stringify([a.status, a.headers.get('retry-after'), a.body?.error.code]));
    // A fault holds until the next step, so a client may meet it more than once.
    expect([...new Set(faults)]).toEqual([JSON.stringify([503, '1', 'ServiceUnavailable']), JSON.stringify([429, '2', 'TooManyRequests'])]);
  });

  it('slow: polled at its Retry-After of 10 s, it takes minutes and many polls', async () => {
    const t = setup();
    const started = t.mock.clock.now();
    const { answers } = await runToEnd(t, await t.start('slow'));
    expect(t.mock.clock.now() - started).toBeGreaterThanOrEqual(240_000);
    expect(answers.length).toBeGreaterThan(20);
  });

  it('renders byte-identical answers for the same seed', async () => {
    const texts: string[] = [];
    for (let i = 0; i < 2; i++) {
      const t = setup();
      const { answers } = await runToEnd(t, await t.start('happy-path'));
      texts.push(answers.map((a) => a.text).join('\n'));
    }
    expect(texts[0]).toBe(texts[1]);
  });
});

describe('azure api-version', () => {
  it.each([
    ['missing', ''],
    ['unknown', '?api-version=1999-01-01'],
    ['empty', '?api-version='],
  ])('%s api-version: 400 in the error envelope, on the monitor and on start', async (_name, query) => {
    const t = setup();
    const location = await t.start('happy-path');
    const monitor = location.split('?')[0] as string;
    const polled = await t.poll(`${monitor}${query}`);
    const started = await t.send('startAnalyze', `${t.info.baseUrl}/analyze${query}`, { method: 'POST', body: { urlSource: 'https://contoso.example/a.pdf' } });
    for (const a of [polled, started]) {
      expect(a.status).toBe(400);
      expect(a.body?.error.code).toBe('InvalidRequest');
      expect(a.body?.error.message).toContain('api-version');
    }
  });

  it('the other supported version is accepted', async () => {
    const t = setup();
    const monitor = (await t.start('happy-path')).split('?')[0] as string;
    expect((await t.poll(`${monitor}?api-version=2023-07-31`)).status).toBe(200);
  });
});

describe('azure auth and tenancy', () => {
  it("answers another tenant's operation exactly like an unknown id", async () => {
    const t = setup();
    const location = await t.start('happy-path');
    const id = new URL(location).pathname.split('/').pop() as string;
    const other = await t.poll(location, t.globex);
    const missing = await t.poll(location.replace(id, UNKNOWN_ID));
    expect([other.status, missing.status]).toEqual([404, 404]);
    expect(other.body?.error.code).toBe('NotFound');
    expect(other.text.replace(id, 'ID')).toBe(missing.text.replace(UNKNOWN_ID, 'ID'));
    expect([...other.headers.keys()].sort()).toEqual([...missing.headers.keys()].sort());
  });

  it('a malformed operation id is 404 in the envelope', async () => {
    const t = setup();
    const a = await t.poll(`${t.info.baseUrl}/operations/not-a-uuid?${VERSION}`);
    expect([a.status, a.body?.error.code]).toEqual([404, 'NotFound']);
  });

  it.each([
    ['no credentials', {}],
    ['an unknown token', { authorization: 'Bearer eyJhbGciOiJub25lIn0.e30.nobody' }],
    ['Basic instead of Bearer', { authorization: `Basic ${btoa('acme:x')}` }],
    ['an unknown key', { 'ocp-apim-subscription-key': '00000000000000000000000000000000' }],
  ] as Array<[string, Record<string, string>]>)('401 Unauthorized with %s', async (_name, headers) => {
    const t = setup();
    const location = await t.start('happy-path');
    const a = await t.poll(location, headers);
    expect([a.status, a.body?.error.code]).toEqual([401, 'Unauthorized']);
  });

  it('the resource key works like the token', async () => {
    const t = setup();
    const key = { 'ocp-apim-subscription-key': '8f3c2a1d9b7e4c6a0f5d3b2e1a9c8d7e' };
    const location = await t.start('happy-path', key);
    expect((await t.poll(location)).status).toBe(200);
    expect((await t.poll(location, key)).status).toBe(200);
  });

  it('403 Forbidden when a token that may only poll starts an operation; it may still poll', async () => {
    const t = setup();
    const a = await t.send('startAnalyze', `${t.info.baseUrl}/analyze?${VERSION}`, { method: 'POST', headers: READER, body: { urlSource: 'https://contoso.example/a.pdf' } });
    expect([a.status, a.body?.error.code]).toEqual([403, 'Forbidden']);
    expect((await t.poll(await t.start('happy-path'), READER)).status).toBe(200);
  });

  it('400 for a start body that breaks its schema', async () => {
    const t = setup();
    for (const body of [{}, [1], { urlSource: 'not a url' }]) {
      const a = await t.send('startAnalyze', `${t.info.baseUrl}/analyze?${VERSION}`, { method: 'POST', body });
      expect([a.status, a.body?.error.code]).toEqual([400, 'InvalidRequest']);
    }
  });
});
