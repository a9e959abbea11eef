/** Issue 12, time: every run ends within its limits, on a manual clock (no real waits). */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { checkJobs } from '../../src/check/index.js';
import { get, retryAfterMs, type TransportOptions } from '../../src/check/transport.js';
import { cli } from '../helpers/cli.js';
import { fakeStaging, json, running, success } from './fake-staging.js';

describe('one deadline over probes, retries and waits', () => {
  it('429 with Retry-After: 999999 everywhere, timeout 3 s, max backoff 3 s: the run ends by 3 s', async () => {
    const throttled = () => json(429, { error: { code: 'RATE_LIMITED', message: 'Slow down.', request_id: '01JWQYQ0M8YK77KQ95MD0M0B8W' } }, { 'retry-after': '999999' });
    const server = fakeStaging({ poll: throttled, unknown: throttled, foreign: throttled });
    const report = await checkJobs({ ...server.options, timeoutMs: 3000, maxBackoffMs: 3000 });
    expect(server.clock()).toBeLessThanOrEqual(3000);
    expect(report.jobs[0]?.terminal).toBe(false);
    expect(report.jobs[0]?.findings.map((f) => f.code)).toContain('timeout');
  });

  it('--deadline stops a job polled within a long timeout, with a deadline finding', async () => {
    const server = fakeStaging({ poll: () => json(200, running) });
    const report = await checkJobs({ ...server.options, probes: false, timeoutMs: 600_000, deadlineMs: 5000 });
    expect(server.clock()).toBeLessThanOrEqual(5000);
    expect(report.jobs[0]?.findings.map((f) => `${f.code} ${f.rule}`)).toEqual(['timeout deadline']);
  });

  it('probes run beside the polls, within --concurrency', async () => {
    let inFlight = 0;
    let most = 0;
    const server = fakeStaging({});
    const inner = server.options.fetch;
    const fetch = (async (url: string, init?: RequestInit) => {
      inFlight++;
      most = Math.max(most, inFlight);
      await new Promise((r) => setImmediate(r));
      inFlight--;
      return inner(url, init);
    }) as unknown as typeof globalThis.fetch;
    await checkJobs({ ...server.options, fetch, intervalMs: 0, concurrency: 3 });
    expect(most).toBe(3);
  });
});

describe('Retry-After as RFC 9110 reads it', () => {
  it.each(['-5', '1.5', '5 6', '0x10', 'Tomorrow'])('%s is neither delta-seconds nor an HTTP-date: undefined', (raw) => {
    expect(retryAfterMs(new Headers({ 'retry-after': raw }), 0)).toBeUndefined();
  });
  it('reads delta-seconds and the three HTTP-date forms', () => {
    const at = Date.UTC(1994, 10, 6, 8, 49, 37);
    for (const raw of ['Sun, 06 Nov 1994 08:49:37 GMT', 'Sunday, 06-Nov-94 08:49:37 GMT', 'Sun Nov  6 08:49:37 1994']) expect(retryAfterMs(new Headers({ 'retry-after': raw }), at - 5000), raw).toBe(5000);
    expect(retryAfterMs(new Headers({ 'retry-after': '7' }), 0)).toBe(7000);
  });
  it('a malformed Retry-After falls back to the backoff instead of retrying at once', async () => {
    const slept: number[] = [];
    let n = 0;
    const fetch = (async () => (++n < 3 ? json(503, {}, { 'retry-after': '-5' }) : json(200, {}))) as unknown as typeof globalThis.fetch;
    const options: TransportOptions = { fetch, sleep: async (ms) => void slept.push(ms), now: () => 0, requestTimeoutMs: 1000, maxBodyBytes: 1024, maxRedirects: 3, retries: 3, backoffMs: 500, maxBackoffMs: 60_000 };
    await get(options, 'http://api.test/jobs/1', []);
    expect(slept).toEqual([500, 1000]);
  });
  it('a Retry-After on a 200 does not end the polling', async () => {
    const server = fakeStaging({ poll: (n) => (n < 5 ? json(200, running, { 'retry-after': '999999' }) : json(200, success)) });
    const report = await checkJobs({ ...server.options, probes: false, timeoutMs: 30_000 });
    expect(report.jobs[0]?.terminal).toBe(true);
    expect(report.jobs[0]?.findings).toEqual([]);
  });
});

describe('an unreachable base URL is a setup error (exit 2), in one line', () => {
  it('connection refused', async () => {
    // A port that was free a moment ago: nothing listens there.
    const probe = createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
    const port = (probe.address() as AddressInfo).port;
    await new Promise((r) => probe.close(r));
    const r = await cli(['check', '--provider', 'figur', '--base-url', `http://127.0.0.1:${port}/v1`, '--job', '01JWQYPVR00WRWP3S6T71KAVYE', '--quiet']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/cannot reach http:\/\/127\.0\.0\.1:\d+: connection refused.*Check --base-url/);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('https:// to a plain http server: the scheme is named, no OpenSSL dump', async () => {
    const server = createServer((_req, res) => res.end('plain'));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const port = (server.address() as AddressInfo).port;
      const error = await checkJobs({ provider: 'figur', baseUrl: `https://127.0.0.1:${port}`, jobs: ['01JWQYPVR00WRWP3S6T71KAVYE'], requestTimeoutMs: 2000 }).catch((e: Error) => e);
      expect((error as Error).message).toMatch(/does not speak TLS.*Check the scheme/);
      expect((error as Error).message).not.toMatch(/ssl3_get_record|openssl/i);
    } finally {
      await new Promise((r) => server.close(r));
    }
  });

  it('a self-signed certificate says how to trust it (NODE_EXTRA_CA_CERTS)', async () => {
    const fetch = (async () => Promise.reject(Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new Error('self-signed certificate'), { code: 'DEPTH_ZERO_SELF_SIGNED_CERT' }) }))) as unknown as typeof globalThis.fetch;
    const error = await checkJobs({ provider: 'figur', baseUrl: 'https://staging.figur.test', jobs: ['01JWQYPVR00WRWP3S6T71KAVYE'], fetch }).catch((e: Error) => e);
    expect((error as Error).message).toMatch(/certificate is self-signed.*NODE_EXTRA_CA_CERTS/);
  });
});
