import { describe, expect, it } from 'vitest';
import { inspectAttempts } from '../../src/check/inspect.js';
import { type Attempt, get, retryAfterMs, type TransportOptions } from '../../src/check/transport.js';
import { defaultContracts } from '../../src/contracts/index.js';

type Step = (url: string, init: RequestInit) => Response | Promise<Response>;

/** A fetch that plays steps in order (the last repeats) and records what it was sent. */
function scripted(steps: Step[]) {
  const sent: Array<{ url: string; headers: Headers }> = [];
  let i = 0;
  const fetch = (async (url: string, init: RequestInit = {}) => {
    sent.push({ url, headers: new Headers(init.headers) });
    const step = steps[Math.min(i++, steps.length - 1)] as Step;
    return step(url, init);
  }) as unknown as typeof globalThis.fetch;
  return { fetch, sent };
}

function options(fetch: typeof globalThis.fetch, extra: Partial<TransportOptions> = {}) {
  const slept: number[] = [];
  const o: TransportOptions = {
    fetch,
    sleep: async (ms) => void slept.push(ms),
    now: () => 0,
    requestTimeoutMs: 1000,
    maxBodyBytes: 1024,
    maxRedirects: 3,
    retries: 3,
    backoffMs: 500,
    maxBackoffMs: 60_000,
    ...extra,
  };
  return { o, slept };
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}) => () => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });
const rules = (attempts: Attempt[]) => attempts.map((a) => (a.ok ? a.answer.status : a.failure.rule));

describe('retries', () => {
  it('retries 5xx with doubling backoff and honours Retry-After on 429', async () => {
    const { fetch } = scripted([json(503, {}), json(429, {}, { 'retry-after': '2' }), json(200, { ok: true })]);
    const { o, slept } = options(fetch);
    const attempts = await get(o, 'http://api.test/jobs/1', []);
    expect(rules(attempts)).toEqual([503, 429, 200]);
    expect(slept).toEqual([500, 2000]);
  });

  it('caps every wait at maxBackoffMs, Retry-After included', async () => {
    const { fetch } = scripted([json(503, {}, { 'retry-after': '120' }), json(200, {})]);
    const { o, slept } = options(fetch, { maxBackoffMs: 5000 });
    await get(o, 'http://api.test/jobs/1', []);
    expect(slept).toEqual([5000]);
  });

  it('gives up after the retries; the last answer is reported as a violation, the others as warnings', async () => {
    const { fetch } = scripted([json(500, { detail: 'boom' })]);
    const { o, slept } = options(fetch);
    const attempts = await get(o, 'http://api.test/jobs/1', []);
    expect(rules(attempts)).toEqual([500, 500, 500, 500]);
    expect(slept).toEqual([500, 1000, 2000]);
    const inspected = inspectAttempts(defaultContracts().get('aisquare'), 'getJob', attempts, 64);
    expect(inspected.drafts.map((d) => `${d.severity ?? 'violation'} ${d.rule}`)).toEqual(['warning retried', 'warning retried', 'warning retried', 'violation retries-exhausted']);
  });

  it('reads Retry-After as seconds or an HTTP date', () => {
    expect(retryAfterMs(new Headers({ 'retry-after': '3' }), 0)).toBe(3000);
    expect(retryAfterMs(new Headers({ 'retry-after': new Date(10_000).toUTCString() }), 4000)).toBe(6000);
    expect(retryAfterMs(new Headers({ 'retry-after': 'soon' }), 0)).toBeUndefined();
  });
});

describe('redirects', () => {
  it('keeps credentials on the same origin and drops them on another', async () => {
    const { fetch, sent } = scripted([
      () => new Response(null, { status: 302, headers: { location: '/v2/jobs/1' } }),
      () => new Response(null, { status: 307, headers: { location: 'http://elsewhere.test/jobs/1' } }),
      json(200, {}),
    ]);
    const { o } = options(fetch);
    const attempts = await get(o, 'http://api.test/v1/jobs/1', [['Authorization', 'Bearer s3cret']]);
    expect(rules(attempts)).toEqual([200]);
    expect(sent.map((s) => [s.url, s.headers.get('authorization')])).toEqual([
      ['http://api.test/v1/jobs/1', 'Bearer s3cret'],
      ['http://api.test/v2/jobs/1', 'Bearer s3cret'],
      ['http://elsewhere.test/jobs/1', null],
    ]);
  });

  it('stops a loop and a chain longer than maxRedirects', async () => {
    const loop = scripted([(url) => new Response(null, { status: 302, headers: { location: url.endsWith('/a') ? '/b' : '/a' } })]);
    expect(rules(await get(options(loop.fetch).o, 'http://api.test/a', []))).toEqual(['redirects']);
    let n = 0;
    const chain = scripted([() => new Response(null, { status: 301, headers: { location: `/hop/${++n}` } })]);
    const attempts = await get(options(chain.fetch).o, 'http://api.test/start', []);
    expect(rules(attempts)).toEqual(['redirects']);
    expect(chain.sent.length).toBe(4);
  });
});

describe('bounded bodies and broken connections', () => {
  it('refuses a declared Content-Length over the cap without reading the body', async () => {
    let pulled = 0;
    const body = new ReadableStream<Uint8Array>({ pull: (c) => void (pulled++, c.enqueue(new Uint8Array(10))) }, { highWaterMark: 0 });
    const { fetch } = scripted([() => new Response(body, { status: 200, headers: { 'content-length': String(200 * 1024 * 1024) } })]);
    const [attempt] = await get(options(fetch).o, 'http://api.test/jobs/1', []);
    expect(attempt?.ok ? 'ok' : attempt?.failure.rule).toBe('too-large');
    expect(pulled).toBe(0);
  });

  it('stops reading a stream at the cap and cancels it', async () => {
    let canceled = false;
    const body = new ReadableStream<Uint8Array>({ pull: (c) => c.enqueue(new Uint8Array(512)), cancel: () => void (canceled = true) });
    const { fetch } = scripted([() => new Response(body, { status: 200 })]);
    const [attempt] = await get(options(fetch).o, 'http://api.test/jobs/1', []);
    expect(attempt?.ok ? 'ok' : attempt?.failure.rule).toBe('too-large');
    expect(canceled).toBe(true);
  });

  it('names refused and reset connections, and a Response.error()', async () => {
    const fail = (code: string) => () => Promise.reject(new TypeError('fetch failed', { cause: Object.assign(new Error(code), { code }) }));
    const { fetch } = scripted([fail('ECONNREFUSED'), fail('ECONNRESET'), () => Response.error()]);
    const { o } = options(fetch);
    const out: unknown[] = [];
    for (let i = 0; i < 3; i++) out.push(...rules(await get(o, 'http://api.test/jobs/1', [])));
    expect(out).toEqual(['refused', 'reset', 'reset']);
  });

  it('times out a request that never answers', async () => {
    const hang: Step = (_url, init) => new Promise((_, reject) => init.signal?.addEventListener('abort', () => reject(init.signal?.reason)));
    const { fetch } = scripted([hang]);
    const started = Date.now();
    const [attempt] = await get(options(fetch, { requestTimeoutMs: 50 }).o, 'http://api.test/jobs/1', []);
    expect(attempt?.ok ? 'ok' : attempt?.failure.rule).toBe('timeout');
    expect(Date.now() - started).toBeLessThan(1000);
  });
});
